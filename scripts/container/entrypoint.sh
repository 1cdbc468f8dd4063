#!/bin/sh
# The image's entry point: copies the templates the image ships into the data volume, then runs the server.
# They live on the volume because the Docker engine resolves a template's bind mounts (nexus-local's
# ./prometheus.yml) on the host: the control plane finds the volume's host path by inspecting its own container
# (server/adapters/docker/host-paths.ts). Files of a newer image replace those of an older one; .env files and
# template folders of your own stay. Migrations run when the server starts.
set -eu
mkdir -p "$NEXUS_TEMPLATES_DIR"
cp -R /app/compose-templates/. "$NEXUS_TEMPLATES_DIR/"
exec "$@"
