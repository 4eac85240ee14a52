#!/usr/bin/env bash
# `make bench`: runs every benchmark and writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/RESULTS.md
tmp=$(mktemp)
mkdir -p bench/work
# The release binaries the benchmarks run: the CLI, and the app as `make package` builds it.
(cd ui && npm run build) >&2
cargo build -q --release -p estudio-cli >&2
cargo build -q --release -p estudio-app --features tauri/custom-protocol >&2
{
  echo "# Benchmark results"
  echo
  echo "Made by \`make bench\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$(ffmpeg -version | head -1 | cut -d' ' -f1-3), $(rustc --version)."
  echo
  echo "## Queue throughput"
  echo
  echo "Command: \`cargo bench -p estudio-queue --bench throughput\`. Every commit durable (SQLite: WAL +"
  echo "\`synchronous=FULL\`; PostgreSQL 15: a throw-away server on loopback with fsync and"
  echo "synchronous_commit on). The reference of each, measured alternately in the same run, is a loop"
  echo "of bare one-row durable commits through the same database on the same disk."
  echo
  BENCH_TMP="$PWD/bench/work" cargo bench -q -p estudio-queue --bench throughput
  echo
  echo "## Render farm"
  echo
  echo "Command: \`cargo bench -p estudio-cli --bench farm\` (a throw-away durable PostgreSQL; the CLI"
  echo "as release). docs/render-farm.md projects from these figures how far one server goes."
  echo
  BENCH_TMP="$PWD/bench/work" cargo bench -q -p estudio-cli --bench farm
  echo
  echo "## Editing"
  echo
  echo "Command: \`cargo bench -p estudio-edit --bench editing\` (a 200-scene project; every"
  echo "operation journalled durably before it is acknowledged; references measured alternately in"
  echo "the same run)."
  echo
  BENCH_TMP="$PWD/bench/work" cargo bench -q -p estudio-edit --bench editing
  echo
  echo "## Export to ffmpeg"
  echo
  echo "Command: \`cargo bench -p estudio-worker --bench latency\`. From \`Engine::enqueue\` (what the"
  echo "Export button calls) to ffmpeg running, with an idle worker waiting. ffmpeg is started"
  echo "through a wrapper that records the instant; the reference is starting that wrapper directly."
  echo
  cargo bench -q -p estudio-worker --bench latency
  echo
  echo "## App"
  echo
  echo "Command: \`scripts/with-display.sh python3 bench/app_bench.py\` (the release app, as"
  echo "\`make package\` builds it, under Xvfb)."
  echo
  scripts/with-display.sh python3 bench/app_bench.py
  echo
  echo "### Progress to window"
  echo
  echo "Command: \`scripts/with-display.sh node bench/window_latency.mjs\` (release app, tauri-driver)."
  echo
  scripts/with-display.sh node bench/window_latency.mjs
  echo
  echo "### Editing in the window"
  echo
  echo "Command: \`scripts/with-display.sh node bench/editing_window.mjs\` (release app, tauri-driver, deck20)."
  echo
  scripts/with-display.sh node bench/editing_window.mjs
  echo
  echo "## Render speed"
  echo
  echo "Command: \`python3 bench/render_bench.py\` (workload and reference from \`../shared/bench\`)."
  echo "One warm-up round, then three counted rounds, each running every renderer in turn."
  echo
  python3 bench/render_bench.py
  echo
  echo "## Smart render"
  echo
  python3 bench/smart_bench.py
  echo
  echo "## Deck import"
  echo
  python3 bench/deck_bench.py
  echo
  echo "## Voices"
  echo
  python3 bench/voice_bench.py
  echo
  # Hand-written: what profiling found, and the checks the figures above cannot show.
  cat bench/findings.md
} >"$tmp"
mv "$tmp" "$out"
cat "$out"
