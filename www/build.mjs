// Builds pkg/ from the wasm-bindgen output (target/wasm-bindgen) and the data files
// (target/data): wasm-opt, one esbuild IIFE bundle with Leaflet and the CSS, the data files,
// and the npm package files. Run by `make build`.
//
// File names: `tiers-lieux.js` is the stable entry partners include. Everything it loads has
// its content hash in its name (`tiers-lieux.3f9a…wasm`, `communes.…bin`, `outlines.…geojson`),
// so a CDN may cache those for ever; the entry also exists as `tiers-lieux.HASH.js` for pages
// that pin one build. `manifest.json` maps each stable name to its hashed file.
import { build } from 'esbuild';
import { inlineLeafletCss } from './leaflet-css-inline.mjs';
import { wasmOptimise } from './wasm-opt.mjs';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const wb = join(root, 'target/wasm-bindgen');
const data = join(root, 'target/data');
const meta = JSON.parse(readFileSync(join(data, 'meta.json'), 'utf8'));

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });

/** pkg/NAME.EXT → NAME.HASH.EXT, HASH being 10 hex digits of the file's SHA-256. */
function hashedName(file) {
  const hash = createHash('sha256').update(readFileSync(join(pkg, file))).digest('hex').slice(0, 10);
  const dot = file.indexOf('.');
  return `${file.slice(0, dot)}.${hash}${file.slice(dot)}`;
}

/** Renames pkg/NAME.EXT to its hashed name and returns that name. */
function hashed(file) {
  const name = hashedName(file);
  renameSync(join(pkg, file), join(pkg, name));
  return name;
}

// 1. The wasm, optimised for size (Debian's binaryen is too old for current rustc output).
wasmOptimise(root, join(wb, 'tiers_lieux_bg.wasm'), join(pkg, 'tiers-lieux.wasm'));

// Data files, loaded on demand. Each asset gets its hashed name before the entry is bundled:
// the entry carries the names.
// The venues' details (addresses, links, label names): fetched at ready, not before.
for (const f of ['communes.bin', 'outlines.geojson', 'venues-details.bin']) copyFileSync(join(data, f), join(pkg, f));
// The gazetteer's slices, named by content already (their root lists them): beside the root.
for (const f of readdirSync(join(data, 'communes'))) copyFileSync(join(data, 'communes', f), join(pkg, f));
const assets = {
  wasm: hashed('tiers-lieux.wasm'), communes: hashed('communes.bin'), outlines: hashed('outlines.geojson'), details: hashed('venues-details.bin'),
};

// 2. Leaflet's CSS, without its images (the widget never shows them; see leaflet-css-inline.mjs).
const leafletCss = inlineLeafletCss(root, { images: false });

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

