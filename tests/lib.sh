# tests/lib.sh: the helpers the shell tests share; sourced (not run) by
# test_signals.sh, test_mpi_hangs.sh, test_outdir.sh, test_pipeline.sh and
# test_halving.sh:
#   . "$(dirname "$0")/lib.sh"
# ok/bad print a check's line (bad also sets fail=1, the script's status);
# every wait is on an event (a journal line), never a fixed sleep.
# shellcheck shell=bash
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
# the timing columns of cv_results.csv, which csvcmp --ignores between runs
timing=mean_fit_time,std_fit_time,mean_score_time,std_score_time
# task records in journal FILE (0 while it does not exist; grep -c alone
# would print 0 and fail, and `|| echo 0` would then print a second 0)
records() { local n; n=$(grep -c '^T ' "$1" 2>/dev/null); echo "${n:-0}"; }
# seconds since START (date +%s.%N), one decimal
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# wait_records FILE N: until FILE holds at least N task records (a generous
# bound, 600 s, that only keeps a broken run from hanging the suite)
wait_records() {
  for _ in $(seq 30000); do
    [ "$(records "$1")" -ge "$2" ] && return 0
    sleep 0.02
  done
  return 1
}
