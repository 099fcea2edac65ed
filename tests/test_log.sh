#!/usr/bin/env bash
# test_log.sh BINARY LIBSVM_STDERR NOISE_CSV: LIBSVM's own messages go through
# the library's log (gridsearch/log.h), prefixed "gridsearch: libsvm: ", once
# each, and --quiet silences them:
# 1. its print hook (info()): a linear fit on noise (tests/data/noise600.csv,
#    C=10) makes LIBSVM say "WARNING: using -h 0 may be faster" (in each fit);
# 2. its direct fprintf(stderr, ...) (the weight-label and max-iterations
#    warnings) under the app's stderr router (tools/libsvm_stderr.c);
# 3. the library's own warning (a failed fit) still shows under --quiet.
set -u
bin=$1 tool=$2 noise=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
count() { grep -c -- "$1" "$2"; } # FIXED-LINE-REGEX FILE

cat > "$tmp/noise.json" << JSON
{"dataset": {"path": "$noise"}, "test_size": 0.5, "random_state": 0, "cv": 2, "scoring": ["accuracy"],
 "param_grid": [{"kernel": ["linear"], "C": [10]}]}
JSON
hw="WARNING: using -h 0 may be faster"
# 1. the print hook
"$bin" search "$tmp/noise.json" --threads 1 --out "$tmp/loud" > /dev/null 2> "$tmp/loud.err"
rc=$?
[ $rc -eq 0 ] && ok "noise search: exit 0" || { bad "noise search: exit $rc"; cat "$tmp/loud.err"; }
[ "$(count "^gridsearch: libsvm: $hw\$" "$tmp/loud.err")" -eq 1 ] && ok "print hook: LIBSVM's warning once, prefixed" \
  || { bad "print hook: expected one 'gridsearch: libsvm: $hw'"; cat "$tmp/loud.err"; }
[ "$(count "$hw" "$tmp/loud.err")" -eq 1 ] && ok "print hook: not also raw" || { bad "print hook: the warning more than once"; cat "$tmp/loud.err"; }
grep -q "^gridsearch: libsvm: optimization finished" "$tmp/loud.err" && bad "print hook: LIBSVM's progress text shown by default" \
  || ok "print hook: LIBSVM's progress text is debug (not shown)"
GRIDSEARCH_LOG=debug "$bin" search "$tmp/noise.json" --threads 1 --quiet --out "$tmp/debug" > /dev/null 2> "$tmp/debug.err"
grep -q "^gridsearch: libsvm: optimization finished, #iter = [0-9]*\$" "$tmp/debug.err" \
  && ok "GRIDSEARCH_LOG=debug: LIBSVM's progress lines, prefixed" || { bad "GRIDSEARCH_LOG=debug"; head -5 "$tmp/debug.err"; }
"$bin" search "$tmp/noise.json" --threads 1 --quiet --out "$tmp/quiet" > /dev/null 2> "$tmp/quiet.err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/quiet.err" ] && ok "print hook: --quiet silences it (stderr empty)" || { bad "print hook, --quiet: exit $rc"; cat "$tmp/quiet.err"; }

# 2. LIBSVM's direct stderr writes
"$tool" > /dev/null 2> "$tmp/direct.err"
rc=$?
[ $rc -eq 0 ] && ok "direct: the tool ran" || bad "direct: the tool exited $rc"
[ "$(count "^gridsearch: libsvm: WARNING: class label 7 specified in weight is not found\$" "$tmp/direct.err")" -eq 1 ] \
  && ok "direct: LIBSVM's fprintf(stderr) warning once (of two fits), prefixed" || { bad "direct: weight-label warning"; cat "$tmp/direct.err"; }
[ "$(count "^gridsearch: libsvm: WARNING: reaching max number of iterations\$" "$tmp/direct.err")" -eq 1 ] \
  && ok "direct: the max-iterations warning, prefixed" || { bad "direct: max-iterations warning"; cat "$tmp/direct.err"; }
[ "$(count "WARNING" "$tmp/direct.err")" -eq 2 ] && ok "direct: no raw copies" || { bad "direct: raw copies"; cat "$tmp/direct.err"; }
grep -qx "gridsearch: the app's own line, 42" "$tmp/direct.err" && ok "direct: other stderr text passes through" \
  || { bad "direct: the app's line"; cat "$tmp/direct.err"; }
"$tool" --quiet > /dev/null 2> "$tmp/direct_q.err"
[ "$(cat "$tmp/direct_q.err")" = "gridsearch: the app's own line, 42" ] && ok "direct: --quiet silences LIBSVM's lines only" \
  || { bad "direct, --quiet"; cat "$tmp/direct_q.err"; }

# 3. the library's own warnings are not LIBSVM's: --quiet keeps them
GRIDSEARCH_FAIL_FITS=0:1 "$bin" search "$tmp/noise.json" --threads 1 --quiet --out "$tmp/fail" > /dev/null 2> "$tmp/fail.err"
[ "$(count "^gridsearch: warning: fit failed for candidate 0 {'C': 10, 'kernel': 'linear'} on fold 1: " "$tmp/fail.err")" -eq 1 ] \
  && ok "a failed fit: its warning under --quiet, once" || { bad "failed-fit warning"; cat "$tmp/fail.err"; }

[ $fail -eq 0 ] && echo "log: all checks passed"
exit $fail
