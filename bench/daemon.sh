#!/usr/bin/env bash
# The idle footprint of `bulwark run` serving N small policies (default 100): resident memory and CPU
# after a warm-up in which every policy took its first backup, with the launcher's JVM flags and
# with the JVM's defaults, side by side. Usage:
#
#   bench/daemon.sh [--launcher-only] [--work DIR] [N] [warm-up seconds] [sample seconds]
#
# --launcher-only measures the launcher's flags alone (what ./bulwark runs; bench/run.sh uses it);
# --work DIR holds the policies, data and state (default bench/work/daemon, emptied first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/bench/work/daemon"
launcher_only=0
positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --launcher-only) launcher_only=1; shift ;;
    --work) work="$2"; shift 2 ;;
    -*) echo "usage: $0 [--launcher-only] [--work DIR] [N] [warm-up seconds] [sample seconds]" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
n="${positional[0]:-100}"; warmup="${positional[1]:-120}"; sample="${positional[2]:-60}"
# A fourth positional argument "launcher" is the older spelling of --launcher-only.
[[ "${positional[3]:-}" != launcher ]] || launcher_only=1
jar="$root/operator/cli/target/bulwark.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -DskipTests -pl operator/cli -am package
. "$root/compose-shim/jvm-options.sh"
export BULWARK_CDS_ARCHIVE="$root/operator/cli/target/bulwark.jsa"
[[ -f "$BULWARK_CDS_ARCHIVE" && ! "$jar" -nt "$BULWARK_CDS_ARCHIVE" ]] \
  || bulwark_make_cds_archive "$jar" "$BULWARK_CDS_ARCHIVE"
rm -rf "$work" && mkdir -p "$work/policies" "$work/data"

for i in $(seq 1 "$n"); do
  mkdir -p "$work/data/p$i"
  for f in 1 2 3; do echo "{\"schema_version\": 1, \"id\": $i, \"f\": $f}" > "$work/data/p$i/o$f.json"; done
  # Nothing falls due after the first backup: the sample measures a daemon with nothing to do.
  cat > "$work/policies/p$i.yaml" <<YAML
apiVersion: bulwark.dev/v1alpha1
kind: BackupPolicy
metadata:
  name: p$i
spec:
  target: local
  targets:
    local: {path: $work/repo-$i}
  sources:
    - {path: $work/data/p$i, domain: serving, priority: P1}
  schedule: {incremental: "0 0 1 1 *", full: "0 0 1 1 *", timeZone: UTC}
  retention: {hotDays: 30, coldDays: 180, keepLast: 10}
YAML
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
hz="$(getconf CLK_TCK)"
daemon_pid=""
# A daemon left behind by a failed or interrupted measure would skew every later benchmark.
trap '[[ -z "$daemon_pid" ]] || kill "$daemon_pid" 2>/dev/null || true' EXIT

measure() { # $1: label, $2...: JVM flags
  local label="$1"; shift
  rm -rf "$work/state"
  java "$@" -jar "$jar" run --policies "$work/policies" --state "$work/state" --http-port 0 \
    > "$work/daemon-$label.log" 2>&1 &
  local pid=$!
  daemon_pid=$pid
  sleep "$warmup"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "daemon.sh: bulwark run ($label) exited during the warm-up; see $work/daemon-$label.log" >&2
    tail -5 "$work/daemon-$label.log" >&2
    exit 1
  fi
  local before after
  before="$(ticks "$pid")"
  sleep "$sample"
  after="$(ticks "$pid")"
  local jobs
  jobs="$(find "$work/state/jobs" -name '*.json' 2>/dev/null | wc -l)"
  printf '%-22s %8s MiB %7.2f %% of a core  (%s job records)\n' "$label" "$(rss_mib "$pid")" \
    "$(echo "scale=2; 100 * ($after - $before) / $hz / $sample" | bc)" "$jobs"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  daemon_pid=""
}

echo "bulwark run, $n policies, idle after ${warmup}s, sampled over ${sample}s:"
printf '%-22s %12s %19s\n' "JVM flags" "RSS" "CPU"
[[ $launcher_only == 1 ]] || measure "JVM defaults"
# shellcheck disable=SC2046
measure "launcher (daemon)" $(bulwark_jvm_options run)
