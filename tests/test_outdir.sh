#!/usr/bin/env bash
# test_outdir.sh BINARY SRCDIR: the results folder belongs to one run at a
# time and only to gridsearch:
#  - a second run, or a second --resume, into a folder a run is writing is
#    refused (exit 2, one line naming the running process); the first run
#    is held (SIGSTOP) while the others try, so nothing depends on timing;
#  - --out into a non-empty folder gridsearch did not write is refused
#    unless --force-out, and the user's files are untouched; --out / never;
#  - a rerun with another config removes the previous run's charts (named
#    in the manifest) and nothing else.
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
held=
trap '[ -n "$held" ] && kill -CONT $held 2>/dev/null; [ -n "$held" ] && kill -KILL $held 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

# refused: exit 2 and exactly one stderr line matching the pattern
refused() { # what pattern command...
  local what=$1 pattern=$2
  shift 2
  "$@" > out.txt 2> err.txt
  local rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -Eq -- "$pattern" err.txt; then ok "$what: $(cat err.txt)"
  else bad "$what: exit $rc"; sed 's/^/     /' err.txt | head -5; fi
}

# --- two runs, one folder ---
wide=$src/configs/digits_wide.json
"$bin" search "$wide" --threads 1 --quiet --out run > run.stdout 2> run.stderr &
first=$!
held=$first
# wait (an event, not a time) until the first run has journalled a task:
# it holds the lock from before its journal opened
for _ in $(seq 3000); do
  [ -f run/journal ] && grep -q '^T ' run/journal && break
  kill -0 $first 2>/dev/null || break
  sleep 0.01
done
kill -STOP $first
grep -q '^T ' run/journal 2>/dev/null || bad "the first run journalled no task"
host=$(hostname)
refused "a second run into the same folder" "^gridsearch: run: another gridsearch run \(pid $first on host $host\) is writing this folder" \
  "$bin" search "$wide" --threads 1 --quiet --out run
refused "a concurrent --resume" "^gridsearch: run: another gridsearch run \(pid $first on host $host\) is writing this folder" \
  "$bin" search "$wide" --threads 1 --quiet --out run --resume
[ ! -e run/cv_results.csv ] && ok "the refused runs wrote no results" || bad "a refused run wrote cv_results.csv"
kill -CONT $first
wait $first
rc=$?
held=
[ $rc -eq 0 ] && ok "the first run finishes (exit 0)" || bad "the first run: exit $rc"
[ "$(grep -c '^T ' run/journal)" = 190 ] && ok "its journal holds its 190 tasks, no others" || bad "journal records: $(grep -c '^T ' run/journal)"
lines=$(($(wc -l < run/cv_results.csv) - 1))
[ "$lines" = 38 ] && ok "its cv_results.csv has its 38 candidates" || bad "cv_results rows: $lines"
# once it ended, the lock is free again (even after a SIGKILL)
"$bin" search "$wide" --threads 1 --quiet --out run2 > /dev/null 2>&1 &
pid=$!
for _ in $(seq 3000); do [ -f run2/journal ] && grep -q '^T ' run2/journal && break; sleep 0.01; done
kill -STOP $pid 2>/dev/null || bad "the run to kill ended first"
kill -KILL $pid; wait $pid 2>/dev/null
"$bin" search "$wide" --threads 1 --quiet --out run2 --resume > /dev/null 2> resume.err \
  && ok "a run killed with SIGKILL leaves no lock behind (--resume runs)" || { bad "--resume after SIGKILL"; cat resume.err; }

# --- folders gridsearch did not write ---
cfg=$src/configs/digits_svc.json
mkdir mine && echo "my notes" > mine/report.md
refused "--out into a user's non-empty folder" \
  "^gridsearch: mine: this folder holds files that gridsearch did not write \(it has no journal and no \.gridsearch\); choose a new or empty --out, or pass --force-out" \
  "$bin" search "$cfg" --threads 1 --quiet --out mine
[ "$(cat mine/report.md)" = "my notes" ] && [ "$(ls -A mine)" = report.md ] && ok "the user's folder is untouched" || bad "the user's folder changed: $(ls -A mine)"
mkdir empty
"$bin" search "$cfg" --threads 1 --quiet --out empty > /dev/null 2>&1 && [ -s empty/cv_results.csv ] && ok "an empty folder is accepted" || bad "an empty folder was refused"
"$bin" search "$cfg" --threads 1 --quiet --out mine --force-out > /dev/null 2> force.err && [ -s mine/cv_results.csv ] \
  && ok "--force-out writes into it" || { bad "--force-out"; cat force.err; }
refused "--out /" '^gridsearch: /: gridsearch never writes its results into the root folder; choose another --out' \
  "$bin" search "$cfg" --threads 1 --quiet --out /
refused "--out / with --force-out" '^gridsearch: /tmp/\.\./: gridsearch never writes its results into the root folder' \
  "$bin" search "$cfg" --threads 1 --quiet --out /tmp/../ --force-out
[ ! -e /.gridsearch.lock ] && [ ! -e /journal ] && ok "nothing was written into /" || bad "files written into /"

# --- a rerun with another config ---
mkdir re
"$bin" search "$cfg" --threads 1 --quiet --out re > /dev/null 2>&1 || bad "first config run"
echo "keep me" > re/notes.txt
old=$(cd re && ls *.svg | sort | tr '\n' ' ')
[ -n "$old" ] && ok "the first config leaves charts: $old" || bad "the first config left no chart"
cat > other.json <<'JSON'
{"name": "other", "dataset": "digits", "test_size": 0.5, "random_state": 0, "cv": 3,
 "scoring": "accuracy", "param_grid": {"kernel": ["linear"], "C": [1, 10]}}
JSON
"$bin" search other.json --threads 1 --quiet --out re > /dev/null 2> other.err || { bad "second config run"; cat other.err; }
new=$(cd re && ls *.svg 2>/dev/null | sort | tr '\n' ' ')
[ "$new" = "line_accuracy_0.svg " ] && ok "only the second config's charts remain: $new" || bad "charts after the rerun: $new"
[ "$(cat re/notes.txt)" = "keep me" ] && ok "a file gridsearch did not write stays" || bad "notes.txt removed"
want=$(printf '%s\n' journal line_accuracy_0.svg cv_results.csv best_params.json run.json report.md)
[ "$(grep -v '^#' re/.gridsearch)" = "$want" ] && ok "the manifest names the files of the second run" || { bad "manifest"; cat re/.gridsearch; }
exit $fail
