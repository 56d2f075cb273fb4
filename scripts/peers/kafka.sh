#!/usr/bin/env bash
# A throwaway Kafka-protocol cluster on loopback for tests (see ../shared/notes/kafka.md): librdkafka's mock
# cluster (3 brokers; produce, fetch, consumer groups, offset commits, the idempotent producer), hosted by
# kafka/mock_cluster.py through the librdkafka that Confluent.Kafka ships (NuGet librdkafka.redist, restored
# with the solution, so nothing else is downloaded). Topics are created on first use with 4 partitions.
# Source this file, then: kafka_start (exports PORTAL_TEST_KAFKA=127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3) ... kafka_stop.
# KAFKA_TOPICS="name:partitions ..." creates topics up front (any partition count). The mock keeps only the last 5 MiB
# of each partition (librdkafka's fixed limit): volumes beyond that need many partitions or a consumer that keeps up.
# kafka_down / kafka_up take every broker down (connections refused) and bring them back, data kept.

KAFKA_PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka
KAFKA_REPO_DIR=$(cd "$KAFKA_PEERS_DIR/../../.." && pwd)

# The native directory of the librdkafka.redist version the solution restores (the one Confluent.Kafka loads).
kafka_native_dir() {
  local packages=${NUGET_PACKAGES:-$HOME/.nuget/packages} version
  version=$(grep -o 'Include="Confluent.Kafka" Version="[^"]*"' "$KAFKA_REPO_DIR/Directory.Packages.props" | sed 's/.*Version="\(.*\)"/\1/')
  [ -n "$version" ] || { echo "Directory.Packages.props pins no Confluent.Kafka version" >&2; return 1; }
  local dir="$packages/librdkafka.redist/$version/runtimes/linux-x64/native"
  if [ ! -f "$dir/librdkafka.so" ]; then
    echo "Restoring Portal.Engine for librdkafka.redist $version ..." >&2
    dotnet restore "$KAFKA_REPO_DIR/Portal.Engine/Portal.Engine.csproj" -v quiet >/dev/null || return 1
  fi
  [ -f "$dir/librdkafka.so" ] || { echo "no librdkafka in $dir" >&2; return 1; }
  echo "$dir"
}

kafka_start() {
  command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to host the Kafka mock cluster" >&2; return 1; }
  local native
  native=$(kafka_native_dir) || return 1
  KAFKA_DIR=$(mktemp -d /tmp/portal-kafka.XXXXXX)
  # The log exists before the server starts writing it: the readiness loop reads it at once (under set -e).
  : >"$KAFKA_DIR/server.log"
  # Confluent.Kafka's own order: the default build (needs libsasl2.so.3, absent on Debian 12), else centos8's.
  local topics=() topic
  for topic in ${KAFKA_TOPICS:-}; do topics+=(--topic "$topic"); done
  python3 -u "$KAFKA_PEERS_DIR/mock_cluster.py" --library "$native/librdkafka.so" --library "$native/centos8-librdkafka.so" \
    --brokers 3 --partitions 4 "${topics[@]}" >"$KAFKA_DIR/server.log" 2>&1 &
  KAFKA_PID=$!
  local tries boot=
  for tries in $(seq 1 300); do
    boot=$(sed -n 's/^bootstrap //p' "$KAFKA_DIR/server.log" 2>/dev/null || true)
    [ -n "$boot" ] && break
    if ! kill -0 "$KAFKA_PID" 2>/dev/null; then cat "$KAFKA_DIR/server.log" >&2; echo "the Kafka mock cluster did not start" >&2; kafka_stop; return 1; fi
    sleep 0.1
  done
  if [ -z "$boot" ]; then cat "$KAFKA_DIR/server.log" >&2; echo "the Kafka mock cluster printed no bootstrap list in 30 s" >&2; kafka_stop; return 1; fi
  local first=${boot%%,*}
  if ! (exec 3<>"/dev/tcp/${first%:*}/${first#*:}") 2>/dev/null; then echo "the Kafka mock cluster does not listen on $first" >&2; kafka_stop; return 1; fi
  export PORTAL_TEST_KAFKA=$boot
  export KAFKA_DIR KAFKA_PID
  echo "$(head -n1 "$KAFKA_DIR/server.log" | cut -d' ' -f1-2) mock cluster on $boot (pid $KAFKA_PID)"
}

kafka_down() { [ -n "${KAFKA_PID:-}" ] && kill -USR1 "$KAFKA_PID"; }
kafka_up() { [ -n "${KAFKA_PID:-}" ] && kill -USR2 "$KAFKA_PID"; }

kafka_stop() {
  [ -n "${KAFKA_DIR:-}" ] || return 0
  if [ -n "${KAFKA_PID:-}" ] && kill -0 "$KAFKA_PID" 2>/dev/null; then
    kill "$KAFKA_PID" 2>/dev/null || true
    wait "$KAFKA_PID" 2>/dev/null || true
  fi
  rm -rf "$KAFKA_DIR"
  unset KAFKA_DIR KAFKA_PID PORTAL_TEST_KAFKA
}
