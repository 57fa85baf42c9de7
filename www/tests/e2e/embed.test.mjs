// pkg/embed.html, the widget alone in a page made to be framed (contract, "Without a script
// tag"): framed from another origin and served with the README's strict Content-Security-Policy
// (www/serve.mjs), at 320, 390 (touch) and 1280 px. Options come from its query string; it posts
// its height and the events to the parent (targetOrigin "*", never the person's position);
// pkg/tiers-lieux-iframe.js resizes the frame and re-dispatches the events on it. Screenshots go
// to target/embed/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setup, newPage, axe } from './helpers.mjs';

const OUT = fileURLToPath(new URL('../../../target/embed/', import.meta.url));
mkdirSync(OUT, { recursive: true });

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const W = 'tiers-lieux-finder';
const TILES = 'tiles=/tiles/{z}/{x}/{y}.png';

/** The host page with one frame of embed.html carrying `options` (a query string). */
async function host(width, height, options, { allow = true, context, touch = width < 600 } = {}) {
  const ctx = context || await env.newContext({ viewport: { width, height }, hasTouch: touch, isMobile: touch, deviceScaleFactor: touch ? 2 : 1 });
  const page = await newPage(env, `/tests/pages/embed-host.html?options=${encodeURIComponent(options)}${allow ? '' : '&allow=0'}`, { context: ctx });
  const frame = page.frameLocator('#finder');
  await frame.locator(`${W} >> .tl-input:not([disabled])`).waitFor({ timeout: 30000 });
  return { ctx, page, frame, inF: (sel) => frame.locator(`${W} >> ${sel}`) };
}

const messages = (page, type) => page.evaluate((t) => window.__messages.filter((m) => !t || m.type === t), type);
const frameEvents = (page) => page.evaluate(() => window.__frameEvents);
/** Console lines that say the policy refused something (Chromium logs each CSP violation). */
const refused = (page) => page.consoleMessages.filter((m) => /Refused to|Content Security Policy/i.test(m));

async function choose(f, town, tap) {
  const input = f.inF('.tl-input');
  if (tap) await input.tap(); else await input.click();
  await input.pressSequentially(town, { delay: 20 });
  await f.inF('.tl-suggestions:not([hidden]):not([aria-busy]) [role=option]').first().waitFor();
  await input.press('Enter');
  await f.inF('.tl-result').first().waitFor();
}

for (const [width, height] of [[320, 568], [390, 664], [1280, 900]]) {
  test(`${width} px: embed.html framed from another origin under the strict CSP: options, journey, messages, resizing`, async () => {
    const touch = width < 600;
    const f = await host(width, height, `${TILES}&max-results=5&region=53`);
    const { page } = f;
    const ready = await messages(page, 'ready');
    assert.equal(ready.length, 1, 'one ready message');
    assert.ok(ready[0].origin.startsWith('http://localhost:'), `posted by the frame's origin: ${ready[0].origin}`);
    assert.ok(ready[0].detail.venues > 50 && ready[0].detail.venues < 400, `region=53 from the query string scopes the venues: ${ready[0].detail.venues}`);

    await choose(f, 'Rennes', touch);
    assert.equal(await f.inF('.tl-result').count(), 5, 'max-results=5 from the query string');
    const narrow = await f.inF('.tl-filters-toggle').isVisible();
    assert.equal(narrow, width < 600, 'the narrow layout follows the frame width');

    // The frame grows to its content: the last height posted is the iframe's height.
    await page.waitForFunction(() => {
      const h = window.__messages.filter((m) => m.type === 'height').pop();
      return h && document.getElementById('finder').style.height === `${h.height}px`;
    });
    const frameHeight = await page.evaluate(() => document.getElementById('finder').getBoundingClientRect().height);
    const contentHeight = await page.frame({ url: /embed\.html/ }).evaluate(() => document.body.scrollHeight);
    assert.ok(Math.abs(frameHeight - contentHeight) <= 1, `iframe ${frameHeight} px for content ${contentHeight} px`);
    assert.ok(frameHeight > 640 || width >= 600, 'on a phone the list makes the frame taller than its first 640 px');

    // On a phone the first result is on screen without scrolling.
    if (touch) {
      const box = await f.inF('.tl-result').first().boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= height + 1, `first result on screen: ${JSON.stringify(box)}`);
    }
    await page.screenshot({ path: `${OUT}${width}-results.png` });

    // The same details as the events, posted; re-dispatched on the iframe by the resizer.
    const [results] = (await messages(page, 'results')).slice(-1);
    assert.equal(results.detail.origin.label, 'Rennes (35)');
    assert.equal(results.detail.results.length, 5);
    assert.ok(results.detail.results[0].distanceKm >= 0, 'distances from a chosen place are posted');
    assert.ok((await messages(page, 'search')).length >= 1, 'search messages');
    const seen = await frameEvents(page);
    assert.ok(seen.some((e) => e.type === 'tierslieux:results' && e.target === 'finder' && e.detail.origin.label === 'Rennes (35)'), 'tiers-lieux-iframe.js re-dispatches on the iframe');

    // Select: a message with the venue.
    if (touch) await f.inF('.tl-result .tl-name').first().tap(); else await f.inF('.tl-result .tl-name').first().click();
    await page.waitForFunction(() => window.__messages.some((m) => m.type === 'select'));
    const [select] = await messages(page, 'select');
    assert.equal(select.detail.venue.name, results.detail.results[0].name);

    // List / map toggle in the frame on a phone.
    if (touch) {
      await f.inF('.tl-show-map').tap();
      await f.inF('.tl-map').waitFor({ state: 'visible' });
      await f.inF('.tl-marker').first().waitFor();
      await page.screenshot({ path: `${OUT}${width}-map.png` });
    }
    assert.deepEqual(refused(page), [], 'no CSP violation');
    assert.deepEqual(page.errors, []);
    assert.deepEqual(env.foreign, [], 'no request leaves the machine');
    await f.ctx.close();
  });
}

