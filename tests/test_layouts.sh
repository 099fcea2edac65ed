#!/usr/bin/env bash
# test_layouts.sh BINARY SRCDIR CONFIG: the same search under every layout of
# ranks x threads, (1,1) (1,2) (2,1) (3,2) and (2,2) with mpirun, must give the
# same cv_results.csv byte for byte apart from the timing columns, and the
# same stdout.
set -u
bin=$1 src=$2 cfg=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fail=0
run() { # ranks threads
  local out=$tmp/r$1t$2
  if [ "$1" = 0 ]; then
    "$bin" search "$cfg" --threads "$2" --out "$out" > "$out.stdout" 2> "$out.stderr"
  else
    timeout 120 mpirun --oversubscribe -np "$1" "$bin" search "$cfg" --threads "$2" --out "$out" > "$out.stdout" 2> "$out.stderr"
  fi
  local rc=$?
  [ $rc -eq 0 ] || { echo "FAIL ranks=$1 threads=$2: exit $rc"; tail -5 "$out.stderr"; fail=1; return; }
  # the timing columns left out: the first four, or after halving's iter and n_resources
  if head -1 "$out/cv_results.csv" | grep -q '^iter,n_resources,'; then cut -d, -f1,2,7- "$out/cv_results.csv" > "$out.csv"
  else cut -d, -f5- "$out/cv_results.csv" > "$out.csv"; fi
  grep -o "on [0-9]* ranks\? x [0-9]* threads\?" "$out.stderr" | head -1 > "$out.layout"
}
run 0 1   # no launcher: one process, one thread
run 0 2
run 1 1
run 2 1
run 3 2
run 2 2
for r in r0t2 r1t1 r2t1 r3t2 r2t2; do
  [ -f "$tmp/$r.csv" ] || continue
  cmp -s "$tmp/r0t1.csv" "$tmp/$r.csv" && echo "ok   $r: CSV equals the single-worker run's" || { echo "FAIL $r: CSV differs"; diff "$tmp/r0t1.csv" "$tmp/$r.csv" | head -5; fail=1; }
  cmp -s "$tmp/r0t1.stdout" "$tmp/$r.stdout" && echo "ok   $r: stdout equals the single-worker run's" || { echo "FAIL $r: stdout differs"; fail=1; }
done
for r in r2t1:"2 ranks x 1 thread" r3t2:"3 ranks x 2 threads" r0t2:"1 rank x 2 threads"; do
  f=${r%%:*} want=${r#*:}
  grep -q "on $want" "$tmp/$f.layout" && echo "ok   $f: ran as $want" || { echo "FAIL $f: layout '$(cat "$tmp/$f.layout")', expected '$want'"; fail=1; }
done
[ $fail -eq 0 ] && echo "layouts: identical results for every ranks x threads"
exit $fail
