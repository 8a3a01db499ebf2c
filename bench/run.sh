#!/usr/bin/env bash
# Every row of issue 15's table in one run, bulwark side by side with restic on the same dataset, each
# measure with a cold and a warm page cache:
#
#   full backup; incremental, nothing changed; incremental, 50 files changed; L1 restore of one file;
#   L3 restore of everything; repository size; daemon RSS and CPU, N policies idle; `gate check`,
#   whole process; plus the floor for the same data (tar | zstd, and a stat walk).
#
#   bench/run.sh [--files N] [--megabytes M] [--work DIR] [--before-jar JAR] [--no-s3] [--quick]
#                [--markdown] [--daemon-policies N] [--daemon-warmup S] [--daemon-sample S]
#
# --quick          a smoke test in a few minutes: 2,000 files / 20 MB, one L1 restore per cache state
#                  instead of 3, 3 gate checks instead of 5, 20 daemon policies for 20 s + 10 s, no S3.
#                  Flags given after --quick override it.
# --before-jar JAR also times the L1 restore with another build of bulwark (e.g. the previous release)
#                  on the same repository, to measure what a change bought.
# --no-s3          skips the S3Mock rows (full and incremental backup into S3Mock against local).
# --markdown       prints the tables as markdown, ready for docs/benchmarks.md.
# --daemon-*       bench/daemon.sh's policies (100), warm-up (60 s) and sample (30 s).
#
# Cold: the page cache is dropped (`sync; echo 3 > /proc/sys/vm/drop_caches`, needs root) right before
# the command. Warm: the same measure again right after its cold run, which served as the warm-up;
# nothing is dropped in between. Without root the "cold" columns are not cold, and the output says so.
# Each tool keeps its own local state between runs as a user's would (bulwark's --state directory,
# restic's cache under --work).
#
# Both tools encrypt (restic always does; bulwark gets a key) and compress (restic repository v2,
# compression auto). Times include process start, as users see them: bulwark runs through ./bulwark,
# the launcher, with its JVM flags and AppCDS archive (JAVA_OPTS adds flags). Every restore is checked
# against the data (cmp, diff -r). Needs: java, python3, bc, zstd, restic (apt-get install restic).
set -Eeuo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
step="reading the arguments"
trap 'echo "run.sh: FAILED while ${step} (line $LINENO)" >&2' ERR

files=80000
megabytes=800
work="$root/bench/work"
before_jar=""
s3=1
markdown=0
restore1_runs=3
gate_runs=5
daemon_policies=100
daemon_warmup=60
daemon_sample=30
usage="usage: $0 [--files N] [--megabytes M] [--work DIR] [--before-jar JAR] [--no-s3] [--quick]
          [--markdown] [--daemon-policies N] [--daemon-warmup S] [--daemon-sample S]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) files="$2"; shift 2 ;;
    --megabytes) megabytes="$2"; shift 2 ;;
    --work) mkdir -p "$2"; work="$(cd "$2" && pwd)"; shift 2 ;;
    --before-jar) before_jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --no-s3) s3=0; shift ;;
    --quick)
      files=2000; megabytes=20; restore1_runs=1; gate_runs=3; s3=0
      daemon_policies=20; daemon_warmup=20; daemon_sample=10; shift ;;
    --markdown) markdown=1; shift ;;
    --daemon-policies) daemon_policies="$2"; shift 2 ;;
    --daemon-warmup) daemon_warmup="$2"; shift 2 ;;
    --daemon-sample) daemon_sample="$2"; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[[ -z "$before_jar" || -f "$before_jar" ]] || { echo "run.sh: no such jar: $before_jar" >&2; exit 2; }
for tool in java python3 bc zstd tar restic; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done

step="building the jar and the AppCDS archive"
jar="$root/operator/cli/target/bulwark.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -DskipTests -pl operator/cli -am package >&2
"$root/bulwark" --version > /dev/null # makes the launcher's class-data archive outside the timings
# shellcheck source=compose-shim/jvm-options.sh
. "$root/compose-shim/jvm-options.sh"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

step="checking that the page cache can be dropped"
can_drop=0
if sync && { echo 3 > /proc/sys/vm/drop_caches; } 2>/dev/null; then can_drop=1; fi
drop_caches() {
  sync
  [[ $can_drop == 0 ]] || echo 3 > /proc/sys/vm/drop_caches
}

echo "bench/run.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "load at start: $(uptime)"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2 " GiB"}'), $(uname -sr);" \
  "$(java -version 2>&1 | head -1); $(restic version | cut -d' ' -f1-2)"
