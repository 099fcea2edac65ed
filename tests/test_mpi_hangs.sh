#!/usr/bin/env bash
# test_mpi_hangs.sh BINARY CSVCMP SRCDIR MPIRUN: the MPI jobs that used to
# hang for good end, non-zero, with a message naming the rank, and keep the
# journal:
# 1. a rank that cannot load its data (MPMD: rank 1 gets GRIDSEARCH_DATA=
#    /nonexistent): within 60 s, that rank's message, exit 2, journal kept;
# 2. a rank that prepared another search (another config): exit 2 naming it;
# 3. kill -STOP on rank 1 of `mpirun -np 3`, default liveness: ends within
#    60 s, exit 1, naming rank 1; --resume completes the search;
# 4. kill -STOP on rank 0 with --liveness 4: another rank names rank 0, and
#    rank 0, continued by mpirun's kill, blames no one else;
# 5. SIGTERM to rank 2 alone, --grace 600: rank 0 stops the job at once
#    (exit 3, "on rank 2"), not when rank 2's grace period ends; --resume
#    completes it.
# 6. a signal to every rank, rank 1's first (as srun forwards the time-limit
#    warning): rank 0 takes rank 1's stop message, then its own signal; that
#    signal is its first, not a second one: the run ends as interrupted
#    (exit 3) with its run record (R) in the journal, not "grace period over".
# 7. rank 1 paused (kill -STOP) once its part of a finished search is done,
#    continued while rank 0 says goodbye: exit 0, the full CSV (rank 0 waits
#    for rank 1's answer; under mpirun, MPI_Finalize waits for every rank
#    too, so the case where rank 0 has left is the Slurm test's).
# Every wait is on an event (a journal line, a process's state); a fault is
# injected only while the run still has tasks left (else it is retried);
# `timeout -s KILL 300` only keeps a hung job from hanging the suite.
set -u
bin=$1 csvcmp=$2 src=$3 mpirun=$4
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
launcher=
trap '[ -n "$launcher" ] && kill -9 $launcher 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
cfg=$src/configs/digits_wide.json
mpi=("$mpirun" --oversubscribe)

"$bin" search "$cfg" --threads 2 --quiet --out "$tmp/ref" > /dev/null 2>&1 || { bad "reference run"; exit 1; }

# 1. rank 1 without its data; an unfinished journal in the folder stays as it is
mkdir -p "$tmp/nodata"
"$bin" search "$cfg" --threads 1 --quiet --out "$tmp/part" --grace 0 > /dev/null 2>&1 &
p=$!
for _ in $(seq 30000); do [ "$(records "$tmp/part/journal")" -ge 5 ] && break; sleep 0.02; done
kill -TERM $p; wait $p
cp "$tmp/part/journal" "$tmp/journal.before"
start=$(date +%s.%N)
timeout 300 "${mpi[@]}" -np 1 "$bin" search "$cfg" --threads 1 --resume --out "$tmp/part" : \
  -np 1 -x GRIDSEARCH_DATA=/nonexistent "$bin" search "$cfg" --threads 1 --resume --out "$tmp/part" > /dev/null 2> "$tmp/nodata.err"
rc=$? took=$(elapsed "$start")
[ $rc -eq 2 ] && ok "a rank without its data: exit 2" || { bad "a rank without its data: exit $rc"; cat "$tmp/nodata.err"; }
awk -v t="$took" 'BEGIN { exit !(t < 60) }' && ok "it ended in ${took}s (< 60 s)" || bad "it took ${took}s"
grep -q "^gridsearch: rank 1: .*GRIDSEARCH_DATA is set but /nonexistent/digits.csv is not readable" "$tmp/nodata.err" \
  && ok "rank 0 prints rank 1's message, naming it" || { bad "rank 1's message"; cat "$tmp/nodata.err"; }
[ "$(grep -c '^gridsearch:' "$tmp/nodata.err")" -eq 1 ] && ok "one gridsearch line" || { bad "more than one gridsearch line"; cat "$tmp/nodata.err"; }
cmp -s "$tmp/part/journal" "$tmp/journal.before" && ok "the journal is kept as it was" || bad "the journal changed"

# 2. rank 1 prepared another search
sed 's/"C": \[1, 10\]}$/"C": [1, 100]}/' "$cfg" > "$tmp/other.json"
cmp -s "$cfg" "$tmp/other.json" && bad "test set-up: config not changed"
timeout 300 "${mpi[@]}" -np 1 "$bin" search "$cfg" --threads 1 --out "$tmp/mixed" : \
  -np 1 "$bin" search "$tmp/other.json" --threads 1 --out "$tmp/mixed" > /dev/null 2> "$tmp/mixed.err"
rc=$?
[ $rc -eq 2 ] && grep -q "^gridsearch: rank 1 prepared another search than rank 0 (digest [0-9a-f]*, rank 0: [0-9a-f]*)" "$tmp/mixed.err" \
  && ok "a rank with another config: exit 2 naming it" || { bad "another config: exit $rc"; cat "$tmp/mixed.err"; }
