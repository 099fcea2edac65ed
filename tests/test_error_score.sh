#!/usr/bin/env bash
# test_error_score.sh BINARY SRCDIR: fits made to fail (GRIDSEARCH_FAIL_FITS,
# the test hook: "candidate[:fold],...") follow error_score as in
# scikit-learn 1.2: "nan" (default) records NaN (empty cells, ranked last)
# with a warning naming candidate, fold and reason; a number records that
# number; "raise" stops the run (exit 1); every fit failing exits 1.
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
head -400 "$src/data/digits.csv" > "$tmp/d.csv"
mk() { # name error_score-json
  cat > "$tmp/$1.json" <<JSON
{"dataset": {"path": "d.csv"}, "cv": 3, "scoring": "accuracy", $2
 "param_grid": {"kernel": ["linear"], "C": [1, 10, 100]}}
JSON
}
col() { # csv row column-name (quoted cells, such as params, collapse to Q)
  sed -E 's/"([^"]|"")*"/Q/g' "$1" | awk -F, -v r="$2" -v c="$3" 'NR==1{for(i=1;i<=NF;i++) if($i==c) k=i} NR==r+1{print $k}'
}
mk nan ''
GRIDSEARCH_FAIL_FITS=1:2 "$bin" search "$tmp/nan.json" --quiet --out "$tmp/nan" > /dev/null 2> "$tmp/nan.err"
rc=$?
[ $rc -eq 0 ] && ok "default error_score: the run goes on (exit 0)" || bad "default error_score: exit $rc"
grep -q "warning: fit failed for candidate 1 {'C': 10, 'kernel': 'linear'} on fold 2: injected failure (GRIDSEARCH_FAIL_FITS); its scores are set to NaN" "$tmp/nan.err" \
  && ok "warning names candidate, fold and reason" || { bad "warning text"; cat "$tmp/nan.err"; }
csv=$tmp/nan/cv_results.csv
[ -z "$(col "$csv" 2 split2_test_accuracy)" ] && [ -n "$(col "$csv" 2 split1_test_accuracy)" ] && ok "failed fold is an empty cell" || bad "failed fold cell"
[ -z "$(col "$csv" 2 mean_test_accuracy)" ] && ok "its mean is NaN (empty)" || bad "mean of a failed candidate"
[ "$(col "$csv" 2 rank_test_accuracy)" = 3 ] && ok "NaN ranks last" || bad "rank of NaN: $(col "$csv" 2 rank_test_accuracy)"

mk zero '"error_score": 0,'
GRIDSEARCH_FAIL_FITS=0:0 "$bin" search "$tmp/zero.json" --quiet --out "$tmp/zero" > /dev/null 2> "$tmp/zero.err"
rc=$?
[ $rc -eq 0 ] && [ "$(col "$tmp/zero/cv_results.csv" 1 split0_test_accuracy)" = 0.0 ] && ok "numeric error_score recorded" || bad "numeric error_score: exit $rc, cell $(col "$tmp/zero/cv_results.csv" 1 split0_test_accuracy)"
grep -q "its scores are set to error_score" "$tmp/zero.err" && ok "numeric error_score warned" || bad "numeric warning"

mk raise '"error_score": "raise",'
GRIDSEARCH_FAIL_FITS=2:1 "$bin" search "$tmp/raise.json" --quiet --out "$tmp/raise" > /dev/null 2> "$tmp/raise.err"
rc=$?
[ $rc -eq 1 ] && ok "error_score raise: exit 1" || bad "raise: exit $rc"
grep -q "fit failed for candidate 2 {'C': 100, 'kernel': 'linear'} on fold 1: injected failure (GRIDSEARCH_FAIL_FITS) (error_score=\"raise\")" "$tmp/raise.err" && ok "raise names the fit" || { bad "raise message"; cat "$tmp/raise.err"; }
[ ! -e "$tmp/raise/cv_results.csv" ] && ok "raise writes no cv_results.csv" || bad "raise left cv_results.csv"

GRIDSEARCH_FAIL_FITS=0,1,2 "$bin" search "$tmp/nan.json" --quiet --out "$tmp/all" > /dev/null 2> "$tmp/all.err"
rc=$?
[ $rc -eq 1 ] && grep -q "all 9 fits failed" "$tmp/all.err" && ok "every fit failing: exit 1 with a message" || { bad "all failed: exit $rc"; cat "$tmp/all.err"; }
[ ! -e "$tmp/all/cv_results.csv" ] && ok "no cv_results.csv when every fit failed" || bad "cv_results.csv after all failed"

mk bad '"error_score": "ignore",'
"$bin" search "$tmp/bad.json" --quiet --out "$tmp/bad" > /dev/null 2> "$tmp/bad.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'bad.json:1:[0-9]*: error_score: expected "raise", "nan" or a number, got a string' "$tmp/bad.err" && ok "bad error_score: exit 2 with place" || { bad "bad error_score: exit $rc"; cat "$tmp/bad.err"; }
# roc_auc on multiclass data: scikit-learn's scorer raises on every fold, so
# the scores are error_score (NaN: empty cells; a number: that number), and
# "raise" stops the run; accuracy beside it is scored as usual
mkroc() { # name error_score-json
  cat > "$tmp/$1.json" <<JSON
{"dataset": {"path": "d.csv"}, "cv": 3, "scoring": ["roc_auc", "accuracy"], $2
 "param_grid": {"kernel": ["linear"], "C": [1, 10]}}
JSON
}
mkroc rocnan ''
"$bin" search "$tmp/rocnan.json" --quiet --out "$tmp/rocnan" > /dev/null 2> "$tmp/rocnan.err"
rc=$?
csv=$tmp/rocnan/cv_results.csv
[ $rc -eq 0 ] && [ -z "$(col "$csv" 1 split0_test_roc_auc)" ] && [ -z "$(col "$csv" 2 mean_test_roc_auc)" ] && [ -n "$(col "$csv" 1 split0_test_accuracy)" ] \
  && ok "multiclass roc_auc: NaN (empty cells), accuracy scored" || { bad "multiclass roc_auc NaN: exit $rc"; cat "$tmp/rocnan.err"; }
mkroc roczero '"error_score": -1,'
"$bin" search "$tmp/roczero.json" --quiet --out "$tmp/roczero" > /dev/null 2>&1
[ "$(col "$tmp/roczero/cv_results.csv" 2 split1_test_roc_auc)" = -1.0 ] && ok "multiclass roc_auc: numeric error_score recorded" \
  || bad "multiclass roc_auc with error_score -1: $(col "$tmp/roczero/cv_results.csv" 2 split1_test_roc_auc)"
mkroc rocraise '"error_score": "raise",'
"$bin" search "$tmp/rocraise.json" --quiet --out "$tmp/rocraise" > /dev/null 2> "$tmp/rocraise.err"
rc=$?
[ $rc -eq 1 ] && grep -q "scoring failed: roc_auc is undefined on this fold's labels" "$tmp/rocraise.err" \
  && ok "multiclass roc_auc with error_score raise: exit 1 naming the scorer" || { bad "roc_auc raise: exit $rc"; cat "$tmp/rocraise.err"; }

[ $fail -eq 0 ] && echo "error_score: all checks passed"
exit $fail
