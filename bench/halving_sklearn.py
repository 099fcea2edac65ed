#!/usr/bin/env python3
"""scikit-learn's HalvingGridSearchCV(n_jobs=-1) on bench/halving.sh's
search (the same grid, split, folds, factor and seed as its halving config):
the reference timing. Usage: halving_sklearn.py DATA.csv BEST_OUT.txt"""
import sys

import numpy as np
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, train_test_split
from sklearn.svm import SVC

data = np.loadtxt(sys.argv[1], delimiter=",")
X, y = data[:, :-1], data[:, -1].astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
grid = {"kernel": ["rbf"], "gamma": [0.3, 0.1, 0.05, 0.03, 0.02, 0.01, 0.005, 0.003, 0.001, "scale"],
        "C": [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000]}
clf = HalvingGridSearchCV(SVC(), grid, scoring="accuracy", cv=5, factor=3, random_state=0, n_jobs=-1,
                          return_train_score=False).fit(X_train, y_train)
with open(sys.argv[2], "w") as f:
    f.write(f"{clf.best_score_!r} {clf.best_params_}\n")
