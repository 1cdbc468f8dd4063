#!/usr/bin/env bash
# A Docker engine (Debian's docker.io) and the local base images, for the tests. There is no image
# registry here: nexus/debian:bookworm is made with debootstrap (rootfs cached as a tarball) and
# `docker import`; nexus/jre:17 is built from it with --network host. Usage: docker.sh up | down | status
set -uo pipefail
COMPONENT=docker
source "$(dirname "$0")/lib.sh"
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

up() {
  local t0; t0=$(now_ms)
  mkdir -p "$STATE_ROOT" "$CACHE_ROOT"
  start_engine
  base_image
  jre_image
  kafka_image
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
