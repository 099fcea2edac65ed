#!/usr/bin/env python3
"""bench/scale.sh's exactness check: gridsearch's cv_results.csv (argv[1])
against scikit-learn's (argv[2], from scale_sklearn.py), candidate by
candidate in params order: every split, mean and std score within 1e-9 and
the same ranks. Prints "identical" or the differences; exit 1 on any."""
import csv
import sys

def rows(path):
    with open(path) as f:
        return {r["params"]: r for r in csv.DictReader(f)}

gs, sk = rows(sys.argv[1]), rows(sys.argv[2])
bad = []
if set(gs) != set(sk):
    bad.append("candidates differ: %s vs %s" % (sorted(gs), sorted(sk)))
for p in sorted(set(gs) & set(sk)):
    for k in sk[p]:
        if k == "params":
            continue
        gk = k.replace("_score", "_accuracy")
        a, b = float(gs[p].get(gk, gs[p].get(k, "nan"))), float(sk[p][k])
        if not abs(a - b) <= 1e-9:
            bad.append("%s %s: gridsearch %r, scikit-learn %r" % (p, k, a, b))
print("identical" if not bad else "\n".join(bad))
sys.exit(1 if bad else 0)