test('« Autour de moi » in the frame: works with allow="geolocation", never posts the position; says why without it', async () => {
  const context = await env.newContext({ viewport: { width: 390, height: 664 }, hasTouch: true, isMobile: true });
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 48.1173, longitude: -1.6778 });
  const f = await host(390, 664, TILES, { context });
  await f.inF('.tl-locate').tap();
  await f.inF('.tl-result').first().waitFor();
  const [results] = (await messages(f.page, 'results')).slice(-1);
  assert.equal(results.detail.origin.label, 'Votre position');
  assert.deepEqual([results.detail.origin.lat, results.detail.origin.lon], [null, null], 'no position in the message');
  assert.ok(results.detail.results.length > 0 && results.detail.results.every((r) => r.distanceKm === null), 'no distance from the person either');
  assert.ok(results.detail.results.every((r) => typeof r.lat === 'number'), "the venues' own positions stay");
  const posted = JSON.stringify(await messages(f.page));
  assert.ok(!posted.includes('48.1173') && !posted.includes('-1.6778'), 'the position appears nowhere in what was posted');
  await f.inF('.tl-result .tl-name').first().tap();
  await f.page.waitForFunction(() => window.__messages.some((m) => m.type === 'select'));
  assert.equal((await messages(f.page, 'select'))[0].detail.venue.distanceKm, null);
  await f.page.close();

  const g = await host(390, 664, TILES, { context, allow: false });
  await g.inF('.tl-locate').tap();
  await g.inF('.tl-alert:not(:empty)').waitFor();
  assert.match(await g.inF('.tl-alert').textContent(), /ne permet pas la localisation dans le cadre/);
  const errors = await messages(g.page, 'error');
  assert.deepEqual(errors.map((m) => m.detail.code), ['geolocation-denied']);
  assert.deepEqual(g.page.errors, []);
  await context.close();
});

test('lang=en and --tl-* look from the query string; a bad key is named in the console, the rest applies', async () => {
  const f = await host(1280, 900, `${TILES}&lang=en&--tl-accent=%23b00040&a%20b=1`);
  const doc = await f.page.frame({ url: /embed\.html/ }).evaluate(() => ({ lang: document.documentElement.lang, title: document.title }));
  assert.deepEqual(doc, { lang: 'en', title: 'Find a third place' });
  assert.equal(await f.inF('.tl-label').textContent(), 'Town, postcode or name of a place');
  const accent = await f.frame.locator(W).evaluate((el) => getComputedStyle(el).getPropertyValue('--tl-accent').trim());
  assert.equal(accent, '#b00040');
  assert.ok(f.page.consoleMessages.some((m) => m.startsWith('warning: [tiers-lieux embed] "a b"')), f.page.consoleMessages.join('\n'));
  assert.deepEqual(refused(f.page), []);
  assert.deepEqual(f.page.errors, []);
  await f.ctx.close();
});

test('a broken install (the .wasm missing): the frame shows a readable message and posts the error', async () => {
  const context = await env.newContext({ viewport: { width: 390, height: 664 } });
  const page = await newPage(env, undefined, { context });
  await page.goto(`${env.base}/tests/pages/embed-host.html?src=broken`);
  // The host's first frame (a working one, default tiles) may already have posted its own errors
  // (tiles refused here): only the broken frame's messages count.
  await page.evaluate((port) => { window.__messages = []; document.getElementById('finder').src = `http://localhost:${port}/broken/missing-wasm/embed.html`; }, new URL(env.base).port);
  await page.frameLocator('#finder').locator(`${W} >> .tl-alert`).waitFor({ timeout: 30000 });
  assert.match(await page.frameLocator('#finder').locator(`${W} >> .tl-alert`).textContent(), /n'a pas pu se charger/);
  await page.waitForFunction(() => window.__messages.some((m) => m.type === 'error' && m.detail.code === 'wasm-load'));
  assert.deepEqual((await messages(page, 'error')).map((m) => m.detail.code).filter((c) => c !== 'tiles-load'), ['wasm-load']);
  await context.close();
});

test('axe-core finds nothing in embed.html (whole page), on a phone with the filters open and with the map shown', async () => {
  // bypassCSP: axe-core is injected as an inline script, which the page's own policy refuses.
  const context = await env.newContext({ viewport: { width: 390, height: 664 }, hasTouch: true, isMobile: true, bypassCSP: true });
  const f = await host(390, 664, TILES, { context });
  await choose(f, 'Brest', true);
  const frame = f.page.frame({ url: /embed\.html/ });
  await f.inF('.tl-filters-toggle').tap();
  assert.deepEqual((await axe(frame, 'embed-filters-open', OUT, 'html')).violations, []);
  await f.inF('.tl-show-map').tap();
  await f.inF('.tl-marker').first().waitFor();
  assert.deepEqual((await axe(frame, 'embed-map-shown', OUT, 'html')).violations, []);
  await context.close();
});
