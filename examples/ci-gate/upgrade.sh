#!/bin/sh
# The upgrade flow of R18: pre-upgrade snapshot -> upgrade -> L1 drill -> gate -> release.
#
#   POLICY          the BackupPolicy protecting the data the upgrade touches (default: demo)
#   DRILL           an L1 RestoreDrill of that policy (default: demo-objects)
#   UPGRADE_CMD     the command that performs the upgrade (default: a no-op that says so)
#   RELEASE_CMD     the command that releases (default: a no-op that says so)
#   GATE_WAIT       seconds to wait for `bulwark run` to fold the new facts into gate.json (default 600)
#
# `bulwark run` must be serving the same --policies and --state (BULWARK_POLICIES, BULWARK_STATE): it turns the
# job and drill records into statuses, and statuses into gate.json, within seconds.
set -eu

BULWARK=${BULWARK:-bulwark}
POLICY=${POLICY:-demo}
DRILL=${DRILL:-demo-objects}
UPGRADE_CMD=${UPGRADE_CMD:-echo "no UPGRADE_CMD set: nothing upgraded"}
RELEASE_CMD=${RELEASE_CMD:-echo "no RELEASE_CMD set: nothing released"}
GATE_WAIT=${GATE_WAIT:-600}

# 1. A full snapshot labelled pre-upgrade; its job_id is the last line of stdout, for the release ticket.
"$BULWARK" backup --policy "$POLICY" --pre-upgrade > pre-upgrade.out || {
  echo "release stopped: the pre-upgrade snapshot of $POLICY failed; nothing was upgraded" >&2
  exit 1
}
job_id=$(tail -n 1 pre-upgrade.out)
echo "pre-upgrade snapshot of $POLICY: $job_id (put it in the release ticket)"

# 2. The upgrade itself. If it goes wrong: bulwark restore --policy "$POLICY" --snapshot "$job_id" --to DIR
sh -c "$UPGRADE_CMD"

# 3. An L1 drill now: restores sample objects from the repository alone into a sandbox and validates them.
#    Exit 0 passed, 1 failed (the printed audit record says why and what to do).
"$BULWARK" drill --drill "$DRILL" || {
  echo "release stopped: drill $DRILL failed after the upgrade; pre-upgrade snapshot $job_id" >&2
  exit 1
}

# 4. The gate, requiring the pre-upgrade snapshot. The runtime picks up the snapshot and the drill run on
#    its next reconcile, so retry while blocked; "cannot decide" (2) stops at once.
deadline=$(( $(date +%s) + GATE_WAIT ))
while :; do
  set +e
  "$BULWARK" gate check --require-pre-upgrade --policy "$POLICY" 2>gate-reasons.txt
  status=$?
  set -e
  if [ "$status" -eq 0 ]; then
    break
  fi
  if [ "$status" -ne 1 ] || [ "$(date +%s)" -ge "$deadline" ]; then
    cat gate-reasons.txt >&2
    echo "release stopped: the gate did not open (exit $status); pre-upgrade snapshot $job_id" >&2
    exit "$status"
  fi
  sleep 5
done

# 5. Release.
sh -c "$RELEASE_CMD"
echo "released; pre-upgrade snapshot $job_id"
