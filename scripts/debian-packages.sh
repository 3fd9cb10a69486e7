#!/usr/bin/env bash
# Makes sure the Debian packages Zoomorph needs are installed: installs the missing ones when it can (root, or
# passwordless sudo), otherwise names them and fails. Usage: scripts/debian-packages.sh run|test
#   run:  what `./zoomorph serve` needs (headless OpenGL through Mesa's EGL).
#   test: run + what the test suite drives for real (Chromium, Xvfb, liblo's oscsend, Fashion-MNIST, NATS with
#         openssl for its TLS test, a PulseAudio server with ALSA routed to it for live audio capture, curl for
#         scripts/test-data.sh).
set -euo pipefail

run_packages=(libegl1 libegl-mesa0 libgl1-mesa-dri)
# GLFW windows under Xvfb need the X client libraries; the kiosk window's monitor unplug test runs Xorg with the
# dummy driver (two monitors xrandr can switch off and on).
test_packages=(chromium chromium-driver xvfb liblo-tools dataset-fashion-mnist nats-server openssl
  libx11-6 libx11-xcb1 libxrandr2 libxcursor1 libxi6 libxinerama1 pulseaudio pulseaudio-utils libasound2-plugins
  xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils curl)

case "${1:-}" in
  run) wanted=("${run_packages[@]}") ;;
  test) wanted=("${run_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "zoomorph: not a Debian-based system; make sure these are installed: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "zoomorph: missing Debian packages: ${missing[*]}" >&2
  echo "zoomorph: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "zoomorph: installing missing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >&2
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
