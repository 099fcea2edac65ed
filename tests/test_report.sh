#!/usr/bin/env bash
# test_report.sh BINARY SRCDIR PNGSTAT JSONGET [--update]: the files people
# read after a search of tests/report/small.json (iris; an rbf C x gamma
# sub-grid and a linear C sub-grid; two scorers):
#  - report.md equals tests/report/small_report.md with the timings masked
#    (--update rewrites that golden from this build; review the diff);
#  - one heatmap per scorer for the rbf sub-grid and one line chart per
#    scorer for the linear one, each rendered by rsvg-convert to a valid PNG
#    of the size the SVG declares (the heatmap's from svg.h's layout), with
#    colour and ink on it (not blank), and linked from report.md;
#  - run.json parses and agrees with best_params.json and the run.
set -u
bin=$1 src=$2 pngstat=$3 jsonget=$4 update=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
command -v rsvg-convert > /dev/null || { echo "FAIL rsvg-convert missing (apt-get install librsvg2-bin)"; exit 1; }

cd "$src/tests/report" || exit 1
"$bin" search small.json --threads 1 --quiet --out "$tmp/out" > "$tmp/stdout" 2> "$tmp/stderr" || { bad "search failed"; cat "$tmp/stderr"; exit 1; }
out=$tmp/out
mask() {
  sed -E -e 's/^\| wall time \| .*/| wall time | (masked) |/' \
         -e 's/^\| parallel efficiency \| .*/| parallel efficiency | (masked) |/' \
         -e 's/^(\| [^|]+ \| [^|]+ \| [^|]+ \| )[0-9]+\.[0-9]+( \|)/\1(masked)\2/' "$1"
}
mask "$out/report.md" > "$tmp/report.md"
if [ "$update" = --update ]; then
  cp "$tmp/report.md" small_report.md
  echo "updated tests/report/small_report.md"
fi
if diff -u small_report.md "$tmp/report.md" > "$tmp/diff"; then ok "report.md equals the golden (timings masked)"
else bad "report.md differs from tests/report/small_report.md:"; head -40 "$tmp/diff"; fi
grep -q "masked" "$tmp/report.md" && [ "$(grep -c '(masked)' "$tmp/report.md")" -eq 20 ] \
  && ok "masked exactly the 2 timing facts and 18 fit-time cells" || bad "masking: $(grep -c '(masked)' "$tmp/report.md") cells"

# the charts: exactly the expected files
expected="heatmap_accuracy_0.svg heatmap_f1_macro_0.svg line_accuracy_1.svg line_f1_macro_1.svg"
got=$(cd "$out" && ls *.svg | tr '\n' ' ' | sed 's/ $//')
[ "$got" = "$expected" ] && ok "charts: $got" || bad "charts: got '$got', expected '$expected'"
for f in $expected; do
  grep -qF "[![$f]($f)]($f)" "$out/report.md" && ok "$f linked from report.md" || bad "$f not linked from report.md"
  w=$(grep -o 'svg xmlns[^>]* width="[0-9]*"' "$out/$f" | grep -o 'width="[0-9]*"' | tr -dc 0-9)
  h=$(grep -o 'svg xmlns[^>]* height="[0-9]*"' "$out/$f" | grep -o 'height="[0-9]*"' | tr -dc 0-9)
  if ! rsvg-convert -o "$tmp/${f%.svg}.png" "$out/$f" 2> "$tmp/rsvg.err"; then bad "$f: rsvg-convert: $(cat "$tmp/rsvg.err")"; continue; fi
  read -r pw ph colours inked < <("$pngstat" "$tmp/${f%.svg}.png") || { bad "$f: not a valid PNG"; continue; }
  [ "$pw" = "$w" ] && [ "$ph" = "$h" ] && ok "$f: a ${pw}x${ph} PNG, as the SVG declares" || bad "$f: PNG ${pw}x${ph}, SVG ${w}x${h}"
  [ "$colours" -ge 50 ] && [ "$inked" -ge 50 ] && ok "$f: not blank ($colours colours, $inked/1000 inked)" \
    || bad "$f: blank? $colours colours, $inked/1000 inked"
done
# svg.h's layout: a 3 x 2 heatmap is max(520, 110 + 3 * 90 + 30) x (60 + 2 * 50 + 80)
[ "$(grep -o 'width="[0-9]*" height="[0-9]*"' "$out/heatmap_accuracy_0.svg" | head -1)" = 'width="520" height="240"' ] \
  && ok "the 3 x 2 heatmap is 520 x 240" || bad "heatmap size: $(grep -o 'width="[0-9]*" height="[0-9]*"' "$out/heatmap_accuracy_0.svg" | head -1)"
[ "$(grep -c '<rect x="[0-9]*" y="[0-9]*" width="90" height="50"' "$out/heatmap_accuracy_0.svg")" -eq 6 ] \
  && ok "6 cells" || bad "cells: $(grep -c 'width="90" height="50"' "$out/heatmap_accuracy_0.svg")"
grep -q 'stroke="#e41a1c"' "$out/heatmap_accuracy_0.svg" && ok "the best cell is outlined" || bad "no outline"
for t in '>C</text>' '>gamma</text>' '>kernel=&apos;rbf&apos;</text>'; do
  grep -qF "$t" "$out/heatmap_accuracy_0.svg" && ok "heatmap labels $t" || bad "heatmap lacks $t"
done

# run.json
best=$("$jsonget" "$out/best_params.json" accuracy.params) && run=$("$jsonget" "$out/run.json" best.accuracy.params) \
  && [ "$best" = "$run" ] && ok "run.json's best accuracy params = best_params.json's ($run)" || bad "run.json best: '$run' vs '$best'"
for k in config.digest versions.gridsearch versions.libsvm versions.mpi timings.wall_seconds parallel_efficiency \
         workers.ranks memory.peak_rss_mb_per_rank.0 best.f1_macro.held_out_score; do
  v=$("$jsonget" "$out/run.json" "$k") && ok "run.json $k = $v" || bad "run.json lacks $k"
done
[ "$("$jsonget" "$out/run.json" workers.threads)" = 1 ] && ok "run.json: 1 thread" || bad "run.json threads"
grep -qF "$("$jsonget" "$out/run.json" config.digest)" "$out/report.md" && ok "report.md shows the digest" || bad "digest not in report.md"
exit $fail
