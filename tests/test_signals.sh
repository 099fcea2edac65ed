#!/usr/bin/env bash
# test_signals.sh BINARY CSVCMP SIGPENDING SRCDIR: the stop signals at the
# edges of a search (one process, no MPI):
# - TERM, INT or USR1 already pending when gridsearch starts (sigpending runs
#   it so: the signal "came at its first instruction"): status 3 and how to
#   resume, never the default 128 + N;
# - TERM during the refit (every task done; the refit slowed down with the
#   test option --test-refit-delay): as the docs say, the refit in flight
#   finishes, status 3, no reports; --resume then refits only and its CSV
#   equals an uninterrupted run's;
# - TERM during the refit with --grace 1: the grace period ends it (3).
# Every wait is on an event (a journal line); nothing sleeps a fixed time.
set -u
bin=$1 csvcmp=$2 sigpending=$3 src=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
cfg=$src/configs/digits_wide.json

"$bin" search "$cfg" --threads 2 --quiet --out "$tmp/ref" > "$tmp/ref.stdout" 2>&1 || { bad "reference run"; exit 1; }

# 1. a signal before any work: status 3 with how to resume
for sig in TERM INT USR1; do
  out=$tmp/early_$sig
  "$sigpending" "$sig" "$bin" search "$cfg" --threads 1 --out "$out" > /dev/null 2> "$out.err"
  rc=$?
  num=$(kill -l "$sig")
  [ $rc -eq 3 ] && ok "$sig at the first instruction: exit 3" || { bad "$sig at the first instruction: exit $rc (want 3)"; cat "$out.err"; }
  grep -q "^gridsearch: interrupted by signal $num: 0 of 190 tasks done" "$out.err" && grep -q -- "--out $out --resume" "$out.err" \
    && ok "$sig at the first instruction: says no task ran and how to resume" || { bad "$sig early: message"; cat "$out.err"; }
  [ ! -e "$out/cv_results.csv" ] && ok "$sig at the first instruction: no cv_results.csv" || bad "$sig early: cv_results.csv written"
done
# the early stop resumes into the full search
"$bin" search "$cfg" --threads 1 --quiet --out "$tmp/early_TERM" --resume > /dev/null 2>&1 \
  && "$csvcmp" "$tmp/early_TERM/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > /dev/null \
  && ok "the early stop resumes to the uninterrupted run's CSV" || bad "resume after the early stop"

# 1b. GRIDSEARCH_SIGNAL_FILE (the job scripts' record of a signal that came
# before srun's step existed): the file there counts as a USR1 at the start,
# with --grace applied; a signal already pending is not doubled (a second
# signal would end the run at once); no file, no stop
touch "$tmp/signal_file"
out=$tmp/sigfile
GRIDSEARCH_SIGNAL_FILE=$tmp/signal_file "$bin" search "$cfg" --threads 1 --out "$out" > /dev/null 2> "$out.err"
rc=$?
[ $rc -eq 3 ] && grep -q "^gridsearch: interrupted by signal 10: 0 of 190 tasks done" "$out.err" \
  && ok "GRIDSEARCH_SIGNAL_FILE present: stopped at the start as by USR1 (exit 3, how to resume)" || { bad "signal file: exit $rc"; cat "$out.err"; }
out=$tmp/sigfile_grace0
GRIDSEARCH_SIGNAL_FILE=$tmp/signal_file "$bin" search "$cfg" --threads 1 --grace 0 --out "$out" > /dev/null 2> "$out.err"
rc=$?
[ $rc -eq 3 ] && grep -q "^gridsearch: grace period over" "$out.err" \
  && ok "GRIDSEARCH_SIGNAL_FILE with --grace 0: the option holds (no grace: it leaves at once)" || { bad "signal file, --grace 0: exit $rc"; cat "$out.err"; }
out=$tmp/sigfile_pending
GRIDSEARCH_SIGNAL_FILE=$tmp/signal_file "$sigpending" TERM "$bin" search "$cfg" --threads 1 --out "$out" > /dev/null 2> "$out.err"
rc=$?
[ $rc -eq 3 ] && grep -q "^gridsearch: interrupted by signal 15: 0 of 190 tasks done" "$out.err" && ! grep -q "grace period over" "$out.err" \
  && ok "GRIDSEARCH_SIGNAL_FILE with a TERM already pending: one stop (TERM's), not two" || { bad "signal file + pending TERM: exit $rc"; cat "$out.err"; }
out=$tmp/sigfile_absent
GRIDSEARCH_SIGNAL_FILE=$tmp/no_such_file "$bin" search "$cfg" --threads 2 --quiet --out "$out" > /dev/null 2> "$out.err"
rc=$?
[ $rc -eq 0 ] && "$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > /dev/null \
  && ok "GRIDSEARCH_SIGNAL_FILE naming no file: the search runs to the end" || { bad "absent signal file: exit $rc"; cat "$out.err"; }

# 2. TERM during the refit, default grace: the refit finishes, exit 3, no reports
out=$tmp/refit
"$bin" search "$cfg" --threads 1 --test-refit-delay 5 --out "$out" > "$out.stdout" 2> "$out.err" &
pid=$!
wait_records "$out/journal" 190 || bad "refit: the journal never held the 190 tasks"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 3 ] && ok "TERM during the refit: exit 3" || { bad "TERM during the refit: exit $rc (want 3)"; cat "$out.err"; }
grep -q "^gridsearch: interrupted by signal 15: 190 of 190 tasks done" "$out.err" \
  && ok "TERM during the refit: every task saved, how to resume said" || { bad "refit: message"; cat "$out.err"; }
