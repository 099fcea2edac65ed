#!/bin/bash
# test_examples.sh BIN SOURCE_DIR: every example config validates and runs,
# and the help texts and the man page name every command and option.
#
# For each SOURCE_DIR/configs/*.json:
#   - `gridsearch validate CONFIG` exits 0, ends with "valid", and lists the
#     number of candidates and tasks that tests/data/examples_validate.txt
#     gives (computed with scikit-learn's ParameterGrid by
#     tests/data/make_examples_validate.py, not by gridsearch), and the
#     candidates themselves as tests/data/examples_validate/<config>.txt;
#   - `gridsearch search CONFIG --out TMP --quiet --threads 2` exits 0 and
#     writes cv_results.csv (a header and one row per candidate),
#     best_params.json (one entry per scorer) and report.md.
# Then: `gridsearch --help` names every command; `help <command>` works for
# each; docs/gridsearch.1 exists, names every command and every option that
# the help texts list, and (when groff is installed) renders without warnings.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 BIN SOURCE_DIR" >&2
  exit 2
fi
# absolute paths: the searches run from a temporary folder
BIN=$(readlink -f -- "$1")
SRC=$(readlink -f -- "$2")
EXPECTED=$SRC/tests/data/examples_validate.txt
EXPECTED_DIR=$SRC/tests/data/examples_validate
MAN=$SRC/docs/gridsearch.1

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gs_examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# run from an empty folder: nothing may land in the source tree's results/
cd "$tmp" || exit 1

[ -x "$BIN" ] || { echo "FAIL: $1 is not an executable" >&2; exit 1; }
[ -f "$EXPECTED" ] || { echo "FAIL: $EXPECTED is missing" >&2; exit 1; }

