// Builds the plain-JavaScript baseline of the side-by-side benchmark into target/bench/baseline/:
// one minified IIFE bundle (baseline.js with Leaflet 1.9.4, kdbush, geokdbush and uFuzzy from the
// pinned npm packages, CSS as text) and the venues and the gazetteer as lean, columnar JSON, written by
// `tl-data --baseline-json` from the same sources as the widget's binary assets.
// Usage: node bench/baseline/build.mjs   (run by bench/side-by-side.mjs)
import { build } from 'esbuild';
import { inlineLeafletCss } from '../../www/leaflet-css-inline.mjs';
import { writeBaselineJson } from './data.mjs';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'target/bench/baseline');
const data = join(root, 'target/bench/data');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

writeBaselineJson(root, data);
for (const f of ['venues-lean.json', 'communes.json']) copyFileSync(join(data, f), join(out, f));

// Leaflet's CSS with its images inlined, as a careful developer would ship one file.
const leafletCss = inlineLeafletCss(root);

await build({
  entryPoints: [join(root, 'bench/baseline/baseline.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  loader: { '.css': 'text' },
  plugins: [leafletCss],
  legalComments: 'eof',
  outfile: join(out, 'tiers-lieux.js'),
  logLevel: 'warning',
});
