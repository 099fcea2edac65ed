#!/usr/bin/env bash
# test_pipeline.sh BINARY CSVCMP SRCDIR: a search with preprocessing inside
# the folds (a default step and a "scaler" grid key) interrupted by SIGTERM
# and resumed gives exactly the uninterrupted run's cv_results.csv and
# stdout; its journal is refused by the same search with another default
# step (the digest covers the preprocessing); report.md, run.json and
# `validate` state the preprocessing.
set -u
bin=$1 csvcmp=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

write_cfg() { # FILE DEFAULT-STEP-JSON
  cat > "$1" <<JSON
{"dataset": {"path": "$src/data/digits.csv"}, "test_size": 0.5, "random_state": 0, "cv": 5,
 "scoring": ["accuracy", "f1_macro"], "preprocessing": $2,
 "param_grid": [{"scaler": [{"minmax": {"feature_range": [-1, 1]}}, null], "C": [1, 10, 100], "gamma": ["scale"]},
                {"C": [0.1, 1, 10], "gamma": ["scale", 0.001]}]}
JSON
}
cfg=$tmp/pipe.json
write_cfg "$cfg" '"standard"'
write_cfg "$tmp/other.json" '"maxabs"'

"$bin" search "$cfg" --threads 1 --quiet --out "$tmp/ref" > "$tmp/ref.stdout" 2> "$tmp/ref.stderr" || { bad "reference run"; cat "$tmp/ref.stderr"; exit 1; }
total=$(grep -c '^T ' "$tmp/ref/journal")
[ "$total" = 60 ] && ok "journal of a full run has 60 task records" || bad "journal records: $total"

out=$tmp/run
"$bin" search "$cfg" --threads 1 --quiet --out "$out" > "$out.stdout" 2> "$out.stderr" &
pid=$!
if wait_records "$out/journal" 8; then kill -TERM $pid; else bad "journal did not grow"; kill -KILL $pid; fi
wait $pid
rc=$?
n=$(grep -c '^T ' "$out/journal")
[ $rc -eq 3 ] && ok "SIGTERM exits with status 3" || bad "SIGTERM exit status $rc"
[ "$n" -ge 8 ] && [ "$n" -lt 60 ] && ok "journal kept $n finished tasks" || bad "journal has $n tasks"

# the same search with another default step: a different search
"$bin" search "$tmp/other.json" --threads 1 --out "$out" --resume > /dev/null 2> "$tmp/other.err"
rc=$?
[ $rc -eq 2 ] && grep -q "belongs to a different search" "$tmp/other.err" && ok "journal refused by the search with maxabs instead of standard" || { bad "other preprocessing: exit $rc"; cat "$tmp/other.err"; }

"$bin" search "$cfg" --threads 2 --out "$out" --resume > "$out.stdout2" 2> "$out.stderr2"
rc=$?
[ $rc -eq 0 ] && ok "resumed run exits 0" || { bad "resume exit $rc"; cat "$out.stderr2"; }
grep -q "resuming: $n of 60 tasks already done" "$out.stderr2" && ok "resume skipped the $n done tasks" || { bad "resume message"; head -3 "$out.stderr2"; }
"$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > "$out.cmp" && ok "CSV equals the uninterrupted run's" || { bad "CSV differs"; cat "$out.cmp"; }
cmp -s "$out.stdout2" "$tmp/ref.stdout" && ok "stdout equals the uninterrupted run's" || bad "stdout differs"

# what the run says about its preprocessing
grep -q "^| preprocessing | \`StandardScaler()\` fitted on each fold's training rows" "$tmp/ref/report.md" && ok "report.md states the default step" || bad "report.md preprocessing row"
grep -q "the grid key \`scaler\` chooses the step per candidate" "$tmp/ref/report.md" && ok "report.md states the scaler grid key" || bad "report.md scaler row"
grep -Eq '"sklearn":[[:space:]]*"StandardScaler\(\)"' "$tmp/ref/run.json" && grep -Eq '"scaler_in_grid":[[:space:]]*true' "$tmp/ref/run.json" && ok "run.json states the preprocessing" || bad "run.json preprocessing"
head -1 "$tmp/ref/cv_results.csv" | grep -q ',param_scaler,param_C,param_gamma,params,' && ok "cv_results.csv: param_scaler first" || bad "cv_results.csv header: $(head -1 "$tmp/ref/cv_results.csv" | cut -c1-80)"
grep -q ",\"MinMaxScaler(feature_range=(-1, 1))\",1,scale," "$tmp/ref/cv_results.csv" && ok "cv_results.csv: the step as its repr" || bad "cv_results.csv step cell"
# 3 steps in use besides none (default standard, minmax) x (5 folds + refit)
"$bin" validate "$cfg" > "$tmp/validate.txt" 2>&1
grep -q "^preprocessing: 12 (step, fold) views of transformed rows" "$tmp/validate.txt" && ok "validate counts the (step, fold) views" || { bad "validate views line"; cat "$tmp/validate.txt"; }

# the model files hold the refit's fitted step: gridsearch predict on the
# held-out rows gives the refit's predictions (test_predictions.csv); the
# digits rows are raw pixels, so a model used without its step would not
tp=$tmp/ref/test_predictions.csv
tail -n +2 "$tp" | cut -d, -f1 > "$tmp/rows"
awk 'NR == FNR {want[FNR] = $1 + 1; n = FNR; next} {line[FNR] = $0} END {for (i = 1; i <= n; i++) print line[want[i]]}' \
  "$tmp/rows" "$src/data/digits.csv" > "$tmp/test.csv"
ncol=$(head -1 "$tp" | awk -F, '{print NF}')
[ "$ncol" -ge 3 ] || bad "test_predictions.csv has no model column"
for ((c = 3; c <= ncol; c++)); do
  name=$(head -1 "$tp" | cut -d, -f$c)
  grep -Eq '"step":[[:space:]]*"(standard|minmax)"' "$tmp/ref/$name.json" && grep -q '"scale_"' "$tmp/ref/$name.json" \
    && ok "$name.json records the fitted step" || bad "$name.json: no fitted preprocessing"
  tail -n +2 "$tp" | cut -d, -f$c > "$tmp/$name.refit"
  "$bin" predict "$tmp/ref/$name.model" "$tmp/test.csv" --out "$tmp/$name.gs" > /dev/null 2> "$tmp/$name.err" || bad "$name: predict failed: $(cat "$tmp/$name.err")"
  tail -n +2 "$tmp/$name.gs" | cmp -s - "$tmp/$name.refit" && ok "$name: gridsearch predict (step applied) = the refit's predictions" \
    || bad "$name: gridsearch predict differs from the refit"
done
# a broken step in the JSON is refused, naming the key
m=$(head -1 "$tp" | cut -d, -f3)
sed 's/"scale_"/"scale_x"/' "$tmp/ref/$m.json" > "$tmp/broken.json"
cp "$tmp/ref/$m.model" "$tmp/broken.model"
"$bin" predict "$tmp/broken.model" "$tmp/test.csv" > /dev/null 2> "$tmp/broken.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmp/broken.err")" -eq 1 ] && grep -q "broken.json: preprocessing.scale_: expected 64 numbers, one per feature" "$tmp/broken.err" \
  && ok "a model JSON whose step lacks scale_ is refused" || { bad "broken step: exit $rc"; cat "$tmp/broken.err"; }
[ $fail -eq 0 ] && echo "pipeline: resume, digest and reports hold"
exit $fail
