"""Joining an organisation: asking, approval by verified web domain, curators' decisions, the audit log."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client

from commoncause.accounts.models import AuditEntry, VerifiedEmail
from commoncause.accounts.tests.cast import PASSWORD, person
from commoncause.members.membership import (
    MembershipError,
    is_member,
    membership_decide,
    membership_request,
)
from commoncause.members.models import Membership
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO
from commoncause.register.web_domains import website_domain

pytestmark = pytest.mark.django_db
ORG = "GB-NIC-100002"


@pytest.fixture
def organisation() -> Organisation:
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    found = organisation_by_identifier(ORG)
    assert found is not None
    return found


def verified(email: str) -> User:
    user = person(email)
    VerifiedEmail.objects.create(user=user, email=email)
    return user


@pytest.mark.parametrize(
    ("website", "domain"),
    [
        ("www.cancerlifeline.org.uk", "cancerlifeline.org.uk"),
        ("https://WWW.Example.org/about/", "example.org"),
        ("http://example.org:8080", "example.org"),
        ("", ""),
    ],
)
def test_website_domain(website: str, domain: str) -> None:
    assert website_domain(website) == domain


def test_a_verified_address_at_the_organisations_domain_joins_at_once(organisation: Organisation) -> None:
    organisation.website = "www.lifeline-example.org.uk"
    organisation.save()
    user = verified("manager@lifeline-example.org.uk")

    membership = membership_request(user=user, organisation=organisation, message="Manager")

    assert membership.status == "approved"
    assert "lifeline-example.org.uk" in membership.reason
    assert is_member(user, organisation)
    entry = AuditEntry.objects.get(target_type="members.membership")
    assert (entry.action, entry.after["status"]) == ("create", "approved")


@pytest.mark.parametrize(
    ("website", "email", "verify"),
    [
        ("www.lifeline-example.org.uk", "manager@lifeline-example.org.uk", False),  # address not confirmed
        ("www.lifeline-example.org.uk", "someone@gmail.com", True),  # another domain
        ("https://facebook.com/lifeline", "someone@facebook.com", True),  # a shared domain
        ("", "someone@lifeline-example.org.uk", True),  # no website published
    ],
)
def test_anything_less_waits_for_a_curator(
    organisation: Organisation, website: str, email: str, verify: bool
) -> None:
    organisation.website = website
    organisation.save()
    user = verified(email) if verify else person(email)
    membership = membership_request(user=user, organisation=organisation)
    assert membership.status == "pending"
    assert not is_member(user, organisation)


def test_a_curator_approves_and_both_steps_are_audited(
    organisation: Organisation, curator: User, member: User
) -> None:
    membership = membership_request(user=member, organisation=organisation, message="Trustee")
    membership_decide(curator=curator, membership=membership, approve=True)

    assert is_member(member, organisation)
    actions = list(
        AuditEntry.objects.filter(target_type="members.membership")
        .order_by("id")
        .values_list("action", "actor_label")
    )
    assert actions == [("create", "member@charity.example"), ("approve", "curator@cvs.example")]


def test_a_refusal_needs_a_reason_which_the_person_then_sees(
    client: Client, organisation: Organisation, curator: User, member: User
) -> None:
    membership = membership_request(user=member, organisation=organisation)
    with pytest.raises(MembershipError, match="Say why"):
        membership_decide(curator=curator, membership=membership, approve=False, reason="  ")
    membership_decide(
        curator=curator, membership=membership, approve=False, reason="We could not reach the charity."
    )

    client.force_login(member)
    assert "We could not reach the charity." in client.get(f"/organisations/{ORG}/").content.decode()
    assert "We could not reach the charity." in client.get("/accounts/").content.decode()


def test_only_curators_decide(organisation: Organisation, member: User, officer: User) -> None:
    membership = membership_request(user=member, organisation=organisation)
    with pytest.raises(MembershipError, match="Only curators"):
        membership_decide(curator=officer, membership=membership, approve=True)
    assert Membership.objects.get().status == "pending"


def test_asking_twice_is_refused_but_asking_again_after_a_refusal_is_not(
    organisation: Organisation, curator: User, member: User
) -> None:
    first = membership_request(user=member, organisation=organisation)
    with pytest.raises(MembershipError, match="already asked"):
        membership_request(user=member, organisation=organisation)
    membership_decide(curator=curator, membership=first, approve=False, reason="Unknown to the charity")
    again = membership_request(user=member, organisation=organisation, message="Now the new treasurer")
    assert (again.pk, again.status, again.reason) == (first.pk, "pending", "")


def test_the_page_journey_ask_then_a_curator_approves(
    client: Client, organisation: Organisation, curator: User, member: User
) -> None:
    client.force_login(member)
    page = client.get(f"/organisations/{ORG}/").content.decode()
    assert "Ask to join" in page
    response = client.post(f"/organisations/{ORG}/join/", {"message": "Volunteer coordinator"}, follow=True)
    assert "A curator will look at your request" in response.content.decode()

    client.force_login(curator)
    queue = client.get("/curation/memberships/").content.decode()
    assert "member@charity.example asks to join" in queue
    assert "Volunteer coordinator" in queue
    membership = Membership.objects.get()
    refused = client.post(f"/curation/memberships/{membership.pk}/", {"decision": "refuse", "reason": ""})
    assert refused.status_code == 400
    assert '<a href="#reason-' in refused.content.decode()
    approved = client.post(f"/curation/memberships/{membership.pk}/", {"decision": "approve"})
    assert approved.status_code == 302
    assert is_member(member, organisation)
    assert "No requests are waiting." in client.get("/curation/memberships/").content.decode()


def test_signing_up_sends_a_link_that_confirms_the_address(client: Client) -> None:
    client.post(
        "/accounts/sign-up/",
        {
            "full_name": "Ada Moss",
            "email": "ada@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/]+(/accounts/verify/\S+/)", str(mail.outbox[0].body))
    assert found, "the email holds the link"
    link = found.group(1)
    assert "Not confirmed" in client.get("/accounts/").content.decode()

    assert client.get(link).status_code == 200
    assert VerifiedEmail.objects.get().email == "ada@example.org"
    assert "Confirmed" in client.get("/accounts/").content.decode()
    assert client.get(link.replace("/verify/", "/verify/x")).status_code == 400
