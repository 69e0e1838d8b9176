#!/usr/bin/env bash
# Run a command with a throw-away streaming replica of the PostgreSQL server that DATABASE_URL names
# (on 127.0.0.1, as scripts/with_postgres.sh starts it), so the service reads from a replica.
# Usage: scripts/with_postgres.sh scripts/with_replica.sh <command> [args…]
#   (DATABASE_REPLICA_URLS is set for the command; PG_REPLICA_PORT chooses the replica's port)
set -euo pipefail

: "${DATABASE_URL:?Set DATABASE_URL to the primary, e.g. run this under scripts/with_postgres.sh}"
PRIMARY_PORT=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port or 5432)' "$DATABASE_URL")
PRIMARY_USER=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).username)' "$DATABASE_URL")
PORT=${PG_REPLICA_PORT:-55433}
PG_BIN=${PG_BIN:-$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_basebackup | sort -V | tail -n 1)")}
DATA=$(mktemp -d /tmp/commoncause-replica.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$DATA"; fi

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$DATA/db" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

# -R writes standby.signal and the primary's address; initdb's pg_hba.conf lets 127.0.0.1 replicate.
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -D "$DATA/db" -R -X stream -c fast --no-sync
as_pg "$PG_BIN/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on" start >/dev/null

export DATABASE_REPLICA_URLS="${DATABASE_URL%:*}:$PORT/${DATABASE_URL##*/}"
"$@"
