#!/usr/bin/env bash
# bench/export_mlbench.sh: writes the UCI data sets of bench/scale.sh as CSV
# (features, then the integer label last; no header) from Debian's
# r-cran-mlbench (apt-get install r-cran-mlbench):
#  - out/letter_<n>.csv: the first n rows of LetterRecognition (UCI "Letter
#    Recognition", D. Slate, 1991; 20,000 rows, 16 integer features, 26
#    classes; label = factor code - 1, A = 0 ... Z = 25);
#  - out/shuttle.csv: Shuttle (UCI "Statlog (Shuttle)", 58,000 rows,
#    9 features, 7 classes; label = factor code - 1).
# Both are in the UCI Machine Learning Repository under CC BY 4.0
# (https://archive.ics.uci.edu/dataset/59 and /148); mlbench (GPL-2)
# ships them as R data. Usage: bash bench/export_mlbench.sh N...
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)/out
mkdir -p "$out"
command -v Rscript >/dev/null || { echo "export_mlbench: Rscript is missing (apt-get install r-cran-mlbench)" >&2; exit 1; }
Rscript --vanilla - "$out" "$@" <<'R'
suppressMessages(library(mlbench))
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
put <- function(d, label, path) {
  d[[label]] <- as.integer(d[[label]]) - 1L
  d <- d[, c(setdiff(names(d), label), label)]
  write.table(d, path, sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
}
data(LetterRecognition)
for (n in as.integer(args[-1])) put(head(LetterRecognition, n), "lettr", file.path(out, sprintf("letter_%d.csv", n)))
data(Shuttle)
put(Shuttle, "Class", file.path(out, "shuttle.csv"))
R
