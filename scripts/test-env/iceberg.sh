#!/usr/bin/env bash
# An Apache Iceberg REST catalog for the tests: RESTCatalogServer from Maven Central jars (iceberg/pom.xml), a JDBC
# catalog on a PostgreSQL of its own (Debian's packages) and the warehouse on the test S3 server (s3.sh, moto).
# pyiceberg (PyPI) in its own cached virtualenv seeds and benchmarks it.
# Usage: iceberg.sh up | down [--purge] | status | env | fetch   (up waits up to 5 min for the S3 server)
#   ports: REST 19181 (NEXUS_ICEBERG_PORT), its PostgreSQL 19182 (NEXUS_ICEBERG_PG_PORT); S3 at NEXUS_S3_PORT (19000).
set -uo pipefail
COMPONENT=iceberg
source "$(dirname "$0")/lib.sh"
source "$REPO_ROOT/scripts/test/postgres.sh"
ICEBERG_VERSION=1.10.0
PYICEBERG="pyiceberg[pyarrow,pyiceberg-core]==0.12.0"
PORT=${NEXUS_ICEBERG_PORT:-19181}
PG_PORT=${NEXUS_ICEBERG_PG_PORT:-19182}
S3_PORT=${NEXUS_S3_PORT:-19000}
BUCKET=${NEXUS_ICEBERG_BUCKET:-iceberg-warehouse}
DIR="$STATE_ROOT/iceberg"
# The data directory lives under /tmp: the postgres user must reach it, and a checkout under /root is closed to it.
PGDIR=${NEXUS_ICEBERG_PG_DIR:-/tmp/nexus-iceberg-pg-$PG_PORT}
LIBS="$CACHE_ROOT/iceberg/libs-$ICEBERG_VERSION"
IVENV="$CACHE_ROOT/iceberg/venv"
HERE=$(cd "$(dirname "$0")" && pwd)

fetch_jars() {
  # The marker is written last: an interrupted download is redone, never trusted.
  [ -f "$LIBS/.complete" ] && return 0
  ensure_apt java default-jre-headless
  ensure_apt mvn maven
  say "fetching the Iceberg REST catalog $ICEBERG_VERSION jars from Maven Central…"
  rm -rf "$LIBS.partial" && mkdir -p "$LIBS.partial"
  mvn -q -B -f "$HERE/iceberg/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS.partial" -DincludeScope=runtime >"$STATE_ROOT/iceberg-mvn.log" 2>&1 \
    || { tail -n 30 "$STATE_ROOT/iceberg-mvn.log" >&2; die "mvn dependency:copy-dependencies failed"; }
  touch "$LIBS.partial/.complete"
  rm -rf "$LIBS" && mv "$LIBS.partial" "$LIBS"
}

ensure_pyiceberg() {
  # Its own virtualenv: pyarrow is large and only the catalog tests and benchmark need it.
  [ -x "$IVENV/bin/python" ] && "$IVENV/bin/pip" show -q pyiceberg-core >/dev/null 2>&1 && return 0
  say "installing $PYICEBERG from PyPI into $IVENV…"
  python3 -m venv "$IVENV" 2>/dev/null || { ensure_apt python3 python3-venv; python3 -m venv "$IVENV"; } || die "could not create $IVENV"
  "$IVENV/bin/pip" install -q --disable-pip-version-check "$PYICEBERG" >"$STATE_ROOT/pip-iceberg.log" 2>&1 \
    || { tail -n 20 "$STATE_ROOT/pip-iceberg.log" >&2; die "pip install $PYICEBERG failed"; }
}

start_postgres() {
  pid_alive "$DIR/pg.pid" && return 0
  local bin; bin=$(pg_bin_dir)
  [ -n "$bin" ] || { ensure_apt psql postgresql; bin=$(pg_bin_dir); }
  [ -n "$bin" ] || die "PostgreSQL's initdb not found"
  is_port_free "$PG_PORT" || die "port $PG_PORT is already taken (set NEXUS_ICEBERG_PG_PORT)"
  if [ ! -d "$PGDIR/data" ]; then
    mkdir -p "$PGDIR" && chmod 755 "$PGDIR" && { [ "$(id -u)" != 0 ] || chown postgres: "$PGDIR"; }
    pg_as_owner "$bin/initdb" -D "$PGDIR/data" -U iceberg -A trust --no-sync -E UTF8 >"$DIR/pg-initdb.log" 2>&1 \
      || { tail -n 20 "$DIR/pg-initdb.log" >&2; die "initdb failed"; }
  fi
  pg_as_owner "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGDIR -c fsync=off" start >/dev/null \
    || { tail -n 20 "$PGDIR/server.log" >&2; die "PostgreSQL did not start"; }
  head -n 1 "$PGDIR/data/postmaster.pid" >"$DIR/pg.pid"
}

