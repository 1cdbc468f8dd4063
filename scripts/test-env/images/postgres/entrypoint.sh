#!/bin/sh
# Initializes the data directory once (user, password, database from the environment), then runs the
# server as the postgres user on 127.0.0.1:$PGPORT.
set -eu
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${PGPORT:=5432}"
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
PGDATA=/var/lib/postgresql/data
BIN=/usr/lib/postgresql/15/bin
mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s' "$POSTGRES_PASSWORD" >/tmp/pwfile && chown postgres /tmp/pwfile
  as_pg "$BIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -o "-p $PGPORT -c listen_addresses= -k /tmp" -w start >/dev/null
  [ "$POSTGRES_DB" = postgres ] || as_pg "$BIN/psql" -h /tmp -p "$PGPORT" -U "$POSTGRES_USER" -d postgres -qc "CREATE DATABASE \"$POSTGRES_DB\""
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  echo "initialized $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$BIN/postgres" -D "$PGDATA" -p "$PGPORT" -c listen_addresses=127.0.0.1 -k /tmp