[ ! -e "$tmp/mixed/journal" ] && ok "no journal started for the mixed job" || bad "a journal was started"

# the pid of rank R of the run writing into OUT
rank_pid() {
  local p
  for p in $(pgrep -f -- "--out $2( |\$)"); do
    [ "$(ps -o comm= -p "$p" 2>/dev/null)" = gridsearch ] || continue
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1" && { echo "$p"; return; }
  done
}

# fault SIGNAL RANK LABEL [OPTIONS...]: starts `mpirun -np 3` into $tmp/LABEL,
# waits for 20 journal records and sends SIGNAL to rank RANK while tasks are
# left (three tries); sets rc, took (s from the signal to the end), out
fault() {
  local sig=$1 rank=$2 label=$3 try victim left
  shift 3
  for try in 1 2 3; do
    out=$tmp/$label.$try
    timeout -s KILL 300 "${mpi[@]}" -np 3 "$bin" search "$cfg" --threads 1 --quiet "$@" --out "$out" > /dev/null 2> "$out.err" &
    launcher=$!
    for _ in $(seq 30000); do [ "$(records "$out/journal")" -ge 20 ] && break; sleep 0.02; done
    victim=$(rank_pid "$rank" "$out")
    [ -n "$victim" ] && kill -"$sig" "$victim"
    start=$(date +%s.%N)
    left=$((190 - $(records "$out/journal")))
    if [ -n "$victim" ] && [ $left -gt 0 ]; then
      wait $launcher; rc=$?
      took=$(elapsed "$start")
      [ "$sig" = STOP ] && kill -9 "$victim" 2>/dev/null
      launcher=
      return 0
    fi
    echo "note: $label try $try: the run had finished its tasks before the $sig (or rank $rank was not found); again"
    [ -n "$victim" ] && kill -CONT "$victim" 2>/dev/null
    wait $launcher; launcher=
  done
  rc=-1 took=0
  bad "$label: could not $sig rank $rank while tasks were left"
}

# 3. rank 1 stopped, the default liveness limit (30 s)
fault STOP 1 stop1
[ $rc -eq 1 ] && ok "rank 1 stopped: exit 1" || { bad "rank 1 stopped: exit $rc"; cat "$out.err"; }
awk -v t="$took" 'BEGIN { exit !(t < 60) }' && ok "rank 1 stopped: the job ended ${took}s later (< 60 s)" || bad "rank 1 stopped: it took ${took}s"
grep -q "^gridsearch: rank 1 has not answered for [0-9.]* s (the limit is 30 s, --liveness): ending the job" "$out.err" \
  && ok "rank 1 stopped: rank 0 names it" || { bad "rank 1 stopped: message"; cat "$out.err"; }
n=$(records "$out/journal")
[ "$n" -ge 20 ] && [ "$n" -lt 190 ] && ok "rank 1 stopped: the journal kept $n tasks" || bad "rank 1 stopped: journal has $n"
"${mpi[@]}" -np 2 "$bin" search "$cfg" --threads 1 --quiet --resume --out "$out" > /dev/null 2> "$out.err2"
rc=$?
[ $rc -eq 0 ] && "$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > /dev/null \
  && ok "rank 1 stopped: --resume completes with the uninterrupted run's CSV" || { bad "rank 1 stopped: resume exit $rc"; cat "$out.err2"; }

# 4. rank 0 stopped, --liveness 4
fault STOP 0 stop0 --liveness 4
[ $rc -eq 1 ] && ok "rank 0 stopped: exit 1" || { bad "rank 0 stopped: exit $rc"; cat "$out.err"; }
awk -v t="$took" 'BEGIN { exit !(t < 60) }' && ok "rank 0 stopped: the job ended ${took}s later" || bad "rank 0 stopped: it took ${took}s"
grep -q "^gridsearch: rank [12]: rank 0 has not answered for [0-9.]* s (the limit is 4 s, --liveness)" "$out.err" \
  && ok "rank 0 stopped: another rank names it" || { bad "rank 0 stopped: message"; cat "$out.err"; }
grep -q "^gridsearch: rank [12] has not answered" "$out.err" && { bad "rank 0, continued, blamed a live rank"; cat "$out.err"; } || ok "rank 0, continued, blames no live rank"

# 5. TERM to rank 2 alone, a grace period far longer than the run
fault TERM 2 term2 --grace 600
[ $rc -eq 3 ] && ok "TERM to rank 2 alone: exit 3" || { bad "TERM to rank 2: exit $rc"; cat "$out.err"; }
grep -q "^gridsearch: interrupted by signal 15 on rank 2: [0-9]* of 190 tasks done" "$out.err" \
  && ok "TERM to rank 2 alone: rank 0 stopped the job, naming rank 2" || { bad "TERM to rank 2: message"; cat "$out.err"; }
