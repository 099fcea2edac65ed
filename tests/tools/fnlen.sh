#!/bin/sh
# fnlen.sh [LIMIT] [FILES...]: lists the functions of lib/*.c (or FILES)
# longer than LIMIT lines (default 120), longest first, as
# "lines file:line name". A function is a definition starting in column 0
# and ending at the next "}" in column 0 (the project's style).
limit=${1:-120}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- "$(dirname "$0")"/../../lib/*.c
awk -v limit="$limit" '
  FNR == 1 { name = "" }
  name == "" && /^[a-zA-Z_].*\(/ && !/;[ \t]*$/ && !/^(typedef|struct [a-z_]+ \{|#)/ {
    s = $0; sub(/\(.*/, "", s); n = split(s, w, /[ \t*]+/); name = w[n]; start = FNR; file = FILENAME
  }
  name != "" && /^}/ {
    len = FNR - start + 1
    if (len > limit) printf "%d %s:%d %s\n", len, file, start, name
    name = ""
  }
' "$@" | sort -rn
