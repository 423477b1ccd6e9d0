#!/usr/bin/env bash
# Builds Tandem's Linux packages from this checkout, offline:
#   OUTDIR/bundle/tandem/                 the PyInstaller one-folder bundle (installer/tandem.spec)
#   OUTDIR/tandem_VERSION_ARCH.deb        the Debian package (installer/linux/build-deb.sh)
#   OUTDIR/tandem-VERSION-linux-ARCH.tar.gz  the bundle as a plain archive
#
#   installer/build.sh [OUTDIR] [--fast]
#
# OUTDIR defaults to dist/. PYTHON (default .venv/bin/python) must have Tandem and PyInstaller
# installed. --fast trades package size for build time (gzip -1 instead of xz; the tests use it).
# The Windows installer is built on Windows: installer/windows/build-windows.yml.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/dist"
fast=()
for arg in "$@"; do
  case "$arg" in
    --fast) fast=(--fast) ;;
    -*) echo "unknown option $arg; usage: $0 [OUTDIR] [--fast]" >&2; exit 2 ;;
    *) out=$arg ;;
  esac
done
mkdir -p "$out"
out=$(readlink -f "$out")
python=${PYTHON:-$repo/.venv/bin/python}
if ! "$python" -c "import PyInstaller, tandem" 2>/dev/null; then
  echo "$python lacks PyInstaller or Tandem: run '$python -m pip install -e . pyinstaller' first" >&2
  exit 1
fi

work="$out/.work"
rm -rf "$out/bundle" "$work"
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$out/bundle" --workpath "$work" \
  "$repo/installer/tandem.spec"
rm -rf "$work"
bundle="$out/bundle/tandem"

deb=$("$repo/installer/linux/build-deb.sh" "$bundle" "$out" "${fast[@]}")

version=$("$bundle/tandem" --version | awk '{print $2}')
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
tarball="$out/tandem-$version-linux-$arch.tar.gz"
level=-6
if ((${#fast[@]})); then level=-1; fi
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$(stat -c %Y "$repo/installer/linux/changelog")" \
  -C "$out/bundle" -cf - tandem | gzip -n "$level" > "$tarball"

echo "bundle  $bundle ($(du -sh "$bundle" | cut -f1))"
echo "deb     $deb ($(du -h "$deb" | cut -f1))"
echo "tar.gz  $tarball ($(du -h "$tarball" | cut -f1))"
