#!/usr/bin/env bash
# Makes a Docker engine answer for the reference target's container in the nightly jobs.
#   - Where the runner has an engine that answers (GitHub-hosted runners), it is used as it is, and the Dockerfile's
#     base image (node:20-slim) is pulled from the registry by the build.
#   - Otherwise the private engine .ci/run uses is started (scripts/docker-engine.sh: no bridge, no iptables, own
#     socket; needs root, so sudo is used when not root) and the base image is seeded offline
#     (scripts/seed-base-image.sh), exactly as in .ci/run.
# Prints `DOCKER_HOST=...` on stdout when it started the private engine (append it to $GITHUB_ENV); logs on stderr.
# Stop the private engine afterwards with `scripts/docker-engine.sh stop` (a no-op when it was not started).
#
#   bash nightly/ensure-docker.sh >> "$GITHUB_ENV"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[ensure-docker] %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  log "using the runner's Docker engine ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

as_root=()
[[ "$(id -u)" == 0 ]] || as_root=(sudo --preserve-env=DOCKER_CI_DIR)
log "no Docker engine answers: starting the private engine (scripts/docker-engine.sh start)"
engine_env="$("${as_root[@]}" scripts/docker-engine.sh start)"
eval "$engine_env"
socket="${DOCKER_HOST#unix://}"
# The engine runs as root; let this job's user reach its socket.
[[ "$(id -u)" == 0 ]] || sudo chown "$(id -u):$(id -g)" "$socket"
export DOCKER_HOST
scripts/seed-base-image.sh
printf 'DOCKER_HOST=%s\n' "$DOCKER_HOST"