grep -q "grace period over" "$out.err" && bad "refit: the refit in flight was cut (grace period)" || ok "refit: the refit in flight finished within the grace period"
[ ! -e "$out/cv_results.csv" ] && [ ! -e "$out/report.md" ] && ok "TERM during the refit: no reports written" || bad "refit: reports written after the interruption"
"$bin" search "$cfg" --threads 1 --out "$out" --resume > "$out.stdout2" 2> "$out.err2"
rc=$?
[ $rc -eq 0 ] && grep -q "resuming: 190 of 190 tasks already done" "$out.err2" && ok "--resume after it refits only and exits 0" \
  || { bad "resume after the refit stop: exit $rc"; cat "$out.err2"; }
"$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > "$out.cmp" && ok "its CSV equals the uninterrupted run's" || { bad "refit resume: CSV differs"; cat "$out.cmp"; }
cmp -s "$out.stdout2" "$tmp/ref.stdout" && ok "its report equals the uninterrupted run's" || bad "refit resume: stdout differs"

# 3. TERM during a refit longer than the grace period: the grace period ends it.
# The journal's 190th record comes just before the refit starts; a TERM that
# lands in between stops the run before any refit (exit 3, no "grace period
# over"), which tests nothing here: that try is void and made again.
for try in 1 2 3; do
  out=$tmp/refit_grace$try
  "$bin" search "$cfg" --threads 1 --test-refit-delay 600 --grace 1 --out "$out" > /dev/null 2> "$out.err" &
  pid=$!
  wait_records "$out/journal" 190 || bad "refit grace: the journal never held the 190 tasks"
  kill -TERM $pid
  wait $pid
  rc=$?
  [ $rc -eq 3 ] && ! grep -q "grace period over" "$out.err" && [ $try -lt 3 ] && continue
  break
done
[ $rc -eq 3 ] && grep -q "grace period over; tasks in flight are lost, finished ones are in the journal" "$out.err" \
  && ok "TERM during a long refit with --grace 1: exit 3 when the grace period ends" || { bad "refit grace: exit $rc"; cat "$out.err"; }
[ "$(grep -c '^T ' "$out/journal")" -eq 190 ] && ok "refit grace: the journal keeps the 190 tasks" || bad "refit grace: journal"

# 4. TERM while rank 0 writes the reports of a finished search: nothing is in
# flight, so it leaves at once (3) even with --grace 600, saying how to write
# them; --resume then writes them. The event: stdout is a pipe that is read
# only after the signal, so the report print is held in the reports phase
# (its 2,500 score lines are more than a pipe holds) until then.
awk 'BEGIN { for (i = 0; i < 24; i++) printf "%d,%d,%d\n", i % 5, (i * 7) % 11, i % 2 }' > "$tmp/d24.csv"
awk 'BEGIN { printf "{\"name\": \"rep\", \"dataset\": {\"path\": \"d24.csv\"}, \"test_size\": 0.25, \"cv\": 3, \"param_grid\": {\"C\": [";
             for (i = 0; i < 50; i++) printf "%s%d", i ? ", " : "", i + 1;
             printf "], \"gamma\": ["; for (i = 0; i < 50; i++) printf "%s%d", i ? ", " : "", i + 1; printf "]}}\n" }' > "$tmp/rep.json"
out=$tmp/rep
mkfifo "$tmp/rep.pipe"
"$bin" search "$tmp/rep.json" --threads 2 --grace 600 --out "$out" > "$tmp/rep.pipe" 2> "$out.err" &
pid=$!
exec 7< "$tmp/rep.pipe" # the reader end, read from only after the signal
for _ in $(seq 30000); do grep -q '^E ' "$out/journal" 2>/dev/null && break; sleep 0.02; done
kill -TERM $pid
cat <&7 > /dev/null
exec 7<&-
wait $pid
rc=$?
[ $rc -eq 3 ] && grep -q "interrupted while writing the reports; every task is saved in" "$out.err" \
  && grep -q -- "--resume" "$out.err" && ! grep -q "grace period over" "$out.err" \
  && ok "TERM while the reports are written: exit 3 at once, how to write them said" || { bad "TERM in the reports: exit $rc"; cat "$out.err"; }
"$bin" search "$tmp/rep.json" --threads 2 --out "$out" --resume > /dev/null 2> "$out.err2"
rc=$?
[ $rc -eq 0 ] && [ "$(($(wc -l < "$out/cv_results.csv") - 1))" -eq 2500 ] && ok "--resume after it writes the reports (2,500 rows)" \
  || { bad "resume after the reports stop: exit $rc"; cat "$out.err2"; }

# the test option is checked like the others
"$bin" search "$cfg" --test-refit-delay x > /dev/null 2> "$tmp/opt.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmp/opt.err")" -eq 1 ] && ok "--test-refit-delay x: exit 2, one line" || { bad "--test-refit-delay x: exit $rc"; cat "$tmp/opt.err"; }

[ $fail -eq 0 ] && echo "signals: all checks passed"
exit $fail
