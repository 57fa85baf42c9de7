// The wasm bytes of each side of each comparison: one probe module per side (src/probe.rs: one
// exported function doing the job, so the module holds that code and what it needs), built as
// the widget's wasm is (opt-level "z", LTO, wasm-opt -Oz), then brotli 11. Run by
// `make bench-crates` after the timings.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { wasmOptimise } from '../../www/wasm-opt.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const target = join(root, 'target/crates');
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

console.log('| job | ours (brotli bytes) | crate (brotli bytes) | crate − ours |\n|---|---|---|---|');
for (const [job, crate] of [['csv', 'csv-core'], ['nearest', 'rstar'], ['cluster', 'supercluster'], ['dict', 'fst']]) {
  const size = {};
  for (const side of ['ours', 'crate']) {
    execFileSync('cargo', ['build', '-q', '--locked', '--profile', 'probe', '--target', 'wasm32-unknown-unknown', '--lib', '--features', `probe-${job}-${side}`],
      { cwd: here, stdio: 'inherit', env: { ...process.env, CARGO_TARGET_DIR: target } });
    const raw = join(target, 'wasm32-unknown-unknown/probe/tiers_lieux_crates.wasm');
    const opt = join(target, `probe-${job}-${side}.wasm`);
    wasmOptimise(root, raw, opt);
    size[side] = brotli(readFileSync(opt));
  }
  console.log(`| ${job} (${crate}) | ${size.ours} | ${size.crate} | ${size.crate - size.ours > 0 ? '+' : ''}${size.crate - size.ours} |`);
}
