#!/usr/bin/env bash
# Renders the app's install icons (styles/icons/icon-192.png and icon-512.png) from styles/favicon.svg
# with headless Chromium. Run by hand when the favicon changes; the PNGs are committed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cp styles/favicon.svg styles/icons/favicon.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 192 512; do
  printf '<!doctype html><body style="margin:0;background:transparent"><img src="file://%s" width="%s" height="%s" style="display:block">' \
    "$PWD/styles/favicon.svg" "$size" "$size" >"$tmp/icon.html"
  chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$tmp/profile" --default-background-color=00000000 --window-size="$size,$size" \
    --screenshot="$PWD/styles/icons/icon-$size.png" "file://$tmp/icon.html" 2>/dev/null
done
