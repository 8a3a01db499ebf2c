#!/bin/sh
# A plain CI step: refuse to deploy unless Bulwark's release gate is open (R17).
#
#   BULWARK_STATE   the state directory `bulwark run` writes (default ./.bulwark)
#   GATE_POLICY     optional: gate only this BackupPolicy and its drills
#
# `bulwark gate check` exits 0 when open, 1 when blocked (one reason per line on stderr) and 2 when it
# cannot decide (no state directory, no gate.json, unreadable or newer format). Only 0 lets the deploy run.
set -u

BULWARK=${BULWARK:-bulwark}

if [ -n "${GATE_POLICY:-}" ]; then
  "$BULWARK" gate check --policy "$GATE_POLICY"
else
  "$BULWARK" gate check
fi
status=$?

case $status in
  0) echo "release gate open: deploying" ;;
  1) echo "release gate blocked: fix the reasons above, then re-run this job" >&2 ;;
  2) echo "release gate cannot decide: is \`bulwark run\` serving ${BULWARK_STATE:-.bulwark}?" >&2 ;;
  *) echo "bulwark gate check failed unexpectedly (exit $status)" >&2 ;;
esac
exit $status
