#!/usr/bin/env bash
# A Docker engine (Debian's docker.io) and the local base images, for the tests. There is no image
# registry here: nexus/debian:bookworm is made with debootstrap (rootfs cached as a tarball) and
# `docker import`; nexus/jre:17 is built from it with --network host, and the platform's images from those
# (Kafka, Spark, PostgreSQL, S3, monitoring, the Iceberg REST catalog). Usage: docker.sh up | down | status
set -uo pipefail
COMPONENT=docker
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/python-env.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PIDFILE=/run/nexus-test-dockerd.pid
LOG=/var/log/nexus-test-dockerd.log
ROOTFS_TAR="$CACHE_ROOT/debian-bookworm-minbase.tar"

engine_answers() { timeout 5 docker info >/dev/null 2>&1; }

start_engine() {
  if engine_answers; then say "reusing the Docker engine that is already running"; return 0; fi
  ensure_apt dockerd docker.io
  if pid_alive "$PIDFILE"; then die "dockerd (pid $(cat "$PIDFILE")) runs but does not answer; see $LOG"; fi
  # A dockerd started by hand without our pid file holds /var/run/docker.pid: say so instead of clashing.
  if [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    die "another dockerd (pid $(cat /var/run/docker.pid)) runs but does not answer on /var/run/docker.sock"
  fi
  rm -f /var/run/docker.pid
  nohup dockerd --pidfile /var/run/docker.pid >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  local i
  for ((i = 0; i < 150; i++)); do engine_answers && break; kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break; sleep 0.2; done
  engine_answers || { tail -n 30 "$LOG" >&2; die "dockerd did not answer within 30 s"; }
  say "started dockerd (pid $(cat "$PIDFILE"), log $LOG)"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# An image is current when its nexus.source-hash label matches the files it is built from.
source_hash() { cat "$@" | sha256sum | cut -c1-16; }
image_current() { [ "$(docker image inspect -f '{{index .Config.Labels "nexus.source-hash"}}' "$1" 2>/dev/null)" = "$2" ]; }

base_image() {
  image_exists nexus/debian:bookworm && return 0
  local t0; t0=$(now_ms)
  if [ ! -f "$ROOTFS_TAR" ]; then
    ensure_apt debootstrap debootstrap
    local root="$CACHE_ROOT/rootfs.partial"
    rm -rf "$root" "$ROOTFS_TAR.partial" && mkdir -p "$root"
    say "debootstrap --variant=minbase bookworm (about 30 s)…"
    debootstrap --variant=minbase bookworm "$root" >"$STATE_ROOT/debootstrap.log" 2>&1 || { tail -n 20 "$STATE_ROOT/debootstrap.log" >&2; die "debootstrap failed"; }
    tar -C "$root" -cf "$ROOTFS_TAR.partial" . && mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"   # renamed only when complete
    rm -rf "$root"
  fi
  docker import "$ROOTFS_TAR" nexus/debian:bookworm >/dev/null || die "docker import failed"
  say "made nexus/debian:bookworm in $(( ($(now_ms) - t0) / 1000 ))s"
}

jre_image() {
  local t0 hash; t0=$(now_ms)
  hash=$(source_hash "$HERE/images/jre/Dockerfile")
  image_current nexus/jre:17 "$hash" && return 0
  docker build --network host -q --label "nexus.source-hash=$hash" -t nexus/jre:17 "$HERE/images/jre" >"$STATE_ROOT/docker-build-jre.log" 2>&1 \
    || { tail -n 20 "$STATE_ROOT/docker-build-jre.log" >&2; die "building nexus/jre:17 failed"; }
  say "built nexus/jre:17 in $(( ($(now_ms) - t0) / 1000 ))s"
}

kafka_image() {
  local t0 libs ctx hash; t0=$(now_ms)
  hash=$(source_hash "$HERE/images/kafka/Dockerfile" "$HERE/images/kafka/entrypoint.sh" "$HERE/kafka/log4j2.properties" "$HERE/kafka/pom.xml")
  image_current nexus/kafka:4.3.1 "$hash" && return 0
  libs=$(bash "$HERE/kafka.sh" fetch | tail -n 1) || die "could not fetch the Kafka jars"
  ctx=$(mktemp -d)
  cp -r "$libs" "$ctx/libs" && cp "$HERE/images/kafka/Dockerfile" "$HERE/images/kafka/entrypoint.sh" "$HERE/kafka/log4j2.properties" "$ctx/"
  docker build --network host -q --label "nexus.source-hash=$hash" -t nexus/kafka:4.3.1 "$ctx" >"$STATE_ROOT/docker-build-kafka.log" 2>&1 \
    || { rm -rf "$ctx"; tail -n 20 "$STATE_ROOT/docker-build-kafka.log" >&2; die "building nexus/kafka:4.3.1 failed"; }
  rm -rf "$ctx"
  say "built nexus/kafka:4.3.1 in $(( ($(now_ms) - t0) / 1000 ))s"
}

# build_simple TAG DIR [FILES...]: builds DIR (its Dockerfile and files) unless the image carries the same source hash.
build_simple() {
  local tag=$1 dir=$2 t0 hash name; t0=$(now_ms); shift 2
  hash=$(source_hash "$dir"/* "$@")
  image_current "$tag" "$hash" && return 0
  name=$(basename "$dir")
  docker build --network host -q --label "nexus.source-hash=$hash" -t "$tag" "$dir" >"$STATE_ROOT/docker-build-$name.log" 2>&1 \
    || { tail -n 20 "$STATE_ROOT/docker-build-$name.log" >&2; die "building $tag failed"; }
  say "built $tag in $(( ($(now_ms) - t0) / 1000 ))s"
}

# build_with_context TAG DIR SRC DEST HASH_INPUT: copies SRC into a temporary context as DEST beside DIR's files.
build_with_context() {
  local tag=$1 dir=$2 src=$3 dest=$4 stamp=$5 t0 hash ctx; t0=$(now_ms)
  hash=$( (cat "$dir"/*; echo "$stamp") | sha256sum | cut -c1-16)
  image_current "$tag" "$hash" && return 0
  ctx=$(mktemp -d)
  cp -r "$dir"/. "$ctx/" && cp -r "$src" "$ctx/$dest"
  docker build --network host -q --label "nexus.source-hash=$hash" -t "$tag" "$ctx" >"$STATE_ROOT/docker-build-$(basename "$dir").log" 2>&1 \
    || { rm -rf "$ctx"; tail -n 20 "$STATE_ROOT/docker-build-$(basename "$dir").log" >&2; die "building $tag failed"; }
  rm -rf "$ctx"
  say "built $tag in $(( ($(now_ms) - t0) / 1000 ))s"
}

iceberg_image() {
  local libs
  libs=$(bash "$HERE/iceberg.sh" fetch | tail -n 1) || die "could not fetch the Iceberg REST catalog jars"
  build_with_context nexus/iceberg-rest:1.10.0 "$HERE/images/iceberg-rest" "$libs" libs "$(cat "$HERE/iceberg/pom.xml")"
}

spark_image() {
  ensure_venv "pyspark==4.3.0"
  local home; home=$("$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
  local ctx; ctx=$(mktemp -d)
  mkdir -p "$ctx/spark" && cp -r "$home/jars" "$home/bin" "$ctx/spark/" && [ -d "$home/sbin" ] && cp -r "$home/sbin" "$ctx/spark/"
  build_with_context nexus/spark:4.3.0 "$HERE/images/spark" "$ctx/spark" spark "pyspark==4.3.0"
  rm -rf "$ctx"
}

s3_image() {
  local venv="$CACHE_ROOT/s3-venv"
  if [ ! -x "$venv/bin/moto_server" ]; then
    # Debian's Python 3.11, the one the image runs (the packages are copied into it).
    /usr/bin/python3 -m venv --help >/dev/null 2>&1 || ensure_apt python3.11-venv python3-venv
    rm -rf "$venv" && /usr/bin/python3 -m venv "$venv" || die "could not create $venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "moto[server]==5.2.5" >"$STATE_ROOT/pip-s3-image.log" 2>&1 \
      || { tail -n 20 "$STATE_ROOT/pip-s3-image.log" >&2; rm -rf "$venv"; die "pip install moto failed"; }
  fi
  build_with_context nexus/s3:moto-5.2.5 "$HERE/images/s3" "$venv" venv "moto[server]==5.2.5"
}

up() {
  local t0; t0=$(now_ms)
  mkdir -p "$STATE_ROOT" "$CACHE_ROOT"
  start_engine
  ensure_apt docker-registry docker-registry   # a local registry for the pull tests
  base_image
  jre_image
  kafka_image
  build_simple nexus/monitoring:bookworm "$HERE/images/monitoring"
  build_simple nexus/postgres:15 "$HERE/images/postgres"
  spark_image
  s3_image
  iceberg_image
  say "engine and images ready in $(( ($(now_ms) - t0) / 1000 ))s"
}

down() {
  # Only a dockerd this script started; an engine found running is left alone.
  if pid_alive "$PIDFILE"; then stop_pidfile "$PIDFILE" 20; say "stopped dockerd"; else say "left the engine as it was"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if engine_answers; then echo "docker: answering ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"; else echo "docker: not answering"; fi ;;
  env) echo "DOCKER_SOCKET=/var/run/docker.sock" ;;
  *) echo "usage: $0 up | down | status | env" >&2; exit 2 ;;
esac
