#!/usr/bin/env bash
# The size floor of the fixed stack (issue 10): builds scripts/floor, the smallest useful WebSocket tool on
# Yew (one screen: address, connect, send, close, a log), with Sockpit's release profile, wasm-opt options,
# crate versions (Cargo.lock) and tool versions (Trunk.toml), then prints its code's size as sizes.sh counts
# Sockpit's: the .wasm and the glue minified by terser, each gzip -9. Sockpit's total is printed beside it
# when dist/ holds a release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/tools.sh
floor=scripts/floor
cp Cargo.lock "$floor/Cargo.lock"
{
  printf '[build]\ntarget = "index.html"\ndist = "dist"\noffline = true\n\n'
  sed -n '/^\[tools\]/,/^$/p' Trunk.toml
} > "$floor/Trunk.toml"
(cd "$floor" && CARGO_TARGET_DIR="$PWD/../../target/floor" trunk build --release --skip-version-check >/dev/null)
wasm=$(ls "$floor"/dist/*.wasm)
glue=$(ls "$floor"/dist/*.js)
wasm_gz=$(gzip -9 -c "$wasm" | wc -c)
glue_gz=$(terser "$glue" --module -c -m | gzip -9 | wc -c)
printf '%-44s %10s %10s\n' "" raw gzip
printf '%-44s %10d %10d\n' "floor .wasm" "$(stat -c %s "$wasm")" "$wasm_gz"
printf '%-44s %10s %10d\n' "floor glue (terser)" "" "$glue_gz"
printf '%-44s %10s %10d\n' "floor code" "" $((wasm_gz + glue_gz))
if ls dist/*.wasm >/dev/null 2>&1; then
  printf '%-44s %10s %10s\n' "Sockpit code (dist/, as scripts/sizes.sh)" "" \
    "$(bash scripts/sizes.sh | awk '/^code:/ { print $6 }')"
fi