if [[ $can_drop == 0 ]]; then
  echo "WARNING: cannot drop the page cache (needs root and a writable /proc/sys/vm/drop_caches):"
  echo "WARNING: the \"cold\" columns below are NOT cold, only first runs."
fi

step="generating the dataset"
data="$work/data"
mkdir -p "$work"
rm -rf "$work/bulwark-repo" "$work/bulwark-repo-warm" "$work/bulwark-repo-2" "$work/restic-repo" \
  "$work/restic-repo-warm" "$work/restic-cache" "$work/restore-"* "$work/state" "$work/policies" \
  "$work/logs" "$work/gate-state"
mkdir -p "$work/policies" "$work/logs"
if [[ ! -f "$work/.dataset-$files-$megabytes" ]]; then
  rm -rf "$data" "$work/.dataset-"*
  python3 "$root/bench/make_dataset.py" "$data" --files "$files" --megabytes "$megabytes" >&2
  touch "$work/.dataset-$files-$megabytes"
fi
echo "dataset: $(find "$data" -type f | wc -l) files, $(du -sh "$data" | cut -f1) in $data"
one_file="$(cd "$data" && find . -name '*.json' -print -quit | sed 's#^\./##')"
[[ -n "$one_file" ]] || { echo "run.sh: the dataset has no JSON file to restore" >&2; exit 1; }

step="setting up the repositories"
export BULWARK_BENCH_KEY
BULWARK_BENCH_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export RESTIC_PASSWORD="bench-password"
export RESTIC_CACHE_DIR="$work/restic-cache"
policy() { # $1: name, $2: repository directory
  cat > "$work/policies/$1.yaml" <<YAML
apiVersion: bulwark.dev/v1alpha1
kind: BackupPolicy
metadata: {name: $1}
spec:
  env: bench
  target: local
  targets: {local: {path: $2}}
  sources: [{path: $data, domain: bench, priority: P0}]
  encryption: {keyFrom: {env: BULWARK_BENCH_KEY}}
YAML
}
# "bench" holds the history every later measure reads; "bench-warm" takes the warm full backup, which
# must start from an empty repository too.
policy bench "$work/bulwark-repo"
policy bench-warm "$work/bulwark-repo-warm"
restic -r "$work/restic-repo" init --repository-version 2 > /dev/null
restic -r "$work/restic-repo-warm" init --repository-version 2 > /dev/null

bulwark() { "$root/bulwark" "$@" --policies "$work/policies" --state "$work/state"; }
before() { # the --before-jar build, with the launcher's flags for the command but not its archive
  # shellcheck disable=SC2046,SC2086
  java $(BULWARK_CDS_ARCHIVE="" bulwark_jvm_options "$@") ${JAVA_OPTS:-} -jar "$before_jar" "$@" \
    --policies "$work/policies" --state "$work/state"
}
brestic() { restic -r "$work/restic-repo" "$@"; }

# timed NAME cold|warm COMMAND...: runs the command quietly (output in logs/NAME.log) and records
# its wall time in seconds as secs[NAME]; "cold" drops the page cache first.
declare -A secs
timed() {
  local name="$1" cache="$2"; shift 2
  step="timing $name"
  [[ $cache == warm ]] || drop_caches
  local start end
  start=$(date +%s.%N)
  "$@" > "$work/logs/$name.log" 2>&1 || {
    echo "run.sh: $name failed; see $work/logs/$name.log" >&2
    tail -5 "$work/logs/$name.log" >&2
    exit 1
  }
  end=$(date +%s.%N)
  secs[$name]=$(echo "$end - $start" | bc -l)
}
# repeated RUNS NAME cold|warm COMMAND...: the median of RUNS timed runs as secs[NAME]; {n} in the
# command becomes the run's number (for a fresh restore directory each time).
repeated() {
  local runs="$1" name="$2" cache="$3"; shift 3
  local i
  for ((i = 1; i <= runs; i++)); do
    timed "$name-$i" "$cache" "${@//\{n\}/$i}"
  done
  secs[$name]=$(for ((i = 1; i <= runs; i++)); do echo "${secs[$name-$i]}"; done | bench_median)
}

# The floor: what reading and compressing this data costs with the simplest tools, and what merely
# visiting every file's metadata costs (find prints each size, so it must lstat every file).
floor_tar() { tar -cf - -C "$1" . | zstd -q -1 -T2 > /dev/null; }
floor_stat() { find "$1" -printf '%s\n' > /dev/null; }
timed floor_tar_cold cold floor_tar "$data"
timed floor_tar_warm warm floor_tar "$data"
timed floor_stat_cold cold floor_stat "$data"
timed floor_stat_warm warm floor_stat "$data"

