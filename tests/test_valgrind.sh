#!/usr/bin/env bash
# test_valgrind.sh BINARY SRCDIR NO_DLCLOSE_LIB: valgrind's memcheck on one
# full seed search with one rank and one thread:
#  1. alone (no launcher, Open MPI never initialised): no error, no leak of
#     any kind, and no suppression at all;
#  2. under `mpirun -np 1`: the same, with suppressions for Open MPI's own
#     allocations only (sanitizers/openmpi-valgrind.supp, by library, and
#     Open MPI's shipped openmpi-valgrind.supp); NO_DLCLOSE_LIB keeps its
#     components mapped so the suppressions can recognise their frames.
# OPENBLAS_NUM_THREADS=1 is set so gridsearch does not re-exec itself (it
# would otherwise, to pin OpenBLAS's pool) and valgrind sees the search.
set -u
bin=$1 src=$2 nodl=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENBLAS_NUM_THREADS=1
fail=0
vg=(valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=definite,indirect,possible
    --error-exitcode=99)
"${vg[@]}" "$bin" search "$src/configs/digits_svc.json" --threads 1 --quiet --out "$tmp/alone" \
  > "$tmp/alone.out" 2> "$tmp/alone.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)" "$tmp/alone.err" \
   && grep -q "All heap blocks were freed -- no leaks are possible" "$tmp/alone.err"; then
  echo "ok   one process: no errors, all heap blocks freed, nothing suppressed"
else
  echo "FAIL one process (exit $rc)"; grep -E "==[0-9]+== " "$tmp/alone.err" | tail -40; fail=1
fi
grep -q "'C': 10, 'gamma': 0.001, 'kernel': 'rbf'" "$tmp/alone.out" && echo "ok   it ran the whole search" || { echo "FAIL no report on stdout"; fail=1; }

mpirun --oversubscribe -np 1 -x LD_PRELOAD="$nodl" -x OPENBLAS_NUM_THREADS \
  "${vg[@]}" --suppressions=/usr/share/openmpi/openmpi-valgrind.supp \
  --suppressions="$src/tests/sanitizers/openmpi-valgrind.supp" \
  "$bin" search "$src/configs/digits_svc.json" --threads 1 --quiet --out "$tmp/mpi" \
  > "$tmp/mpi.out" 2> "$tmp/mpi.err"
rc=$?
if [ $rc -eq 0 ] && grep -q "ERROR SUMMARY: 0 errors" "$tmp/mpi.err" && grep -q "definitely lost: 0 bytes" "$tmp/mpi.err"; then
  echo "ok   under mpirun: no errors, no leaks outside Open MPI ($(grep -o 'suppressed: [0-9]* from [0-9]*' "$tmp/mpi.err" | tail -1))"
else
  echo "FAIL under mpirun (exit $rc)"; grep -E "==[0-9]+== " "$tmp/mpi.err" | tail -40; fail=1
fi
cmp -s "$tmp/alone/best_params.json" "$tmp/mpi/best_params.json" && echo "ok   same results" || { echo "FAIL results differ"; fail=1; }
exit $fail
