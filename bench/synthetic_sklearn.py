#!/usr/bin/env python3
"""scikit-learn's GridSearchCV on the larger benchmark search
(bench/synthetic.json's settings), all cores: the reference timing."""
import sys
import time

import numpy as np
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.svm import SVC

t0 = time.time()
data = np.loadtxt(sys.argv[1], delimiter=",")
X, y = data[:, :-1], data[:, -1].astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
grid = [{"kernel": ["rbf"], "gamma": [0.1, 0.03, 0.01, 0.003, "scale"], "C": [0.1, 1, 10, 100]},
        {"kernel": ["linear"], "C": [0.01, 0.1, 1, 10]},
        {"kernel": ["poly"], "degree": [2, 3], "coef0": [0, 1], "C": [0.1, 1, 10]}]
for score in ["accuracy", "f1_macro"]:
    clf = GridSearchCV(SVC(), grid, scoring=score, n_jobs=-1).fit(X_train, y_train)
    print(score, clf.best_params_, clf.best_score_)
print("%.3fs" % (time.time() - t0), file=sys.stderr)
