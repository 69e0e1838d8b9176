"""Reads of the health check, and its rules of who may do what (one place for each rule).

- **Running** a council's rounds (setting up, opening, closing, its statements, the action plan): the
  council's officers, curators (the CVS runs health checks) and administrators.
- **Answering** an open round: the council's officers, on the council's side; members of organisations
  placed in the council's area, or that say they work there, on the sector's side. An officer who is also
  such a member answers for the council.
- **Results** show once a round is closed, never while answers are still coming in (a figure seen before
  and after one person answers would give their answers away): to the people who run it and to everyone
  who may answer it. Suppression applies to everyone alike (results.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from commoncause.accounts.models import Council, Role
from commoncause.accounts.roles import ADMIN, CURATOR, has_role
from commoncause.members.models import Membership, MembershipStatus
from commoncause.places.models import OrganisationPlace
from commoncause.register.models import AreaOfOperation
from commoncause.relationships.health import results
from commoncause.relationships.health.library import (
    COUNCIL,
    HEALTH,
    OWN,
    SECTOR,
    LibraryStatement,
    statement_key,
    statements_library,
)
from commoncause.relationships.health.models import (
    ActionStatus,
    HealthAction,
    HealthAnswer,
    HealthResponse,
    HealthRound,
    HealthStatement,
    RoundStatement,
    RoundStatus,
)

Person = User | AnonymousUser


def officer_councils(user: Person) -> QuerySet[Council]:
    """The councils the person is an officer of."""
    if not user.is_authenticated:
        return Council.objects.none()
    return Council.objects.filter(staff__user=user, staff__role=Role.OFFICER).distinct()


def may_run(user: Person, council: Council) -> bool:
    """Officers of the council, curators and administrators run its health checks."""
    return has_role(user, CURATOR, ADMIN) or officer_councils(user).filter(pk=council.pk).exists()


def councils_run_by(user: Person) -> QuerySet[Council]:
    """The councils whose health checks the person runs."""
    return Council.objects.all() if has_role(user, CURATOR, ADMIN) else officer_councils(user)


def _memberships_in(user: User, council: Council) -> QuerySet[Membership]:
    codes = list(council.area_codes or [])
    if not codes:
        return Membership.objects.none()
    return Membership.objects.filter(
        user=user, status=MembershipStatus.APPROVED, organisation__merged_into__isnull=True
    ).filter(
        Q(organisation__place__local_authority__in=codes)
        | Q(organisation__place__ward__in=codes)
        | Q(organisation__areas__gss_code__in=codes)
    )


def respondent_side(user: Person, council: Council) -> str | None:
    """The side the person answers the council's health checks on, or None if they answer none."""
    if not isinstance(user, User) or not user.is_active:
        return None
    if officer_councils(user).filter(pk=council.pk).exists():
        return COUNCIL
    return SECTOR if _memberships_in(user, council).exists() else None


def may_answer(user: Person, health_round: HealthRound) -> bool:
    return health_round.status == RoundStatus.OPEN and respondent_side(user, health_round.council) is not None


def may_read(user: Person, health_round: HealthRound) -> bool:
    """Those who run the council's rounds and those who may answer them (whatever the round's status)."""
    council = health_round.council
    if health_round.status == RoundStatus.DRAFT:
        return may_run(user, council)  # a round being set up is nobody else's business yet
    return may_run(user, council) or respondent_side(user, council) is not None


def may_see_results(user: Person, health_round: HealthRound) -> bool:
    """A closed round's results and action plan: to those who may read the round."""
    return health_round.status == RoundStatus.CLOSED and may_read(user, health_round)


def _member_area_codes(user: User) -> set[str]:
    """Where the organisations the person is an approved member of are placed or say they work."""
    organisations = Membership.objects.filter(
        user=user, status=MembershipStatus.APPROVED, organisation__merged_into__isnull=True
    ).values_list("organisation_id", flat=True)
    places = OrganisationPlace.objects.filter(organisation_id__in=organisations)
    codes = {code for pair in places.values_list("local_authority", "ward") for code in pair if code}
    areas = AreaOfOperation.objects.filter(organisation_id__in=organisations).exclude(gss_code="")
    return codes | set(areas.values_list("gss_code", flat=True))


def councils_answered_by(user: User) -> list[Council]:
    """The councils whose rounds the person may answer (as an officer, or for an organisation there),
    by name: the same rule as `respondent_side`, in three queries whatever the number of councils."""
    officer_of = set(officer_councils(user).values_list("pk", flat=True))
    codes = _member_area_codes(user)
    return [
        council
        for council in Council.objects.order_by("name")
        if council.pk in officer_of or codes.intersection(council.area_codes or [])
    ]


# --- statements -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilStatement:
    """A statement as a council sees it in its list: shipped or its own, retired or offered."""

    statement: LibraryStatement
    retired: bool

    @property
    def key(self) -> str:
        return self.statement.key


