#!/usr/bin/env bash
# bench/pipeline.sh: a set with wildly different feature ranges
# (bench/make_ranges.py) searched without and with StandardScaler inside the
# folds: best mean score and time, gridsearch against scikit-learn's Pipeline.
# Usage: bash bench/pipeline.sh [BUILD_DIR]   (needs hyperfine, python3-sklearn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$(cd "${1:-$root/build}" && pwd)/bin/gridsearch
py=/usr/bin/python3
out=$here/out
mkdir -p "$out"
cd "$out"
$py "$here/make_ranges.py" 2000 > /dev/null
sed 's/"name": "ranges_raw",/"name": "ranges_standard", "preprocessing": "standard",/' "$here/ranges.json" > "$out/ranges_standard.json"
sed 's#"out/ranges_2000.csv"#"ranges_2000.csv"#' -i "$out/ranges_standard.json"
sed 's#"out/ranges_2000.csv"#"ranges_2000.csv"#' "$here/ranges.json" > "$out/ranges_raw.json"
cat > "$out/ranges_sklearn.py" <<'PY'
import sys
import numpy as np
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
d = np.loadtxt("ranges_2000.csv", delimiter=",")
X, y = d[:, :-1], d[:, -1].astype(int)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
steps = ([("scaler", StandardScaler())] if sys.argv[1] == "standard" else []) + [("svc", SVC())]
g = GridSearchCV(Pipeline(steps), {"svc__kernel": ["rbf"], "svc__gamma": ["scale", 0.01, 0.1], "svc__C": [0.1, 1, 10, 100]},
                 cv=5, n_jobs=int(sys.argv[2]) if len(sys.argv) > 2 else None).fit(Xtr, ytr)
print(f"best mean accuracy {g.best_score_!r} for {g.best_params_}")
PY
uptime
for v in raw standard; do
  echo "$v: gridsearch: $($bin search ranges_$v.json --quiet --out res_$v | sed -n 5p)"
  echo "$v: gridsearch best mean: $(sed -n 2p res_$v/best_params.json)"
  echo "$v: scikit-learn: $($py ranges_sklearn.py $v)"
done
hyperfine -N -w 1 -r 5 --export-json pipeline.json \
  -n gridsearch-raw "$bin search ranges_raw.json --quiet --out res_raw" \
  -n gridsearch-standard "$bin search ranges_standard.json --quiet --out res_standard" \
  -n sklearn-raw-all-cores "$py ranges_sklearn.py raw -1" \
  -n sklearn-standard-all-cores "$py ranges_sklearn.py standard -1"
uptime
