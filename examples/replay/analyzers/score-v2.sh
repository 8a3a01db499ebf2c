#!/bin/sh
# Exam scoring v2: question 4 (the open question) now counts double and totals are scaled back
# to 100 points, rounded to one decimal. Same usage and outputs as score-v1.sh.
set -eu
in=$1
out=$2
find "$in" -type f -name '*.csv' | sort | while read -r exam; do
  base=$(basename "$exam" .csv)
  awk -F, -v scores="$out/$base.scores.csv" -v summary="$out/$base.summary.json" '
    NR == 1 { print "student_id,total" > scores; next }
    { total = ($2 + $3 + $4 + 2 * $5) * 100 / 125; printf "%s,%.1f\n", $1, total > scores; n++; sum += total }
    END { printf "{\"analyzer\": \"score-v2\", \"students\": %d, \"mean\": %.2f}\n", n, (n ? sum / n : 0) > summary }
  ' "$exam"
done
