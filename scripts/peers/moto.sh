#!/usr/bin/env bash
# A throwaway moto S3 server on loopback for the archive tests: unlike s3rver it implements bucket lifecycle
# configuration, refuses GETs of GLACIER/DEEP_ARCHIVE objects with InvalidObjectState and answers RestoreObject
# (the restored copy is ready at once). moto comes with boto3 in this machine's python3 (`pip install 'moto[server]'`
# elsewhere; PyPI is not reachable here and Debian 12 has no package of it).
# Source this file, then: moto_start (exports PORTAL_TEST_S3_ARCHIVE=http://127.0.0.1:PORT) ... moto_stop.

source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

moto_start() {
  if ! python3 -c 'import moto.server' >/dev/null 2>&1; then
    echo "moto is not installed for python3 (pip install 'moto[server]'); the S3 archive tests will fail under CI=true" >&2
    return 0
  fi
  MOTO_DIR=$(mktemp -d /tmp/portal-moto.XXXXXX)
  MOTO_PORT=$(peer_free_port 55760 55860 moto) || return 1
  python3 -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$MOTO_DIR/server.log" 2>&1 &
  MOTO_PID=$!
  peer_await_port "$MOTO_PORT" "$MOTO_PID" "$MOTO_DIR/server.log" moto || { [ $? = 2 ] && moto_stop; return 1; }
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
