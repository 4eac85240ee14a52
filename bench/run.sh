#!/usr/bin/env bash
# `make bench`: runs every benchmark and writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/RESULTS.md
tmp=$(mktemp)
mkdir -p bench/work
{
  echo "# Benchmark results"
  echo
  echo "Made by \`make bench\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "$(ffmpeg -version | head -1 | cut -d' ' -f1-3), $(rustc --version)."
  echo
  echo "## Queue throughput"
  echo
  echo "Command: \`cargo bench -p estudio-queue --bench throughput\`. Every commit durable (WAL +"
  echo "\`synchronous=FULL\`). The reference, measured alternately in the same run, is a loop of bare"
  echo "one-row durable commits on the same disk: what any durable queue on this disk could reach."
  echo
  BENCH_TMP=bench/work cargo bench -q -p estudio-queue --bench throughput 2>/dev/null
} >"$tmp"
mv "$tmp" "$out"
cat "$out"