// The widget's code: the wasm glue and Leaflet, loaded by the entry beside the wasm.
await build({
  entryPoints: [join(root, 'www/src/main.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  inject: [join(root, 'www/src/leaflet-global.js')],
  plugins: [leafletEventsInWeakMap],
  legalComments: 'eof',
  outfile: join(pkg, 'tiers-lieux-core.js'),
  logLevel: 'warning',
  // The glue's default wasm URL uses import.meta; the entry always passes the URL itself.
  logOverride: { 'empty-import-meta': 'silent' },
  banner: { js: `/*! tiers-lieux ${meta.version} | code MIT | Leaflet 1.9.4 (BSD-2-Clause) */` },
});
assets.main = hashed('tiers-lieux-core.js');

// The entry: small, so that the wasm and the widget's code are asked for as soon as it runs.
await build({
  entryPoints: [join(root, 'www/src/entry.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  loader: { '.css': 'text' },
  plugins: [leafletCss],
  legalComments: 'eof',
  outfile: join(pkg, 'tiers-lieux.js'),
  logLevel: 'warning',
  define: { __TL_ASSETS__: JSON.stringify(assets) },
  banner: { js: `/*! tiers-lieux ${meta.version} | code MIT | Leaflet 1.9.4's CSS (BSD-2-Clause) | data: Licence Ouverte 2.0, see DATA-LICENCE.md */` },
});

// The demo site's configurator (not part of the package): the régions and départements of the
// committed gazetteer bundled in.
await build({
  entryPoints: [join(root, 'www/src/configurator.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  outfile: join(root, 'target/www/configurateur.js'),
  logLevel: 'warning',
});

// The page made to be framed (pkg/embed.html, its script) and the optional host resizer. The
// embed script carries only the shell sentences it uses.
const shell = JSON.parse(readFileSync(join(data, 'shell-strings.json'), 'utf8'));
const embedText = Object.fromEntries(Object.entries(shell).map(([lang, t]) => [lang, { title: t.title, yourPosition: t.yourPosition, failed: t.failed }]));
for (const [entry, out] of [['embed.js', 'embed.js'], ['iframe.js', 'tiers-lieux-iframe.js']]) {
  await build({
    entryPoints: [join(root, 'www/src', entry)],
    bundle: true,
    format: 'iife',
    minify: true,
    target: ['es2020'],
    outfile: join(pkg, out),
    logLevel: 'warning',
    define: { __TL_EMBED_TEXT__: JSON.stringify(embedText) },
    banner: { js: `/*! tiers-lieux ${meta.version} | MIT */` },
  });
}
copyFileSync(join(root, 'www/embed/embed.html'), join(pkg, 'embed.html'));

// 4. The entry under a pinned name too (same content), and the manifest.
const pinnedEntry = hashedName('tiers-lieux.js');
copyFileSync(join(pkg, 'tiers-lieux.js'), join(pkg, pinnedEntry));
const manifest = { version: meta.version, 'tiers-lieux.js': pinnedEntry, 'tiers-lieux.wasm': assets.wasm, 'communes.bin': assets.communes, 'outlines.geojson': assets.outlines,
  'venues-details.bin': assets.details, 'tiers-lieux-core.js': assets.main };
writeFileSync(join(pkg, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// 5. Package files: attribution and licences travel with the build.
const files = ['tiers-lieux.js', pinnedEntry, assets.main, assets.wasm, assets.communes, 'communes-*.bin', assets.outlines, assets.details, 'manifest.json',
  'embed.html', 'embed.js', 'tiers-lieux-iframe.js',
  'README.md', 'CHANGELOG.md', 'LICENSE', 'DATA-LICENCE.md'];
writeFileSync(join(pkg, 'package.json'), JSON.stringify({
  name: 'tiers-lieux-finder',
  version: meta.version,
  description: 'Nearest tiers-lieu finder: an embeddable widget (one script tag) over the national tiers-lieux open data',
  keywords: ['tiers-lieux', 'coworking', 'fablab', 'carte', 'widget', 'webassembly', 'leaflet'],
  license: 'MIT AND etalab-2.0',
  // The data's licence and the attribution a page must keep visible (see DATA-LICENCE.md).
  dataLicense: 'Licence Ouverte 2.0 (etalab-2.0); MapLab Bretagne venues: CC BY 4.0',
  dataAttribution: 'Données : ANCT, Mission Coworking 2019 ; ANCT 2024 ; INSEE COG 2026 ; IGN ; MapLab Bretagne (Guillaume Rouan, #MapLabBZH), 2020 — CC BY 4.0',
  repository: { type: 'git', url: 'https://example.invalid/tiers-lieux' },
  browser: 'tiers-lieux.js',
  main: 'tiers-lieux.js',
  exports: {
    '.': './tiers-lieux.js',
    './tiers-lieux.js': './tiers-lieux.js',
    './manifest.json': './manifest.json',
    './embed.html': './embed.html',
    './tiers-lieux-iframe.js': './tiers-lieux-iframe.js',
    './package.json': './package.json',
  },
  // The entry defines window.TiersLieux and <tiers-lieux-finder> when it runs.
  sideEffects: true,
  files,
}, null, 2) + '\n');
copyFileSync(join(root, 'www/pkg-files/README.md'), join(pkg, 'README.md'));
copyFileSync(join(root, 'CHANGELOG.md'), join(pkg, 'CHANGELOG.md'));
copyFileSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
copyFileSync(join(root, 'www/pkg-files/DATA-LICENCE.md'), join(pkg, 'DATA-LICENCE.md'));
console.log(`pkg/ built (version ${meta.version})`);
