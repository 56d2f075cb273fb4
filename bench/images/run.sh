#!/usr/bin/env bash
# Image engine benchmark: the portal's engine (Portal.Engine: libjpeg-turbo, own Lanczos-3, libwebp, libvips for GIF/AVIF)
# against sharp (libvips) on the same inputs, in interleaved rounds, then the P1/P2 stage breakdown of both sides.
# Prints the tables and writes bench/images/results.md. See README.md.
# Usage: bash bench/images/run.sh [rounds] [repetitions per measurement]
#   PORTAL_BENCH_CORPUS  folder of .jpg photos (default ../shared/bench/corpus from the repository root, else /work/shared/bench/corpus)
#   KEEP_OUTPUT=1        keep bench/images/out (the encoded outputs) after the report
#   BENCH_OPERATIONS     only these operations, e.g. jpeg800,cover300webp (of jpeg800, cover300webp, gif300, avif800)
#   BENCH_RESULTS        where the report goes (default bench/images/results.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
repetitions=${2:-4}
corpus=${PORTAL_BENCH_CORPUS:-../shared/bench/corpus}
[ -d "$corpus" ] || corpus=/work/shared/bench/corpus
[ -d "$corpus" ] || { echo "no corpus at $corpus (set PORTAL_BENCH_CORPUS)" >&2; exit 1; }
corpus=$(realpath "$corpus")
out=$(realpath -m bench/images/out)
command -v node >/dev/null || { echo "Node.js is needed for the sharp side (apt-get install -y nodejs npm)" >&2; exit 1; }

if [ ! -d bench/images/node/node_modules/sharp ]; then
  echo "Installing sharp into bench/images/node/node_modules ..."
  (cd bench/images/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
dotnet build bench/images/Portal.Bench.Images.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
bench_dll=bench/images/bin/Release/net10.0/Portal.Bench.Images.dll

rm -rf "$out" && mkdir -p "$out"
(cd bench/images/node && node make-sources.js "$corpus" "$out/sources")
timings="$out/timings.jsonl"
load() { echo "{\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"at\":\"$1\"}"; }
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds ..."
  load "round $round" >>"$timings"
  dotnet "$bench_dll" "$corpus" "$out" "$repetitions" 1,2 >>"$timings"
  (cd bench/images/node && node bench.js "$corpus" "$out" "$repetitions" 1,2) >>"$timings"
done
echo "stage breakdown ..."
load "stages" >>"$timings"
dotnet "$bench_dll" stages "$corpus" "$repetitions" >>"$timings"
(cd bench/images/node && node stages.js "$corpus" "$repetitions") >>"$timings"
load "end" >>"$timings"
results=$(realpath -m "${BENCH_RESULTS:-bench/images/results.md}")
(cd bench/images/node && node report.js "$timings" "$corpus" "$out" "$results")
[ "${KEEP_OUTPUT:-0}" = 1 ] || rm -rf "$out"
