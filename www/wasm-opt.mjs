// wasm-opt from npm (Debian's binaryen is too old for current rustc output), with the features
// rustc's wasm32 output uses: -Oz, as for the widget's wasm. Shared by www/build.mjs and the
// clustering benchmark (bench/clusters.mjs), which must build its module the same way.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function wasmOptimise(root, input, output) {
  execFileSync(join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', input, '-o', output], { stdio: 'inherit' });
}
