"""Coverage of a council's wards by theme, and the gaps and duplication it shows: plain data in, plain
data out (the database is read by `selectors.council_coverage`).

Two counts per ward and theme, kept apart:
- **based here**: organisations whose address (postcode) lies in the ward;
- **serving here**: organisations that say they work in the ward, in the council as a whole (so in
  every ward of it), or in an old ward that overlaps it, from the regulator's area of operation or
  their own statement. Areas wider than a council (a region, a nation) are not counted in any ward.

A **gap** is a ward among the most deprived (its residents' average IMD decile at most `max_decile`)
where few organisations (at most `at_most`) are based in it or serve it for a theme that the council's
organisations work on elsewhere. **Duplication** is a ward where many organisations (at least
`at_least`) based in it work on the same theme: a candidate for a shared single point of entry, not for
an easy cut. Both say their reason in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from commoncause.places.themes import Theme

GAP_MAX_DECILE = 3.0
GAP_AT_MOST = 0
DUPLICATION_AT_LEAST = 5


@dataclass(frozen=True)
class WardFacts:
    code: str
    name: str
    population: int | None
    decile: float | None  # residents' average IMD decile (1 the most deprived tenth)
    most_deprived_fifth: float | None


@dataclass(frozen=True)
class OrganisationFacts:
    id: str  # as the database writes it in text (see `themes.text_id`)
    themes: frozenset[str]
    based_in: str  # the ward code of its address, '' if not placed in a ward of the council
    serves: frozenset[str]  # the ward codes it says it works in (every ward, for the whole council)


@dataclass(frozen=True)
class ServiceFacts:
    """A service, as coverage counts it: where its places are and the wards its service areas cover."""

    id: str
    themes: frozenset[str]  # its own categories, or else its organisation's themes
    located_in: frozenset[str]  # the ward codes of its places
    serves: frozenset[str]  # the ward codes its service areas cover (every ward, for the whole council)


@dataclass(frozen=True)
class Cell:
    based: tuple[str, ...]
    serving: tuple[str, ...]
    services: tuple[str, ...] = ()  # services of the theme with a place in the ward or serving it

    @property
    def either(self) -> int:
        """Organisations based here or serving here, each once."""
        return len(set(self.based) | set(self.serving))


@dataclass(frozen=True)
class WardCoverage:
    ward: WardFacts
    based: int  # organisations based in the ward, whatever their themes
    serving: int  # organisations that say they serve it
    cells: Mapping[str, Cell]  # by theme code
    services: int = 0  # services with a place in the ward or serving it, whatever their themes

    @property
    def per_thousand(self) -> float | None:
        """Organisations based here per 1,000 residents."""
        if not self.ward.population:
            return None
        return 1000 * self.based / self.ward.population


@dataclass(frozen=True)
class Coverage:
    themes: tuple[Theme, ...]
    wards: tuple[WardCoverage, ...]
    organisations: int  # counted in at least one ward, by address or by area served
    in_no_ward: int = 0  # placed in the council by address but in none of its wards (see selectors)
    services: int = 0  # counted in at least one ward, by a place or a service area

    def ward(self, code: str) -> WardCoverage | None:
        return next((row for row in self.wards if row.ward.code == code), None)

    def theme(self, code: str) -> Theme | None:
        return next((theme for theme in self.themes if theme.code == code), None)


@dataclass(frozen=True)
class Finding:
    """A gap or a duplication: one ward and one theme, with the reason in words."""

    ward: WardFacts
    theme: Theme
    based: int
    serving: int
    either: int
    elsewhere: int = 0  # organisations of the theme based or serving in the council's other wards
    reason: str = ""
    organisation_ids: tuple[str, ...] = field(default=())


def _services_by_ward(
    codes: set[str], services: Iterable[ServiceFacts]
) -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]], int]:
    """For each ward, the services with a place there or serving it; the same by ward and theme; and how
    many services are in at least one ward."""
    by_ward: dict[str, set[str]] = {code: set() for code in codes}
    by_theme: dict[tuple[str, str], list[str]] = {}
    counted = 0
    for service in services:
        wards = (service.located_in | service.serves) & codes
        counted += bool(wards)
        for ward in wards:
            by_ward[ward].add(service.id)
            for theme in service.themes:
                by_theme.setdefault((ward, theme), []).append(service.id)
    return by_ward, by_theme, counted


def coverage_compute(
    wards: Sequence[WardFacts],
    organisations: Iterable[OrganisationFacts],
    themes: Sequence[Theme],
    services: Iterable[ServiceFacts] = (),
) -> Coverage:
    """Count, for each ward and theme, the organisations based there and those serving there, and the
    services with a place there or serving it."""
    codes = {ward.code for ward in wards}
    based: dict[tuple[str, str], list[str]] = {}
    serving: dict[tuple[str, str], list[str]] = {}
    based_total: dict[str, int] = dict.fromkeys(codes, 0)
    serving_total: dict[str, int] = dict.fromkeys(codes, 0)
    counted = 0
    for organisation in organisations:
        here = organisation.based_in if organisation.based_in in codes else ""
        served = organisation.serves & codes
        if not here and not served:
            continue
        counted += 1
        if here:
            based_total[here] += 1
            for theme in organisation.themes:
                based.setdefault((here, theme), []).append(organisation.id)
        for ward in served:
            serving_total[ward] += 1
            for theme in organisation.themes:
                serving.setdefault((ward, theme), []).append(organisation.id)
    services_by_ward, services_by_theme, services_counted = _services_by_ward(codes, services)
    rows = tuple(
        WardCoverage(
            ward=ward,
            based=based_total[ward.code],
            serving=serving_total[ward.code],
            cells={
                theme.code: Cell(
                    based=tuple(based.get((ward.code, theme.code), ())),
                    serving=tuple(serving.get((ward.code, theme.code), ())),
                    services=tuple(services_by_theme.get((ward.code, theme.code), ())),
                )
                for theme in themes
            },
            services=len(services_by_ward[ward.code]),
        )
        for ward in wards
    )
    return Coverage(themes=tuple(themes), wards=rows, organisations=counted, services=services_counted)


def deprivation_words(ward: WardFacts) -> str:
    text = f"average IMD decile {ward.decile:.1f}" if ward.decile is not None else "no IMD figure"
    if ward.most_deprived_fifth is not None:
        text += f"; {ward.most_deprived_fifth:.0%} of residents live in England's most deprived fifth"
    return text


def _organisations(count: int) -> str:
    return "1 organisation" if count == 1 else f"{count:,} organisations"


def find_gaps(
    coverage: Coverage, *, max_decile: float = GAP_MAX_DECILE, at_most: int = GAP_AT_MOST
) -> list[Finding]:
    """Deprived wards with few or no organisations for a theme found elsewhere in the council; the
    most deprived wards first, then the themes most present elsewhere."""
    found = []
    for theme in coverage.themes:
        in_council = {
            organisation
            for row in coverage.wards
            for organisation in (*row.cells[theme.code].based, *row.cells[theme.code].serving)
        }
        for row in coverage.wards:
            ward = row.ward
            if ward.decile is None or ward.decile > max_decile:
                continue
            cell = row.cells[theme.code]
            if cell.either > at_most:
                continue
            elsewhere = len(in_council - set(cell.based) - set(cell.serving))
            if not elsewhere:
                continue  # a theme no organisation of the council works on is no gap of one ward
            have = "no organisation" if not cell.either else _organisations(cell.either)
            reason = (
                f"{ward.name} is among the council's most deprived wards ({deprivation_words(ward)}), and "
                f"{have} based in it or serving it works on {theme.label.lower()}, while "
                f"{_organisations(elsewhere)} in the council's other wards do."
            )
            found.append(
                Finding(
                    ward=ward, theme=theme, based=len(cell.based), serving=len(cell.serving),
                    either=cell.either, elsewhere=elsewhere, reason=reason,
                    organisation_ids=tuple(sorted(in_council - set(cell.based) - set(cell.serving))),
                )
            )  # fmt: skip
    return sorted(found, key=lambda f: (f.ward.decile or 0, -f.elsewhere, f.ward.name, f.theme.label))


def find_duplication(coverage: Coverage, *, at_least: int = DUPLICATION_AT_LEAST) -> list[Finding]:
    """Wards where many organisations based there work on the same theme; the most first."""
    found = []
    for row in coverage.wards:
        for theme in coverage.themes:
            cell = row.cells[theme.code]
            if len(cell.based) < at_least:
                continue
            also = len(set(cell.serving) - set(cell.based))
            reason = (
                f"{_organisations(len(cell.based))} based in {row.ward.name} work on "
                f"{theme.label.lower()}"
                + (f", and {_organisations(also)} more say they serve it" if also else "")
                + ": a candidate for a shared single point of entry, not for an easy cut."
            )
            found.append(
                Finding(
                    ward=row.ward, theme=theme, based=len(cell.based), serving=len(cell.serving),
                    either=cell.either, reason=reason, organisation_ids=tuple(sorted(cell.based)),
                )
            )  # fmt: skip
    return sorted(found, key=lambda f: (-f.based, f.ward.name, f.theme.label))
