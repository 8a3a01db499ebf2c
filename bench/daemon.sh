#!/usr/bin/env bash
# The idle footprint of `bulwark run` serving N small policies (default 100): resident memory and CPU
# after a warm-up in which every policy took its first backup, with the launcher's JVM flags and
# with the JVM's defaults, side by side. Usage: bench/daemon.sh [N] [warm-up seconds] [sample seconds]
# [only], where only=launcher skips the JVM-defaults run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100}"; warmup="${2:-120}"; sample="${3:-60}"; only="${4:-}"
jar="$root/operator/cli/target/bulwark.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -DskipTests -pl operator/cli -am package
. "$root/compose-shim/jvm-options.sh"
export BULWARK_CDS_ARCHIVE="$root/operator/cli/target/bulwark.jsa"
[[ -f "$BULWARK_CDS_ARCHIVE" && ! "$jar" -nt "$BULWARK_CDS_ARCHIVE" ]] \
  || bulwark_make_cds_archive "$jar" "$BULWARK_CDS_ARCHIVE"
work="$root/bench/work/daemon"
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

measure() { # $1: label, $2...: JVM flags
  local label="$1"; shift
  rm -rf "$work/state"
  java "$@" -jar "$jar" run --policies "$work/policies" --state "$work/state" --http-port 0 \
    > "$work/daemon-$label.log" 2>&1 &
  local pid=$!
  sleep "$warmup"
  local before after
  before="$(ticks "$pid")"
  sleep "$sample"
  after="$(ticks "$pid")"
  local jobs
  jobs="$(find "$work/state/jobs" -name '*.json' 2>/dev/null | wc -l)"
  printf '%-22s %8s MiB %7.2f %% of a core  (%s job records)\n' "$label" "$(rss_mib "$pid")" \
    "$(echo "scale=2; 100 * ($after - $before) / $hz / $sample" | bc)" "$jobs"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "bulwark run, $n policies, idle after ${warmup}s, sampled over ${sample}s:"
printf '%-22s %12s %19s\n' "JVM flags" "RSS" "CPU"
[[ "$only" == launcher ]] || measure "JVM defaults"
# shellcheck disable=SC2046
measure "launcher (daemon)" $(bulwark_jvm_options run)
