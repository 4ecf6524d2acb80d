#!/usr/bin/env bash
# Prints the size of each file of dist/ raw and gzipped (-9), then the total of what the page loads as
# code (.wasm and every .js, wasm-bindgen's snippets included; not sw.js, which the page only registers).
# Run after `trunk build --release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
printf '%-40s %10s %10s\n' file raw gzip
total_raw=0
total_gzip=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-40s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
  case "$f" in
    dist/sw.js | *.css | *.html) ;;
    *) total_raw=$((total_raw + raw)); total_gzip=$((total_gzip + gz)) ;;
  esac
done < <(ls dist/*.wasm dist/*.js; find dist/snippets -name '*.js' 2>/dev/null | sort; ls dist/*.css dist/index.html)
printf '%-40s %10d %10d  (target: 150 KB gzip, issue 10)\n' "code: .wasm + .js" "$total_raw" "$total_gzip"
