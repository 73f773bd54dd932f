#!/bin/sh
# Install the Debian packages pos2ecom needs, if any is missing.
# Usage: scripts/install-deps.sh [build|check|bench|lint|valgrind|fuzz|render]
# Uses apt-get as root, or through sudo; where neither works, prints the
# exact command and stops.
set -eu

need="libcsv-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libvips-dev libcmocka-dev"
case "${1:-build}" in
  build) need="gcc make libc6-dev pkg-config libcsv-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libvips-dev" ;;
  check) need="gcc make libc6-dev pkg-config libcsv-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libvips-dev libcmocka-dev python3 python3-openpyxl libvips-tools libheif-examples poppler-utils libreoffice-calc-nogui chromium" ;;
  bench) need="gcc make libc6-dev pkg-config libcsv-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev libvips-dev libvips-tools libheif-examples time" ;;
  lint) need="cppcheck" ;;
  valgrind) need="valgrind" ;;
  fuzz) need="clang libclang-rt-dev" ;;
  # report.xlsx printed by LibreOffice (tests/render.sh skips without it)
  render) need="libreoffice-calc-nogui poppler-utils" ;;
esac

missing=""
for p in $need; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "pos2ecom: missing packages:$missing" >&2
  echo "pos2ecom: this is not a Debian/Ubuntu system; install the equivalents of:$missing" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "pos2ecom: missing packages:$missing" >&2
  echo "pos2ecom: run this, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "pos2ecom: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
$SUDO apt-get install -y -qq $missing >/dev/null
