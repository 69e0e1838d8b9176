"""The floor an import is measured against: parse the extract with the importer's own reader and
`executemany` the raw rows into plain tables of the same shape (one text column per field), nothing else,
through the same SQLite journal as a first import.

    DATABASE_URL=sqlite:///bench/work/floor.sqlite3 python -m bench.floor <extract folder>

Prints one JSON object: {"seconds": …, "rows": …}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

CHUNK_ROWS = 10_000


def floor(folder: Path) -> dict[str, float]:
    """Seconds to read every table and insert its rows as they are, in one transaction."""
    from django.db import connection, transaction

    from commoncause.sources.ccew.files import table_files
    from commoncause.sources.ccew.reader import read_table
    from commoncause.sources.ccew.tables import TABLES
    from commoncause.sources.journal import rollback_journal_while

    start = time.perf_counter()
    rows = 0
    # The same journal as a first import into an empty register uses (see `sources.journal`).
    with rollback_journal_while(True), transaction.atomic(), connection.cursor() as cursor:
        for table, table_file in table_files(folder).items():
            spec = TABLES[table]
            name = f"floor_{table}"
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            cursor.execute(f"CREATE TABLE {name} ({', '.join(f'{column} text' for column in spec.names)})")
            sql = f"INSERT INTO {name} VALUES ({', '.join(['%s'] * len(spec.names))})"  # noqa: S608
            batch: list[list[str]] = []
            for _, fields in read_table(table_file, spec):
                batch.append(fields)
                if len(batch) >= CHUNK_ROWS:
                    cursor.executemany(sql, batch)
                    rows += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            rows += len(batch)
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
    return {"seconds": seconds, "rows": rows}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(floor(Path(sys.argv[1]))))


if __name__ == "__main__":
    main()
