#!/usr/bin/env bash
# Event pipeline benchmark (see README.md here): 200,000 events of 1 KB from a producer to a consumer group over
# Kafka, (a) with the raw Confluent.Kafka client and through the portal's own layers, in interleaved rounds against
# the same loopback Kafka-protocol cluster (scripts/peers/kafka.sh). Writes bench/events/results.md.
# Usage: bash bench/events/run.sh [rounds] [scenario,...|all] [messages] [bytes]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
scenarios=${2:-all}
messages=${3:-200000}
bytes=${4:-1024}
out=bench/events/out

source scripts/peers/kafka.sh
trap kafka_stop EXIT
dotnet build bench/events/Portal.Bench.Events.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
bench_dll=bench/events/bin/Release/net10.0/Portal.Bench.Events.dll

rm -rf "$out" && mkdir -p "$out"
# A fresh cluster per round: the mock keeps every message in memory.
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds ..."
  KAFKA_TOPICS="bench.raw-kafka:64 bench.kafka-log:64 ${BENCH_TOPICS:-}" kafka_start >/dev/null
  dotnet "$bench_dll" run "$PORTAL_TEST_KAFKA" "$scenarios" "$messages" "$bytes" | tee -a "$out/results.jsonl"
  kafka_stop
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
cat >"$out/header.md" <<HEADER
# Event pipeline benchmark

Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) x $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg);
$messages events of $bytes bytes, 1000 keys, median of $rounds rounds (each on a fresh cluster).
Broker: librdkafka $(grep -o 'Include="Confluent.Kafka" Version="[^"]*"' Directory.Packages.props | sed 's/.*Version="\(.*\)"/\1/') mock cluster (3 brokers, topics of 64 partitions since the mock keeps only 5 MiB per
partition, in memory, one process on the same machine as the clients).

"events/s (end to end)" counts from the first send until the consumer has received and committed the last event,
with producer and consumer running at once; "ratio" divides by the raw client's (part (a)). The issue's goal for
part (b), outbox -> relay -> Kafka -> batch worker on PostgreSQL, is a ratio of at least 0.3.
HEADER
dotnet "$bench_dll" report "$out/results.jsonl" bench/events/results.md "$out/header.md"
cat bench/events/results.md
