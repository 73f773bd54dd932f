#!/bin/bash
# The layers of src/ (docs/ARCHITECTURE.md), lowest first. A file in
# src/<layer>/ may include the headers of its own layer and of the layers
# below, never of a layer above; layers of the same rank (xseries and
# images) do not include each other. Run by make lint; exits 1 on an
# include that goes up, naming the file, the line and both layers.
#
# usage: tests/layers.sh [SRC_DIR]      (default src)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$top/src}
# layer:rank, lowest first
layers="util:0 model:1 xseries:2 images:2 eseries:3 logic:4 out:5 app:6"

rank_of() { # rank_of LAYER
  for l in $layers; do [ "${l%%:*}" = "$1" ] && { echo "${l##*:}"; return; }; done
  echo ""
}

# where each header lives: its layer
declare -A home
while IFS= read -r h; do
  rel=${h#"$src"/}
  home[$(basename "$h")]=${rel%%/*}
done < <(find "$src" -mindepth 2 -name '*.h' | LC_ALL=C sort)

fail=0; checked=0
while IFS= read -r f; do
  rel=${f#"$src"/}
  layer=${rel%%/*}
  rank=$(rank_of "$layer")
  if [ -z "$rank" ]; then
    echo "layers: $rel is in '$layer', which is not a layer ($layers)"; fail=1; continue
  fi
  checked=$((checked + 1))
  while IFS=: read -r line inc; do
    h=$(sed -E 's/.*"([^"]+)".*/\1/' <<<"$inc")
    hl=${home[$h]:-}
    [ -z "$hl" ] && { echo "layers: $rel:$line includes \"$h\", which is in no layer"; fail=1; continue; }
    hr=$(rank_of "$hl")
    if [ "$hr" -gt "$rank" ] || { [ "$hr" -eq "$rank" ] && [ "$hl" != "$layer" ]; }; then
      echo "layers: $rel:$line: $layer (rank $rank) includes \"$h\" of $hl (rank $hr): an include that goes up"
      fail=1
    fi
  done < <(grep -nE '^#include "' "$f" | sed -E 's/^([0-9]+):/\1:/')
done < <(find "$src" -mindepth 2 -name '*.[ch]' | LC_ALL=C sort)

if [ "$fail" -eq 0 ]; then
  echo "layers: $checked files, no include goes up"
fi
exit "$fail"
