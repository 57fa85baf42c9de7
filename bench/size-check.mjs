// Size check of pkg/ against bench/budgets.txt (brotli -q 11 bytes): prints each file's size
// beside its budget and fails when one is over. Run by `make size-check`, part of `make test`.
// Usage: node bench/size-check.mjs [--budgets FILE]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const files = readdirSync(pkg);
const brotli = (f) => brotliCompressSync(readFileSync(join(pkg, f)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const glob = (p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
// The stable entry, not its pinned copy: `tiers-lieux.*.js` is the same bytes.
const matches = (p) => files.filter((f) => glob(p).test(f));

const i = process.argv.indexOf('--budgets');
const budgetsFile = i > 0 ? resolve(process.argv[i + 1]) : join(root, 'bench/budgets.txt');
const lines = readFileSync(budgetsFile, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
let failed = 0;
const out = ['| file | brotli bytes | budget | |', '|---|---|---|---|'];
for (const line of lines) {
  const m = line.match(/^(.+?)\s{2,}(\d+)\s{2,}(.+)$/);
  if (!m) { console.error(`${budgetsFile}: cannot read "${line}" (pattern, budget and reason, two spaces apart)`); process.exit(2); }
  const [, spec, budget, reason] = m;
  let size = 0;
  for (const p of spec.split('+').map((s) => s.trim())) {
    const found = matches(p);
    if (found.length !== 1) { console.error(`${budgetsFile}: "${p}" matches ${found.length} files of pkg/ (${found.join(', ')}): run make build`); process.exit(2); }
    size += brotli(found[0]);
  }
  const over = size > Number(budget);
  if (over) { failed++; console.error(`${spec}: ${size} brotli bytes, over its budget of ${budget} (${reason}). Make it smaller, or raise the budget in bench/budgets.txt with the reason.`); }
  out.push(`| ${spec} | ${size} | ${budget} | ${over ? 'OVER' : 'ok'} |`);
}
console.log(out.join('\n'));
if (failed) process.exit(1);
