#!/usr/bin/env bash
# Command 1: builds the app and starts the companion server serving it. PORT (default 9001) and
# ADDR (default 127.0.0.1) choose where.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/tools.sh

PORT="${PORT:-9001}"
ADDR="${ADDR:-127.0.0.1}"
trunk build --release --skip-version-check
cargo build --release -p sockpit-server
echo
echo "Sockpit: open http://$ADDR:$PORT/ in a browser (Ctrl+C stops the server)."
echo
exec ./target/release/sockpit-server --addr "$ADDR" --port "$PORT" --dist dist
