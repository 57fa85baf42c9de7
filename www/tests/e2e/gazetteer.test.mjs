// The commune index in slices, in Chromium: what a search downloads, and what a slice that fails
// (404, network, truncated, corrupted) leaves: the suggestions say so and show what is known, one
// `gazetteer-load` error, no uncaught error, and the next keystroke tries again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const host = '#w1';
const inWidget = (sel) => `${host} >> ${sel}`;
const ROOT = /\/tiers-lieux\/communes\.[0-9a-f]+\.bin$/;
const SLICE = /\/tiers-lieux\/communes-[^/]+\.[0-9a-f]+\.bin$/;

test('a session downloads the root beside the wasm, then the few slices its queries need', async () => {
  const page = await newPage(env);
  const requests = [];
  page.on('request', (r) => { if (/communes/.test(r.url())) requests.push(r.url().split('/').pop()); });
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, host);
  // « sa » and « qu » are answered by the root (the heads of the short queries).
  await typeAndWaitSuggestions(page, 'sa', host);
  await typeAndWaitSuggestions(page, 'qu', host);
  assert.deepEqual(requests.filter((u) => !ROOT.test('/tiers-lieux/' + u)), [], `no slice for « sa »: ${requests}`);
  assert.equal(requests.length, 1, 'the root, once');
  assert.match(await page.locator(inWidget('[role=option]')).first().textContent(), /^Qu/);
  // A commune typed letter by letter: two or three slices of about 200 places.
  await typeAndWaitSuggestions(page, 'Quimper', host);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'tierslieux:search' && e.detail.query === 'Quimper'));
  const slices = requests.filter((u) => u.startsWith('communes-'));
  assert.ok(slices.length >= 1 && slices.length <= 3, `slices for Quimper: ${slices}`);
  assert.match(await page.locator(inWidget('[role=option]')).first().textContent(), /^Quimper \(29\)/);
  // The JS API fetches what it needs too.
  const api = await page.evaluate(() => document.querySelector('#w1').finder.search('Plouguerneau'));
  assert.equal(api[0].label, 'Plouguerneau (29)');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('while a slice loads, the places the page has answer at once (busy), then the whole answer', async () => {
  const page = await newPage(env);
  // Slices wait until released (a slow network).
  let release;
  const released = new Promise((r) => { release = r; });
  const held = [];
  await page.route(SLICE, async (route) => { held.push(route.request().url()); await released; return route.continue(); });
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, host);
  const input = page.locator(inWidget('.tl-input'));
  await input.click();
  await input.pressSequentially('ren', { delay: 20 });
  const listbox = page.locator(inWidget('[role=listbox]'));
  // The root knows Rennes: shown at once, the list busy, not announced, the status loading.
  await page.locator(inWidget('[role=option]')).filter({ hasText: /^Rennes \(35\)/ }).waitFor();
  assert.equal(await listbox.getAttribute('aria-busy'), 'true');
  assert.match(await page.locator(inWidget('.tl-status')).textContent(), /Chargement/);
  assert.ok(held.length >= 1, 'the slice is asked');
  let events = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:search').map((e) => e.detail.query));
  assert.ok(!events.includes('ren'), `no tierslieux:search before the whole answer: ${events}`);
  // Enter meanwhile waits for the whole answer, then chooses its first suggestion.
  await input.press('Enter');
  assert.equal(await page.locator(inWidget('.tl-result')).count(), 0);
  release();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'tierslieux:results'));
  events = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:search').map((e) => e.detail.query));
  assert.deepEqual(events.filter((q) => q === 'ren'), ['ren'], 'announced once, whole');
  assert.equal(await listbox.getAttribute('aria-busy'), null);
  assert.match(await input.inputValue(), /^Rennes \(35\)/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const fault of ['404', 'network', 'truncated', 'corrupted']) {
  test(`a slice that fails (${fault}) is said, leaves what is known, and the next keystroke tries again`, async () => {
    const page = await newPage(env);
    let failing = true;
    let served = 0;
    await page.route(SLICE, async (route) => {
      if (!failing) return route.continue();
      served++;
      if (fault === '404') return route.fulfill({ status: 404, body: 'not found' });
      if (fault === 'network') return route.abort('failed');
      const real = await route.fetch();
      const body = await real.body();
      const bad = fault === 'truncated' ? body.subarray(0, body.length >> 1) : Buffer.from(body.map((b, i) => (i > 8 && i % 7 === 0 ? b ^ 0xff : b)));
      return route.fulfill({ response: real, body: bad });
    });
    await page.goto(`${env.base}/tests/pages/element.html`);
    await waitReady(page, host);
    const input = page.locator(inWidget('.tl-input'));
    await input.click();
    await input.pressSequentially('finis', { delay: 20 });
    const status = page.locator(inWidget('.tl-status'));
    await page.waitForFunction(() => window.__events.some((e) => e.detail && e.detail.code === 'gazetteer-load'), null, { timeout: 30000 });
    await page.locator(inWidget('.tl-status')).filter({ hasText: /pas pu être chargée/ }).waitFor();
    assert.equal(await status.getAttribute('role'), 'status');
    // What is known: the root's départements (« Finistère ») answer « finis ».
    const options = await page.locator(inWidget('[role=option]')).allTextContents();
    assert.ok(options.some((o) => /Finistère \(département 29\)/.test(o)), `${options}`);
    assert.ok(served >= 1);
    // The next keystroke asks again; this time the slice comes.
    failing = false;
    await input.pressSequentially('t', { delay: 20 });
    await page.locator(inWidget('[role=option]')).filter({ hasText: /^Finistère/ }).first().waitFor();
    await page.waitForFunction(() => !/pas pu/.test(document.querySelector('#w1').shadowRoot.querySelector('.tl-status').textContent));
    const events = await page.evaluate(() => window.__events);
    assert.equal(events.filter((e) => e.detail && e.detail.code === 'gazetteer-load').length, 1, 'said once');
    // The widget still works: a commune is chosen and its venues listed.
    await input.fill('');
    await typeAndWaitSuggestions(page, 'Brest', host);
    await input.press('Enter');
    await page.locator(inWidget('.tl-result')).first().waitFor();
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
