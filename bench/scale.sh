#!/usr/bin/env bash
# bench/scale.sh: gridsearch at real sizes (issue 14), not a test.
#  1. UCI letter recognition (bench/export_mlbench.sh) at 2,000, 5,000,
#     10,000 and 16,000 training rows: grid rbf, C 1/10/100 x gamma
#     scale/0.1, cv 3, accuracy; gridsearch (2 threads) vs
#     GridSearchCV(n_jobs=-1) as whole processes in one hyperfine run each,
#     the peak memory of each (/usr/bin/time -v), and a check that the
#     cv_results are scikit-learn's (scale_compare.py);
#  2. the refit of the 16,000-row search on 1 vs 2 threads (--threads;
#     the search itself is resumed from its journal, so only the refit runs);
#  3. default settings at 58,000-60,000 rows: the shuttle data and a
#     60,000-row synthetic set (bench/make_synthetic.py): validate's memory
#     plan, then the search's peak memory and wall time.
# Usage: bash bench/scale.sh [BUILD_DIR] [SIZES...]  (SIZES: training rows,
# default "2000 5000 10000 16000"; needs hyperfine, python3-sklearn,
# r-cran-mlbench; GS_SCALE_PARTS="1 2 3" selects parts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$(cd "${1:-$root/build}" && pwd)/bin/gridsearch
shift || true
sizes=${*:-2000 5000 10000 16000}
parts=${GS_SCALE_PARTS:-1 2 3}
py=/usr/bin/python3
out=$here/out
mkdir -p "$out"
cd "$out"
for tool in hyperfine Rscript /usr/bin/time; do command -v $tool >/dev/null || { echo "scale: $tool is missing" >&2; exit 1; }; done
# a config over out/<data> (test_size 0.2, random_state 0, as scale_sklearn.py)
config() { # name data-file
  cat > "$out/$1.json" <<JSON
{"name": "$1", "dataset": {"path": "$out/$2", "format": "csv"}, "test_size": 0.2, "random_state": 0,
 "cv": 3, "scoring": "accuracy", "param_grid": {"kernel": ["rbf"], "C": [1, 10, 100], "gamma": ["scale", 0.1]}}
JSON
}
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%.0f MiB", $2 / 1024}'; }
rows_of() { echo $(( $1 * 5 / 4 )); } # training rows -> data rows (test_size 0.2)
need=""
for n in $sizes 16000; do [ -f "$out/letter_$(rows_of $n).csv" ] || need="$need $(rows_of $n)"; done
[ -z "$need" ] || bash "$here/export_mlbench.sh" $need
echo "load: $(uptime)"
if [[ " $parts " == *" 1 "* ]]; then
  for n in $sizes; do
    m=$(rows_of $n)
    config "letter_$n" "letter_$m.csv"
    echo "== letter, $n training rows =="
    rm -rf "$out/results_letter_$n"
    $bin search "$out/letter_$n.json" --threads 2 --quiet --out "$out/results_letter_$n" >/dev/null
    $py "$here/scale_sklearn.py" "$out/letter_$m.csv" "$out/sklearn_letter_$n.csv" >/dev/null
    echo "cv_results vs scikit-learn: $($py "$here/scale_compare.py" "$out/results_letter_$n/cv_results.csv" "$out/sklearn_letter_$n.csv")"
    echo "peak memory: gridsearch $(peak $bin search "$out/letter_$n.json" --threads 2 --quiet --out "$out/peak_$n"), scikit-learn $(peak $py "$here/scale_sklearn.py" "$out/letter_$m.csv")"
    runs=$([ "$n" -ge 10000 ] && echo 2 || echo 3)
    hyperfine -N -w 0 -r "$runs" --export-json "$out/scale_$n.json" \
      -n gridsearch "$bin search $out/letter_$n.json --threads 2 --quiet --out $out/hf_$n" \
      -n sklearn "$py $here/scale_sklearn.py $out/letter_$m.csv"
    $py -c 'import json,sys; r={x["command"]:x["mean"] for x in json.load(open(sys.argv[1]))["results"]}; print("ratio gridsearch/scikit-learn: %.2f (%.1f s vs %.1f s)" % (r["gridsearch"]/r["sklearn"], r["gridsearch"], r["sklearn"]))' "$out/scale_$n.json"
    echo "load: $(uptime)"
  done
fi
if [[ " $parts " == *" 2 "* ]]; then
  echo "== the refit of the 16,000-row search, 1 vs 2 threads =="
  config letter_refit "letter_20000.csv"
  rm -rf "$out/refit"
  $bin search "$out/letter_refit.json" --threads 2 --quiet --out "$out/refit" >/dev/null
  # with every task journalled, a --resume run only refits
  hyperfine -N -w 0 -r 3 \
    -n refit-1-thread "$bin search $out/letter_refit.json --threads 1 --quiet --resume --out $out/refit" \
    -n refit-2-threads "$bin search $out/letter_refit.json --threads 2 --quiet --resume --out $out/refit"
  echo "load: $(uptime)"
fi
if [[ " $parts " == *" 3 "* ]]; then
  echo "== default settings at 58,000-60,000 rows =="
  syn=$($py "$here/make_synthetic.py" 60000)
  config synthetic_60000 "$(basename "$syn")"
  config shuttle shuttle.csv
  for c in shuttle synthetic_60000; do
    $bin validate "$out/$c.json" | grep -E '^(dataset|kernels|estimated)'
    s=$(date +%s)
    echo "$c: peak memory $(peak $bin search "$out/$c.json" --quiet --out "$out/results_$c"), $(( $(date +%s) - s )) s wall"
  done
  echo "load: $(uptime)"
fi
