#!/usr/bin/env python3
"""scikit-learn's side of bench/sparse.sh: GridSearchCV(SVC) on the scipy
CSR matrix of a LIBSVM file (libsvm_sparse), with bench/sparse.json's split,
folds, scoring and grid, all cores; refits, reports on the held-out rows,
and writes cv_results_ (scores) as CSV for comparison with gridsearch's.
Usage: sparse_sklearn.py CONFIG.json DATA.libsvm OUT.csv"""
import csv
import json
import sys

import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.metrics import classification_report
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.svm import SVC

cfg = json.load(open(sys.argv[1]))
X, y = load_svmlight_file(sys.argv[2], zero_based=False)  # scipy CSR, kept sparse
y = y.astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=cfg["test_size"],
                                                    random_state=cfg["random_state"])
score = cfg["scoring"][0]
gs = GridSearchCV(SVC(), cfg["param_grid"], scoring=score, cv=StratifiedKFold(cfg["cv"]), n_jobs=-1)
gs.fit(X_train, y_train)
print(gs.best_params_)
print(classification_report(y_test, gs.predict(X_test)))
r = gs.cv_results_
# one scorer given by name: scikit-learn's columns say "score"
r = {k.replace("_test_score", f"_test_{score}"): v for k, v in r.items()}
keys = sorted({k for p in r["params"] for k in p})
cols = [f"split{i}_test_{score}" for i in range(cfg["cv"])] + [f"mean_test_{score}", f"std_test_{score}",
                                                               f"rank_test_{score}"]
with open(sys.argv[3], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow([f"param_{k}" for k in keys] + cols)
    for i, p in enumerate(r["params"]):
        w.writerow([p.get(k, "") for k in keys] + [repr(float(r[c][i])) if not c.startswith("rank") else int(r[c][i])
                                                   for c in cols])
