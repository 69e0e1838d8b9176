"""Importing a council-size Open Referral UK feed: a tabular data package of 50,000 services generated in
the standard's own format (the shipped descriptor's tables and columns), imported into a database that
holds the shipped postcodes, so locations are placed by their postcodes' points.

Each service belongs to one of N/10 organisations (a tenth of them with a charity number, a tenth with a
company number), runs at one location with a real UK address and postcode, opens one or two days a
week, serves one area, has a contact with a phone, a language, funding, a cost option and one or two
categories from a taxonomy of 24 terms.

- `import_oruk_50k_seconds`: `import_source oruk` of the package, every cell and service checked,
  organisations linked or made, services written and locations placed (into whatever the database
  holds: `make bench` imports it into the national register); `import_oruk_read_seconds`, `…_link_…`,
  `…_write_…` and `…_search_index_seconds` are the import's own steps, from its run's notes;
- `oruk_services_p50_ms`, `oruk_services_p95_ms`: `GET /oruk/services?search=<word>&postcode=<pc>&
  proximity=<metres>` over the imported services, through Django's test client: a word of the
  services' names or categories, the postcode of one of their locations and 1 to 10 km, drawn with a
  fixed seed; each request from its own address (the API's rate limit is per address), one to warm,
  then REQUESTS timed.

    DATABASE_URL=sqlite:///… python -m bench.oruk [--services 50000]      # prints one JSON object
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import statistics
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work" / "oruk"
POSTCODES = REPO / "data" / "geo" / "postcodes" / "charity_postcodes.csv"
DESCRIPTOR = REPO / "data" / "openreferral" / "oruk-3.0" / "datapackage.json"
SERVICES = 50_000
SEED = 360
REQUESTS = 300
PROXIMITIES = (1000, 2000, 5000, 10000)
STEPS = {
    "read and check": "read",
    "link organisations": "link",
    "write": "write",
    "refresh the search index": "search_index",
}
NAMESPACE = uuid.UUID("2f0c4c8e-6c1b-4d4e-9a3a-0b5e2d1f7c90")
KINDS = (
    "Community",
    "Youth",
    "Carers'",
    "Older People's",
    "Family",
    "Refugee",
    "Veterans'",
    "Women's",
    "Mental Health",
    "Food",
    "Housing",
    "Debt",
    "Disability",
    "Men's",
    "Parents'",
)
WHATS = (
    "Drop-in",
    "Lunch Club",
    "Advice Service",
    "Support Group",
    "Food Bank",
    "Befriending",
    "Counselling",
    "Walking Group",
    "Coffee Morning",
    "Homework Club",
    "Clinic",
    "Art Group",
)
PLACES = (
    "Riverside",
    "Oakfield",
    "St Mary's",
    "Northgate",
    "Hillside",
    "Westfield",
    "Brookside",
    "Elmwood",
    "Parkside",
    "Fairfield",
    "Ashgrove",
    "Kingsway",
    "Meadowbank",
    "Southside",
    "Holywell",
    "Greenbank",
    "Abbey",
    "Castle",
    "Harbour",
    "Moorland",
    "Millbrook",
    "Springfield",
    "Beechwood",
    "Orchard",
)
BODIES = ("Trust", "Association", "Foundation", "Project", "Network", "Partnership", "Centre", "Forum")
TERMS = (
    "Advice and guidance",
    "Befriending",
    "Carers",
    "Children and families",
    "Debt and money",
    "Disability",
    "Domestic abuse",
    "Education and learning",
    "Employment",
    "Food",
    "Health",
    "Housing",
    "Isolation and loneliness",
    "Mental health",
    "Older people",
    "Physical activity",
    "Refugees and asylum",
    "Sexual health",
    "Substance misuse",
    "Transport",
    "Veterans",
    "Volunteering",
    "Women",
    "Young people",
)
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA")
STREETS = (
    "High Street",
    "Church Road",
    "Station Road",
    "Victoria Road",
    "Mill Lane",
    "Park Road",
    "King Street",
    "Queen's Road",
    "London Road",
    "Market Place",
)


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def _places() -> list[dict[str, str]]:
    with POSTCODES.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["latitude"] and row["lad_name_current"]]


class Tables:
    """The package's CSV files, written a row at a time with the descriptor's columns."""

    def __init__(self, folder: Path) -> None:
        descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
        self.handles: dict[str, Any] = {}
        self.writers: dict[str, csv.DictWriter[str]] = {}
        for resource in descriptor["resources"]:
            handle = (folder / resource["path"]).open("w", encoding="utf-8", newline="")
            columns = [field["name"] for field in resource["schema"]["fields"]]
            self.handles[resource["name"]] = handle
            self.writers[resource["name"]] = csv.DictWriter(handle, columns)
            self.writers[resource["name"]].writeheader()

    def add(self, table: str, **row: object) -> None:
        self.writers[table].writerow(row)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def _organisations(tables: Tables, count: int, places: list[dict[str, str]], rng: random.Random) -> None:
    for number in range(count):
        town = rng.choice(places)["lad_name_current"]
        name = f"{rng.choice(PLACES)} {town} {rng.choice(KINDS)} {rng.choice(BODIES)}"
        organisation = _id("organisation", number)
        tables.add(
            "organization",
            id=organisation,
            name=name,
            description=f"{name}: a local charity.",
            email=f"info{number}@example.org.uk",
            website=f"https://org{number}.example.org.uk",
        )
        if number % 10 == 1:
            tables.add(
                "organization_identifier",
                id=_id("identifier", number),
                organization_id=organisation,
                identifier_scheme="GB-CHC",
                identifier_type="Charity number",
                identifier=str(1_190_000 + number),
            )
        elif number % 10 == 2:
            tables.add(
                "organization_identifier",
                id=_id("identifier", number),
                organization_id=organisation,
                identifier_scheme="GB-COH",
                identifier_type="Company number",
                identifier=f"{14_000_000 + number:08d}",
            )


def _taxonomy(tables: Tables) -> None:
    taxonomy = _id("taxonomy")
    tables.add(
        "taxonomy",
        id=taxonomy,
        name="Council service categories",
        description="Categories",
        uri="https://example.gov.uk/categories",
        version="2025",
    )
    for number, term in enumerate(TERMS):
        tables.add(
            "taxonomy_term",
            id=_id("term", number),
            name=term,
            description=term,
            taxonomy="council",
            taxonomy_id=taxonomy,
            term=f"C{number:02d}",
        )


def _service(
    tables: Tables, number: int, organisations: int, place: dict[str, str], rng: random.Random
) -> None:
    service = _id("service", number)
    name = f"{rng.choice(KINDS)} {rng.choice(WHATS)}"
    tables.add(
        "service",
        id=service,
        organization_id=_id("organisation", number % organisations),
        name=name,
        description=f"{name} in {place['lad_name_current']}, open to everyone.",
        status="active",
        email=f"service{number}@example.org.uk",
        url=f"https://example.org.uk/services/{number}",
        minimum_age=rng.choice(("", "16", "18", "60")),
        assured_date="2025-04-01",
        last_modified="2025-06-30T09:00:00Z",
    )
    location, at = _id("location", number), _id("service_at_location", number)
    tables.add(
        "location",
        id=location,
        location_type="physical",
        name=f"{place['lad_name_current']} Hall",
        latitude=place["latitude"],
        longitude=place["longitude"],
    )
    tables.add(
        "address",
        id=_id("address", number),
        location_id=location,
        address_type="physical",
        address_1=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
        city=place["lad_name_current"],
        state_province="England",
        postal_code=place["postcode"],
        country="GB",
    )
    tables.add("service_at_location", id=at, service_id=service, location_id=location)
    for day in rng.sample(DAYS, rng.randint(1, 2)):
        tables.add(
            "schedule",
            id=_id("schedule", number, day),
            service_id=service,
            freq="WEEKLY",
            byday=day,
            opens_at="10:00:00",
            closes_at="14:00:00",
            valid_from="2025-01-01",
        )
    tables.add("service_area", id=_id("area", number), service_id=service, name=place["lad_name_current"])
    contact = _id("contact", number)
    tables.add("contact", id=contact, service_id=service, name="Duty Coordinator", title="Coordinator")
    tables.add(
        "phone", id=_id("phone", number), contact_id=contact, number=f"0{rng.randint(1000000000, 2099999999)}"
    )
    tables.add("language", id=_id("language", number), service_id=service)
    tables.add(
        "funding", id=_id("funding", number), service_id=service, source="The council's community fund"
    )
    tables.add(
        "cost_option",
        id=_id("cost", number),
        service_id=service,
        option="Per session",
        amount=rng.choice(("0", "2.50", "5")),
        amount_description="per visit",
    )
    for term in rng.sample(range(len(TERMS)), rng.randint(1, 2)):
        tables.add(
            "attribute",
            id=_id("attribute", number, term),
            link_id=service,
            taxonomy_term_id=_id("term", term),
        )


def generate(services: int = SERVICES, seed: int = SEED) -> Path:
    """Write a data package of `services` services (cached in bench/work/oruk) and return its folder."""
    folder = WORK / f"package-{services}-{seed}"
    if (folder / "datapackage.json").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    places = _places()
    tables = Tables(folder)
    organisations = max(1, services // 10)
    _organisations(tables, organisations, places, rng)
    _taxonomy(tables)
    for number in range(services):
        _service(tables, number, organisations, rng.choice(places), rng)
    tables.close()
    shutil.copyfile(DESCRIPTOR, folder / "datapackage.json")
    return folder


def _rows(folder: Path) -> Iterator[int]:
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8") as handle:
            yield sum(1 for _ in handle) - 1


def _steps(notes: str) -> dict[str, float]:
    """The import's own steps, from its run's notes ('Seconds to write: 12.3; …')."""
    found = re.findall(r"Seconds to ([a-z ]+): ([0-9.]+)", notes)
    return {f"import_oruk_{STEPS[step]}_seconds": float(value) for step, value in found if step in STEPS}


def _p(timings: list[float], at: int) -> float:
    return round(statistics.quantiles(timings, n=100)[at - 1] * 1000, 1)


def api_timings(requests: int = REQUESTS, seed: int = SEED) -> dict[str, float]:
    """The 50th and 95th percentiles of `GET /oruk/services` searches near a postcode (see the note)."""
    from django.test import Client

    from commoncause.services.models import Location

    rng = random.Random(seed)
    postcodes = sorted(set(Location.objects.exclude(postcode="").values_list("postcode", flat=True)))
    words = sorted(
        {word.lower() for text in (*KINDS, *WHATS, *TERMS) for word in re.findall(r"\w{4,}", text)}
    )
    client = Client(HTTP_HOST="localhost")
    timings = []
    for number in range(requests + 1):
        query = {"search": rng.choice(words), "postcode": rng.choice(postcodes)}
        query["proximity"] = str(rng.choice(PROXIMITIES))
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        start = time.perf_counter()
        response = client.get("/oruk/services", query, REMOTE_ADDR=address)
        seconds = time.perf_counter() - start
        assert response.status_code == 200, (query, response.status_code)
        if number:  # the first warms the process
            timings.append(seconds)
    return {"oruk_services_p50_ms": _p(timings, 50), "oruk_services_p95_ms": _p(timings, 95)}


def measure(services: int = SERVICES) -> dict[str, float]:
    """Migrate, load the shipped postcodes, time the import of a generated package, then the API."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from commoncause.register.models import ImportRun

    folder = generate(services)
    call_command("migrate", "--no-input", verbosity=0)
    call_command("import_source", "postcodes", str(POSTCODES), no_progress=True)
    start = time.perf_counter()
    call_command("import_source", "oruk", str(folder), no_progress=True)
    seconds = time.perf_counter() - start
    key = "import_oruk_50k_seconds" if services == SERVICES else f"import_oruk_{services}_seconds"
    run = ImportRun.objects.filter(kind="oruk").latest("pk")
    return {
        key: round(seconds, 1),
        **_steps(run.notes),
        "import_oruk_rows": sum(_rows(folder)),
        **api_timings(),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time importing a generated ORUK data package.")
    parser.add_argument("--services", type=int, default=SERVICES)
    print(json.dumps(measure(parser.parse_args().services)))
