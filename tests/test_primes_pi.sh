#!/usr/bin/env bash
# test_primes_pi.sh BINARY: pi(10^9) = 50,847,534 by trial division and by the
# sieve, on 2 threads, through the command line (the unit suite stops trial
# at 10^8 to stay quick; this is the long one: about 30 s on 2 cores).
set -u
bin=$1
fail=0
for m in trial sieve; do
  out=$("$bin" primes 0 1000000000 --method $m --threads 2 --quiet)
  if [[ $out =~ ^50847534\ primes\ between\ 0\ and\ 1000000000\ \[ ]]; then
    echo "ok   $m: pi(10^9) = 50847534"
  else
    echo "FAIL $m: pi(10^9): $out"
    fail=1
  fi
done
exit $fail
