#!/usr/bin/env bash
# Prepare a fresh Debian machine for quizapp: the system libraries Qt needs, then a virtual environment
# in .venv with quizapp installed (editable) and, with --test, the test tools, a PostgreSQL server and Xvfb;
# --bench: what `python -m bench` needs (Anki's library, and Xvfb with Qt's X11 libraries for its GUI runs).
# Usage: bash scripts/bootstrap.sh [--gui] [--test] [--bench]
set -euo pipefail
cd "$(dirname "$0")/.."
gui=0; extras=""; bench=0
for arg in "$@"; do
  case $arg in
    --gui) gui=1 ;;
    --test) gui=1; bench=1; extras="${extras:+$extras,}test" ;;  # the suite's bench smoke test draws under Xvfb
    --bench) gui=1; bench=1; extras="${extras:+$extras,}bench" ;;
  esac
done
[ -n "$extras" ] && extras="[$extras]"

# Qt's offscreen platform needs these; a real window (xcb) needs the second list as well.
pkgs="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 fonts-dejavu-core"
gui_pkgs="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libx11-xcb1 libxcb-randr0 libxcb-shm0 libxcb-sync1
  libxcb-xfixes0 libxcb-glx0"
[ "$gui" = 1 ] && pkgs="$pkgs $gui_pkgs"
[ "$bench" = 1 ] && pkgs="$pkgs xvfb xauth"
# The tests validate the desktop entry and the AppStream metainfo with the freedesktop tools, and the
# class tests start a real PostgreSQL server of their own (tests/classroom/pg_server.py).
case $extras in *test*) pkgs="$pkgs desktop-file-utils appstream postgresql" ;; esac
python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" 2>/dev/null || pkgs="$pkgs python3-venv"

if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "Installing Debian packages:$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".$extras"
