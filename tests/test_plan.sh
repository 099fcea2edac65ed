#!/usr/bin/env bash
# test_plan.sh BINARY: validate's memory plan for a k-class search fitted
# pair by pair counts the largest buffers any pair needs, not only the
# largest pair's: here the largest pairs (class 0 with another) are too big
# for a precomputed block and fall back on LIBSVM's own kernels (a few
# hundred KB of nodes), while the pair of classes 1 and 2 (about 480
# training rows) gets a precomputed block of 480 x 482 x 16 bytes, 3.5 MB.
# (shuttle at 58,000 rows: validate said 475 MB per rank, the run took
# 1.9 GB, for the same reason.) With two C values and every pair's block
# precomputed, the plan adds a fold's training kernel shared by both (640
# training rows, with room for 26 more so the folds reuse one buffer: 666 x
# 667 / 2 doubles, 1.7 MB) when the budget has room, the search computes
# it once per fold and the other C takes it, and the scores are those of a
# search without it.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

# 1,200 rows of class 0, 400 of class 1, 200 of class 2; 4 features of noise
awk 'BEGIN { srand(3); for (i = 0; i < 1800; i++) { c = i < 1200 ? 0 : i < 1600 ? 1 : 2; s = "";
  for (j = 0; j < 4; j++) s = s sprintf("%.4f,", c + rand()); print s c } }' > "$tmp/three.csv"
cat > "$tmp/plan.json" <<JSON
{"dataset": {"path": "$tmp/three.csv", "format": "csv"}, "test_size": 0.2, "random_state": 0, "cv": 3,
 "svm": {"cache_size": 1}, "scoring": "accuracy", "param_grid": {"kernel": ["rbf"], "C": [1], "gamma": [0.5]}}
JSON
# a budget of 8 MB on one thread: blocks of up to 4 MB (np (np + 2) 16 bytes: np <= 511)
"$bin" validate "$tmp/plan.json" --threads 1 --memory-limit-mb 8 > "$tmp/validate.txt" 2>&1
rc=$?
line=$(grep '^kernels: pair by pair' "$tmp/validate.txt")
per_thread=$(sed -n 's/.* 1 threads x \([0-9.]*\) MB.*/\1/p' <<< "$line")
[ $rc -eq 0 ] && [ -n "$per_thread" ] && grep -Eq 'the largest pair 12[0-9]{2} rows, its kernel by LIBSVM' <<< "$line" \
  && ok "validate plans pair by pair; the largest pair (about 1,280 rows) on LIBSVM's own kernels" \
  || { bad "validate's pair plan: exit $rc"; cat "$tmp/validate.txt"; }
awk -v m="$per_thread" 'BEGIN { exit !(m >= 3.5) }' \
  && ok "a thread's share ($per_thread MB) holds the 480-row pair's 3.5 MB precomputed block" \
  || { bad "a thread's share is $per_thread MB, under the 480-row pair's 3.5 MB block"; cat "$tmp/validate.txt"; }
"$bin" search "$tmp/plan.json" --threads 1 --memory-limit-mb 8 --quiet --out "$tmp/out" > /dev/null 2> "$tmp/search.err"
rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/out/cv_results.csv" ] && ok "the search runs within that plan" \
  || { bad "search: exit $rc"; cat "$tmp/search.err"; }

# two C values where the pairs are not all precomputed (class 0's): no
# shared kernel, whatever the budget
sed 's/"C": \[1\]/"C": [1, 10]/' "$tmp/plan.json" > "$tmp/two.json"
"$bin" validate "$tmp/two.json" --threads 1 --memory-limit-mb 12 > "$tmp/validate2.txt" 2>&1
grep '^kernels: pair by pair' "$tmp/validate2.txt" | grep -vq shared \
  && ok "two C values, pairs on LIBSVM's own kernels: no shared kernel" \
  || { bad "a shared kernel most of which no pair would use"; cat "$tmp/validate2.txt"; }
! grep -q shared "$tmp/validate.txt" && ok "one C value: none" || bad "a shared kernel for a single C"
# 3 x 400 rows: every pair (about 427 rows of a fold) precomputed
awk 'BEGIN { srand(5); for (i = 0; i < 1200; i++) { c = i % 3; s = "";
  for (j = 0; j < 4; j++) s = s sprintf("%.4f,", c + rand()); print s c } }' > "$tmp/even.csv"
sed "s|$tmp/three.csv|$tmp/even.csv|" "$tmp/two.json" > "$tmp/even.json"
"$bin" validate "$tmp/even.json" --threads 1 --memory-limit-mb 12 > "$tmp/validate3.txt" 2>&1
grep -q '^kernels: pair by pair.* + 1 fold training kernel of 1\.7 MB shared by C values (limit 12 MB)$' "$tmp/validate3.txt" \
  && ok "with 12 MB, validate plans one shared fold training kernel of 1.7 MB" \
  || { bad "validate's shared kernel plan"; cat "$tmp/validate3.txt"; }
"$bin" validate "$tmp/even.json" --threads 1 --memory-limit-mb 6 > "$tmp/validate4.txt" 2>&1
grep '^kernels: pair by pair' "$tmp/validate4.txt" | grep -vq shared \
  && ok "with 6 MB, none" || { bad "a shared kernel over the budget"; cat "$tmp/validate4.txt"; }
"$bin" search "$tmp/even.json" --threads 1 --memory-limit-mb 12 --out "$tmp/shared" > /dev/null 2> "$tmp/shared.err"
rc=$?
[ $rc -eq 0 ] && grep -q '^gridsearch: fold training kernels on rank 0: 3 built, 3 reused$' "$tmp/shared.err" \
  && ok "the search computes it once per fold, and the second C takes it" \
  || { bad "shared kernels: exit $rc"; cat "$tmp/shared.err"; }
"$bin" search "$tmp/even.json" --threads 1 --memory-limit-mb 6 --out "$tmp/own" > /dev/null 2> "$tmp/own.err"
! grep -q 'fold training kernels' "$tmp/own.err" && [ -s "$tmp/own/cv_results.csv" ] \
  && cmp -s <(cut -d, -f5- "$tmp/own/cv_results.csv") <(cut -d, -f5- "$tmp/shared/cv_results.csv") \
  && ok "without it, the same cv_results scores" || { bad "scores with and without the shared kernel differ"; cat "$tmp/own.err"; }
exit $fail
