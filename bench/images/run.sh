#!/usr/bin/env bash
# Image engine benchmark: the portal's SkiaSharp engine against sharp (libvips) on the same photos, in
# interleaved rounds. Prints the table and writes bench/images/results.md.
# Usage: bash bench/images/run.sh [rounds] [repetitions per measurement]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
repetitions=${2:-4}
corpus=${PORTAL_BENCH_CORPUS:-../shared/bench/corpus}
out=bench/images/out
[ -d "$corpus" ] || { echo "no corpus at $corpus (set PORTAL_BENCH_CORPUS)" >&2; exit 1; }
command -v node >/dev/null || { echo "Node.js is needed for the sharp side (apt-get install -y nodejs npm)" >&2; exit 1; }

if [ ! -d bench/images/node/node_modules/sharp ]; then
  echo "Installing sharp into bench/images/node/node_modules ..."
  (cd bench/images/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
dotnet build bench/images/Portal.Bench.Images.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
bench_dll=bench/images/bin/Release/net10.0/Portal.Bench.Images.dll

rm -rf "$out" && mkdir -p "$out"
timings="$out/timings.jsonl"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds ..."
  dotnet "$bench_dll" "$corpus" "$out" "$repetitions" 1,2 >>"$timings"
  (cd bench/images/node && node bench.js "../../../$corpus" "../../../$out" "$repetitions" 1,2) >>"$timings"
done
(cd bench/images/node && node report.js "../../../$timings" "../../../$corpus" "../../../$out" ../results.md)
