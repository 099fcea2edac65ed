#!/usr/bin/env bash
# test_model.sh BINARY SRCDIR: every model file a search writes loads in
# Debian's svm-predict (libsvm-tools), and on the held-out rows svm-predict,
# `gridsearch predict` and the refit's own predictions (test_predictions.csv,
# from which the report is made) give the same labels: rbf, linear, poly and
# sigmoid kernels; binary and multiclass; with class_weight; kernels
# precomputed and LIBSVM's own (--memory-limit-mb 1). Also predict's output
# (labels, decision values, with and without a label column, CSV and LIBSVM
# input) against svm-predict's decision values.
set -u
bin=$1 src=$2
data=$src/tests/golden/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
command -v svm-predict > /dev/null || { echo "SKIP: svm-predict not installed (Debian package libsvm-tools, in .ci/deps)"; exit 77; }

# csv2libsvm CSV > LIBSVM: features then the label last, to "label i:v ..."
csv2libsvm() { awk -F, '{printf "%s", $NF; for (i = 1; i < NF; i++) if ($i + 0 != 0) printf " %d:%s", i, $i; printf "\n"}' "$1"; }
# rows DATA ROWS-FILE > the data lines at those 0-based rows, in that order
rows() { awk 'NR == FNR {want[FNR] = $1 + 1; n = FNR; next} {line[FNR] = $0} END {for (i = 1; i <= n; i++) print line[want[i]]}' "$2" "$1"; }

mk() { # name data format scoring-json grid-json
  cat > "$tmp/$1.json" <<JSON
{"name": "$1", "dataset": {"path": "$2", "format": "$3"}, "test_size": 0.3, "random_state": 7,
 "cv": 3, "scoring": $4, "param_grid": $5}
JSON
}
cp "$data/binary.csv" "$data/iris3.csv" "$data/wine3.libsvm" "$data/sparse3.libsvm" "$tmp/"
tail -n +2 "$data/binary.csv" > "$tmp/binary.rows"   # without its header: line k+1 is row k
cp "$tmp/iris3.csv" "$tmp/iris3.rows"
cp "$data/imbalanced.csv" "$tmp/imbalanced.csv"; cp "$tmp/imbalanced.csv" "$tmp/imbalanced.rows"  # labels -1 and +1
# 600 digits rows: their kernels (2.7 MB) do not fit 1 MB, so LIBSVM computes them
head -600 "$src/data/digits.csv" > "$tmp/digits.csv"
cp "$tmp/digits.csv" "$tmp/digits.rows"
mk bin_rbf binary.csv csv '["accuracy", "recall", "precision"]' '{"kernel": ["rbf"], "C": [0.5, 4], "gamma": ["scale", 0.05], "class_weight": [null, "balanced"]}'
mk bin_sigmoid binary.csv csv '"accuracy"' '{"kernel": ["sigmoid"], "C": [0.5, 2], "gamma": [0.01, 0.05], "coef0": [0, 0.5]}'
mk iris_linear iris3.csv csv '["accuracy", "f1_macro"]' '{"kernel": ["linear"], "C": [0.1, 1, 10], "class_weight": [{"0": 3}, null]}'
mk iris_poly iris3.csv csv '"accuracy"' '{"kernel": ["poly"], "degree": [2, 3], "C": [0.5, 2], "coef0": [1], "gamma": ["auto"]}'
mk digits_rbf digits.csv csv '["accuracy", "f1_weighted"]' '{"kernel": ["rbf"], "C": [1, 10], "gamma": [0.001, "scale"], "class_weight": [null, "balanced"]}'
mk digits_poly digits.csv csv '"accuracy"' '{"kernel": ["poly", "linear"], "C": [0.01, 1], "degree": [2], "gamma": ["scale"], "class_weight": [{"3": 2}]}'
mk imb_linear imbalanced.csv csv '["roc_auc", "f1"]' '{"kernel": ["linear", "rbf"], "C": [0.1, 10], "class_weight": [{"-1": 0.5}, {"1": 5}]}'
# a sparse LIBSVM set (3% stored): kept sparse by the search and by predict
mk sparse_rbf sparse3.libsvm libsvm '["accuracy"]' '{"kernel": ["rbf", "linear"], "C": [1, 8], "gamma": ["scale"]}'
mk sparse_maxabs sparse3.libsvm libsvm '["accuracy"]' '{"scaler": ["maxabs", {"standard": {"with_mean": false}}], "kernel": ["rbf"], "C": [1, 8], "gamma": ["scale"]}'
mk wine_rbf wine3.libsvm libsvm '["balanced_accuracy"]' '{"kernel": ["rbf", "sigmoid"], "C": [1, 8], "gamma": [0.02], "class_weight": ["balanced"]}'

