#!/usr/bin/env bash
# Start-up of short commands, whole process as CI runs it: `bulwark --version` and `bulwark gate
# check` on a current gate.json, median of 5 runs each, with the JVM's defaults (`java -jar`) and with
# the launcher's flags and AppCDS archive (./bulwark), side by side.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/operator/cli/target/bulwark.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -DskipTests -pl operator/cli -am package
"$root/bulwark" --version > /dev/null # makes the archive if needed
work="$root/bench/work/startup"
rm -rf "$work"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_write_gate_state "$work/state"

median() { # $@: a command; prints the median wall time of 5 runs in seconds
  local times=()
  for _ in 1 2 3 4 5; do
    local start end
    start="$(date +%s.%N)"
    "$@" > /dev/null 2>&1 || true
    end="$(date +%s.%N)"
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

printf '%-28s %10s %10s %7s\n' "command" "java -jar" "./bulwark" "ratio"
row() { # $1: label, $2...: bulwark arguments
  local label="$1"; shift
  local plain launcher
  plain="$(median java -jar "$jar" "$@")"
  launcher="$(median "$root/bulwark" "$@")"
  printf '%-28s %9.2fs %9.2fs %6.2fx\n' "$label" "$plain" "$launcher" "$(echo "$launcher / $plain" | bc -l)"
}
row "bulwark --version" --version
row "bulwark gate check" gate check --state "$work/state"
