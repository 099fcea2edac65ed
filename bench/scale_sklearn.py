#!/usr/bin/env python3
"""scikit-learn's side of bench/scale.sh: GridSearchCV(SVC(), rbf, C 1/10/100
x gamma scale/0.1, cv 3, accuracy, n_jobs=-1) on a CSV of features with the
integer label last (train_test_split test_size 0.2, random_state 0, as the
gridsearch config scale.sh writes), then the refit's predictions on X_test.
With a second argument, writes cv_results_ there as CSV (params as gridsearch writes them, floats as repr) for scale_compare.py."""
import csv
import json
import sys

import numpy as np
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.svm import SVC

data = np.loadtxt(sys.argv[1], delimiter=",")
X, y = data[:, :-1], data[:, -1].astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
grid = {"kernel": ["rbf"], "C": [1, 10, 100], "gamma": ["scale", 0.1]}
clf = GridSearchCV(SVC(), grid, cv=3, scoring="accuracy", n_jobs=-1).fit(X_train, y_train)
acc = float(np.mean(clf.predict(X_test) == y_test))
print("best", clf.best_params_, repr(clf.best_score_), "test accuracy", repr(acc))
if len(sys.argv) > 2:
    r = clf.cv_results_
    keys = ["split0_test_score", "split1_test_score", "split2_test_score", "mean_test_score", "std_test_score",
            "rank_test_score"]
    with open(sys.argv[2], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["params"] + keys)
        for i, p in enumerate(r["params"]):
            w.writerow([json.dumps(p)] + [repr(r[k][i].item()) for k in keys])
