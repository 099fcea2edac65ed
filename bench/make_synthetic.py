#!/usr/bin/env python3
"""Writes bench/out/synthetic_<n>.csv: make_classification(n_samples=n,
n_features=20, n_informative=10, n_classes=3, random_state=0), features as
shortest round-trip floats, the integer label last, no header. For the
benchmark of a larger search (bench/search.sh); needs python3-sklearn."""
import os
import sys

from sklearn.datasets import make_classification

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
os.makedirs(out, exist_ok=True)
X, y = make_classification(n_samples=n, n_features=20, n_informative=10,
                           n_classes=3, random_state=0)
path = os.path.join(out, f"synthetic_{n}.csv")
with open(path, "w") as f:
    for row, label in zip(X, y):
        f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
print(path)
