#!/usr/bin/env python3
"""Writes the sparse benchmark set (issue 14): a text-like LIBSVM file of
ROWS x FEATURES with about DENSITY of its cells stored, 3 classes; each row
stores a tenth of its values in its class's own band of features and the
rest anywhere (the classes overlap: accuracy well below 1), values rounded to 4 decimals. Deterministic (seed 14).
Usage: make_sparse.py OUT.libsvm [ROWS FEATURES DENSITY]; prints OUT."""
import sys

import numpy as np


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    m = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    density = float(sys.argv[4]) if len(sys.argv) > 4 else 0.01
    k = 3
    rng = np.random.RandomState(14)
    y = rng.randint(k, size=n)
    per = max(2, int(round(density * m)))
    band = m // (2 * k)
    with open(out, "w") as f:
        for i in range(n):
            own = rng.choice(band, per // 10, replace=False) + y[i] * band
            other = rng.choice(m, per - per // 10, replace=False)
            cols = np.unique(np.concatenate([own, other]))
            vals = np.round(rng.exponential(1.0, cols.size) + 0.05, 4)
            f.write(str(y[i] + 1) + " " + " ".join(f"{c + 1}:{v!r}" for c, v in zip(cols, vals.tolist())) + "\n")
    print(out)


if __name__ == "__main__":
    main()
