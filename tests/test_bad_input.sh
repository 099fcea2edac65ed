#!/usr/bin/env bash
# test_bad_input.sh BINARY SRCDIR: every bad input of issue 6, one row each.
# A row runs the real binary and expects exit status 2, exactly one line on
# stderr that matches the row's pattern (the message names the place:
# file:line:column, key path or argument), no crash, and no results file
# that could pass for a finished run.
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0 rows=0

# row DESCRIPTION PATTERN COMMAND...: PATTERN is an extended regex (grep -E)
# that the single stderr line must match.
row() {
  local what=$1 pattern=$2
  shift 2
  rows=$((rows + 1))
  rm -rf results out
  "$@" > stdout.txt 2> stderr.txt
  local rc=$? lines
  lines=$(wc -l < stderr.txt)
  if [ $rc -ne 2 ]; then
    echo "FAIL $what: exit $rc, expected 2"; sed 's/^/     /' stderr.txt | head -5; fail=1; return
  fi
  if [ "$lines" -ne 1 ] || ! grep -Eq -- "$pattern" stderr.txt; then
    echo "FAIL $what: message"; echo "     expected: $pattern"; sed 's/^/     got:      /' stderr.txt | head -5; fail=1; return
  fi
  if [ -n "$(find . -name cv_results.csv -o -name report.md -o -name best_params.json | head -1)" ]; then
    echo "FAIL $what: left a results file behind"; fail=1; return
  fi
  echo "ok   $what: $(cat stderr.txt)"
}

# A valid base: a small CSV set (3 classes x 8 rows) and a config over it.
: > d.csv
for c in 0 1 2; do for i in 1 2 3 4 5 6 7 8; do echo "$i.5,$((c * 10 + i)),$c" >> d.csv; done; done
cfg() { # cfg FILE JSON-BODY-WITHOUT-BRACES: a config around the base dataset
  printf '{"dataset": {"path": "d.csv", "format": "csv"}, "cv": 2, "scoring": "accuracy",\n %s}\n' "$1" > "$2"
}
G=$bin
"$G" search --help > /dev/null 2>&1 || true
cfg '"param_grid": {"C": [1]}' ok.json
"$G" search ok.json --quiet --out okrun > /dev/null 2>&1 || { echo "FAIL the base config does not run"; exit 1; }
rm -rf okrun

