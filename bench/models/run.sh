#!/usr/bin/env bash
# Models benchmark (see README.md here), in one run:
# 1. embeddings per second through the portal's ResNet18Embedder against a bare OnnxRuntime InferenceSession (default
#    session options) on the same ONNX files with the same preprocessing, 1 and 2 intra-op threads;
# 2. InvokeEndpoint p50/p95 under concurrent boto3 clients (invocations.py) against the portal started as
#    `dotnet run --project Portal` starts it (Release build, demo data, a fresh data folder): a photo, then product-photo keys.
# Writes bench/models/results.md. Usage: bash bench/models/run.sh [images per measurement=40] [corpus] [clients=20] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-40}
corpus=${2:-/work/shared/bench/corpus}
clients=${3:-20}
seconds=${4:-20}
out=bench/models/out
mkdir -p "$out"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
dotnet build bench/models/Portal.Bench.Models.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build Portal/Portal.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet bench/models/bin/Release/net10.0/Portal.Bench.Models.dll "$corpus" "$count" "$out/table.md"
load_mid=$(cut -d' ' -f1-3 /proc/loadavg)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data=$(mktemp -d /tmp/portal-models-XXXXXX)
app_pid=""
cleanup() { [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
(cd Portal && ASPNETCORE_ENVIRONMENT=Development RateLimits__Enabled=false Database__DataDirectory="$data" ObjectStore__RootDirectory="$data/objects" \
  exec dotnet bin/Release/net10.0/Portal.dll --urls "http://127.0.0.1:$port") >"$data/app.log" 2>&1 &
app_pid=$!
photo=$(ls "$corpus"/*.jpg | head -1)
# Ready once the demo model answers on product-category (it is trained and deployed at start-up).
for _ in $(seq 1 300); do
  python3 bench/models/invocations.py --url "http://127.0.0.1:$port" --image "$photo" --clients 1 --seconds 0.5 --warmup 0 \
    >/dev/null 2>&1 && break
  sleep 2
done
# The folder store keeps the catalog's key "products/x.jpg" as .../products.d/x.jpg.o.
keys=$(cd "$data/objects" && find . -path '*/products.d/*.o' -type f | sed 's|^.*/products\.d/|products/|; s|\.o$||' | sort | head -8)
[ -n "$keys" ] || { echo "No product photos in the demo data; the portal's log:"; tail -40 "$data/app.log"; exit 1; }
python3 bench/models/invocations.py --url "http://127.0.0.1:$port" --image "$photo" --clients "$clients" --seconds "$seconds" >"$out/photo.json"
# shellcheck disable=SC2086 # one argument per key
python3 bench/models/invocations.py --url "http://127.0.0.1:$port" --keys $keys --clients "$clients" --seconds "$seconds" >"$out/keys.json"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "# Models benchmark"
  echo
  echo "Run $started_at on $(nproc) x $cpu; load average (1/5/15 min) $load_start at the start, $load_mid after the"
  echo "embedder rows and $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared; figures are from that one run)."
  echo "$count images per measurement, two alternating rounds each, from $(ls "$corpus"/*.jpg | wc -l) corpus photos."
  echo
  echo "## Embeddings per second (goal >= 0.9x the bare session)"
  echo
  cat "$out/table.md"
  echo
  echo "## InvokeEndpoint on product-category, $clients concurrent boto3 clients, $seconds s after a 3 s warm-up"
  echo
  echo "| body | invocations/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  python3 - "$out/photo.json" "$out/keys.json" "$(basename "$photo")" <<'PY'
import json, sys
for path, what in ((sys.argv[1], "image/jpeg: " + sys.argv[3] + " (embedding + prediction)"),
                   (sys.argv[2], "application/json: 8 product-photo keys (stored embeddings, prediction only)")):
    r = json.load(open(path))
    print(f"| {what} | {r['per_second']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} |")
PY
} >bench/models/results.md
cat bench/models/results.md
