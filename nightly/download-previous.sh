#!/usr/bin/env bash
# Downloads the artifact ARTIFACT of the newest earlier completed run of the nightly workflow on this branch into
# DEST, for the night-over-night comparison. Uses the GitHub CLI that GitHub-hosted runners carry, with the job's own
# token (GH_TOKEN, permission `actions: read`): first-party tooling rather than a third-party action such as
# dawidd6/action-download-artifact, and nothing to pin. Finding no earlier artifact is not an error (the first
# night, or artifacts expired): it says so and exits 0, and the pipeline then notes "no previous certificate".
#
#   GH_TOKEN=... bash nightly/download-previous.sh nightly-merged-reference previous/reference
set -euo pipefail
artifact="${1:?usage: download-previous.sh ARTIFACT DEST}"
dest="${2:?usage: download-previous.sh ARTIFACT DEST}"
workflow="${NIGHTLY_WORKFLOW:-nightly.yml}"
repo="${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}"
branch="${GITHUB_REF_NAME:-main}"

ids="$(gh run list --repo "$repo" --workflow "$workflow" --branch "$branch" --status completed --limit 30 \
  --json databaseId --jq '.[].databaseId')" || {
  echo "::warning::could not list earlier runs of $workflow: no comparison tonight"
  exit 0
}
for id in $ids; do
  [[ "$id" == "${GITHUB_RUN_ID:-}" ]] && continue
  rm -rf "$dest"
  if gh run download "$id" --repo "$repo" --name "$artifact" --dir "$dest" >/dev/null 2>&1; then
    echo "previous $artifact: run $id" >&2
    exit 0
  fi
done
rm -rf "$dest"
echo "::notice::no earlier run of $workflow on $branch has an artifact named $artifact: no comparison tonight"
