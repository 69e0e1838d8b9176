"""Realistic words for the generated CCEW extract, taken from the 2,000 real charities shipped in
`data/demo/ukcat_sample_ccew_2000.csv`, so searching the generated register behaves like the real one."""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from commoncause.sources.ccew.tables import words

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "demo" / "ukcat_sample_ccew_2000.csv"
REFERENCE = REPO / "data" / "reference"

FIRST_NAMES = words(
    "Aisha Alan Amy Ben Carol Chloe Daniel David Deborah Emma Fatima Gareth Grace Hannah Ian James Jane "
    "John Karen Liam Linda Mark Mary Mohammed Nicola Olivia Owen Peter Priya Rachel Richard Ruth Sam Sarah "
    "Simon Sophie Susan Thomas Tom Wendy"
)
SURNAMES = words(
    "Ahmed Bailey Baker Begum Brown Clarke Davies Evans Green Hall Harris Hughes Jackson James Jones Khan "
    "Lewis Martin Morgan Patel Phillips Price Roberts Robinson Singh Smith Taylor Thomas Thompson Walker "
    "White Williams Wilson Wood Wright Young"
)
TITLES = ("", "", "", "Mr ", "Mrs ", "Ms ", "Dr ", "Revd ")


@dataclass(frozen=True)
class Vocabulary:
    """Real names, sentences of activities and objects, postcodes, and the regulator's code lists."""

    names: list[list[str]]
    activities: list[str]
    objects: list[str]
    postcodes: list[str]
    classifications: list[tuple[str, str, str]]  # code, What/Who/How, description
    areas: list[tuple[str, str, str, str]]  # area type, name, parent type, parent name

    def charity_name(self, rng: random.Random) -> str:
        first, second = rng.choice(self.names), rng.choice(self.names)
        if rng.random() < 0.1 or len(first) + len(second) < 3:
            return " ".join(first)
        head = first[: max(1, len(first) // 2)]
        tail = second[len(second) // 2 :]
        return " ".join(head + tail)

    def activity(self, rng: random.Random) -> str:
        return " ".join(rng.choice(self.activities) for _ in range(rng.choice((1, 1, 2, 3))))

    def charitable_objects(self, rng: random.Random) -> str:
        return rng.choice(self.objects)

    def person(self, rng: random.Random) -> str:
        return f"{rng.choice(TITLES)}{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def vocabulary() -> Vocabulary:
    """Read the word lists (once per generation)."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [row["name"].split() for row in rows if row["name"].strip()]
    activities = [
        sentence.strip().rstrip(".") + "."
        for row in rows
        for sentence in re.split(r"(?<=[.!?])\s+", row["activities"])
        if len(sentence.strip()) > 12
    ]
    objects = [row["objects"].strip()[:900] for row in rows if len(row["objects"].strip()) > 20]
    postcodes = [row["postcode"] for row in rows if row["postcode"]]
    return Vocabulary(names, activities, objects, postcodes, _classifications(), _areas())


def _classifications() -> list[tuple[str, str, str]]:
    kinds = {"theme": "What", "beneficiaries": "Who", "activities": "How"}
    with (REFERENCE / "classification-ccew.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["code"], kinds[row["category"]], row["name"]) for row in csv.DictReader(handle)]


def _areas() -> list[tuple[str, str, str, str]]:
    continents = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "SA": "South America"}
    areas = []
    with (REFERENCE / "cc-aoo-gss-iso.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["aooname"].title()
            if row["aootype"] == "A":
                areas.append(("Region", name, "", ""))
            elif row["aootype"] == "B":
                areas.extend([("Local Authority", name, "", "")] * 4)
            elif row["aootype"] == "D":
                areas.append(("Country", name, "Continent", continents.get(row["ContinentCode"], "Europe")))
    return areas
