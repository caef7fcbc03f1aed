#!/usr/bin/env bash
# Runs certify with the settings the action's inputs put in the environment (CONFORMANCE_*: an empty one counts as
# unset), then hands its exit status, verdict and report folder to the later steps as outputs and appends summary.md
# to the job summary. It always exits 0 itself so that the upload step runs; the action's last step exits with
# certify's status.
set -uo pipefail
report_dir="${RUNNER_TEMP:-/tmp}/stream-conformance-reports-${GITHUB_RUN_ID:-local}-${GITHUB_RUN_ATTEMPT:-1}-$$"
node "$SC_BIN" certify --report-dir "$report_dir"
status=$?
echo "exit-code=$status" >>"$GITHUB_OUTPUT"
if [[ -f "$report_dir/certificate.json" ]]; then
  verdict="$(node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).verdict))' "$report_dir/certificate.json")"
  {
    echo "report-dir=$report_dir"
    echo "verdict=$verdict"
  } >>"$GITHUB_OUTPUT"
  cat "$report_dir/summary.md" >>"$GITHUB_STEP_SUMMARY"
else
  echo "### stream-conformance: the run could not be made (exit $status); the job log says why" >>"$GITHUB_STEP_SUMMARY"
fi
exit 0
