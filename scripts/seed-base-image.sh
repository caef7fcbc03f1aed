#!/usr/bin/env bash
# Seeds the Dockerfile's base image, node:20-slim, where no registry can be reached: a root file system holding this
# machine's `node` binary and the shared libraries `ldd` lists for it, plus /etc/passwd and /etc/group with root and
# a `node` user (uid 1000, as in the official image) and a world-writable /tmp, imported under the official name.
# The Dockerfile needs nothing else from its base (no shell, no RUN), so the same `FROM node:20-slim` builds offline
# here and from the registry everywhere else. Does nothing when the image is already present.
#
#   scripts/seed-base-image.sh [IMAGE]     IMAGE defaults to node:20-slim; DOCKER_HOST is honoured
set -euo pipefail

IMAGE="${1:-node:20-slim}"
log() { printf '[seed-base-image] %s\n' "$*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE is present; nothing to do"
  exit 0
fi

NODE_BIN="$(readlink -f "$(command -v node)")"
NODE_MAJOR="$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')"
WANT_MAJOR="$(sed -nE 's/^node:([0-9]+).*/\1/p' <<<"$IMAGE")"
if [[ -n "$WANT_MAJOR" && "$NODE_MAJOR" != "$WANT_MAJOR" ]]; then
  log "this machine's node is v$("$NODE_BIN" -p process.versions.node), not the $IMAGE the Dockerfile names; refusing to pass it off as that"
  exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
started=$SECONDS

mkdir -p "$ROOT/usr/local/bin" "$ROOT/etc" "$ROOT/tmp" "$ROOT/home/node" "$ROOT/root"
chmod 1777 "$ROOT/tmp"
cp "$NODE_BIN" "$ROOT/usr/local/bin/node"

# Every library ldd resolves, at the path the loader will look for it, with symlinks kept as files of their target.
ldd "$NODE_BIN" | awk '
  $2 == "=>" && $3 ~ /^\// { print $3 }
  $1 ~ /^\// { print $1 }
' | sort -u | while read -r lib; do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
# Merged /usr (Debian 12): where the host's /lib and /lib64 are symlinks into /usr, make them so in the image too,
# so both spellings of a library path resolve, as they do in the official image.
for dir in lib lib64; do
  [[ -L "/$dir" ]] || continue
  target="$(readlink "/$dir")"
  if [[ -d "$ROOT/$dir" ]]; then
    mkdir -p "$ROOT/$target" && cp -a "$ROOT/$dir/." "$ROOT/$target/" && rm -rf "${ROOT:?}/$dir"
  fi
  ln -sfn "$target" "$ROOT/$dir"
done

cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
node:x:1000:
EOF
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOT/etc/hosts"
chown 1000:1000 "$ROOT/home/node"

tar -C "$ROOT" -cf "$WORK/rootfs.tar" .
docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$("$NODE_BIN" -p process.versions.node)" \
  --change 'LABEL org.opencontainers.image.description=seeded-offline-by-stream-conformance' \
  --change 'CMD ["node"]' \
  "$WORK/rootfs.tar" "$IMAGE" >/dev/null
log "seeded $IMAGE from this machine's node v$("$NODE_BIN" -p process.versions.node) ($(du -sh "$WORK/rootfs.tar" | cut -f1)) in $((SECONDS - started)) s"
docker run --rm --network none "$IMAGE" node -e 'process.stdout.write("node " + process.version + " runs in the seeded image\n")' >&2
