#!/usr/bin/env bash
# bench/run.sh [BUILD_DIR]: every benchmark (make bench): search, then primes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/search.sh" "$@"
bash "$here/primes.sh" "$@"
