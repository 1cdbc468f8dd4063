#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's packages) on a free 127.0.0.1 port for the test suite.
#   source scripts/test/postgres.sh; pg_test_start; ...; pg_test_stop
# Exports TEST_DATABASE_URL. Installs postgresql with apt-get when it is missing and we are root.

pg_bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_test_start() {
  local bin
  bin=$(pg_bin_dir)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" != 0 ]; then echo "postgres: not installed and not root; install Debian's postgresql" >&2; return 1; fi
    echo "postgres: installing Debian's postgresql…"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || { echo "postgres: apt-get install failed" >&2; return 1; }
    bin=$(pg_bin_dir)
  fi
  PG_TEST_DIR=$(mktemp -d /tmp/nexus-pg.XXXXXX)
  chmod 755 "$PG_TEST_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_TEST_DIR"
  PG_TEST_PORT=$(pg_free_port)
  pg_as_owner "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { echo "postgres: initdb failed:" >&2; tail -n 20 "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  if ! pg_as_owner "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 30 \
      -o "-p $PG_TEST_PORT -c listen_addresses=127.0.0.1 -k $PG_TEST_DIR -c fsync=off -c max_connections=200" start >/dev/null; then
    echo "postgres: failed to start; log tail:" >&2
    tail -n 20 "$PG_TEST_DIR/server.log" >&2
    return 1
  fi
  export PG_TEST_DIR PG_TEST_PORT PG_BIN="$bin"
  export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_TEST_PORT/postgres"
  echo "postgres: $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_TEST_PORT ($PG_TEST_DIR)"
}

pg_test_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
  unset PG_TEST_DIR TEST_DATABASE_URL
}
