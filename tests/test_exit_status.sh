#!/usr/bin/env bash
# test_exit_status.sh BINARY SRCDIR FAILWRITE: the exit statuses that are not
# bad input (2, see test_bad_input.sh): 0 on success, 1 when results cannot
# be written during the run (FAILWRITE: an LD_PRELOAD shim that fails the
# journal's last record), 3 on a signal (with --grace 0: at once, without
# waiting for the fits in flight).
set -u
bin=$1 src=$2 failwrite=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
cfg=$src/configs/digits_svc.json

"$bin" search "$cfg" --quiet --threads 1 --out "$tmp/good" > /dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && ok "a finished search exits 0" || bad "finished search: exit $rc"

: > "$tmp/file"
"$bin" search "$cfg" --quiet --threads 1 --out "$tmp/file/sub" > /dev/null 2> "$tmp/write.err"
rc=$?
[ $rc -eq 1 ] && grep -q "^gridsearch: $tmp/file: not a folder" "$tmp/write.err" && ok "results that cannot be written: exit 1 naming the folder" \
  || { bad "unwritable results: exit $rc"; cat "$tmp/write.err"; }

# the journal's last record ("E done") cannot be written (disk full): exit 1
# naming the journal, no results that would pass for a finished run; then
# --resume, with all tasks in the journal, finishes it
GS_FAILWRITE_PREFIX="E done" LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$failwrite" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
  "$bin" search "$cfg" --quiet --threads 1 --out "$tmp/full" > /dev/null 2> "$tmp/full.err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$tmp/full.err")" -eq 1 ] && grep -q "^gridsearch: $tmp/full/journal: cannot append to the journal: No space left on device" "$tmp/full.err" \
  && [ ! -e "$tmp/full/cv_results.csv" ] && ok "a journal that cannot be finished: exit 1 naming it, no results" \
  || { bad "unfinished journal: exit $rc"; cat "$tmp/full.err"; }
"$bin" search "$cfg" --quiet --threads 1 --out "$tmp/full" --resume > /dev/null 2> "$tmp/full2.err" && [ -s "$tmp/full/cv_results.csv" ] \
  && ok "--resume then finishes it" || { bad "--resume after the failed finish"; cat "$tmp/full2.err"; }

# --grace 0: the first TERM leaves at once; the journal holds what finished
"$bin" search "$src/configs/digits_wide.json" --threads 1 --grace 0 --out "$tmp/g0" > /dev/null 2> "$tmp/g0.err" &
pid=$!
for _ in $(seq 30000); do [ -s "$tmp/g0/journal" ] && break; sleep 0.02; done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 3 ] && grep -q "grace period over; tasks in flight are lost, finished ones are in the journal" "$tmp/g0.err" \
  && ok "--grace 0: TERM exits 3 at once" || { bad "--grace 0: exit $rc"; cat "$tmp/g0.err"; }
[ ! -e "$tmp/g0/cv_results.csv" ] && ok "no cv_results.csv after an interruption" || bad "cv_results.csv after an interruption"

# default grace: the fits in flight finish, then exit 3 with how to resume
"$bin" search "$src/configs/digits_wide.json" --threads 1 --out "$tmp/g20" > /dev/null 2> "$tmp/g20.err" &
pid=$!
for _ in $(seq 30000); do [ -s "$tmp/g20/journal" ] && break; sleep 0.02; done
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 3 ] && grep -q "interrupted by signal 15" "$tmp/g20.err" && grep -q -- "--resume" "$tmp/g20.err" \
  && ok "TERM with the default grace: exit 3 and how to resume" || { bad "default grace: exit $rc"; cat "$tmp/g20.err"; }
exit $fail
