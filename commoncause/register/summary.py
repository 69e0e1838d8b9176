"""The size and make-up of the register, for the home page: plain reads, no writes."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max

from commoncause.register.income_bands import income_bands
from commoncause.register.models import ImportRun, Organisation, OrganisationStatus, SourceRecord

SOURCE_LABELS: dict[str, str] = {
    "ccew": "Charity Commission for England and Wales",
    "ccni": "Charity Commission for Northern Ireland",
    "oscr": "Scottish Charity Regulator",
    "companies": "Companies House",
    "csv": "Organisation lists",
    "ukcat": "UK Charity Activity Tags sample",
    "360giving": "360Giving grants files",
}


@dataclass(frozen=True)
class Tally:
    """How many organisations have one value of a field."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SourceTally:
    """How many organisations one source describes, and when it was last imported."""

    source: str
    label: str
    count: int
    last_imported: dt.datetime | None
    latest_extract: dt.date | None


@dataclass(frozen=True)
class RegisterSummary:
    total: int
    by_status: tuple[Tally, ...]
    by_legal_form: tuple[Tally, ...]
    by_income_band: tuple[Tally, ...]
    by_source: tuple[SourceTally, ...]


def _counts_by(field: str) -> dict[str, int]:
    rows = Organisation.objects.listed().order_by().values(field).annotate(n=Count("*"))
    return {row[field]: row["n"] for row in rows}


def organisations_by_status() -> tuple[Tally, ...]:
    """Organisations per status, most first."""
    labels = dict(OrganisationStatus.choices)
    counts = _counts_by("status")
    tallies = [Tally(value, labels.get(value, value), n) for value, n in counts.items()]
    return tuple(sorted(tallies, key=lambda t: (-t.count, t.label)))


def organisations_by_legal_form(*, limit: int = 12) -> tuple[Tally, ...]:
    """The commonest legal forms, most first; forms beyond `limit` are summed as "Other forms"."""
    counts = _counts_by("legal_form")
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    tallies = [Tally(value, value or "Not known", n) for value, n in ranked[:limit]]
    rest = sum(n for _, n in ranked[limit:])
    if rest:
        tallies.append(Tally("", "Other forms", rest))
    return tuple(tallies)


def organisations_by_income_band() -> tuple[Tally, ...]:
    """Organisations per NCVO income band, smallest band first, then those with no known income."""
    counts = _counts_by("income_band")
    tallies = [Tally(band.code, band.label, counts.get(band.code, 0)) for band in income_bands()]
    if counts.get(""):
        tallies.append(Tally("", "Income not known", counts[""]))
    return tuple(tallies)


def organisations_by_source() -> tuple[SourceTally, ...]:
    """Organisations per source, with the source's latest import and extract.

    The dates come from the small table of import runs, so this stays quick at national scale.
    """
    # Distinct: an organisation a curator linked another record into holds both records' sources.
    counts = SourceRecord.objects.order_by().values("source").annotate(n=Count("organisation", distinct=True))
    runs = {
        row["kind"]: row
        for row in ImportRun.objects.order_by()
        .values("kind")
        .annotate(last_imported=Max("finished_at"), latest_extract=Max("extract_date"))
    }
    tallies = [
        SourceTally(
            source=row["source"],
            label=SOURCE_LABELS.get(row["source"], row["source"]),
            count=row["n"],
            last_imported=runs.get(row["source"], {}).get("last_imported"),
            latest_extract=runs.get(row["source"], {}).get("latest_extract"),
        )
        for row in counts
    ]
    return tuple(sorted(tallies, key=lambda t: (-t.count, t.label)))


def register_summary() -> RegisterSummary:
    """Everything the home page says about the register."""
    return RegisterSummary(
        total=Organisation.objects.listed().count(),
        by_status=organisations_by_status(),
        by_legal_form=organisations_by_legal_form(),
        by_income_band=organisations_by_income_band(),
        by_source=organisations_by_source(),
    )
