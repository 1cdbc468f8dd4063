#!/usr/bin/env bash
# The control plane's own image (the Dockerfile at the repository root), built from the local Debian base image
# (docker.sh up makes it) for e2e/control-plane-image.spec.ts. Cached: the image carries the hash of the files
# that go into it (nexus.source-hash), and an image with the same hash is not built again; Docker's layer cache
# keeps Node and `npm ci` while package-lock.json stays the same. Usage: control-plane-image.sh build | tag | status
#   NEXUS_IMAGE_TAG (default nexus/control-plane:test) names the image.
set -uo pipefail
COMPONENT=control-plane-image
source "$(dirname "$0")/lib.sh"
TAG=${NEXUS_IMAGE_TAG:-nexus/control-plane:test}

# The build context without what .dockerignore leaves out (tests, docs, benches are not in the image).
source_hash() {
  (cd "$REPO_ROOT" && git ls-files -co --exclude-standard -z \
    | grep -zvE '^(e2e|bench|docs)/|\.test\.ts$|\.md$' \
    | sort -z | xargs -0 sha256sum 2>/dev/null) | sha256sum | cut -c1-16
}

build() {
  local t0 hash log; t0=$(now_ms)
  docker image inspect nexus/debian:bookworm >/dev/null 2>&1 || die "no nexus/debian:bookworm: run scripts/test-env/docker.sh up"
  hash=$(source_hash)
  if [ "$(docker image inspect -f '{{index .Config.Labels "nexus.source-hash"}}' "$TAG" 2>/dev/null)" = "$hash" ]; then
    say "$TAG is current (source hash $hash)"; return 0
  fi
  mkdir -p "$STATE_ROOT"; log="$STATE_ROOT/docker-build-control-plane.log"
  # Certificate authorities added to this machine (a TLS-inspecting proxy's) for npm in the build stages.
  local ca; ca=$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null)
  say "building $TAG (source hash $hash; a few minutes on a cold cache)…"
  docker build --network host --build-arg "SOURCE_HASH=$hash" --build-arg "EXTRA_CA_CERTS=$ca" -t "$TAG" "$REPO_ROOT" >"$log" 2>&1 \
    || { tail -n 40 "$log" >&2; die "building $TAG failed (log: $log)"; }
  say "built $TAG in $(( ($(now_ms) - t0) / 1000 ))s, $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1 / 1e6}')"
}

case "${1:-}" in
  build) build ;;
  tag) echo "$TAG" ;;
  status) docker image inspect -f "$TAG: {{index .Config.Labels \"nexus.source-hash\"}} (current: $(source_hash))" "$TAG" 2>/dev/null || echo "$TAG: not built" ;;
  *) echo "usage: $0 build | tag | status" >&2; exit 2 ;;
esac
