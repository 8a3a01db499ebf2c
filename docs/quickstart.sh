#!/usr/bin/env bash
# docs/quickstart.md as one script: from a checkout to a restored file identical to the original,
# a restore drill and the release gate. Run it from anywhere:  bash docs/quickstart.sh
# CI runs it too (QuickstartIT), in a copy of policies/ and examples/sample-data, with
#   QUICKSTART_DIR  the folder holding policies/ and examples/ (default: this checkout)
#   BULWARK_JAR     a packaged bulwark.jar to run instead of ./bulwark
set -euo pipefail

QUICKSTART_DIR="${QUICKSTART_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$QUICKSTART_DIR"
if [[ -n "${BULWARK_JAR:-}" ]]; then
  bulwark=(java -jar "$BULWARK_JAR")
else
  bulwark=(./bulwark)
fi
state="${BULWARK_STATE:-.bulwark}"
step() { printf '\n== %s\n' "$*"; }

step "1. Build (first run only, about a minute)"
if [[ -z "${BULWARK_JAR:-}" && ! -f operator/cli/target/bulwark.jar ]]; then
  mvn -B -q -DskipTests -pl operator/cli -am package
fi
"${bulwark[@]}" --version

step "2. Serve the demo in the background (compose mode over ./policies)"
"${bulwark[@]}" run > bulwark-run.log 2>&1 &
run_pid=$!
trap 'kill "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true' EXIT

step "3. Watch the status file until the first backup (a full, taken at once) has succeeded"
status="$state/status/backuppolicy/demo.json"
for _ in $(seq 1 90); do
  grep -q '"lastSuccessfulBackup"' "$status" 2>/dev/null && break
  kill -0 "$run_pid" 2>/dev/null || { cat bulwark-run.log; exit 1; }
  sleep 1
done
grep -q '"lastSuccessfulBackup"' "$status" || { echo "no successful backup in 90 s"; cat bulwark-run.log; exit 1; }
grep -E '"(type|status|reason)"' "$status" | paste - - - | head -n 6

step "4. Take a snapshot now: its job_id is the last line"
# A scheduled incremental may hold the policy's lock for a moment (one job per policy at a time).
for attempt in 1 2 3; do
  if job_id=$("${bulwark[@]}" backup --policy demo | tail -n 1); then break; fi
  [[ $attempt == 3 ]] && exit 1
  sleep 5
done
echo "job_id: $job_id"
"${bulwark[@]}" snapshots --policy demo

step "5. Restore one student profile (L1) and compare it with the original"
rm -rf restored
"${bulwark[@]}" restore --policy demo --path '**/student_profiles/s-1001.json' --to restored
original="examples/sample-data/student_profiles/s-1001.json"
# Restores keep each file's original absolute path under --to.
copy="restored$(pwd -P)/$original"
cmp "$original" "$copy"
echo "identical: $copy"

step "6. Prove it restores: an L1 restore drill, then the release gate"
"${bulwark[@]}" drill --drill demo-objects
# gate check reads <state>/gate.json, which `bulwark run` keeps current, plus the drill just recorded.
"${bulwark[@]}" gate check
echo "gate open"
