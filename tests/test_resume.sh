#!/usr/bin/env bash
# test_resume.sh BINARY CSVCMP SRCDIR [LAUNCH...]: interrupt a search with
# SIGTERM and SIGKILL at several points, resume it, and check the final
# cv_results.csv equals an uninterrupted run's (timing columns aside); check
# the journal's refusals (torn/corrupt records, another config, another
# dataset, an unfinished journal without --resume). LAUNCH (e.g. "mpirun -np
# 2 --oversubscribe") prefixes every search command when given.
set -u
bin=$1 csvcmp=$2 src=$3
shift 3
launch=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
timing=mean_fit_time,std_fit_time,mean_score_time,std_score_time

# Signals as a batch system delivers them: without a launcher to the process;
# under mpirun TERM goes to every rank (as srun does; mpirun itself forwards
# it only after about a second and then exits 1), and KILL takes every rank
# and mpirun down at once, as a dead node or a wall-time kill does.
start_run() { # out-dir: runs the search in the background
  run_out=$1
  "${launch[@]}" "$bin" search "$cfg" --threads 1 --quiet --out "$1" > "$1.stdout" 2> "$1.stderr" &
  run_pid=$!
}
signal_run() { # SIG: to the ranks (processes named gridsearch) of the run, and to the launcher on KILL
  if [ ${#launch[@]} -eq 0 ]; then kill -"$1" "$run_pid"; return; fi
  local p ranks=
  for p in $(pgrep -f -- "--out $run_out\$"); do
    [ "$(ps -o comm= -p "$p")" = gridsearch ] && ranks="$ranks $p"
  done
  [ -n "$ranks" ] && kill -"$1" $ranks
  [ "$1" = KILL ] && kill -KILL "$run_pid"
}

# the search: digits_wide (190 fits, a couple of seconds on one thread)
cfg=$src/configs/digits_wide.json
"${launch[@]}" "$bin" search "$cfg" --threads 1 --quiet --out "$tmp/ref" > "$tmp/ref.stdout" 2>&1 || { bad "reference run"; cat "$tmp/ref.stdout"; exit 1; }
total=$(grep -c '^T ' "$tmp/ref/journal")
[ "$total" = 190 ] && ok "journal of a full run has 190 task records" || bad "journal records: $total"

# wait until the journal holds at least N task records (an event; the bound,
# 600 s, only keeps a broken run from hanging the suite)
wait_records() {
  for _ in $(seq 30000); do
    [ -f "$1" ] && [ "$(grep -c '^T ' "$1" 2>/dev/null)" -ge "$2" ] && return 0
    sleep 0.02
  done
  return 1
}

interrupt_and_resume() { # signal records label
  local sig=$1 at=$2 out=$tmp/$3
  start_run "$out"
  local pid=$run_pid
  wait_records "$out/journal" "$at" || { bad "$3: journal did not grow"; signal_run KILL; return; }
  signal_run "$sig"
  wait $pid 2>/dev/null
  local rc=$?
  local n; n=$(grep -c '^T ' "$out/journal")
  if [ "$sig" = TERM ]; then
    [ $rc -eq 3 ] && ok "$3: SIGTERM exits with status 3" || bad "$3: SIGTERM exit status $rc"
    grep -q -- "--resume" "$out.stderr" && ok "$3: says how to resume" || { bad "$3: no resume hint"; cat "$out.stderr"; }
  fi
  [ ! -e "$out/cv_results.csv" ] && ok "$3: no cv_results.csv after the interruption" || bad "$3: cv_results.csv present after the interruption"
  [ "$n" -ge "$at" ] && [ "$n" -lt 190 ] && ok "$3: journal kept $n finished tasks" || bad "$3: journal has $n tasks"
  "${launch[@]}" "$bin" search "$cfg" --threads 1 --out "$out" --resume > "$out.stdout2" 2> "$out.stderr2"
  rc=$?
  [ $rc -eq 0 ] && ok "$3: resumed run exits 0" || { bad "$3: resume exit $rc"; cat "$out.stderr2"; }
  grep -q "resuming: $n of 190 tasks already done" "$out.stderr2" && ok "$3: resume skipped the $n done tasks" || { bad "$3: resume message"; head -3 "$out.stderr2"; }
  "$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > "$out.cmp" && ok "$3: CSV equals the uninterrupted run's" || { bad "$3: CSV differs"; cat "$out.cmp"; }
  cmp -s "$out.stdout2" "$tmp/ref.stdout" && ok "$3: stdout equals the uninterrupted run's" || bad "$3: stdout differs"
}
interrupt_and_resume TERM 5 term_early
interrupt_and_resume TERM 60 term_late
interrupt_and_resume KILL 10 kill_early
interrupt_and_resume KILL 70 kill_late

# a torn last record (a write cut short) is dropped; the run completes
out=$tmp/torn
start_run "$out"; wait_records "$out/journal" 20; signal_run KILL; wait $run_pid 2>/dev/null
n=$(grep -c '^T ' "$out/journal")
head -c -7 "$out/journal" > "$out/j" && mv "$out/j" "$out/journal"
"${launch[@]}" "$bin" search "$cfg" --threads 1 --out "$out" --resume > /dev/null 2> "$out.err"
rc=$?
[ $rc -eq 0 ] && grep -q "resuming: $((n - 1)) of 190" "$out.err" && ok "torn last record dropped ($((n - 1)) kept)" || { bad "torn record: exit $rc"; head -3 "$out.err"; }
"$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > /dev/null && ok "torn: CSV equals the uninterrupted run's" || bad "torn: CSV differs"

# a corrupt record before the end is refused (exit 2, place named)
out=$tmp/corrupt
start_run "$out"; wait_records "$out/journal" 20; signal_run KILL; wait $run_pid 2>/dev/null
sed -i '3s/^T \([0-9]*\) 0 /T \1 0 9/' "$out/journal"
"${launch[@]}" "$bin" search "$cfg" --threads 1 --out "$out" --resume > /dev/null 2> "$out.err"
rc=$?
[ $rc -eq 2 ] && grep -q "journal:3: corrupt journal record" "$out.err" && ok "corrupt middle record refused with its line" || { bad "corrupt record: exit $rc"; cat "$out.err"; }

# an unfinished journal is not overwritten by a run without --resume
start_run "$tmp/torn2"; wait_records "$tmp/torn2/journal" 10; signal_run KILL; wait $run_pid 2>/dev/null
"${launch[@]}" "$bin" search "$cfg" --threads 1 --out "$tmp/torn2" > /dev/null 2> "$tmp/fresh.err"
rc=$?
[ $rc -eq 2 ] && grep -q "rerun with --resume" "$tmp/fresh.err" && ok "unfinished journal kept without --resume" || { bad "unfinished journal: exit $rc"; cat "$tmp/fresh.err"; }

# a journal of another config (changed grid) is refused
sed 's/"C": \[1, 10\]}$/"C": [1, 100]}/' "$cfg" > "$tmp/other.json"
sed -i 's#"dataset": "digits"#"dataset": "digits"#' "$tmp/other.json"
cmp -s "$cfg" "$tmp/other.json" && bad "test set-up: config not changed"
"${launch[@]}" "$bin" search "$tmp/other.json" --threads 1 --out "$tmp/torn2" --resume > /dev/null 2> "$tmp/other.err"
rc=$?
[ $rc -eq 2 ] && grep -q "belongs to a different search" "$tmp/other.err" && ok "journal of another config refused" || { bad "other config: exit $rc"; cat "$tmp/other.err"; }

# a journal of another dataset (same config, data changed) is refused
mkdir -p "$tmp/data"
head -600 "$src/data/digits.csv" > "$tmp/data/d.csv"
cat > "$tmp/data/c.json" <<JSON
{"dataset": {"path": "d.csv", "format": "csv"}, "cv": 3, "param_grid": {"kernel": ["linear"], "C": [1, 10, 100, 1000, 10000]}}
JSON
"${launch[@]}" "$bin" search "$tmp/data/c.json" --threads 1 --out "$tmp/dd" --quiet > /dev/null 2>&1 || bad "small dataset run"
sed -i '1s/^0,0,5/0,0,6/' "$tmp/data/d.csv"
rm -f "$tmp/dd/cv_results.csv"; head -5 "$tmp/dd/journal" > "$tmp/dd/j" && mv "$tmp/dd/j" "$tmp/dd/journal"
"${launch[@]}" "$bin" search "$tmp/data/c.json" --threads 1 --out "$tmp/dd" --resume > /dev/null 2> "$tmp/dd.err"
rc=$?
[ $rc -eq 2 ] && grep -q "belongs to a different search" "$tmp/dd.err" && ok "journal of another dataset refused" || { bad "other dataset: exit $rc"; cat "$tmp/dd.err"; }

# --resume without a journal starts afresh
"${launch[@]}" "$bin" search "$tmp/data/c.json" --threads 1 --out "$tmp/fresh" --resume --quiet > /dev/null 2>&1 && [ -s "$tmp/fresh/cv_results.csv" ] && ok "--resume with no journal starts afresh" || bad "--resume with no journal"

[ $fail -eq 0 ] && echo "resume: all checks passed"
exit $fail
