"""A funders' 360Giving package of 100,000 grants to the organisations of a generated CCEW extract.

The package follows the 360Giving standard (JSON, one `grants` list; each grant with id, title,
description, currency, amountAwarded, awardDate, plannedDates, recipientOrganization,
fundingOrganization, grantProgramme, beneficiaryLocation), as funders publish it. Recipients are drawn
from the extract's registered charities: most under their GB-CHC org-id with the name as the register
spells it or as a funder might (title case, "The" and "Ltd" dropped); about a fifth under a funder's
own `360G-` id only, half of them registered charities (named as above, at the register's postcode,
which linkage should find) and half groups on no register. Fixed seed; cached in `bench/work/`.

    python -m bench.generate_360giving <ccew extract folder> [--grants 100000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import zipfile
from pathlib import Path

from bench.generate_ccew import WORK

SEED = 360
GRANTS = 100_000
FUNDERS = 24
RECIPIENT_SHARE = 0.3  # distinct recipients per grant
LOCAL_SHARE = 0.2
PROGRAMMES = ("Main Grants", "Small Grants", "Community Fund", "Capacity Building", "Core Costs")
PURPOSES = (
    "towards core costs",
    "to run a weekly lunch club for older people",
    "for a youth worker's salary over three years",
    "to train volunteers in first aid",
    "for a community garden and growing sessions",
    "to provide debt and benefits advice",
)


def _registered(folder: Path) -> list[tuple[str, str, str]]:
    """(charity number, name, postcode) of every registered main charity in the extract."""
    with zipfile.ZipFile(folder / "publicextract.charity.zip") as archive:
        member = archive.namelist()[0]
        with archive.open(member) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            rows = csv.DictReader(text, delimiter="\t", quoting=csv.QUOTE_NONE)
            return [
                (row["registered_charity_number"], row["charity_name"], row["charity_contact_postcode"])
                for row in rows
                if row.get("linked_charity_number") == "0"
                and row.get("charity_registration_status") == "Registered"
            ]


def _as_a_funder_writes(rng: random.Random, name: str) -> str:
    words = name.title().split()
    if rng.random() < 0.5 and words and words[0] == "The":
        words = words[1:]
    if rng.random() < 0.5 and words and words[-1] in ("Ltd", "Limited"):
        words = words[:-1]
    return " ".join(words) or name


def generate(extract: Path, grants: int = GRANTS, seed: int = SEED) -> Path:
    out = WORK / f"360giving-seed{seed}-{grants}-{extract.name}.json"
    if out.exists():
        return out
    rng = random.Random(seed)
    charities = _registered(extract)
    funders = [(f"GB-CHC-{number}", name) for number, name, _ in rng.sample(charities, FUNDERS)]
    recipients: list[dict] = []
    for index in range(int(grants * RECIPIENT_SHARE)):
        number, name, postcode = rng.choice(charities)
        roll = rng.random()
        if roll < LOCAL_SHARE / 2:  # a registered charity under a funder's own id
            recipient = {
                "id": f"360G-BENCH-R{index}",
                "name": _as_a_funder_writes(rng, name),
                "postalCode": postcode,
            }
        elif roll < LOCAL_SHARE:  # a group on no register
            other = rng.choice(charities)[1].title().split()
            recipient = {
                "id": f"360G-BENCH-R{index}",
                "name": " ".join(other[: max(1, len(other) // 2)] + ["Community Group"]),
                "postalCode": rng.choice(charities)[2],
            }
        else:
            recipient = {
                "id": f"GB-CHC-{number}",
                "name": name if rng.random() < 0.5 else _as_a_funder_writes(rng, name),
                "postalCode": postcode,
                "charityNumber": number,
            }
        recipients.append(recipient)
    start = dt.date(2015, 1, 1)
    package: dict[str, list[dict[str, object]]] = {"grants": []}
    for serial in range(grants):
        funder_id, funder_name = funders[serial % FUNDERS]
        recipient = rng.choice(recipients)
        awarded = start + dt.timedelta(days=rng.randrange(3650))
        months = rng.choice((12, 24, 36))
        package["grants"].append(
            {
                "id": f"360G-BENCH-{serial:06d}",
                "title": f"Grant to {recipient['name']}",
                "description": f"A grant {rng.choice(PURPOSES)}.",
                "currency": "GBP",
                "amountAwarded": rng.choice((500, 1000, 2500, 5000, 10000, 25000, 60000, 150000)),
                "awardDate": awarded.isoformat(),
                "plannedDates": [
                    {
                        "startDate": awarded.isoformat(),
                        "endDate": (awarded + dt.timedelta(days=30 * months)).isoformat(),
                        "duration": months,
                    }
                ],
                "recipientOrganization": [recipient],
                "fundingOrganization": [{"id": funder_id, "name": funder_name}],
                "grantProgramme": [{"title": rng.choice(PROGRAMMES)}],
                "beneficiaryLocation": [{"name": "England", "countryCode": "GB"}],
                "dateModified": "2025-06-01T00:00:00+00:00",
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    partial.write_text(json.dumps(package), encoding="utf-8")
    partial.rename(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("extract", type=Path)
    parser.add_argument("--grants", type=int, default=GRANTS)
    args = parser.parse_args()
    print(generate(args.extract, args.grants))


if __name__ == "__main__":
    main()
