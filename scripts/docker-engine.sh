#!/usr/bin/env bash
# Starts and stops a private Docker engine for the container test, the way .ci/run needs it on a bare Debian machine:
# no bridge and no iptables (containers share the host's loopback, so nothing is ever sent to a private-range
# address), vfs storage (works on any file system), and its own socket, pidfile and state, so it never meets an
# engine someone else runs on the default socket.
#
#   scripts/docker-engine.sh start   install docker.io if dockerd is missing, start the engine, wait for it; prints
#                                    `export DOCKER_HOST=unix://...` on stdout (everything else goes to stderr), so
#                                    `eval "$(scripts/docker-engine.sh start)"` points the shell at it
#   scripts/docker-engine.sh stop    stop the engine this script started, by the PID in its pidfile, and wait
#   scripts/docker-engine.sh env     print the export line only
#   scripts/docker-engine.sh status  exit 0 when the engine answers
#
# State lives in $DOCKER_CI_DIR (default: .docker-ci/ in the repository, git-ignored). The exec root (containerd's
# sockets) goes under /tmp because unix socket paths are limited to 108 bytes and a clone may sit deep.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${DOCKER_CI_DIR:-$REPO_ROOT/.docker-ci}"
SOCKET="$STATE_DIR/docker.sock"
PIDFILE="$STATE_DIR/dockerd.pid"
LOGFILE="$STATE_DIR/dockerd.log"
DATA_ROOT="$STATE_DIR/data"
EXEC_ROOT="/tmp/sc-docker-exec-$(printf '%s' "$STATE_DIR" | md5sum | cut -c1-12)"
START_TIMEOUT_S="${DOCKER_START_TIMEOUT_S:-60}"
STOP_TIMEOUT_S="${DOCKER_STOP_TIMEOUT_S:-30}"

log() { printf '[docker-engine] %s\n' "$*" >&2; }

answers() { docker -H "unix://$SOCKET" info >/dev/null 2>&1; }

running_pid() {
  [[ -s "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

install_engine() {
  if command -v dockerd >/dev/null 2>&1 && command -v containerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1; then
    return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    log "dockerd is not installed and installing docker.io needs root (run as root, or: sudo apt-get install -y docker.io)"
    exit 1
  fi
  log "installing docker.io from Debian (apt-get update, then apt-get install -y docker.io)"
  local started=$SECONDS
  apt-get update -qq >&2
  # policy-rc.d 101 keeps the package's init scripts from starting a system daemon we would not own.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >&2 || {
    [[ $created_policy == 1 ]] && rm -f "$policy"
    log "apt-get install docker.io failed"
    exit 1
  }
  [[ $created_policy == 1 ]] && rm -f "$policy"
  log "docker.io installed in $((SECONDS - started)) s"
}

start_engine() {
  install_engine
  mkdir -p "$STATE_DIR" "$DATA_ROOT" "$EXEC_ROOT"
  if running_pid >/dev/null && answers; then
    log "engine already running (pid $(cat "$PIDFILE")) on unix://$SOCKET"
    printf 'export DOCKER_HOST=unix://%s\n' "$SOCKET"
    return
  fi
  rm -f "$SOCKET" "$PIDFILE"
  log "starting dockerd (no bridge, no iptables, vfs) on unix://$SOCKET, log $LOGFILE"
  # setsid: the daemon gets its own session, so a Ctrl-C in the caller's terminal reaches it only through `stop`.
  setsid dockerd \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
    --storage-driver=vfs \
    --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" -H "unix://$SOCKET" \
    </dev/null >"$LOGFILE" 2>&1 &
  local launcher=$! waited=0
  until answers; do
    if ! kill -0 "$launcher" 2>/dev/null; then
      log "dockerd exited before answering; last lines of $LOGFILE:"
      tail -n 20 "$LOGFILE" >&2 || true
      exit 1
    fi
    if (( waited >= START_TIMEOUT_S * 4 )); then
      log "dockerd did not answer within ${START_TIMEOUT_S} s; stopping it. Last lines of $LOGFILE:"
      tail -n 20 "$LOGFILE" >&2 || true
      kill "$launcher" 2>/dev/null || true
      exit 1
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  # dockerd writes the pidfile itself; keep the launcher's PID if it has not yet (they are the same process).
  [[ -s "$PIDFILE" ]] || printf '%s\n' "$launcher" >"$PIDFILE"
  log "engine answers after ~$((waited / 4)) s (pid $(cat "$PIDFILE"), server $(docker -H "unix://$SOCKET" version --format '{{.Server.Version}}' 2>/dev/null))"
  printf 'export DOCKER_HOST=unix://%s\n' "$SOCKET"
}

stop_engine() {
  local pid
  if ! pid="$(running_pid)"; then
    log "no engine of ours is running (pidfile $PIDFILE)"
    rm -f "$PIDFILE"
    return
  fi
  log "stopping dockerd pid $pid"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT_S * 4 )); then
      log "dockerd pid $pid still running after ${STOP_TIMEOUT_S} s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  rm -f "$PIDFILE" "$SOCKET"
  # dockerd leaves its default network namespace bind-mounted under the exec root; release what is ours, deepest first.
  local mounts
  mounts="$(awk -v root="$EXEC_ROOT/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r)"
  if [[ -n "$mounts" ]]; then
    while read -r m; do umount "$m" 2>/dev/null || log "could not unmount $m"; done <<<"$mounts"
  fi
  rm -rf "$EXEC_ROOT" 2>/dev/null || true
  log "dockerd stopped"
}

case "${1:-}" in
  start) start_engine ;;
  stop) stop_engine ;;
  env) printf 'export DOCKER_HOST=unix://%s\n' "$SOCKET" ;;
  status) answers ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
