"""What the importer keeps of each checked record: a compact row `(org number, table code, digest, …)`.

Child rows are kept nearly as they will be written (text cut to its column's length), so the second
pass only adds the organisation's identifier. Individual trustees keep no name: only that they exist.
Values are read with the parsers every importer uses (`commoncause.sources.values`, `orgids`), on
text the checker (`rows`) has already passed in its plain form.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from django.db import models

from commoncause.register import models as register
from commoncause.sources.bulk import concrete_field
from commoncause.sources.ccew.rows import BOOLS, iso_day
from commoncause.sources.ccew.tables import TABLES, words
from commoncause.sources.orgids import company_number
from commoncause.sources.values import (
    postcode_value,
    pounds_from_text,
    prose,
    text,
    website_value,
    whole_from_text,
)

CHARITY, HISTORY, PART_A, PART_B, AREA, CLASSIFICATION, EVENT = range(7)
GOVERNING, OTHER_NAME, REGULATOR, POLICY, REPORT, TRUSTEE = range(7, 13)
FLAGS = words(
    "charity_insolvent charity_in_administration charity_previously_excepted charity_is_cio cio_is_dissolved "
    "charity_gift_aid charity_has_land"
)
INDIVIDUAL = 0x5EC0_7E57_1D1A_0001  # the fingerprint of every individual trustee: counted, never read
PERIOD = {
    "fin_period_start_date",
    "fin_period_end_date",
    "latest_fin_period_submitted_ind",
    "fin_period_order_number",
}


def _length(model: type[models.Model], name: str) -> int:
    length = concrete_field(model, name).max_length
    if length is None:
        raise TypeError(f"{model.__name__}.{name} has no length limit")
    return length


NAME = _length(register.Organisation, "name")
PHONE = _length(register.Organisation, "phone")
EMAIL = _length(register.Organisation, "email")
DETAIL = _length(register.Organisation, "status_detail")
LEGAL_FORM = _length(register.Organisation, "legal_form")
AREA_TYPE = _length(register.AreaOfOperation, "area_type")
AREA_NAME = _length(register.AreaOfOperation, "name")
EVENT_TYPE = _length(register.OrganisationEvent, "event_type")
REASON = _length(register.OrganisationEvent, "reason")
NAME_TYPE = _length(register.OtherName, "name_type")
CODE = _length(register.Classification, "code")


def _getter(table: str, names: str) -> Callable[[list[str]], tuple]:
    return itemgetter(*[TABLES[table].index[name] for name in names.split()])


class Keepers:
    """One keeper per table; areas get their GSS code from the lookup given."""

    def __init__(self, gss: dict[str, str]) -> None:
        self.gss = gss
        self.by_table: dict[str, Callable[[list[str], int], tuple]] = {
            "charity": charity,
            "charity_annual_return_history": history,
            "charity_annual_return_parta": _part("charity_annual_return_parta", PART_A, "count_volunteers"),
            "charity_annual_return_partb": _part("charity_annual_return_partb", PART_B, "count_employees"),
            "charity_area_of_operation": self.area,
            "charity_classification": classification,
            "charity_event_history": event,
            "charity_governing_document": governing,
            "charity_other_names": other_name,
            "charity_other_regulators": regulator,
            "charity_policy": policy,
            "charity_published_report": report,
            "charity_trustee": trustee,
        }

    def area(self, f: list[str], d: int) -> tuple:
        org, kind, name, parent_kind, parent = _AREA(f)
        name = name.strip()
        gss = self.gss.get(name.upper(), "")
        return (
            int(org),
            AREA,
            d,
            kind[:AREA_TYPE],
            name[:AREA_NAME],
            parent_kind[:AREA_TYPE],
            parent.strip()[:AREA_NAME],
            gss,
        )


_CHARITY = _getter(
    "charity",
    "organisation_number registered_charity_number linked_charity_number charity_name charity_type "
    "charity_registration_status date_of_registration date_of_removal charity_reporting_status "
    "latest_acc_fin_period_end_date latest_income latest_expenditure charity_contact_postcode "
    "charity_contact_phone charity_contact_email charity_contact_web charity_company_registration_number "
    "charity_activities",
)
_ADDRESS = _getter("charity", " ".join(f"charity_contact_address{i}" for i in range(1, 6)))
_FLAGS = [(name, TABLES["charity"].index[name]) for name in FLAGS]
_OTHER_FACTS = [
    (name, TABLES["charity"].index[name]) for name in ("charity_is_cdf_or_cif", "date_cio_dissolution_notice")
]


def charity(f: list[str], d: int) -> tuple:
    (org, regno, linked, name, kind, status, registered, removed, reporting, year_end, income, spending,
     postcode, phone, email, web, company, activities) = _CHARITY(f)  # fmt: skip
    facts: dict[str, bool | str | None] = {flag: BOOLS[f[at]] for flag, at in _FLAGS if f[at]}
    facts.update(
        (fact, iso_day(f[at]) if "date" in fact else f[at].strip()) for fact, at in _OTHER_FACTS if f[at]
    )
    address = ", ".join(part.strip() for part in _ADDRESS(f) if part.strip())
    return (
        int(org), CHARITY, d, int(regno), int(linked or 0), prose(name)[:NAME], kind.strip()[:LEGAL_FORM],
        status.strip(), iso_day(registered), iso_day(removed), reporting.strip()[:DETAIL], iso_day(year_end),
        pounds_from_text(income), pounds_from_text(spending), address, postcode_value(postcode),
        text(phone)[:PHONE], text(email)[:EMAIL], website_value(web), company_number(company),
        prose(activities), facts,
    )  # fmt: skip


_HISTORY = _getter(
    "charity_annual_return_history",
    "organisation_number fin_period_start_date fin_period_end_date total_gross_income "
    "total_gross_expenditure ar_cycle_reference date_annual_return_received accounts_qualified",
)


def history(f: list[str], d: int) -> tuple:
    org, start, end, income, spending, cycle, received, qualified = _HISTORY(f)
    facts = {"ar_cycle_reference": cycle.strip()} if cycle.strip() else {}
    if received:
        facts["date_annual_return_received"] = iso_day(received)
    if qualified:
        facts["accounts_qualified"] = BOOLS[qualified]
    return (
        int(org), HISTORY, d, iso_day(end), iso_day(start), pounds_from_text(income),
        pounds_from_text(spending), facts,
    )  # fmt: skip


def _part(table: str, code: int, count: str) -> Callable[[list[str], int], tuple]:
    """Annual return part A or B: the period, one count (volunteers, employees) and every other value."""
    spec = TABLES[table]
    values = [
        (name, i, spec.kinds[name]) for i, name in enumerate(spec.names) if i > 2 and name not in PERIOD
    ]
    at = spec.index
    org_at, end_at, start_at, count_at = (
        at["organisation_number"],
        at["fin_period_end_date"],
        at["fin_period_start_date"],
        at[count],
    )
    income_at = at["total_gross_income" if code == PART_A else "income_total_income_and_endowments"]
    spending_at = at["total_gross_expenditure" if code == PART_A else "expenditure_total"]

    def keep(f: list[str], d: int) -> tuple:
        breakdown = {name: _value(kind, f[i]) for name, i, kind in values if f[i]}
        return (
            int(f[org_at]), code, d, iso_day(f[end_at]), iso_day(f[start_at]), pounds_from_text(f[income_at]),
            pounds_from_text(f[spending_at]), whole_from_text(f[count_at]), breakdown,
        )  # fmt: skip

    return keep


def _value(kind: str, value: str) -> object:
    """One value of part A or B as its column's kind reads it (whole numbers and money alike as pounds)."""
    if kind == "b":
        return BOOLS[value]
    if kind == "m":
        return pounds_from_text(value)
    if kind == "i":
        return whole_from_text(value)
    if kind == "d":
        return iso_day(value)
    return value.strip()