def council_statements(council: Council) -> list[CouncilStatement]:
    """The shipped statements and the council's own, each marked retired or not, sets in order."""
    rows = {
        statement_key(row.source, row.code): row for row in HealthStatement.objects.filter(council=council)
    }
    found = [
        CouncilStatement(shipped, rows[shipped.key].retired_at is not None if shipped.key in rows else False)
        for shipped in statements_library()
    ]
    for row in rows.values():
        if row.source == OWN:
            own = LibraryStatement(OWN, row.code, row.text, row.about, row.theme)
            found.append(CouncilStatement(own, row.retired_at is not None))
    return found


def statements_offered(council: Council) -> dict[str, LibraryStatement]:
    """The statements a council's new round may ask (not retired), by key."""
    return {found.key: found.statement for found in council_statements(council) if not found.retired}


def default_statement_keys(council: Council) -> list[str]:
    """What a new round asks unless changed: the statements of the council's latest round that are still
    offered (so rounds stay comparable), or, for its first, the twenty partnership health statements."""
    offered = statements_offered(council)
    latest = HealthRound.objects.filter(council=council).order_by("-opens", "-pk").first()
    if latest is not None:
        keys = [statement_key(s.source, s.code) for s in latest.statements.all()]
        kept = [key for key in keys if key in offered]
        if kept:
            return kept
    return [key for key, statement in offered.items() if statement.source == HEALTH]


def round_statement_keys(health_round: HealthRound) -> list[str]:
    return [statement_key(s.source, s.code) for s in health_round.statements.all()]


# --- rounds, responses, results ---------------------------------------------------------------------


def rounds_of(council: Council) -> QuerySet[HealthRound]:
    """The council's rounds, newest first, with how many answered on each side."""
    return (
        HealthRound.objects.filter(council=council)
        .annotate(
            council_responses=Count("responses", filter=Q(responses__side=COUNCIL), distinct=True),
            sector_responses=Count("responses", filter=Q(responses__side=SECTOR), distinct=True),
            open_actions=Count("actions", filter=~Q(actions__status=ActionStatus.DONE), distinct=True),
        )
        .order_by("-opens", "-pk")
    )


def response_counts(health_round: HealthRound) -> dict[str, int]:
    """How many have answered on each side (a count of people, never what they said)."""
    counted = dict(
        HealthResponse.objects.filter(round=health_round)
        .order_by()
        .values("side")
        .annotate(n=Count("pk"))
        .values_list("side", "n")
    )
    return {COUNCIL: counted.get(COUNCIL, 0), SECTOR: counted.get(SECTOR, 0)}


def response_of(user: User, health_round: HealthRound) -> HealthResponse | None:
    return HealthResponse.objects.filter(round=health_round, respondent=user).first()


def round_statements(health_round: HealthRound) -> list[RoundStatement]:
    return list(health_round.statements.order_by("position", "pk"))


def _plain_statements(health_round: HealthRound) -> list[results.Statement]:
    return [
        results.Statement(s.pk, s.code, s.text, s.about, s.theme, s.source)
        for s in round_statements(health_round)
    ]


def _plain_answers(health_round: HealthRound) -> list[results.Answer]:
    rows = HealthAnswer.objects.filter(response__round=health_round).values_list(
        "statement_id", "response__side", "response_id", "rating", "evidence"
    )
    return [results.Answer(*row) for row in rows]


def round_results(health_round: HealthRound) -> results.RoundResults:
    """The round's results, suppression applied (results.py). Only for a closed round's pages."""
    return results.round_results(_plain_statements(health_round), _plain_answers(health_round))


@dataclass(frozen=True)
class TrendPoint:
    health_round: HealthRound
    results: results.RoundResults


def council_trend(health_round: HealthRound) -> list[TrendPoint]:
    """The council's closed rounds up to and including this one, oldest first, each with its results."""
    closed = HealthRound.objects.filter(
        council=health_round.council, status=RoundStatus.CLOSED, opens__lte=health_round.opens
    ).order_by("opens", "pk")
    return [TrendPoint(found, round_results(found)) for found in closed]


def actions_of(health_round: HealthRound) -> QuerySet[HealthAction]:
    return health_round.actions.prefetch_related("statements")


@dataclass(frozen=True)
class RoundForPerson:
    health_round: HealthRound
    answered: bool
    may_answer: bool
    may_see_results: bool


def rounds_for_respondent(user: User) -> list[RoundForPerson]:
    """The open rounds the person may answer and the closed ones whose results they may see."""
    found = []
    for council in councils_answered_by(user):
        rounds = HealthRound.objects.filter(council=council).exclude(status=RoundStatus.DRAFT)
        answered = set(
            HealthResponse.objects.filter(respondent=user, round__in=rounds).values_list(
                "round_id", flat=True
            )
        )
        for health_round in rounds.select_related("council"):
            is_open = health_round.status == RoundStatus.OPEN
            found.append(RoundForPerson(health_round, health_round.pk in answered, is_open, not is_open))
    return found
