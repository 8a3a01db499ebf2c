# Pieces shared by the bench scripts (sourced, bash).

# bench_write_gate_state DIR: writes DIR/gate.json as `bulwark run` would, evaluated now, serving no
# policy (so `gate check` answers "blocked", exit 1). `gate check` still does all of its work on it:
# start, read the file, bring its facts up to date from the state directory, evaluate them again.
bench_write_gate_state() {
  local now
  now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  mkdir -p "$1"
  cat > "$1/gate.json" <<JSON
{"format_version": 1, "open": true, "reasons": [], "evaluated_at": "$now",
 "settings": {"drill_window": "P7D", "health_window": "PT24H", "pre_upgrade_max_age": "PT24H",
              "require_pre_upgrade": false},
 "policies": [], "drills": [], "unattributed_files": []}
JSON
}

# bench_median: the median of the numbers on stdin, one a line (the lower middle one of an even count).
bench_median() {
  sort -g | awk '{v[NR] = $1} END {if (NR == 0) exit 1; print v[int((NR + 1) / 2)]}'
}