models=0
for cfg in bin_rbf bin_sigmoid iris_linear iris_poly imb_linear wine_rbf sparse_rbf digits_rbf digits_poly; do
  routes=precomputed
  case $cfg in digits*) routes="precomputed own" ;; esac
  for route in $routes; do
    out=$tmp/$cfg.$route
    extra=()
    [ $route = own ] && extra=(--memory-limit-mb 1)
    if ! "$bin" search "$tmp/$cfg.json" --quiet --out "$out" "${extra[@]}" > "$out.stdout" 2> "$out.err"; then
      bad "$cfg ($route): search failed: $(cat "$out.err")"; continue
    fi
    grep -Eq "\"kernels\":[[:space:]]*\"$([ $route = own ] && echo libsvm || echo precomputed)\"" "$out/run.json" || bad "$cfg ($route): kernels not computed as intended"
    distinct=$(grep -o '"candidate": [0-9]*' "$out/best_params.json" | sort -u | wc -l)
    [ "$(ls "$out"/model_*.model | wc -l)" -eq "$distinct" ] && [ "$(ls "$out"/model_*.json | wc -l)" -eq "$distinct" ] \
      && ok "$cfg ($route): one model and one JSON per distinct best candidate ($distinct)" || bad "$cfg ($route): model files vs $distinct best candidates"
    tp=$out/test_predictions.csv
    [ -s "$tp" ] || { bad "$cfg ($route): no test_predictions.csv"; continue; }
    tail -n +2 "$tp" | cut -d, -f1 > "$out/rows"
    case $cfg in
      wine*) rows "$tmp/wine3.libsvm" "$out/rows" > "$out/test.libsvm"; fmt=libsvm ;;
      sparse*) rows "$tmp/sparse3.libsvm" "$out/rows" > "$out/test.libsvm"; fmt=libsvm ;;
      *) d=$(grep -o '"path": "[a-z0-9]*' "$tmp/$cfg.json" | sed 's/.*"//')
         rows "$tmp/$d.rows" "$out/rows" > "$out/test.csv"; csv2libsvm "$out/test.csv" > "$out/test.libsvm"; fmt=csv ;;
    esac
    ncol=$(head -1 "$tp" | awk -F, '{print NF}')
    for ((c = 3; c <= ncol; c++)); do
      name=$(head -1 "$tp" | cut -d, -f$c)
      model=$out/$name.model
      models=$((models + 1))
      grep -q "^kernel_type $(grep -Eo '"kernel":[[:space:]]*"[a-z]*"' "$out/$name.json" | sed 's/.*"\([a-z]*\)"$/\1/;s/^poly$/polynomial/')\$" "$model" \
        || bad "$cfg ($route) $name: kernel_type is not the candidate's kernel"
      tail -n +2 "$tp" | cut -d, -f$c > "$out/$name.refit"
      if ! svm-predict "$out/test.libsvm" "$model" "$out/$name.svmpredict" > /dev/null 2> "$out/$name.svmerr"; then
        bad "$cfg ($route) $name: svm-predict cannot use the model: $(cat "$out/$name.svmerr")"; continue
      fi
      cmp -s "$out/$name.refit" "$out/$name.svmpredict" \
        && ok "$cfg ($route) $name: svm-predict = the refit's predictions ($(wc -l < "$out/$name.refit") rows)" \
        || bad "$cfg ($route) $name: svm-predict differs from the refit"
      data_in=$out/test.$fmt
      "$bin" predict "$model" "$data_in" --out "$out/$name.gs" > "$out/$name.report" 2> "$out/$name.gserr" \
        || { bad "$cfg ($route) $name: gridsearch predict failed: $(cat "$out/$name.gserr")"; continue; }
      tail -n +2 "$out/$name.gs" | cmp -s - "$out/$name.refit" \
        && ok "$cfg ($route) $name: gridsearch predict = the refit's predictions" \
        || bad "$cfg ($route) $name: gridsearch predict differs from the refit"
    done
    # the folder form uses the primary model (best for the first scorer)
    primary=$(grep -El '"primary":[[:space:]]*true' "$out"/model_*.json | head -1)
    prim=$(basename "$primary" .json)
    "$bin" predict "$out" "$out/test.$fmt" 2> /dev/null | tail -n +2 | cmp -s - "$out/$prim.refit" \
      && ok "$cfg ($route): predict on the results folder uses $prim" || bad "$cfg ($route): predict on the folder"
    # the report printed by the search for the first scorer is the one predict prints
    "$bin" predict "$out" "$out/test.$fmt" --out "$out/p.csv" > "$out/p.report"
    [ "$(grep -c . "$out/p.report")" -ge 5 ] && ! grep -v '^$' "$out/p.report" | grep -vxF -f "$out.stdout" > /dev/null \
      && ok "$cfg ($route): predict's classification report is in the search's report" || bad "$cfg ($route): classification report differs"
  done
