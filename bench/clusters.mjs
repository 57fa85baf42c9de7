// The widget's clustering (Rust, core/src/cluster.rs, compiled to wasm as the widget ships it:
// opt-level "z", then wasm-opt -Oz) beside mapbox/supercluster (the pinned npm version), in the
// same JavaScript engine (this Node's V8, Chromium's engine), on the same points:
//   - the national venues (1,953), Paris (220 venues in 105 km²), and partner lists of 20,000
//     and 100,000 points (the national venues repeated with a few km of deterministic jitter);
//   - index build: Rust includes copying the points into the wasm memory; supercluster's input
//     GeoJSON features are made beforehand (a JS app would have them);
//   - queries: 400 map views of 412×380 px (a phone's map) at zooms 5 to 15, centred on venues,
//     each the items of the view as the overview asks on every move. Both must return the same
//     number of items for every view, or the benchmark stops.
// Medians of repeated runs after warm-up; unthrottled (the ratio is what to read). Writes
// target/bench/clusters.json.
//
//   make bench-clusters      (or: node bench/clusters.mjs)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import os from 'node:os';
import * as esbuild from 'esbuild';
import Supercluster from 'supercluster';
import { writeBaselineJson } from './baseline/data.mjs';
import { wasmOptimise } from '../www/wasm-opt.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'target/bench');
mkdirSync(join(out, 'clusters'), { recursive: true });
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

// The Rust side, built as the widget's wasm is.
run('cargo', ['build', '-q', '--locked', '--profile', 'wasm-release', '--target', 'wasm32-unknown-unknown', '-p', 'tl-cluster-bench']);
const wasmPath = join(out, 'clusters/tl_cluster_bench.wasm');
wasmOptimise(root, join(root, 'target/wasm32-unknown-unknown/wasm-release/tl_cluster_bench.wasm'), wasmPath);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const rust = instance.exports;

// The venues, from the same sources (tl-data --baseline-json writes them as JSON).
const dataDir = join(out, 'clusters/data');
writeBaselineJson(root, dataDir);
const venues = JSON.parse(readFileSync(join(dataDir, 'venues.json'), 'utf8')).venues;

let seed = 0x9e3779b9;
const random = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; };
const jittered = (n) => Array.from({ length: n }, (_, i) => {
  const v = venues[i % venues.length];
  // Up to ±0.03° (about 3 km) around a real venue: dense where venues are dense.
  return { lat: v.lat + (random() - 0.5) * 0.06, lon: v.lon + (random() - 0.5) * 0.06 };
});
const sets = [
  ['national venues', venues.map((v) => ({ lat: v.lat, lon: v.lon }))],
  ['Paris (75)', venues.filter((v) => v.dep === '75').map((v) => ({ lat: v.lat, lon: v.lon }))],
  ['partner list, 20,000 points', jittered(20000)],
  ['partner list, 100,000 points', jittered(100000)],
];

// A phone's map view (412×380 px) around `p` at `zoom`, as [west, south, east, north].
function view(p, zoom) {
  const size = 256 * 2 ** zoom;
  const x = (p.lon / 360 + 0.5) * size;
  const s = Math.sin(p.lat * Math.PI / 180);
  const y = (0.5 - 0.25 * Math.log((1 + s) / (1 - s)) / Math.PI) * size;
  const lon = (px) => (px / size - 0.5) * 360;
  const lat = (py) => 360 * Math.atan(Math.exp((180 - (py / size) * 360) * Math.PI / 180)) / Math.PI - 90;
  return [lon(x - 206), lat(y + 190), lon(x + 206), lat(y - 190)];
}

const OPTIONS = { radius: 60, extent: 256, minZoom: 0, maxZoom: 16 }; // the widget's (ClusterOptions::MAP)
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const time = (f) => { const t = performance.now(); f(); return performance.now() - t; };

function rustBuild(points) {
  const ptr = rust.points(points.length);
  const mem = new Float64Array(rust.memory.buffer, ptr, points.length * 2);
  for (let i = 0; i < points.length; i++) { mem[2 * i] = points[i].lat; mem[2 * i + 1] = points[i].lon; }
  return rust.build(0, 0, 0);
}

