#!/usr/bin/env bash
# test_seed.sh BINARY CSVCMP SRCDIR: the seed search (configs/digits_svc.json)
# must print scikit-learn's report and write its cv_results within 1e-9, for
# the thread counts given in GS_SEED_THREADS (default "1 2").
set -u
bin=$1 csvcmp=$2 src=$3
ref=$src/tests/data/reference
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for t in ${GS_SEED_THREADS:-1 2}; do
  out=$tmp/t$t
  if ! "$bin" search "$src/configs/digits_svc.json" --threads "$t" --quiet --out "$out" > "$out.stdout" 2> "$out.stderr"; then
    echo "FAIL threads=$t: exit status $?"; cat "$out.stderr"; fail=1; continue
  fi
  if ! diff <(sed 's/^# Tuning hyper-parameters for precision_macro$/# Tuning hyper-parameters for precision/;s/^# Tuning hyper-parameters for recall_macro$/# Tuning hyper-parameters for recall/' "$out.stdout") "$ref/seed_digits_stdout.txt"; then
    echo "FAIL threads=$t: stdout differs from scikit-learn's"; fail=1
  fi
  if ! "$csvcmp" "$out/cv_results.csv" "$ref/seed_digits_cv_results.csv" --subset --ignore params; then
    echo "FAIL threads=$t: cv_results.csv differs from scikit-learn's"; fail=1
  fi
  for f in report.md best_params.json journal; do
    [ -s "$out/$f" ] || { echo "FAIL threads=$t: $f missing"; fail=1; }
  done
  grep -q '"precision_macro": {"params": {"C": 10, "gamma": 0.001, "kernel": "rbf"}' "$out/best_params.json" || { echo "FAIL: best_params.json"; cat "$out/best_params.json"; fail=1; }
done
# identical CSVs apart from the timing columns, whatever the thread count
set -- $tmp/t*/cv_results.csv
first=$1; shift
for other in "$@"; do
  cut -d, -f5- "$first" > "$tmp/a.csv"; cut -d, -f5- "$other" > "$tmp/b.csv"
  cmp -s "$tmp/a.csv" "$tmp/b.csv" || { echo "FAIL: $other differs from $first beyond the timing columns"; fail=1; }
done
[ $fail -eq 0 ] && echo "seed search: stdout and cv_results equal scikit-learn's"
exit $fail
