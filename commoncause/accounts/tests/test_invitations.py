"""Invitations: an administrator invites staff, a member invites a colleague; each link works once,
for the invited address only, and accepting confirms that address."""

import re

import pytest
from django.core import mail

from commoncause.accounts.invitations import staff_invite
from commoncause.accounts.models import AuditEntry, StaffRole, VerifiedEmail
from commoncause.accounts.roles import staff_roles
from commoncause.accounts.services import AccountError
from commoncause.accounts.tests.cast import PASSWORD, council, person
from commoncause.members.invitations import member_invite
from commoncause.members.models import MembershipStatus

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


def _link() -> str:
    found = re.search(r"http://testserver(/\S+/)", str(mail.outbox[-1].body))
    assert found, "the email holds the link"
    return found.group(1)


def test_an_invited_officer_signs_up_from_the_link_and_takes_up_the_role(client, admin_user):
    staff_invite(actor=admin_user, email=" Nia.Officer@Belfast.example ", role="officer", council=council(),
                 base_url=BASE)  # fmt: skip
    assert mail.outbox[-1].to == ["nia.officer@belfast.example"]
    link = _link()
    assert link.startswith("/accounts/invitations/")

    first = client.get(link).content.decode()
    assert "Council officer for Belfast City Council" in first
    assert "create an account" in first
    signed_up = client.post(
        f"/accounts/sign-up/?next={link}",
        {"full_name": "Nia Officer", "email": "nia.officer@belfast.example", "password": PASSWORD,
         "password_again": PASSWORD, "next": link},
    )  # fmt: skip
    assert signed_up.status_code == 302
    assert signed_up["Location"] == link
    accepted = client.post(link)
    assert accepted.status_code == 302
    role = StaffRole.objects.get(user__email="nia.officer@belfast.example")
    assert (role.role, role.council) == ("officer", council())
    assert VerifiedEmail.objects.filter(user=role.user, email="nia.officer@belfast.example").exists()
    again = client.post(link)
    assert again.status_code == 400
    assert "used already" in again.content.decode()
    assert AuditEntry.objects.filter(target_type="accounts.staffinvitation", action="approve").count() == 1


def test_an_invitation_is_refused_to_anyone_signed_in_with_another_address(client, admin_user):
    staff_invite(actor=admin_user, email="cura@cvs.example", role="curator", base_url=BASE)
    intruder = person("intruder@example.org")
    client.force_login(intruder)
    refused = client.post(_link())
    assert refused.status_code == 400
    assert "This invitation is for cura@cvs.example" in refused.content.decode()
    assert staff_roles(intruder) == frozenset()


def test_a_tampered_link_is_refused(client, admin_user):
    staff_invite(actor=admin_user, email="cura@cvs.example", role="curator", base_url=BASE)
    link = _link()
    broken = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert broken != link
    answer = client.get(broken)
    assert answer.status_code == 400
    assert "expired or is not complete" in answer.content.decode()


def test_only_administrators_invite_staff_and_officers_need_a_council(client, admin_user, curator):
    with pytest.raises(AccountError, match="Only administrators"):
        staff_invite(actor=curator, email="x@example.org", role="admin", base_url=BASE)
    with pytest.raises(AccountError) as refused:
        staff_invite(actor=admin_user, email="x@example.org", role="officer", base_url=BASE)
    assert refused.value.field == "council"
    client.force_login(admin_user)
    page = client.post("/accounts/invitations/", {"email": "not-an-address", "role": "curator"})
    assert page.status_code == 400
    assert 'value="not-an-address"' in page.content.decode()
    assert mail.outbox == []


def test_a_member_invites_a_colleague_who_joins_at_once(client, member_of_charity, charity):
    client.force_login(member_of_charity)
    sent = client.post("/organisations/GB-NIC-100002/invite/", {"email": "colleague@cancer-lifeline.example"})
    assert sent.status_code == 302
    colleague = person("colleague@cancer-lifeline.example")
    client.force_login(colleague)
    assert client.post(_link()).status_code == 302
    joined = charity.memberships.get(user=colleague)
    assert joined.status == MembershipStatus.APPROVED
    assert joined.reason == "Invited by member@charity.example"


def test_people_outside_the_organisation_cannot_invite_and_members_are_not_invited_twice(
    member_of_charity, charity, member
):
    with pytest.raises(AccountError, match="Only the organisation's members"):
        member_invite(user=person("outsider@example.org"), organisation=charity, email="a@b.example",
                      base_url=BASE)  # fmt: skip
    with pytest.raises(AccountError, match="a member already"):
        member_invite(user=member_of_charity, organisation=charity, email=member.email, base_url=BASE)


def test_a_member_invitation_sent_before_its_model_moved_app_still_works(member_of_charity, charity):
    # Links sent before memberships moved from the register app to members name the old label.
    from django.core import signing

    from commoncause.accounts.invitations import SALT
    from commoncause.members.invitations import member_invitation_accept

    invitation = member_invite(
        user=member_of_charity, organisation=charity, email="old@link.example", base_url=BASE
    )
    token = signing.dumps({"kind": "register.memberinvitation", "id": invitation.pk}, salt=SALT)
    joined = member_invitation_accept(token=token, user=person("old@link.example"))
    assert joined.organisation == charity
    # Another kind of invitation's label is refused.
    other = member_invite(
        user=member_of_charity, organisation=charity, email="new@link.example", base_url=BASE
    )
    forged = signing.dumps({"kind": "accounts.staffinvitation", "id": other.pk}, salt=SALT)
    with pytest.raises(AccountError, match="no longer exists"):
        member_invitation_accept(token=forged, user=person("new@link.example"))
