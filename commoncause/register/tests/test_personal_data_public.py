"""Nothing the public can reach names the people behind an organisation's page."""

import pytest
from django.core.management import call_command

from commoncause.members.membership import membership_decide, membership_request
from commoncause.members.statements import profile_edit_decide, profile_edit_propose
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO

pytestmark = pytest.mark.django_db
ORG = "GB-NIC-100002"


def test_members_and_proposers_never_appear_on_public_pages_or_anonymous_api_answers(client, member, curator):
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    organisation = organisation_by_identifier(ORG)
    assert organisation is not None
    member.first_name, member.last_name = "Ada", "Quillfeather"
    member.save()
    membership = membership_request(user=member, organisation=organisation, message="Treasurer")
    membership_decide(curator=curator, membership=membership, approve=True)
    edit = profile_edit_propose(user=member, organisation=organisation, values={"offers": "Lunch club"})
    profile_edit_decide(curator=curator, edit=edit, approve=True)

    public = [
        "/",
        "/search/?q=cancer",
        f"/organisations/{ORG}/",
        f"/organisations/{ORG}/history/",
        "/api/v1/organisations?q=cancer",
        f"/api/v1/organisations/{ORG}",
    ]
    for path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in ("member@charity.example", "Quillfeather", "curator@cvs.example", "Treasurer"):
            assert secret not in text, (path, secret)
    assert "Lunch club" in client.get(f"/organisations/{ORG}/").content.decode()