_AREA = _getter(
    "charity_area_of_operation",
    "organisation_number geographic_area_type geographic_area_description parent_geographic_area_type "
    "parent_geographic_area_description",
)
_CLASSIFICATION = _getter("charity_classification", "organisation_number classification_code")
_EVENT = _getter(
    "charity_event_history",
    "organisation_number event_type date_of_event reason assoc_registered_charity_number assoc_charity_name "
    "charity_event_order",
)
_GOVERNING = _getter(
    "charity_governing_document",
    "organisation_number governing_document_description charitable_objects area_of_benefit",
)
_OTHER_NAME = _getter("charity_other_names", "organisation_number charity_name charity_name_type")
_REGULATOR = _getter(
    "charity_other_regulators", "organisation_number regulator_order regulator_name regulator_web_url"
)
_POLICY = _getter("charity_policy", "organisation_number policy_name")
_REPORT = _getter(
    "charity_published_report", "organisation_number report_name report_location date_published"
)
_TRUSTEE = _getter(
    "charity_trustee", "organisation_number individual_or_organisation trustee_name trustee_is_chair"
)


def classification(f: list[str], d: int) -> tuple:
    org, code = _CLASSIFICATION(f)
    return (int(org), CLASSIFICATION, d, code[:CODE])


def event(f: list[str], d: int) -> tuple:
    org, kind, day, reason, regno, name, order = _EVENT(f)
    associated = f"GB-CHC-{regno}" if regno else ""
    return (
        int(org),
        EVENT,
        d,
        kind.strip()[:EVENT_TYPE],
        iso_day(day),
        reason.strip()[:REASON],
        name.strip()[:NAME],
        associated,
        whole_from_text(order),
    )


def governing(f: list[str], d: int) -> tuple:
    org, document, objects, benefit = _GOVERNING(f)
    return (int(org), GOVERNING, d, document.strip(), prose(objects), prose(benefit))


def other_name(f: list[str], d: int) -> tuple:
    org, name, kind = _OTHER_NAME(f)
    return (int(org), OTHER_NAME, d, prose(name)[:NAME], kind.strip()[:NAME_TYPE])


def regulator(f: list[str], d: int) -> tuple:
    org, order, name, url = _REGULATOR(f)
    return (int(org), REGULATOR, d, whole_from_text(order), name.strip(), url.strip())


def policy(f: list[str], d: int) -> tuple:
    org, name = _POLICY(f)
    return (int(org), POLICY, d, name.strip())


def report(f: list[str], d: int) -> tuple:
    org, name, url, day = _REPORT(f)
    return (int(org), REPORT, d, name.strip(), url.strip(), iso_day(day))


def trustee(f: list[str], d: int) -> tuple:
    """An organisation that is a trustee is named; an individual is only counted."""
    org, kind, name, chair = _TRUSTEE(f)
    if kind.strip() != "O":
        return (int(org), TRUSTEE, INDIVIDUAL, "P")
    return (int(org), TRUSTEE, d, "O", name.strip()[:NAME], BOOLS[chair] or False)
