# Steps the bench scripts share (sourced after they set PORT, WORK and SERVER_PID="" and export the server's
# environment, NEXT_DIST_DIR=.next-bench among it).

# Builds the app into $NEXT_DIST_DIR; on failure shows the build log's tail.
bench_build() {
  echo "bench: building…"
  npx next build >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; return 1; }
}

# Prints a new API token of role $1 (the admin is bootstrapped with NEXUS_ADMIN_PASSWORD when the caller sets it).
bench_token() {
  npm run -s token -- --role "$1" --name bench 2>/dev/null | tail -n 1
}

# Starts the production server (scripts/serve.mjs) on $PORT with its output in $1, sets SERVER_PID and waits
# until it is ready; fails with the log's tail when it exits or is not ready within 30 s. BENCH_NODE_FLAGS (e.g.
# --cpu-prof) are added to node's.
bench_serve() {
  # shellcheck disable=SC2086 # several flags
  PORT=$PORT HOST=127.0.0.1 node --max-semi-space-size=64 ${BENCH_NODE_FLAGS:-} scripts/serve.mjs >"$1" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$PORT/api/readyz" >/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "bench: the server did not become ready; log tail:" >&2
  tail -n 30 "$1" >&2
  return 1
}

# Stops the server bench_serve started, if any.
bench_stop() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=""
}
