#!/usr/bin/env python3
"""Writes tests/data/sampler_expected.txt for tests/test_sampler.c: numpy /
scipy / scikit-learn draws the randomized search must reproduce bit for bit
(run with /usr/bin/python3 on the machine the goldens are made on: numpy's
power uses SVML's AVX-512 pow where the CPU has AVX512_SKX; CI never runs it).
Line format: a key, a tab, then values separated by spaces (floats as repr);
"config" lines carry a one-line JSON config."""
import json
import os
import sys

import numpy as np
from sklearn.model_selection import ParameterSampler
from sklearn.utils.random import sample_without_replacement

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
from make_goldens import to_sklearn  # noqa: E402

out = []


def put(key, vals):
    out.append(key + "\t" + " ".join(str(v) for v in vals))


# every regime of sample_without_replacement, and 64-bit randint ranges
for n_pop, n, seed in ((1000, 10, 0), (1000, 3, 5), (5, 1, 0), (100, 2, 1), (100, 50, 3), (24, 10, 0),
                       (100, 99, 7), (500, 499, 2), (20, 20, 0), (1 << 40, 6, 11), (3 << 33, 4, 4294967295)):
    put(f"swr {n_pop} {n} {seed}", sample_without_replacement(n_pop, n, random_state=np.random.RandomState(seed)))

# scalar draws: random_sample, randint, standard_exponential
rs = np.random.RandomState(9)
put("random_sample 9", [repr(float(rs.random_sample())) for _ in range(50)])
rs = np.random.RandomState(9)
put("randint 9", [rs.randint(-3, 1 << 36) for _ in range(30)] + [rs.randint(7, 8) for _ in range(3)] + [rs.randint(0, 5) for _ in range(30)])
rs = np.random.RandomState(9)
put("standard_exponential 9", [repr(float(rs.standard_exponential())) for _ in range(50)])

# the distributions, many draws each (loguniform goes through np.power)
DISTS = {"loguniform": [[1e-3, 1e3], [1, 100], [2.5e-7, 0.5]], "uniform": [[0.5, 20], [-1, 2]],
         "expon": [[0.2], [3]], "randint": [[2, 4], [1, 1000000]]}
for name, argsets in DISTS.items():
    for args in argsets:
        d = to_sklearn({"C": {name: args}})["C"]
        rs = np.random.RandomState(3)
        put(f"draw {name} {json.dumps(args)}", [repr(d.rvs(random_state=rs)) for _ in range(1000)])

# whole samplers through a config
CONFIGS = {
    "mixed": {"dataset": "digits", "search": {"strategy": "random", "n_iter": 300, "random_state": 5},
              "param_distributions": [
                  {"kernel": ["rbf", "sigmoid"], "C": {"loguniform": [0.01, 100]}, "gamma": {"loguniform": [1e-5, 1]},
                   "coef0": [0, 0.5, 1], "class_weight": [None, "balanced", {"1": 2}]},
                  {"kernel": ["poly"], "degree": {"randint": [1, 5]}, "C": {"uniform": [1, 9]},
                   "gamma": ["scale", {"expon": [0.1]}][:1]},
                  {"kernel": ["linear"], "C": {"expon": [2]}}]},
    "lists_tracking": {"dataset": "digits", "search": {"strategy": "random", "n_iter": 40, "random_state": 1},
                       "param_distributions": {"C": list(range(1, 101)), "gamma": [0.001 * i for i in range(1, 51)],
                                               "kernel": ["rbf"]}},
    "lists_clipped": {"dataset": "digits", "search": {"strategy": "random", "n_iter": 50},
                      "param_distributions": [{"kernel": ["linear"], "C": [1, 2, 3]}, {"kernel": ["rbf"], "C": [5]}]},
}
for name, cfg in CONFIGS.items():
    put(f"config {name}", [json.dumps(cfg)])
    s = cfg["search"]
    for i, p in enumerate(ParameterSampler(to_sklearn(cfg["param_distributions"]), s["n_iter"],
                                           random_state=s.get("random_state", 0))):
        put(f"cand {name} {i}", [repr(p)])

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sampler_expected.txt"), "w") as f:
    f.write("\n".join(out) + "\n")
