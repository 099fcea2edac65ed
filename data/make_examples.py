#!/usr/bin/env python3
"""Writes the data sets used by the example configs (see data/EXAMPLES.md).

    python3 data/make_examples.py        # from the repository's root, or anywhere

Needs numpy and scikit-learn (Debian: python3-sklearn). Only for regenerating
the files: gridsearch, its tests and the example configs never run Python.
The output is deterministic (fixed random_state), so rerunning it rewrites the
committed files byte for byte.
"""
import os
import sys

import numpy as np
from sklearn.datasets import make_classification

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "golden"))
from make_goldens import write_libsvm  # noqa: E402  (the goldens' LIBSVM writer)


def write_csv(path, X, y, header):
    """Numeric features, then the integer label in the last column."""
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{int(label)}\n")


def main():
    # imbalanced.csv: 400 rows, 8 features, binary labels 0 (about 90%) and
    # 1 (about 10%), with a header row.
    X, y = make_classification(n_samples=400, n_features=8, n_informative=4, n_redundant=2,
                               n_classes=2, weights=[0.9, 0.1], flip_y=0.02, class_sep=0.8,
                               random_state=42)
    header = [f"x{i}" for i in range(X.shape[1])] + ["label"]
    write_csv(os.path.join(HERE, "imbalanced.csv"), np.round(X, 6), y, header)

    # example.libsvm: 300 rows, 20 features, 3 classes labelled 1, 2, 3;
    # values with |x| < 0.8 set to zero (and so left out of the file), which
    # leaves about 40% of the entries non-zero.
    X, y = make_classification(n_samples=300, n_features=20, n_informative=6, n_redundant=2,
                               n_classes=3, n_clusters_per_class=1, random_state=7)
    X = np.round(X, 4)
    X[np.abs(X) < 0.8] = 0.0
    write_libsvm(os.path.join(HERE, "example.libsvm"), X, y + 1)


if __name__ == "__main__":
    main()
