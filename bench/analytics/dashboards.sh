#!/usr/bin/env bash
# "Each dashboard renders within a second on the demo data": starts the portal as `dotnet run --project Portal` would
# (Development, demo data, a fresh data folder), waits for its start-up export, then times the analyst's five dashboards
# in Debian's headless Chromium (DashboardRender.cs). Writes bench/analytics/dashboards.md.
# Usage: bash bench/analytics/dashboards.sh [rounds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-10}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data=$(mktemp -d /tmp/portal-dashboards-XXXXXX)
app_pid=""
cleanup() { [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

echo "Building the app and the bench (Release) ..."
dotnet build Portal/Portal.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/analytics/Portal.Bench.Analytics.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
(cd Portal && ASPNETCORE_ENVIRONMENT=Development Database__DataDirectory="$data" ObjectStore__RootDirectory="$data/objects" \
  exec dotnet bin/Release/net10.0/Portal.dll --urls "http://127.0.0.1:$port") >"$data/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "The portal did not start; its log:"; tail -40 "$data/app.log"; exit 1; }

echo "Timing the dashboards ($rounds rounds after two warm-ups) ..."
dotnet bench/analytics/bin/Release/net10.0/Portal.Bench.Analytics.dll dashboards "http://127.0.0.1:$port" \
  analyst@portal.local Portal-demo-1 "$rounds" >"$data/dashboards.jsonl"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# Dashboards on the demo data"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ), $rounds rounds after two warm-ups, Chromium 1280x900; load average $load_start at the start, $load_end at the end."
  echo
  echo "| dashboard | measured | p50 ms | p95 ms | max ms |"
  echo "|---|---|---|---|---|"
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    t = json.loads(line)
    print("| %s | %s | %.0f | %.0f | %.0f |" % (t["Dashboard"], t["Measured"], t["P50Ms"], t["P95Ms"], t["MaxMs"]))
' "$data/dashboards.jsonl"
} > bench/analytics/dashboards.md
cat bench/analytics/dashboards.md
