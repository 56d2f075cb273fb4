#!/usr/bin/env bash
# Analytics benchmark (see README.md here), one run against a throwaway PostgreSQL (scripts/peers/postgres.sh):
#  P5  the portal's export (ILakeExports, as the app registers it) of LINES order lines PostgreSQL -> Parquet in the
#      folder object store, rows/s and peak memory, against `psql \copy (the export's sales query) TO ... csv`;
#  P6  five dashboard queries through POST /api/analytics/query of the published app, against DuckDB directly on the
#      same Parquet files with the same SQL, p50/p95;
#  boto3 start-to-last-page time of a 10,000-row result through the app's /aws/athena with the demo analyst key.
# Writes bench/analytics/results.md. Usage: [BENCH_SKIP_PSQL=1] [BENCH_P5_ONLY=1] bash bench/analytics/run.sh [lines=2000000] [query rounds=15]
# BENCH_P5_ONLY=1 runs only P5 (no app publish, no P6, no boto3) and writes its report to bench/analytics/out/p5.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
lines=${1:-2000000}
rounds=${2:-15}
out=bench/analytics/out
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

source scripts/peers/postgres.sh
app_pid=""
cleanup() { [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; pg_stop; }
trap cleanup EXIT
pg_start
psql_super() { pg_as_owner "$PG_BIN/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_super -d postgres -c "CREATE DATABASE portal OWNER portal;"
connection="Host=127.0.0.1;Port=$PG_PORT;Username=portal;Password=$PG_PASSWORD;Database=portal"

echo "Building the bench and publishing the app (Release) ..."
dotnet build bench/analytics/Portal.Bench.Analytics.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
# The app is published while the data is generated (nothing is measured until P5 starts).
publish_pid=""
if [ -z "${BENCH_P5_ONLY:-}" ]; then
  dotnet publish Portal/Portal.csproj -c Release -o "$PG_DIR/app" -nologo -v quiet -clp:ErrorsOnly >"$PG_DIR/publish.log" 2>&1 &
  publish_pid=$!
fi
bench() { dotnet bench/analytics/bin/Release/net10.0/Portal.Bench.Analytics.dll "$@"; }
rm -rf "$out" && mkdir -p "$out"
results="$out/results.jsonl"

echo "Schema by the app's migrations, then $lines order lines by SQL ..."
bench migrate "$connection"
cp bench/analytics/seed.sql "$PG_DIR/seed.sql" && chmod 644 "$PG_DIR/seed.sql"
seed_started=$(date +%s.%N)
psql_super -d portal -v lines="$lines" -f "$PG_DIR/seed.sql" | tail -1
echo "seeded in $(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"

# psql \copy of the export's own sales queries (one per month, as the export runs them), in one psql session over TCP
# as the app's user (as the export connects), each month to its own CSV file; timed around psql.
bench sales-queries "$connection" | awk -v dir="$PG_DIR" '{ printf "\\copy (%s) TO '"'"'%s/sales-%03d.csv'"'"' csv\n", $0, dir, NR }' >"$PG_DIR/copy.psql"
# The second variant runs the export source's session settings first (PostgresLakeSource.SessionSettings: JIT off),
# so the same queries are planned the same way as in the export.
{ bench session-settings; cat "$PG_DIR/copy.psql"; } >"$PG_DIR/copy-session.psql"
psql_copy() { # [session]: with the export's session settings
  local t0 t1 rows bytes file=copy.psql what=psql-copy
  [ "${1:-}" = session ] && file=copy-session.psql what=psql-copy-session
  t0=$(date +%s.%N)
  PGPASSWORD=$PG_PASSWORD "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U portal -d portal -v ON_ERROR_STOP=1 -qAt -f "$PG_DIR/$file" >/dev/null
  t1=$(date +%s.%N)
  rows=$(cat "$PG_DIR"/sales-*.csv | wc -l); bytes=$(cat "$PG_DIR"/sales-*.csv | wc -c)
  echo "{\"What\":\"$what\",\"Rows\":$rows,\"Seconds\":$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'),\"Bytes\":$bytes}" | tee -a "$results"
  rm -f "$PG_DIR"/sales-*.csv
}
lake="$PG_DIR/objects"
[ -z "$publish_pid" ] || wait "$publish_pid" || { cat "$PG_DIR/publish.log"; exit 1; }
# BENCH_SKIP_PSQL=1 leaves out the psql side of P5 (the export still runs: P6 and boto3 read what it wrote).
echo "P5: psql \\copy, the export, psql \\copy again ..."
[ -n "${BENCH_SKIP_PSQL:-}" ] || { psql_copy; psql_copy session; }
bench export "$connection" "$lake" | tee -a "$results"
[ -n "${BENCH_SKIP_PSQL:-}" ] || { psql_copy session; psql_copy; }
load_p5=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "${BENCH_P5_ONLY:-}" ]; then
  echo "P5 only: load average $load_start at the start, $load_p5 after P5" | tee "$out/header.md"
  bench report "$results" "$out/p5.md" "$out/header.md"
  cat "$out/p5.md"
  exit 0
fi

port=$(pg_free_port)
while [ "$port" = "$PG_PORT" ]; do port=$((port + 1)); done
(
  cd "$PG_DIR/app"
  export Database__Provider=Postgres Database__ConnectionString="$connection"
  export ObjectStore__Provider=FileSystem ObjectStore__RootDirectory="$lake"
  export Analytics__Lake__Enabled=false Demo__Photos=false
  export RateLimits__Enabled=false  # the load run is one address far above any per-address limit
  export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
  exec dotnet Portal.dll --urls "http://127.0.0.1:$port"
) >>"$PG_DIR/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$PG_DIR/app.log"; exit 1; }
key_id=AKIAPORTALDEMO0000001
secret=portal-demo-analyst-secret

# The app's request path is warmed up (300 trivial queries, each dashboard query once) and the app left until its CPU
# settles (start-up work and the runtime recompiling hot methods run in the background): P6 measures a running server.
bench warm "http://127.0.0.1:$port" "$key_id:$secret" 300
app_ticks() { sed 's/.*) //' "/proc/$app_pid/stat" | awk '{ print $12 + $13 }'; }
settled=""
for waited in $(seq 5 5 120); do
  before=$(app_ticks); sleep 5; after=$(app_ticks)
  # under 10 % of one core over 5 s (clock ticks are 1/100 s)
  if [ $((after - before)) -lt 50 ]; then settled=$waited; break; fi
done
echo "app settled after ${settled:-120 (not settled)} s"

echo "P6: $rounds rounds of five dashboard queries, HTTP API and DuckDB directly ..."
bench queries "http://127.0.0.1:$port" "$key_id:$secret" "$lake" "$rounds" | tee -a "$results" || echo "P6 failed" >&2
load_p6=$(cut -d' ' -f1-3 /proc/loadavg)
echo "boto3: start to last page of a 10,000-row result ..."
python3 bench/analytics/athena_pages.py "http://127.0.0.1:$port/aws/athena" "$key_id" "$secret" "$(bench ten-thousand-sql)" 5 | tee -a "$results" || echo "boto3 run failed" >&2

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
cat >"$out/header.md" <<HEADER
# Analytics benchmark

Run $started_at on $(nproc) x $cpu; load average (1/5/15 min) $load_start at the start, $load_p5 after P5, $load_p6 after P6
and $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared with other work; every figure here is from that one
loaded run). $lines order lines, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on loopback.
HEADER
bench report "$results" bench/analytics/results.md "$out/header.md"
cat bench/analytics/results.md
