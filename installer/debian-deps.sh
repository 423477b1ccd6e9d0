#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Tandem needs: `run` for the program and its demo, `test` for the
# whole test suite (real peers: kamailio, sipp, baresip, PulseAudio, gnome-keyring, PostgreSQL, Xvfb).
# Only what is missing is installed; uses sudo when not root. Safe to run again.
set -euo pipefail

run_pkgs=(
  python3 python3-venv python3-pip
  # Qt's xcb platform plugin and what Qt needs on a desktop or under Xvfb
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  fonts-dejavu-core
  # audio through PulseAudio (or PipeWire's Pulse server) and a keyring for passwords
  pulseaudio-utils gnome-keyring dbus dbus-bin
  xvfb xauth
  libgssapi-krb5-2  # Qt's network library links it
)
test_pkgs=(
  kamailio sip-tester baresip
  pulseaudio sox
  libsecret-tools
  postgresql
  openssl
  nsis lintian  # the installers: makensis compiles the Windows script, lintian checks the .deb
)

want=("${run_pkgs[@]}")
if [[ "${1:-run}" == "test" ]]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
