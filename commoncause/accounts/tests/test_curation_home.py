"""The curators' page and menu: what waits in each queue, counted from the queues themselves."""

import re

import pytest
from django.test import Client

from commoncause.accounts.curation_queues import curation_queues, total_waiting, waiting_in_queues
from commoncause.members.models import EditStatus, GroupProposal, Membership, ProfileEdit
from commoncause.register.tests.factories import OrganisationFactory
from commoncause.relationships.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(member):
    """Two membership requests, a proposed group and a change to a statement wait; one request was decided."""
    lifeline = OrganisationFactory.create(name="Cancer Lifeline", org_ids=["GB-NIC-100002"])
    orchestra = OrganisationFactory.create(name="The Ulster Youth Orchestra", org_ids=["GB-NIC-101104"])
    Membership.objects.create(organisation=lifeline, user=member)
    Membership.objects.create(organisation=orchestra, user=member)
    Membership.objects.create(
        organisation=OrganisationFactory.create(name="Clean Break", org_ids=["GB-CHC-1017560"]),
        user=member,
        status="approved",
    )
    GroupProposal.objects.create(name="Ardoyne Youth Club", postcode="BT14 7PJ", proposed_by=member)
    ProfileEdit.objects.create(organisation=lifeline, proposed_by=member, after={"description": "We help."})
    return member


def test_every_queue_is_listed_in_order_with_its_waiting_count(waiting) -> None:
    counts = {item.queue.label: item.count for item in waiting_in_queues()}
    assert counts == {
        "Membership requests": 2,
        "New groups": 1,
        "Changes to statements": 1,
        "New and changed services": 0,
        "Contacts to check": Contact.objects.filter(status="pending").count(),
        "Possible duplicates": 0,
        "Import history": None,
        "Audit log": None,
    }
    assert [queue.label for queue in curation_queues()][:2] == ["Membership requests", "New groups"]
    assert total_waiting() == 4


def test_a_curator_sees_the_counts_on_their_page_and_in_the_menu(client: Client, curator, waiting) -> None:
    client.force_login(curator)
    page = client.get("/curation/").content.decode()
    assert "4 items wait for a curator." in page
    assert re.search(r'href="/curation/memberships/">Membership requests</a></th>\s*<td[^>]*>.*>2<', page)
    assert 'href="/imports/">Import history</a>' in page
    assert 'href="/accounts/audit/">Audit log</a>' in page
    menu = page[page.index('id="navigation"') : page.index("</nav>")]
    assert re.search(r"Curation <strong[^>]*>4<span class=\"govuk-visually-hidden\"> waiting</span>", menu)
    assert "Membership requests" not in menu  # one menu item for curators, not one per queue


def test_deciding_takes_an_item_off_the_count(client: Client, curator, waiting) -> None:
    ProfileEdit.objects.update(status=EditStatus.APPROVED)
    GroupProposal.objects.update(status=EditStatus.RETURNED)
    client.force_login(curator)
    assert "2 items wait for a curator." in client.get("/curation/").content.decode()


def test_with_nothing_waiting_the_page_says_so_and_the_menu_shows_no_count(client: Client, curator) -> None:
    client.force_login(curator)
    page = client.get("/curation/").content.decode()
    assert "Nothing is waiting for a curator." in page
    assert "cc-nav-count" not in page


def test_only_curators_and_administrators_see_the_page(client: Client, member, officer, admin_user) -> None:
    assert client.get("/curation/").status_code == 302  # to sign in
    for person, status in ((member, 403), (officer, 403), (admin_user, 200)):
        client.force_login(person)
        assert client.get("/curation/").status_code == status


def test_each_queue_card_links_to_its_organisation(client: Client, curator, waiting) -> None:
    lifeline = Membership.objects.filter(status="pending").first()
    assert lifeline is not None
    contact = Contact.objects.create(
        organisation=lifeline.organisation,
        name="A contact",
        role="Chair",
        purpose="partnership",
        lawful_basis="legitimate_interests",
        status="pending",
    )
    client.force_login(curator)
    for url, organisation in (
        ("/curation/memberships/", lifeline.organisation),
        ("/curation/edits/", lifeline.organisation),
        ("/curation/contacts/", contact.organisation),
    ):
        page = client.get(url).content.decode()
        assert f'href="/organisations/{organisation.pk}/">View organisation' in page, url