# Full backups: the cold run into the repository every later measure reads; the warm one repeats it,
# into an empty repository of its own.
timed bulwark_full_cold cold bulwark backup --policy bench --snapshot-type full
timed bulwark_full_warm warm bulwark backup --policy bench-warm --snapshot-type full
timed restic_full_cold cold brestic backup --compression auto "$data"
timed restic_full_warm warm restic -r "$work/restic-repo-warm" backup --compression auto "$data"
rm -rf "$work/bulwark-repo-warm" "$work/restic-repo-warm" "$work/policies/bench-warm.yaml"

timed bulwark_incr0_cold cold bulwark backup --policy bench --snapshot-type incremental
timed bulwark_incr0_warm warm bulwark backup --policy bench --snapshot-type incremental
timed restic_incr0_cold cold brestic backup --compression auto "$data"
timed restic_incr0_warm warm brestic backup --compression auto "$data"

# Appends a few bytes to 50 JSON files spread over the tree (the same 50 each time).
change_50_files() {
  step="changing 50 files"
  python3 - "$data" <<'PY'
import os, sys, random
root = sys.argv[1]; rng = random.Random(7); picked = []
for d, _, names in os.walk(root):
    picked += [os.path.join(d, n) for n in names if n.endswith(".json")]
for path in sorted(picked)[:: max(1, len(picked) // 50)][:50]:
    with open(path, "a") as f:
        f.write(" " * rng.randint(1, 50))
PY
}
# Both tools back up the same change each time, so both repositories end with the same history.
change_50_files
timed bulwark_incr50_cold cold bulwark backup --policy bench --snapshot-type incremental
timed restic_incr50_cold cold brestic backup --compression auto "$data"
change_50_files
timed bulwark_incr50_warm warm bulwark backup --policy bench --snapshot-type incremental
timed restic_incr50_warm warm brestic backup --compression auto "$data"

# L1: one file from the newest snapshot, the median of $restore1_runs runs per cache state.
r1="$work/restore-1"
repeated "$restore1_runs" bulwark_restore1_cold cold bulwark restore --policy bench --path "${data#/}/$one_file" --to "$r1/bulwark-cold-{n}"
repeated "$restore1_runs" bulwark_restore1_warm warm bulwark restore --policy bench --path "${data#/}/$one_file" --to "$r1/bulwark-warm-{n}"
repeated "$restore1_runs" restic_restore1_cold cold brestic restore latest --include "$data/$one_file" --target "$r1/restic-cold-{n}"
repeated "$restore1_runs" restic_restore1_warm warm brestic restore latest --include "$data/$one_file" --target "$r1/restic-warm-{n}"
if [[ -n "$before_jar" ]]; then
  repeated "$restore1_runs" before_restore1_cold cold before restore --policy bench --path "${data#/}/$one_file" --to "$r1/before-cold-{n}"
  repeated "$restore1_runs" before_restore1_warm warm before restore --policy bench --path "${data#/}/$one_file" --to "$r1/before-warm-{n}"
fi
step="checking the restored single files"
restored=0
for dir in "$r1"/*; do
  cmp "$data/$one_file" "$dir/${data#/}/$one_file" || { echo "run.sh: $dir holds a different $one_file" >&2; exit 1; }
  restored=$((restored + 1))
done
expected=$((4 * restore1_runs))
[[ -z "$before_jar" ]] || expected=$((6 * restore1_runs))
[[ $restored == "$expected" ]] \
  || { echo "run.sh: expected $expected single-file restores, found $restored" >&2; exit 1; }
rm -rf "$r1"

# L3: everything from the newest snapshot into an empty directory, each checked against the data.
timed bulwark_restoreall_cold cold bulwark restore --policy bench --to "$work/restore-bulwark-cold"
timed bulwark_restoreall_warm warm bulwark restore --policy bench --to "$work/restore-bulwark-warm"
timed restic_restoreall_cold cold brestic restore latest --target "$work/restore-restic-cold"
timed restic_restoreall_warm warm brestic restore latest --target "$work/restore-restic-warm"
for run in bulwark-cold bulwark-warm restic-cold restic-warm; do
  step="checking the full restore $run against the data"
  diff -r -q "$data" "$work/restore-$run/${data#/}" > "$work/logs/diff-$run.log" \
    || { echo "run.sh: the full restore $run differs from the data; see $work/logs/diff-$run.log" >&2; exit 1; }
  rm -rf "$work/restore-$run"
done

step="measuring the repositories"
bulwark_size=$(du -sb "$work/bulwark-repo" | cut -f1)
restic_size=$(du -sb "$work/restic-repo" | cut -f1)
index_bytes=$(find "$work/bulwark-repo" -name 'index.zst*' -printf '%s\n' | sort -n | tail -1)
manifest_bytes=$(find "$work/bulwark-repo" -name backup_manifest.json -printf '%s\n' | sort -n | tail -1)

# The same full and incremental backups against an S3 server on loopback (Adobe S3Mock from the
# cloud-targets test classpath), side by side with a fresh local target: the cost of the S3 protocol.
# Cold cache only; S3Mock is stopped before the daemon is measured.
if [[ $s3 == 1 ]]; then
  step="starting S3Mock"
  s3_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  s3_tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mvn -o -B -q -f "$root/operator/cloud-targets/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/s3mock.classpath" >&2
  rm -rf "$work/s3mock-root"
  java -cp "$(cat "$work/s3mock.classpath")" com.adobe.testing.s3mock.S3MockApplication \
    --com.adobe.testing.s3mock.http-port="$s3_port" --server.port="$s3_tls_port" --silent=true \
    --com.adobe.testing.s3mock.store.initialBuckets=bench \
    --com.adobe.testing.s3mock.store.root="$work/s3mock-root" > "$work/logs/s3mock.log" 2>&1 &
  s3mock_pid=$!
  trap 'kill $s3mock_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break
    sleep 0.5
  done
  curl -s -o /dev/null "http://127.0.0.1:$s3_port/" || { echo "run.sh: S3Mock did not start; see $work/logs/s3mock.log" >&2; exit 1; }
  cat > "$work/policies/bench-s3.yaml" <<YAML
apiVersion: bulwark.dev/v1alpha1
kind: BackupPolicy
metadata: {name: bench-s3}
spec:
  env: bench
  target: s3
  targets: {s3: {bucket: bench, region: us-east-1, endpoint: "http://127.0.0.1:$s3_port", pathStyle: true}}
  sources: [{path: $data, domain: bench, priority: P0}]
  encryption: {keyFrom: {env: BULWARK_BENCH_KEY}}
YAML
  policy bench-local "$work/bulwark-repo-2"
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
  timed local_full cold bulwark backup --policy bench-local --snapshot-type full
  timed s3_full cold bulwark backup --policy bench-s3 --snapshot-type full
  timed local_incr cold bulwark backup --policy bench-local --snapshot-type incremental
  timed s3_incr cold bulwark backup --policy bench-s3 --snapshot-type incremental
  kill "$s3mock_pid"; wait "$s3mock_pid" 2>/dev/null || true
  rm -rf "$work/s3mock-root" "$work/bulwark-repo-2"
fi

# `gate check` as CI runs it, through the launcher, on bench/startup.sh's gate.json. It answers
# "blocked" (exit 1) there; exit 2 (cannot decide) would mean it did not do its work.
step="checking that gate check decides"
bench_write_gate_state "$work/gate-state"
gate_check() {
  local rc=0
  "$root/bulwark" gate check --state "$work/gate-state" || rc=$?
  [[ $rc -le 1 ]] || { echo "gate check could not decide (exit $rc)"; return 1; }
}
gate_check > "$work/logs/gate-first.log" 2>&1 \
  || { echo "run.sh: gate check failed; see $work/logs/gate-first.log" >&2; exit 1; }
repeated "$gate_runs" gate_cold cold gate_check
gate_check > /dev/null 2>&1 # the warm-up
repeated "$gate_runs" gate_warm warm gate_check

step="measuring the idle daemon (bench/daemon.sh)"
"$root/bench/daemon.sh" --launcher-only --work "$work/daemon" \
  "$daemon_policies" "$daemon_warmup" "$daemon_sample" > "$work/logs/daemon.log" 2>&1 \
  || { echo "run.sh: bench/daemon.sh failed; see $work/logs/daemon.log" >&2; tail -5 "$work/logs/daemon.log" >&2; exit 1; }
# "launcher (daemon)   183 MiB    3.40 % of a core  (100 job records)"
read -r daemon_rss daemon_cpu daemon_jobs < <(awk '/^launcher/ {gsub(/\(/, "", $10); print $3, $5, $10}' "$work/logs/daemon.log")
[[ -n "${daemon_jobs:-}" ]] || { echo "run.sh: no result in $work/logs/daemon.log" >&2; exit 1; }
rm -rf "$work/daemon"

step="printing the tables"
# Table rows as label|bulwark warm|restic warm|ratio warm|bulwark cold|restic cold|ratio cold|goal.
rows=()
s() { printf '%.2f s' "$1"; }
x() { printf '%.2fx' "$(echo "$1 / $2" | bc -l)"; }
timerow() { # $1: label, $2: bulwark key, $3: restic key, $4: goal
  rows+=("$1|$(s "${secs[$2_warm]}")|$(s "${secs[$3_warm]}")|$(x "${secs[$2_warm]}" "${secs[$3_warm]}")|$(s "${secs[$2_cold]}")|$(s "${secs[$3_cold]}")|$(x "${secs[$2_cold]}" "${secs[$3_cold]}")|$4")
}
timerow "full backup" bulwark_full restic_full "0.40x"
timerow "incremental, nothing changed" bulwark_incr0 restic_incr0 "0.25x"
timerow "incremental, 50 files changed" bulwark_incr50 restic_incr50 "0.25x"
timerow "L1 restore of one file (median of $restore1_runs)" bulwark_restore1 restic_restore1 "0.50x"
[[ -z "$before_jar" ]] || timerow "L1 restore of one file, before-jar" before_restore1 restic_restore1 "0.50x"
timerow "L3 restore of everything" bulwark_restoreall restic_restoreall "0.33x"
mb() { printf '%.1f MB' "$(echo "$1 / 1000000" | bc -l)"; }
rows+=("repository size|$(mb "$bulwark_size")|$(mb "$restic_size")|$(x "$bulwark_size" "$restic_size")|-|-|-|<= 1.00x")
rows+=("daemon RSS, $daemon_policies policies idle|$daemon_rss MiB|-|-|-|-|-|<= 256 MiB")
rows+=("daemon CPU, $daemon_policies policies idle|$daemon_cpu %|-|-|-|-|-|<= 2 %")
rows+=("\`gate check\`, whole process (median of $gate_runs)|$(s "${secs[gate_warm]}")|-|-|$(s "${secs[gate_cold]}")|-|-|<= 0.6 s")
floor=("tar -cf - DATA, piped to zstd -1 -T2|$(s "${secs[floor_tar_warm]}")|$(s "${secs[floor_tar_cold]}")"
  "stat walk (find -printf %s)|$(s "${secs[floor_stat_warm]}")|$(s "${secs[floor_stat_cold]}")")
cold="cold"
[[ $can_drop == 1 ]] || cold="NOT cold"
header="measure|bulwark warm|restic warm|ratio warm|bulwark $cold|restic $cold|ratio $cold|goal"
floor_header="floor, same data|warm|$cold"
s3_rows=()
if [[ $s3 == 1 ]]; then
  s3_header="S3 (S3Mock on loopback) vs local, cold|s3|local|ratio|goal"
  s3_rows=("full backup|$(s "${secs[s3_full]}")|$(s "${secs[local_full]}")|$(x "${secs[s3_full]}" "${secs[local_full]}")|1.50x"
    "incremental, nothing changed|$(s "${secs[s3_incr]}")|$(s "${secs[local_incr]}")|$(x "${secs[s3_incr]}" "${secs[local_incr]}")|1.50x")
fi

table() { # $1: header, then rows; all fields separated by |
  if [[ $markdown == 1 ]]; then
    printf '%s\n' "$@" | awk -F'|' '{printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print ""
      if (NR == 1) {printf "|"; for (i = 1; i <= NF; i++) printf (i == 1 ? "---|" : "---:|"); print ""}}'
  else
    printf '%s\n' "$@" | awk -F'|' '{printf "%-46s", $1; for (i = 2; i <= NF; i++) printf " %14s", $i; print ""}'
  fi
}
echo
if [[ $markdown == 1 ]]; then
  echo "Dataset: $(find "$data" -type f | wc -l) files, $(du -sh "$data" | cut -f1);" \
    "$(nproc) cores; $(java -version 2>&1 | head -1); $(restic version | cut -d' ' -f1-2)"
  echo
fi
table "$header" "${rows[@]}"
echo
table "$floor_header" "${floor[@]}"
if [[ $s3 == 1 ]]; then
  echo
  table "$s3_header" "${s3_rows[@]}"
fi
echo
echo "daemon: $daemon_jobs job records after the ${daemon_warmup}s warm-up and ${daemon_sample}s sample" \
  "(one first backup per policy)"
[[ $daemon_jobs -ge $daemon_policies ]] || echo "WARNING: fewer job records than policies: the daemon was" \
  "still taking first backups, not idle; raise --daemon-warmup."
echo "largest manifest: $manifest_bytes bytes; largest index: ${index_bytes:-none} bytes"
[[ $can_drop == 1 ]] || echo "WARNING: the page cache could not be dropped: the \"cold\" columns are NOT cold."
echo "load at end: $(uptime)"
step="finishing"
