#!/usr/bin/env bash
# bench/primes.sh: the prime benchmark (not a test), whole processes timed
# with hyperfine on this machine.
#  1. the seed range [100000000, 100001000] with naive on 1 and 2 workers,
#     as threads and as MPI ranks, with the parallel efficiency of each
#     (--json): target >= 95% on 2 workers;
#  2. sieve against primesieve (Debian's primesieve) up to 1e9 and 1e10 on 1
#     and 2 threads, paired in one hyperfine run each, with the ratio and the
#     load average (uptime) beside it: target within 1.5x; then, as a check
#     that does not depend on the load, the instructions each executes to
#     1e9 on 1 thread (callgrind, when valgrind is installed);
#  3. the seed's Python prime test against naive over a small range, for the
#     speed-up of C over the seed.
# Usage: bash bench/primes.sh [BUILD_DIR]   (needs hyperfine, primesieve)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=$(cd "${1:-$root/build}" && pwd)/bin/gridsearch
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$here/out
mkdir -p "$out"
cd "$out"
for tool in hyperfine primesieve mpirun python3; do
  command -v $tool > /dev/null || { echo "bench: $tool is missing (apt-get install hyperfine primesieve openmpi-bin python3)"; exit 1; }
done
mean() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(" ".join("%.3f" % x["mean"] for x in r))' "$1"; }
field() { grep -o "\"$1\": [0-9.]*" | head -1 | awk '{print $2}'; }

echo "== 1. seed range, naive: 1 and 2 workers =="
lo=100000000 hi=100001000
for layout in "1 thread:--threads 1" "2 threads:--threads 2" "2 ranks x 1 thread:mpirun -np 2 --oversubscribe"; do
  name=${layout%%:*} how=${layout#*:}
  for i in 1 2 3; do
    if [ "${how#mpirun}" != "$how" ]; then j=$($how "$bin" primes $lo $hi --threads 1 --json --quiet)
    else j=$("$bin" primes $lo $hi $how --json --quiet); fi
    echo "$name: count $(echo "$j" | field count), $(echo "$j" | field seconds) s, efficiency $(echo "$j" | field parallel_efficiency)"
  done
done
hyperfine -N -w 1 -r 5 --export-json naive.json \
  -n "naive 1 thread" "$bin primes $lo $hi --threads 1 --quiet" \
  -n "naive 2 threads" "$bin primes $lo $hi --threads 2 --quiet" \
  -n "naive 2 ranks" "mpirun -np 2 --oversubscribe $bin primes $lo $hi --threads 1 --quiet"
read -r t1 t2 r2 < <(mean naive.json)
echo "speed-up on 2 workers: threads $(python3 -c "print(f'{$t1/$t2:.2f}x, efficiency {$t1/$t2/2*100:.1f}%')"); ranks $(python3 -c "print(f'{$t1/$r2:.2f}x, efficiency {$t1/$r2/2*100:.1f}%')") (whole processes)"

echo "== 2. sieve against primesieve =="
for max in 1e9 1e10; do
  n=$(python3 -c "print(int(float('$max')))")
  for t in 1 2; do
    hyperfine -N -w 1 -r 3 --export-json sieve.json \
      -n "gridsearch sieve $max t$t" "$bin primes 0 $n --method sieve --threads $t --quiet" \
      -n "primesieve $max t$t" "primesieve $n -t $t -q"
    read -r g p < <(mean sieve.json)
    echo "sieve to $max on $t thread(s): gridsearch $g s, primesieve $p s, ratio $(python3 -c "print(f'{$g/$p:.2f}x')"); load:$(uptime | sed 's/.*load average//')"
  done
done
echo "counts: gridsearch $("$bin" primes 0 10000000000 --method sieve --quiet | cut -d' ' -f1), primesieve $(primesieve 10000000000 -q)"
echo "segment per residue array: $("$bin" primes 0 1 --method sieve --json --quiet | field segment_bytes) bytes"
if command -v valgrind > /dev/null; then
  irefs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | grep -o 'refs: *[0-9,]*' | tr -d ', ' | cut -d: -f2; }
  gi=$(irefs "$bin" primes 0 1000000000 --method sieve --threads 1 --quiet)
  pi=$(irefs primesieve 1000000000 -t 1 -q)
  echo "instructions to 1e9, 1 thread (callgrind): gridsearch $gi, primesieve $pi, ratio $(python3 -c "print(f'{$gi/$pi:.2f}x')")"
fi

echo "== 3. the seed's Python test against naive =="
slo=1000000 shi=1001000
hyperfine -N -w 0 -r 2 --export-json seedpy.json \
  -n "python slow_is_prime" "python3 $here/slow_is_prime.py $slo $shi" \
  -n "gridsearch naive 1 thread" "$bin primes $slo $shi --threads 1 --quiet"
read -r py c < <(mean seedpy.json)
echo "python $py s, gridsearch naive (1 thread) $c s: $(python3 -c "print(f'{$py/$c:.0f}x')") faster; counts: $(python3 "$here/slow_is_prime.py" $slo $shi | cut -d' ' -f1) and $("$bin" primes $slo $shi --quiet | cut -d' ' -f1)"
