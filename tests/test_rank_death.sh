#!/usr/bin/env bash
# test_rank_death.sh BINARY CSVCMP SRCDIR: kill -9 one rank of a running
# `mpirun -np 3` search: the job must end within 60 s with a non-zero exit
# and messages naming the dead rank and the tasks it held; the journal keeps
# the finished tasks, and --resume completes the search with the same CSV as
# an uninterrupted run.
set -u
bin=$1 csvcmp=$2 src=$3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
cfg=$src/configs/digits_wide.json
"$bin" search "$cfg" --threads 2 --quiet --out "$tmp/ref" > /dev/null 2>&1 || bad "reference run"

# the pid of rank 1 of the run writing into $tmp/run
rank1() {
  local p
  for p in $(pgrep -f -- "--out $tmp/run\$"); do
    [ "$(ps -o comm= -p "$p" 2>/dev/null)" = gridsearch ] || continue
    tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' && { echo "$p"; return; }
  done
}
records() { grep -c '^T ' "$1" 2>/dev/null || echo 0; }
# The kill must land while the run still has tasks left (under load a run
# can finish between two looks): else the try is void and made again. Every
# wait is on an event (journal lines); `timeout -s KILL 300` only keeps a
# hung job from hanging the suite.
rc=-1
for try in 1 2 3; do
  rm -rf "$tmp/run"
  timeout -s KILL 300 mpirun --oversubscribe -np 3 "$bin" search "$cfg" --threads 1 --quiet --out "$tmp/run" > /dev/null 2> "$tmp/err" &
  launcher=$!
  for _ in $(seq 30000); do [ "$(records "$tmp/run/journal")" -ge 20 ] && break; sleep 0.02; done
  victim=$(rank1)
  [ -n "$victim" ] && kill -9 "$victim"
  start=$(date +%s.%N)
  left=$((190 - $(records "$tmp/run/journal")))
  wait $launcher
  rc=$?
  [ -n "$victim" ] && [ $left -gt 0 ] && break
  echo "note: try $try: the run had finished its tasks before the kill (or rank 1 was not found); again"
  rc=-1
done
[ $rc -ne -1 ] || { bad "could not kill rank 1 while tasks were left"; exit 1; }
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
[ $rc -ne 0 ] && ok "the job exits non-zero ($rc)" || bad "exit status 0 after a rank died"
awk -v t="$took" 'BEGIN { exit !(t < 60) }' && ok "the job ended ${took}s after the kill (< 60 s)" || bad "the job took ${took}s to end"
grep -q "rank 1 .*exited on signal 9" "$tmp/err" && ok "mpirun names the dead rank" || { bad "no message naming rank 1"; cat "$tmp/err"; }
grep -q "gridsearch: stopping: rank 1 holds task" "$tmp/err" && ok "gridsearch names the tasks rank 1 held" || { bad "no tasks named"; cat "$tmp/err"; }
n=$(grep -c '^T ' "$tmp/run/journal")
[ "$n" -ge 20 ] && ok "journal kept $n finished tasks" || bad "journal has $n tasks"
mpirun --oversubscribe -np 2 "$bin" search "$cfg" --threads 1 --quiet --resume --out "$tmp/run" > /dev/null 2> "$tmp/err2"
rc=$?
[ $rc -eq 0 ] && ok "--resume after the failure completes" || { bad "resume exit $rc"; cat "$tmp/err2"; }
"$csvcmp" "$tmp/run/cv_results.csv" "$tmp/ref/cv_results.csv" --ignore mean_fit_time,std_fit_time,mean_score_time,std_score_time > "$tmp/cmp" \
  && ok "resumed CSV equals the uninterrupted run's" || { bad "CSV differs"; cat "$tmp/cmp"; }
[ $fail -eq 0 ] && echo "rank death: all checks passed"
exit $fail
