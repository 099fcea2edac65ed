#!/usr/bin/env bash
# bench/scale_1e6.sh [BINARY]: the largest grid validate accepts, 10^6
# candidates (rbf, 1000 C x 1000 gamma) x cv=3 on a 24-row data set, timed
# with /usr/bin/time -v; checks cv_results.csv has 10^6 rows. Needs
# /usr/bin/python3 (to write the data and config) and about 2 GB of memory.
set -eu
bin=${1:-build/bin/gridsearch}
bin=$(realpath "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
/usr/bin/python3 - <<'PY'
import json, random
random.seed(1)
with open('d24.csv', 'w') as f:
    for i in range(24):
        c = i % 2
        f.write("%.3f,%.3f,%d\n" % (random.gauss(c, 1), random.gauss(-c, 1), c))
n = 1000
json.dump({"name": "s1000", "dataset": {"path": "d24.csv", "format": "csv"}, "test_size": 0.25, "random_state": 0,
           "cv": 3, "scoring": "accuracy",
           "param_grid": {"kernel": ["rbf"], "C": [round(0.01 * 1.01 ** i, 12) for i in range(n)],
                          "gamma": [round(0.001 * 1.01 ** i, 12) for i in range(n)]}}, open('s1000.json', 'w'))
PY
uptime
/usr/bin/time -v "$bin" search s1000.json --out out --threads 2 --quiet > stdout.txt 2> time.txt
grep -E "Elapsed|User time|System time|Maximum resident" time.txt
rows=$(($(wc -l < out/cv_results.csv) - 1))
echo "cv_results.csv rows: $rows"
[ "$rows" = 1000000 ]