empty_catalog() {
  # The tables' files live in the S3 server's memory, and moto keeps nothing across a restart: a catalog database left
  # by an earlier run (one stopped before its cleanup, its data directory still under /tmp) names tables whose files
  # are gone, and every commit to them is a 500 from the REST server. A REST server that starts gets an empty catalog,
  # as empty as the S3 server it writes to.
  local bin; bin=$(pg_bin_dir)
  "$bin/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U iceberg --if-exists iceberg_catalog \
    && "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U iceberg iceberg_catalog || die "could not make an empty iceberg_catalog"
}

wait_for_s3() {
  # all.sh starts s3.sh beside this script: wait for it rather than race it (a cold moto install takes a minute or two).
  local i
  for ((i = 0; i < 1500; i++)); do
    is_port_free "$S3_PORT" || break
    sleep 0.2
  done
  is_port_free "$S3_PORT" && die "no S3 server on 127.0.0.1:$S3_PORT after 5 min (start scripts/test-env/s3.sh)"
  # moto accepts any credentials; PUT on an existing bucket answers 409 or 200, both fine.
  curl -s -o /dev/null -X PUT "http://127.0.0.1:$S3_PORT/$BUCKET" || die "could not create bucket $BUCKET"
}

up() {
  local t0; t0=$(now_ms)
  mkdir -p "$DIR"
  fetch_jars
  ensure_pyiceberg
  if pid_alive "$DIR/rest.pid"; then say "already running on http://127.0.0.1:$PORT"; return 0; fi
  is_port_free "$PORT" || die "port $PORT is already taken (set NEXUS_ICEBERG_PORT)"
  start_postgres
  empty_catalog
  wait_for_s3
  # CATALOG_<KEY> is the catalog property <key> (_ → ., __ → -): RESTCatalogServer's own mapping.
  CATALOG_REST_PORT=$PORT CATALOG_CATALOG__IMPL=org.apache.iceberg.jdbc.JdbcCatalog \
    CATALOG_URI="jdbc:postgresql://127.0.0.1:$PG_PORT/iceberg_catalog" CATALOG_JDBC_USER=iceberg CATALOG_JDBC_PASSWORD=iceberg \
    CATALOG_JDBC_SCHEMA__VERSION=V1 CATALOG_WAREHOUSE="s3://$BUCKET/" CATALOG_IO__IMPL=org.apache.iceberg.aws.s3.S3FileIO \
    CATALOG_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" CATALOG_S3_PATH__STYLE__ACCESS=true CATALOG_CLIENT_REGION=us-east-1 \
    CATALOG_S3_ACCESS__KEY__ID=test CATALOG_S3_SECRET__ACCESS__KEY=test \
    AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
    nohup java -Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$LIBS/*" org.apache.iceberg.rest.RESTCatalogServer \
    >"$DIR/rest.log" 2>&1 &
  echo $! >"$DIR/rest.pid"
  wait_for_port "$PORT" 60 "$(cat "$DIR/rest.pid")" "$DIR/rest.log" || { down >/dev/null; die "the REST catalog did not start"; }
  local i
  for ((i = 0; i < 100; i++)); do curl -sf "http://127.0.0.1:$PORT/v1/config" >/dev/null && break; sleep 0.2; done
  [ "$i" -lt 100 ] || { tail -n 20 "$DIR/rest.log" >&2; down >/dev/null; die "GET /v1/config did not answer"; }
  say "Iceberg REST catalog on http://127.0.0.1:$PORT (JDBC on PostgreSQL :$PG_PORT, warehouse s3://$BUCKET/), up in $(( ($(now_ms) - t0) / 1000 ))s"
}

down() {
  stop_pidfile "$DIR/rest.pid" 10
  if pid_alive "$DIR/pg.pid"; then
    pg_as_owner "$(pg_bin_dir)/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || stop_pidfile "$DIR/pg.pid" 10
    rm -f "$DIR/pg.pid"
  fi
  [ "${1:-}" = "--purge" ] && rm -rf "$DIR" "$PGDIR"
  say "stopped"
}

status() {
  if pid_alive "$DIR/rest.pid"; then echo "iceberg-rest: running (pid $(cat "$DIR/rest.pid"), 127.0.0.1:$PORT)"; else echo "iceberg-rest: stopped"; fi
}

case "${1:-}" in
  up) up ;;
  down) shift; down "$@" ;;
  status) status ;;
  env) echo "ICEBERG_REST_URL=http://127.0.0.1:$PORT ICEBERG_VENV=$IVENV ICEBERG_S3_ENDPOINT=http://127.0.0.1:$S3_PORT" ;;
  fetch) mkdir -p "$STATE_ROOT"; fetch_jars; echo "$LIBS" ;;
  *) echo "usage: $0 up | down [--purge] | status | env | fetch" >&2; exit 2 ;;
esac
