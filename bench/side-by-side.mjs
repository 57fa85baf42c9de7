// Side-by-side benchmark: the widget (pkg/, Rust → wasm) against the plain-JavaScript baseline
// (bench/baseline/: Leaflet 1.9.4, kdbush + geokdbush, uFuzzy, JSON data), on the same partner
// page, the same data and the same events, as a rural phone user would meet them:
//   - both served from 127.0.0.1 with real compression (brotli 11 when the browser asks for it,
//     else gzip 9, as a CDN would), every request of a run from a cold cache (a new context);
//   - headless Chromium, 412×823 viewport, the DevTools protocol's CPU throttling (×4 unless
//     --cpu says otherwise) and DevTools' "Slow 4G" link (562.5 ms latency, 184 KiB/s down,
//     84 KiB/s up);
//   - runs alternate widget / baseline; each figure is the median over the runs (5 at least).
// A third column, "iframe", is the same widget framed through pkg/embed.html (same origin, with
// tiers-lieux-iframe.js on the host page), as a site without <script> embeds it.
// Per run: bytes transferred until `tierslieux:ready` (code, data, tiles apart), navigation →
// `tierslieux:ready`, keystroke latency (keydown → suggestions on screen, i.e. the frame after
// `tierslieux:search` was painted) over a fixed list of queries, Enter → results and markers on
// screen, JS heap + wasm memory (after a forced GC) at ready and after the searches.
// Prints a table and writes target/bench/side-by-side.json.
//
// Usage: make bench-compare   (builds pkg/, then: node bench/side-by-side.mjs [--runs 5] [--cpu 4])
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { TYPES, tilePng } from '../www/serve.mjs';
import { launchChromium } from '../www/tests/e2e/helpers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const RUNS = Number(arg('runs', 5));
if (RUNS < 5) console.error(`--runs ${RUNS}: a trial; the figures to publish are medians of 5 runs or more.`);
const CPU = Number(arg('cpu', 4));
const OUT = resolve(root, arg('out', 'target/bench/side-by-side.json'));
// DevTools' "Slow 4G" preset (Lighthouse's mobile throttling): 562.5 ms request latency,
// 1.6 Mbit/s × 0.9 down (184 KiB/s), 750 kbit/s × 0.9 up.
const NETWORK = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 };
// Typed one key at a time; each is then chosen with Enter. Towns big and small, postcodes, a
// multi-word name, a hyphenated one typed with a space, accents left out (keys a US keyboard
// types: Playwright inserts other characters as text, without a keydown to time).
const QUERIES = ['rennes', 'quimper', '35000', 'saint-malo', 'aix en provence', 'mont de marsan', 'beziers', 'Besancon', '29200', 'lannion'];

// Between keystrokes (a quick typist), and after each choice (reading the results).
const TYPING_GAP_MS = 120;
const READING_MS = 1500;

if (!existsSync(join(root, 'pkg/tiers-lieux.js'))) {
  console.error('pkg/ is missing: run `make build` first (or `make bench-compare`).');
  process.exit(1);
}
execFileSync('node', [join(root, 'bench/baseline/build.mjs')], { stdio: 'inherit' });

// ---------------------------------------------------------------- the server (as a CDN would)
const BUILDS = { widget: join(root, 'pkg'), baseline: join(root, 'target/bench/baseline') };
const TILE = tilePng();
const encodedCache = new Map();
const acceptEncodings = new Set();

