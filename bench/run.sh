#!/usr/bin/env bash
# Benchmarks bulwark against restic on the same dataset, side by side, in one run:
# full backup, incremental with nothing changed, incremental with 50 files changed,
# restore of one file, restore of everything, repository size.
#
#   bench/run.sh [--files N] [--megabytes M] [--work DIR] [--before-jar JAR] [--no-s3]
#
# --before-jar JAR also times "restore one file" with another build of bulwark (e.g. the previous
# release) on the same repository, to measure what a change bought. --no-s3 skips the S3Mock rows.
# "restore one file" is the median of 3 runs (each with the page cache dropped when root).
#
# Both tools encrypt (restic always does; bulwark gets a key) and compress (restic repository v2,
# compression auto). Times include process start, as users see them. Needs: java, python3,
# restic (apt-get install restic), GNU time is not required.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=80000
megabytes=800
work="$root/bench/work"
before_jar=""
s3=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) files="$2"; shift 2 ;;
    --megabytes) megabytes="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --before-jar) before_jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --no-s3) s3=0; shift ;;
    *) echo "usage: $0 [--files N] [--megabytes M] [--work DIR] [--before-jar JAR] [--no-s3]" >&2; exit 2 ;;
  esac
done
command -v restic >/dev/null || { echo "restic is not installed (apt-get install restic)" >&2; exit 2; }
jar="$root/operator/cli/target/bulwark.jar"
[[ -f "$jar" ]] || mvn -B -q -f "$root/pom.xml" -DskipTests -pl operator/cli -am package >&2

data="$work/data"
rm -rf "$work/bulwark-repo" "$work/restic-repo" "$work/restore-"* "$work/state" "$work/policies"
mkdir -p "$work/policies"
if [[ ! -f "$work/.dataset-$files-$megabytes" ]]; then
  rm -rf "$data"
  python3 "$root/bench/make_dataset.py" "$data" --files "$files" --megabytes "$megabytes" >&2
  touch "$work/.dataset-$files-$megabytes"
fi
export BULWARK_BENCH_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export RESTIC_PASSWORD="bench-password"
cat > "$work/policies/bench.yaml" <<YAML
apiVersion: bulwark.dev/v1alpha1
kind: BackupPolicy
metadata: {name: bench}
spec:
  env: bench
  target: local
  targets: {local: {path: $work/bulwark-repo}}
  sources: [{path: $data, domain: bench, priority: P0}]
  encryption: {keyFrom: {env: BULWARK_BENCH_KEY}}
YAML

bulwark() { java ${JAVA_OPTS:-} -jar "$jar" "$@" --policies "$work/policies" --state "$work/state"; }
# seconds NAME COMMAND...: runs the command quietly, records its wall time in seconds.
declare -A secs
seconds() {
  local name="$1"; shift
  local start end
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  start=$(date +%s.%N)
  "$@" > "$work/$name.log" 2>&1 || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
  end=$(date +%s.%N)
  secs[$name]=$(echo "$end - $start" | bc -l)
}

one_file="$(cd "$data" && find . -name '*.json' -print -quit | sed 's#^\./##')"
restic -r "$work/restic-repo" init --repository-version 2 >/dev/null

seconds bulwark_full bulwark backup --policy bench --snapshot-type full
seconds restic_full restic -r "$work/restic-repo" backup --compression auto "$data"
seconds bulwark_incr0 bulwark backup --policy bench --snapshot-type incremental
seconds restic_incr0 restic -r "$work/restic-repo" backup --compression auto "$data"
python3 - "$data" <<'PY'
import os, sys, random
root = sys.argv[1]; rng = random.Random(7); picked = []
for d, _, names in os.walk(root):
    picked += [os.path.join(d, n) for n in names if n.endswith(".json")]
