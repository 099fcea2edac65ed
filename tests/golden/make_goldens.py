#!/usr/bin/env python3
"""Regenerates the scikit-learn goldens of gridsearch's end-to-end tests.

Run from anywhere with Debian's Python (python3-sklearn 1.2, numpy):
    /usr/bin/python3 tests/golden/make_goldens.py
It writes, under tests/golden/:
  data/      small datasets (CSV with and without a header, LIBSVM format),
  configs/   the gridsearch configs (JSON) that use them and the digits set,
  expected/  per config: <name>.csv (cv_results_ columns, timings left out)
             and <name>.stdout (what the seed program prints, per scorer).
The C tests (tests/test_goldens.sh) compare gridsearch's output with these
files within 1e-9 and need no Python. Everything here is deterministic.
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.base import clone
from sklearn.datasets import load_iris, load_svmlight_file, load_wine, make_classification
from sklearn.metrics import classification_report
from scipy import stats
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import (GridSearchCV, HalvingGridSearchCV, HalvingRandomSearchCV, RandomizedSearchCV,
                                     StratifiedKFold, train_test_split)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def write_csv(path, X, y, header=False):
    with open(path, "w") as f:
        if header:
            f.write(",".join([f"f{i}" for i in range(X.shape[1])] + ["label"]) + "\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{int(label)}\n")


def write_libsvm(path, X, y):
    with open(path, "w") as f:
        for row, label in zip(X, y):
            cells = [f"{i + 1}:{repr(float(v))}" for i, v in enumerate(row) if v != 0]
            f.write(" ".join([str(int(label))] + cells) + "\n")


def make_sparse(n, m, density, k, seed):
    """A text-like sparse set: each row stores about density x m features,
    half of them from its class's own band of features, values rounded to 4
    decimals (so the LIBSVM text holds them exactly)."""
    rng = np.random.RandomState(seed)
    y = rng.randint(k, size=n)
    X = np.zeros((n, m))
    per = max(2, int(round(density * m)))
    band = m // (2 * k)
    for i in range(n):
        own = rng.choice(band, per // 2, replace=False) + y[i] * band
        other = rng.choice(m, per - per // 2, replace=False)
        X[i, np.concatenate([own, other])] = np.round(rng.exponential(1.0, per) + 0.05, 4)
    return X, y + 1


def make_data():
    d = os.path.join(HERE, "data")
    os.makedirs(d, exist_ok=True)
    X, y = make_classification(n_samples=160, n_features=6, n_informative=4, n_redundant=1,
                               random_state=11, class_sep=0.8)
    write_csv(os.path.join(d, "binary.csv"), np.round(X, 6), y, header=True)
    # the same rows labelled {1, 2}: average_precision's pos_label=1 then
    # scores class 1 against decision values that favour class 2
    write_csv(os.path.join(d, "binary12.csv"), np.round(X, 6), y + 1, header=True)
    X, y = load_iris(return_X_y=True)
    write_csv(os.path.join(d, "iris3.csv"), X, y)
    X, y = load_wine(return_X_y=True)
    X = np.round((X - X.mean(axis=0)) / X.std(axis=0), 5)
    write_libsvm(os.path.join(d, "wine3.libsvm"), X, y + 1)
    write_libsvm(os.path.join(d, "sparse3.libsvm"), *make_sparse(240, 300, 0.03, 3, 5))
    X, y = make_classification(n_samples=200, n_features=5, n_informative=3, weights=[0.85],
                               random_state=3, flip_y=0.05)
    write_csv(os.path.join(d, "imbalanced.csv"), np.round(X, 6), np.where(y == 1, 1, -1))
    # pipelines: constant features (a zero column, a constant 3.5, one that is
    # constant in most folds), and features of wildly different ranges
    X, y = make_classification(n_samples=150, n_features=5, n_informative=3, n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, random_state=21, class_sep=1.2)
    rare = np.zeros(150)
    rare[[17, 88]] = 2.0
    X = np.column_stack([X[:, :2], np.zeros(150), X[:, 2:4], np.full(150, 3.5), rare, X[:, 4]])
    write_csv(os.path.join(d, "constant3.csv"), np.round(X, 6), y)
    X, y = make_classification(n_samples=240, n_features=6, n_informative=4, n_redundant=1,
                               random_state=8, class_sep=1.0)
    X = X * np.array([1e-3, 1.0, 250.0, 4e4, 0.02, 1e6]) + np.array([0.0, -7.0, 1e3, 0.0, 5.0, -2e6])
    write_csv(os.path.join(d, "ranges.csv"), np.round(X, 6), y, header=True)


CONFIGS = {
    "digits_seed": {
        "dataset": "digits", "test_size": 0.5, "random_state": 0, "cv": 5,
        "scoring": ["precision_macro", "recall_macro"],
        "param_grid": [{"kernel": ["rbf"], "gamma": [0.001, 0.0001], "C": [1, 10, 100, 1000]},
                       {"kernel": ["linear"], "C": [1, 10, 100, 1000]}]},
    "digits_stratified": {
        "dataset": "digits", "test_size": 0.3, "random_state": 5, "stratify": True,
        "cv": {"n_splits": 3, "shuffle": True, "random_state": 11},
        "scoring": ["accuracy", "balanced_accuracy", "f1_weighted"],
        "param_grid": {"kernel": ["rbf"], "gamma": ["scale", 0.002], "C": [1, 5.5]}},
    "binary_scorers": {
        "dataset": {"path": "../data/binary.csv", "format": "csv"}, "test_size": 0.25, "random_state": 42,
        "cv": 4,
        "scoring": ["precision", "recall", "f1", "accuracy", "balanced_accuracy", "precision_micro",
                    "recall_micro", "f1_micro", "precision_macro", "recall_weighted"],
        "param_grid": [{"kernel": ["linear"], "C": [0.01, 1, 100]},
                       {"kernel": ["rbf"], "gamma": ["auto", "scale"], "C": [0.5, 3]}]},
    "iris_poly": {
        "dataset": {"path": "../data/iris3.csv"}, "test_size": 50, "random_state": 7,
        "cv": {"n_splits": 5, "shuffle": True},
        "scoring": ["precision_macro", "recall_weighted", "f1_micro"],
        "param_grid": {"kernel": ["poly"], "degree": [2, 3], "coef0": [0, 1.0], "gamma": ["scale", 0.5],
                       "C": [0.1, 1]},
        "svm": {"tol": 0.0001, "shrinking": False}},
    "wine_libsvm": {
        "dataset": {"path": "../data/wine3.libsvm", "format": "libsvm"}, "test_size": 0.4,
        "random_state": 1, "cv": 4,
        "scoring": ["recall_macro", "precision_weighted"],
        "param_grid": [{"kernel": ["sigmoid"], "gamma": [1e-05, 0.01], "coef0": [0, -0.5], "C": [1, 10]},
                       {"kernel": ["rbf"], "gamma": [0.05], "C": [0.3, 30]}]},
    # a sparse LIBSVM file (3% of its cells stored): gridsearch keeps it
    # sparse, scikit-learn fits the scipy CSR matrix (libsvm_sparse)
    "sparse_libsvm": {
        "dataset": {"path": "../data/sparse3.libsvm", "format": "libsvm"}, "test_size": 0.25,
        "random_state": 4, "cv": 3, "return_train_score": True,
        "scoring": ["accuracy", "f1_macro"],
        "param_grid": [{"kernel": ["linear"], "C": [0.05, 1]},
                       {"kernel": ["rbf"], "gamma": ["scale", "auto", 0.3], "C": [0.5, 8]},
                       {"kernel": ["poly"], "degree": [2], "gamma": ["scale"], "coef0": [1.0], "C": [1]},
                       {"kernel": ["sigmoid"], "gamma": [0.01], "coef0": [0, -0.5], "C": [2]}]},
    # the same sparse set through MaxAbsScaler and StandardScaler(with_mean=False),
    # which keep it sparse (scikit-learn scales by 1 / scale_ there)
    "sparse_pipeline": {
        "dataset": {"path": "../data/sparse3.libsvm", "format": "libsvm"}, "test_size": 0.3,
        "random_state": 8, "cv": 4, "return_train_score": True,
        "scoring": ["accuracy", "balanced_accuracy"],
        "param_grid": [{"scaler": [None, "maxabs", {"standard": {"with_mean": False}}],
                        "kernel": ["rbf"], "gamma": ["scale"], "C": [1, 20]},
                       {"scaler": ["maxabs"], "kernel": ["linear"], "C": [0.2]}]},
    "imbalanced_weights": {
        "dataset": {"path": "../data/imbalanced.csv"}, "test_size": 0.3, "random_state": 9, "stratify": True,
        "cv": 3,
        "scoring": ["f1", "recall", "precision", "balanced_accuracy", "f1_weighted"],
        "param_grid": {"kernel": ["linear"], "C": [0.1, 1],
                       "class_weight": [None, "balanced", {"1": 5, "-1": 1}, {"-1": 0.5}]}},
    "iris_zero_division": {
        "dataset": {"path": "../data/iris3.csv"}, "test_size": 0.2, "random_state": 3, "cv": 3,
        "scoring": ["precision_macro", "f1_macro", "precision_weighted", "recall_micro", "balanced_accuracy"],
        "param_grid": [{"kernel": ["linear"], "C": [0.0001, 0.001, 1]},
                       {"kernel": ["rbf"], "gamma": [1e-05, 0.1], "C": [1.0, 10.0]}]},
    "iris_seed_max": {
        "dataset": {"path": "../data/iris3.csv", "format": "csv"}, "test_size": 30, "random_state": 4294967295,
        "cv": {"n_splits": 2},
        "scoring": "accuracy",
        "param_grid": {"C": [1e-05, 0.5, 2.0e3], "kernel": ["rbf", "linear", "poly", "sigmoid"]}},
    "binary_class_weight_rbf": {
        "dataset": {"path": "../data/binary.csv"}, "test_size": 0.5, "random_state": 123, "stratify": True,
        "cv": {"n_splits": 4, "shuffle": True, "random_state": 0},
        "scoring": ["f1", "precision_weighted"],
        "param_grid": {"kernel": ["rbf", "poly"], "degree": [2], "C": [0.5, 8], "class_weight": ["balanced", {"0": 2}],
                       "gamma": [0.1]}},
    "pipe_standard_constant": {
        "dataset": {"path": "../data/constant3.csv"}, "test_size": 0.3, "random_state": 4, "cv": 4,
        "scoring": ["accuracy", "f1_macro"], "preprocessing": "standard",
        "param_grid": [{"kernel": ["rbf"], "gamma": ["scale", 0.05], "C": [0.5, 20]},
                       {"kernel": ["linear"], "C": [0.01, 1]}]},
    "pipe_minmax_ranges": {
        "dataset": {"path": "../data/ranges.csv"}, "test_size": 0.25, "random_state": 6, "stratify": True,
        "cv": {"n_splits": 3, "shuffle": True, "random_state": 2},
        "scoring": ["accuracy", "precision", "recall"],
        "preprocessing": {"minmax": {"feature_range": [-1, 1]}},
        "param_grid": {"kernel": ["rbf", "poly"], "degree": [2], "gamma": ["scale", "auto"], "C": [1, 30.0],
                       "class_weight": [None, "balanced"]}},
    "pipe_maxabs_constant": {
        "dataset": {"path": "../data/constant3.csv"}, "test_size": 40, "random_state": 13, "cv": 3,
        "scoring": "balanced_accuracy", "preprocessing": "maxabs",
        "param_grid": {"kernel": ["rbf", "sigmoid"], "gamma": ["scale"], "coef0": [0.0], "C": [2, 50]}},
    "pipe_scaler_grid_ranges": {
        "dataset": {"path": "../data/ranges.csv"}, "test_size": 0.3, "random_state": 3, "cv": 4,
        "scoring": ["accuracy", "f1"], "preprocessing": {"standard": {"with_mean": False}},
        "param_grid": [{"scaler": ["standard", {"minmax": {"feature_range": [-1, 1]}}, "maxabs", None],
                        "kernel": ["rbf"], "gamma": ["scale"], "C": [1, 10]},
                       {"kernel": ["linear"], "C": [0.001]}]},
    "pipe_scaler_grid_constant": {
        "dataset": {"path": "../data/constant3.csv"}, "test_size": 0.2, "random_state": 0, "cv": 3,
        "scoring": ["accuracy"],
        "param_grid": {"C": [1, 8], "scaler": [None, {"standard": {"with_std": False}}, {"minmax": {}}],
                       "gamma": ["scale"]}},
    "binary_roc_auc": {
        "dataset": {"path": "../data/binary.csv"}, "test_size": 0.3, "random_state": 8, "stratify": True,
        "cv": {"n_splits": 4, "shuffle": True, "random_state": 3},
        "scoring": ["roc_auc", "average_precision", "accuracy"],
        "param_grid": [{"kernel": ["rbf"], "gamma": [0.01, "scale"], "C": [0.1, 1, 10]},
                       {"kernel": ["linear"], "C": [0.01, 1]},
                       {"kernel": ["sigmoid"], "gamma": [0.05], "coef0": [0, 1], "C": [1]}]},
    "binary12_ranking": {
        "dataset": {"path": "../data/binary12.csv"}, "test_size": 0.25, "random_state": 4,
        "cv": 3,
        "scoring": ["average_precision", "roc_auc"],
        "param_grid": {"kernel": ["rbf", "poly"], "degree": [2], "gamma": [0.1, "auto"], "C": [0.5, 5],
                       "class_weight": [None, {"2": 3}]}},
    "imbalanced_ranking": {
        "dataset": {"path": "../data/imbalanced.csv"}, "test_size": 0.3, "random_state": 9, "stratify": True,
        "cv": 3,
        "scoring": ["average_precision", "roc_auc", "f1"],
        "param_grid": {"kernel": ["linear", "rbf"], "C": [0.1, 10], "class_weight": [None, "balanced"]}},
    "digits_train_scores": {
        "dataset": "digits", "test_size": 0.4, "random_state": 3, "stratify": True,
        "cv": {"n_splits": 3, "shuffle": True, "random_state": 2},
        "scoring": ["accuracy", "f1_macro", "balanced_accuracy"], "return_train_score": True,
        "refit": "f1_macro",
        "param_grid": [{"kernel": ["rbf"], "gamma": [0.0005, "scale"], "C": [0.5, 10]},
                       {"kernel": ["linear"], "C": [0.001, 1]}]},
    "binary_train_ranking": {
        "dataset": {"path": "../data/binary12.csv"}, "test_size": 0.3, "random_state": 6,
        "cv": 4, "return_train_score": True, "refit": "roc_auc",
        "scoring": ["accuracy", "roc_auc", "average_precision", "precision_weighted"],
        "param_grid": {"kernel": ["rbf", "sigmoid"], "gamma": [0.02, 0.2], "C": [0.3, 3],
                       "class_weight": [None, "balanced"]}},
    "wine_default_scoring": {
        "dataset": {"path": "../data/wine3.libsvm"}, "random_state": 2,
        "param_grid": {"kernel": ["linear", "rbf"], "C": [0.05, 1]}},
    # randomized searches (RandomizedSearchCV): lists only, in each regime of
    # sample_without_replacement (n/N <= 0.01 tracking selection, a
    # permutation between, >= 0.99 reservoir), distributions, list of dicts
    "random_lists_tracking": {
        "dataset": {"path": "../data/binary.csv"}, "test_size": 0.25, "random_state": 3, "cv": 3,
        "search": {"strategy": "random", "n_iter": 6, "random_state": 7},
        "scoring": ["accuracy", "f1"],
        "param_distributions": {"kernel": ["rbf", "linear", "sigmoid"], "C": [0.01 * 2 ** i for i in range(20)],
                                "gamma": [1e-4 * 3 ** i for i in range(12)]}},
    "random_lists_permutation": {
        "dataset": "digits", "test_size": 0.5, "random_state": 0, "cv": 3,
        "search": {"strategy": "random", "n_iter": 5, "random_state": 1},
        "scoring": ["precision_macro"],
        "param_distributions": [{"kernel": ["rbf"], "gamma": [0.001, 0.0001, 0.0005], "C": [1, 10, 100, 1000]},
                                {"kernel": ["linear"], "C": [1, 10]}]},
    "random_lists_reservoir": {
        "dataset": {"path": "../data/iris3.csv"}, "test_size": 0.3, "random_state": 5, "cv": 4,
        "search": {"strategy": "random", "n_iter": 99, "random_state": 4294967295},
        "scoring": ["accuracy", "recall_macro"],
        "param_distributions": {"kernel": ["poly", "rbf"], "degree": [2, 3], "C": [0.1 * 1.5 ** i for i in range(25)]}},
    "random_distributions": {
        "dataset": "digits", "test_size": 0.5, "random_state": 0, "cv": 3,
        "search": {"strategy": "random", "n_iter": 8, "random_state": 42},
        "scoring": ["accuracy", "f1_macro"],
        "param_distributions": {"kernel": ["rbf"], "C": {"loguniform": [0.1, 1000]},
                                "gamma": {"loguniform": [1e-05, 0.01]}}},
    "random_dicts_mixed": {
        "dataset": {"path": "../data/binary.csv", "format": "csv"}, "test_size": 0.3, "random_state": 8,
        "stratify": True, "cv": {"n_splits": 4, "shuffle": True, "random_state": 2},
        "search": {"strategy": "random", "n_iter": 9, "random_state": 2026},
        "scoring": ["balanced_accuracy", "precision"],
        "param_distributions": [
            {"kernel": ["rbf"], "C": {"uniform": [0.5, 20]}, "gamma": {"expon": [0.2]},
             "class_weight": [None, "balanced"]},
            {"kernel": ["poly"], "degree": {"randint": [2, 4]}, "coef0": {"uniform": [-1, 2]},
             "C": {"randint": [1, 50]}, "gamma": ["scale"]},
            {"kernel": ["linear"], "C": {"expon": [3]}}]},
    # successive halving (HalvingGridSearchCV / HalvingRandomSearchCV): one
    # scorer; rows per (iteration, candidate), iter and n_resources columns
    "halving_digits_exhaust": {
        "dataset": "digits", "test_size": 0.25, "random_state": 0, "cv": 3,
        "search": {"strategy": "halving", "factor": 3, "random_state": 5},
        "scoring": "accuracy",
        "param_grid": [{"kernel": ["rbf"], "gamma": [0.0001, 0.001, 0.01, "scale"], "C": [0.1, 1, 10, 100]},
                       {"kernel": ["linear"], "C": [0.001, 0.01, 1]}]},
    "halving_digits_smallest_f2": {
        "dataset": "digits", "test_size": 0.3, "random_state": 2, "stratify": True,
        "cv": {"n_splits": 3, "shuffle": True, "random_state": 4},
        "search": {"strategy": "halving", "factor": 2, "min_resources": "smallest", "random_state": 11},
        "scoring": "f1_macro",
        "param_grid": {"kernel": ["rbf", "poly"], "degree": [2], "gamma": [0.0005, 0.002, "scale"],
                       "C": [0.5, 5, 50]}},
    "halving_digits_aggressive": {
        "dataset": "digits", "test_size": 0.5, "random_state": 1, "cv": 3,
        "search": {"strategy": "halving", "factor": 3, "min_resources": 60, "max_resources": 600,
                   "aggressive_elimination": True, "random_state": 0},
        "scoring": "accuracy",
        "param_grid": {"kernel": ["rbf"], "gamma": [0.0002, 0.001, 0.005, 0.02, "scale"],
                       "C": [0.3, 3, 30, 300, 3000]}},
    "halving_binary_exhaust": {
        "dataset": {"path": "../data/binary.csv"}, "test_size": 0.25, "random_state": 3, "cv": 3,
        "search": {"strategy": "halving", "factor": 2, "random_state": 9},
        "scoring": "accuracy",
        "param_grid": [{"kernel": ["rbf"], "gamma": [0.01, 0.1, "scale"], "C": [0.5, 5, 50]},
                       {"kernel": ["linear"], "C": [0.01, 1]}]},
    "halving_binary_smallest_f3": {
        "dataset": {"path": "../data/binary.csv"}, "test_size": 0.2, "random_state": 7, "cv": 4,
        "search": {"strategy": "halving", "factor": 3, "min_resources": "smallest", "random_state": 2},
        "scoring": "balanced_accuracy", "return_train_score": True,
        "param_grid": {"kernel": ["rbf", "sigmoid"], "gamma": [0.02, 0.2], "C": [0.3, 3, 30],
                       "class_weight": [None, "balanced"]}},
    "halving_random_digits": {
        "dataset": "digits", "test_size": 0.25, "random_state": 4, "cv": 3,
        "search": {"strategy": "halving", "factor": 3, "random_state": 42},
        "scoring": "accuracy",
        "param_distributions": {"kernel": ["rbf"], "C": {"uniform": [0.5, 100]}, "gamma": {"expon": [0.002]}}},
    "halving_random_binary": {
        "dataset": {"path": "../data/binary.csv"}, "test_size": 0.25, "random_state": 1, "cv": 3,
        "search": {"strategy": "halving", "factor": 2, "n_candidates": 12, "min_resources": 20, "random_state": 3},
        "scoring": "f1",
        "param_distributions": [{"kernel": ["rbf"], "C": {"uniform": [0.1, 30]}, "gamma": {"expon": [0.3]}},
                                {"kernel": ["linear"], "C": {"randint": [1, 20]}}]},
}


def load(cfg, cfg_dir):
    ds = cfg["dataset"]
    if ds == "digits":
        data = np.loadtxt(os.path.join(ROOT, "data", "digits.csv"), delimiter=",")
        return data[:, :-1], data[:, -1].astype(int)
    path = os.path.join(cfg_dir, ds["path"])
    fmt = ds.get("format") or ("libsvm" if path.endswith(".libsvm") else "csv")
    if fmt == "libsvm":
        X, y = load_svmlight_file(path, zero_based=False)
        # gridsearch's rule: a file storing under 10% of its cells stays sparse
        if X.nnz < 0.1 * X.shape[0] * X.shape[1]:
            return X, y.astype(int)
        return X.toarray(), y.astype(int)
    with open(path) as f:
        first = f.readline().split(",")
    try:
        [float(c) for c in first]
        skip = 0
    except ValueError:
        skip = 1
    data = np.loadtxt(path, delimiter=",", skiprows=skip)
    return data[:, :-1], data[:, -1].astype(int)


DISTRIBUTIONS = {"loguniform": stats.loguniform, "uniform": stats.uniform,
                 "expon": lambda scale: stats.expon(scale=scale), "randint": stats.randint}
def make_step(spec):
    """A gridsearch preprocessing spelling as a scikit-learn step."""
    if spec is None or spec == "none":
        return None
    name, kw = (spec, {}) if isinstance(spec, str) else next(iter(spec.items()))
    kw = dict(kw)
    if "feature_range" in kw:
        kw["feature_range"] = tuple(kw["feature_range"])
    return {"standard": StandardScaler, "minmax": MinMaxScaler, "maxabs": MaxAbsScaler}[name](**kw)


def is_pipeline(cfg):
    grid = grid_of(cfg) if isinstance(grid_of(cfg), list) else [grid_of(cfg)]
    return "preprocessing" in cfg or any("scaler" in g for g in grid)


def to_pipeline_grid(grid):
    """gridsearch's keys as a Pipeline's: C -> svc__C, scaler values as steps."""
    def one(g):
        return {("scaler" if k == "scaler" else "svc__" + k): ([make_step(v) for v in vs] if k == "scaler" else vs)
                for k, vs in g.items()}
    return [one(g) for g in grid] if isinstance(grid, list) else one(grid)


def to_gridsearch_params(p):
    """A Pipeline's params dict as gridsearch prints it: svc__ dropped, in
    scikit-learn's (sorted) key order."""
    return {(k[5:] if k.startswith("svc__") else k): v for k, v in p.items()}