done
[ $models -ge 10 ] && ok "$models model files checked" || bad "only $models model files"

# a sparse set through a step that keeps it sparse (scaled by 1 / scale_):
# predict reads the LIBSVM rows sparse and scales them as the search did
out=$tmp/sparse_maxabs.precomputed
if "$bin" search "$tmp/sparse_maxabs.json" --quiet --out "$out" > /dev/null 2> "$out.err"; then
  tp=$out/test_predictions.csv
  tail -n +2 "$tp" | cut -d, -f1 > "$out/rows"
  rows "$tmp/sparse3.libsvm" "$out/rows" > "$out/test.libsvm"
  name=$(head -1 "$tp" | cut -d, -f3)
  grep -Eq '"sparse":[[:space:]]*true' "$out/$name.json" && ok "sparse_maxabs: the model's step is marked sparse" || bad "sparse_maxabs: no \"sparse\": true in $name.json"
  "$bin" predict "$out/$name.model" "$out/test.libsvm" --out "$out/$name.gs" > /dev/null 2> "$out/$name.gserr"
  tail -n +2 "$out/$name.gs" | cmp -s - <(tail -n +2 "$tp" | cut -d, -f3) \
    && ok "sparse_maxabs $name: gridsearch predict = the refit's predictions" || bad "sparse_maxabs $name: gridsearch predict differs from the refit"
else
  bad "sparse_maxabs: search failed: $(cat "$out.err")"
fi

# a second run into the same folder, with another best candidate, leaves
# only its own models (no stale model, no second primary)
out=$tmp/rerun
"$bin" search "$tmp/bin_rbf.json" --quiet --out "$out" > /dev/null 2>&1
mk bin_rerun binary.csv csv '"accuracy"' '{"kernel": ["linear"], "C": [0.01]}'
"$bin" search "$tmp/bin_rerun.json" --quiet --out "$out" > /dev/null 2>&1
[ "$(ls "$out"/model_*.model "$out"/model_*.json | wc -l)" = 2 ] && [ -f "$out/model_0.model" ] && grep -q '^kernel_type linear$' "$out/model_0.model" \
  && ok "a rerun into the same folder leaves only its own model" || bad "stale models after a rerun: $(ls "$out" | grep model_ | tr '\n' ' ')"

