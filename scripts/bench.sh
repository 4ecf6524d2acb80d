#!/usr/bin/env bash
# The receive-path benchmark: builds the release dist/ and the benchmark, then prints its figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/tools.sh
trunk build --release --skip-version-check
cargo build --release -p sockpit-e2e --bin bench
CHROMEDRIVER=/usr/bin/chromedriver ./target/release/bench dist
