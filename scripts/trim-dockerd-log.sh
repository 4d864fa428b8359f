#!/usr/bin/env bash
# trim-dockerd-log.sh IN [CONTEXT]: print the lines of a dockerd debug log that Keelwatch reads, unchanged:
# every `Calling METHOD /path` line and every `form data: {...}` line, plus CONTEXT lines (default 1) before
# and after each of them, in their original order. Nothing is rewritten or added, lines are only dropped.
# Used to make the demo bundle's dockerd.log small; captures themselves keep the whole log.
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $(basename "$0") IN [CONTEXT]" >&2; exit 2; }
awk -v ctx="${2:-1}" '
  { line[NR] = $0 }
  /msg="Calling [A-Z]+ / || /msg="form data: / {
    for (i = NR - ctx; i <= NR + ctx; i++) if (i >= 1) keep[i] = 1
  }
  END { for (i = 1; i <= NR; i++) if (i in keep) print line[i] }
' "$1"
