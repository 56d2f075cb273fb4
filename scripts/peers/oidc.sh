#!/usr/bin/env bash
# A throwaway OpenID Connect provider (npm oidc-provider) standing in for Amazon Cognito, on loopback,
# for tests (see ../shared/notes/oidc.md and oidc/provider.js for what it emulates).
# Source this file, then: oidc_start ... oidc_stop. oidc_start exports
#   PORTAL_TEST_OIDC=http://127.0.0.1:PORT   the issuer (Authentication:Oidc:Authority and LogoutBase)
#   PORTAL_TEST_OIDC_CLIENT_ID / PORTAL_TEST_OIDC_CLIENT_SECRET   the app client
# The client accepts any loopback http://HOST:PORT/signin-oidc redirect URI (more: OIDC_REDIRECT_URIS,
# comma separated) and any loopback sign-out URL. Any login and password sign in; the login's first
# segment decides the groups (logistics-x -> [Logistics], sales-x -> [Sales], admin-x, analyst-x, customer-x).

OIDC_PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/oidc

source "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

oidc_install() {
  [ -f "$OIDC_PEERS_DIR/node_modules/oidc-provider/package.json" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then echo "Node.js and npm are not installed (apt-get install -y nodejs npm)" >&2; return 1; fi
  echo "Installing oidc-provider into $OIDC_PEERS_DIR/node_modules ..."
  (cd "$OIDC_PEERS_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
}

# Starts the provider; a start that does not answer (seen once on a box loaded by parallel builds) is retried once.
oidc_start() {
  oidc_start_once || { echo "retrying the OIDC provider once ..." >&2; oidc_start_once; }
}

oidc_start_once() {
  oidc_install || return 1
  OIDC_DIR=$(mktemp -d /tmp/portal-oidc.XXXXXX)
  OIDC_PORT=$(peer_free_port 55840 55940 "the OIDC provider") || return 1
  OIDC_CLIENT_ID=${OIDC_CLIENT_ID:-portal-test}
  OIDC_CLIENT_SECRET=${OIDC_CLIENT_SECRET:-"secret-$(date +%s%N | sha256sum | head -c 24)"}
  OIDC_PORT=$OIDC_PORT OIDC_CLIENT_ID=$OIDC_CLIENT_ID OIDC_CLIENT_SECRET=$OIDC_CLIENT_SECRET \
    node "$OIDC_PEERS_DIR/provider.js" >"$OIDC_DIR/server.log" 2>&1 &
  OIDC_PID=$!
  local discovery="http://127.0.0.1:$OIDC_PORT/.well-known/openid-configuration" tries ready=
  for tries in $(seq 1 600); do
    if command -v curl >/dev/null 2>&1; then
      curl -fsS -o /dev/null --max-time 2 "$discovery" 2>/dev/null && { ready=1; break; }
    elif node -e "fetch('$discovery').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then
      ready=1; break
    fi
    if ! kill -0 "$OIDC_PID" 2>/dev/null; then cat "$OIDC_DIR/server.log" >&2; echo "the OIDC provider did not start" >&2; oidc_stop; return 1; fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then cat "$OIDC_DIR/server.log" >&2; echo "the OIDC provider did not answer discovery in 60 s" >&2; oidc_stop; return 1; fi
  export PORTAL_TEST_OIDC="http://127.0.0.1:$OIDC_PORT"
  export PORTAL_TEST_OIDC_CLIENT_ID=$OIDC_CLIENT_ID PORTAL_TEST_OIDC_CLIENT_SECRET=$OIDC_CLIENT_SECRET
  export OIDC_DIR OIDC_PORT OIDC_PID
  echo "oidc-provider $(node -p "require('$OIDC_PEERS_DIR/node_modules/oidc-provider/package.json').version") on 127.0.0.1:$OIDC_PORT"
}

oidc_stop() {
  [ -n "${OIDC_DIR:-}" ] || return 0
  if [ -n "${OIDC_PID:-}" ] && kill -0 "$OIDC_PID" 2>/dev/null; then
    kill "$OIDC_PID" 2>/dev/null || true
    wait "$OIDC_PID" 2>/dev/null || true
  fi
  rm -rf "$OIDC_DIR"
  unset OIDC_DIR OIDC_PID OIDC_PORT PORTAL_TEST_OIDC PORTAL_TEST_OIDC_CLIENT_ID PORTAL_TEST_OIDC_CLIENT_SECRET
}
