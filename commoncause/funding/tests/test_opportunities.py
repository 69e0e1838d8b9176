"""Opportunities from draft to published to closed: what is checked as they are saved, who may keep
them, publishing after the fair-access check (over warnings only with a reason), the emails to the
organisations matched, and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditEntry, VerifiedEmail
from commoncause.accounts.tests.cast import person, staff
from commoncause.funding import opportunities as services
from commoncause.funding.models import Opportunity, OpportunityStatus
from commoncause.funding.opportunities import LotValues
from commoncause.funding.opportunity_matching import opportunity_matches
from commoncause.funding.tests.opportunity_samples import (
    TODAY,
    contract_values,
    westminster_council,
    westminster_officer,
)
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.tests.westminster import CHURCH_STREET, ST_JAMESS

pytestmark = pytest.mark.django_db


def _draft(officer: User, **changed: Any) -> Opportunity:
    return services.opportunity_create(
        user=officer, council=westminster_council(), values=contract_values(**changed)
    )


def _refused(field: str, officer: User, *, lots: Sequence[LotValues] = (), **changed: Any) -> str:
    with pytest.raises(DecisionError) as refused:
        services.opportunity_create(
            user=officer, council=westminster_council(), values=contract_values(**changed), lots=lots
        )
    assert refused.value.field == field
    assert not Opportunity.objects.exists()
    return str(refused.value)


def test_a_draft_is_saved_with_its_lots_and_audited() -> None:
    officer = westminster_officer()
    lots = [
        LotValues("North", Decimal(500_000), areas=(CHURCH_STREET,)),
        LotValues("South", Decimal(400_000), areas=(ST_JAMESS,)),
    ]
    opportunity = services.opportunity_create(
        user=officer, council=westminster_council(), values=contract_values(), lots=lots
    )
    assert opportunity.status == OpportunityStatus.DRAFT
    assert [(lot.number, lot.title, lot.value) for lot in opportunity.lots.all()] == [
        (1, "North", Decimal(500_000)), (2, "South", Decimal(400_000)),
    ]  # fmt: skip
    entry = AuditEntry.objects.get(target_id=str(opportunity.pk))
    assert entry.action == "create"
    assert entry.after["value"] == "900000.00"
    assert entry.after["lots"][1]["title"] == "South"


def test_what_it_is_and_why_are_required() -> None:
    officer = westminster_officer()
    assert "grant round or a contract" in _refused("kind", officer, kind="loan")
    assert "why it is a grant or a contract" in _refused("route_reason", officer, route_reason=" ")
    assert _refused("specification", officer, specification="")


def test_a_term_under_three_years_needs_its_reason() -> None:
    officer = westminster_officer()
    assert "three years or more" in _refused("short_term_reason", officer, duration_months=24).lower()
    opportunity = _draft(officer, duration_months=24, short_term_reason="A pilot.")
    assert opportunity.duration_months == 24


def test_criteria_weights_must_add_up_to_100_and_be_named_once() -> None:
    officer = westminster_officer()
    message = _refused(
        "criteria", officer, criteria=[{"name": "Quality", "weight": 60}, {"name": "Price", "weight": 30}]
    )
    assert "add up to 90" in message
    assert "twice" in _refused(
        "criteria", officer, criteria=[{"name": "Quality", "weight": 50}, {"name": "quality", "weight": 50}]
    )
    assert _refused(
        "criteria", officer, criteria=[{"name": "Quality", "weight": 0}, {"name": "Price", "weight": 100}]
    )


def test_lots_must_add_up_to_the_whole_value() -> None:
    officer = westminster_officer()
    lots = [LotValues("North", Decimal(500_000)), LotValues("South", Decimal(300_000))]
    assert "£800,000.00" in _refused("lots", officer, lots=lots)


def test_dates_must_come_in_order_and_services_be_uk_cat_tags() -> None:
    officer = westminster_officer()
    assert "closing date comes before the opening date" in _refused(
        "closes", officer, opens=TODAY, closes=TODAY - dt.timedelta(days=1)
    )
    assert "Not a UK-CAT tag: XX999" in _refused("services", officer, services=["XX999"])


def test_only_the_councils_officers_draft_and_change_its_opportunities() -> None:
    stranger = staff("officer@belfast.example", "officer")  # an officer of another council
    with pytest.raises(DecisionError) as refused:
        services.opportunity_create(user=stranger, council=westminster_council(), values=contract_values())
    assert refused.value.not_allowed
    opportunity = _draft(westminster_officer())
    with pytest.raises(DecisionError):
        services.opportunity_change(
            user=stranger, opportunity=opportunity, values=contract_values(title="Mine")
        )
    with pytest.raises(DecisionError):
        services.opportunity_change(
            user=person("member@charity.example"), opportunity=opportunity, values=contract_values()
        )


def test_a_published_opportunity_cannot_be_changed(westminster: object) -> None:
    officer = westminster_officer()
    opportunity = _draft(officer, value=Decimal(30_000))
    services.opportunity_publish(
        user=officer, opportunity=opportunity, over_warnings="As planned.", today=TODAY
    )
    with pytest.raises(DecisionError, match="bidders rely"):
        services.opportunity_change(
            user=officer, opportunity=opportunity, values=contract_values(title="New")
        )


def test_publishing_over_the_checks_warnings_needs_a_reason_kept_with_the_check(westminster: object) -> None:
    officer = westminster_officer()
    opportunity = _draft(officer)  # £300,000 a year across Westminster: small groups are shut out
    with pytest.raises(DecisionError) as refused:
        services.opportunity_publish(user=officer, opportunity=opportunity, today=TODAY)
    assert refused.value.field == "over_warnings"
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.DRAFT
    services.opportunity_publish(
        user=officer, opportunity=opportunity, over_warnings="One provider must run the hub.", today=TODAY
    )
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.OPEN
    assert opportunity.opens == TODAY
    assert opportunity.fair_access["published_over_warnings"] == "One provider must run the hub."
    assert [warning["code"] for warning in opportunity.fair_access["warnings"]] == ["shut_out"]
    assert opportunity.fair_access["lots"][0]["suggestion"]["lots"] >= 2
    entry = AuditEntry.objects.filter(target_id=str(opportunity.pk), action="approve").get()
    assert "One provider must run the hub." in entry.note


def test_publishing_needs_criteria_and_a_closing_date_after_today(westminster: object) -> None:
    officer = westminster_officer()
    with pytest.raises(DecisionError) as refused:
        services.opportunity_publish(user=officer, opportunity=_draft(officer, criteria=[]), today=TODAY)
    assert refused.value.field == "criteria"
    with pytest.raises(DecisionError) as refused:
        services.opportunity_publish(user=officer, opportunity=_draft(officer, closes=TODAY), today=TODAY)
    assert refused.value.field == "closes"


def test_publishing_emails_the_members_of_the_organisations_matched(
    westminster: object, django_capture_on_commit_callbacks: Any
) -> None:
    officer = westminster_officer()
    opportunity = _draft(officer, value=Decimal(30_000))
    best = opportunity_matches(opportunity, limit=1)[0]
    member = person("volunteer@matched.example")
    VerifiedEmail.objects.create(user=member, email=member.email)
    Membership.objects.create(user=member, organisation_id=best.key, status=MembershipStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        published = services.opportunity_publish(
            user=officer, opportunity=opportunity, over_warnings="As planned.", today=TODAY
        )
    assert published.told == 1
    assert published.organisations >= 1
    [email] = mail.outbox
    assert email.to == [member.email]
    assert opportunity.title in email.subject
    assert f"/opportunities/{opportunity.pk}/" in email.body


def test_close_and_withdraw(westminster: object) -> None:
    officer = westminster_officer()
    opportunity = _draft(officer, value=Decimal(30_000))
    with pytest.raises(DecisionError, match="Only an open"):
        services.opportunity_close(user=officer, opportunity=opportunity)
    services.opportunity_publish(
        user=officer, opportunity=opportunity, over_warnings="As planned.", today=TODAY
    )
    services.opportunity_close(user=officer, opportunity=opportunity)
    assert Opportunity.objects.get().status == OpportunityStatus.CLOSED
    with pytest.raises(DecisionError) as refused:
        services.opportunity_withdraw(user=officer, opportunity=opportunity, reason="")
    assert refused.value.field == "reason"
    services.opportunity_withdraw(user=officer, opportunity=opportunity, reason="The budget was cut.")
    assert Opportunity.objects.get().status == OpportunityStatus.WITHDRAWN
    assert AuditEntry.objects.filter(target_id=str(opportunity.pk), note__contains="budget was cut").exists()
