#!/usr/bin/env bash
# Runs ALL tests (unit, component, HTTP, both database providers, browser journeys).
# Installs what they need on Debian 12 (PostgreSQL, Chromium, Node.js, image codecs) when run as
# root, starts throwaway peers on loopback (PostgreSQL, an S3 server, an OpenID Connect provider, a Kafka
# mock cluster), and ends with one line: "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
configuration=${CONFIGURATION:-Release}

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# The image engine's faster system codecs (it falls back to Skia's without them; their tests need them).
ldconfig -p | grep -q 'libturbojpeg.so.0 ' || missing+=(libturbojpeg0)
ldconfig -p | grep -q 'libwebp.so.7 ' || missing+=(libwebp7)
# HEVC-coded HEIF ("heic" output): Debian's libheif, built with x265 (GIF/TIFF/AVIF/HEIF come from the NetVips.Native package).
ldconfig -p | grep -q 'libheif.so.1 ' || missing+=(libheif1)
# R, httr2 and jsonlite: the analytics query API's R client test.
command -v Rscript >/dev/null 2>&1 || missing+=(r-base-core)
Rscript -e 'library(httr2)' >/dev/null 2>&1 || missing+=(r-cran-httr2)
Rscript -e 'library(jsonlite)' >/dev/null 2>&1 || missing+=(r-cran-jsonlite)
# Real AWS clients for the Athena-compatible endpoint's tests (usually preinstalled with pip; Debian's otherwise).
python3 -c 'import boto3' >/dev/null 2>&1 || missing+=(python3-boto3)
command -v aws >/dev/null 2>&1 || missing+=(awscli)
# Checks that docker-compose.yml parses (Portal.Tests' DeploymentFilesTests runs `docker-compose config`; no engine needed).
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
# nginx for the two-instance journey (e2e/TwoInstanceJourneyTests runs deploy/nginx.conf on a loopback port of its own)
# and DeploymentFilesTests' `nginx -t`. /usr/sbin is not on every user's PATH.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} ..."
    # The packages' services are not started (no nginx on port 80, no PostgreSQL cluster on 5432): the tests run their
    # own servers on loopback. policy-rc.d is Debian's switch for that, honoured by invoke-rc.d and deb-systemd-invoke.
    apt-get update -qq >/dev/null
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
    fi
    installed=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || installed=$?
    [ -z "$policy" ] || rm -f "$policy"
    [ "$installed" -eq 0 ] || exit "$installed"
  else
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi

# Throwaway protocol peers on loopback: PostgreSQL, an S3 server (s3rver, and moto for archive and restore), an OpenID
# Connect provider, a Kafka cluster.
# shellcheck source=peers/postgres.sh
source scripts/peers/postgres.sh
# shellcheck source=peers/s3.sh
source scripts/peers/s3.sh
# shellcheck source=peers/oidc.sh
source scripts/peers/oidc.sh
# shellcheck source=peers/kafka.sh
source scripts/peers/kafka.sh
# shellcheck source=peers/moto.sh
source scripts/peers/moto.sh
trap 'moto_stop; kafka_stop; oidc_stop; s3_stop; pg_stop' EXIT
pg_start
s3_start
oidc_start
kafka_start
moto_start

# axe-core for the accessibility journey, at the version e2e/axe/package-lock.json pins.
(cd e2e/axe && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

dotnet build Portal.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly

results="$root/TestResults"
rm -rf "$results"
set +e
dotnet test Portal.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
set -e

# Sum the counters of every test run's TRX file. xunit's skipped tests are not executed, but its TRX leaves
# notExecuted at 0: they are the difference between total and executed.
counts=$(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"|\/|>/, "", kv[2]); c[kv[1]] += kv[2] } }
  END { skipped = c["total"] - c["executed"]; if (c["notExecuted"] > skipped) skipped = c["notExecuted"]
        printf "%d %d %d", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], skipped }')
read -r passed failed skipped <<<"${counts:-0 0 0}"
# Name every failed test (with the start of its message) just above the summary, where a CI log's tail shows it.
python3 scripts/failed-tests.py "$results" || true
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
