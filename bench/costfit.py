#!/usr/bin/python3
"""bench/costfit.py: fits the constant of validate's cost model to measured
CPU time (issue 14), not a test.

validate estimates a k-class fit (k > 2, pair by pair) as GS_PAIRS_SECONDS
x the sum over the class pairs of (rows of the pair)^2 (lib/svc_estimator.c,
fit_seconds), and a search as that over every fold fit plus the refit. This
script runs, for UCI letter recognition (bench/export_mlbench.sh) at each
size of training rows, the bench/scale.sh grid (rbf, C 1/10/100 x gamma
scale/0.1, cv 3) with `--threads 1`:
  - `gridsearch validate`: its "estimated cost: about X s" line, so the
    work of the search is X / GS_PAIRS_SECONDS (read from the source);
  - `gridsearch search`: the CPU time (user + system) of the whole process.
It then fits c = sum(w t) / sum(w w) (least squares through the origin)
and prints, per size, the estimate with today's constant and with c
against the measured time, and their ratios.

Usage: python3 bench/costfit.py [BUILD_DIR] [SIZES...]
  (default build/, sizes 2000 5000 10000; needs Rscript + r-cran-mlbench
  for the data when bench/out has no letter_<rows>.csv)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")


def compiled_constant():
    src = open(os.path.join(ROOT, "lib", "svc_estimator.c")).read()
    m = re.search(r"#define GS_PAIRS_SECONDS ([0-9.eE+-]+)", src)
    if not m:
        sys.exit("costfit: GS_PAIRS_SECONDS not found in lib/svc_estimator.c")
    return float(m.group(1))


def config(n_train, csv):
    path = os.path.join(OUT, "costfit_%d.json" % n_train)
    with open(path, "w") as f:
        f.write('{"name": "costfit_%d", "dataset": {"path": "%s", "format": "csv"}, "test_size": 0.2, '
                '"random_state": 0, "cv": 3, "scoring": "accuracy", '
                '"param_grid": {"kernel": ["rbf"], "C": [1, 10, 100], "gamma": ["scale", 0.1]}}\n' % (n_train, csv))
    return path


def estimate(binary, cfg):
    out = subprocess.run([binary, "validate", cfg, "--threads", "1"], check=True, capture_output=True, text=True).stdout
    m = re.search(r"^estimated cost: about ([0-9.]+) s", out, re.M)
    if not m:
        sys.exit("costfit: no estimate in validate's output:\n" + out)
    return float(m.group(1))


def cpu_seconds(binary, cfg):
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.Popen([binary, "search", cfg, "--threads", "1", "--quiet", "--out", os.path.join(tmp, "r")],
                             stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("costfit: search %s failed" % cfg)
        return ru.ru_utime + ru.ru_stime


def main():
    args = sys.argv[1:]
    build = args.pop(0) if args and not args[0].isdigit() else os.path.join(ROOT, "build")
    sizes = [int(a) for a in args] or [2000, 5000, 10000]
    binary = os.path.join(os.path.abspath(build), "bin", "gridsearch")
    os.makedirs(OUT, exist_ok=True)
    need = [str(n * 5 // 4) for n in sizes if not os.path.exists(os.path.join(OUT, "letter_%d.csv" % (n * 5 // 4)))]
    if need:
        subprocess.run(["bash", os.path.join(HERE, "export_mlbench.sh")] + need, check=True)
    k = compiled_constant()
    rows = []
    for n in sizes:
        cfg = config(n, os.path.join(OUT, "letter_%d.csv" % (n * 5 // 4)))
        est = estimate(binary, cfg)
        rows.append((n, est / k, est, cpu_seconds(binary, cfg)))
        print("measured %d training rows: estimate %.1f s, CPU %.1f s" % (n, est, rows[-1][3]), flush=True)
    c = sum(w * t for _, w, _, t in rows) / sum(w * w for _, w, _, t in rows)
    print("\nGS_PAIRS_SECONDS today %.3g, fitted %.3g (load: %s)\n" % (k, c, os.getloadavg()))
    print("| training rows | estimate today | estimate, fitted constant | measured CPU | measured / fitted |")
    print("|---:|---:|---:|---:|---:|")
    for n, w, est, t in rows:
        print("| %d | %.1f s | %.1f s | %.1f s | %.2f |" % (n, est, c * w, t, t / (c * w)))


if __name__ == "__main__":
    main()
