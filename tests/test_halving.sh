#!/usr/bin/env bash
# test_halving.sh BINARY CSVCMP SRCDIR: a successive-halving search killed
# (SIGKILL) in its second iteration resumes at the task where it stopped and
# ends with the cv_results.csv (timing columns aside), stdout and best
# candidate of an uninterrupted run; a journal of another halving seed is
# refused.
set -u
bin=$1 csvcmp=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
jsonget=$(dirname "$csvcmp")/jsonget

cfg=$tmp/halving.json
cat > "$cfg" <<JSON
{"name": "halving_resume", "dataset": "digits", "test_size": 0.25, "random_state": 0, "cv": 3,
 "search": {"strategy": "halving", "factor": 3, "random_state": 7},
 "scoring": "accuracy",
 "param_grid": [{"kernel": ["rbf"], "gamma": [0.0001, 0.0005, 0.001, 0.005, 0.01, "scale"], "C": [0.1, 1, 10, 100]},
                {"kernel": ["poly"], "degree": [2], "gamma": ["scale"], "C": [0.01, 1, 100]},
                {"kernel": ["linear"], "C": [0.001, 0.1, 10]}]}
JSON
# the plan, from validate: iteration 0's and 1's candidates
"$bin" validate "$cfg" > "$tmp/validate.txt" || { bad "validate"; cat "$tmp/validate.txt"; exit 1; }
n0=$(awk '$1 == "iter" && $2 == "0:" {print $3}' "$tmp/validate.txt")
n1=$(awk '$1 == "iter" && $2 == "1:" {print $3}' "$tmp/validate.txt")
[ -n "$n0" ] && [ -n "$n1" ] && ok "validate plans iterations of $n0 and $n1 candidates" || { bad "no plan in validate"; exit 1; }
first1=$((n0 * 3)) end1=$(((n0 + n1) * 3))

"$bin" search "$cfg" --threads 1 --out "$tmp/ref" > "$tmp/ref.stdout" 2> "$tmp/ref.stderr" || { bad "reference run"; cat "$tmp/ref.stderr"; exit 1; }
grep -q "^gridsearch: halving: iter 0: $n0 candidates x [0-9]* rows; iter 1: $n1 candidates x " "$tmp/ref.stderr" \
  && ok "the run's summary lists the iterations" || { bad "no iterations in the summary"; tail -3 "$tmp/ref.stderr"; }
total=$(grep -c '^T ' "$tmp/ref/journal")

# wait (an event: a journal record of iteration 1's tasks, ids first1 ..
# end1 - 1; the bound only keeps a broken run from hanging the suite)
in_round2() { [ -f "$1" ] && awk -v a="$first1" -v b="$end1" '$1 == "T" && $2 >= a && $2 < b {f = 1} END {exit !f}' "$1"; }
"$bin" search "$cfg" --threads 1 --quiet --out "$tmp/run" > "$tmp/run.stdout" 2> "$tmp/run.stderr" &
pid=$!
for _ in $(seq 30000); do in_round2 "$tmp/run/journal" && break; kill -0 $pid 2>/dev/null || break; sleep 0.02; done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
done_n=$(grep -c '^T ' "$tmp/run/journal")
if in_round2 "$tmp/run/journal" && [ "$done_n" -lt "$total" ]; then
  ok "killed in iteration 1 with $done_n of $total tasks journalled"
else
  bad "the kill did not land in iteration 1 ($done_n of $total tasks journalled)"
fi
"$bin" search "$cfg" --threads 2 --quiet --out "$tmp/run" --resume > "$tmp/resumed.stdout" 2> "$tmp/resumed.stderr" \
  && ok "resumed run exits 0" || { bad "resumed run: exit $?"; cat "$tmp/resumed.stderr"; }
after=$(grep -c '^T ' "$tmp/run/journal")
[ "$after" -eq "$total" ] && ok "the resumed run added only the $((total - done_n)) missing tasks" \
  || bad "journal has $after task records after the resume, want $total"
"$csvcmp" "$tmp/run/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore "$timing" > "$tmp/cmp.txt" \
  && ok "resumed cv_results.csv equals the uninterrupted run's (iter, n_resources, splits, means, ranks)" \
  || { bad "resumed cv_results.csv differs"; head -10 "$tmp/cmp.txt"; }
cmp -s "$tmp/resumed.stdout" "$tmp/ref.stdout" && ok "resumed stdout equals the uninterrupted run's" || bad "resumed stdout differs"
[ "$("$jsonget" "$tmp/run/run.json" best_index)" = "$("$jsonget" "$tmp/ref/run.json" best_index)" ] \
  && ok "resumed best_index equals the uninterrupted run's" || bad "best_index differs"

# another subsampling seed is another search: its digest refuses the journal
sed 's/"random_state": 7/"random_state": 8/' "$cfg" > "$tmp/other.json"
cp -r "$tmp/run" "$tmp/other"
rm -f "$tmp/other/cv_results.csv"
"$bin" search "$tmp/other.json" --threads 1 --quiet --out "$tmp/other" --resume > /dev/null 2> "$tmp/other.stderr"
rc=$?
[ $rc -eq 2 ] && grep -q "digest\|another" "$tmp/other.stderr" && ok "a journal of another halving seed is refused (exit 2)" \
  || { bad "other seed's resume: exit $rc"; cat "$tmp/other.stderr"; }
exit $fail
