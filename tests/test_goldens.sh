#!/usr/bin/env bash
# test_goldens.sh BINARY CSVCMP SRCDIR [THREADS]: every config under
# tests/golden/configs must print exactly scikit-learn's report and write its
# cv_results within 1e-9 (goldens made by tests/golden/make_goldens.py).
set -u
bin=$1 csvcmp=$2 src=$3 threads=${4:-2}
g=$src/tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
# loguniform draws use np.power, which numpy 1.24 computes with SVML's
# AVX-512 pow where the CPU has AVX512_SKX (as the goldens' machine) and with
# libm's pow elsewhere; gridsearch follows numpy, so on a CPU without it those
# goldens are not what numpy would draw there and are skipped, saying so
svml=1
"$bin" --version | grep -q '^np.power: SVML' || svml=0
for cfg in "$g"/configs/*.json; do
  name=$(basename "$cfg" .json)
  n=$((n + 1))
  if [ $svml -eq 0 ] && grep -q loguniform "$cfg"; then
    echo "skip $name: drawn with SVML's AVX-512 pow, which this CPU lacks (gridsearch uses libm's pow here, as numpy would)"
    continue
  fi
  if ! "$bin" search "$cfg" --threads "$threads" --quiet --out "$tmp/$name" > "$tmp/$name.stdout" 2> "$tmp/$name.stderr"; then
    echo "FAIL $name: exit status $?"; cat "$tmp/$name.stderr"; fail=1; continue
  fi
  if diff "$tmp/$name.stdout" "$g/expected/$name.stdout" > "$tmp/$name.diff"; then echo "ok   $name: stdout equals scikit-learn's"
  else echo "FAIL $name: stdout differs"; head -20 "$tmp/$name.diff"; fail=1; fi
  if "$csvcmp" "$tmp/$name/cv_results.csv" "$g/expected/$name.csv" --ignore mean_fit_time,std_fit_time,mean_score_time,std_score_time > "$tmp/$name.cmp"
  then echo "ok   $name: cv_results.csv equals scikit-learn's within 1e-9"
  else echo "FAIL $name: cv_results.csv differs"; head -20 "$tmp/$name.cmp"; fail=1; fi
  if [ -f "$g/expected/$name.best" ]; then # "refit": "<scorer>": GridSearchCV's best_index_ and best_score_
    jsonget=$(dirname "$csvcmp")/jsonget
    want_i=$(awk '$1 == "best_index" {print $2}' "$g/expected/$name.best")
    want_s=$(awk '$1 == "best_score" {print $2}' "$g/expected/$name.best")
    got_i=$("$jsonget" "$tmp/$name/run.json" best_index)
    got_s=$("$jsonget" "$tmp/$name/run.json" best_score)
    if [ "$got_i" = "$want_i" ] && awk -v a="$got_s" -v b="$want_s" 'BEGIN { d = a - b; exit !(d <= 1e-9 && d >= -1e-9) }' \
       && [ -n "$("$jsonget" "$tmp/$name/run.json" refit_time)" ] && [ "$(ls "$tmp/$name"/model_*.model | wc -l)" -eq 1 ]
    then echo "ok   $name: best_index $got_i, best_score, refit_time in run.json; one model file"
    else echo "FAIL $name: run.json best_index $got_i (want $want_i), best_score $got_s (want $want_s)"; fail=1; fi
  fi
  if [ -f "$g/expected/$name.halving" ]; then # successive halving: best_index_ (last iteration), rounds
    jsonget=$(dirname "$csvcmp")/jsonget
    ok=1
    for key in best_index n_resources n_candidates; do
      want=$(awk -v k=$key '$1 == k {$1 = ""; sub(/^ /, ""); gsub(/ /, ","); print}' "$g/expected/$name.halving")
      case $key in
        best_index) got=$("$jsonget" "$tmp/$name/run.json" best_index) ;;
        *) got=$("$jsonget" "$tmp/$name/run.json" "search.${key}_" | tr -d '[]') ;;
      esac
      [ "$got" = "$want" ] || { echo "FAIL $name: run.json $key is $got, scikit-learn's $want"; ok=0; fail=1; }
    done
    want_s=$(awk '$1 == "best_score" {print $2}' "$g/expected/$name.halving")
    got_s=$("$jsonget" "$tmp/$name/run.json" best_score)
    awk -v a="$got_s" -v b="$want_s" 'BEGIN { d = a - b; exit !(d <= 1e-9 && d >= -1e-9) }' \
      || { echo "FAIL $name: best_score $got_s, scikit-learn's $want_s"; ok=0; fail=1; }
    [ $ok -eq 1 ] && echo "ok   $name: best_index_, best_score_, n_resources_, n_candidates_ equal scikit-learn's"
  fi
done
[ $n -ge 10 ] || { echo "FAIL only $n golden configs found"; fail=1; }
[ $fail -eq 0 ] && echo "goldens: $n configs equal scikit-learn's"
exit $fail
