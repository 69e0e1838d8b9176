"""The monitoring pages: an award's plan and returns' schedule, one return, and a person's returns; who
may see and change each, what the forms keep when refused, reuse said on the page, examples marked."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.tests.cast import person, staff
from commoncause.funding.models import Award, MonitoringPlan, MonitoringReturn, ReturnStatus
from commoncause.funding.monitoring import (
    monitoring_plan_propose,
    monitoring_plan_save,
    monitoring_return_save,
)
from commoncause.funding.tests.monitoring_samples import (
    OTHER,
    award_made,
    member_of,
    officer_of,
    other_council,
)
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "member_here", "member_elsewhere", "officer", "curator", "admin")
READERS = {"member_here", "officer", "admin"}  # the recipient's members and the opportunity's keepers


@pytest.fixture
def people(
    charity: Organisation, member_of_charity: User, officer: User, admin_user: User
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "member_here": member_of_charity,
        "member_elsewhere": member_of(person("member@other-charity.example"), OTHER),
        "officer": officer,
        "curator": staff("curator@cvs.example", "curator"),
        "admin": admin_user,
    }


def _plan(award: Award, keeper: User, **changes: Any) -> MonitoringPlan:
    proposal = monitoring_plan_propose(award, "medium")
    values: dict[str, Any] = {
        "risk": "medium", "items": proposal.items_json, "reports_per_year": proposal.reports_per_year,
        "changed_reason": "",
    }  # fmt: skip
    values.update(changes)
    return monitoring_plan_save(user=keeper, award=award, **values)


@pytest.fixture
def award(people: dict[str, User | None]) -> Award:
    made = award_made(amount=45_000)
    keeper = people["officer"]
    assert keeper is not None
    _plan(made, keeper)
    return made


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _first(award: Award) -> MonitoringReturn:
    found = award.returns.order_by("due").first()
    assert found is not None
    return found


def _pages(award: Award) -> list[str]:
    return [f"/awards/{award.pk}/monitoring/", f"/awards/{award.pk}/returns/{_first(award).pk}/"]


def test_the_plan_and_returns_are_seen_by_the_recipients_members_and_the_keepers_only(
    people: dict[str, User | None], award: Award
) -> None:
    for who in PEOPLE:
        client = _client(people[who])
        for url in _pages(award):
            response = client.get(url)
            expected = 200 if who in READERS else 302 if who == "anonymous" else 404
            assert response.status_code == expected, (who, url)
        listed = client.get("/returns/")
        assert listed.status_code == (302 if who == "anonymous" else 200), who


def test_an_award_or_return_that_does_not_exist_or_belongs_elsewhere_is_not_found(
    people: dict[str, User | None], award: Award
) -> None:
    client = _client(people["officer"])
    other = award_made(amount=9_000, title="Another round")
    assert client.get(f"/awards/{other.pk}/returns/{_first(award).pk}/").status_code == 404
    assert client.get("/awards/00000000-0000-0000-0000-000000000000/monitoring/").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), [("member_here", 403), ("member_elsewhere", 404), ("curator", 404)]
)
def test_only_keepers_change_the_plan(
    people: dict[str, User | None], award: Award, who: str, status: int
) -> None:
    response = _client(people[who]).post(f"/awards/{award.pk}/monitoring/", {"risk": "high"})
    assert response.status_code == status
    assert MonitoringPlan.objects.get().risk == "medium"


@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("admin", 403), ("curator", 404)])
def test_only_the_recipients_members_write_a_return(
    people: dict[str, User | None], award: Award, who: str, status: int
) -> None:
    found = _first(award)
    url = f"/awards/{award.pk}/returns/{found.pk}/"
    response = _client(people[who]).post(url, {"action": "save", "narrative": "Written by someone else"})
    assert response.status_code == status
    found.refresh_from_db()
    assert found.narrative == ""


def test_before_a_plan_is_saved_the_page_proposes_one_from_the_tier_and_explains_the_checks(
    people: dict[str, User | None],
) -> None:
    award = award_made(amount=45_000)
    keeper, member = _client(people["officer"]), _client(people["member_here"])
    html = keeper.get(f"/awards/{award.pk}/monitoring/").content.decode()
    assert "No plan is saved yet" in html
    assert "An award of £45,000 is in tier T2 (£10,000 to under £100,000)" in html
    assert "A light finance statement: what was spent" in html
    assert "held against 25 checks" in html
    assert "To confirm" in html
    assert "Returns are scheduled once the plan is saved." in html
    assert "Save the plan" in html
    assert "Save the plan" not in member.get(f"/awards/{award.pk}/monitoring/").content.decode()
    high = keeper.get(f"/awards/{award.pk}/monitoring/?risk=high").content.decode()
    assert "A check-in on the risks named when the award was made" in high


def _plan_post(proposal_items: list[dict[str, str]], **values: str) -> dict[str, str]:
    data = {"risk": "medium", "reports_per_year": "2", "changed_reason": ""}
    for number, item in enumerate(proposal_items):
        data.update({f"item_{number}_{part}": value for part, value in item.items()})
    data.update(values)
    return data


def test_an_officer_saves_the_plan_from_the_page_and_its_returns_are_scheduled(
    people: dict[str, User | None],
) -> None:
    award = award_made(amount=45_000)
    client = _client(people["officer"])
    items = monitoring_plan_propose(award, "medium").items_json
    response = client.post(f"/awards/{award.pk}/monitoring/", _plan_post(items))
    assert response.status_code == 302
    plan = MonitoringPlan.objects.get(award=award)
    assert plan.items == items
    html = client.get(f"/awards/{award.pk}/monitoring/").content.decode()
    assert "Agreed" in html
    assert "April to September 2026" in html
    assert "31 October 2026" in html


def test_a_changed_plan_without_a_reason_is_refused_by_its_field_keeping_what_was_typed(
    people: dict[str, User | None],
) -> None:
    award = award_made(amount=45_000)
    items = monitoring_plan_propose(award, "medium").items_json
    typed = _plan_post(
        items, item_3_what="Monthly case studies", item_3_how_often="monthly", item_3_evidence="Two"
    )
    response = _client(people["officer"]).post(f"/awards/{award.pk}/monitoring/", typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Say why the plan differs from the one proposed for its tier and risk." in html
    assert 'href="#id_changed_reason"' in html  # the error summary points at the field
    assert 'value="Monthly case studies"' in html
    assert not MonitoringPlan.objects.filter(award=award).exists()


def _return_post(**values: str) -> dict[str, str]:
    data = {
        "action": "save",
        "narrative": "Ran 12 drop-in sessions.",
        "spend": "£7,250.50",
        "beneficiaries": "46",
    }
    data.update(
        {"indicator_0_name": "Sessions run", "indicator_0_value": "12", "indicator_0_unit": "sessions"}
    )
    data.update(values)
    return data


def test_a_member_saves_a_draft_and_submits_it_from_the_page(
    people: dict[str, User | None], award: Award
) -> None:
    found = _first(award)
    url = f"/awards/{award.pk}/returns/{found.pk}/"
    client = _client(people["member_here"])
    assert client.post(url, _return_post()).status_code == 302
    found.refresh_from_db()
    assert (found.status, str(found.spend), found.indicators[0]["name"]) == (
        ReturnStatus.DRAFT,
        "7250.50",
        "Sessions run",
    )
    assert client.post(url, _return_post(action="submit")).status_code == 302
    found.refresh_from_db()
    assert found.status == ReturnStatus.SUBMITTED
    html = client.get(url).content.decode()
    assert "Submitted" in html
    assert "£7,250.50" in html
    assert "Save as a draft" not in html
    refused = client.post(url, _return_post(narrative="Changed"))
    assert refused.status_code == 400
    assert "This return has been submitted, so it cannot be changed." in refused.content.decode()
    officer_sees = _client(people["officer"]).get(url).content.decode()
    assert "Ran 12 drop-in sessions." in officer_sees


def test_an_impossible_spend_is_refused_by_its_field_keeping_what_was_typed(
    people: dict[str, User | None], award: Award
) -> None:
    found = _first(award)
    response = _client(people["member_here"]).post(
        f"/awards/{award.pk}/returns/{found.pk}/", _return_post(spend="-5", narrative="Kept words")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Spend cannot be less than £0." in html
    assert 'href="#id_spend"' in html
    assert "Kept words" in html
    found.refresh_from_db()
    assert found.status == ReturnStatus.DUE


def test_an_indicator_that_is_not_a_number_is_refused_by_the_indicators_keeping_the_rows(
    people: dict[str, User | None], award: Award
) -> None:
    found = _first(award)
    response = _client(people["member_here"]).post(
        f"/awards/{award.pk}/returns/{found.pk}/", _return_post(indicator_0_value="a dozen")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indicator 1 (Sessions run): enter its value as a number." in html
    assert 'href="#indicators"' in html
    assert 'value="a dozen"' in html


def test_keepers_read_a_return_only_once_it_is_submitted(
    people: dict[str, User | None], award: Award
) -> None:
    found = _first(award)
    member = people["member_here"]
    assert member is not None
    monitoring_return_save(user=member, monitoring_return=found, narrative="A draft not yet given")
    html = _client(people["officer"]).get(f"/awards/{award.pk}/returns/{found.pk}/").content.decode()
    assert "Not submitted yet" in html
    assert "A draft not yet given" not in html


def test_the_plans_measures_are_listed_on_each_return(people: dict[str, User | None]) -> None:
    award = award_made(amount=45_000)
    keeper = people["officer"]
    assert keeper is not None
    items = [*monitoring_plan_propose(award, "medium").items_json]
    items.append(
        {
            "what": "People supported",
            "how_often": "every six months",
            "evidence": "Own records",
            "unit": "people",
        }
    )
    _plan(award, keeper, items=items, changed_reason="The group's own measure.")
    html = (
        _client(people["member_here"]).get(f"/awards/{award.pk}/returns/{_first(award).pk}/").content.decode()
    )
    assert 'name="indicator_0_name" type="text" value="People supported"' in html
    assert 'name="indicator_0_unit" type="text" value="people"' in html


def test_a_return_given_to_another_funder_is_offered_and_its_reuse_said_on_the_page(
    people: dict[str, User | None], award: Award
) -> None:
    member = people["member_here"]
    assert member is not None
    funder = other_council()
    elsewhere = award_made(amount=20_000, funder=funder, title="Carers support in Derry and Strabane")
    _plan(elsewhere, officer_of(funder, "officer@derry.example"))
    given = monitoring_return_save(
        user=member, monitoring_return=_first(elsewhere), narrative="Supported 30 carers.", spend="6000",
        beneficiaries=30, submit=True,
    )  # fmt: skip
    found = _first(award)
    url = f"/awards/{award.pk}/returns/{found.pk}/"
    client = _client(member)
    offered = client.get(url).content.decode()
    assert f'name="source" type="radio" value="{given.pk}"' in offered
    assert "Carers support in Derry and Strabane" in offered
    assert client.post(url, {"action": "reuse", "source": str(given.pk)}).status_code == 302
    html = client.get(url).content.decode()
    assert (
        "Reused: this return started from the one Cancer Lifeline gave Derry City and Strabane District "
        "Council for April to September 2026 of “Carers support in Derry and Strabane”"
    ) in html
    assert "its spend was not" in html
    assert "Supported 30 carers." in html
    nothing = client.post(url, {"action": "reuse", "source": "999999"})
    assert nothing.status_code == 400
    assert "Choose a return to start from." in nothing.content.decode()


def test_a_persons_returns_list_shows_what_is_to_do_and_done(
    people: dict[str, User | None], award: Award
) -> None:
    member = people["member_here"]
    assert member is not None
    monitoring_return_save(user=member, monitoring_return=_first(award), narrative="Done.", submit=True)
    html = _client(member).get("/returns/").content.decode()
    assert html.count("Cancer support in the community") == 6
    assert "October 2026 to March 2027" in html
    assert "Returns submitted, latest first" in html
    other = _client(people["member_elsewhere"]).get("/returns/").content.decode()
    assert "No returns are waiting." in other
    assert "Cancer support in the community" not in other


def test_example_awards_are_marked_on_every_monitoring_page(people: dict[str, User | None]) -> None:
    keeper, member = people["officer"], people["member_here"]
    assert keeper is not None
    example = award_made(amount=8_000, title="Example small grants", is_example=True)
    _plan(example, keeper)
    tag = '<strong class="govuk-tag govuk-tag--grey">Example</strong>'
    inset = "An example award made for the demonstration, on a real organisation: it is not a real council's"
    for url in (f"/awards/{example.pk}/monitoring/", f"/awards/{example.pk}/returns/{_first(example).pk}/"):
        html = _client(keeper).get(url).content.decode()
        assert tag in html, url
        assert inset in html.replace("&#x27;", "'"), url
    assert tag in _client(member).get("/returns/").content.decode()
    real = award_made(amount=8_000, title="A real round")
    _plan(real, keeper)
    assert tag not in _client(keeper).get(f"/awards/{real.pk}/monitoring/").content.decode()
