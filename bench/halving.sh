#!/usr/bin/env bash
# bench/halving.sh: successive halving against the full grid (not a test):
# a 100-candidate grid (rbf: 10 gammas x 10 Cs, 5 folds) on bench/make_synthetic.py's
# set of N rows (default 5,000; 3 classes, 20 features), as whole processes
# in one hyperfine run: gridsearch's full grid, gridsearch's halving
# (factor 3, min_resources "exhaust", random_state 0) and scikit-learn's
# HalvingGridSearchCV(n_jobs=-1) with the same settings; then the best mean
# accuracy each reached (halving's is its last iteration's best, on the
# rows it had) and the held-out accuracy of gridsearch's refits.
# Usage: bash bench/halving.sh [BUILD_DIR] [N]   (needs hyperfine, python3-sklearn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$(cd "${1:-$root/build}" && pwd)/bin/gridsearch
jsonget=$(dirname "$bin")/jsonget
n=${2:-5000}
py=/usr/bin/python3
out=$here/out
mkdir -p "$out"
cd "$out"
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)"; exit 1; }
data=$($py "$here/make_synthetic.py" "$n")
grid='{"kernel": ["rbf"], "gamma": [0.3, 0.1, 0.05, 0.03, 0.02, 0.01, 0.005, 0.003, 0.001, "scale"],
       "C": [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000]}'
common="\"dataset\": {\"path\": \"$data\"}, \"test_size\": 0.2, \"random_state\": 0, \"cv\": 5, \"scoring\": \"accuracy\""
echo "{\"name\": \"halving_full_$n\", $common, \"param_grid\": $grid}" > full_$n.json
echo "{\"name\": \"halving_$n\", $common, \"search\": {\"strategy\": \"halving\", \"factor\": 3, \"random_state\": 0}, \"param_grid\": $grid}" > halving_$n.json
"$bin" validate halving_$n.json | grep -E '^(successive|  iter|tasks)'
echo "load before: $(uptime)"
hyperfine -N -w 0 -r 1 --export-json halving_$n.hyperfine.json \
  -n gridsearch-full-grid "$bin search $out/full_$n.json --quiet --out $out/full_$n" \
  -n gridsearch-halving "$bin search $out/halving_$n.json --quiet --out $out/halving_$n" \
  -n sklearn-HalvingGridSearchCV "$py $here/halving_sklearn.py $data $out/halving_sklearn_$n.txt"
echo "load after: $(uptime)"
for r in full_$n halving_$n; do
  echo "$r: best mean accuracy $("$jsonget" "$out/$r/run.json" best_score), held-out $("$jsonget" "$out/$r/run.json" best.accuracy.held_out_score), $("$jsonget" "$out/$r/run.json" best.accuracy.repr)"
done
echo "sklearn HalvingGridSearchCV: best mean accuracy $(cat "$out/halving_sklearn_$n.txt")"
