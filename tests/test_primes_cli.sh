#!/usr/bin/env bash
# test_primes_cli.sh BINARY: `gridsearch primes`: the seed line, --json, bad
# input (exit 2, message naming the argument), and the same counts for every
# method under 1, 2 and 3 MPI ranks and several thread counts.
set -u
bin=$1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

for m in naive trial sieve; do
  out=$("$bin" primes 100000000 100001000 --method $m --threads 2 --quiet)
  [[ $out =~ ^54\ primes\ between\ 100000000\ and\ 100001000\ \[0:00:[0-9]{2}(\.[0-9]{6})?\]$ ]] && ok "$m: seed line" || bad "$m: seed line: $out"
done
"$bin" primes 0 1000 --method sieve --threads 2 > /dev/null 2> "$tmp/load"
grep -q "rank 0 thread 1: busy" "$tmp/load" && grep -q "parallel efficiency" "$tmp/load" && ok "per-worker load summary on stderr" || bad "load summary: $(cat "$tmp/load")"
[ -z "$("$bin" primes 0 1000 --quiet 2>&1 >/dev/null)" ] && ok "--quiet silences stderr" || bad "--quiet"
j=$("$bin" primes 0 1000000 --method=sieve --threads=2 --json --quiet)
for key in '"method": "sieve"' '"min": 0' '"max": 1000000' '"count": 78498' '"seconds": ' '"ranks": 1' '"threads": 2' '"parallel_efficiency": ' '"segment_bytes": ' '"busy_seconds": ' '"numbers": '; do
  [[ $j == *"$key"* ]] || { bad "--json lacks $key: $j"; }
done
ok "--json fields"

expect2() { # message args...
  local want=$1; shift
  "$bin" primes "$@" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  if [ $rc -eq 2 ] && grep -qF -- "$want" "$tmp/err"; then ok "primes $*: exit 2, \"$want\""
  else bad "primes $*: exit $rc, stderr: $(cat "$tmp/err")"; fi
  [ ! -s "$tmp/out" ] || bad "primes $*: printed to stdout"
}
expect2 "MIN 10 is greater than MAX 9" 10 9
expect2 "MIN must not be negative, got \"-5\"" -- -5 10
expect2 "MAX must be a whole number, got \"ten\"" 1 ten
expect2 "MIN must be a whole number, got \"1.5\"" 1.5 10
expect2 "MAX must be at most 2^63 - 1 = 9223372036854775807, got \"9223372036854775808\"" 1 9223372036854775808
expect2 "MAX must be at most 2^63 - 1" 1 99999999999999999999999
expect2 "missing MAX (usage: gridsearch primes MIN MAX [options]; see gridsearch help primes)" 5
expect2 "missing MIN MAX (usage: gridsearch primes MIN MAX [options]"
expect2 "too many arguments (at \"3\"; usage: gridsearch primes MIN MAX [options])" 1 2 3
expect2 "--method must be naive, trial or sieve, got \"fast\"" 1 10 --method fast
expect2 "unknown option \"--metod\"; did you mean \"--method\"?" 1 10 --metod sieve
expect2 "option --method needs a value" 1 10 --method
expect2 "--threads must be an integer from 1 to 4096, got \"0\"" 1 10 --threads 0
expect2 "--threads must be an integer from 1 to 4096, got \"x\"" 1 10 --threads=x
expect2 "--chunk must be at least 1, got \"0\"" 1 10 --chunk 0
expect2 "option --json takes no value" 1 10 --json=yes
expect2 "sieving up to 9223372036854775807 needs about" 0 9223372036854775807 --method sieve
# 10^18: refused before any work, naming MAX (it used to spend 15 s and 694 MB, then blame --chunk)
expect2 "gridsearch primes: sieving up to 1000000000000000000 needs about 2382 MB for the primes up to its square root; the limit is 1024 MB" 0 1000000000000000000 --method sieve
[ "$(wc -l < "$tmp/err")" -eq 1 ] && ok "10^18: one line on stderr" || bad "10^18: $(cat "$tmp/err")"
expect2 "gridsearch primes: --chunk 30 cuts the range into more than 2^31 chunks" 0 100000000000000 --method sieve --chunk 30
# high up the sieve works (base primes to 10^8): primesieve counts 4 primes there
"$bin" primes 10000000000000000 10000000000000100 --method sieve --quiet | grep -q "^4 primes between 10000000000000000 and 10000000000000100" && ok "sieve near 10^16" || bad "sieve near 10^16"
"$bin" primes 9223372036854775807 9223372036854775807 --quiet | grep -q "^0 primes between 9223372036854775807 and 9223372036854775807" && ok "2^63 - 1 accepted" || bad "2^63 - 1"

# the same counts for every layout
for layout in "1 1" "1 2" "2 1" "3 1" "3 2"; do
  set -- $layout
  for spec in "sieve 0 100000000 5761455" "trial 0 1000000 78498" "naive 100000000 100000300 17"; do
    read -r m lo hi want <<< "$spec"
    got=$(timeout 120 mpirun --oversubscribe -np "$1" "$bin" primes "$lo" "$hi" --method "$m" --threads "$2" --quiet 2> "$tmp/mpi.err" | cut -d' ' -f1)
    [ "$got" = "$want" ] && ok "$m [$lo, $hi] on $1 ranks x $2 threads: $got" || { bad "$m on $1x$2: got '$got', want $want"; tail -3 "$tmp/mpi.err"; }
  done
done
[ $fail -eq 0 ] && echo "primes cli: all checks passed"
exit $fail
