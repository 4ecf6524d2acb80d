#!/usr/bin/env bash
# Command 2: every check. Formatting, clippy (native and wasm32), native tests (core and server),
# wasm-bindgen-test in headless Chromium against the companion server, and end-to-end tests that
# drive the release dist/ in headless Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/tools.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32: the app and its browser tests)"
cargo clippy -p sockpit --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests: core and companion server"
cargo test --workspace --exclude sockpit-e2e

step "release build of dist/"
trunk build --release --skip-version-check
cargo build -p sockpit-server

step "starting the companion server"
PORT="${SOCKPIT_TEST_PORT:-9311}"
LOG=$(mktemp)
./target/debug/sockpit-server --port "$PORT" --dist dist >"$LOG" 2>&1 &
SERVER_PID=$!
DEV_PID=""
stop_all() {
  for pid in "$SERVER_PID" $DEV_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
# wait_for TEXT LOG PID WHAT SECONDS: until LOG says TEXT; fails if PID ends first or SECONDS pass.
wait_for() {
  local deadline=$((SECONDS + $5))
  until grep -q "$1" "$2"; do
    kill -0 "$3" 2>/dev/null || { cat "$2"; echo "$4 did not start" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { cat "$2"; echo "$4 did not start within $5 s" >&2; exit 1; }
    sleep 0.1
  done
}
wait_for "listening on" "$LOG" "$SERVER_PID" "the companion server" 10
export SOCKPIT_TEST_SERVER="127.0.0.1:$PORT"
export SOCKPIT_E2E_URL="http://127.0.0.1:$PORT/"
export CHROMEDRIVER=/usr/bin/chromedriver

step "wasm-bindgen-test in headless Chromium"
cargo test -p sockpit --target wasm32-unknown-unknown

# Built before trunk serve starts: its file watcher (notify-debouncer-full 0.5) once panicked on the
# events of a compile in target/ and took the dev server down mid-run.
step "building the end-to-end tests"
cargo test -p sockpit-e2e --no-run

step "trunk serve: the development build, for the autoreload test"
DEV_PORT="${SOCKPIT_DEV_PORT:-9312}"
DEV_LOG=$(mktemp)
trunk serve --skip-version-check --port "$DEV_PORT" --dist target/dev-dist >"$DEV_LOG" 2>&1 &
DEV_PID=$!
wait_for "server listening" "$DEV_LOG" "$DEV_PID" "trunk serve" 300
export SOCKPIT_DEV_URL="http://127.0.0.1:$DEV_PORT/"

step "end-to-end: release dist/ (and trunk serve's page) in headless Chromium"
cargo test -p sockpit-e2e -- --test-threads=2

step "all checks passed"
