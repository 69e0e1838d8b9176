"""A disinvestment scenario over a council with 2,000 running awards. Westminster City Council is given
grant rounds and contracts whose awards go to organisations placed in Westminster (in the national
register, after `bench.coverage` has loaded Westminster's geography and placed every organisation), each
award with its bid, its monitoring plan and a return every six months, the first two submitted with
people reached (by ward), volunteers, volunteer hours, spend and the outcomes starter set's measures; a
grant round's award is published as a 360Giving grant, as the service publishes it. An officer saves a
cut (ending a tenth of the awards and reducing another tenth by 40%) and a merge of 20 awards behind one
point of entry, and the pages are asked for as that officer, through Django's test client.

- `scenario_2000_seconds`: the slowest of 5 answers of the cut's page, `GET /outcomes/scenarios/<id>/`,
  after a first (the target is at most 1 s);
- `scenario_2000_first_seconds`: that first answer, which also works out the council's coverage (a
  process keeps it until the data changes: `places.selectors.council_coverage`);
- `scenario_run_2000_seconds`: `outcomes.scenarios.scenario_run` of the cut alone (the council's funding
  read and the cut weighed, no page), the slowest of 5;
- `scenario_share_2000_seconds`: the slowest of 5 answers of the merge's page;
- `scenario_2000_queries`: the SQL queries one answer of the cut's page makes;
- `scenario_2000_awards`, `scenario_2000_organisations`: the council's running awards, and how many
  organisations they fund.

Over the target (or with `--profile`), one answer of the cut's page is profiled and where its time goes
is printed to standard error. Run again on the same database, it tops the council's running awards up
to 2,000 and saves the same two scenarios again.

    DATABASE_URL=sqlite:///… python -m bench.outcomes [--profile]      # prints one JSON object
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model
    from django.test import Client

    from commoncause.accounts.models import Council
    from commoncause.funding.models import Award, Lot, Opportunity
    from commoncause.outcomes.funded import Weighed
    from commoncause.outcomes.models import Scenario

COUNCIL = "E09000033"
AWARDS = 2000
REQUESTS = 5
TARGET_SECONDS = 1.0
SEED = 2000
OFFICER = "scenario-officer@westminster.bench"
CUT_NAME = "End a tenth of the awards and reduce another tenth by 40%"
SHARE_NAME = "Bring 20 older people's groups together behind one point of entry"
MERGED = 20
WRITTEN = ("Opportunity", "Lot", "Bid", "BidPartner", "Award", "MonitoringPlan", "MonitoringReturn")
HALF_YEAR = 6
CRITERIA = [
    {"name": "Meets a local need", "weight": 35, "guidance": "Who needs it, and how you know."},
    {"name": "The difference it will make", "weight": 35, "guidance": "What will change, and how."},
    {"name": "Local knowledge and reach", "weight": 15, "guidance": "Who you know, and who knows you."},
    {"name": "Value for money", "weight": 15, "guidance": "What the money pays for, line by line."},
]
ANSWER = (
    "We have worked in these wards for years, and the people we reach tell us what they need at every "
    "session. The money pays for a coordinator's hours, the venue, food and travel, and the training and "
    "expenses of the volunteers who run most of the sessions. We ask people how they are at the start "
    "and again after six months, and we report what changed, and what did not, to the council."
)
PLAN_ITEMS = [
    {"what": "A short report against the group's own agreed outcomes", "how_often": "every six months",
     "evidence": "The group's own records; a report given to another funder may be reused"},
    {"what": "A light finance statement: what was spent", "how_often": "every six months",
     "evidence": "A statement of spend; no receipts"},
]  # fmt: skip


@dataclass(frozen=True)
class Round:
    """A grant round or contract: who it is for, where (the whole council, the north or the south half
    of its wards, or a lot for each half), its share of the awards and the range of an award."""

    title: str
    kind: str
    who: tuple[str, ...]
    where: str
    share: float
    amounts: tuple[int, int]


ROUNDS = (
    Round("Warm and connected: older people's groups", "grant", ("older",), "council", 0.22, (2_000, 30_000)),
    Round("Good neighbours: befriending", "grant", ("older", "disabled"), "north", 0.1, (2_000, 15_000)),
    Round("Young people's activities fund", "grant", ("children",), "council", 0.16, (3_000, 40_000)),
    Round("Families first", "grant", ("families", "children"), "south", 0.12, (2_000, 25_000)),
    Round("Access for all: disabled people", "grant", ("disabled",), "council", 0.1, (2_000, 20_000)),
    Round("Welcome: refugees and migrants", "grant", ("communities",), "council", 0.1, (2_000, 25_000)),
    Round("Women's safety and support", "grant", ("women",), "north", 0.06, (5_000, 35_000)),
    Round("Lunch clubs and befriending", "contract", ("older",), "lots", 0.07, (40_000, 250_000)),
    Round("Family support hubs", "contract", ("families",), "lots", 0.07, (50_000, 300_000)),
)  # fmt: skip


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def council_and_officer() -> tuple[Council, User]:
    """Westminster City Council (as the demo makes it) and an officer of it who cannot sign in."""
    from django.contrib.auth.models import User

    from commoncause.accounts.models import Role, StaffRole
    from commoncause.accounts.services import staff_role_grant
    from commoncause.places.demo import demo_council

    council = demo_council()
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None:
        officer = User(username=OFFICER, email=OFFICER, first_name="Scenario", last_name="officer")
        officer.set_unusable_password()
        officer.save()
    if not StaffRole.objects.filter(user=officer, role=Role.OFFICER, council=council).exists():
        staff_role_grant(actor=None, user=officer, role=Role.OFFICER, council=council)
    return council, officer


def placed_organisations() -> list[UUID]:
    """The live organisations placed in Westminster, in a fixed order."""
    from commoncause.places.models import OrganisationPlace

    placed = OrganisationPlace.objects.filter(local_authority=COUNCIL, organisation__merged_into__isnull=True)
    found = list(placed.order_by("organisation_id").values_list("organisation_id", flat=True))
    if not found:
        raise SystemExit("No organisation is placed in Westminster: run bench.coverage first.")
    return found


class Awards:
    """The council's awards and everything they carry, made in memory, then written with `bulk_create`."""

    def __init__(self, council: Council, officer: User, wards: Sequence[str], today: dt.date) -> None:
        from commoncause.outcomes.framework import starter_set

        self.council, self.officer, self.wards, self.today = council, officer, list(wards), today
        self.random = random.Random(SEED)
        self.records: dict[str, list[Model]] = {}
        # the starter set's indicators that returns report in people: name, unit, themes
        self.measures = [
            (row.name, row.unit, frozenset(row.themes))
            for outcome in starter_set()
            for row in outcome.indicators
            if row.source.startswith("Reported in returns") and row.unit == "people"
        ]

    def _add(self, record: Any) -> Any:
        self.records.setdefault(type(record).__name__, []).append(record)
        return record

    def answers(self, amount: Decimal) -> dict[str, str]:
        """A bid's answers to the required questions of the form for its amount's tier."""
        from commoncause.funding.bid_questions import questions_for
        from commoncause.funding.commissioning.tiers import tier_for

        tier = tier_for(amount)
        return {question.key: ANSWER for question in questions_for(tier) if question.required}

    def areas(self, where: str) -> list[str]:
        half = len(self.wards) // 2
        return {"north": self.wards[:half], "south": self.wards[half:]}.get(where, [COUNCIL])

    def make(self, organisations: Sequence[UUID]) -> list[Award]:
        """Awards to these organisations, shared among the rounds."""
        counts = [round(item.share * len(organisations)) for item in ROUNDS]
        counts[0] += len(organisations) - sum(counts)
        given = iter(organisations)
        awards = []
        for item, count in zip(ROUNDS, counts, strict=True):
            opportunity, lots = self.opportunity(item)
            for number in range(count):
                lot = lots[number % len(lots)] if lots else None
                awards.append(self.award(item, opportunity, lot, next(given)))
        return awards

    def opportunity(self, item: Round) -> tuple[Opportunity, list[Lot]]:
        from commoncause.core.compact import months_after
        from commoncause.funding.models import Lot, Opportunity, OpportunityStatus

        opens = months_after(self.today.replace(day=1), -36)
        found = self._add(Opportunity(
            council=self.council, created_by=self.officer, kind=item.kind,
            route="strategic" if item.kind == "grant" else "procurement",
            route_reason="Local groups know best what their people need.", title=item.title,
            summary=item.title, specification=f"{item.title}: what is funded, and why.",
            areas=self.areas(item.where), who=list(item.who), value=Decimal(0), opens=opens,
            closes=months_after(opens, 2), decision_by=months_after(opens, 4), starts=months_after(opens, 6),
            status=OpportunityStatus.AWARDED, published_at=_moment(opens), published_by=self.officer,
            criteria=CRITERIA,
        ))  # fmt: skip
        if item.where != "lots":
            return found, []
        lots = [
            self._add(Lot(opportunity=found, number=number, title=f"The {half} of the borough",
                          value=Decimal(0), areas=self.areas(half)))
            for number, half in enumerate(("north", "south"), start=1)
        ]  # fmt: skip
        return found, lots

    def award(self, item: Round, opportunity: Opportunity, lot: Lot | None, organisation: UUID) -> Award:
        """A successful bid (led by the organisation alone) and its award, started 14 to 30 months ago."""
        from commoncause.core.compact import months_after
        from commoncause.funding.models import Award, Bid, BidPartner, BidStatus, PartnerStatus

        amount = Decimal(self.random.randrange(*item.amounts, 250))
        opportunity.value += amount
        if lot is not None:
            lot.value += amount
        months_ago = self.random.randint(14, 30)
        starts = months_after(self.today.replace(day=1), -months_ago)
        term = 36 if months_ago > 20 else self.random.choice((24, 36))
        decided = starts - dt.timedelta(days=30)
        bid = self._add(Bid(
            opportunity=opportunity, lot=lot, lead_id=organisation, status=BidStatus.SUCCESSFUL,
            price=amount, submitted_at=_moment(decided - dt.timedelta(days=60)), decided_at=_moment(decided),
            decision_reasons="Scored among the bids funded against the published criteria.",
            answers=self.answers(amount),
        ))  # fmt: skip
        areas = [code for code in (lot.areas if lot is not None else opportunity.areas) if code != COUNCIL]
        self._add(BidPartner(
            bid=bid, organisation_id=organisation, is_lead=True, role="Lead", work_share=Decimal(100),
            money_share=amount, wards=areas, status=PartnerStatus.ACCEPTED,
        ))  # fmt: skip
        award = self._add(Award(
            bid=bid, opportunity=opportunity, organisation_id=organisation, amount=amount,
            award_date=decided, starts=starts, ends=months_after(starts, term) - dt.timedelta(days=1),
            reasons=bid.decision_reasons, created_by=self.officer,
        ))  # fmt: skip
        self.returns(award, starts, term, areas or self.wards)
        return award

    def returns(self, award: Award, starts: dt.date, term: int, wards: Sequence[str]) -> None:
        """Its plan, and a return for every six months: the first two submitted, the rest due."""
        from commoncause.core.compact import months_after
        from commoncause.funding.commissioning.tiers import tier_for
        from commoncause.funding.models import MonitoringPlan, MonitoringReturn, ReturnStatus, Risk

        self._add(MonitoringPlan(award=award, tier=tier_for(award.amount).code, risk=Risk.LOW,
                                 items=PLAN_ITEMS, reports_per_year=Decimal(2)))  # fmt: skip
        reached = self.random.sample(list(wards), k=min(len(wards), self.random.randint(1, 4)))
        people, volunteers = self.random.randint(15, 400), self.random.randint(0, 40)
        measures = [row for row in self.measures if row[2] & set(award.opportunity.who)] or self.measures
        for period in range(term // HALF_YEAR):
            start = months_after(starts, period * HALF_YEAR)
            end = months_after(starts, (period + 1) * HALF_YEAR) - dt.timedelta(days=1)
            due = months_after(end + dt.timedelta(days=1), 1) - dt.timedelta(days=1)
            found = self._add(MonitoringReturn(award=award, period=f"{start:%B %Y} to {end:%B %Y}", due=due))
            if period >= 2:
                continue
            count = people + 5 * period
            split = [count // len(reached) + (at < count % len(reached)) for at in range(len(reached))]
            found.status, found.submitted_at = ReturnStatus.SUBMITTED, _moment(due - dt.timedelta(days=6))
            found.narrative = "What the money paid for, and what changed for the people reached."
            found.beneficiaries, found.ward_beneficiaries = count, dict(zip(reached, split, strict=True))
            found.volunteers = volunteers + period
            found.volunteer_hours = Decimal(found.volunteers * self.random.randint(8, 60))
            found.spend = (award.amount / (term // HALF_YEAR)).quantize(Decimal("0.01"))
            found.indicators = [
                {"name": name, "value": str(count * (at + 1) // (len(measures) + 1)), "unit": unit}
                for at, (name, unit, _) in enumerate(measures)
            ]

    def write(self) -> None:
        from django.apps import apps

        for name in WRITTEN:
            apps.get_model("funding", name).objects.bulk_create(self.records.get(name, []), batch_size=500)


def grants_publish(awards: Sequence[Award]) -> int:
    """Each grant round's award as the 360Giving grant the service publishes (`award_grant`), written
    together; an award whose organisation has no org-id is not published, as the service refuses it."""
    from commoncause.accounts.curation import DecisionError
    from commoncause.funding.models import Award, Grant, OpportunityKind
    from commoncause.funding.opendata.grants_out import SOURCE_FILE, award_grant
    from commoncause.register.models import Organisation

    organisations = Organisation.objects.in_bulk({award.organisation_id for award in awards})
    published = []
    for award in awards:
        if award.opportunity.kind != OpportunityKind.GRANT:
            continue
        award.organisation = organisations[award.organisation_id]
        try:
            data = award_grant(award)
        except DecisionError:
            continue
        recipient, funder = data["recipientOrganization"][0], data["fundingOrganization"][0]
        award.grant = Grant(
            grant_id=data["id"], title=data["title"][:500], description=data["description"], currency="GBP",
            amount_awarded=award.amount, award_date=award.award_date, programme=award.opportunity.title,
            recipient_id=award.organisation_id, funder_org_id=funder["id"], funder_name=funder["name"],
            recipient_org_id=recipient["id"], recipient_name=recipient["name"][:500], data=data,
            source_file=SOURCE_FILE,
        )  # fmt: skip
        published.append(award)
    Grant.objects.bulk_create([award.grant for award in published if award.grant], batch_size=500)
    Award.objects.bulk_update(published, ["grant"], batch_size=500)
    return len(published)


def running_awards(council: Council, today: dt.date) -> int:
    """The council's awards running today, as a scenario weighs them (`outcomes.ledger.council_awards`)."""
    from django.db.models import Q

    from commoncause.funding.models import Award, AwardStatus

    found = Award.objects.filter(opportunity__council=council).exclude(status=AwardStatus.ENDED)
    return found.filter(Q(ends__isnull=True) | Q(ends__gte=today)).count()


def awards_make(council: Council, officer: User, count: int, today: dt.date) -> None:
    """`count` more running awards for the council, to organisations placed in it (each reused when
    there are fewer: a council funds some organisations more than once)."""
    from django.db import transaction

    from commoncause.places.models import AreaType
    from commoncause.places.selectors import areas_current

    wards = sorted(area.code for area in areas_current(area_type=AreaType.WARD, within=COUNCIL))
    if not wards:
        raise SystemExit("Westminster's wards are not loaded: run bench.coverage first.")
    placed = placed_organisations()
    made = Awards(council, officer, wards, today)
    with transaction.atomic():
        awards = made.make([placed[at % len(placed)] for at in range(count)])
        made.write()
        grants_publish(awards)


def scenarios_save(council: Council, officer: User, today: dt.date) -> tuple[Scenario, Scenario, Weighed]:
    """The cut and the merge, saved by the officer as the scenario pages save them; and the council's
    funding they were weighed against."""
    from commoncause.outcomes.funded import council_funded
    from commoncause.outcomes.models import Scenario, ScenarioKind
    from commoncause.outcomes.scenarios import scenario_save

    weighed = council_funded(council, today)
    awards = sorted(key for key, line in weighed.lines.items() if line.kind == "award")
    chosen = random.Random(SEED).sample(awards, k=len(awards) // 5)
    tenth = len(awards) // 10
    base = {"decided_on": today, "closure_share": "25", "notes": "Weighed by `make bench`."}
    cut = {**base, "name": CUT_NAME, "kind": ScenarioKind.CUT,
           "cuts": dict.fromkeys(chosen[:tenth], "100") | dict.fromkeys(chosen[tenth:], "40")}  # fmt: skip
    merged = sorted(awards, key=lambda key: (weighed.lines[key].title != ROUNDS[0].title, key))[:MERGED]
    share = {**base, "name": SHARE_NAME, "kind": ScenarioKind.SHARE, "cuts": dict.fromkeys(merged, "100"),
             "lead": weighed.lines[merged[0]].organisation_key, "saving_share": "10",
             "one_off_cost": "50000", "years": "3"}  # fmt: skip
    saved = [
        scenario_save(user=officer, council=council, values=values, weighed=weighed,
                      found=Scenario.objects.filter(council=council, name=values["name"]).first())
        for values in (cut, share)
    ]  # fmt: skip
    return saved[0], saved[1], weighed


def _page(client: Client, url: str) -> Callable[[], None]:
    def answer() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")

    return answer


def _seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _slowest(call: Callable[[], object]) -> float:
    return round(max(_seconds(call) for _ in range(REQUESTS)), 3)


def profile(call: Callable[[], object]) -> None:
    """Where one answer's time goes, to standard error: the service's functions by cumulative time, every
    function by its own time, then the slowest SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profiler.runcall(call)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats("commoncause", 25)  # the service's own functions
    stats.sort_stats("tottime").print_stats(15)  # and where the processor's time is spent
    slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))[:8]
    lines = [f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}" for query in slowest]
    print(text.getvalue(), "The slowest queries:", *lines, sep="\n", file=sys.stderr)


def measure(*, profiling: bool = False) -> dict[str, float]:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from commoncause.outcomes.scenarios import scenario_run
    from commoncause.places.selectors import coverage_forget

    today = timezone.localdate()
    council, officer = council_and_officer()
    if (running := running_awards(council, today)) < AWARDS:
        awards_make(council, officer, AWARDS - running, today)
    cut, share, weighed = scenarios_save(council, officer, today)
    client = Client(HTTP_HOST="localhost")
    client.force_login(officer)
    page = _page(client, f"/outcomes/scenarios/{cut.pk}/")
    coverage_forget()  # the first answer works the coverage out, as the first after a change would
    results = {
        "scenario_2000_first_seconds": round(_seconds(page), 3),
        "scenario_2000_seconds": _slowest(page),
    }
    results["scenario_run_2000_seconds"] = _slowest(lambda: scenario_run(cut, today=today))
    shared = _page(client, f"/outcomes/scenarios/{share.pk}/")
    shared()
    results["scenario_share_2000_seconds"] = _slowest(shared)
    with CaptureQueriesContext(connection) as queries:
        page()
    results["scenario_2000_queries"] = len(queries.captured_queries)
    awards = [line for line in weighed.lines.values() if line.kind == "award"]
    results["scenario_2000_awards"] = len(awards)
    results["scenario_2000_organisations"] = len({line.organisation_key for line in awards})
    if profiling or results["scenario_2000_seconds"] > TARGET_SECONDS:
        profile(page)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Time a disinvestment scenario over 2,000 awards.")
    parser.add_argument("--profile", action="store_true", help="profile one answer even within the target")
    print(json.dumps(measure(profiling=parser.parse_args().profile)))


if __name__ == "__main__":
    main()