for path in sorted(picked)[:: max(1, len(picked) // 50)][:50]:
    with open(path, "a") as f:
        f.write(" " * rng.randint(1, 50))
PY
seconds bulwark_incr50 bulwark backup --policy bench --snapshot-type incremental
seconds restic_incr50 restic -r "$work/restic-repo" backup --compression auto "$data"
# median3 NAME COMMAND...: the median of three timed runs ({dest} in the command becomes a fresh
# directory for each run).
median3() {
  local name="$1"; shift
  local runs=()
  for i in 1 2 3; do
    local args=("${@//\{dest\}/$work/restore-$name-$i}")
    seconds "$name-$i" "${args[@]}"
    runs+=("${secs[$name-$i]}")
  done
  secs[$name]=$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p)
}
median3 bulwark_restore1 bulwark restore --policy bench --path "${data#/}/$one_file" --to "{dest}"
median3 restic_restore1 restic -r "$work/restic-repo" restore latest --include "$data/$one_file" --target "{dest}"
if [[ -n "$before_jar" ]]; then
  before() { java ${JAVA_OPTS:-} -jar "$before_jar" "$@" --policies "$work/policies" --state "$work/state"; }
  median3 before_restore1 before restore --policy bench --path "${data#/}/$one_file" --to "{dest}"
fi
seconds bulwark_restoreall bulwark restore --policy bench --to "$work/restore-bulwark-all"
seconds restic_restoreall restic -r "$work/restic-repo" restore latest --target "$work/restore-restic-all"

# The same full and incremental backups against an S3 server on loopback (Adobe S3Mock from the
# cloud-targets test classpath), side by side with the local target: the cost of the S3 protocol.
if [[ $s3 == 1 ]]; then
s3_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
s3_tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mvn -B -q -f "$root/operator/cloud-targets/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/s3mock.classpath" >&2
rm -rf "$work/s3mock-root"
java -cp "$(cat "$work/s3mock.classpath")" com.adobe.testing.s3mock.S3MockApplication \
  --com.adobe.testing.s3mock.http-port="$s3_port" --server.port="$s3_tls_port" --silent=true \
  --com.adobe.testing.s3mock.store.initialBuckets=bench \
  --com.adobe.testing.s3mock.store.root="$work/s3mock-root" > "$work/s3mock.log" 2>&1 &
s3mock_pid=$!
trap 'kill $s3mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break
  sleep 0.5
done
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
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
rm -rf "$work/bulwark-repo-2" && sed -i "s#$work/bulwark-repo}#$work/bulwark-repo-2}#" "$work/policies/bench.yaml"
seconds local_full bulwark backup --policy bench --snapshot-type full
seconds s3_full bulwark backup --policy bench-s3 --snapshot-type full
seconds local_incr bulwark backup --policy bench --snapshot-type incremental
seconds s3_incr bulwark backup --policy bench-s3 --snapshot-type incremental
fi

for i in 1 2 3; do cmp "$data/$one_file" "$work/restore-bulwark_restore1-$i/${data#/}/$one_file"; done
diff -r -q "$data" "$work/restore-bulwark-all/${data#/}" >/dev/null || { echo "bulwark full restore differs from the data" >&2; exit 1; }
bulwark_size=$(du -sb "$work/bulwark-repo" | cut -f1)
restic_size=$(du -sb "$work/restic-repo" | cut -f1)

echo
echo "Dataset: $(find "$data" -type f | wc -l) files, $(du -sh "$data" | cut -f1); $(nproc) cores; $(restic version | cut -d' ' -f1-2)"
printf "%-34s %12s %12s %8s\n" "measure" "bulwark" "restic" "ratio"
row() { printf "%-34s %11.2fs %11.2fs %7.2fx\n" "$1" "${secs[$2]}" "${secs[$3]}" "$(echo "${secs[$2]} / ${secs[$3]}" | bc -l)"; }
row "full backup" bulwark_full restic_full
row "incremental, nothing changed" bulwark_incr0 restic_incr0
row "incremental, 50 files changed" bulwark_incr50 restic_incr50
row "restore one file" bulwark_restore1 restic_restore1
[[ -n "$before_jar" ]] && row "restore one file, before-jar" before_restore1 restic_restore1
row "restore everything" bulwark_restoreall restic_restoreall
printf "%-34s %10.1fMB %10.1fMB %7.2fx\n" "repository size" "$(echo "$bulwark_size/1000000" | bc -l)" "$(echo "$restic_size/1000000" | bc -l)" "$(echo "$bulwark_size / $restic_size" | bc -l)"
if [[ $s3 == 1 ]]; then
  echo
  printf "%-34s %12s %12s %8s\n" "S3 (S3Mock on loopback) vs local" "s3" "local" "ratio"
  row "full backup" s3_full local_full
  row "incremental, nothing changed" s3_incr local_incr
fi
index_bytes=$(find "$work/bulwark-repo" -name 'index.zst*' -printf '%s\n' | sort -n | tail -1)
manifest_bytes=$(find "$work/bulwark-repo" -name backup_manifest.json -printf '%s\n' | sort -n | tail -1)
echo
echo "largest manifest: $manifest_bytes bytes; largest index: ${index_bytes:-none} bytes"
