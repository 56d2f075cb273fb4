#!/usr/bin/env python3
"""A Kafka-protocol cluster on loopback for tests: librdkafka's mock cluster, hosted through the very
librdkafka that Confluent.Kafka ships (NuGet package librdkafka.redist), called with ctypes.

It speaks the real wire protocol (produce, fetch, metadata, consumer groups, offset commits, the idempotent
producer). Topics are created on first use with --partitions partitions (the mock has no CreateTopics), or
up front with --topic NAME[:PARTITIONS]. Prints "bootstrap HOST:PORT,..." once ready, then runs until
SIGTERM/SIGINT. SIGUSR1 takes every broker down (connections refused), SIGUSR2 brings them back.

  mock_cluster.py --library PATH [--library PATH ...] [--brokers 3] [--partitions 4] [--topic NAME[:N]]
"""
import argparse
import ctypes
import signal
import sys
import threading


def load(paths):
    errors = []
    for path in paths:
        try:
            return ctypes.CDLL(path), path
        except OSError as error:  # e.g. librdkafka.so needs libsasl2.so.3, which Debian 12 lacks
            errors.append(f"{path}: {error}")
    sys.exit("no librdkafka could be loaded:\n  " + "\n  ".join(errors))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", action="append", required=True)
    parser.add_argument("--brokers", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--topic", action="append", default=[])
    args = parser.parse_args()

    lib, path = load(args.library)
    lib.rd_kafka_version_str.restype = ctypes.c_char_p
    lib.rd_kafka_conf_new.restype = ctypes.c_void_p
    lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.rd_kafka_new.restype = ctypes.c_void_p
    lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.rd_kafka_destroy.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
    lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.rd_kafka_mock_cluster_destroy.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
    lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_topic_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    lib.rd_kafka_mock_group_initial_rebalance_delay_ms.argtypes = [ctypes.c_void_p, ctypes.c_int32]
    lib.rd_kafka_mock_broker_set_down.argtypes = [ctypes.c_void_p, ctypes.c_int32]
    lib.rd_kafka_mock_broker_set_up.argtypes = [ctypes.c_void_p, ctypes.c_int32]

    errstr = ctypes.create_string_buffer(512)
    conf = lib.rd_kafka_conf_new()
    for key, value in ((b"log_level", b"4"),):
        lib.rd_kafka_conf_set(conf, key, value, errstr, len(errstr))
    handle = lib.rd_kafka_new(0, conf, errstr, len(errstr))  # 0 = RD_KAFKA_PRODUCER, only the mock's host
    if not handle:
        sys.exit(f"rd_kafka_new: {errstr.value.decode()}")
    cluster = lib.rd_kafka_mock_cluster_new(handle, args.brokers)
    if not cluster:
        sys.exit("rd_kafka_mock_cluster_new failed")
    # Consumer groups start their first rebalance at once (a real broker waits 3 s for more members).
    lib.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0)
    replication = min(3, args.brokers)
    for spec in args.topic:
        name, _, partitions = spec.partition(":")
        error = lib.rd_kafka_mock_topic_create(cluster, name.encode(), int(partitions or args.partitions), replication)
        if error:
            sys.exit(f"rd_kafka_mock_topic_create {name}: error {error}")

    done = threading.Event()

    def set_brokers(up):
        for broker in range(1, args.brokers + 1):
            (lib.rd_kafka_mock_broker_set_up if up else lib.rd_kafka_mock_broker_set_down)(cluster, broker)

    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGUSR1, lambda *_: set_brokers(False))
    signal.signal(signal.SIGUSR2, lambda *_: set_brokers(True))
    print(f"librdkafka {lib.rd_kafka_version_str().decode()} mock cluster from {path}", flush=True)
    print(f"bootstrap {lib.rd_kafka_mock_cluster_bootstraps(cluster).decode()}", flush=True)
    while not done.wait(1):
        pass
    lib.rd_kafka_mock_cluster_destroy(cluster)
    lib.rd_kafka_destroy(handle)


if __name__ == "__main__":
    main()
