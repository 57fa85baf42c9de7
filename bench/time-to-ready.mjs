// Time from navigation start to `tierslieux:ready` on a partner page, in headless Chromium,
// cold cache, files served from 127.0.0.1 (no throttling: bench/side-by-side.mjs is the
// throttled benchmark, beside the plain-JS baseline). Usage: make build && node bench/time-to-ready.mjs [runs]
import { setup, coldPage } from '../www/tests/e2e/helpers.mjs';

const runs = Number(process.argv[2] || 7);
const env = await setup();
const times = [];
for (let i = 0; i < runs; i++) {
  const page = await coldPage(env);
  await page.addInitScript(() => {
    document.addEventListener('tierslieux:ready', () => { window.__readyAt = performance.now(); }, { once: true });
  });
  await page.goto(`${env.base}/tests/pages/element.html`);
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60000 });
  times.push(await page.evaluate(() => window.__readyAt));
  await page.close();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`navigation → tierslieux:ready over ${runs} cold loads: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`);
await env.close();