def to_sklearn(grid):
    """param_grid / param_distributions as scikit-learn takes them: class_weight
    keys as ints, {"loguniform": [a, b]} etc. as scipy.stats distributions."""
    def one(g):
        g = dict(g)
        if "class_weight" in g:
            g["class_weight"] = [{int(k): v for k, v in w.items()} if isinstance(w, dict) else w
                                 for w in g["class_weight"]]
        for k, v in g.items():
            if isinstance(v, dict):
                (name, args), = v.items()
                g[k] = DISTRIBUTIONS[name](*args)
        return g
    return [one(g) for g in grid] if isinstance(grid, list) else one(grid)


def grid_of(cfg):
    """param_grid, or a randomized search's param_distributions."""
    return cfg.get("param_distributions", cfg.get("param_grid"))


def search_cv(cfg, est, grid, scoring, cv, **kw):
    """GridSearchCV, or RandomizedSearchCV for "search": "random" / {...}."""
    search = cfg.get("search", "grid")
    if isinstance(search, str):
        search = {"strategy": search}
    if search["strategy"] == "halving":
        kw = dict(kw, refit=True, factor=search.get("factor", 3), max_resources=search.get("max_resources", "auto"),
                  aggressive_elimination=search.get("aggressive_elimination", False),
                  random_state=search.get("random_state", 0), scoring=scoring[0], cv=cv, error_score="raise")
        if "param_distributions" in cfg:
            return HalvingRandomSearchCV(est, grid, n_candidates=search.get("n_candidates", "exhaust"),
                                         min_resources=search.get("min_resources", "smallest"), **kw)
        return HalvingGridSearchCV(est, grid, min_resources=search.get("min_resources", "exhaust"), **kw)
    if search["strategy"] == "random":
        return RandomizedSearchCV(est, grid, n_iter=search.get("n_iter", 10),
                                  random_state=search.get("random_state", 0), scoring=scoring,
                                  cv=cv, error_score="raise", **kw)
    return GridSearchCV(est, grid, scoring=scoring, cv=cv, error_score="raise", **kw)


