#!/usr/bin/env bash
# Prints the size of each file of dist/ raw and gzipped (-9). Run after `trunk build --release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
printf '%-40s %10s %10s\n' file raw gzip
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  printf '%-40s %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
