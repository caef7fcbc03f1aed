#!/usr/bin/env bash
# Makes the stream-conformance command available and names it in the step output `bin`: a published version from
# npm when the `version` input is set, else the action's own checkout, built once.
set -euo pipefail
if [[ -n "${SC_VERSION:-}" ]]; then
  if [[ ! "$SC_VERSION" =~ ^[0-9A-Za-z][0-9A-Za-z.+-]*$ ]]; then
    echo "::error::the version input must be a version or tag of stream-conformance, got '$SC_VERSION'"
    exit 2
  fi
  prefix="${RUNNER_TEMP:-/tmp}/stream-conformance-$SC_VERSION"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save "stream-conformance@$SC_VERSION"
  bin="$prefix/node_modules/stream-conformance/bin/stream-conformance.mjs"
else
  cd "$GITHUB_ACTION_PATH"
  if [[ -f dist/cli.js && -d node_modules ]]; then
    echo "using the build in $GITHUB_ACTION_PATH"
  else
    npm ci --no-audit --no-fund
    npm run build
  fi
  bin="$GITHUB_ACTION_PATH/bin/stream-conformance.mjs"
fi
echo "bin=$bin" >>"$GITHUB_OUTPUT"
