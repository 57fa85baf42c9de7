#!/usr/bin/env bash
# Sizes of the files of pkg/ a visit loads: raw, gzip -9 and brotli -q 11 bytes (what a CDN would
# send), with Node's zlib (no brotli command needed).
# Usage: make build && bash bench/pkg-sizes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
node --input-type=module - pkg/tiers-lieux.js pkg/tiers-lieux-core.*.js pkg/tiers-lieux.*.wasm pkg/communes.*.bin pkg/venues-details.*.bin pkg/outlines.*.geojson <<'JS'
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import zlib from 'node:zlib';
const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_LGWIN } = zlib.constants;
console.log('| file | raw | gzip | brotli |\n|---|---|---|---|');
for (const f of process.argv.slice(2)) {
  const b = readFileSync(f);
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  const br = zlib.brotliCompressSync(b, { params: { [BROTLI_PARAM_QUALITY]: 11, [BROTLI_PARAM_LGWIN]: 24 } }).length;
  console.log(`| ${basename(f)} | ${b.length} | ${gz} | ${br} |`);
}
JS
