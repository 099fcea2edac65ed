#!/usr/bin/env python3
"""Writes tests/data/transform_expected.txt for tests/test_transform.c: small
matrices and what scikit-learn 1.2's scalers learn from them and make of them.

Run with Debian's Python (python3-sklearn 1.2, numpy 1.24):
    /usr/bin/python3 tests/data/make_transform_expected.py
Each line is "<key> <values...>", values as repr() (exact round trip):
  <case> X <n_rows> <n_features> <values row by row>
  <case> rows <indexes of the rows fitted on, in order>
  <case> <step> <field> <values>     field: mean var scale min data_min data_max max_abs Xt
where Xt is every row of X transformed by the step fitted on X[rows].
"""
import os

import numpy as np
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))

STEPS = {
    "standard": StandardScaler(),
    "standard_nomean": StandardScaler(with_mean=False),
    "standard_nostd": StandardScaler(with_std=False),
    "standard_neither": StandardScaler(with_mean=False, with_std=False),
    "minmax": MinMaxScaler(),
    "minmax_m1_1": MinMaxScaler(feature_range=(-1, 1)),
    "minmax_half": MinMaxScaler(feature_range=(0.5, 2.75)),
    "maxabs": MaxAbsScaler(),
}


def cases():
    rng = np.random.RandomState(0)
    # features of very different ranges, a constant one, a zero one
    mixed = rng.randn(9, 6) * np.array([1e-3, 1.0, 250.0, 0.0, 4e4, 7.0]) + np.array([0.1, -3.0, 1e3, 3.5, 0.0, 0.0])
    mixed[:, 5] = 0.0
    # near-constant columns: a large mean with rounding-level spread (the
    # constant-feature rule), a tiny but real spread around 0, a range under
    # 10 eps (MinMaxScaler's _handle_zeros_in_scale), negative values only
    near = np.column_stack([
        1e9 + np.array([0.0, 1.2e-7, 0.0, -1.2e-7, 0.0, 0.0, 1.2e-7]),
        np.array([1e-12, -2e-12, 3e-12, 0.0, 1e-12, -1e-12, 2e-12]),
        1.0 + np.array([0.0, 2.2e-16, 0.0, 4.4e-16, 0.0, 0.0, 2.2e-16]),
        -np.abs(rng.randn(7)) * 5,
    ])
    yield "mixed", mixed, np.array([4, 0, 7, 2, 8, 1, 5])
    yield "near", near, np.arange(7)
    yield "rows", rng.randn(12, 3) * 10, np.array([11, 3, 5, 0, 9])


def r(a):
    return " ".join(repr(float(v)) for v in np.asarray(a, dtype=float).ravel())


def main():
    out = []
    for name, X, rows in cases():
        out.append(f"{name} X {X.shape[0]} {X.shape[1]} {r(X)}")
        out.append(f"{name} rows " + " ".join(str(int(i)) for i in rows))
        for step, proto in STEPS.items():
            t = type(proto)(**proto.get_params()).fit(X[rows])
            fields = {"Xt": t.transform(X)}
            for f in ("mean_", "var_", "scale_", "min_", "data_min_", "data_max_", "max_abs_"):
                v = getattr(t, f, None)
                if v is not None:
                    fields[f[:-1]] = v
            for f, v in fields.items():
                out.append(f"{name} {step} {f} {r(v)}")
    with open(os.path.join(HERE, "transform_expected.txt"), "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
