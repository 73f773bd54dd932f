#!/bin/bash
# The layers of src/ (docs/ARCHITECTURE.md), lowest first. A file in
# src/<layer>/ may include the headers of its own layer and of the layers
# below, never of a layer above; layers of the same rank (xseries and
# images) do not include each other. Run by make lint; exits 1 on an
# include that goes up, naming the file, the line and both layers.
#
# Every module (src/<layer>/<name>.c or p2e_<name>.h) must also be named,
# as `name`, in docs/ARCHITECTURE.md, so the page's module list stays true.
#
# usage: tests/layers.sh [SRC_DIR]      (default src)
#        tests/layers.sh --self-test    shows that an include going up and
#                                       an unnamed module are caught
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = --self-test ]; then
  t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
  cp -r "$top/src" "$t/src"
  sed -i '1a #include "p2e_command.h"' "$t/src/util/fs.c"
  sed -i '1a #include "p2e_images.h"' "$t/src/xseries/load.c"
  echo '/* a module nobody documented */' > "$t/src/util/undocumented.c"
  out=$("$0" "$t/src" 2>&1) && { echo "layers self-test: the bad tree passed"; exit 1; }
  for want in 'util/fs.c:2: util (rank 0) includes "p2e_command.h" of app' \
              'xseries/load.c:2: xseries (rank 2) includes "p2e_images.h" of images' \
              'util/undocumented.c: the module `undocumented` is not named in docs/ARCHITECTURE.md'; do
    grep -qF -- "$want" <<<"$out" || { echo "layers self-test: not caught: $want"; echo "$out"; exit 1; }
  done
  echo "layers self-test: an include going up and an unnamed module are caught"
  exit 0
fi
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

# every module is named in docs/ARCHITECTURE.md
arch=$top/docs/ARCHITECTURE.md
while IFS= read -r f; do
  m=$(basename "$f"); m=${m%.*}; m=${m#p2e_}
  grep -qF -- "\`$m\`" "$arch" || { echo "layers: ${f#"$src"/}: the module \`$m\` is not named in docs/ARCHITECTURE.md"; fail=1; }
done < <(find "$src" -mindepth 2 -name '*.[ch]' | LC_ALL=C sort)

if [ "$fail" -eq 0 ]; then
  echo "layers: $checked files, no include goes up, every module named in docs/ARCHITECTURE.md"
fi
exit "$fail"
