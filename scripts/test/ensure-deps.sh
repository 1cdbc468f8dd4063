#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine of this kind (as root): Debian's Chromium for
# Playwright (never a downloaded browser) and PostgreSQL. Prints what it did; no-op when present.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium fonts-liberation)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then echo "deps: chromium and postgresql present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then echo "deps: missing ${need[*]}; install them with apt-get as root" >&2; exit 1; fi
echo "deps: installing ${need[*]} from Debian…"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
echo "deps: installed ${need[*]}"
