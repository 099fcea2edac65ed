#!/usr/bin/python3
"""Writes tests/data/halving_expected.txt: what scikit-learn 1.2.1 and numpy
1.24 compute for the pieces of successive halving that lib/halving.c
reproduces (run with /usr/bin/python3, which has them):

  plan <factor> <min> <max> <aggr> <n_cand> <n_samples> <n_splits> <n_classes>\t
      <n_iter> <n_required> <n_possible> <min_> <max_> | resources | candidates
  (from a real HalvingGridSearchCV fit of a DummyClassifier, not a re-derivation)
  sub <n> <n_resources> <n_samples> <seed>\t <resample(arange(n)) positions>
  argsort <n>\t<values as %r> | <np.argsort(values)>
  topk <k>\t<means> | <_top_k order, as positions>
  best\t<means> | <index>
"""
import os
import sys
import warnings

import numpy as np
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import HalvingGridSearchCV, StratifiedKFold
from sklearn.model_selection._search_successive_halving import _top_k
from sklearn.utils import resample

assert np.__version__.startswith("1.24"), np.__version__

out = []


def plan(factor, mn, mx, aggr, n_cand, n_samples, n_splits, n_classes):
    X = np.zeros((n_samples, 1))
    y = np.arange(n_samples) % n_classes
    s = HalvingGridSearchCV(DummyClassifier(), {"random_state": list(range(n_cand))},
                            factor=factor, min_resources=mn, max_resources=mx,
                            aggressive_elimination=aggr, cv=StratifiedKFold(n_splits),
                            refit=False, error_score=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s.fit(X, y)
    key = f"plan {factor} {mn} {mx} {int(aggr)} {n_cand} {n_samples} {n_splits} {n_classes}"
    val = (f"{s.n_iterations_} {s.n_required_iterations_} {s.n_possible_iterations_} "
           f"{s.min_resources_} {s.max_resources_} | {' '.join(map(str, s.n_resources_))} | "
           f"{' '.join(map(str, s.n_candidates_))}")
    out.append(f"{key}\t{val}")


for args in [
    (3, "exhaust", "auto", False, 25, 700, 3, 3),     # the reference note's case: [77, 231, 693]
    (3, "smallest", "auto", False, 25, 700, 3, 3),
    (2, "exhaust", "auto", False, 100, 1347, 5, 10),
    (2, "smallest", "auto", False, 100, 1347, 5, 10),
    (3, "exhaust", "auto", False, 243, 5000, 5, 2),   # log(243, 3) = 4.999...
    (3, "smallest", "auto", True, 243, 500, 5, 2),    # aggressive: more iterations than possible
    (2, "smallest", "auto", True, 64, 100, 2, 2),
    (3, "smallest", 300, False, 30, 1000, 4, 3),
    (3, 50, "auto", False, 30, 1000, 4, 3),
    (4, 40, 900, True, 70, 1000, 4, 3),
    (5, "exhaust", "auto", False, 1, 200, 5, 2),
    (2, "exhaust", "auto", False, 7, 1347, 5, 10),
    (3, "smallest", "auto", False, 10, 60, 3, 2),     # min == max / 5: two iterations possible
]:
    plan(*args)

for n, r, ns, seed in [(10, 10, 10, 0), (10, 5, 10, 0), (1078, 77, 1347, 0), (1078, 1347, 1347, 0),
                       (270, 231, 1347, 42), (17, 3, 20, 4294967295), (5, 1, 100, 7), (1000, 999, 1000, 123)]:
    idx = np.arange(n)
    m = int(r / ns * n)
    got = resample(idx, replace=False, random_state=seed, n_samples=m)
    out.append(f"sub {n} {r} {ns} {seed}\t{' '.join(map(str, got))}")

rng = np.random.RandomState(2026)
cases = []
for n in list(range(0, 40)) + [63, 64, 65, 100, 128, 129, 200, 257, 500, 1000]:
    for levels in (1, 2, 3, 7, 50):
        v = rng.randint(0, levels, size=n) / 4.0
        cases.append(v)
        w = v.copy()
        if n:
            w[rng.rand(n) < 0.2] = np.nan
            cases.append(w)
# adversarial-ish shapes: sorted, reversed, organ pipe, all equal, all NaN
for n in (17, 33, 100, 1000):
    cases += [np.arange(n) / 7.0, np.arange(n)[::-1] / 7.0, np.r_[np.arange(n // 2), np.arange(n - n // 2)[::-1]] % 5 / 1.0,
              np.zeros(n), np.full(n, np.nan), np.arange(n) % 3 / 1.0]
for v in cases:
    s = np.argsort(v)
    out.append(f"argsort {len(v)}\t{' '.join(repr(float(x)) for x in v)} | {' '.join(map(str, s))}")

for v in cases[::3]:
    n = len(v)
    if n == 0:
        continue
    for factor in (2, 3):
        k = -(-n // factor)
        res = {"iter": np.zeros(n, int), "mean_test_score": v, "params": [{"i": i} for i in range(n)]}
        got = [p["i"] for p in _top_k(res, k, 0)]
        out.append(f"topk {k}\t{' '.join(repr(float(x)) for x in v)} | {' '.join(map(str, got))}")
        b = 0 if np.isnan(v).all() else int(np.nanargmax(v))
        out.append(f"best\t{' '.join(repr(float(x)) for x in v)} | {b}")

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "halving_expected.txt")
with open(path, "w") as f:
    f.write("\n".join(out) + "\n")
print(path, len(out), "lines", file=sys.stderr)
