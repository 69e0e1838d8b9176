"""Organisation search: one contract (`types`), two backends (SQLite FTS5 and PostgreSQL full text)."""
