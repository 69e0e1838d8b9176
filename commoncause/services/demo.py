"""Example services for the demo council, drawn from its real organisations' register entries.

No real open Open Referral feed can be shipped (the validator's mocks are test material: the Test feed
is 128 copies of one example, at coordinates of 100, 101). So `load_demo_data` gives each of the demo
council's placed organisations that publishes what it does one example service: its published
activities as the description, its registered address and postcode as the place, its classifications'
themes as the categories. Nothing else is made up: no timetable, cost or phone number the register
does not hold. Each is marked as an example on every page (`ServiceSource.EXAMPLE`) and, in the Open
Referral feed, by its `alert`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Max, Q
from django.utils import timezone

from commoncause.places.models import OrganisationPlace
from commoncause.places.selectors import GONE
from commoncause.places.themes import organisation_themes
from commoncause.register.models import Organisation
from commoncause.services.categories import categories_ensure
from commoncause.services.editing import document_from_form
from commoncause.services.models import Service, ServiceSource
from commoncause.services.oruk.writing import service_document_save
from commoncause.sources.values import prose

DEMO_COUNCIL = "E09000033"  # Westminster
MOST_EXAMPLES = 60
NAMESPACE = uuid.UUID("1b0c8f5e-2f7d-5d59-8a3a-6a2d3b9e4c21")  # the demo's example services
EXAMPLE_ALERT = (
    "An example drawn from the organisation's register entry (its published activities and registered "
    "address): check with the organisation before you go."
)


def example_service_id(organisation: Organisation) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, str(organisation.pk))


def _reviewed(organisation: Organisation) -> dt.datetime:
    """When the register last confirmed the entry the example is drawn from."""
    confirmed = organisation.source_records.aggregate(last=Max("last_confirmed"))["last"]
    if confirmed is None:
        return timezone.now()
    return dt.datetime.combine(confirmed, dt.time(), tzinfo=dt.UTC)


def _first_line(address: str, name: str) -> str:
    """The first line of a register address that is not the organisation's name again."""
    lines = (line.strip() for line in address.replace(",", "\n").splitlines())
    return next((line for line in lines if line and line.casefold() != name.strip().casefold()), "")


def example_services_make(council_code: str = DEMO_COUNCIL, *, most: int = MOST_EXAMPLES) -> int:
    """One example service for each of the council's placed, live organisations that publish their
    activities and have a postcode (the first `most` by name); those made before are left as they are.
    Returns how many were made."""
    categories_ensure()
    # The first `most` by name, read from the council's placed organisations joined to their records
    # (a few thousand rows), not from every organisation filtered by a list of them.
    chosen = list(
        OrganisationPlace.objects.filter(local_authority=council_code)
        .filter(Q(organisation__merged_into__isnull=True) & ~Q(organisation__status__in=GONE))
        .exclude(organisation__activities="")
        .exclude(organisation__postcode="")
        .order_by("organisation__name", "organisation_id")
        .values_list("organisation_id", flat=True)[:most]
    )
    organisations = list(Organisation.objects.filter(pk__in=chosen).order_by("name", "pk"))
    themes = organisation_themes(organisation.pk for organisation in organisations)
    made = 0
    for organisation in organisations:
        service_id = example_service_id(organisation)
        if Service.objects.filter(pk=service_id).exists():
            continue
        form = {
            "name": organisation.name,
            "description": prose(organisation.activities),
            "status": "active",
            "categories": sorted(themes.get(organisation.pk, ())),
            "address_1": _first_line(organisation.address, organisation.name) or organisation.name,
            "city": "London" if council_code == DEMO_COUNCIL else "",
            "postcode": organisation.postcode,
            "url": organisation.website,
        }
        document = document_from_form(form, service_id=service_id, organisation=organisation, current={})
        document["alert"] = EXAMPLE_ALERT
        if not str(document.get("url", "")).startswith(("http://", "https://")):
            document.pop("url", None)  # the register's website as written, not a web address
        service_document_save(
            document,
            organisation=organisation,
            source=ServiceSource.EXAMPLE,
            note="An example drawn from the register entry",
            reviewed_at=_reviewed(organisation),
        )
        made += 1
    return made


def demo_services() -> str:
    """Run by `load_demo_data` once the demo's organisations are placed."""
    made = example_services_make()
    total = Service.objects.filter(source=ServiceSource.EXAMPLE).count()
    return (
        f"Example services drawn from Westminster's register entries: {made} made, {total} in all "
        "(each marked as an example)."
    )
