#!/usr/bin/env bash
# Shared by the peer scripts (source them, not this): a free loopback port, and waiting for a started server to listen.

# peer_free_port FROM TO NAME: the first port in FROM-TO nobody listens on.
peer_free_port() {
  local port
  for port in $(seq "$1" "$2"); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port for $3 in $1-$2" >&2; return 1
}

# peer_await_port PORT PID LOG NAME: 0 once 127.0.0.1:PORT accepts; 1 when the process PID ended first (its LOG is
# shown); 2 when it did not listen within 60 s.
peer_await_port() {
  local tries
  for tries in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then cat "$3" >&2; echo "$4 did not start" >&2; return 1; fi
    sleep 0.1
  done
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
  echo "$4 did not listen on $1 in 60 s" >&2; return 2
}
