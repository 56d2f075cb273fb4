#!/usr/bin/env bash
# A throwaway moto S3 server on loopback for the archive tests: unlike s3rver it implements bucket lifecycle
# configuration, refuses GETs of GLACIER/DEEP_ARCHIVE objects with InvalidObjectState and answers RestoreObject
# (the restored copy is ready at once). moto comes with boto3 in this machine's python3 (`pip install 'moto[server]'`
# elsewhere; PyPI is not reachable here and Debian 12 has no package of it).
# Source this file, then: moto_start (exports PORTAL_TEST_S3_ARCHIVE=http://127.0.0.1:PORT) ... moto_stop.

moto_free_port() {
  local port
  for port in $(seq 55760 55860); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port for moto in 55760-55860" >&2; return 1
}

moto_start() {
  if ! python3 -c 'import moto.server' >/dev/null 2>&1; then
    echo "moto is not installed for python3 (pip install 'moto[server]'); the S3 archive tests will fail under CI=true" >&2
    return 0
  fi
  MOTO_DIR=$(mktemp -d /tmp/portal-moto.XXXXXX)
  MOTO_PORT=$(moto_free_port) || return 1
  python3 -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$MOTO_DIR/server.log" 2>&1 &
  MOTO_PID=$!
  local tries
  for tries in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$MOTO_PORT") 2>/dev/null; then break; fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then cat "$MOTO_DIR/server.log" >&2; echo "moto did not start" >&2; return 1; fi
    sleep 0.1
  done
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$MOTO_PORT") 2>/dev/null; then echo "moto did not listen on $MOTO_PORT in 60 s" >&2; moto_stop; return 1; fi
  export PORTAL_TEST_S3_ARCHIVE="http://127.0.0.1:$MOTO_PORT"
  export MOTO_DIR MOTO_PORT MOTO_PID
  echo "moto $(python3 -c 'import moto; print(moto.__version__)') on 127.0.0.1:$MOTO_PORT"
}

moto_stop() {
  [ -n "${MOTO_DIR:-}" ] || return 0
  if [ -n "${MOTO_PID:-}" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  rm -rf "$MOTO_DIR"
  unset MOTO_DIR MOTO_PID PORTAL_TEST_S3_ARCHIVE
}
