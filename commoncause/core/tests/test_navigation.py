"""The service navigation shows each person the links their roles open, and no others."""

import pytest

pytestmark = pytest.mark.django_db


def _links(client) -> str:
    page = client.get("/").content.decode()
    return page[page.index('id="navigation"') : page.index("</nav>")]


def test_each_person_sees_the_links_their_roles_open(client, member, curator, admin_user):
    public = _links(client)
    assert "Sign in" in public
    assert 'href="/grants/"' in public
    assert "Curation" not in public
    client.force_login(member)
    signed_in = _links(client)
    assert "Your account" in signed_in
    assert "Curation" not in signed_in
    client.force_login(curator)
    curating = _links(client)
    assert "Curation" in curating
    assert "Invite staff" not in curating
    client.force_login(admin_user)
    assert "Invite staff" in _links(client)
