#!/usr/bin/env bash
# Runs a command with an X display: the current one if DISPLAY is set, else a private Xvfb on a
# free display number, stopped when the command ends.
set -euo pipefail
if [[ -n "${DISPLAY:-}" ]]; then
  exec "$@"
fi
dispfile=$(mktemp)
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$dispfile" 2>/dev/null &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -f "$dispfile"' EXIT
for _ in $(seq 100); do
  [[ -s "$dispfile" ]] && break
  sleep 0.1
done
[[ -s "$dispfile" ]] || { echo "with-display: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$dispfile")"
"$@"
