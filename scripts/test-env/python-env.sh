#!/usr/bin/env bash
# The Python tools of the test environment in one virtualenv under the cache (sourced by other scripts):
# moto (S3-compatible server, in MinIO's place) and pyspark (Spark standalone). ensure_venv PKG...
VENV="$CACHE_ROOT/venv"
ensure_venv() {
  mkdir -p "$CACHE_ROOT"
  # s3.sh and spark.sh run in parallel: one pip at a time.
  exec 8>"$CACHE_ROOT/venv.lock"
  flock -w 900 8 || die "waited 15 min for another pip install"
  if [ ! -x "$VENV/bin/pip" ]; then
    python3 -m venv "$VENV" 2>/dev/null || { ensure_apt python3 python3-venv; python3 -m venv "$VENV"; } || die "could not create $VENV"
  fi
  local missing=() spec name
  for spec in "$@"; do
    name=${spec%%[*}; name=${name%%=*}
    "$VENV/bin/pip" show -q "$name" >/dev/null 2>&1 || missing+=("$spec")
  done
  [ ${#missing[@]} -eq 0 ] && { flock -u 8; return 0; }
  say "installing ${missing[*]} from PyPI into $VENV…"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${missing[@]}" >"$STATE_ROOT/pip-$COMPONENT.log" 2>&1 \
    || { tail -n 20 "$STATE_ROOT/pip-$COMPONENT.log" >&2; die "pip install ${missing[*]} failed"; }
  flock -u 8
}
