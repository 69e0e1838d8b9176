"""`make bench`: import a national-size CCEW extract, search it, measure linkage and reconciliation,
and link a 100,000-grant 360Giving file to it, on SQLite and (when a server is installed) PostgreSQL.
Prints `BENCH <name> <value> <unit>` lines and writes `bench/results.json`.

Each step runs in a child process (so its memory is its own and its peak RSS can be read):
generate the extract (cached in `bench/work/`), migrate a fresh database, `import_source ccew`, import
the same extract again (nothing changed), the floor (the same reader plus raw `executemany` of the same
rows into plain tables), the searches, linkage quality and reconciliation (`bench.linkage`), then
`import_source 360giving` of a generated package, then Westminster's geography loaded, every organisation
placed and its coverage page timed (`bench.coverage`); a disinvestment scenario over Westminster with
2,000 running awards timed (`bench.outcomes`); then a council's Open Referral UK package of
50,000 services imported into the same register and its `/oruk/services` searches near a postcode
timed (`bench.oruk`); then needs matched against the same register through `POST /api/v1/match`
(`bench.matching --speed`); then load on gunicorn over loopback, as `make serve` runs it: organisation
pages, searches, API lists, reconciliation batches and Open Referral UK searches (`bench.load`); ward
placement against the postcode lookup (`bench.places`); and matching's quality on needs judged by
UK-CAT's hand tags (`bench.matching`, no database). Options: `--scale 0.1` for a quick run,
`--no-postgres`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate_360giving import GRANTS
from bench.generate_360giving import generate as generate_360giving
from bench.generate_ccew import DEFAULT_SEED, WORK, generate
from bench.oruk import SERVICES as ORUK_SERVICES
from bench.oruk import generate as generate_oruk

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
UNITS = {"seconds": "s", "per_second": "rows/s", "rss_mb": "MB", "ratio": "x", "_ms": "ms"}


def child(args: list[str], database_url: str) -> tuple[float, float, str]:
    """Run a child process; (wall seconds, peak RSS in MB, stdout). A failure stops the benchmark."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, output


def measure(folder: Path, database_url: str, floor_url: str) -> dict[str, float]:
    """Import, import again, floor and searches on one database."""
    python = sys.executable
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    rows = sum(summary["rows"].values())
    child([python, "manage.py", "migrate", "--no-input", "-v", "0"], database_url)
    importing = [python, "manage.py", "import_source", "ccew", str(folder), "--no-progress"]
    seconds, rss, _ = child(importing, database_url)
    again, _, _ = child(importing, database_url)
    if floor_url != database_url:
        child([python, "manage.py", "migrate", "--no-input", "-v", "0"], floor_url)
    floor_seconds, _, _ = child([python, "-m", "bench.floor", str(folder)], floor_url)
    _, _, output = child([python, "-m", "bench.searches", str(folder)], database_url)
    searches = json.loads(output.strip().splitlines()[-1])
    if "error" in searches:
        print(f"searches skipped: {searches['error']}", file=sys.stderr)
    results = {
        "import_ccew_seconds": round(seconds, 1),
        "import_ccew_rows_per_second": round(rows / seconds),
        "import_ccew_peak_rss_mb": round(rss),
        "import_floor_seconds": round(floor_seconds, 1),
        "import_ccew_floor_ratio": round(seconds / floor_seconds, 2),
        "import_ccew_again_seconds": round(again, 1),
    }
    results.update({key: value for key, value in searches.items() if key.startswith("search_")})
    _, _, output = child([python, "-m", "bench.linkage", str(folder)], database_url)
    results.update(json.loads(output.strip().splitlines()[-1]))
    grants = generate_360giving(folder, grants=round(GRANTS * summary["scale"]))
    importing = [python, "manage.py", "import_source", "360giving", str(grants), "--no-progress"]
    seconds, rss, _ = child(importing, database_url)
    results["link_360giving_100k_seconds"] = round(seconds, 1)
    results["link_360giving_peak_rss_mb"] = round(rss)
    _, _, output = child([python, "-m", "bench.linkage", "--steps", "360giving"], database_url)
    steps = json.loads(output.strip().splitlines()[-1])
    results.update({f"link_360giving_{key}_seconds": value for key, value in steps.items()})
    _, _, output = child([python, "-m", "bench.coverage"], database_url)
    results.update(json.loads(output.strip().splitlines()[-1]))
    _, _, output = child([python, "-m", "bench.outcomes"], database_url)
    results.update(json.loads(output.strip().splitlines()[-1]))
    services = round(ORUK_SERVICES * summary["scale"])
    _, _, output = child([python, "-m", "bench.oruk", "--services", str(services)], database_url)
    results.update(json.loads(output.strip().splitlines()[-1]))
    _, _, output = child([python, "-m", "bench.matching", "--speed"], database_url)
    results.update(json.loads(output.strip().splitlines()[-1]))
    _, _, output = child([python, "-m", "bench.load"], database_url)
    results.update(json.loads(output.strip().splitlines()[-1]))
    results["organisations"] = searches.get("organisations", 0)
    for key, value in searches.get("timings", {}).items():
        results[f"import_ccew_{key}_seconds"] = value
    return results


