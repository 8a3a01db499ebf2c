#!/bin/sh
# Exam scoring v1: a student's total is the plain sum of the four questions (25 points each).
# Usage: score-v1.sh INPUT_DIR OUTPUT_DIR. For every exam CSV below INPUT_DIR it writes
# <exam>.scores.csv (student_id,total) and <exam>.summary.json (students, mean) into OUTPUT_DIR.
set -eu
in=$1
out=$2
find "$in" -type f -name '*.csv' | sort | while read -r exam; do
  base=$(basename "$exam" .csv)
  awk -F, -v scores="$out/$base.scores.csv" -v summary="$out/$base.summary.json" '
    NR == 1 { print "student_id,total" > scores; next }
    { total = $2 + $3 + $4 + $5; print $1 "," total > scores; n++; sum += total }
    END { printf "{\"analyzer\": \"score-v1\", \"students\": %d, \"mean\": %.2f}\n", n, (n ? sum / n : 0) > summary }
  ' "$exam"
done
