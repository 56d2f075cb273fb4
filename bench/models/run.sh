#!/usr/bin/env bash
# Models benchmark (see README.md here): embeddings per second through the portal's ResNet18Embedder against a bare
# OnnxRuntime InferenceSession on the same ONNX files with the same preprocessing, 1 and 2 intra-op threads, in one run.
# Writes bench/models/results.md. Usage: bash bench/models/run.sh [images per measurement=40] [corpus=/work/shared/bench/corpus]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-40}
corpus=${2:-/work/shared/bench/corpus}
out=bench/models/out
mkdir -p "$out"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
dotnet build bench/models/Portal.Bench.Models.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet bench/models/bin/Release/net10.0/Portal.Bench.Models.dll "$corpus" "$count" "$out/table.md"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "# Models benchmark"
  echo
  echo "Run $started_at on $(nproc) x $cpu; load average (1/5/15 min) $load_start at the start and"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared; figures are from that one run)."
  echo "$count images per measurement, two alternating rounds each, from $(ls "$corpus"/*.jpg | wc -l) corpus photos."
  echo
  cat "$out/table.md"
} >bench/models/results.md
cat bench/models/results.md
