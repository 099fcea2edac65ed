#!/usr/bin/env bash
# bench/search.sh: the search benchmark (not a test): whole processes timed
# with hyperfine on this machine.
#  1. gridsearch on the seed search (threads = cores) against scikit-learn's
#     seed program with all cores (-1) and serial;
#  2. the seed search on 2 workers as mpirun -np 2 x 1 thread and as 1 rank x
#     2 threads, with the parallel efficiency each run reports;
#  3. a larger search (5,000 rows, 40 candidates) against GridSearchCV.
# Usage: bash bench/search.sh [BUILD_DIR]   (needs hyperfine, python3-sklearn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$(cd "${1:-$root/build}" && pwd)/bin/gridsearch
shared=${GS_SHARED:-$root/../shared}
py=/usr/bin/python3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$here/out
mkdir -p "$out"
cd "$out"
for tool in hyperfine mpirun; do command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine openmpi-bin)"; exit 1; }; done
cores=$(nproc)
echo "== 1. seed search: gridsearch ($cores threads) vs scikit-learn =="
hyperfine -N -w 2 -r 10 --export-json seed.json \
  -n gridsearch "$bin search $root/configs/digits_svc.json --quiet --out $out/seed" \
  -n sklearn-all-cores "$py $shared/reference/seed_gridsearch.py -1" \
  -n sklearn-serial "$py $shared/reference/seed_gridsearch.py"
$py - seed.json <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
g = r["gridsearch"]
print(f"gridsearch {g:.3f} s; sklearn all cores {r['sklearn-all-cores']:.3f} s ({r['sklearn-all-cores']/g:.1f}x); "
      f"sklearn serial {r['sklearn-serial']:.3f} s ({r['sklearn-serial']/g:.1f}x)")
PY
diff <(sed 's/ for precision_macro$/ for precision/;s/ for recall_macro$/ for recall/' <($bin search $root/configs/digits_svc.json --quiet --out $out/seed)) \
     "$shared/reference/seed_digits_stdout.txt" >/dev/null && echo "same numbers as scikit-learn: yes"

echo "== 2. two workers: ranks vs threads =="
eff() { grep -o 'parallel efficiency [0-9.]*%' | tail -1; }
for i in 1 2 3; do
  echo "mpirun -np 2 x 1 thread: $(mpirun -np 2 --oversubscribe $bin search $root/configs/digits_wide.json --threads 1 --out $out/w2r 2>&1 >/dev/null | eff)"
  echo "1 rank x 2 threads:      $($bin search $root/configs/digits_wide.json --threads 2 --out $out/w2t 2>&1 >/dev/null | eff)"
done
hyperfine -N -w 1 -r 5 \
  -n "1x1" "$bin search $root/configs/digits_wide.json --threads 1 --quiet --out $out/w11" \
  -n "1x2" "$bin search $root/configs/digits_wide.json --threads 2 --quiet --out $out/w12" \
  -n "2x1" "mpirun -np 2 $bin search $root/configs/digits_wide.json --threads 1 --quiet --out $out/w21"

echo "== 3. larger search: 5,000 rows, 40 candidates =="
data=$($py "$here/make_synthetic.py" 5000)
hyperfine -N -w 0 -r 2 \
  -n gridsearch "$bin search $here/synthetic.json --quiet --out $out/syn" \
  -n sklearn-all-cores "$py $here/synthetic_sklearn.py $data"