shopt -s nullglob
configs=("$SRC"/configs/*.json)
[ ${#configs[@]} -gt 0 ] || fail "no configs in $SRC/configs"

for cfg in "${configs[@]}"; do
  stem=$(basename "$cfg" .json)
  # the expected "<config> <candidates> <tasks>" line
  read -r _ want_cand want_tasks < <(awk -v s="$stem" '$1 == s {print; exit}' "$EXPECTED")
  if [ -z "${want_cand:-}" ]; then
    fail "$stem: no line in tests/data/examples_validate.txt (rerun: python3 tests/data/make_examples_validate.py)"
    continue
  fi

  # --- validate ---
  out=$tmp/$stem.validate
  "$BIN" validate "$cfg" --threads 2 >"$out" 2>"$out.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    fail "$stem: gridsearch validate exited $rc (want 0): $(head -c 500 "$out.err")"
    continue
  fi
  [ "$(tail -n 1 "$out")" = "valid" ] || fail "$stem: validate's last line is \"$(tail -n 1 "$out")\", want \"valid\""
  grep -qx "candidates ($want_cand):" "$out" ||
    fail "$stem: validate does not say \"candidates ($want_cand):\"; it says \"$(grep '^candidates' "$out")\""
  listed=$(grep -c '^  *[0-9][0-9]*  ' "$out")
  [ "$listed" -eq "$want_cand" ] || fail "$stem: validate lists $listed candidates, want $want_cand"
  grep -q "^tasks: $want_tasks fits ($want_cand candidates x " "$out" ||
    fail "$stem: validate's tasks line is \"$(grep '^tasks' "$out")\", want $want_tasks fits ($want_cand candidates x folds)"
  if [ -f "$EXPECTED_DIR/$stem.txt" ]; then
    if ! grep '^  *[0-9][0-9]*  ' "$out" | diff "$EXPECTED_DIR/$stem.txt" - >"$tmp/$stem.diff"; then
      fail "$stem: the candidates validate lists differ from tests/data/examples_validate/$stem.txt (- expected, + gridsearch):"
      head -n 20 "$tmp/$stem.diff" >&2
    fi
  else
    fail "$stem: tests/data/examples_validate/$stem.txt is missing"
  fi
  n_scorers=$(sed -n 's/^scorers: //p' "$out" | wc -w)

  # --- search ---
  dir=$tmp/results/$stem
  t0=$(date +%s.%N)
  "$BIN" search "$cfg" --out "$dir" --quiet --threads 2 >"$tmp/$stem.stdout" 2>"$tmp/$stem.stderr"
  rc=$?
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  if [ $rc -ne 0 ]; then
    fail "$stem: gridsearch search exited $rc (want 0) after $secs s: $(head -c 500 "$tmp/$stem.stderr")"
    continue
  fi
  echo "$stem: $want_cand candidates, $want_tasks fits, searched in $secs s"
  csv=$dir/cv_results.csv
  if [ ! -s "$csv" ]; then
    fail "$stem: no cv_results.csv in $dir"
  else
    lines=$(wc -l <"$csv")
    [ "$lines" -eq $((want_cand + 1)) ] ||
      fail "$stem: cv_results.csv has $lines lines, want $((want_cand + 1)) (a header and one row per candidate)"
    head -n 1 "$csv" | grep -q '^mean_fit_time,.*,params,' || fail "$stem: cv_results.csv's header is not scikit-learn's cv_results_ columns"
  fi
  bp=$dir/best_params.json
  if [ ! -s "$bp" ]; then
    fail "$stem: no best_params.json in $dir"
  else
    entries=$(grep -o '"params":' "$bp" | wc -l)
    [ "$entries" -eq "$n_scorers" ] || fail "$stem: best_params.json has $entries entries, want one per scorer ($n_scorers)"
  fi
  [ -s "$dir/report.md" ] || fail "$stem: no report.md in $dir"
  [ -s "$tmp/$stem.stdout" ] || fail "$stem: search printed no report on stdout"
done

# --- help texts ---
commands=(search validate primes help)
if ! "$BIN" --help >"$tmp/help" 2>&1; then
  fail "gridsearch --help exited non-zero"
fi
for c in "${commands[@]}"; do
  grep -qE "^ +$c( |$)" "$tmp/help" || fail "gridsearch --help does not list the command \"$c\""
done
grep -q -- '--version' "$tmp/help" || fail "gridsearch --help does not mention --version"
"$BIN" --version | grep -qE '^gridsearch [0-9]+\.[0-9]+\.[0-9]+' || fail "gridsearch --version does not print \"gridsearch X.Y.Z\""

# every option the help texts list (top level and per command)
cp "$tmp/help" "$tmp/help_all"
for c in search validate primes; do
  if ! "$BIN" help "$c" >"$tmp/help_$c" 2>&1; then
    fail "gridsearch help $c exited non-zero"
  fi
  grep -q "usage: gridsearch $c" "$tmp/help_$c" || fail "gridsearch help $c does not print the command's usage"
  "$BIN" "$c" --help | cmp -s - "$tmp/help_$c" || fail "gridsearch $c --help differs from gridsearch help $c"
  cat "$tmp/help_$c" >>"$tmp/help_all"
done
options=$(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/help_all" | sort -u)
[ -n "$options" ] || fail "found no options in the help texts"

# --- man page ---
if [ ! -s "$MAN" ]; then
  fail "docs/gridsearch.1 is missing"
else
  # the roff source as text: \- is a dash, font escapes go
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(dq/"/g' "$MAN" >"$tmp/man.txt"
  grep -q '^\.TH GRIDSEARCH 1' "$MAN" || fail "docs/gridsearch.1 has no .TH GRIDSEARCH 1 line"
  for section in NAME SYNOPSIS DESCRIPTION COMMANDS CONFIGURATION FILES "EXIT STATUS" SIGNALS ENVIRONMENT EXAMPLES "SEE ALSO"; do
    grep -qE "^\.SH \"?$section\"?\$" "$MAN" || fail "docs/gridsearch.1 has no $section section"
  done
  for c in "${commands[@]}"; do
    grep -qE "^\.SS \"?$c( |\"|\$)" "$MAN" || fail "docs/gridsearch.1 has no subsection for the command \"$c\""
  done
  for o in $options; do
    grep -qF -- "$o" "$tmp/man.txt" || fail "docs/gridsearch.1 does not mention the option $o (listed by the help texts)"
  done
  for m in naive trial sieve; do
    grep -qw "$m" "$tmp/man.txt" || fail "docs/gridsearch.1 does not mention --method $m"
  done
  if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$MAN" 2>"$tmp/groff.err"
    [ -s "$tmp/groff.err" ] && fail "groff warns about docs/gridsearch.1: $(head -n 5 "$tmp/groff.err")"
  fi
fi

if [ $failures -ne 0 ]; then
  echo "test_examples: $failures failure(s)" >&2
  exit 1
fi
echo "test_examples: ${#configs[@]} configs validated and searched; help and man page complete"
exit 0
