#!/usr/bin/env bash
# Sizes of every file of pkg/: raw, gzip -9 and brotli -q 11 bytes (what a CDN would send).
# Usage: make build && bash bench/pkg-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v brotli >/dev/null || { echo "needs brotli (apt-get install brotli)" >&2; exit 1; }
printf '| file | raw | gzip | brotli |\n|---|---|---|---|\n'
for f in pkg/tiers-lieux.js pkg/tiers-lieux.*.wasm pkg/communes.*.bin pkg/outlines.*.geojson; do
  printf '| %s | %d | %d | %d |\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(gzip -9c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