# under MPI the refit runs on some rank and its model reaches rank 0 intact:
# the same bytes as a one-process run's
if command -v mpirun > /dev/null; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  if mpirun --oversubscribe -np 3 "$bin" search "$tmp/bin_rbf.json" --threads 1 --quiet --out "$tmp/mpi" > /dev/null 2> "$tmp/mpi.err"; then
    same=1
    for m in "$tmp"/bin_rbf.precomputed/model_*.model; do cmp -s "$m" "$tmp/mpi/$(basename "$m")" || same=0; done
    [ $same = 1 ] && [ "$(ls "$tmp"/mpi/model_*.model | wc -l)" = "$(ls "$tmp"/bin_rbf.precomputed/model_*.model | wc -l)" ] \
      && ok "mpirun -np 3: the same model files, byte for byte" || bad "mpirun -np 3: model files differ"
  else
    bad "mpirun -np 3 search failed: $(head -3 "$tmp/mpi.err")"
  fi
fi

# decision values: binary, sklearn's sign (positive: the second class) is
# minus LIBSVM's first pair when the model's labels are "0 1"
out=$tmp/bin_rbf.precomputed
m=$out/$(head -1 "$out/test_predictions.csv" | cut -d, -f3).model
"$bin" predict "$m" "$out/test.csv" --decision > "$out/dec.csv" 2> /dev/null
[ "$(head -1 "$out/dec.csv")" = "label,decision" ] && ok "binary --decision header" || bad "binary header: $(head -1 "$out/dec.csv")"
awk -F, 'NR > 1 && (($2 > 0) != ($1 == 1)) {bad = 1} END {exit bad}' "$out/dec.csv" \
  && ok "binary decision: positive exactly for label 1" || bad "binary decision sign"
# without the label column: same labels, no report
cut -d, -f1-6 "$out/test.csv" > "$out/nolabel.csv"
"$bin" predict "$m" "$out/nolabel.csv" > "$out/nolabel.out" 2> "$out/nolabel.err"
tail -n +2 "$out/nolabel.out" | cmp -s - <(cut -d, -f1 "$out/dec.csv" | tail -n +2) && [ ! -s "$out/nolabel.err" ] \
  && ok "CSV without labels: same labels, no report" || bad "CSV without labels"
sed 's/^[^ ]* //' "$out/test.libsvm" > "$out/nolabel.libsvm"
"$bin" predict "$m" "$out/nolabel.libsvm" --format libsvm 2> /dev/null | tail -n +2 | cmp -s - <(cut -d, -f1 "$out/dec.csv" | tail -n +2) \
  && ok "LIBSVM without labels: same labels" || bad "LIBSVM without labels"
# multiclass: one-vs-one values in LIBSVM's pair order, as svm-predict's
out=$tmp/iris_poly.precomputed
m=$out/$(head -1 "$out/test_predictions.csv" | cut -d, -f3).model
"$bin" predict "$m" "$out/test.csv" --decision > "$out/dec.csv" 2> /dev/null
[ "$(head -1 "$out/dec.csv")" = "label,ovo_0_1,ovo_0_2,ovo_1_2" ] && ok "multiclass --decision header" || bad "multiclass header: $(head -1 "$out/dec.csv")"
# a vote by the ovo values (positive: the pair's first class) gives the label
awk -F, 'NR > 1 {v[0] = v[1] = v[2] = 0; if ($2 > 0) v[0]++; else v[1]++; if ($3 > 0) v[0]++; else v[2]++; if ($4 > 0) v[1]++; else v[2]++;
  b = 0; for (k = 1; k < 3; k++) if (v[k] > v[b]) b = k; if (b != $1) bad = 1} END {exit bad}' "$out/dec.csv" \
  && ok "multiclass decision values vote for the predicted label" || bad "multiclass decision values"
exit $fail