# --- malformed JSON ---
printf '{"name": "x",' > trunc.json
row "truncated JSON" '^gridsearch: trunc\.json:1:14: invalid JSON: unexpected end of input' "$G" search trunc.json
printf '{"cv": 5,\n}' > comma.json
row "trailing comma" '^gridsearch: comma\.json:2:1: invalid JSON: trailing comma' "$G" search comma.json
printf '{"cv": 5\0, "name": "x"}' > nul.json
row "NUL byte" '^gridsearch: nul\.json:1:9: .*NUL' "$G" search nul.json
{ for i in $(seq 10000); do printf '['; done; } > deep.json
row "10,000-deep nesting" '^gridsearch: deep\.json:1:1001: .*nest' "$G" search deep.json
head -c 100000000 /dev/zero | tr '\0' ' ' > big.json
row "100 MB config" '^gridsearch: big\.json: config is 100000000 bytes; the limit is 16777216' "$G" search big.json
rm -f big.json
mkdir adir.json
row "config is a directory" '^gridsearch: adir\.json: config is a directory' "$G" search adir.json
row "missing config" '^gridsearch: nothere\.json: .*No such file' "$G" search nothere.json
cfg '"param_grid": {"C": [1]}' secret.json
chmod 000 secret.json
# root reads any file: run these rows as nobody, with copies of the binary
# and of any library preloaded into it (the ASan build's) that nobody may
# read (the build tree may sit in a private folder, as mktemp -d makes)
nobody_preload=
asnobody() { LD_PRELOAD=$nobody_preload setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$tmp"; cp "$bin" "$tmp/gs-nobody"; chmod 755 "$tmp/gs-nobody"
  preload=${LD_PRELOAD:-}
  for lib in ${preload//:/ }; do
    cp "$lib" "$tmp/"; chmod 755 "$tmp/${lib##*/}"
    nobody_preload+="${nobody_preload:+:}$tmp/${lib##*/}"
  done
  row "unreadable config" '^gridsearch: secret\.json: .*Permission denied' asnobody "$tmp/gs-nobody" search secret.json
else
  row "unreadable config" '^gridsearch: secret\.json: .*Permission denied' "$G" search secret.json
fi

# --- config values ---
cfg '"cv": 3, "param_grid": {"C": [1]}' dup.json
row "duplicate key" '^gridsearch: dup\.json:2:2: duplicate key "cv"' "$G" search dup.json
cfg '"param_grid": {"C": [1]}, "test_size": "half"' type.json
row "wrong type" '^gridsearch: type\.json:2:41: test_size: expected a fraction in \(0, 1\) or a row count, got a string' "$G" search type.json
cfg '"param_grid": {"C": [1]}, "scorng": "accuracy"' unknown.json
row "unknown key with did-you-mean" '^gridsearch: unknown\.json:2:28: scorng: unknown key "scorng"; did you mean "scoring"\?' "$G" search unknown.json
cfg '"param_grid": {"C": [1], "kernl": ["rbf"]}' unknown2.json
row "unknown grid key with did-you-mean" '^gridsearch: unknown2\.json:2:27: param_grid\.kernl: unknown key "kernl"; did you mean "kernel"\?' "$G" search unknown2.json
# preprocessing: the default step and the "scaler" grid key
cfg '"param_grid": {"C": [1]}, "preprocessing": "standart"' pp1.json
row "unknown preprocessing step" '^gridsearch: pp1\.json:2:45: preprocessing: unknown preprocessing step "standart"; did you mean "standard"\?$' "$G" search pp1.json
cfg '"param_grid": {"C": [1]}, "preprocessing": 3' pp2.json
row "preprocessing of the wrong type" '^gridsearch: pp2\.json:2:45: preprocessing: expected null, a preprocessing step \(standard, minmax, maxabs\) or \{"<step>": \{settings\}\}, got a number$' "$G" search pp2.json
cfg '"param_grid": {"C": [1]}, "preprocessing": {"minmax": {"feature_range": [1, 0]}}' pp3.json
row "feature_range min >= max" '^gridsearch: pp3\.json:2:74: preprocessing\.minmax\.feature_range: the minimum of feature_range must be smaller than its maximum, got \[1, 0\]$' "$G" search pp3.json
cfg '"param_grid": {"C": [1]}, "preprocessing": {"minmax": {"feature_range": [0]}}' pp4.json
row "feature_range of one number" '^gridsearch: pp4\.json:2:74: preprocessing\.minmax\.feature_range: feature_range must be a list of two finite numbers \[min, max\], got a list$' "$G" search pp4.json
cfg '"param_grid": {"C": [1]}, "preprocessing": {"standard": {"with_men": false}}' pp5.json
row "unknown scaler setting" '^gridsearch: pp5\.json:2:59: preprocessing\.standard\.with_men: unknown key "with_men"; did you mean "with_mean"\?$' "$G" search pp5.json
cfg '"param_grid": {"C": [1], "scaler": ["maxabs", {"robust": {}}]}' pp6.json
row "unknown step in the scaler grid" '^gridsearch: pp6\.json:2:49: param_grid\.scaler\[1\]: unknown preprocessing step "robust" \(known: standard, minmax, maxabs\)$' "$G" search pp6.json
cfg '"param_grid": {"C": [1], "scaler": [{"standard": {"with_std": 1}}]}' pp7.json
row "scaler setting of the wrong type" '^gridsearch: pp7\.json:2:64: param_grid\.scaler\[0\]\.standard\.with_std: expected true or false, got a number$' "$G" search pp7.json
cfg '"param_grid": {"C": [1], "scaler": [{"standard": {}, "minmax": {}}]}' pp8.json
row "two steps in one scaler value" '^gridsearch: pp8\.json:2:38: param_grid\.scaler\[0\]: a preprocessing step is one name or \{"<name>": \{settings\}\}, got an object of 2 keys$' "$G" search pp8.json
cfg '"param_grid": {"C": [1], "scaler": [{"maxabs": {"x": 1}}]}' pp9.json
row "settings for maxabs" '^gridsearch: pp9\.json:2:50: param_grid\.scaler\[0\]\.maxabs\.x: "maxabs" takes no settings, got "x"$' "$G" search pp9.json
cfg '"param_grid": {"C": [1], "scaler": [{"maxabs": 1}]}' pp10.json
row "scaler settings not an object" '^gridsearch: pp10\.json:2:49: param_grid\.scaler\[0\]\.maxabs: expected an object of settings, got a number$' "$G" search pp10.json
cfg '"param_grid": []' emptygrid.json
row "empty grid" '^gridsearch: emptygrid\.json:2:16: param_grid: .*empty' "$G" search emptygrid.json
cfg '"param_grid": {"C": []}' emptylist.json
row "empty value list" '^gridsearch: emptylist\.json:2:22: param_grid\.C: .*empty' "$G" search emptylist.json
for bad in 0 -1 1e999; do
  cfg "\"param_grid\": {\"C\": [1, $bad]}" "c$bad.json"
  row "C = $bad" "^gridsearch: c$bad\\.json:2:26: param_grid\\.C\\[1\\]: .*(positive|finite)" "$G" search "c$bad.json"
  cfg "\"param_grid\": {\"gamma\": [$bad]}" "g$bad.json"
  row "gamma = $bad" "^gridsearch: g$bad\\.json:2:27: param_grid\\.gamma\\[0\\]: .*(positive|finite)" "$G" search "g$bad.json"
  cfg "\"param_grid\": {\"C\": [1]}, \"svm\": {\"tol\": $bad}" "t$bad.json"
  row "tol = $bad" "^gridsearch: t$bad\\.json:2:43: svm\\.tol: .*(positive|finite)" "$G" search "t$bad.json"
done
cfg '"param_grid": {"kernel": ["rbf", "gaussian"]}' kernel.json
row "unknown kernel" '^gridsearch: kernel\.json:2:35: param_grid\.kernel\[1\]: unknown kernel "gaussian" \(expected linear, poly, rbf or sigmoid\)' "$G" search kernel.json
printf '{"dataset": {"path": "d.csv"}, "cv": 2,\n "param_grid": {"C": [1]}, "scoring": ["accuracy", "acuracy"]}' > scorer.json
row "unknown scorer" '^gridsearch: scorer\.json:2:52: scoring\[1\]: unknown scorer "acuracy".*did you mean "accuracy"' "$G" search scorer.json
cfg '"param_grid": {"kernel": ["poly"], "degree": [-1]}' degree.json
row "degree < 0" '^gridsearch: degree\.json:2:48: param_grid\.degree\[0\]: "degree" must be between 0 and 1000, got -1' "$G" search degree.json
printf '{"dataset": {"path": "d.csv"}, "cv": 1, "param_grid": {"C": [1]}}' > split1.json
row "n_splits < 2" '^gridsearch: split1\.json:1:38: cv: .*at least 2' "$G" search split1.json
printf '{"dataset": {"path": "d.csv"}, "cv": 7, "param_grid": {"C": [1]}}' > split7.json
row "n_splits above the smallest class" '^gridsearch: split7\.json:1:38: cv: .*7.*(class|members)' "$G" search split7.json
printf '{"dataset": {"path": "d.csv"}, "test_size": 1.5, "cv": 2, "param_grid": {"C": [1]}}' > ts.json
row "test_size out of range" '^gridsearch: ts\.json:1:45: test_size: ' "$G" search ts.json
printf '{"dataset": {"path": "d.csv"}, "test_size": 0, "cv": 2, "param_grid": {"C": [1]}}' > ts0.json
row "test_size 0" '^gridsearch: ts0\.json:1:45: test_size: ' "$G" search ts0.json
printf '{"dataset": {"path": "d.csv"}, "test_size": 23, "cv": 2, "param_grid": {"C": [1]}}' > ts23.json
row "test_size leaving fewer training rows than folds" '^gridsearch: ts23\.json:1:45: test_size: test_size leaves 1 training row, fewer than the 2 folds' "$G" search ts23.json

# --- datasets ---
dcfg() { # dcfg CONFIG DATAFILE FORMAT
  printf '{"dataset": {"path": "%s", "format": "%s"}, "cv": 2, "param_grid": {"C": [1]}}' "$2" "$3" > "$1"
}
dcfg dmiss.json nothere.csv csv
row "missing dataset" '^gridsearch: .*nothere\.csv: cannot open dataset: No such file' "$G" search dmiss.json
: > empty.csv; dcfg dempty.json empty.csv csv
row "empty dataset" '^gridsearch: .*empty\.csv: dataset has no data rows' "$G" search dempty.json
mkdir ddir.csv; dcfg ddir.json ddir.csv csv
row "dataset is a directory" '^gridsearch: .*ddir\.csv: dataset is a directory' "$G" search ddir.json
cp d.csv secret.csv; chmod 000 secret.csv; dcfg dsecret.json secret.csv csv
if [ "$(id -u)" -eq 0 ]; then
  row "unreadable dataset" '^gridsearch: .*secret\.csv: cannot open dataset: Permission denied' asnobody "$tmp/gs-nobody" search dsecret.json
else
  row "unreadable dataset" '^gridsearch: .*secret\.csv: cannot open dataset: Permission denied' "$G" search dsecret.json
fi
data() { # data FILE CONTENT(printf format): d.csv with one line replaced at line 5
  { head -4 d.csv; printf "$2"; tail -n +6 d.csv; } > "$1"
}
data ragged.csv '1.5,2,3,0\n'; dcfg dragged.json ragged.csv csv
row "ragged CSV row" '^gridsearch: .*ragged\.csv:5: .*4 .*3' "$G" search dragged.json
data nonnum.csv '1.5,abc,0\n'; dcfg dnonnum.json nonnum.csv csv
row "non-numeric cell" '^gridsearch: .*nonnum\.csv:5:5: .*abc' "$G" search dnonnum.json
data nan.csv '1.5,nan,0\n'; dcfg dnan.json nan.csv csv
row "NaN cell" '^gridsearch: .*nan\.csv:5:5: .*(NaN|finite)' "$G" search dnan.json
data inf.csv 'inf,1,0\n'; dcfg dinf.json inf.csv csv
row "Inf cell" '^gridsearch: .*inf\.csv:5:1: .*(Inf|finite)' "$G" search dinf.json
data label.csv '1.5,2,0.5\n'; dcfg dlabel.json label.csv csv
row "non-integer label" '^gridsearch: .*label\.csv:5:7: .*label' "$G" search dlabel.json
printf '1,2,7\n3,4,7\n5,6,7\n' > single.csv; dcfg dsingle.json single.csv csv
row "single class" '^gridsearch: .*single\.csv: dataset has a single class \(label 7\)' "$G" search dsingle.json
lsv() { # lsv FILE BADLINE: a valid LIBSVM set with line 3 replaced
  { for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
      if [ "$i" -eq 3 ]; then printf '%s\n' "$2"; else echo "$((i % 2)) 1:$i 2:0.5"; fi
    done; } > "$1"
}
lsv unsorted.svm '1 2:1 1:3'; dcfg dunsorted.json unsorted.svm libsvm
row "LIBSVM unsorted indices" '^gridsearch: .*unsorted\.svm:3:7: .*(ascending|sorted|order)' "$G" search dunsorted.json
lsv dupidx.svm '1 1:1 1:3'; dcfg ddupidx.json dupidx.svm libsvm
row "LIBSVM duplicate index" '^gridsearch: .*dupidx\.svm:3:7: .*(duplicate|ascending)' "$G" search ddupidx.json
lsv zero.svm '1 0:1 1:3'; dcfg dzero.json zero.svm libsvm
row "LIBSVM zero index" '^gridsearch: .*zero\.svm:3:3: .*index' "$G" search dzero.json
lsv noval.svm '1 1: 2:3'; dcfg dnoval.json noval.svm libsvm
row "LIBSVM missing value" '^gridsearch: .*noval\.svm:3:5: .*value' "$G" search dnoval.json
# a sparse LIBSVM set (1 of 40 cells stored) is kept sparse: the steps
# scikit-learn refuses on a scipy sparse matrix are refused
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "$((i % 2)) $((i * 3)):$i.5"; done > sparse.svm
printf '{"dataset": {"path": "sparse.svm", "format": "libsvm"}, "cv": 2,\n "preprocessing": "standard", "param_grid": {"C": [1]}}\n' > dsparse1.json
row "StandardScaler centring sparse data" '^gridsearch: dsparse1\.json:2:19: preprocessing: StandardScaler cannot center sparse data \(scikit-learn: "Cannot center sparse matrices"\): use \{"standard": \{"with_mean": false\}\} or "maxabs" \(the dataset is kept sparse: under 10% of its cells are stored\)$' "$G" search dsparse1.json
printf '{"dataset": {"path": "sparse.svm", "format": "libsvm"}, "cv": 2,\n "param_grid": [{"C": [1]}, {"scaler": ["maxabs", "minmax"], "C": [1]}]}\n' > dsparse2.json
row "MinMaxScaler on sparse data" '^gridsearch: dsparse2\.json:2:16: param_grid\[1\]\.scaler\[1\]: MinMaxScaler does not support sparse input \(as in scikit-learn\): use "maxabs" instead \(the dataset is kept sparse' "$G" search dsparse2.json
# a line of 1 GB in a sparse regular file (no disk needed: a FIFO is now
# refused before it is read): the loader must stop at its line limit
# instead of reading (or holding) it all
printf 1 > huge.csv; truncate -s 1G huge.csv; dcfg dhuge.json huge.csv csv
row "a line of 1 GB" '^gridsearch: .*huge\.csv:1: line longer than' "$G" search dhuge.json
rm -f huge.csv

# --- issue 12: data that was silently lost, and inputs that hung ---
# a FIFO that never yields data hung the load for good; refused at once
# (timeout only turns a hang into a failure of the row)
mkfifo fifo.csv; dcfg dfifo.json fifo.csv csv
row "dataset is a FIFO" '^gridsearch: .*fifo\.csv: dataset is a FIFO \(a named pipe\), not a regular file: gridsearch reads only regular files$' timeout 60 "$G" search dfifo.json
mkfifo fifo.json
row "config is a FIFO" '^gridsearch: fifo\.json: config is a FIFO \(a named pipe\), not a regular file' timeout 60 "$G" validate fifo.json
dcfg ddev.json /dev/zero csv
row "dataset is a device" '^gridsearch: /dev/zero: dataset is a character device, not a regular file' timeout 60 "$G" search ddev.json
data hex.csv '0x1p3,2,0\n'; dcfg dhex.json hex.csv csv
row "hex CSV cell" '^gridsearch: .*hex\.csv:5:1: not a decimal number: "0x1p3" \(hexadecimal and other forms are not accepted\)$' "$G" search dhex.json
data hexl.csv '1.5,2,0x1\n'; dcfg dhexl.json hexl.csv csv
row "hex CSV label" '^gridsearch: .*hexl\.csv:5:7: label must be an integer, got "0x1"$' "$G" search dhexl.json
lsv hex.svm '1 1:0x10 2:3'; dcfg dhexsvm.json hex.svm libsvm
row "hex LIBSVM value" '^gridsearch: .*hex\.svm:3:5: not a decimal number for index 1 \(hexadecimal' "$G" search dhexsvm.json
cfg '"param_grid": {"class_weight": [{"1": 2}, {"0x1": 2}]}' cwhex.json
row "hex class_weight label" '^gridsearch: cwhex\.json:2:45: param_grid\.class_weight\[1\]\.0x1: class_weight keys must be integer labels \(decimal, as in the data set\), got "0x1"$' "$G" search cwhex.json
data esc.csv '1\033[2J,2,0\n'; dcfg desc.json esc.csv csv
row "control characters of a cell escaped" '^gridsearch: .*esc\.csv:5:1: not a number: "1\\x1b\[2J"$' "$G" search desc.json
cfg '"param_grid": {"class_weight": [{"1": 2, "01": 3}]}' cwdup.json
row "class_weight keys naming one label" '^gridsearch: cwdup\.json:2:43: param_grid\.class_weight\[0\]\.01: class_weight key "01" names label 1 again \(first as "1" at line 2\)$' "$G" search cwdup.json
cfg '"param_grid": {"class_weight": [{"-0": 1, "0": 2}]}' cwzero.json
row "class_weight keys -0 and 0" '^gridsearch: cwzero\.json:2:44: param_grid\.class_weight\[0\]\.0: class_weight key "0" names label 0 again' "$G" search cwzero.json
cfg '"name": "a\u0000/../b", "param_grid": {"C": [1]}' namenul.json
row "name with NUL" '^gridsearch: namenul\.json:2:12: invalid JSON: \\u0000 \(NUL\) in a string is not supported$' "$G" search namenul.json
[ ! -e results/a ] || { echo "FAIL name with NUL: wrote results/a"; fail=1; }
cfg $'"name": "a\177b", "param_grid": {"C": [1]}' namedel.json
row "name with DEL" '^gridsearch: namedel\.json:2:10: name: name "a\\x7fb" must be valid UTF-8 without control characters' "$G" search namedel.json
cfg '"name": "a\u0085b", "param_grid": {"C": [1]}' namec1.json
row "name with a C1 control" '^gridsearch: namec1\.json:2:10: name: name "a\\xc2\\x85b" must be valid UTF-8' "$G" validate namec1.json
cfg $'"name": "a\377b", "param_grid": {"C": [1]}' nameutf.json
row "name with invalid UTF-8" '^gridsearch: nameutf\.json:2:10: name: name "a\\xffb" must be valid UTF-8' "$G" search nameutf.json
long=$(printf 'n%.0s' $(seq 256))
cfg "\"name\": \"$long\", \"param_grid\": {\"C\": [1]}" namelong.json
row "name beyond NAME_MAX (search)" '^gridsearch: namelong\.json:2:10: name: name is 256 bytes long; a folder name may have at most 255 \(NAME_MAX\)$' "$G" search namelong.json
row "name beyond NAME_MAX (validate)" '^gridsearch: namelong\.json:2:10: name: name is 256 bytes long' "$G" validate namelong.json
row "--out component beyond NAME_MAX" '^gridsearch search: --out: the component "n{40}\.\.\." is 256 bytes long; a file name may have at most 255 \(NAME_MAX\)$' "$G" search ok.json --out "x/$long"
# a name taken from the config's file name (no "name" key) passes the same checks
cp ok.json "$(printf 'c\033d.json')"
row "name from a file name with a control character" '^gridsearch: c\\x1bd\.json: name: name "c\\x1bd" \(from the config.s file name; set "name" to choose another\) must be valid UTF-8 without control characters' "$G" search "$(printf 'c\033d.json')"
cp ok.json "$(printf 'n\377m.json')"
row "name from a file name of invalid UTF-8" '^gridsearch: n\\xffm\.json: name: name "n\\xffm" \(from the config.s file name; set "name" to choose another\) must be valid UTF-8' "$G" validate "$(printf 'n\377m.json')"
cp ok.json ..json
row "name from the file name ..json is \".\"" '^gridsearch: \.\.json: name: name \(from the config.s file name; set "name" to choose another\) must not be "\." or "\.\."$' "$G" search ..json
deep=$(for i in $(seq 41); do printf 'dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd/'; done)
row "--out beyond PATH_MAX" '^gridsearch search: --out is 4059 bytes long; a results folder may have at most 4032' "$G" search ok.json --out "$deep"

# --- the command line ---
row "no command" '^gridsearch: no command given \(commands: search, validate, predict, primes, help' "$G"
row "unknown command" '^gridsearch: unknown command "serch"; did you mean "search"\?' "$G" serch ok.json
row "search without CONFIG" '^gridsearch search: missing CONFIG \(usage: gridsearch search CONFIG \[options\]; see gridsearch help search\)' "$G" search
row "search with two configs" '^gridsearch search: too many arguments \(at "ok\.json"; usage: gridsearch search CONFIG' "$G" search ok.json ok.json
row "unknown option" '^gridsearch search: unknown option "--thread"; did you mean "--threads"' "$G" search --thread 2 ok.json
row "option without value" '^gridsearch search: option --threads needs a value' "$G" search ok.json --threads
row "--out into a folder gridsearch did not write" '^gridsearch: out: this folder holds files that gridsearch did not write .*--force-out' \
  bash -c 'mkdir out && echo x > out/notes.txt && exec "$0" search ok.json --quiet --out out' "$G"
row "--out /" '^gridsearch: /: gridsearch never writes its results into the root folder' "$G" search ok.json --quiet --out / --force-out
# arguments echoed in a message are escaped (as input in the library's messages)
row "unknown command with a control character" '^gridsearch: unknown command "se\\x1b\[2Jrch"' "$G" "$(printf 'se\033[2Jrch')" ok.json
row "unknown option with a control character" '^gridsearch search: unknown option "--thr\\x07eads"; did you mean "--threads"\?$' "$G" search "$(printf -- '--thr\007eads')" ok.json
row "option value with a control character" '^gridsearch search: --threads must be an integer from 1 to 4096, got "1\\x1b\[2J"$' "$G" search ok.json --threads "$(printf '1\033[2J')"
row "two configs, the second with a newline" '^gridsearch search: too many arguments \(at "x\\ny"; usage' "$G" search ok.json "$(printf 'x\ny')"
row "primes bound with a control character" '^gridsearch primes: MIN must be a whole number, got "1\\x1b"$' "$G" primes "$(printf '1\033')" 10
row "primes --method with invalid UTF-8" '^gridsearch primes: --method must be naive, trial or sieve, got "s\\xffeve"' "$G" primes 1 10 --method "$(printf 's\377eve')"
row "--threads 0" '^gridsearch search: --threads must be an integer from 1 to 4096, got "0"' "$G" search --threads 0 ok.json
row "--threads=abc" '^gridsearch search: --threads must be an integer from 1 to 4096, got "abc"' "$G" search --threads=abc ok.json
row "--threads 2x" '^gridsearch search: --threads must be an integer from 1 to 4096, got "2x"' "$G" search --threads 2x ok.json
row "--grace -1" '^gridsearch search: --grace must be ' "$G" search --grace -1 ok.json
row "--memory-limit-mb 0" '^gridsearch search: --memory-limit-mb must be ' "$G" search --memory-limit-mb 0 ok.json
row "--quiet=yes" '^gridsearch search: option --quiet takes no value' "$G" search --quiet=yes ok.json
row "--resume=1" '^gridsearch search: option --resume takes no value' "$G" search --resume=1 ok.json
row "validate without CONFIG" '^gridsearch validate: missing CONFIG \(usage: gridsearch validate CONFIG' "$G" validate
row "validate unknown option" '^gridsearch validate: unknown option "--treads"' "$G" validate --treads 2 ok.json
row "help for an unknown command" '^gridsearch help: unknown command "prime"; did you mean "primes"\?' "$G" help prime
row "unknown global option" '^gridsearch: unknown option "--verison"; did you mean "--version"\?' "$G" --verison

row "srun without MPI (--mpi=none)" '^gridsearch: srun started 2 tasks without MPI \(no PMIx/PMI in the environment\): each would run the whole job; launch with srun --mpi=pmix' env SLURM_STEP_NUM_TASKS=2 "$G" search ok.json

# --- randomized search (issue 16) ---
R='"search": {"strategy": "random", "n_iter": 3}'
cfg '"search": "randm", "param_grid": {"C": [1]}' rs1.json
row "unknown strategy" '^gridsearch: rs1\.json:2:12: search: unknown strategy "randm"; did you mean "random"\?' "$G" search rs1.json
cfg '"search": {"n_iter": 3}, "param_grid": {"C": [1]}' rs2.json
row "search without strategy" '^gridsearch: rs2\.json:2:12: search: missing "strategy"' "$G" search rs2.json
cfg '"search": {"strategy": "grid", "n_iter": 3}, "param_grid": {"C": [1]}' rs3.json
row "n_iter on a grid search" '^gridsearch: rs3\.json:2:33: search\.n_iter: only a randomized search' "$G" search rs3.json
cfg '"search": {"strategy": "random", "n_iter": 0}, "param_grid": {"C": [1]}' rs4.json
row "n_iter 0" '^gridsearch: rs4\.json:2:45: search\.n_iter: n_iter must be between 1 and 1000000, got 0' "$G" search rs4.json
cfg '"search": {"strategy": "random", "random_state": -1}, "param_grid": {"C": [1]}' rs5.json
row "negative sampler seed" '^gridsearch: rs5\.json:2:51: search\.random_state: seed must be between 0 and 2\*\*32 - 1' "$G" search rs5.json
cfg '"param_distributions": {"C": [1]}' rs6.json
row "param_distributions on a grid search" '^gridsearch: rs6\.json:2:2: param_distributions: .*is for a randomized search' "$G" search rs6.json
cfg "$R"', "param_grid": {"C": [1]}, "param_distributions": {"C": [1]}' rs7.json
row "param_grid and param_distributions" '^gridsearch: rs7\.json:2:.*: param_distributions: give either "param_grid" or "param_distributions", not both' "$G" search rs7.json
cfg '"param_grid": {"C": {"loguniform": [1, 10]}}' rs8.json
row "distribution in a grid search" '^gridsearch: rs8\.json:2:22: param_grid\.C: a distribution needs a randomized search' "$G" search rs8.json
cfg "$R"', "param_distributions": {"C": {"loguniform": [10, 1]}}' rs9.json
row "loguniform a > b" '^gridsearch: rs9\.json:2:.*: param_distributions\.C\.loguniform: loguniform needs 0 < a < b, got \[10, 1\]' "$G" search rs9.json
cfg "$R"', "param_distributions": {"C": {"logunifrom": [1, 10]}}' rs10.json
row "misspelt distribution" '^gridsearch: rs10\.json:2:.*: param_distributions\.C: unknown distribution "logunifrom"; did you mean "loguniform"\?' "$G" search rs10.json
cfg "$R"', "param_distributions": {"C": {"uniform": [1]}}' rs11.json
row "uniform with one argument" '^gridsearch: rs11\.json:2:.*: param_distributions\.C\.uniform: expected \[loc, scale\] with scale > 0, got a list of another length' "$G" search rs11.json
cfg "$R"', "param_distributions": {"degree": {"uniform": [1, 2]}}' rs12.json
row "degree from a float distribution" '^gridsearch: rs12\.json:2:.*: param_distributions\.degree\.uniform: "degree" is an integer' "$G" search rs12.json
cfg "$R"', "param_distributions": {"C": {"randint": [1.5, 4]}}' rs13.json
row "randint with a float bound" '^gridsearch: rs13\.json:2:.*: param_distributions\.C\.randint: randint bounds must be integers' "$G" search rs13.json
cfg "$R"', "param_distributions": {"kernel": {"randint": [1, 4]}}' rs14.json
row "kernel from a distribution" '^gridsearch: rs14\.json:2:.*: param_distributions\.kernel: "kernel" takes a list of values' "$G" search rs14.json
cfg "$R"', "param_distributions": {"C": {"expon": [0]}}' rs15.json
row "expon scale 0" '^gridsearch: rs15\.json:2:.*: param_distributions\.C\.expon: expon needs scale > 0, got 0' "$G" search rs15.json
cfg "$R"', "param_distributions": {"gamma": {"uniform": [-1, 2]}}' rs16.json
row "gamma from a uniform below 0" '^gridsearch: rs16\.json:2:.*: param_distributions\.gamma\.uniform: "gamma" must be positive: uniform needs loc >= 0, got -1' "$G" search rs16.json
cfg "$R"', "param_distributions": {"C": "x"}' rs17.json
row "value neither list nor distribution" '^gridsearch: rs17\.json:2:.*: param_distributions\.C: expected a list of values or a distribution, got a string' "$G" search rs17.json

# --- successive halving (issue 16) ---
H() { printf '"search": {"strategy": "halving", %s}, "param_grid": {"C": [1, 2]}' "$1"; }
cfg "$(H '"factor": 1')" hv1.json
row "halving factor 1" '^gridsearch: hv1\.json:2:[0-9]+: search\.factor: factor must be an integer from 2 to 1000000, got a number out of range' "$G" search hv1.json
cfg "$(H '"factor": 2.5')" hv2.json
row "halving factor 2.5" '^gridsearch: hv2\.json:2:[0-9]+: search\.factor: factor must be an integer from 2 to 1000000, got a non-integer number' "$G" search hv2.json
cfg "$(H '"min_resources": "smalest"')" hv3.json
row "halving min_resources misspelt" '^gridsearch: hv3\.json:2:[0-9]+: search\.min_resources: expected "smallest", "exhaust" or a positive integer, got "smalest"' "$G" search hv3.json
cfg "$(H '"max_resources": 0')" hv4.json
row "halving max_resources 0" '^gridsearch: hv4\.json:2:[0-9]+: search\.max_resources: expected "auto" or a positive integer, got a number below 1' "$G" search hv4.json
cfg "$(H '"aggressive_elimination": "yes"')" hv5.json
row "halving aggressive_elimination not a boolean" '^gridsearch: hv5\.json:2:[0-9]+: search\.aggressive_elimination: expected true or false, got a string' "$G" search hv5.json
cfg "$(H '"n_candidates": 4')" hv6.json
row "halving n_candidates over a grid" '^gridsearch: hv6\.json:2:[0-9]+: search\.n_candidates: "n_candidates" is for halving over "param_distributions"' "$G" search hv6.json
cfg "$(H '"resource": "C"')" hv7.json
row "halving resource other than n_samples" '^gridsearch: hv7\.json:2:[0-9]+: search\.resource: gridsearch halves on "n_samples" only .*got "C"' "$G" search hv7.json
cfg "$(H '"n_iter": 4')" hv8.json
row "halving n_iter" '^gridsearch: hv8\.json:2:[0-9]+: search\.n_iter: successive halving takes "n_candidates"' "$G" search hv8.json
cfg "$(H '"random_state": null')" hv9.json
row "halving random_state null" '^gridsearch: hv9\.json:2:[0-9]+: search\.random_state: random_state must be an integer: .*resumes' "$G" search hv9.json
cfg "$(H '"min_resources": 50, "max_resources": 10')" hv10.json
row "halving min_resources above max_resources" '^gridsearch: hv10\.json:2:[0-9]+: search\.min_resources: min_resources=50 is greater than max_resources=10' "$G" search hv10.json
printf '{"dataset": {"path": "d.csv"}, "cv": 2, "scoring": ["accuracy", "f1_macro"],\n "search": "halving", "param_grid": {"C": [1]}}\n' > hv11.json
row "halving with two scorers" '^gridsearch: hv11\.json:1:[0-9]+: scoring: successive halving ranks by one scorer' "$G" search hv11.json
cfg '"search": {"strategy": "halving", "min_resources": "exhaust"}, "param_distributions": {"C": {"expon": [1]}}' hv12.json
row "halving n_candidates and min_resources both exhaust" '^gridsearch: hv12\.json:2:[0-9]+: search\.min_resources: n_candidates and min_resources cannot both be "exhaust"' "$G" search hv12.json
cfg '"search": {"strategy": "random", "factor": 3}, "param_grid": {"C": [1]}' hv13.json
row "factor on a randomized search" '^gridsearch: hv13\.json:2:[0-9]+: search\.factor: only successive halving \("strategy": "halving"\) takes "factor"' "$G" search hv13.json
cfg "$(H '"max_resources": 1000')" hv14.json
row "halving max_resources above the training rows" '^gridsearch: hv14\.json:2:[0-9]+: search: max_resources=1000 is more than the 18 training rows' "$G" search hv14.json
cfg "$(H '"min_resources": 100')" hv15.json
row "halving min_resources above the training rows" '^gridsearch: hv15\.json:2:[0-9]+: search: min_resources_=100 is greater than max_resources_=18' "$G" search hv15.json
row "halving validate checks the resources too" '^gridsearch: hv15\.json:2:[0-9]+: search: min_resources_=100' "$G" validate hv15.json

printf '{"dataset": {"path": "d.csv"}, "scoring": ["roc_auc_ovr"], "param_grid": {"C": [1]}}\n' > ovr.json
row "roc_auc_ovr (needs predict_proba)" '^gridsearch: ovr\.json:1:[0-9]+: scoring\[0\]: scorer "roc_auc_ovr" needs predict_proba' "$G" search ovr.json

cfg '"refit": "f1_macro", "param_grid": {"C": [1]}' refit1.json
row "refit names a scorer not in scoring" '^gridsearch: refit1\.json:[0-9]+:[0-9]+: refit: "f1_macro" is not one of the scorers in "scoring"' "$G" search refit1.json
cfg '"refit": false, "param_grid": {"C": [1]}' refit2.json
row "refit false" '^gridsearch: refit2\.json:[0-9]+:[0-9]+: refit: false \(no refit\) is not supported' "$G" search refit2.json
cfg '"return_train_score": 1, "param_grid": {"C": [1]}' rts.json
row "return_train_score not a boolean" '^gridsearch: rts\.json:[0-9]+:[0-9]+: return_train_score: expected true or false, got ' "$G" search rts.json

# --- gridsearch predict ---
"$G" search ok.json --quiet --out mrun > /dev/null 2>&1 || { echo "FAIL the base config does not run"; exit 1; }
mkdir -p m && cp mrun/model_*.model m/good.model && cp mrun/model_*.json m/good.json && rm -rf mrun
printf '1.5,11\n2.5,12\n' > two.csv        # the model's 2 features, no label
printf '1,2,3,4\n' > four.csv
row "predict: feature count mismatch (CSV)" '^gridsearch: four\.csv:1:1: 4 cells, but the model has 2 features \(give them, then optionally an integer label\)' "$G" predict m/good.model four.csv
printf '1,2\n1,2,0\n' > mixed.csv
row "predict: rows with and without a label" '^gridsearch: mixed\.csv:2:1: 3 cells, but the first row had 2' "$G" predict m/good.model mixed.csv
printf 'a,b\n1,2\n1,x\n' > nan.csv   # a first row with a non-number is a header
row "predict: a cell that is no number" '^gridsearch: nan\.csv:3:3: cell 2 of 2 is not a finite number' "$G" predict m/good.model nan.csv
printf '1,2,0.5\n' > flab.csv
row "predict: a label that is no integer" '^gridsearch: flab\.csv:1:5: the label \(cell 3 of 3\) is not an integer' "$G" predict m/good.model flab.csv
printf '0 1:1 3:2\n' > wide.libsvm
row "predict: feature count mismatch (LIBSVM)" '^gridsearch: wide\.libsvm:1:7: feature 3, but the model has 2 features' "$G" predict m/good.model wide.libsvm --format libsvm
printf '0 2:1 1:2\n' > order.libsvm
row "predict: LIBSVM indices out of order" '^gridsearch: order\.libsvm:1:7: expected index:value with indices ascending from 1' "$G" predict m/good.model order.libsvm --format libsvm
: > empty.csv
row "predict: no rows" '^gridsearch: empty\.csv: no rows to predict' "$G" predict m/good.model empty.csv
row "predict: missing model file" '^gridsearch: m/none\.model: cannot open: No such file or directory' "$G" predict m/none.model two.csv
mkdir -p emptydir
row "predict: a folder without models" '^gridsearch: emptydir: no model here' "$G" predict emptydir two.csv
row "predict: missing data file" '^gridsearch: none\.csv: cannot open: No such file or directory' "$G" predict m/good.model none.csv
# corrupt model files: each checked before LIBSVM reads it
bad_model() { # name sed-expression: a copy of the good model, edited
  mkdir -p "bm_$1" && sed "$2" m/good.model > "bm_$1/m.model"
}
bad_model nrsv 's/^nr_sv .*/nr_sv 1 1 1/'
row "predict: nr_sv does not add up" '^gridsearch: bm_nrsv/m\.model:[0-9]+:1: nr_sv: the support vector counts do not add up to total_sv' "$G" predict bm_nrsv/m.model two.csv
bad_model short '$d'
row "predict: fewer support vectors than total_sv" '^gridsearch: bm_short/m\.model:[0-9]+:1: SV: fewer support vectors than total_sv' "$G" predict bm_short/m.model two.csv
bad_model rho 's/^rho \([^ ]*\) .*/rho \1/'
row "predict: rho with too few values" '^gridsearch: bm_rho/m\.model:[0-9]+:[0-9]+: rho: expected a number' "$G" predict bm_rho/m.model two.csv
bad_model type 's/^svm_type c_svc/svm_type nu_svc/'
row "predict: not a C-SVC model" '^gridsearch: bm_type/m\.model:1:10: svm_type: only c_svc models are supported' "$G" predict bm_type/m.model two.csv
bad_model kern 's/^kernel_type .*/kernel_type precomputed/'
row "predict: precomputed kernel model" '^gridsearch: bm_kern/m\.model:2:13: kernel_type: expected linear, polynomial, rbf or sigmoid' "$G" predict bm_kern/m.model two.csv
bad_model sv '/^SV$/{n;s/:/=/}'
row "predict: a corrupt support vector" '^gridsearch: bm_sv/m\.model:[0-9]+:[0-9]+: SV: expected index:value with ascending indices from 1' "$G" predict bm_sv/m.model two.csv
bad_model trunc '/^SV$/,$d'
row "predict: no SV section" '^gridsearch: bm_trunc/m\.model:[0-9]+:1: SV: no "SV" line' "$G" predict bm_trunc/m.model two.csv
mkdir -p bm_json && cp m/good.model bm_json/m.model && echo '{"n_features": 1}' > bm_json/m.json
row "predict: JSON with fewer features than the model uses" '^gridsearch: bm_json/m\.json: n_features: 1 features, but the model uses feature 2' "$G" predict bm_json/m.model two.csv
row "predict: unknown format" '^gridsearch predict: --format must be csv or libsvm, not "svm"' "$G" predict m/good.model two.csv --format svm
row "predict: missing DATA" '^gridsearch predict: missing DATA' "$G" predict m/good.model

# --- gridsearch primes ---
row "primes MIN > MAX" '^gridsearch primes: MIN 5 is greater than MAX 3' "$G" primes 5 3
row "primes negative" '^gridsearch primes: MIN must not be negative, got "-1"' "$G" primes -1 3
row "primes not a number" '^gridsearch primes: MAX must be .*got "ten"' "$G" primes 1 ten
row "primes beyond 2^63 - 1" '^gridsearch primes: MAX must be at most 2\^63 - 1 = 9223372036854775807, got "9223372036854775808"' "$G" primes 1 9223372036854775808
row "primes missing MAX" '^gridsearch primes: missing MAX \(usage: gridsearch primes MIN MAX' "$G" primes 1
row "primes unknown method" '^gridsearch primes: --method must be naive, trial or sieve, got "seive"; did you mean "sieve"\?' "$G" primes 1 10 --method seive
row "primes --chunk 0" '^gridsearch primes: --chunk must be ' "$G" primes 1 10 --chunk 0
row "primes --threads -2" '^gridsearch primes: --threads must be an integer from 1 to 4096, got "-2"' "$G" primes 1 10 --threads -2
row "primes under srun without MPI" '^gridsearch primes: srun started 4 tasks without MPI' env SLURM_STEP_NUM_TASKS=4 "$G" primes 1 10
row "primes sieve range too large for memory" '^gridsearch primes: sieving up to 9223372036854775807 needs about [0-9]+ MB for the primes up to its square root; the limit is 1024 MB' "$G" primes 0 9223372036854775807 --method sieve
row "primes sieve to 10^18 refused at once" '^gridsearch primes: sieving up to 1000000000000000000 needs about 2382 MB for the primes up to its square root; the limit is 1024 MB$' "$G" primes 0 1000000000000000000 --method sieve

echo "bad input: $rows rows"
[ $fail -eq 0 ] && echo "bad input: all rows passed"
exit $fail