grep -q "grace period over" "$out.err" && bad "TERM to rank 2: the job waited out the grace period" || ok "TERM to rank 2: no grace period waited out"
n=$(records "$out/journal")
[ "$n" -lt 190 ] && ok "TERM to rank 2: the hand-out stopped ($n of 190 done)" || bad "TERM to rank 2: all 190 ran"
"${mpi[@]}" -np 3 "$bin" search "$cfg" --threads 1 --quiet --resume --out "$out" > /dev/null 2> "$out.err2"
rc=$?
[ $rc -eq 0 ] && "$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > /dev/null \
  && ok "TERM to rank 2: --resume completes with the uninterrupted run's CSV" || { bad "TERM to rank 2: resume exit $rc"; cat "$out.err2"; }

# 6. TERM to rank 1, then, once rank 0 has taken rank 1's stop message, TERM
# to rank 0, while rank 1's fit is in flight (linear fits on noise, seconds
# each; --grace 600 lets them finish)
awk 'BEGIN { srand(7); for (i = 0; i < 800; i++) { s = ""; for (j = 0; j < 10; j++) s = s sprintf("%.4f,", rand() * 2 - 1); print s (rand() < 0.5 ? 0 : 1) } }' > "$tmp/noise.csv"
printf '{"dataset": {"path": "%s"}, "test_size": 0.5, "random_state": 0, "cv": 2, "scoring": ["accuracy"],\n "param_grid": [{"kernel": ["linear"], "C": [1000, 2000, 3000, 4000, 5000]}]}\n' \
  "$tmp/noise.csv" > "$tmp/noise.json"
for try in 1 2 3; do
  out=$tmp/both.$try
  timeout -s KILL 300 "${mpi[@]}" -np 2 "$bin" search "$tmp/noise.json" --threads 1 --grace 600 --out "$out" > /dev/null 2> "$out.err" &
  launcher=$!
  for _ in $(seq 30000); do [ "$(records "$out/journal")" -ge 1 ] && break; sleep 0.02; done
  r1=$(rank_pid 1 "$out") r0=$(rank_pid 0 "$out")
  [ -n "$r1" ] && [ -n "$r0" ] && kill -TERM "$r1"
  # rank 0 has taken the stop message: it names the task rank 1 holds
  for _ in $(seq 30000); do grep -q "^gridsearch: stopping: rank 1 holds task" "$out.err" && break; kill -0 $launcher 2>/dev/null || break; sleep 0.02; done
  early=1
  grep -q "^gridsearch: stopping: rank 1 holds task" "$out.err" && ! grep -q "^gridsearch: interrupted" "$out.err" && early=
  [ -n "$r0" ] && kill -TERM "$r0"
  wait $launcher; rc=$?; launcher=
  [ -z "$early" ] && break
  echo "note: signals try $try: rank 0 had ended its run (or rank 1 held no task) before its own TERM; again"
  rc=-1
done
[ $rc -eq 3 ] && ok "TERM to rank 1, then to rank 0: exit 3" || { bad "TERM to rank 1 then rank 0: exit $rc"; cat "$out.err"; }
grep -q "grace period over" "$out.err" && { bad "rank 0 took its own first signal for a second one (left at once)"; cat "$out.err"; } \
  || ok "TERM to rank 1, then to rank 0: no grace period cut short"
n=$(grep -c '^R ' "$out/journal" 2>/dev/null)
[ "${n:-0}" -eq 1 ] && ok "TERM to rank 1, then to rank 0: the journal has the run's record (R)" || bad "the journal has ${n:-0} run records, expected 1"
grep -q "^gridsearch: interrupted by signal 15 on rank 1: " "$out.err" \
  && ok "TERM to rank 1, then to rank 0: rank 0 says the stop came from rank 1" || { bad "interrupt message"; cat "$out.err"; }

# 7. rank 1 paused from the journal's end record ("E done": its tasks are all
# in) until rank 0 says it is done (then it waits for rank 1's answer)
out=$tmp/pause
timeout -s KILL 300 "${mpi[@]}" -np 2 "$bin" search "$cfg" --threads 1 --liveness 20 --out "$out" > /dev/null 2> "$out.err" &
launcher=$!
for _ in $(seq 30000); do grep -q '^E done' "$out/journal" 2>/dev/null && break; kill -0 $launcher 2>/dev/null || break; sleep 0.002; done
r1=$(rank_pid 1 "$out")
[ -n "$r1" ] && kill -STOP "$r1"
for _ in $(seq 30000); do grep -q "^gridsearch: .* results in " "$out.err" && break; kill -0 $launcher 2>/dev/null || break; sleep 0.02; done
[ -n "$r1" ] && kill -CONT "$r1"
wait $launcher; rc=$?; launcher=
if [ -z "$r1" ]; then
  bad "rank 1 paused at the end: rank 1 was not found"
elif [ $rc -eq 0 ] && "$csvcmp" "$out/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore $timing > /dev/null; then
  ok "rank 1 paused at the end, continued during rank 0's goodbye: exit 0, the full CSV"
else
  bad "rank 1 paused at the end: exit $rc$([ $rc -eq 137 ] && echo " (hung)")"
  cat "$out.err"
fi

[ $fail -eq 0 ] && echo "mpi hangs: all checks passed"
exit $fail