def json_params(p):
    p = dict(p)
    if isinstance(p.get("class_weight"), dict):
        p["class_weight"] = {str(k): v for k, v in p["class_weight"].items()}
    if "scaler" in p:
        # a step prints as its repr, first (Pipeline keys sort "scaler" < "svc__*")
        rest = {k: v for k, v in p.items() if k != "scaler"}
        step = "null" if p["scaler"] is None else json.dumps(repr(p["scaler"]))
        inner = json.dumps(rest, sort_keys=True)[1:-1]
        return "{\"scaler\": " + step + (", " + inner if inner else "") + "}"
    return json.dumps(p, sort_keys=True)


def cell(v):
    if v is None:
        return ""
    return str(v)


def run(name, cfg):
    cfg_dir = os.path.join(HERE, "configs")
    X, y = load(cfg, cfg_dir)
    test_size = cfg.get("test_size", 0.25)
    rs = cfg.get("random_state", 0)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=rs, stratify=y if cfg.get("stratify") else None)
    cv = cfg.get("cv", 5)
    if isinstance(cv, dict):
        shuffle = cv.get("shuffle", False)
        cv = StratifiedKFold(cv.get("n_splits", 5), shuffle=shuffle,
                             random_state=cv.get("random_state", rs) if shuffle else None)
    else:
        cv = StratifiedKFold(cv)
    scoring = cfg.get("scoring", ["accuracy"])
    if isinstance(scoring, str):
        scoring = [scoring]
    svm = cfg.get("svm", {})
    est = SVC(tol=svm.get("tol", 1e-3), cache_size=svm.get("cache_size", 200), shrinking=svm.get("shrinking", True))
    train = cfg.get("return_train_score", False)
    refit = cfg.get("refit", True)
    refit_arg = refit if isinstance(refit, str) else False
    pipe = is_pipeline(cfg)
    grid = to_sklearn(grid_of(cfg))
    if pipe:
        est = Pipeline([("scaler", make_step(cfg.get("preprocessing"))), ("svc", est)])
        grid = to_pipeline_grid(grid)
    gs = search_cv(cfg, est, grid, scoring, cv, refit=refit_arg, return_train_score=train)
    gs.fit(X_train, y_train)
    r = gs.cv_results_
    params = [to_gridsearch_params(p) for p in r["params"]] if pipe else r["params"]
    keys = []
    for p in params:
        for k in p:
            if k not in keys:
                keys.append(k)
    n_splits = cv.get_n_splits()
    halving = "iter" in r
    if halving:  # one scorer given as a string: its columns say "score"; gridsearch names the scorer
        r = dict(r)
        for k in list(r):
            if k.endswith("_score") and k.split("_")[0] in ("mean", "std", "rank") or k.startswith("split") and k.endswith("_score"):
                r[k[:-len("score")] + scoring[0]] = r[k]
    cols = (["iter", "n_resources"] if halving else []) + [f"param_{k}" for k in keys] + ["params"]
    for s in scoring:
        cols += [f"split{i}_test_{s}" for i in range(n_splits)] + [f"mean_test_{s}", f"std_test_{s}", f"rank_test_{s}"]
        if train:
            cols += [f"split{i}_train_{s}" for i in range(n_splits)] + [f"mean_train_{s}", f"std_train_{s}"]
    with open(os.path.join(HERE, "expected", name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for i, p in enumerate(params):
            row = ([int(r["iter"][i]), int(r["n_resources"][i])] if halving else []) + \
                [cell(p.get(k)) for k in keys] + [json_params(p)]
            for s in scoring:
                for c in [f"split{j}_test_{s}" for j in range(n_splits)] + [f"mean_test_{s}", f"std_test_{s}"]:
                    v = float(r[c][i])
                    row.append("" if np.isnan(v) else repr(v))
                row.append(int(r[f"rank_test_{s}"][i]))
                if train:
                    for c in [f"split{j}_train_{s}" for j in range(n_splits)] + [f"mean_train_{s}", f"std_train_{s}"]:
                        v = float(r[c][i])
                        row.append("" if np.isnan(v) else repr(v))
            w.writerow(row)
    out = []
    for s in scoring:
        if isinstance(refit, str) and s != refit:
            continue  # "refit": "<scorer>": that scorer's report only
        best = int(np.argmin(r[f"rank_test_{s}"]))
        if halving:
            # _select_best_index: the last iteration's first nanargmax, not rank 1
            best = int(gs.best_index_)
            with open(os.path.join(HERE, "expected", name + ".halving"), "w") as f:
                f.write(f"best_index {gs.best_index_}\nbest_score {float(gs.best_score_)!r}\n"
                        f"n_resources {' '.join(map(str, gs.n_resources_))}\n"
                        f"n_candidates {' '.join(map(str, gs.n_candidates_))}\n")
        bp = params[best]
        if halving:
            model = gs.best_estimator_  # the refit on all of X_train
        elif isinstance(refit, str):
            # GridSearchCV's own refit: best_index_, best_score_, best_estimator_
            assert gs.best_index_ == best and gs.best_params_ == r["params"][best]
            model = gs.best_estimator_
            with open(os.path.join(HERE, "expected", name + ".best"), "w") as f:
                f.write(f"best_index {gs.best_index_}\nbest_score {float(gs.best_score_)!r}\n")
        elif pipe:
            model = clone(gs.estimator).set_params(**r["params"][best]).fit(X_train, y_train)
        else:
            model = SVC(tol=est.tol, shrinking=est.shrinking, **bp).fit(X_train, y_train)
        out.append(f"# Tuning hyper-parameters for {s}\n\nBest parameters set found on development set:\n\n{bp!r}\n\n")
        out.append("Grid scores on development set:\n\n")
        for mean, std, p in zip(r[f"mean_test_{s}"], r[f"std_test_{s}"], params):
            out.append("%0.3f (+/-%0.03f) for %r\n" % (mean, std * 2, p))
        out.append("\nDetailed classification report:\n\nThe model is trained on the full development set.\n"
                   "The scores are computed on the full evaluation set.\n\n")
        out.append(classification_report(y_test, model.predict(X_test)) + "\n\n")
    with open(os.path.join(HERE, "expected", name + ".stdout"), "w") as f:
        f.write("".join(out))


def main():
    import warnings
    warnings.filterwarnings("ignore")
    make_data()
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    only = sys.argv[1:]  # names: regenerate those configs only
    for name, cfg in CONFIGS.items():
        if only and name not in only:
            continue
        cfg = dict(cfg, name=name)
        with open(os.path.join(HERE, "configs", name + ".json"), "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
        run(name, cfg)
        print("wrote", name, file=sys.stderr)
    with open(os.path.join(HERE, "expected", "VERSIONS"), "w") as f:
        f.write(f"scikit-learn {sklearn.__version__}\nnumpy {np.__version__}\n")


if __name__ == "__main__":
    main()
