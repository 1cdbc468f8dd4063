#!/usr/bin/env bash
# Shared helpers for the test-environment scripts (sourced, not run).
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE_ROOT=${NEXUS_TEST_STATE:-$REPO_ROOT/.test-env}
CACHE_ROOT=${NEXUS_TEST_CACHE:-/var/cache/nexus-test}

say() { printf '%s: %s\n' "${COMPONENT:-test-env}" "$*"; }
die() { printf '%s: ERROR: %s\n' "${COMPONENT:-test-env}" "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

# is_port_free PORT — true when nothing listens on 127.0.0.1:PORT
is_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT SECONDS PID LOG — waits until PORT accepts connections; fails fast if PID died.
wait_for_port() {
  local port=$1 secs=$2 pid=$3 log=$4 i
  for ((i = 0; i < secs * 5; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      say "process $pid exited before opening port $port; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
  say "port $port not open after ${secs}s; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  return 1
}

# pid_alive PIDFILE — true when the pid file names a live process (a stale file is removed)
pid_alive() {
  local f=$1 pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return 0; fi
  rm -f "$f"
  return 1
}

# stop_pidfile PIDFILE [SECONDS] — TERM, then KILL after SECONDS (default 10)
stop_pidfile() {
  local f=$1 secs=${2:-10} pid i
  pid_alive "$f" || return 0
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null
  for ((i = 0; i < secs * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

ensure_apt() { # ensure_apt COMMAND PACKAGE...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "$cmd is missing; install $* (needs root)"
  say "installing $* from Debian…"
  if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls /var/lib/apt/lists/*Packages 2>/dev/null | head -n 1)" ]; then apt-get update -qq >/dev/null; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } || die "apt-get install $* failed"
}
