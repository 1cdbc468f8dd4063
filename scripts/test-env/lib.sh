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

# apt_install PACKAGE... — one apt-get at a time across the parallel scripts (flock), waiting for dpkg's lock.
apt_install() {
  [ "$(id -u)" = 0 ] || die "missing $*; install them with apt-get (needs root)"
  mkdir -p "$CACHE_ROOT"
  (
    flock -w 600 9 || die "waited 10 min for another apt-get"
    local apt=(apt-get -o DPkg::Lock::Timeout=300 -y -qq)
    if [ -z "$(ls /var/lib/apt/lists/*Packages 2>/dev/null | head -n 1)" ]; then "${apt[@]}" update >/dev/null; fi
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "$@" >/dev/null \
      || { "${apt[@]}" update >/dev/null && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "$@" >/dev/null; }
  ) 9>"$CACHE_ROOT/apt.lock" || die "apt-get install $* failed"
}

ensure_apt() { # ensure_apt COMMAND PACKAGE... — installs PACKAGEs when COMMAND is missing
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  say "installing $* from Debian…"
  apt_install "$@"
}