function page(build) {
  if (build === 'iframe') {
    return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trouver un tiers-lieu près de chez vous</title></head><body><main><h1>Trouver un tiers-lieu près de chez vous</h1>
<p>Coworkings, fab labs et ateliers partagés de votre territoire.</p>
<iframe src="/widget/embed.html?tiles=${encodeURIComponent('/tiles/{z}/{x}/{y}.png')}" title="Trouver un tiers-lieu près de chez vous" data-tiers-lieux
 style="width:100%;height:640px;border:0"></iframe></main>
<script src="/widget/tiers-lieux-iframe.js" defer></script></body></html>`;
  }
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trouver un tiers-lieu près de chez vous</title></head><body><main><h1>Trouver un tiers-lieu près de chez vous</h1>
<p>Coworkings, fab labs et ateliers partagés de votre territoire.</p>
<tiers-lieux-finder tiles="/tiles/{z}/{x}/{y}.png"></tiers-lieux-finder></main>
<script src="/${build}/tiers-lieux.js" defer></script></body></html>`;
}

function encode(key, body, encoding) {
  const k = `${key}|${encoding}`;
  if (!encodedCache.has(k)) {
    encodedCache.set(k, encoding === 'br'
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : gzipSync(body, { level: 9 }));
  }
  return encodedCache.get(k);
}

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  acceptEncodings.add(req.headers['accept-encoding'] || '');
  if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(path)) {
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': TILE.length });
    return res.end(TILE);
  }
  let body;
  let type;
  const m = path.match(/^\/(widget|baseline|iframe)(\.html|\/([\w.-]+))$/);
  if (m && m[2] === '.html') { body = Buffer.from(page(m[1])); type = TYPES['.html']; }
  else if (m && BUILDS[m[1]] && existsSync(join(BUILDS[m[1]], m[3]))) { body = readFileSync(join(BUILDS[m[1]], m[3])); type = TYPES[extname(m[3])] || 'application/octet-stream'; }
  else { res.writeHead(404, { 'Content-Type': 'text/plain' }); return res.end('not found'); }
  const accept = req.headers['accept-encoding'] || '';
  const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
  const headers = { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000', Vary: 'Accept-Encoding' };
  if (encoding) { body = encode(path, body, encoding); headers['Content-Encoding'] = encoding; }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(body);
});
// Compressed once before the first run, as a CDN holds them: no run waits for brotli 11.
for (const [build, dir] of Object.entries(BUILDS)) {
  for (const f of readdirSync(dir)) {
    if (!/\.(js|wasm|json|bin|geojson|html)$/.test(f)) continue;
    const body = readFileSync(join(dir, f));
    for (const enc of ['br', 'gzip']) encode(`/${build}/${f}`, body, enc);
  }
}
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------- instrumentation in page
function probe() {
  const b = { keyAt: null, samples: [], readyAt: null, memories: [], waiter: null };
  window.__bench = b;
  // The wasm's memory, whoever instantiates it (read-only: the module is left as it was).
  for (const fn of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[fn];
    WebAssembly[fn] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result.instance || result;
      for (const v of Object.values(instance.exports || {})) if (v instanceof WebAssembly.Memory) b.memories.push(v);
      return result;
    };
  }
  b.ready = new Promise((r) => document.addEventListener('tierslieux:ready', () => { b.readyAt = performance.now(); r(b.readyAt); }, { once: true }));
  // The centre of the finder's search box in this page's viewport (through the finder's shadow
  // root and a same-origin iframe): the bench taps it at ready without Playwright's checks of
  // the element (which took about 250 ms at CPU ×4).
  b.inputPoint = () => {
    const find = (doc) => {
      for (const el of doc.querySelectorAll('tiers-lieux-finder')) {
        const input = (el.shadowRoot || el).querySelector('input');
        if (input) { const r = input.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }
      }
      for (const frame of doc.querySelectorAll('iframe')) {
        const inner = frame.contentDocument && find(frame.contentDocument);
        if (inner) { const r = frame.getBoundingClientRect(); return { x: r.left + frame.clientLeft + inner.x, y: r.top + frame.clientTop + inner.y }; }
      }
      return null;
    };
    return find(document);
  };
  b.next = () => new Promise((r) => { b.waiter = r; });
  // Downloads of the widget's gazetteer slices: a keystroke answered when one of them ended
  // waited for the network (the baseline has none). Read from the timeline when the answer comes
  // (an observer would hear of them a task later); the map's tiles would fill the default
  // buffer of 250 entries.
  performance.setResourceTimingBufferSize(100000);
  b.sliceEndedBetween = (t0, t1) => performance.getEntriesByType('resource').some((e) => /communes-[^/]*\.bin$/.test(e.name) && e.responseEnd >= t0 && e.responseEnd <= t1);
  const push = (s) => { b.samples.push(s); if (b.waiter) { const w = b.waiter; b.waiter = null; w(s); } };
  // Painted: the frame after the change, then a task after that frame.
  const afterPaint = (cb) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = cb; c.port2.postMessage(0); });
  // The first change of the listbox after a keystroke: while a slice loads the widget shows the
  // places the page has at once (busy), and announces the whole answer when it comes.
  const listbox = () => {
    const inDoc = document.querySelector('[role=listbox]');
    if (inDoc) return inDoc;
    const hostEl = document.querySelector('tiers-lieux-finder');
    return hostEl && hostEl.shadowRoot ? hostEl.shadowRoot.querySelector('[role=listbox]') : null;
  };
  const observer = new MutationObserver(() => { if (b.keyAt !== null && b.firstDomAt === null) b.firstDomAt = performance.now(); });
  let observed = null;
  document.addEventListener('keydown', (e) => {
    if (b.firstKeyAt === undefined) b.firstKeyAt = performance.timeOrigin + performance.now();
    b.keyAt = e.timeStamp; b.key = e.key; b.keyHandledAt = performance.now(); b.firstDomAt = null;
    const l = listbox();
    if (l && l !== observed) { observer.disconnect(); observer.observe(l, { childList: true, subtree: true, characterData: true }); observed = l; }
  }, true);
  document.addEventListener('input', () => { b.inputAt = performance.now(); }, true);
  document.addEventListener('tierslieux:search', (e) => {
    // The first suggestion for « sa » (typed at ready), in epoch ms (the iframe's clock differs).
    if (b.firstSuggestionAt === undefined && e.detail.query === 'sa' && e.detail.suggestions.length > 0) {
      b.firstSuggestionAt = null;
      afterPaint(() => { b.firstSuggestionAt = performance.timeOrigin + performance.now(); });
    }
    const t0 = b.keyAt;
    if (t0 === null) return;
    b.keyAt = null;
    const n = e.detail.suggestions.length;
    // In the DOM now (the event is sent once the list is updated); on screen after the frame.
    const now = performance.now();
    const dom = now - t0;
    // Split: waiting for the main thread before keydown ran; the input handler's own work.
    const queued = b.keyHandledAt - t0;
    const work = now - b.inputAt;
    const waited = b.sliceEndedBetween(t0, now);
    // (Observers run after the task that changed the DOM: none yet means this task changed it.)
    const firstDom = (b.firstDomAt ?? now) - t0;
    afterPaint(() => push({ kind: 'key', ms: performance.now() - t0, dom, firstDom, queued, work, suggestions: n, waited }));
  });
  document.addEventListener('tierslieux:results', (e) => {
    const t0 = b.keyAt;
    if (t0 === null) return;
    b.keyAt = null;
    const host = e.target;
    afterPaint(() => push({ kind: 'choose', ms: performance.now() - t0, results: e.detail.results.length,
      markers: host.shadowRoot.querySelectorAll('.leaflet-marker-icon').length }));
  });
  b.wasmBytes = () => b.memories.reduce((s, m) => s + m.buffer.byteLength, 0);
}

