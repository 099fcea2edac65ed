#!/usr/bin/env python3
"""The seed's prime test in Python, for bench/primes.sh: trial division by
every integer from 2 to n/2 inclusive (so 4 is not prime, n < 2 is not
prime), as issue 4 describes the seed's slow_is_prime. Prints the seed's
line: "<count> primes between MIN and MAX [H:MM:SS.ffffff]"."""
import sys
from datetime import datetime


def slow_is_prime(n):
    if n < 2:
        return False
    for d in range(2, n // 2 + 1):
        if n % d == 0:
            return False
    return True


lo, hi = int(sys.argv[1]), int(sys.argv[2])
start = datetime.now()
count = sum(1 for n in range(lo, hi + 1) if slow_is_prime(n))
print(f"{count} primes between {lo} and {hi} [{datetime.now() - start}]")