def sqlite_run(folder: Path) -> dict[str, float]:
    work = WORK / "sqlite"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return measure(folder, f"sqlite:///{work / 'bench.sqlite3'}", f"sqlite:///{work / 'floor.sqlite3'}")


def matching_quality() -> dict[str, float]:
    """Matching's quality (`bench.matching`): the engine over the shipped sample, no database."""
    _, _, output = child([sys.executable, "-m", "bench.matching"], "sqlite:///:memory:")
    return json.loads(output.strip().splitlines()[-1])


def places_run() -> dict[str, float]:
    """Ward placement against the postcode lookup (`bench.places`), on its own fresh database."""
    work = WORK / "places"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _, _, output = child([sys.executable, "-m", "bench.places"], f"sqlite:///{work / 'places.sqlite3'}")
    return json.loads(output.strip().splitlines()[-1])


def postgres_run(args: argparse.Namespace) -> dict[str, float]:
    """The same measurements under `scripts/with_postgres.sh` (a throw-away server)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "postgres.json"
        command = [
            "scripts/with_postgres.sh",
            sys.executable,
            "-m",
            "bench.run",
            "--inside-postgres",
            str(out),
        ]
        command += ["--scale", str(args.scale), "--seed", str(args.seed)]
        subprocess.run(command, cwd=REPO, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})  # noqa: S603
        found = json.loads(out.read_text(encoding="utf-8"))
    return {f"{key}_postgresql": value for key, value in found.items() if key != "organisations"}


def postgres_available() -> bool:
    """The same discovery as scripts/with_postgres.sh."""
    candidates = [os.environ.get("PG_BIN", ""), *map(str, Path("/usr/lib/postgresql").glob("*/bin"))]
    candidates += ["/usr/local/bin", "/usr/bin"]
    return any(
        dir_ and Path(dir_, "initdb").exists() and Path(dir_, "pg_ctl").exists() for dir_ in candidates
    )


def unit(name: str) -> str:
    return next((label for key, label in UNITS.items() if key in name), "")


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the CCEW import and search at national scale.")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--inside-postgres", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = generate(seed=args.seed, scale=args.scale)
    generate_oruk(round(ORUK_SERVICES * args.scale))  # once, for both databases (cached in bench/work)
    if args.inside_postgres:
        url = os.environ["DATABASE_URL"]
        args.inside_postgres.write_text(json.dumps(measure(folder, url, url)), encoding="utf-8")
        return
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    results: dict[str, float] = {"generated_charity_rows": summary["rows"]["charity"]}
    results["generated_rows"] = sum(summary["rows"].values())
    results.update(sqlite_run(folder))
    results.update(places_run())
    results.update(matching_quality())
    if not args.no_postgres and postgres_available():
        results.update(postgres_run(args))
    for name, value in results.items():
        print(f"BENCH {name} {value} {unit(name)}".rstrip())
    if args.scale == 1.0:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
