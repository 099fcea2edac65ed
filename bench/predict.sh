#!/usr/bin/env bash
# bench/predict.sh: predict throughput (not a test): `gridsearch predict`
# against Debian's svm-predict on the same model file, whole processes timed
# in one hyperfine run per data set:
#  1. the digits seed search's model on its held-out rows (899 rows);
#  2. a model of a 3-class synthetic set (5,000 rows, rbf) on 100,000
#     synthetic rows (bench/make_synthetic.py).
# Prints rows per second for each. Both read the same rows (CSV for
# gridsearch, the same values in LIBSVM format for svm-predict, which reads
# only that) and write one label per row.
# Usage: bash bench/predict.sh [BUILD_DIR]   (needs hyperfine, libsvm-tools, python3-sklearn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$(cd "${1:-$root/build}" && pwd)/bin/gridsearch
py=/usr/bin/python3
out=$here/out/predict
mkdir -p "$out"
cd "$out"
for tool in hyperfine svm-predict; do command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine libsvm-tools)"; exit 1; }; done
csv2libsvm() { awk -F, '{printf "%s", $NF; for (i = 1; i < NF; i++) if ($i + 0 != 0) printf " %d:%s", i, $i; printf "\n"}' "$1"; }
rows_per_s() { # hyperfine-json rows
  $py - "$1" "$2" <<'PY'
import json, sys
rows = int(sys.argv[2])
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"  {r['command']:<12} {r['mean']:.4f} s +/- {r['stddev']:.4f}: {rows / r['mean']:,.0f} rows/s")
PY
}
echo "load: $(uptime | sed 's/.*load/load/')"

echo "== 1. digits seed model on its held-out rows =="
"$bin" search "$root/configs/digits_svc.json" --quiet --out seed > /dev/null
digits=$root/data/digits.csv
tail -n +2 seed/test_predictions.csv | cut -d, -f1 | awk 'NR == FNR {want[FNR] = $1 + 1; n = FNR; next} {line[FNR] = $0} END {for (i = 1; i <= n; i++) print line[want[i]]}' - "$digits" > digits_test.csv
csv2libsvm digits_test.csv > digits_test.libsvm
model=$(ls seed/model_*.model | head -1)
n=$(wc -l < digits_test.csv)
hyperfine -N -w 3 -r 20 --export-json digits.json \
  -n gridsearch "$bin predict $model digits_test.csv --out /dev/null" \
  -n svm-predict "svm-predict digits_test.libsvm $model /dev/null"
rows_per_s digits.json "$n"

echo "== 2. synthetic: 5,000-row rbf model on 100,000 rows =="
train=$($py "$here/make_synthetic.py" 5000)
big=$($py "$here/make_synthetic.py" 100000)
cat > synth.json <<JSON
{"name": "synth", "dataset": {"path": "$train"}, "test_size": 0.2, "cv": 2,
 "param_grid": {"kernel": ["rbf"], "C": [1], "gamma": ["scale"]}}
JSON
"$bin" search synth.json --quiet --out synth > /dev/null
model=$(ls synth/model_*.model | head -1)
csv2libsvm "$big" > big.libsvm
n=$(wc -l < "$big")
hyperfine -N -w 1 -r 5 --export-json synthetic.json \
  -n gridsearch "$bin predict $model $big --out /dev/null" \
  -n svm-predict "svm-predict big.libsvm $model /dev/null"
rows_per_s synthetic.json "$n"
cmp <("$bin" predict "$model" "$big" 2>/dev/null | tail -n +2) <(svm-predict big.libsvm "$model" /dev/stdout | grep -v '^Accuracy') \
  && echo "  same labels from both" || echo "  LABELS DIFFER"
