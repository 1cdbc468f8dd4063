#!/usr/bin/env bash
# Apache Airflow 3 with the OpenLineage provider (PyPI) in its own cached virtualenv, for the pipeline tests:
# no service runs; the tests call `airflow dags test` with a copy of a migrated AIRFLOW_HOME.
# Usage: airflow.sh up | down | status | env   (down, even with --purge, keeps the cache: rm -rf it to reinstall)
#   venv $CACHE_ROOT/airflow/venv, migrated home template $CACHE_ROOT/airflow/home (SQLite); a second up installs nothing.
set -uo pipefail
COMPONENT=airflow
source "$(dirname "$0")/lib.sh"
DIR="$CACHE_ROOT/airflow"
VENV="$DIR/venv"
HOME_TEMPLATE="$DIR/home"
PACKAGES=("apache-airflow==3.3.2" "apache-airflow-providers-openlineage==2.20.3")
STAMP="$DIR/installed-${PACKAGES[*]// /_}"
STAMP=${STAMP// /+}

install() {
  [ -f "$STAMP" ] && return 0
  if [ ! -x "$VENV/bin/pip" ]; then
    python3 -m venv "$VENV" 2>/dev/null || { ensure_apt python3 python3-venv; python3 -m venv "$VENV"; } || die "could not create $VENV"
  fi
  say "installing ${PACKAGES[*]} from PyPI into $VENV (once, about a minute)…"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PACKAGES[@]}" >"$DIR/pip.log" 2>&1 \
    || { tail -n 20 "$DIR/pip.log" >&2; die "pip install failed (log $DIR/pip.log)"; }
  rm -rf "$HOME_TEMPLATE"
  touch "$STAMP"
}

migrate() {
  [ -f "$HOME_TEMPLATE/airflow.db" ] && return 0
  mkdir -p "$HOME_TEMPLATE"
  AIRFLOW_HOME="$HOME_TEMPLATE" AIRFLOW__CORE__LOAD_EXAMPLES=False "$VENV/bin/airflow" db migrate >"$DIR/migrate.log" 2>&1 \
    || { tail -n 20 "$DIR/migrate.log" >&2; rm -f "$HOME_TEMPLATE/airflow.db"; die "airflow db migrate failed"; }
}

up() {
  local t0; t0=$(now_ms)
  mkdir -p "$DIR"
  # Parallel runs (all.sh, a second worktree) share the cache: one install at a time.
  exec 8>"$DIR.lock"
  flock -w 900 8 || die "waited 15 min for another Airflow install"
  install
  migrate
  flock -u 8
  say "Airflow $("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("apache-airflow"))') ready in $VENV, up in $(( ($(now_ms) - t0) / 1000 ))s"
}

case "${1:-}" in
  up) up ;;
  down) say "nothing runs; the cached install stays in $DIR" ;;
  status) if [ -f "$STAMP" ] && [ -f "$HOME_TEMPLATE/airflow.db" ]; then echo "airflow: installed ($VENV)"; else echo "airflow: not installed"; fi ;;
  env) echo "AIRFLOW_VENV=$VENV AIRFLOW_HOME_TEMPLATE=$HOME_TEMPLATE" ;;
  *) echo "usage: $0 up | down [--purge] | status | env" >&2; exit 2 ;;
esac