const rows = [];
for (const [name, points] of sets) {
  const features = points.map((p, i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } }));
  const reps = points.length > 50000 ? 5 : points.length > 5000 ? 15 : 60;
  const views = Array.from({ length: 400 }, (_, i) => [view(points[Math.floor(random() * points.length)], 5 + (i % 11)), 5 + (i % 11)]);
  let index;
  for (let i = 0; i < 3; i++) { rustBuild(points); index = new Supercluster(OPTIONS).load(features); }
  const buildRust = [], buildJs = [];
  for (let r = 0; r < reps; r++) {
    buildRust.push(time(() => rustBuild(points)));
    buildJs.push(time(() => { index = new Supercluster(OPTIONS).load(features); }));
  }
  // Same answer for every view (item counts), then timings.
  for (const [[w, s, e, n], z] of views) {
    const a = rust.query(w, s, e, n, z), b = index.getClusters([w, s, e, n], z).length;
    if (a !== b) throw new Error(`${name}: zoom ${z} view ${[w, s, e, n]}: Rust ${a} items, supercluster ${b}`);
  }
  let itemsTotal = 0;
  const queryRust = [], queryJs = [];
  for (let r = 0; r < 15; r++) {
    queryRust.push(time(() => {
      for (const [[w, s, e, n], z] of views) {
        const k = rust.query(w, s, e, n, z);
        // Read the items as the overview's JS does (lat, lon, count, payload per item).
        const items = new Float64Array(rust.memory.buffer, rust.items(), 4 * k);
        for (let i = 0; i < items.length; i += 4) itemsTotal += items[i + 2];
      }
    }) / views.length);
    queryJs.push(time(() => {
      for (const [[w, s, e, n], z] of views) {
        for (const f of index.getClusters([w, s, e, n], z)) itemsTotal += f.properties.point_count || 1;
      }
    }) / views.length);
  }
  const itemsPerView = views.reduce((n, [[w, s, e, nn], z]) => n + rust.query(w, s, e, nn, z), 0) / views.length;
  rows.push({ name, points: points.length, itemsPerView, reps,
    buildRustMs: median(buildRust), buildJsMs: median(buildJs), queryRustUs: median(queryRust) * 1000, queryJsUs: median(queryJs) * 1000, check: itemsTotal });
}

// Bytes each side adds to what a page downloads (brotli 11).
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const jsBundle = await esbuild.build({ stdin: { contents: "export { default } from 'supercluster';", resolveDir: root }, bundle: true, minify: true, format: 'esm', write: false });
const bytes = { supercluster: br(Buffer.from(jsBundle.outputFiles[0].contents)), rustModule: br(readFileSync(wasmPath)) };

const f = (v, d = 2) => v.toFixed(d);
console.log(`\nClustering: Rust (wasm built as the widget's: the cluster crate at opt-level 3, then wasm-opt -Oz) beside supercluster ${JSON.parse(readFileSync(join(root, 'node_modules/supercluster/package.json'))).version}, Node ${process.version}, ${os.cpus()[0].model}, unthrottled\n`);
console.log('| points | build, Rust | build, supercluster | ratio | query (one view), Rust | query, supercluster | ratio | items per view |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name}: ${r.points.toLocaleString('en')} | ${f(r.buildRustMs)} ms | ${f(r.buildJsMs)} ms | ${f(r.buildRustMs / r.buildJsMs)} | ${f(r.queryRustUs, 1)} µs | ${f(r.queryJsUs, 1)} µs | ${f(r.queryRustUs / r.queryJsUs)} | ${f(r.itemsPerView, 1)} |`);
}
console.log(`\nbytes (brotli 11): supercluster + kdbush, minified: ${bytes.supercluster}; this benchmark's wasm module: ${bytes.rustModule} (a module of its own carries an allocator and std's panic and formatting code; what the clustering adds to the widget's wasm is in bench/budgets.txt)`);
writeFileSync(join(out, 'clusters.json'), JSON.stringify({ machine: os.cpus()[0].model, node: process.version, options: OPTIONS, rows, bytes }, null, 2));
console.log(`\nwritten: target/bench/clusters.json`);
