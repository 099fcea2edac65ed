#!/usr/bin/env python3
"""Writes the expected `gridsearch validate` facts for every configs/*.json,
computed independently of gridsearch with scikit-learn's ParameterGrid:

  tests/data/examples_validate.txt          "<config> <candidates> <tasks>" per line
  tests/data/examples_validate/<config>.txt the candidates as validate lists
                                            them ("  %4d  <python repr>")

    python3 tests/data/make_examples_validate.py

Needs scikit-learn (Debian: python3-sklearn); tests/test_examples.sh only
reads the files it writes. Rerun it after adding or changing an example config.
"""
import glob
import json
import os

from sklearn.model_selection import ParameterGrid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def strip_comments(text):
    """// and /* */ outside strings become spaces, as gridsearch does."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        ch = text[i]
        if in_str:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            out.append(ch)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.index("*/", i + 2)
            out.append("".join(c if c == "\n" else " " for c in text[i:end + 2]))
            i = end + 2
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def python_value(key, v):
    if key == "class_weight" and isinstance(v, dict):
        return {int(k): w for k, w in v.items()}
    return v


def main():
    counts = []
    for path in sorted(glob.glob(os.path.join(ROOT, "configs", "*.json"))):
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path) as f:
            cfg = json.loads(strip_comments(f.read()))
        grid = cfg["param_grid"]
        grid = [grid] if isinstance(grid, dict) else grid
        grid = [{k: [python_value(k, v) for v in vs] for k, vs in g.items()} for g in grid]
        cands = list(ParameterGrid(grid))
        cv = cfg.get("cv", 5)
        n_splits = cv if isinstance(cv, int) else cv.get("n_splits", 5)
        counts.append(f"{stem} {len(cands)} {len(cands) * n_splits}")
        with open(os.path.join(HERE, "examples_validate", stem + ".txt"), "w") as f:
            for i, c in enumerate(cands):
                f.write(f"  {i:4d}  {c!r}\n")
    with open(os.path.join(HERE, "examples_validate.txt"), "w") as f:
        f.write("# config candidates tasks (written by tests/data/make_examples_validate.py)\n")
        f.write("\n".join(counts) + "\n")


if __name__ == "__main__":
    main()
