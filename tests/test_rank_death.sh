#!/usr/bin/env bash
# test_rank_death.sh BINARY CSVCMP SRCDIR: kill -9 one rank of a running
# `mpirun -np 3` search: the job must end within 10 s with a non-zero exit
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

mpirun --oversubscribe -np 3 "$bin" search "$cfg" --threads 1 --quiet --out "$tmp/run" > /dev/null 2> "$tmp/err" &
launcher=$!
victim=
for _ in $(seq 300); do
  if [ -f "$tmp/run/journal" ] && [ "$(grep -c '^T ' "$tmp/run/journal")" -ge 20 ]; then
    for p in $(pgrep -f "gridsearch search $cfg"); do
      tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' && victim=$p
    done
    break
  fi
  sleep 0.1
done
[ -n "$victim" ] || { bad "could not find rank 1"; kill -9 $launcher; exit 1; }
start=$(date +%s.%N)
kill -9 "$victim"
( sleep 20; kill -9 $launcher 2>/dev/null ) & guard=$!
wait $launcher
rc=$?
kill $guard 2>/dev/null
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
[ $rc -ne 0 ] && ok "the job exits non-zero ($rc)" || bad "exit status 0 after a rank died"
awk -v t="$took" 'BEGIN { exit !(t < 10) }' && ok "the job ended ${took}s after the kill (< 10 s)" || bad "the job took ${took}s to end"
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
