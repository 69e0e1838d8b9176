"""Generate a national-size CCEW register extract in the regulator's own text layout, with a fixed seed.

13 zips of tab-separated text (BOM, CRLF, header row), about 200,000 registered main charities,
185,000 removed ones and 45,000 linked charities (430,000 `charity` rows), and every other table at
the ratios of the real extract (see `RATES`). A few text fields hold line breaks, some followed by a
tab, as in the regulator's files. The result is cached in `bench/work/` by seed and scale.

    python -m bench.generate_ccew --scale 0.01
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

from bench.ccew_rows import Charity, CharityRows
from bench.ccew_text import vocabulary
from commoncause.sources.ccew.tables import TABLES

WORK = Path(__file__).resolve().parent / "work"
DEFAULT_SEED = 2025
REGISTERED = 200_000
REMOVED = 185_000
LINKED_SHARE = 0.047  # of main charities that have linked charities (1-4 each): about 45,000 rows
SAMPLES = 2_000  # charities whose names and activities the benchmark searches for


class ExtractWriter:
    """Thirteen zips, each streaming one table's text file."""

    def __init__(self, folder: Path) -> None:
        self.archives = {}
        self.members = {}
        self.pending: dict[str, list[str]] = {}
        self.counts = dict.fromkeys(TABLES, 0)
        for table, spec in TABLES.items():
            archive = zipfile.ZipFile(
                folder / f"publicextract.{table}.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1
            )
            member = archive.open(f"publicextract.{table}.txt", "w", force_zip64=True)
            member.write(("\ufeff" + "\t".join(spec.names) + "\r\n").encode("utf-8"))
            self.archives[table], self.members[table], self.pending[table] = archive, member, []

    def add(self, table: str, lines: list[str]) -> None:
        pending = self.pending[table]
        pending.extend(lines)
        self.counts[table] += len(lines)
        if len(pending) >= 5000:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if self.pending[table]:
            self.members[table].write(("\r\n".join(self.pending[table]) + "\r\n").encode("utf-8"))
            self.pending[table] = []

    def close(self) -> None:
        for table in TABLES:
            self._flush(table)
            self.members[table].close()
            self.archives[table].close()


def generate(*, seed: int = DEFAULT_SEED, scale: float = 1.0, work: Path = WORK) -> Path:
    """The folder of a generated extract (made once per seed and scale, then reused)."""
    folder = work / f"ccew-seed{seed}-scale{scale:g}"
    if (folder / "COMPLETE").exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    writer = ExtractWriter(folder)
    rows = CharityRows(rng, vocabulary())
    samples = []
    for charity in _charities(rows, rng, scale):
        for table, lines in rows.all_tables(charity):
            writer.add(table, lines)
        if rng.random() < SAMPLES / ((REGISTERED + REMOVED) * scale + 1):
            samples.append({"name": charity.name, "activities": charity.activities, "area": charity.area})
    writer.close()
    summary = {"seed": seed, "scale": scale, "rows": writer.counts, "samples": samples}
    (folder / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    (folder / "COMPLETE").write_text("ok\n", encoding="utf-8")
    return folder


def _charities(rows: CharityRows, rng: random.Random, scale: float) -> Iterator[Charity]:
    """Main charities in charity-number order, each followed by its linked charities."""
    registered, removed = round(REGISTERED * scale), round(REMOVED * scale)
    numbers = sorted(rng.sample(range(200_000, 1_212_000), registered + removed))
    status = [True] * registered + [False] * removed
    rng.shuffle(status)
    linked_orgs = iter(rng.sample(range(1, 150_000), min(149_999, round(60_000 * scale) + 10)))
    for regno, is_registered in zip(numbers, status, strict=True):
        org = regno if regno < 1_150_000 else 4_000_000 + (regno - 1_150_000) * 7
        main = rows.main(org, regno, registered=is_registered)
        yield main
        if rng.random() < LINKED_SHARE:
            for linked in range(1, rng.randint(1, 4) + 1):
                org_number = next(linked_orgs, None)
                if org_number is None:
                    break
                yield rows.linked(main, org_number, linked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    folder = generate(seed=args.seed, scale=args.scale)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    print(folder)
    for table, count in summary["rows"].items():
        print(f"{table:36} {count:>10,}")


if __name__ == "__main__":
    main()
