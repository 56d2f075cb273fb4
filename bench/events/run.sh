#!/usr/bin/env bash
# Event pipeline benchmark (see README.md here): 200,000 events of 1 KB from a producer to a consumer group over
# Kafka, (a) with the raw Confluent.Kafka client, through the portal's own layers, and (b) outbox -> relay -> Kafka ->
# batch worker on PostgreSQL, in rounds against a fresh loopback Kafka-protocol cluster (scripts/peers/kafka.sh) and a
# throwaway PostgreSQL (scripts/peers/postgres.sh); the embedded log on PostgreSQL and SQLite; then upload-to-Ready
# latency of corpus photos with one and two workers. Writes bench/events/results.md.
# Usage: bash bench/events/run.sh [rounds] [scenario,...|all] [messages] [bytes] [photos]
# BENCH_EMBEDDED_MESSAGES caps the embedded log's count; BENCH_CORPUS (default /work/shared/bench/corpus) holds the photos.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
scenarios=${2:-all}
messages=${3:-200000}
bytes=${4:-1024}
photos=${5:-100}
corpus=${BENCH_CORPUS:-/work/shared/bench/corpus}
out=bench/events/out
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

source scripts/peers/kafka.sh
source scripts/peers/postgres.sh
trap 'kafka_stop; pg_stop' EXIT
pg_start
dotnet build bench/events/Portal.Bench.Events.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
bench_dll=bench/events/bin/Release/net10.0/Portal.Bench.Events.dll

rm -rf "$out" && mkdir -p "$out"
# A fresh cluster per round: the mock keeps every message in memory.
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds ..."
  KAFKA_TOPICS="bench.raw-kafka:64 bench.kafka-log:64 bench.outbox-relay-worker:64 bench.outbox-relay-worker-big-batches:64 bench.outbox-relay-worker-bulk:64 ${BENCH_TOPICS:-}" kafka_start >/dev/null
  dotnet "$bench_dll" run "$PORTAL_TEST_KAFKA" "$scenarios" "$messages" "$bytes" | tee -a "$out/results.jsonl"
  kafka_stop
done
if [ "$photos" -gt 0 ]; then
  for workers in 1 2; do
    echo "upload to Ready, $workers worker(s) ..."
    KAFKA_TOPICS="bench.images-${workers}w:4" kafka_start >/dev/null
    dotnet "$bench_dll" images "$PORTAL_TEST_KAFKA" "$corpus" "$photos" "$workers" | tee -a "$out/images.jsonl"
    kafka_stop
  done
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
cat >"$out/header.md" <<HEADER
# Event pipeline benchmark

Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) x $cpu, load average $load_start at the start and $(cut -d' ' -f1-3 /proc/loadavg) at the end
(the machine is shared with other work; every figure here is from that one loaded run);
$messages events of $bytes bytes, 1000 keys, median of $rounds rounds (each on a fresh cluster); raw-kafka and the
outbox scenarios first move ${BENCH_WARMUP:-10000} warm-up events through their whole path, outside the clock (BENCH_WARMUP).
Broker: librdkafka $(grep -o 'Include="Confluent.Kafka" Version="[^"]*"' Directory.Packages.props | sed 's/.*Version="\(.*\)"/\1/') mock cluster (3 brokers, topics of 64 partitions since the mock keeps only 5 MiB per
partition, in memory, one process on the same machine as the clients).

"events/s (end to end)" counts from the first send until the consumer has received and committed the last event,
with producer and consumer running at once; "ratio" divides by the raw client's (part (a)). The issue's goal for
part (b), outbox -> relay -> Kafka -> batch worker on PostgreSQL, is a ratio of at least 0.3.
HEADER
dotnet "$bench_dll" report "$out/results.jsonl" bench/events/results.md "$out/header.md" "$out/images.jsonl"
cat bench/events/results.md
