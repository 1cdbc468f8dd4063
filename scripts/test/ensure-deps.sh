#!/usr/bin/env bash
# Installs the Debian packages the test suite needs on a fresh machine of this kind (as root), in one
# apt-get transaction: Chromium for Playwright (never a downloaded browser), PostgreSQL, and what the
# test environment's services run on (scripts/test-env). No-op when all are present.
set -euo pipefail
source "$(dirname "$0")/../test-env/lib.sh"
COMPONENT=deps
need=()
have() { command -v "$1" >/dev/null 2>&1; }
[ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
have java || need+=(default-jre-headless)
have mvn || need+=(maven)
have kcat || need+=(kcat)
have prometheus || need+=(prometheus)
have prometheus-pushgateway || need+=(prometheus-pushgateway)
have clickhouse-server || need+=(clickhouse-server clickhouse-client)
have dockerd || need+=(docker.io)
have docker-compose || need+=(docker-compose)
have debootstrap || need+=(debootstrap)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -eq 0 ]; then say "all Debian packages present"; exit 0; fi
t0=$(now_ms)
say "installing ${need[*]} from Debian…"
apt_install "${need[@]}"
say "installed in $(( ($(now_ms) - t0) / 1000 ))s"
