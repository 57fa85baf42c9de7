// Shared helpers for the end-to-end tests: Debian's Chromium through playwright-core, the local
// server, and probes into the widget's shadow root.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve.mjs';

const AXE = fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Debian's headless Chromium with the flags this machine needs (no background networking: the
 *  closed network refuses it). launch() gives every run a fresh temporary profile. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function setup() {
  const server = await startServer(0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium();
  // Nothing may leave the machine: any request to another host is recorded (tests assert none).
  const foreign = [];
  async function newContext(options = {}) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    await ctx.route('**/*', (route) => {
      const u = new URL(route.request().url());
      // 127.0.0.1 and localhost are this machine (two origins, for the cross-origin iframe test).
      if (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
      foreign.push(route.request().url());
      return route.abort();
    });
    return ctx;
  }
  const context = await newContext();
  return {
    base, context, foreign, newContext,
    async close() { await browser.close(); server.close(); },
  };
}

/** A new page that records console errors and uncaught exceptions. */
export async function newPage(env, url, { viewport, context } = {}) {
  const page = await (context || env.context).newPage();
  if (viewport) await page.setViewportSize(viewport);
  page.errors = [];
  page.consoleMessages = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => page.consoleMessages.push(`${m.type()}: ${m.text()}`));
  if (url) await page.goto(env.base + url);
  return page;
}

/** Resolves when `selector`'s first match has fired tierslieux:ready (or already has). */
export async function waitReady(page, selector = 'tiers-lieux-finder') {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el && el.finder && el.shadowRoot && el.shadowRoot.querySelector('.tl-input:not([disabled])');
  }, selector, { timeout: 30000 });
}

/** Types `text` in the widget's search box and waits for the suggestion list: the whole answer
 *  (not the provisional one shown, `aria-busy`, while the commune slices it needs load). */
export async function typeAndWaitSuggestions(page, text, host = 'tiers-lieux-finder') {
  const input = page.locator(`${host} >> .tl-input`);
  await input.click();
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  await page.locator(`${host} >> .tl-suggestions:not([hidden]):not([aria-busy]) [role=option]`).first().waitFor({ timeout: 30000 });
  return input;
}

/** A new page with the HTTP cache off (every load is a first visit) and, when `cpuRate` > 1, the
 *  CPU slowed that many times through the DevTools protocol (4: a modest phone). For benches. */
export async function coldPage(env, { cpuRate = 1 } = {}) {
  const page = await newPage(env);
  const cdp = await env.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (cpuRate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  return page;
}

/** axe-core's WCAG 2.0/2.1 A and AA rules inside the widget `host`; the report goes to
 *  `${out}axe-${state}.json`. Returns {violations, passes, incomplete}. */
export async function axe(page, state, out, host = 'tiers-lieux-finder') {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (w) => {
    const r = await window.axe.run({ include: [[w]] }, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    const brief = (list) => list.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.flat().join(' >> ')) }));
    return { violations: brief(r.violations), passes: r.passes.length, incomplete: brief(r.incomplete) };
  }, host);
  writeFileSync(`${out}axe-${state}.json`, JSON.stringify(result, null, 2));
  return result;
}

/** The result ranks a map pin shows: « 3 » → [3], « 1–4 » → [1, 2, 3, 4], « 2, 5 » → [2, 5]. */
export function ranksOf(label) {
  const range = label.match(/^(\d+)–(\d+)$/);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, k) => Number(range[1]) + k);
  return label.split(',').map((s) => Number(s.trim().replace('…', '')));
}

/** The ranks of every result pin of widget `host`, sorted: [1 … n] when each result has its pin. */
export async function pinnedRanks(page, host) {
  const labels = await page.locator(`${host} >> .tl-marker`).allTextContents();
  return labels.flatMap(ranksOf).sort((a, b) => a - b);
}
