#!/usr/bin/env python3
"""Writes tests/data/unit_expected.txt: numpy / scikit-learn values the C unit
tests compare against (run with /usr/bin/python3; CI never runs it).
Line format: a key, then values separated by spaces. Floats are written with
repr (round-trip exact)."""
import os

import numpy as np
from sklearn.model_selection import StratifiedKFold, train_test_split

out = []
def put(key, vals):
    out.append(key + " " + " ".join(str(v) for v in vals))

for seed in (0, 1, 42, 4294967295):
    rs = np.random.RandomState(seed)
    put(f"raw32 {seed}", rs.randint(0, 2**32, size=8, dtype=np.uint64))  # see below
for seed in (0, 3):
    for n in (1, 2, 10, 100, 899):
        put(f"perm {seed} {n}", np.random.RandomState(seed).permutation(n))
a = np.arange(5).repeat([3, 2, 4, 1, 5]); np.random.RandomState(7).shuffle(a); put("shuffle 7", a)
put("choice 1", np.random.RandomState(1).choice(10, 4, replace=False))

rng = np.random.RandomState(5)
for n in (1, 5, 8, 9, 10, 17, 127, 128, 129, 200, 1000, 8192, 8193, 46016):
    x = rng.rand(n) * 10.0 ** rng.uniform(-3, 3, n)
    put(f"sum {n}", [repr(float(v)) for v in x] + ["=", repr(float(np.sum(x))), repr(float(np.mean(x))), repr(float(np.var(x)))])

for v in (0.1, 1e-05, 1e16, 1e15, 123456789012345678.0, 5e-324, 1.0, 0.0001, 2.5e-07, 0.001, 1000.0, -0.5, 1.7976931348623157e308, 3.0e-5, 12345.678):
    put("repr", [repr(v).replace(" ", ""), v.hex()])

# train_test_split and StratifiedKFold on label vectors
ys = {
    "y10": np.array([i % 10 for i in range(97)]),
    "y3": np.array([0] * 20 + [1] * 13 + [2] * 7),
    "y2": np.array([1, -1] * 15 + [1] * 9),
}
for name, y in ys.items():
    X = np.zeros((len(y), 1))
    for ts, rs, strat in ((0.25, 0, False), (0.3, 7, True), (11, 123, True), (0.5, 4294967295, False)):
        tr, te = train_test_split(np.arange(len(y)), test_size=ts, random_state=rs, stratify=y if strat else None)
        put(f"split {name} {ts} {rs} {int(strat)} train", tr)
        put(f"split {name} {ts} {rs} {int(strat)} test", te)
    for k, sh, rs in ((3, False, 0), (4, True, 5), (5, True, 0)):
        folds = np.empty(len(y), dtype=int)
        for f, (_, test) in enumerate(StratifiedKFold(k, shuffle=sh, random_state=rs if sh else None).split(X, y)):
            folds[test] = f
        put(f"folds {name} {k} {int(sh)} {rs}", folds)
    put(f"labels {name}", y)

# scorers on hand-made predictions (zero_division cases included)
import warnings
warnings.filterwarnings("ignore")
from sklearn import metrics as M
pairs = {
    "multi": ([0, 1, 2, 2, 1, 0, 3, 3, 3, 1], [0, 2, 2, 2, 1, 0, 3, 1, 0, 1]),
    "absent_pred": ([0, 0, 1, 1, 2, 2], [0, 0, 0, 0, 0, 0]),
    "extra_pred": ([0, 0, 1, 1], [0, 5, 1, 5]),
    "binary": ([1, -1, 1, 1, -1, -1, 1], [1, 1, -1, 1, -1, -1, -1]),
    "binary_no_pos_pred": ([0, 1, 0, 1], [0, 0, 0, 0]),
}
names = ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "precision_macro", "precision_micro",
         "precision_weighted", "recall_macro", "recall_micro", "recall_weighted", "f1_macro", "f1_micro", "f1_weighted"]
for pname, (yt, yp) in pairs.items():
    put(f"pair {pname} true", yt)
    put(f"pair {pname} pred", yp)
    vals = []
    for n in names:
        if n in ("precision", "recall", "f1") and len(set(yt) | set(yp)) > 2:
            vals.append("x")
            continue
        sc = M.get_scorer(n)._score_func
        kw = M.get_scorer(n)._kwargs
        vals.append(repr(float(sc(yt, yp, **kw))))
    put(f"scores {pname}", vals)
    rep = M.classification_report(yt, yp)
    put(f"report {pname}", [rep.replace("\n", "|")])

# the decision-value scorers (needs_threshold): y_true, decision values, then
# roc_auc and average_precision as the scorers compute them ("x": the
# scorer raises, so a search records error_score)
rs = np.random.RandomState(5)
dec_sets = {
    "ties01": ([0, 1, 1, 0, 1, 0, 0, 1], [0.5, 0.5, 2.0, -1.0, 0.5, -1.0, 0.25, 3.0]),
    "labels12": ([1, 2, 2, 1, 2, 1, 1, 2, 2], [-1.5, 0.2, 1.1, -0.3, 0.9, 0.2, -2.0, 0.05, -0.1]),
    "minus1plus1": ([-1, 1, 1, -1, 1, -1], [-0.7, 0.8, -0.1, 0.3, 0.3, -1.2]),
    "labels02": ([0, 2, 2, 0], [-1.0, 1.0, 0.5, 0.2]),
    "one_label": ([1, 1, 1], [0.1, 0.2, 0.3]),
    "multiclass": ([0, 1, 2, 1], [0.1, 0.2, 0.3, 0.4]),
    "random": (list(rs.randint(0, 2, size=300)), list(np.round(rs.normal(size=300), 2))),
}
for dname, (yt, sc) in dec_sets.items():
    yt = np.asarray(yt)
    sc = np.asarray(sc, dtype=float)
    put(f"dec {dname} true", yt)
    put(f"dec {dname} score", [repr(float(v)) for v in sc])
    vals = []
    for n in ("roc_auc", "average_precision"):
        s = M.get_scorer(n)
        try:
            from sklearn.utils.multiclass import type_of_target
            if type_of_target(yt) not in ("binary", "multilabel-indicator"):
                raise ValueError("format is not supported")
            vals.append(repr(float(s._score_func(yt, sc, **s._kwargs))))
        except ValueError:
            vals.append("x")
    put(f"decscores {dname}", vals)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "unit_expected.txt"), "w") as f:
    f.write("\n".join(out) + "\n")
