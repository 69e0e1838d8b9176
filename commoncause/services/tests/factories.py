"""Services to test with, built through the ORM: the UK profile's own example (`community_counselling`,
from `examples/service_full.json`, with its ids) and a few Westminster services at real postcodes
(`westminster_service`).

Postcodes and points are real rows of `data/geo/postcodes/charity_postcodes.csv` (load them with
`load_postcodes`, as the places tests do): SW1A 2AX by Whitehall and SW1P 3AZ by Westminster Abbey
(St James's ward, E05013806), W1D 3JB in Soho (West End, E05013808) and W2 1EG (Church Street,
E05013794), all in Westminster (E09000033).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from commoncause.register.models import Organisation, OrgIdentifier
from commoncause.services.models import (
    Accessibility,
    Address,
    Attribute,
    AttributeLink,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

POSTCODES = Path(settings.DATA_DIR) / "geo" / "postcodes" / "charity_postcodes.csv"
WESTMINSTER = "E09000033"
ST_JAMESS = "E05013806"
WEST_END = "E05013808"
CONTACT_NAME = "Ann Persona"  # a person's name: must never reach an answer
ASSURER = "assurer.person@example.com"


class Place(NamedTuple):
    postcode: str
    latitude: float
    longitude: float
    ward: str


WHITEHALL = Place("SW1A 2AX", 51.504981, -0.127261, ST_JAMESS)
ABBEY = Place("SW1P 3AZ", 51.497937, -0.129351, ST_JAMESS)
SOHO = Place("W1D 3JB", 51.514243, -0.131796, WEST_END)
PADDINGTON = Place("W2 1EG", 51.523145, -0.174029, "E05013794")


def load_postcodes() -> None:
    """The real postcodes the places app imports (their points, wards and councils)."""
    call_command("import_source", "postcodes", str(POSTCODES), no_progress=True)


def organisation(
    name: str = "Westminster Community Trust", *, org_id: str = "GB-CHC-1012345"
) -> Organisation:
    found = Organisation.objects.create(name=name, activities=f"{name} runs services for local people.")
    scheme, value = org_id.rsplit("-", 1)
    OrgIdentifier.objects.create(
        organisation=found, org_id=org_id, scheme=scheme, value=value, is_primary=True
    )
    return found


def taxonomy_term(name: str = "Counselling", *, code: str = "counselling") -> TaxonomyTerm:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name="Local Government Service List",
        defaults={
            "description": "The LGSL",
            "uri": "https://standards.esd.org.uk/?uri=list/englishAndWelshServices",
        },
    )
    return TaxonomyTerm.objects.create(
        name=name, description=f"{name} services", taxonomy=taxonomy, taxonomy_name=taxonomy.name, term=code
    )


def located(service: Service, place: Place, *, name: str = "") -> ServiceAtLocation:
    """The service at a new physical location at `place`, with its address."""
    where = Location.objects.create(
        name=name or f"{service.name} at {place.postcode}",
        latitude=place.latitude,
        longitude=place.longitude,
        postcode=place.postcode,
        point_lat=place.latitude,
        point_lon=place.longitude,
        ward_code=place.ward,
        council_code=WESTMINSTER,
    )
    Address.objects.create(
        location=where, address_1="1 Test Street", city="London", postal_code=place.postcode
    )
    return ServiceAtLocation.objects.create(service=service, location=where)


def westminster_service(  # noqa: PLR0913 (each is a way a service differs)
    name: str,
    *,
    by: Organisation | None = None,
    place: Place | None = WHITEHALL,
    ages: tuple[float | None, float | None] = (None, None),
    byday: str = "",
    hours: tuple[str, str] | None = None,
    areas: tuple[str, ...] = (),
    words: str = "",
    modified: dt.datetime | None = None,
) -> Service:
    """A Westminster service: where it is, for what ages, on which days and hours, the areas it serves."""
    service = Service.objects.create(
        organisation=by,
        name=name,
        description=f"{name}: {words}",
        minimum_age=ages[0],
        maximum_age=ages[1],
        search_text=f"{name} {words}".lower(),
        last_modified=modified or timezone.now(),
    )
    if place is not None:
        located(service, place)
    if byday or hours:
        opens, closes = hours or ("", "")
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=byday,
            opens_at=dt.time.fromisoformat(opens) if opens else None,
            closes_at=dt.time.fromisoformat(closes) if closes else None,
        )
    for code in areas:
        ServiceArea.objects.create(service=service, name=code, gss_code=code)
    return service


EXAMPLE = {
    "service": uuid.UUID("ac148810-d857-441c-9679-408f346de14b"),
    "organisation": uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"),
    "service_at_location": uuid.UUID("e94c9f38-1e8f-4564-91d4-d53501ab1765"),
    "location": uuid.UUID("3a19ff88-4620-4d17-9830-ac1d859eb5d5"),
    "contact": uuid.UUID("1e7efce3-639b-4880-940c-b95cd30cdb50"),
    "taxonomy_term": uuid.UUID("3f7b145d-84af-42d7-8fae-eaca714b02b2"),
}


def community_counselling() -> Service:
    """The profile's example service (examples/service_full.json), its ids kept, placed at Whitehall
    (the example's own point, 100/101, is nowhere) and run by a registered charity."""
    example_org = Organisation.objects.create(
        id=EXAMPLE["organisation"],
        name="Example Organization Inc.",
        activities="Example Org is a non-profit organization dedicated to providing services",
        email="email@example.com",
        website="example.com",
    )
    OrgIdentifier.objects.create(
        organisation=example_org, org_id="GB-COH-01234567", scheme="GB-COH", value="01234567"
    )
    service = Service.objects.create(
        id=EXAMPLE["service"],
        organisation=example_org,
        name="Community Counselling",
        description="Counselling Services provided by trained professionals.",
        url="http://example.com/counselling",
        email="email@example.com",
        fees="fees_description",
        accreditations="All of our practitioners are accredited by the BASC, UKCP",
        minimum_age=12,
        maximum_age=100,
        assured_date=dt.date(2005, 1, 1),
        assurer_email=ASSURER,
        alert="Following COVID-19 we have moved most of our counselling sessions online.",
        last_modified=dt.datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=dt.UTC),
        search_text="community counselling anxiety depression counselling",
    )
    Schedule.objects.create(
        id=uuid.UUID("48102e86-bb50-41c4-8f1e-e269368c41d1"), service=service, valid_from=dt.date(2005, 1, 1),
        valid_to=dt.date(2005, 1, 1), dtstart=dt.date(2005, 1, 1), freq="WEEKLY", interval=1, byday="TH,FR",
        bymonthday="2,3,4", description="The service is available from 10 am to 6pm.",
        opens_at=dt.time(10), closes_at=dt.time(18), schedule_link="http://example.com",
        attending_type="In person or by video", notes="Lunch breaks vary",
    )  # fmt: skip
    ServiceArea.objects.create(
        id=uuid.UUID("381c64f1-a724-4884-9c21-ac96c21cca3e"), service=service, name="Westminster",
        extent="extent", extent_type="geojson", uri="http://example.com", service_area="All of Westminster",
        gss_code=WESTMINSTER,
    )  # fmt: skip
    sal = located(service, WHITEHALL, name="MyCity Civic Center")
    Location.objects.filter(pk=sal.location_id).update(
        external_identifier="10092008082", external_identifier_type="UPRN"
    )
    ServiceAtLocation.objects.filter(pk=sal.pk).update(id=EXAMPLE["service_at_location"])
    Accessibility.objects.create(
        location_id=sal.location_id, description="Induction loops; wheelchair access on all levels.",
        details="Switch hearing aid to T-coil.", url="http://example.com", accessibility="Induction loop",
    )  # fmt: skip
    Phone.objects.create(location_id=sal.location_id, number="020 7946 0000", description="Reception")
    Language.objects.create(service=service, name="English", code="en")
    Funding.objects.create(service=service, source="MyCity local government and charitable grants")
    CostOption.objects.create(
        service=service, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2022, 12, 31),
        option="Under 18s and Over 60s", amount=Decimal("35.00"), amount_description="per 1 hour session",
    )  # fmt: skip
    contact = Contact.objects.create(
        id=EXAMPLE["contact"], service=service, name=CONTACT_NAME, title="Reception Manager"
    )
    Phone.objects.create(contact=contact, number="020 7946 0001", description="Reception desk")
    term = taxonomy_term("Counselling")
    TaxonomyTerm.objects.filter(pk=term.pk).update(id=EXAMPLE["taxonomy_term"])
    Attribute.objects.create(
        link_id=service.id, link_entity=AttributeLink.SERVICE, link_type="service_type",
        taxonomy_term_id=EXAMPLE["taxonomy_term"],
    )  # fmt: skip
    return service


