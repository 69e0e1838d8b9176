#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server in a temporary data directory.
# The server refuses to run as root, so as root it runs as the `postgres` user.
# Usage: scripts/with_postgres.sh <command> [args…]   (DATABASE_URL is set for the command)
set -euo pipefail

find_pg_bin() {
  for dir in "${PG_BIN:-}" /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}
PG_BIN=$(find_pg_bin) || { echo "PostgreSQL server not found (install Debian's postgresql package)" >&2; exit 1; }

PORT=${PG_PORT:-55432}
DATA=$(mktemp -d /tmp/commoncause-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$DATA"; fi

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$DATA/db" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

as_pg "$PG_BIN/initdb" -D "$DATA/db" -U commoncause --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$DATA/db" -l "$DATA/db/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U commoncause -d postgres -qc "CREATE DATABASE commoncause" >/dev/null

export DATABASE_URL="postgres://commoncause@127.0.0.1:$PORT/commoncause"
"$@"
