// Builds pkg/ from the wasm-bindgen output (target/wasm-bindgen) and the data files
// (target/data): wasm-opt, one esbuild IIFE bundle with Leaflet and the CSS, the data files,
// and the npm package files. Run by `make build`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const wb = join(root, 'target/wasm-bindgen');
const data = join(root, 'target/data');
const meta = JSON.parse(readFileSync(join(data, 'meta.json'), 'utf8'));

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });

// 1. The wasm, optimised for size (Debian's binaryen is too old for current rustc output).
const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
execFileSync(wasmOpt, ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', join(wb, 'tiers_lieux_bg.wasm'), '-o', join(pkg, 'tiers-lieux.wasm')], { stdio: 'inherit' });

// 2. Leaflet's CSS with its images inlined (the widget never fetches them from elsewhere).
const leafletDir = join(root, 'node_modules/leaflet/dist');
const inlineLeafletCss = {
  name: 'leaflet-css-inline',
  setup(b) {
    b.onLoad({ filter: /leaflet[\\/]dist[\\/]leaflet\.css$/ }, (args) => {
      const css = readFileSync(args.path, 'utf8').replace(/url\((images\/[\w-]+\.png)\)/g, (_, p) =>
        `url(data:image/png;base64,${readFileSync(join(leafletDir, p)).toString('base64')})`);
      return { contents: css, loader: 'text' };
    });
  },
};

// 3. Leaflet keeps the handlers of each object it listens to in an expando property
//    `_leaflet_events`; on `window` that would be a global the widget adds (the contract allows
//    only `TiersLieux`). The bundled copy keeps them in a WeakMap instead.
const leafletEventsInWeakMap = {
  name: 'leaflet-events-weakmap',
  setup(b) {
    b.onLoad({ filter: /leaflet[\\/]dist[\\/]leaflet-src\.esm\.js$/ }, (args) => {
      let src = readFileSync(args.path, 'utf8');
      const edits = [
        ["var eventsKey = '_leaflet_events';", "var eventsKey = '_leaflet_events'; var tlEvents = new WeakMap();"],
        ['delete obj[eventsKey];', 'tlEvents.delete(obj);'],
        ['obj[eventsKey] = obj[eventsKey] || {};', 'if (!tlEvents.has(obj)) { tlEvents.set(obj, {}); }'],
      ];
      for (const [from, to] of edits) {
        if (!src.includes(from)) throw new Error(`Leaflet source changed: cannot find ${from}`);
        src = src.replace(from, to);
      }
      src = src.replaceAll('obj[eventsKey]', 'tlEvents.get(obj)');
      if (src.includes('[eventsKey]')) throw new Error('Leaflet source changed: eventsKey still used as a property');
      return { contents: src, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [join(root, 'www/src/entry.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  inject: [join(root, 'www/src/leaflet-global.js')],
  loader: { '.css': 'text' },
  plugins: [inlineLeafletCss, leafletEventsInWeakMap],
  legalComments: 'eof',
  outfile: join(pkg, 'tiers-lieux.js'),
  logLevel: 'warning',
  // The glue's default wasm URL uses import.meta; the entry always passes the URL itself.
  logOverride: { 'empty-import-meta': 'silent' },
  banner: { js: `/*! tiers-lieux ${meta.version} | code MIT | Leaflet 1.9.4 (BSD-2-Clause) | data: Licence Ouverte 2.0, see DATA-LICENCE.md */` },
});

// 4. Data files, loaded on demand.
for (const f of ['communes.bin', 'outlines.geojson']) copyFileSync(join(data, f), join(pkg, f));

// 5. Package files: attribution and licences travel with the build.
writeFileSync(join(pkg, 'package.json'), JSON.stringify({
  name: 'tiers-lieux-finder',
  version: meta.version,
  description: 'Nearest tiers-lieu finder: an embeddable widget (one script tag) over the national tiers-lieux open data',
  license: 'MIT AND etalab-2.0',
  main: 'tiers-lieux.js',
  files: ['tiers-lieux.js', 'tiers-lieux.wasm', 'communes.bin', 'outlines.geojson', 'README.md', 'LICENSE', 'DATA-LICENCE.md'],
}, null, 2) + '\n');
copyFileSync(join(root, 'www/pkg-files/README.md'), join(pkg, 'README.md'));
copyFileSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
copyFileSync(join(root, 'www/pkg-files/DATA-LICENCE.md'), join(pkg, 'DATA-LICENCE.md'));
console.log(`pkg/ built (version ${meta.version})`);