class Directory(NamedTuple):
    """A small public directory, with services that must never be served beside it."""

    counselling: Service  # the profile's example: Whitehall, Th-Fr 10:00-18:00, ages 12 to 100
    youth: Service  # Soho, serves West End ward, Mo and We 16:00-20:00, ages 11 to 18
    lunch: Service  # by the Abbey, Tuesdays 12:00-14:00, from 60
    advice: Service  # no organisation and no place, serves Camden only
    food: Service  # Paddington (W2 1EG), serves no area we know
    merged: Service  # of an organisation linked into another record
    removed: Service  # of a removed charity


def directory() -> Directory:
    trust = organisation()
    gone = organisation("Closed Charity", org_id="GB-CHC-1099999")
    gone.status = "removed"
    gone.save()
    linked = organisation("Old Record Of The Trust", org_id="GB-CHC-1088888")
    linked.merged_into = trust
    linked.save()
    return Directory(
        counselling=community_counselling(),
        youth=westminster_service(
            "Youth club", by=trust, place=SOHO, ages=(11, 18), byday="MO,WE", hours=("16:00", "20:00"),
            areas=(WEST_END,), words="games sport",
        ),
        lunch=westminster_service(
            "Lunch club", by=trust, place=ABBEY, ages=(60, None), byday="TU", hours=("12:00", "14:00"),
            words="older people meals",
        ),
        advice=westminster_service("Advice line", place=None, areas=("E09000007",), words="benefits debt"),
        food=westminster_service(
            "Food bank", by=organisation("Paddington Pantry", org_id="GB-CHC-1077777"), place=PADDINGTON,
            words="food parcels", modified=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        ),
        merged=westminster_service("Merged record's service", by=linked, words="hidden"),
        removed=westminster_service("Removed charity's service", by=gone, words="hidden"),
    )  # fmt: skip


def example_taxonomy() -> Taxonomy:
    """The taxonomy of the example's term (other tests may leave taxonomies of their own)."""
    taxonomy = TaxonomyTerm.objects.select_related("taxonomy").get(pk=EXAMPLE["taxonomy_term"]).taxonomy
    assert taxonomy is not None
    return taxonomy
