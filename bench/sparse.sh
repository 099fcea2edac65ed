#!/usr/bin/env bash
# bench/sparse.sh: the sparse benchmark (issue 14; not a test). A text-like
# LIBSVM file of 5,000 rows x 20,000 features, 1% of its cells stored, 3
# classes (bench/make_sparse.py), searched by bench/sparse.json: gridsearch
# (which keeps it sparse) against scikit-learn's GridSearchCV on the scipy
# CSR matrix (bench/sparse_sklearn.py, all cores), as whole processes in one
# hyperfine run; then each one's peak memory (/usr/bin/time -v) and whether
# their cv_results agree (1e-9).
# Usage: bash bench/sparse.sh [BUILD_DIR] [RUNS] [ROWS]   (needs hyperfine,
# python3-sklearn; ROWS other than 5000: a smaller set of the same kind, e.g.
# 1000 for a quick check that the cv_results agree)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/build}" && pwd)
bin=$build/bin/gridsearch csvcmp=$build/bin/csvcmp
runs=${2:-2} rows=${3:-5000}
py=/usr/bin/python3
out=$here/out
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)"; exit 1; }
data=$out/sparse.libsvm cfg=$here/sparse.json
if [ "$rows" != 5000 ]; then
  data=$out/sparse_$rows.libsvm cfg=$out/sparse_$rows.json
  sed "s|\"out/sparse.libsvm\"|\"$data\"|" "$here/sparse.json" > "$cfg"
fi
[ -f "$data" ] || $py "$here/make_sparse.py" "$data" "$rows" 20000 0.01 >/dev/null
threads=$(nproc)
# each run under /usr/bin/time -v: the last run's peak memory is reported
gs="/usr/bin/time -v -o $out/sparse_gs.time $bin search $cfg --threads $threads --quiet --out $out/sparse_gs"
sk="/usr/bin/time -v -o $out/sparse_sklearn.time $py $here/sparse_sklearn.py $cfg $data $out/sparse_sklearn.csv"
echo "== load: $(uptime)"
hyperfine -N -w 0 -r "$runs" --export-json "$out/sparse_times.json" -n gridsearch "$gs" -n sklearn "$sk"
$py - "$out/sparse_times.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"gridsearch {r['gridsearch']:.1f} s, scikit-learn {r['sklearn']:.1f} s: {r['sklearn'] / r['gridsearch']:.1f}x")
PY
peak() { awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2 / 1024}' "$1"; }
echo "peak memory: gridsearch $(peak "$out/sparse_gs.time"), scikit-learn $(peak "$out/sparse_sklearn.time")"
echo "== load: $(uptime)"
if "$csvcmp" "$out/sparse_gs/cv_results.csv" "$out/sparse_sklearn.csv" --subset > "$out/sparse.cmp"; then
  echo "cv_results: equal within 1e-9"
else
  echo "cv_results: DIFFER"; head "$out/sparse.cmp"; exit 1
fi
