#!/usr/bin/env bash
# Topology benchmarks (issue 13), on loopback, in one run:
#  P3   a cached rendition GET on /catalog-img from one instance against Debian's nginx serving the same bytes as a
#       static file, wrk with the same threads/connections/duration, alternating rounds; goal >= 0.5x nginx's requests/s.
#  load two instances on one PostgreSQL behind nginx (a config made from deploy/nginx.conf), wrk with mix.lua: shop
#       browsing, catalog reads, renditions and logistics API calls; 0 non-2xx, p50/p99.
# Writes bench/topology/results.md. Run as root on a Debian machine with the .NET SDK (installs wrk and nginx if missing).
# Settings: DURATION (P3 seconds per side per round, 15), ROUNDS (2), CONNECTIONS (P3, 32), LOAD_CONNECTIONS (200),
# LOAD_DURATION (60), APP_DIR (a published Portal to use instead of publishing).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
duration=${DURATION:-15}
rounds=${ROUNDS:-2}
connections=${CONNECTIONS:-32}
load_connections=${LOAD_CONNECTIONS:-200}
load_duration=${LOAD_DURATION:-60}
threads=2

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || {
    [ "$(id -u)" = 0 ] || { echo "$tool is missing: run as root or apt-get install $tool" >&2; exit 1; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
  }
done
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

source scripts/peers/postgres.sh
work=$(mktemp -d /tmp/portal-topology.XXXXXX)
chmod 755 "$work" # nginx's workers (nobody) read the static file
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
pg_start
psql_as() { pg_as_owner "$PG_BIN/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_as -d postgres -c "CREATE DATABASE portal OWNER portal;"

app=${APP_DIR:-$work/app}
if [ -z "${APP_DIR:-}" ]; then
  echo "Publishing the app (Release) ..."
  dotnet publish Portal/Portal.csproj -c Release -o "$app" -nologo -v quiet -clp:ErrorsOnly
fi

# A free port, picked right before use from a range the peers' scripts do not use (other runs may start servers meanwhile).
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((38000 + RANDOM % 4000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "no free port in 38000-41999" >&2; return 1
}
port1=$(free_port)

# One instance on the shared PostgreSQL and the shared object store folder. Rate limits stay in the request path but
# are raised out of reach: the benchmark is one client address (and one key) far above any per-address limit.
start_app() {
  local name=$1 port=$2
  (
    cd "$app"
    export ASPNETCORE_ENVIRONMENT=Production
    export Database__Provider=Postgres
    export Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=portal;Password=$PG_PASSWORD;Database=portal;Maximum Pool Size=64"
    export Database__DataDirectory="$work/$name"
    export ObjectStore__RootDirectory="$work/objects"
    export RateLimits__WindowSeconds=1 RateLimits__AnonymousPerAddress=1000000 RateLimits__ImagesPerCaller=1000000
    export Logistics__Api__PermitsPerWindow=1000000
    # Background work that has nothing to do with the requests measured stays off (the demo photos stay on: they are the renditions' sources).
    export Analytics__Lake__Enabled=false Models__BackfillAtStartup=false Models__DeployDemoAtStartup=false
    export Logging__LogLevel__Default=Warning
    exec dotnet Portal.dll --urls "http://127.0.0.1:$port"
  ) >>"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && return 0; sleep 1; done
  cat "$work/$name.log" >&2; exit 1
}

# Active items with a photo, once the demo's photo backfill has stopped adding any (it runs after start-up).
photo_items() { curl -fs "http://127.0.0.1:$port1/api/catalog/?pageSize=200" | python3 -c '
import json, sys
for item in json.load(sys.stdin)["items"]:
    if item.get("photoUrl"): print(item["id"], item["photoUrl"])'; }

echo "Starting instance 1 (seeds the demo shop) ..."
start_app app1 "$port1"
previous=-1
for _ in $(seq 1 120); do
  count=$(photo_items | wc -l)
  [ "$count" -gt 0 ] && [ "$count" = "$previous" ] && break
  previous=$count; sleep 5
done
photo_items >"$work/photos.txt"
[ -s "$work/photos.txt" ] || { echo "no demo photos appeared" >&2; exit 1; }
echo "$(wc -l <"$work/photos.txt") items with photos"

# --- P3: one cached rendition, the app against nginx serving its bytes ---
url=$(head -1 "$work/photos.txt" | cut -d' ' -f2)
path=${url%%\?*}
curl -fs "http://127.0.0.1:$port1$url" -o /dev/null  # makes and keeps the rendition
curl -fsS -D "$work/headers.txt" "http://127.0.0.1:$port1$url" -o "$work/rendition"
grep -qi '^x-image-cache: hit' "$work/headers.txt" || { echo "the rendition was not served from the cache:" >&2; cat "$work/headers.txt" >&2; exit 1; }
mkdir -p "$work/static$(dirname "$path")"
cp "$work/rendition" "$work/static$path"
chmod -R a+rX "$work/static"
bytes=$(stat -c %s "$work/rendition")

mkdir -p "$work/nginx"
static_port=$(free_port)
cat >"$work/nginx/static.conf" <<NGINX
worker_processes auto;
pid $work/nginx/static.pid;
error_log $work/nginx/static.err warn;
daemon off;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/body;
    server {
        listen 127.0.0.1:$static_port;
        root $work/static;
    }
}
NGINX
nginx -e "$work/nginx/static.err" -c "$work/nginx/static.conf" &
pids+=($!)
for _ in $(seq 1 20); do curl -fs "http://127.0.0.1:$static_port$path" -o /dev/null && break; sleep 0.5; done
cmp -s "$work/rendition" <(curl -fs "http://127.0.0.1:$static_port$path") || { echo "nginx does not serve the same bytes" >&2; exit 1; }

measure() { wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$1"; }
rps_of() { awk '/Requests\/sec/ {print $2}'; }
non2xx_of() { awk '/Non-2xx/ {print $5}'; }
echo "P3 warm-up ..."
wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:$port1$url" >/dev/null
wrk -t"$threads" -c"$connections" -d5s "http://127.0.0.1:$static_port$path" >/dev/null
app_rates=(); nginx_rates=(); live_rates=(); app_non2xx=0; p3_load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
  out=$(measure "http://127.0.0.1:$port1$url"); echo "$out"
  app_rates+=("$(echo "$out" | rps_of)"); app_non2xx=$((app_non2xx + $(echo "$out" | non2xx_of | grep . || echo 0)))
  out=$(measure "http://127.0.0.1:$static_port$path"); echo "$out"
  nginx_rates+=("$(echo "$out" | rps_of)")
  # For the profile: /health/live goes through the whole middleware (no handler work, no body), which the rendition's fast lane skips.
  out=$(measure "http://127.0.0.1:$port1/health/live"); echo "$out"
  live_rates+=("$(echo "$out" | rps_of)")
  echo "round $round: app ${app_rates[-1]} req/s, nginx ${nginx_rates[-1]} req/s, app /health/live ${live_rates[-1]} req/s"
done
p3_load_after=$(cut -d' ' -f1-3 /proc/loadavg)
app_mean=$(printf '%s\n' "${app_rates[@]}" | awk '{s += $1} END {printf "%.0f", s / NR}')
nginx_mean=$(printf '%s\n' "${nginx_rates[@]}" | awk '{s += $1} END {printf "%.0f", s / NR}')
live_mean=$(printf '%s\n' "${live_rates[@]}" | awk '{s += $1} END {printf "%.0f", s / NR}')
ratio=$(awk -v a="$app_mean" -v b="$nginx_mean" 'BEGIN {printf "%.2f", a / b}')
verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.5) ? "meets" : "below"}')
echo "P3: app $app_mean req/s, nginx $nginx_mean req/s, ratio ${ratio}x"

# --- Load run: two instances behind nginx ---
echo "Starting instance 2 ..."
port2=$(free_port)
start_app app2 "$port2"
lb_port=$(free_port)
# nginx.conf of the deployment, pointed at the two loopback instances, with this run's pid, logs and temp paths.
sed -e "s|server app1:8080|server 127.0.0.1:$port1|" -e "s|server app2:8080|server 127.0.0.1:$port2|" \
    -e "s|listen 80;|listen 127.0.0.1:$lb_port;|" \
    -e "s|^worker_processes auto;|worker_processes auto;\npid $work/nginx/lb.pid;\nerror_log $work/nginx/lb.err warn;\ndaemon off;|" \
    -e "s|^http {|http {\n    access_log off;\n    client_body_temp_path $work/nginx/body;\n    proxy_temp_path $work/nginx/proxy;|" \
    deploy/nginx.conf >"$work/nginx/lb.conf"
grep -q "server 127.0.0.1:$port2" "$work/nginx/lb.conf" || { echo "deploy/nginx.conf no longer has 'server app2:8080'" >&2; exit 1; }
nginx -e "$work/nginx/lb.err" -c "$work/nginx/lb.conf" &
pids+=($!)
lb="http://127.0.0.1:$lb_port"
for _ in $(seq 1 20); do curl -fs "$lb/health/ready" >/dev/null && break; sleep 0.5; done

# A customer's session, signed in through nginx with the sign-in form (its antiforgery token and cookie).
jar="$work/cookies.txt"
token=$(curl -fs -c "$jar" -b "$jar" "$lb/account/login" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$token" ] || { echo "no antiforgery token on /account/login" >&2; exit 1; }
curl -fs -c "$jar" -b "$jar" -o /dev/null "$lb/account/signin" --data-urlencode "Email=customer@portal.local" \
  --data-urlencode "Password=Portal-demo-1" --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "ReturnUrl=/shop"
# Without nginx's affinity cookie, so that the shop pages spread over both instances as many browsers' would.
cookie=$(awk '!/^#/ || /^#HttpOnly_/ {sub(/^#HttpOnly_/, ""); if (NF >= 7 && $6 != "portal_affinity") printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$jar")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$lb/shop")
[ "$status" = 200 ] || { echo "the signed-in shop page answered $status" >&2; exit 1; }

# An API key for the demo logistics user, made as the app stores keys (SHA-256 of the secret), as bench/logistics does.
prefix=$(head -c 5 /dev/urandom | od -An -tx1 | tr -d ' \n')
secret=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
hash=$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)
psql_as -d portal -c "INSERT INTO api_keys (\"UserId\", \"Name\", \"Prefix\", \"SecretHash\", \"CreatedAt\")
  SELECT \"Id\", 'bench', '$prefix', '$hash', now() FROM \"AspNetUsers\" WHERE \"Email\" = 'logistics@portal.local';"
export API_KEY="ptl_${prefix}_${secret}" COOKIE="$cookie"
export ORDERS=$(psql_as -d portal -c 'SELECT max("Id") FROM orders;')
export ITEMS=$(cut -d' ' -f1 "$work/photos.txt" | paste -sd,)
# Both portal rendition sizes of every photo; each is made once in the warm-up and served from the cache after.
export PHOTOS=$(cut -d' ' -f2 "$work/photos.txt" | sed 's|/fit-in/300x300/|/fit-in/48x48/|' | cat - <(cut -d' ' -f2 "$work/photos.txt") | paste -sd,)

echo "Load warm-up (every rendition made, both instances' caches warm) ..."
for photo in ${PHOTOS//,/ }; do curl -fs "$lb$photo" -o /dev/null; done
wrk -t"$threads" -c"$load_connections" -d10s -s bench/topology/mix.lua "$lb" >/dev/null
echo "Load run: $load_connections connections, ${load_duration}s ..."
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
load_out=$(wrk -t"$threads" -c"$load_connections" -d"${load_duration}s" --timeout 20s -s bench/topology/mix.lua "$lb")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$load_out"
load_rps=$(echo "$load_out" | rps_of)
load_requests=$(echo "$load_out" | awk '/requests in/ {print $1}')
load_non2xx=$(echo "$load_out" | awk '/^non_2xx/ {print $2}')
load_first=$(echo "$load_out" | awk '/^first_non_2xx/ {print $2}')
load_socket=$(echo "$load_out" | awk '/^socket_errors/ {print $2}')
p50=$(echo "$load_out" | awk '/^p50_ms/ {print $2}')
p99=$(echo "$load_out" | awk '/^p99_ms/ {print $2}')
load_verdict=$([ "$load_non2xx" = 0 ] && [ "$load_socket" = 0 ] && echo "meets" || echo "misses")

cat >bench/topology/results.md <<MD
# Topology benchmarks: results

$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared with other work, wrk $threads threads, all on loopback, PostgreSQL
$("$PG_BIN/postgres" --version | awk '{print $3}') (throwaway, fsync off), nginx $(nginx -v 2>&1 | sed 's|.*/||'), the app published Release.

## P3: cached rendition against nginx serving the same bytes

\`GET $url\` ($bytes bytes, \`X-Image-Cache: hit\`) from one instance, against nginx serving the same file as a static
file; $connections connections, ${duration}s per side, $rounds alternating rounds. Load average $p3_load_before before, $p3_load_after after.

| round | app requests/s | nginx requests/s | app \`/health/live\` requests/s |
|---|---|---|---|
$(for i in "${!app_rates[@]}"; do echo "| $((i + 1)) | ${app_rates[$i]} | ${nginx_rates[$i]} | ${live_rates[$i]} |"; done)
| mean | $app_mean | $nginx_mean | $live_mean |

**Ratio ${ratio}x** ($verdict the 0.5x goal); non-2xx from the app: $app_non2xx. \`/health/live\` (the whole middleware,
no handler work and no body; the rendition's fast lane answers before most of it) is the full pipeline's ceiling here: $(awk -v a="$live_mean" -v b="$nginx_mean" 'BEGIN {printf "%.2f", a / b}')x nginx.

## Load: two instances behind nginx

nginx with deploy/nginx.conf (upstreams pointed at the two loopback instances), both instances on one PostgreSQL and
one object store folder; wrk \`mix.lua\`: a quarter each of signed-in shop pages (\`/shop\`, \`/shop/items/{id}\`),
catalog API reads, cached renditions (both portal sizes of $(wc -l <"$work/photos.txt") photos) and logistics API
\`GET /api/logistics/orders/{id}\` (API key). $load_connections connections, ${load_duration}s. Load average $load_before before, $load_after after.

| requests | requests/s | non-2xx | socket errors | p50 | p99 |
|---|---|---|---|---|---|
| $load_requests | $load_rps | $load_non2xx (first: $load_first) | $load_socket | $p50 ms | $p99 ms |

**$load_verdict** the goal of 0 errors (429s and redirects count as errors).

Rate limits were raised out of reach for both runs (\`RateLimits:WindowSeconds=1\`, \`AnonymousPerAddress\` and
\`ImagesPerCaller\` 1000000, \`Logistics:Api:PermitsPerWindow\` 1000000): the limiters stay in the request path, but
wrk is one client address and one API key far above any per-address or per-key limit. The lake export, the embedding
backfill and the demo model deployment were off (\`Analytics:Lake:Enabled=false\`, \`Models:BackfillAtStartup=false\`,
\`Models:DeployDemoAtStartup=false\`); the demo photos were made before measuring.
MD
cat bench/topology/results.md