// ---------------------------------------------------------------------------------- a run
const browser = await launchChromium();

function category(url) {
  const p = new URL(url).pathname;
  if (p.startsWith('/tiles/')) return 'tiles';
  if (/\.(js|wasm|css)$/.test(p)) return 'code';
  if (/\.(json|bin|geojson)$/.test(p)) return 'data';
  return 'page';
}

async function memory(cdp, pg) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await pg.evaluate(() => window.__bench.wasmBytes());
  // (pg: the page, or the iframe's frame: same origin, same JS heap.)
  // usedSize: the V8 heap; backingStorageSize: ArrayBuffers' stores (typed arrays; not the wasm
  // memory, which is counted apart: its pages are never given back, so this is its peak).
  const buffers = heap.backingStorageSize ?? 0;
  return { jsHeap: heap.usedSize, buffers, wasm, total: heap.usedSize + buffers + wasm };
}

async function run(build) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  const pg = await context.newPage();
  const errors = [];
  pg.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(pg);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  const requests = new Map();
  let lastActivity = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => { requests.set(e.requestId, { url: e.request.url, bytes: 0, done: false, encoding: null }); lastActivity = Date.now(); });
  cdp.on('Network.responseReceived', (e) => { const r = requests.get(e.requestId); if (r) r.encoding = e.response.headers['Content-Encoding'] || e.response.headers['content-encoding'] || null; });
  cdp.on('Network.dataReceived', (e) => { const r = requests.get(e.requestId); if (r) r.bytes += e.encodedDataLength; lastActivity = Date.now(); });
  cdp.on('Network.loadingFinished', (e) => { const r = requests.get(e.requestId); if (r) { r.bytes = e.encodedDataLength; r.done = true; } lastActivity = Date.now(); });
  cdp.on('Network.loadingFailed', (e) => { const r = requests.get(e.requestId); if (r) r.done = true; });
  await pg.addInitScript(probe);

  await pg.goto(`${base}/${build}.html`, { waitUntil: 'commit' });
  // The host page sees ready (tiers-lieux-iframe.js re-dispatches it on the iframe); the frame's
  // own probe times the keystrokes and holds the wasm memory.
  const [readyMs, point] = await pg.evaluate(() => window.__bench.ready.then((at) => [at, window.__bench.inputPoint()]));
  const inPage = build === 'iframe' ? pg.frames().find((f) => f.url().includes('/embed.html')) : pg;
  // The requests made before ready (counted once their last bytes are in, below).
  const started = [...requests.keys()];

  // « sa » typed at ready, before the bench's own bookkeeping: navigation → the first suggestion
  // on screen. (typedAfterReadyMs: how long after ready the bench's « s » reached the page.)
  if (!point) throw new Error(`${build}: no search box on screen at ready`);
  await pg.mouse.click(point.x, point.y);
  await pg.keyboard.type('sa');
  await inPage.waitForFunction(() => window.__bench.firstSuggestionAt, null, { timeout: 60000, polling: 50 });
  const origin = await pg.evaluate(() => performance.timeOrigin);
  const firstSuggestionMs = (await inPage.evaluate(() => window.__bench.firstSuggestionAt)) - origin;
  const typedAfterReadyMs = (await inPage.evaluate(() => window.__bench.firstKeyAt)) - origin - readyMs;

  // The wasm compiles while it downloads: its loadingFinished may reach us after ready did.
  for (let i = 0; i < 100 && started.some((id) => !requests.get(id).done && category(requests.get(id).url) !== 'tiles'); i++) await new Promise((r) => setTimeout(r, 50));
  const atReady = started.map((id) => ({ ...requests.get(id), category: category(requests.get(id).url) }));
  const bytes = { code: 0, data: 0, tiles: 0, page: 0 };
  for (const r of atReady) bytes[r.category] += r.bytes;
  // (After « sa »: a garbage collection at ready would delay the typing it times.)
  const memoryAtReady = await memory(cdp, inPage);
  // Where the time before ready went: each download's start and end (the page's clock), ready.
  const timeline = await inPage.evaluate(() => ({
    readyAt: window.__bench.readyAt,
    resources: performance.getEntriesByType('resource').filter((e) => !e.name.includes('/tiles/') && e.startTime <= window.__bench.readyAt).map((e) => ({ path: new URL(e.name).pathname, start: Math.round(e.startTime), firstByte: Math.round(e.responseStart), end: Math.round(e.responseEnd) })),
  }));

  // Then wait until nothing but tiles moves.
  const quiet = async () => {
    for (;;) {
      const busy = [...requests.values()].some((r) => !r.done && category(r.url) !== 'tiles');
      if (!busy && Date.now() - lastActivity > 1000) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await quiet();

  const input = inPage.locator('tiers-lieux-finder input').first();
  const keys = [];
  const chooses = [];
  for (const q of QUERIES) {
    await input.fill('');
    for (const ch of q) {
      // The waiter is set before the key is sent: a sample that came before it would be lost.
      await inPage.evaluate(() => { window.__bench.pending = window.__bench.next(); });
      await pg.keyboard.type(ch);
      const s = await Promise.race([inPage.evaluate(() => window.__bench.pending), new Promise((r) => setTimeout(() => r(null), 15000))]);
      if (!s) throw new Error(`${build}: no suggestions on screen after typing "${ch}" of "${q}"`);
      keys.push(s);
      await pg.waitForTimeout(TYPING_GAP_MS);
    }
    if (keys[keys.length - 1].suggestions === 0) throw new Error(`${build}: "${q}" has no suggestion`);
    await inPage.evaluate(() => { window.__bench.pending = window.__bench.next(); });
    await pg.keyboard.press('Enter');
    const s = await Promise.race([inPage.evaluate(() => window.__bench.pending), new Promise((r) => setTimeout(() => r(null), 15000))]);
    if (!s) throw new Error(`${build}: no results after choosing "${q}"`);
    chooses.push({ query: q, ...s });
    // A user reads the results before the next search (the map's zoom animation ends meanwhile).
    await pg.waitForTimeout(READING_MS);
  }
  const memoryAfterSearch = await memory(cdp, inPage);
  // Bytes over the session: ready, « sa », then typing and choosing every query (tiles apart).
  await quiet();
  const sessionBytes = [...requests.values()].filter((r) => category(r.url) !== 'tiles').reduce((n, r) => n + r.bytes, 0);
  await context.close();
  if (errors.length) throw new Error(`${build}: page errors: ${errors.join('; ')}`);
  return {
    build, readyMs, firstSuggestionMs, typedAfterReadyMs, sessionBytes, bytes, memoryAtReady, memoryAfterSearch, timeline,
    requestsAtReady: atReady.filter((r) => r.category !== 'tiles').map(({ url, bytes: b, encoding, done }) => ({ path: new URL(url).pathname, bytes: b, encoding, done })),
    tilesAtReady: atReady.filter((r) => r.category === 'tiles').length,
    requestsInSession: [...requests.values()].filter((r) => category(r.url) !== 'tiles').map(({ url, bytes: b }) => ({ path: new URL(url).pathname, bytes: b })),
    keyMs: keys.map((k) => k.ms), keyDomMs: keys.map((k) => k.dom), keyFirstDomMs: keys.map((k) => k.firstDom), keyDomLocalMs: keys.filter((k) => !k.waited).map((k) => k.dom), keysWaited: keys.filter((k) => k.waited).length, keyWaitMs: keys.filter((k) => k.waited).map((k) => k.dom), keyQueuedMs: keys.map((k) => k.queued), keyWorkMs: keys.map((k) => k.work), chooseMs: chooses.map((c) => c.ms),
    markers: chooses.map((c) => c.markers), results: chooses.map((c) => c.results),
  };
}

// ------------------------------------------------------------------------------ statistics
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const chromiumVersion = browser.version();
const runs = { widget: [], baseline: [], iframe: [] };
const ORDERS = [['widget', 'baseline', 'iframe'], ['baseline', 'iframe', 'widget'], ['iframe', 'widget', 'baseline']];
for (let i = 0; i < RUNS; i++) {
  for (const build of ORDERS[i % 3]) {
    const r = await run(build);
    runs[build].push(r);
    console.error(`run ${i + 1}/${RUNS} ${build.padEnd(8)} ready ${r.readyMs.toFixed(0)} ms, first suggestion ${r.firstSuggestionMs.toFixed(0)} ms (typed +${r.typedAfterReadyMs.toFixed(0)}), session ${(r.sessionBytes / 1024).toFixed(0)} KiB, ${(r.bytes.code / 1024).toFixed(0)} + ${(r.bytes.data / 1024).toFixed(0)} KiB, key p95 DOM ${quantile(r.keyDomMs, 0.95).toFixed(1)} ms, painted ${quantile(r.keyMs, 0.95).toFixed(1)} ms, choose ${median(r.chooseMs).toFixed(0)} ms`);
  }
}
await browser.close();
server.close();

function summary(rs) {
  return {
    bytesCode: median(rs.map((r) => r.bytes.code)),
    bytesData: median(rs.map((r) => r.bytes.data)),
    bytesUntilReady: median(rs.map((r) => r.bytes.code + r.bytes.data)),
    readyMs: median(rs.map((r) => r.readyMs)),
    firstSuggestionMs: median(rs.map((r) => r.firstSuggestionMs)),
    typedAfterReadyMs: median(rs.map((r) => r.typedAfterReadyMs)),
    sessionBytes: median(rs.map((r) => r.sessionBytes)),
    keyDomP50: median(rs.map((r) => quantile(r.keyDomMs, 0.5))),
    keyDomP95: median(rs.map((r) => quantile(r.keyDomMs, 0.95))),
    keyDomLocalP95: median(rs.map((r) => quantile(r.keyDomLocalMs, 0.95))),
    keyFirstDomP50: median(rs.map((r) => quantile(r.keyFirstDomMs, 0.5))),
    keyFirstDomP95: median(rs.map((r) => quantile(r.keyFirstDomMs, 0.95))),
    keysWaited: median(rs.map((r) => r.keysWaited)),
    keyWaitP50: median(rs.map((r) => (r.keyWaitMs.length ? quantile(r.keyWaitMs, 0.5) : 0))),
    keyWorkP50: median(rs.map((r) => quantile(r.keyWorkMs, 0.5))),
    keyWorkP95: median(rs.map((r) => quantile(r.keyWorkMs, 0.95))),
    keyP50: median(rs.map((r) => quantile(r.keyMs, 0.5))),
    keyP95: median(rs.map((r) => quantile(r.keyMs, 0.95))),
    chooseMs: median(rs.map((r) => median(r.chooseMs))),
    memoryAtReady: median(rs.map((r) => r.memoryAtReady.total)),
    memoryAfterSearch: median(rs.map((r) => r.memoryAfterSearch.total)),
  };
}
const w = summary(runs.widget);
const b = summary(runs.baseline);
const f = summary(runs.iframe);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const ms = (n) => `${n.toFixed(n < 100 ? 1 : 0)} ms`;
const rows = [
  ['bytes until ready: code', 'bytesCode', kib, null],
  ['bytes until ready: data', 'bytesData', kib, null],
  ['bytes until ready: total', 'bytesUntilReady', kib, 0.6],
  ['navigation → ready', 'readyMs', ms, 0.7],
  ['navigation → first suggestion (« sa » typed at ready)', 'firstSuggestionMs', ms, 0.7],
  ['… ready → the bench\'s « s » in the page', 'typedAfterReadyMs', ms, null],
  ['bytes over the session (ready, « sa », every query typed and chosen; tiles apart)', 'sessionBytes', kib, 0.8],
  ['keystroke → suggestions in the DOM, p50', 'keyDomP50', ms, null],
  ['keystroke → suggestions in the DOM, p95', 'keyDomP95', ms, 0.5],
  ['… p95 of the keystrokes answered from memory (no slice awaited)', 'keyDomLocalP95', ms, 0.5],
  ['keystroke → first suggestions in the DOM (while a slice loads: the places loaded, busy), p50', 'keyFirstDomP50', ms, null],
  ['keystroke → first suggestions in the DOM, p95', 'keyFirstDomP95', ms, 0.5],
  ['keystrokes that waited for a slice (of ' + QUERIES.join('').length + ')', 'keysWaited', (n) => String(n), null],
  ['… their keystroke → suggestions in the DOM, p50', 'keyWaitP50', ms, null],
  ['input handler: input event → suggestions in the DOM, p50', 'keyWorkP50', ms, null],
  ['input handler: input event → suggestions in the DOM, p95', 'keyWorkP95', ms, 0.5],
  ['keystroke → suggestions painted, p50', 'keyP50', ms, null],
  ['keystroke → suggestions painted, p95', 'keyP95', ms, 0.5],
  ['Enter → results and markers painted', 'chooseMs', ms, null],
  ['JS heap + wasm memory at ready (measured after « sa »)', 'memoryAtReady', mib, null],
  ['JS heap + wasm memory after the searches', 'memoryAfterSearch', mib, 1.0],
];
const table = [`| metric (median of ${RUNS} runs each) | widget (Rust/wasm) | baseline (JS) | ratio | goal | widget in an iframe (embed.html) |`, '|---|---|---|---|---|---|'];
for (const [label, key, fmt, goal] of rows) {
  const ratio = b[key] ? w[key] / b[key] : NaN;
  table.push(`| ${label} | ${fmt(w[key])} | ${fmt(b[key])} | ${Number.isNaN(ratio) ? '—' : ratio.toFixed(2)} | ${goal === null ? '' : `≤ ${goal} ${ratio <= goal ? '✓' : '✗'}`} | ${fmt(f[key])} |`);
}
const keyOk = w.keyDomP95 < 16;
table.push(`| keystroke → DOM p95 under 16 ms with CPU ×${CPU} | ${ms(w.keyDomP95)} | ${ms(b.keyDomP95)} | | ${keyOk ? '✓' : '✗'} | ${ms(f.keyDomP95)} |`);
table.push(`| input handler p95 under 16 ms with CPU ×${CPU} | ${ms(w.keyWorkP95)} | ${ms(b.keyWorkP95)} | | ${w.keyWorkP95 < 16 ? '✓' : '✗'} | ${ms(f.keyWorkP95)} |`);
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memory: mib(totalmem()), chromium: chromiumVersion, node: process.version };
console.log(`\nSide by side, ${RUNS} alternating cold runs each; CPU ×${CPU}, Slow 4G (562.5 ms, 184 KiB/s); 412×823; ${machine.cpu}, ${machine.cores} cores; Chromium ${machine.chromium}.`);
console.log(`Accept-Encoding sent by Chromium: ${[...acceptEncodings].filter(Boolean).join(' | ')}`);
console.log(table.join('\n'));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ date: new Date().toISOString(), machine, config: { runs: RUNS, cpu: CPU, network: NETWORK, viewport: [412, 823], queries: QUERIES }, widget: w, baseline: b, iframe: f, runs }, null, 2));
console.log(`\nwritten: ${OUT.replace(root + '/', '')}`);
