"""The health check's writes: setting up a round from the shipped sets, a council's own and retired
statements, statements fixed once answering starts, one response per person on their own side, the
perception gap and suppression from stored answers, actions, and a person's data."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import council, person
from commoncause.relationships.health import selectors
from commoncause.relationships.health.library import statements_library
from commoncause.relationships.health.models import HealthAnswer, HealthResponse, RoundStatement
from commoncause.relationships.health.services import (
    HealthCheckError,
    health_action_save,
    health_answers_erase,
    health_answers_export,
    health_round_close,
    health_round_create,
    health_round_open,
    health_round_statements_set,
    health_statement_add,
    health_statement_retire,
)
from commoncause.relationships.tests.health_samples import (
    CLOSES,
    OPENS,
    answer,
    officers,
    open_round,
    sector_members,
)

pytestmark = pytest.mark.django_db
ALL = {"LA1": 4, "VCS1": 3, "E1": 2}


def test_the_shipped_sets_are_read_with_the_side_each_statement_is_about():
    library = {statement.key: statement for statement in statements_library()}
    assert sum(1 for s in library.values() if s.source == "health" and s.about == "council") == 10
    assert sum(1 for s in library.values() if s.source == "health" and s.about == "sector") == 10
    assert library["compact:C1-V1"].about == "sector"  # who_acts: vcs
    assert library["compact:LC-1"].about == "partnership"  # who_acts: both
    assert library["compact:C2-G3"].theme == "Designing policies and services"  # its outcome, unnumbered
    assert library["compact:C2-G3"].prompt.startswith("How long did the last consultation run")
    assert library["barriers:O4"].about == "partnership"
    assert library["barriers:O4"].theme == "capacity and training"
    assert len(library) == 20 + 50 + 13


def test_a_first_round_asks_the_twenty_health_statements_and_a_later_one_the_last_rounds(officer):
    first = health_round_create(user=officer, council=council(), name="2026", opens=OPENS, closes=CLOSES)
    assert [s.code for s in first.statements.all()][:2] == ["LA1", "LA2"]
    assert first.statements.count() == 20
    assert first.status == "draft"
    health_round_statements_set(user=officer, health_round=first, keys=["health:LA1", "barriers:E2"])
    second = health_round_create(
        user=officer,
        council=council(),
        name="2027",
        opens=OPENS.replace(year=2027),
        closes=CLOSES.replace(year=2027),
    )
    assert sorted(s.code for s in second.statements.all()) == ["E2", "LA1"]


def test_a_round_needs_a_name_dates_in_order_and_a_statement(officer):
    with pytest.raises(HealthCheckError) as problem:
        health_round_create(user=officer, council=council(), name="x", opens=CLOSES, closes=OPENS)
    assert problem.value.field == "closes"
    made = health_round_create(user=officer, council=council(), name="x", opens=OPENS, closes=CLOSES)
    with pytest.raises(HealthCheckError) as problem:
        health_round_statements_set(user=officer, health_round=made, keys=[])
    assert problem.value.field == "statements"
    with pytest.raises(HealthCheckError):
        health_round_statements_set(user=officer, health_round=made, keys=["health:NOPE"])


def test_the_statements_are_fixed_once_answering_starts(officer):
    made = health_round_create(user=officer, council=council(), name="2026", opens=OPENS, closes=CLOSES)
    health_round_statements_set(user=officer, health_round=made, keys=["health:LA1", "health:VCS1"])
    wording = list(made.statements.values_list("code", "text"))
    health_round_open(user=officer, health_round=made)
    with pytest.raises(HealthCheckError, match="fixed once the round has opened"):
        health_round_statements_set(user=officer, health_round=made, keys=["health:LA2"])
    # Retiring a statement later, or a new own statement, changes nothing the round asks.
    health_statement_retire(user=officer, council=council(), key="health:LA1")
    health_statement_add(
        user=officer, council=council(), text="Meetings start on time", about="council", theme="x"
    )
    assert list(made.statements.values_list("code", "text")) == wording


def test_an_own_statement_is_offered_and_a_retired_one_is_not_until_offered_again(officer):
    own = health_statement_add(
        user=officer, council=council(), text="Officers answer emails within a week", about="council",
        theme="Communication",
    )  # fmt: skip
    assert (own.code, own.theme) == ("OWN1", "communication")
    offered = selectors.statements_offered(council())
    assert "own:OWN1" in offered
    health_statement_retire(user=officer, council=council(), key="health:LA9")
    health_statement_retire(user=officer, council=council(), key="own:OWN1")
    offered = selectors.statements_offered(council())
    assert "health:LA9" not in offered
    assert "own:OWN1" not in offered
    assert "health:LA9" not in selectors.default_statement_keys(council())
    draft = health_round_create(user=officer, council=council(), name="x", opens=OPENS, closes=CLOSES)
    with pytest.raises(HealthCheckError):
        health_round_statements_set(user=officer, health_round=draft, keys=["health:LA9"])
    health_statement_retire(user=officer, council=council(), key="health:LA9", retire=False)
    health_round_statements_set(user=officer, health_round=draft, keys=["health:LA9", "health:LA1"])
    assert [s.code for s in draft.statements.all()] == ["LA1", "LA9"]  # in the library's order
    assert AuditEntry.objects.filter(target_type="relationships.healthstatement").count() == 4


def test_another_councils_officer_cannot_run_this_councils_rounds(officer):
    from commoncause.accounts.models import Council

    elsewhere = Council.objects.create(name="Derry City and Strabane", slug="derry", area_codes=["N09000005"])
    (stranger,) = officers(1, of=elsewhere)
    with pytest.raises(HealthCheckError) as problem:
        health_round_create(user=stranger, council=council(), name="x", opens=OPENS, closes=CLOSES)
    assert problem.value.not_allowed
    made = open_round(officer)
    with pytest.raises(HealthCheckError):
        health_round_close(user=stranger, health_round=made)
    with pytest.raises(HealthCheckError):
        health_action_save(user=stranger, health_round=made, values={"title": "x", "owner": "y"})


def test_each_person_answers_once_on_their_own_side_and_may_change_it_while_open(officer):
    made = open_round(officer)
    (member,) = sector_members(1)
    answer(officer, made, ALL)
    answer(member, made, ALL)
    answer(member, made, {"LA1": 1, "VCS1": None, "E1": 5})  # changed, not added
    assert HealthResponse.objects.filter(round=made).count() == 2
    assert dict(HealthResponse.objects.values_list("respondent__email", "side")) == {
        officer.email: "council",
        member.email: "sector",
    }
    held = dict(
        HealthAnswer.objects.filter(response__respondent=member).values_list("statement__code", "rating")
    )
    assert held == {"LA1": 1, "VCS1": None, "E1": 5}
    with pytest.raises(IntegrityError), transaction.atomic():
        HealthResponse.objects.create(round=made, respondent=member, side="sector")


def test_people_with_no_part_and_closed_rounds_take_no_answers(officer):
    made = open_round(officer)
    with pytest.raises(HealthCheckError) as problem:
        answer(person("nosy@elsewhere.example"), made, ALL)
    assert problem.value.not_allowed
    with pytest.raises(HealthCheckError, match="Rate every statement"):
        answer(officer, made, {"LA1": 4})
    health_round_close(user=officer, health_round=made)
    with pytest.raises(HealthCheckError, match="not open"):
        answer(officer, made, ALL)


def test_the_audit_log_says_who_answered_never_what(officer):
    made = open_round(officer)
    answer(officer, made, ALL, {"LA1": "The portfolio holder met us twice"})
    entry = AuditEntry.objects.get(target_type="relationships.healthresponse")
    assert entry.actor == officer
    assert entry.after == {"round": made.pk, "side": "council", "statements": 3}
    assert "portfolio holder" not in str(entry.after) + entry.note


def _answered(officer, council_side: int, sector_side: int):
    made = open_round(officer)
    for n, user in enumerate(officers(council_side)):
        answer(user, made, {"LA1": 4 + n % 2, "VCS1": 3, "E1": 2})
    for user in sector_members(sector_side):
        answer(user, made, {"LA1": 2, "VCS1": 4, "E1": 2}, {"LA1": f"From {user.email}"})
    return health_round_close(user=officer, health_round=made)


def test_four_answers_on_a_side_are_suppressed_and_five_are_shown(officer):
    closed = _answered(officer, council_side=5, sector_side=4)
    results = selectors.round_results(closed)
    la1 = results.statements[0]
    assert la1.council.mean == pytest.approx(4.4)  # 4, 5, 4, 5, 4
    assert la1.sector.suppressed
    assert la1.gap is None
    assert la1.evidence["sector"] == ()


def test_the_perception_gap_from_stored_answers(officer):
    closed = _answered(officer, council_side=5, sector_side=5)
    la1, vcs1, e1 = selectors.round_results(closed).statements
    assert la1.council.mean == pytest.approx(4.4)
    assert la1.sector.mean == 2.0
    assert la1.gap_text == "+2.4"
    assert vcs1.gap_text == "-1.0"
    assert e1.gap_text == "0.0"
    assert len(la1.evidence["sector"]) == 5
    assert not any("officer" in said for said in la1.evidence["sector"])


def test_trends_take_the_councils_closed_rounds_in_order(officer):
    first = _answered(officer, council_side=5, sector_side=5)
    second = health_round_create(
        user=officer, council=council(), name="2027", opens=dt.date(2027, 4, 1), closes=dt.date(2027, 5, 1)
    )
    assert [p.health_round for p in selectors.council_trend(first)] == [first]
    health_round_open(user=officer, health_round=second)
    assert [p.health_round for p in selectors.council_trend(second)] == [first]  # open: not yet


def test_an_action_is_linked_to_the_rounds_statements_and_audited(officer):
    made = open_round(officer)
    la1 = RoundStatement.objects.get(round=made, code="LA1")
    values = {"title": "Meet the forum each quarter", "owner": "Head of Communities",
              "due": dt.date(2026, 9, 30), "status": "in_progress", "statements": [la1.pk]}  # fmt: skip
    action = health_action_save(user=officer, health_round=made, values=values)
    assert list(action.statements.all()) == [la1]
    health_action_save(user=officer, health_round=made, values={**values, "status": "done"}, action=action)
    action.refresh_from_db()
    assert action.status == "done"
    entries = AuditEntry.objects.filter(target_type="relationships.healthaction").order_by("at", "id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["status"] == "in_progress"
    with pytest.raises(HealthCheckError) as problem:
        health_action_save(user=officer, health_round=made, values={**values, "owner": " "})
    assert problem.value.field == "owner"
    other = open_round(officer)
    with pytest.raises(HealthCheckError) as problem:
        health_action_save(user=officer, health_round=other, values=values)
    assert problem.value.field == "statements"


def test_a_persons_answers_are_in_their_data_and_erasing_keeps_only_the_ratings(officer):
    made = open_round(officer)
    (member,) = sector_members(1)
    answer(member, made, ALL, {"VCS1": "We bid together last year"})
    (exported,) = health_answers_export(member)
    assert exported["side"] == "sector"
    assert {"statement": "VCS1", "text": exported["answers"][1]["text"], "rating": 3,
            "evidence": "We bid together last year"} in exported["answers"]  # fmt: skip
    assert health_answers_erase(member) == set()
    response = HealthResponse.objects.get(round=made, side="sector")
    assert response.respondent is None
    assert list(response.answers.values_list("rating", "evidence")) == [(4, ""), (3, ""), (2, "")]
    assert health_answers_export(member) == []
