// Files by what they own, none too long: fails when a Rust source file of src/, core/src or
// cluster/src has more than MAX lines (run by `make lint`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX = 600;
const root = fileURLToPath(new URL('..', import.meta.url));
const over = [];
let files = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.rs')) {
      files++;
      const lines = readFileSync(path, 'utf8').split('\n').length - 1;
      if (lines > MAX) over.push(`${relative(root, path)}: ${lines} lines`);
    }
  }
}
for (const d of ['src', 'core/src', 'cluster/src']) walk(join(root, d));
if (over.length) {
  console.error(`Rust files over ${MAX} lines (split them by what they own):\n${over.join('\n')}`);
  process.exit(1);
}
console.log(`${files} Rust files, none over ${MAX} lines`);
