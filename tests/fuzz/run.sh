#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR [SECONDS]: runs the libFuzzer harnesses of
# BUILD_DIR (configured with CC=clang -DGS_FUZZ=ON: make san-build) side by
# side, each for SECONDS of wall time (default 30, where the committed
# corpora reach 99-100% of the edges that 60 s reach), each on a scratch copy
# of its committed seed corpus. A crash, leak or out-of-memory fails the run;
# the input that caused it is kept under BUILD_DIR/fuzz-findings/ to be added
# to tests/fuzz/corpus/<harness>/ (the replay tests run every corpus file)
# once the bug is fixed.
set -u
build=$(cd "$1" && pwd) seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
findings=$build/fuzz-findings
mkdir -p "$findings"
harnesses=(config csv libsvm)
declare -A pid work
for h in "${harnesses[@]}"; do
  work[$h]=$(mktemp -d)
  cp "$here/corpus/$h/"* "${work[$h]}/"
  echo "fuzz_$h: ${seconds} s on $(ls "$here/corpus/$h" | wc -l) seed inputs"
  (cd "$findings" && exec "$build/bin/fuzz_$h" -max_total_time="$seconds" -rss_limit_mb=4096 \
     -timeout=10 -print_final_stats=1 "${work[$h]}" > "$findings/$h.log" 2>&1) &
  pid[$h]=$!
done
fail=0
for h in "${harnesses[@]}"; do
  if wait "${pid[$h]}"; then
    echo "ok   fuzz_$h: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$findings/$h.log" | tail -1)s, corpus grew to $(ls "${work[$h]}" | wc -l)"
  else
    echo "FAIL fuzz_$h: see $findings/$h.log"
    grep -E "ERROR|SUMMARY|Test unit written" "$findings/$h.log" | head -5
    fail=1
  fi
  rm -rf "${work[$h]}"
done
exit $fail
