#!/usr/bin/env bash
# Builds tandem_VERSION_ARCH.deb from a PyInstaller bundle, offline, with dpkg-deb. Needs no root
# and no fakeroot: dpkg-deb --root-owner-group makes every file root's.
#
#   installer/linux/build-deb.sh BUNDLE OUTDIR [--fast]
#
# BUNDLE is the one-folder bundle (dist/tandem from installer/tandem.spec); the version comes from
# the bundle itself (`tandem --version`). --fast compresses with gzip -1 instead of xz (the tests use
# it: same contents, a minute less on two cores). Prints the path of the .deb.
#
# Layout: the bundle in /opt/tandem (a self-contained add-on, FHS 3.13), /usr/bin/tandem starting it,
# the .desktop file with the sip:/sips:/tel:/callto: handlers, icons in the hicolor theme, a man page,
# copyright and changelog. No maintainer scripts: the desktop database and the icon cache are
# refreshed by the dpkg triggers of desktop-file-utils and hicolor-icon-theme.
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 BUNDLE OUTDIR [--fast]" >&2
  exit 2
fi
bundle=$(readlink -f "$1")
out=$(readlink -f "$2")
compress=(-Zxz -z6)
if [[ "${3:-}" == "--fast" ]]; then
  compress=(-Zgzip -z1)
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [[ ! -x "$bundle/tandem" || ! -d "$bundle/_internal" ]]; then
  echo "$bundle is not a Tandem bundle (no tandem executable and _internal folder): build it with installer/build.sh" >&2
  exit 1
fi
version=$("$bundle/tandem" --version | awk '{print $2}')
if [[ ! "$version" =~ ^[0-9][0-9A-Za-z.+~]*$ ]]; then
  echo "the bundle reports no usable version ('$version')" >&2
  exit 1
fi
arch=$(dpkg --print-architecture)

# Depends: the packages of every system library the bundle links (tandem.spec leaves them all out of
# the bundle: X11/xcb, Wayland, GL, fonts, D-Bus, PulseAudio, libstdc++, and whatever the Python that
# built the bundle links), found with readelf and dpkg -S on this machine, plus the ones Qt opens
# with dlopen (GL/EGL, OpenSSL for its TLS backend) and the xcb helpers of the brief.
baseline=(libegl1 libgl1 libssl3 libfontconfig1 libdbus-1-3 libpulse0 libxkbcommon-x11-0 libxcb-cursor0)
mapfile -t needed < <(find "$bundle" -type f \( -name '*.so*' -o -name tandem \) -print0 \
  | xargs -0 readelf -d 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | sort -u)
mapfile -t carried < <(find "$bundle" -name '*.so*' -printf '%f\n' | sort -u)
mapfile -t system_libs < <(comm -23 <(printf '%s\n' "${needed[@]}") <(printf '%s\n' "${carried[@]}"))
depends=("${baseline[@]}")
for soname in "${system_libs[@]}"; do
  owner=$(dpkg -S "*/$soname" 2>/dev/null | grep -v '^diversion' | cut -d: -f1 | sort -u | head -1 || true)
  if [[ -z "$owner" ]]; then
    echo "the bundle needs $soname, which no installed Debian package provides: install its package" >&2
    exit 1
  fi
  depends+=("$owner")
done
mapfile -t depends < <(printf '%s\n' "${depends[@]}" | sort -u)
# Qt needs at least one font; passwords want a Secret Service; sound wants a PulseAudio server.
recommends="fonts-dejavu-core | fonts-freefont-ttf | fonts-liberation2, gnome-keyring | kwalletmanager, pulseaudio | pipewire-pulse"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/tandem"
install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
  "$pkg/usr/share/doc/tandem" "$pkg/usr/share/man/man1" "$pkg/usr/share/lintian/overrides"
cp -a "$bundle" "$pkg/opt/tandem"
install -m 755 "$here/tandem.sh" "$pkg/usr/bin/tandem"
install -m 644 "$repo/resources/tandem.desktop" "$pkg/usr/share/applications/tandem.desktop"
for png in "$repo"/resources/icons/hicolor/*/apps/tandem.png; do
  size=$(basename "$(dirname "$(dirname "$png")")")
  install -D -m 644 "$png" "$pkg/usr/share/icons/hicolor/$size/apps/tandem.png"
done
install -D -m 644 "$repo/resources/icons/tandem.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/tandem.svg"
install -m 644 "$here/copyright" "$pkg/usr/share/doc/tandem/copyright"
gzip -9n < "$here/changelog" > "$pkg/usr/share/doc/tandem/changelog.gz"
gzip -9n < "$here/tandem.1" > "$pkg/usr/share/man/man1/tandem.1.gz"
install -m 644 "$here/lintian-overrides" "$pkg/usr/share/lintian/overrides/tandem"

# Files as a package has them: directories and programs 755, everything else 644 (the bundle has
# the wheels' modes, with executable shared objects); one timestamp, from the changelog.
find "$pkg" -type d -exec chmod 755 {} +
find "$pkg" -type f -exec chmod 644 {} +
chmod 755 "$pkg/opt/tandem/tandem" "$pkg/usr/bin/tandem"
SOURCE_DATE_EPOCH=$(date -d "$(sed -n 's/^ -- .*>  //p' "$here/changelog" | head -1)" +%s)
export SOURCE_DATE_EPOCH

installed_size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
join() { local IFS=","; echo "$*"; }
cat > "$pkg/DEBIAN/control" <<EOF
Package: tandem
Version: $version
Architecture: $arch
Maintainer: Tandem developers <tandem@example.org>
Installed-Size: $installed_size
Depends: $(join "${depends[@]}" | sed 's/,/, /g')
Recommends: $recommends
Section: comm
Priority: optional
Description: softphone and CTI client for Unify OpenScape Business
 Tandem puts the calls of an OpenScape Business user on the desktop: a SIP
 softphone with audio through the desktop's sound server, control of the
 desk phone over CSTA, the colleagues' presence (busy lamp field) and the
 call journal from the PBX's call detail records.
 .
 The program brings its own Python, Qt and pjsua2 in /opt/tandem; it uses
 the system's graphics, fonts, D-Bus, keyring and sound server.
EOF
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
  > "$pkg/DEBIAN/md5sums"
find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
deb="$out/tandem_${version}_${arch}.deb"
dpkg-deb --root-owner-group "${compress[@]}" --build "$pkg" "$deb" >/dev/null
echo "$deb"
