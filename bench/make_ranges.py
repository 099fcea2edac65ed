#!/usr/bin/env python3
"""Writes bench/out/ranges_<n>.csv: make_classification(n_samples=n,
n_features=12, n_informative=6, n_redundant=2, random_state=5) with each
feature scaled by 1e-4 ... 1e6 and shifted (a table whose columns have wildly
different ranges, as sensor or financial data do), shortest round-trip
floats, the integer label last, no header. For bench/pipeline.sh; needs
python3-sklearn."""
import os
import sys

import numpy as np
from sklearn.datasets import make_classification

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
os.makedirs(out, exist_ok=True)
X, y = make_classification(n_samples=n, n_features=12, n_informative=6, n_redundant=2, random_state=5)
scale = np.array([1e-4, 1e-2, 1.0, 3.0, 50.0, 1e3, 2e4, 1e5, 1e6, 0.5, 7e2, 1e-3])
shift = np.array([0.0, 1.0, -5.0, 100.0, 0.0, 1e4, 0.0, -3e5, 5e6, 0.0, 0.0, 2.0])
X = X * scale + shift
path = os.path.join(out, f"ranges_{n}.csv")
with open(path, "w") as f:
    for row, label in zip(X, y):
        f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
print(path)
