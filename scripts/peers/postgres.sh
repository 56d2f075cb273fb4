#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for tests and benchmarks (see ../shared/notes/postgres.md).
# Source this file, then: pg_start (exports PORTAL_TEST_POSTGRES) ... pg_stop.
# As root the server runs as the `postgres` OS user, since postgres refuses to run as root.

source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

pg_free_port() { peer_free_port 55440 55540 PostgreSQL; }

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_start() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$PG_BIN" ]; then echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; return 1; fi
  PG_DIR=$(mktemp -d /tmp/portal-pg.XXXXXX)
  PG_PORT=$(pg_free_port) || return 1
  PG_PASSWORD="portal-$(date +%s%N | sha256sum | head -c 16)"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_DIR"
  mkdir -p "$PG_DIR/sock" && [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR/sock"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --no-sync --auth-local=trust --auth-host=scram-sha-256 \
    --no-locale -E UTF8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  pg_as_owner "$PG_BIN/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE portal LOGIN CREATEDB PASSWORD '$PG_PASSWORD';" \
    -c "GRANT pg_signal_backend TO portal;" >/dev/null || return 1
  export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=portal;Password=$PG_PASSWORD;Database=postgres"
  export PG_DIR PG_BIN PG_PORT
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR
}
