// A partner's list of N rows (www/serve.mjs generates them over France) in the built widget, in
// headless Chromium, cold cache, 127.0.0.1, no throttling, optionally with CPU throttling (the
// DevTools protocol's rate, 4 = a modest phone): time from navigation to `tierslieux:ready`,
// the longest main-thread task while loading (a frozen page is a long task), the first search
// and a nearest query. Medians over the runs.
// Usage: make build && node bench/partner-list.mjs [rows=20000] [runs=5] [cpu-rate=1]
import { setup, coldPage } from '../www/tests/e2e/helpers.mjs';

const rows = Number(process.argv[2] || 20000);
const runs = Number(process.argv[3] || 5);
const rate = Number(process.argv[4] || 1);
const env = await setup();
const samples = [];
for (let i = 0; i < runs; i++) {
  const page = await coldPage(env, { cpuRate: rate });
  await page.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((l) => window.__longtasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
    document.addEventListener('tierslieux:ready', () => { window.__readyAt = performance.now(); }, { once: true });
  });
  await page.goto(`${env.base}/tests/pages/partner.html?src=${encodeURIComponent(`/lists/generated.csv?rows=${rows}`)}`);
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 120000 });
  samples.push(await page.evaluate(async () => {
    const f = document.querySelector('#w').finder;
    const t0 = performance.now();
    await f.search('Fabrique du Moulin');
    const t1 = performance.now();
    await f.nearest({ lat: 45.76, lon: 4.84 }, { k: 10 });
    const t2 = performance.now();
    return { ready: window.__readyAt, longest: Math.max(0, ...window.__longtasks), search: t1 - t0, nearest: t2 - t1, venues: f.venueCount };
  }));
  await page.close();
}
const median = (k) => { const v = samples.map((s) => s[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
console.log(`${rows} rows (${samples[0].venues} shown), ${runs} cold loads, CPU ×${rate}: ready ${median('ready').toFixed(0)} ms, `
  + `longest task ${median('longest').toFixed(0)} ms, first search ${median('search').toFixed(1)} ms (waits for the commune index), nearest k=10 ${median('nearest').toFixed(1)} ms (medians)`);
await env.close();
