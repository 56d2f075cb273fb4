#!/usr/bin/env bash
# Benchmark: GET /api/logistics/orders/{id} (API key auth, PostgreSQL) with wrk, against pgbench -S
# on the same PostgreSQL server in the same run. Reports requests/s, transactions/s and their ratio.
# Target: ratio >= 0.5. Also measures the API with its order read cache off, for comparison.
# Writes bench/logistics/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}

for tool in wrk; do
  command -v "$tool" >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
done
ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

source scripts/peers/postgres.sh
app_pid=""
cleanup() { [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; pg_stop; }
trap cleanup EXIT
pg_start
psql_as() { pg_as_owner "$PG_BIN/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_as -d postgres -c "CREATE DATABASE portal OWNER portal;"
psql_as -d postgres -c "CREATE DATABASE pgbench OWNER portal;"

echo "Publishing the app (Release) ..."
dotnet publish Portal/Portal.csproj -c Release -o "$PG_DIR/app" -nologo -v quiet -clp:ErrorsOnly
port=$(pg_free_port)
while [ "$port" = "$PG_PORT" ]; do port=$((port + 1)); done

# Starts the app with the order read cache on or off, waits until it is ready.
start_app() {
  (
    cd "$PG_DIR/app"
    export Database__Provider=Postgres
    export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=portal;Password=$PG_PASSWORD;Database=portal;Maximum Pool Size=64"
    export Logistics__Api__PermitsPerWindow=1000000
    export RateLimits__Enabled=false  # the load run is one address far above any per-address limit
    export Logistics__OrderCache__Enabled=$1
    export Logging__LogLevel__Default=Warning
    export ASPNETCORE_ENVIRONMENT=Production
    exec dotnet Portal.dll --urls "http://127.0.0.1:$port"
  ) >>"$PG_DIR/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$PG_DIR/app.log"; exit 1; }
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }

# wrk over random order ids after a warm-up; prints the wrk report.
measure_api() {
  curl -fs -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/logistics/orders/1" >/dev/null
  ORDERS=$orders wrk -t2 -c"$connections" -d10s -s bench/logistics/random-order.lua -H "X-Api-Key: $key" "http://127.0.0.1:$port" >/dev/null
  ORDERS=$orders wrk -t2 -c"$connections" -d"${duration}s" -s bench/logistics/random-order.lua -H "X-Api-Key: $key" "http://127.0.0.1:$port"
}

start_app true
# An API key for the demo logistics user, made the way the app stores keys (SHA-256 of the secret).
prefix=$(head -c 5 /dev/urandom | od -An -tx1 | tr -d ' \n')
secret=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
hash=$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)
psql_as -d portal -c "INSERT INTO api_keys (\"UserId\", \"Name\", \"Prefix\", \"SecretHash\", \"CreatedAt\")
  SELECT \"Id\", 'bench', '$prefix', '$hash', now() FROM \"AspNetUsers\" WHERE \"Email\" = 'logistics@portal.local';"
key="ptl_${prefix}_${secret}"
orders=$(psql_as -d portal -c 'SELECT max("Id") FROM orders;')

echo "wrk: GET /api/logistics/orders/{id}, $connections connections, ${duration}s (order read cache on, the default) ..."
wrk_out=$(measure_api)
echo "$wrk_out"
rps=$(echo "$wrk_out" | awk '/Requests\/sec/ {print $2}')
non2xx=$(echo "$wrk_out" | awk '/Non-2xx/ {print $5}')
stop_app

echo "wrk: the same with the order read cache off (every read goes to PostgreSQL) ..."
start_app false
uncached_out=$(measure_api)
echo "$uncached_out"
uncached_rps=$(echo "$uncached_out" | awk '/Requests\/sec/ {print $2}')
stop_app

echo "pgbench -S on the same server ..."
export PGPASSWORD=$PG_PASSWORD
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U portal -i -s 10 -q pgbench >/dev/null 2>&1
pg_out=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U portal -S -c "$connections" -j 2 -T "$duration" pgbench 2>&1)
echo "$pg_out" | grep -E "tps|latency"
tps=$(echo "$pg_out" | awk '/^tps/ {print $3; exit}')

ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')
uncached_ratio=$(awk -v a="$uncached_rps" -v b="$tps" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5) ? "meets" : "below" }')
cat > bench/logistics/results.md <<MD
# Logistics API benchmark

$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${duration}s per run, $connections connections, both on one PostgreSQL server.

| what | rate |
|---|---|
| wrk GET /api/logistics/orders/{id} (API key, random of $orders orders; order read cache on, the default) | $rps requests/s ${non2xx:+($non2xx non-2xx)} |
| the same with \`Logistics:OrderCache:Enabled=false\` (every read a 3-table join in PostgreSQL) | $uncached_rps requests/s |
| pgbench -S (select-only, scale 10) | $tps transactions/s |
| ratio | **${ratio}x** ($verdict the 0.5x target); uncached ${uncached_ratio}x |

The order read cache keeps orders in memory and evicts them when PostgreSQL's triggers announce a change
(LISTEN/NOTIFY), so a shipment made on any instance shows on every instance within the notification delay.
MD
cat bench/logistics/results.md
