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

step "UI type check against the regenerated bindings"
(cd ui && npm run typecheck)

step "UI component tests (Vitest, jsdom)"
(cd ui && npm test)

step "app binary"
cargo build -p estudio-app

step "end-to-end: the real window under Xvfb, driven by tauri-driver + WebKitWebDriver"
scripts/with-display.sh bash -c 'cd ui && npm run e2e'
