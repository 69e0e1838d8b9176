"""The 13 tables of the Charity Commission for England and Wales register extract, column by column.

Column names and order are the regulator's (the same in the text and the JSON layout). Each column has
a kind, used to check values and, for the JSON layout, to know what the regulator writes as a number:
`s` text, `i` whole number, `m` money (pounds), `d` date, `b` True/False. Free-text columns are where
stray tabs inside a record belong when it has more fields than the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class TableSpec:
    """One table of the extract: its columns and kinds, and which columns hold free text."""

    name: str
    columns: tuple[tuple[str, str], ...]
    free_text: tuple[str, ...]

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @cached_property
    def kinds(self) -> dict[str, str]:
        return dict(self.columns)

    @cached_property
    def index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}

    @property
    def file_stem(self) -> str:
        return f"publicextract.{self.name}"


def words(text: str) -> list[str]:
    """'a b c' -> ['a', 'b', 'c']: long lists of names written as one string."""
    return text.split()


def _columns(spec: str) -> tuple[tuple[str, str], ...]:
    """'name:kind name:kind …' (kind defaults to text) -> ((name, kind), …)."""
    pairs = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        pairs.append((name, kind or "s"))
    return tuple(pairs)


KEYS = "date_of_extract:d organisation_number:i registered_charity_number:i"
LINKED_KEYS = KEYS + " linked_charity_number:i"
PERIOD = (
    "latest_fin_period_submitted_ind:b fin_period_order_number:i ar_cycle_reference "
    "fin_period_start_date:d fin_period_end_date:d ar_due_date:d ar_received_date:d"
)
SALARY_BANDS = " ".join(
    f"count_salary_band_{band}:i"
    for band in words(
        "60001_70000 70001_80000 80001_90000 90001_100000 100001_110000 110001_120000 "
        "120001_130000 130001_140000 140001_150000 150001_200000 200001_250000 250001_300000 "
        "300001_350000 350001_400000 400001_450000 450001_500000 over_500000"
    )
)
PARTB_MONEY = " ".join(
    f"{name}:m"
    for name in words(
        "income_donations_and_legacies income_other_trading_activities "
        "income_charitable_activities income_investments income_other "
        "income_total_income_and_endowments income_legacies income_endowments "
        "expenditure_raising_funds expenditure_charitable_expenditure expenditure_other "
        "expenditure_total expenditure_investment_management expenditure_grants_institution "
        "expenditure_governance expenditure_support_costs expenditure_depreciation "
        "gain_loss_investment gain_loss_pension_fund gain_loss_revaluation_fixed_investment "
        "gain_loss_other reserves assets_total_fixed assets_own_use assets_long_term_investment "
        "defined_benefit_pension_scheme assets_other_assets assets_total_liabilities "
        "assets_current_investment assets_total_assets_and_liabilities "
        "creditors_one_year_total_current creditors_falling_due_after_one_year assets_cash "
        "funds_endowment funds_unrestricted funds_restricted funds_total"
    )
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "charity",
            _columns(
                f"{LINKED_KEYS} charity_name charity_type charity_registration_status "
                "date_of_registration:d date_of_removal:d charity_reporting_status "
                "latest_acc_fin_period_start_date:d latest_acc_fin_period_end_date:d latest_income:m "
                "latest_expenditure:m charity_contact_address1 charity_contact_address2 "
                "charity_contact_address3 charity_contact_address4 charity_contact_address5 "
                "charity_contact_postcode charity_contact_phone charity_contact_email charity_contact_web "
                "charity_company_registration_number charity_insolvent:b charity_in_administration:b "
                "charity_previously_excepted:b charity_is_cdf_or_cif charity_is_cio:b cio_is_dissolved:b "
                "date_cio_dissolution_notice:d charity_activities charity_gift_aid:b charity_has_land:b"
            ),
            ("charity_activities", "charity_name"),
        ),
        TableSpec(
            "charity_annual_return_history",
            _columns(
                f"{KEYS} fin_period_start_date:d fin_period_end_date:d ar_cycle_reference "
                "reporting_due_date:d date_annual_return_received:d date_accounts_received:d "
                "total_gross_income:m total_gross_expenditure:m accounts_qualified:b suppression_ind:b "
                "suppression_type"
            ),
            ("suppression_type",),
        ),
        TableSpec(
            "charity_annual_return_parta",
            _columns(
                f"{KEYS} {PERIOD} total_gross_income:m total_gross_expenditure:m "
                "charity_raises_funds_from_public:b charity_professional_fundraiser:b "
                "charity_agreement_professional_fundraiser:b charity_commercial_participator:b "
                "charity_agreement_commerical_participator:b grant_making_is_main_activity:b "
                "charity_receives_govt_funding_contracts:b count_govt_contracts:i "
                "charity_receives_govt_funding_grants:b count_govt_grants:i "
                "income_from_government_contracts:m income_from_government_grants:m "
                "charity_has_trading_subsidiary:b trustee_also_director_of_subsidiary:b "
                "does_trustee_receive_any_benefit:b trustee_payments_acting_as_trustee:b "
                "trustee_receives_payments_services:b trustee_receives_other_benefit:b "
                f"trustee_resigned_employment:b employees_salary_over_60k:b {SALARY_BANDS} count_volunteers:i"
            ),
            ("ar_cycle_reference",),
        ),
        TableSpec(
            "charity_annual_return_partb",
            _columns(
                f"{KEYS} {PERIOD} {PARTB_MONEY} count_employees:i charity_only_accounts:b "
                "consolidated_accounts:b"
            ),
            ("ar_cycle_reference",),
        ),
        TableSpec(
            "charity_area_of_operation",
            _columns(
                f"{LINKED_KEYS} geographic_area_type geographic_area_description "
                "parent_geographic_area_type parent_geographic_area_description welsh_ind:b"
            ),
            ("geographic_area_description",),
        ),
        TableSpec(
            "charity_classification",
            _columns(f"{LINKED_KEYS} classification_code:i classification_type classification_description"),
            ("classification_description",),
        ),
        TableSpec(
            "charity_event_history",
            _columns(
                f"{LINKED_KEYS} charity_name charity_event_order:i event_type date_of_event:d reason "
                "assoc_organisation_number:i assoc_registered_charity_number:i assoc_charity_name"
            ),
            ("reason", "charity_name", "assoc_charity_name"),
        ),
        TableSpec(
            "charity_governing_document",
            _columns(f"{LINKED_KEYS} governing_document_description charitable_objects area_of_benefit"),
            ("charitable_objects", "governing_document_description", "area_of_benefit"),
        ),
        TableSpec(
            "charity_other_names",
            _columns(f"{LINKED_KEYS} charity_name_id:i charity_name_type charity_name"),
            ("charity_name",),
        ),
        TableSpec(
            "charity_other_regulators",
            _columns(f"{KEYS} regulator_order:i regulator_name regulator_web_url"),
            ("regulator_name",),
        ),
        TableSpec(
            "charity_policy",
            _columns(f"{LINKED_KEYS} policy_name"),
            ("policy_name",),
        ),
        TableSpec(
            "charity_published_report",
            _columns(f"{LINKED_KEYS} report_name report_location date_published:d"),
            ("report_name",),
        ),
        TableSpec(
            "charity_trustee",
            _columns(
                f"{LINKED_KEYS} trustee_id:i trustee_name trustee_is_chair:b individual_or_organisation "
                "trustee_date_of_appointment:d"
            ),
            ("trustee_name",),
        ),
    )
}

# The charity table is read first: it says which organisations exist and sizes the work.
TABLE_ORDER: tuple[str, ...] = ("charity", *sorted(name for name in TABLES if name != "charity"))
