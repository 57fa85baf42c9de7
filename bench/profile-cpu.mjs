// CPU profile of what a person waits for, in headless Chromium at CPU ×4 (no network throttling),
// self time by function (JS, wasm and the browser's own "(program)"): where the time goes.
//   node bench/profile-cpu.mjs ready [N]   navigation → tierslieux:ready (element.html)
//   node bench/profile-cpu.mjs enter [N]   Enter on five communes → results and pins painted
//   node bench/profile-cpu.mjs keys [N]    « mont de marsan » and « saint-malo » typed key by key
//                                           (120 ms apart), their slices already loaded
// N: how many functions to list (40). `--phone`: a 412×823 viewport (the side-by-side bench's). Needs `make build`. The wasm is stripped of its names:
// for named wasm functions, copy target/wasm-bindgen/tiers_lieux_bg.wasm over pkg's .wasm first.
import { setup, newPage, waitReady, typeAndWaitSuggestions } from '../www/tests/e2e/helpers.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--phone');
const [mode = 'ready', top = '40'] = args;
const env = await setup();
const page = await newPage(env, undefined, process.argv.includes('--phone') ? { viewport: { width: 412, height: 823 } } : {});
const cdp = await env.context.newCDPSession(page);
const self = new Map();
let total = 0;
const start = async () => {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
};
const stop = async () => {
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop().replace(/\.[0-9a-f]{10}\./, '.HASH.')}`;
    self.set(key, (self.get(key) || 0) + (profile.timeDeltas[i] || 0));
    total += profile.timeDeltas[i] || 0;
  });
};
if (mode === 'ready') {
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await start();
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, '#w1');
  await stop();
  console.log(`navigation → ready: ${(await page.evaluate(() => performance.now())).toFixed(0)} ms`);
} else if (mode === 'enter') {
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, '#w1');
  await page.waitForTimeout(1500);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  for (const q of ['Rennes', 'Brest', 'Quimper', 'Lille', 'Lyon']) {
    const input = await typeAndWaitSuggestions(page, q, '#w1');
    await page.waitForTimeout(300);
    await start();
    await input.press('Enter');
    await page.waitForFunction((q) => window.__events.some((e) => e.type === 'tierslieux:results' && e.detail.origin.label.startsWith(q)), q);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    await stop();
  }
} else if (mode === 'keys') {
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, '#w1');
  const queries = ['mont de marsan', 'saint-malo'];
  // A first pass loads the slices: the profile is of the keystrokes, not of the network.
  for (const q of queries) await typeAndWaitSuggestions(page, q, '#w1');
  await page.waitForTimeout(1500);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const input = page.locator('#w1 >> .tl-input');
  await start();
  for (const q of queries) {
    await input.fill('');
    await input.pressSequentially(q, { delay: 120 });
    await page.locator('#w1 >> .tl-suggestions:not([hidden]):not([aria-busy]) [role=option]').first().waitFor();
  }
  await stop();
} else {
  console.error('usage: node bench/profile-cpu.mjs ready|enter|keys [N]');
  process.exitCode = 2;
}
if (total) {
  console.log(`profiled ${(total / 1000).toFixed(0)} ms (idle and the harness's polling included); self time, ms:`);
  [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top)).forEach(([k, v]) => console.log(`${(v / 1000).toFixed(1).padStart(8)}  ${k}`));
}
await env.close();
