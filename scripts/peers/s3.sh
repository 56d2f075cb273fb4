#!/usr/bin/env bash
# A throwaway S3-protocol server (s3rver, npm) on loopback for tests (see ../shared/notes/s3.md).
# Source this file, then: s3_start (exports PORTAL_TEST_S3=http://127.0.0.1:PORT) ... s3_stop.
# Credentials are s3rver's fixed S3RVER / S3RVER; clients need path-style addressing and
# ObjectStore:S3:CompatibilityMode (uploads without aws-chunked framing).

S3_PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/s3

source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

s3_install() {
  [ -x "$S3_PEERS_DIR/node_modules/.bin/s3rver" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then echo "Node.js and npm are not installed (apt-get install -y nodejs npm)" >&2; return 1; fi
  echo "Installing s3rver into $S3_PEERS_DIR/node_modules ..."
  (cd "$S3_PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
}

s3_start() {
  s3_install || return 1
  S3_DIR=$(mktemp -d /tmp/portal-s3.XXXXXX)
  S3_PORT=$(peer_free_port 55640 55740 s3rver) || return 1
  # s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
  NODE_OPTIONS="--openssl-legacy-provider ${NODE_OPTIONS:-}" "$S3_PEERS_DIR/node_modules/.bin/s3rver" -d "$S3_DIR/data" -a 127.0.0.1 -p "$S3_PORT" --silent >"$S3_DIR/server.log" 2>&1 &
  S3_PID=$!
  peer_await_port "$S3_PORT" "$S3_PID" "$S3_DIR/server.log" s3rver || { [ $? = 2 ] && s3_stop; return 1; }
  export PORTAL_TEST_S3="http://127.0.0.1:$S3_PORT"
  export S3_DIR S3_PORT S3_PID
  echo "s3rver $(node -p "require('$S3_PEERS_DIR/node_modules/s3rver/package.json').version") on 127.0.0.1:$S3_PORT"
}

s3_stop() {
  [ -n "${S3_DIR:-}" ] || return 0
  if [ -n "${S3_PID:-}" ] && kill -0 "$S3_PID" 2>/dev/null; then
    kill "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
  fi
  rm -rf "$S3_DIR"
  unset S3_DIR S3_PID PORTAL_TEST_S3
}
