// The national venues' details (addresses, links, label names) in their own file, fetched once
// the widget is ready, in Chromium: nothing of it before ready; results chosen before it arrives
// wait for it (« Chargement… ») and then show whole; a file that fails (404, network, truncated,
// corrupted) leaves the venues listed without their details, says so once (`details-load`), and
// the next search fetches it again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const host = '#w1';
const inWidget = (sel) => `${host} >> ${sel}`;
const DETAILS = /\/tiers-lieux\/venues-details\.[0-9a-f]+\.bin$/;

/** Types `text`, then Enter on its first suggestion. */
async function choose(page, text) {
  const input = await typeAndWaitSuggestions(page, text, host);
  await input.press('Enter');
}

test('the details come after ready, once per page; results chosen meanwhile wait, then show whole', async () => {
  const page = await newPage(env);
  let release;
  const released = new Promise((r) => { release = r; });
  const asked = [];
  await page.route(DETAILS, async (route) => {
    asked.push(await page.evaluate(() => window.__events.some((e) => e.type === 'tierslieux:ready')).catch(() => 'closed'));
    await released;
    return route.continue();
  });
  await page.goto(`${env.base}/tests/pages/element.html`);
  await waitReady(page, host);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'tierslieux:ready'));
  // Suggestions never wait for the details.
  await choose(page, 'Rennes');
  await page.locator(inWidget('.tl-status')).filter({ hasText: /Chargement/ }).waitFor();
  assert.equal(await page.locator(inWidget('.tl-result')).count(), 0, 'the list waits for the addresses');
  const nearest = page.evaluate(() => document.querySelector('#w1').finder.nearest({ lat: 48.11, lon: -1.68 }, { k: 3 }));
  let results = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').length);
  assert.equal(results, 0, 'tierslieux:results waits too');
  assert.deepEqual(asked, [true], 'fetched once, after tierslieux:ready');
  release();
  await page.locator(inWidget('.tl-result')).first().waitFor();
  const addresses = await page.locator(inWidget('.tl-result .tl-address')).count();
  assert.ok(addresses >= 1, 'the cards have their addresses');
  assert.doesNotMatch(await page.locator(inWidget('.tl-status')).textContent(), /Chargement/);
  const events = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').map((e) => e.detail));
  assert.equal(events.length, 1);
  assert.match(events[0].origin.label, /^Rennes \(35\)/);
  assert.ok(events[0].results.some((r) => r.address), 'the event carries the addresses');
  const answer = await nearest;
  assert.equal(answer.length, 3);
  // The INSEE code is one of the details: every national venue has one.
  assert.ok(answer.every((r) => /^\d[\dAB]\d{3}$/.test(r.codeInsee)), `nearest() waited for the details: ${JSON.stringify(answer)}`);
  assert.equal(asked.length, 1, 'the API used the same download');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('two widgets and a script target share one download of the details', async () => {
  const page = await newPage(env);
  const asked = [];
  page.on('request', (r) => { if (DETAILS.test(r.url())) asked.push(r.url()); });
  await page.goto(`${env.base}/tests/pages/two.html`);
  await waitReady(page, '#a');
  await waitReady(page, '#b');
  await page.waitForFunction(() => document.querySelector('#b').finder.venues().then((v) => v.some((x) => x.address)));
  assert.equal(asked.length, 1, `${asked}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const fault of ['404', 'network', 'truncated', 'corrupted']) {
  test(`details that fail (${fault}): the venues show without them, it is said once, a new search tries again`, async () => {
    const page = await newPage(env);
    let failing = true;
    let served = 0;
    await page.route(DETAILS, async (route) => {
      served++;
      if (!failing) return route.continue();
      if (fault === '404') return route.fulfill({ status: 404, body: 'not found' });
      if (fault === 'network') return route.abort('failed');
      const real = await route.fetch();
      const body = await real.body();
      const bad = fault === 'truncated' ? body.subarray(0, body.length >> 1) : Buffer.from(body.map((b, i) => (i < 80 ? b ^ 0x55 : b)));
      return route.fulfill({ response: real, body: bad });
    });
    await page.goto(`${env.base}/tests/pages/element.html`);
    await waitReady(page, host);
    await page.waitForFunction(() => window.__events.some((e) => e.detail && e.detail.code === 'details-load'), null, { timeout: 30000 });
    assert.equal(served, 1);
    const alert = page.locator(inWidget('[role=alert]'));
    assert.match(await alert.textContent(), /adresses et les liens des lieux n'ont pas pu être chargés/);
    // Chosen after the failure: listed at once, by name and distance, without addresses; the
    // search asks for the file again (still failing: not said again).
    await choose(page, 'Brest');
    await page.locator(inWidget('.tl-result')).first().waitFor();
    assert.equal(await page.locator(inWidget('.tl-result .tl-address')).count(), 0);
    // Its second failure is only in the console (the first one's line is there too).
    const consoleLines = () => page.consoleMessages.filter((m) => m.includes('details-load')).length;
    for (let i = 0; (served < 2 || consoleLines() < 2) && i < 300; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(served, 2, 'asked again by the search');
    assert.equal(consoleLines(), 2, `${page.consoleMessages}`);
    failing = false;
    await choose(page, 'Quimper');
    await page.locator(inWidget('.tl-result .tl-address')).first().waitFor({ timeout: 30000 });
    const events = await page.evaluate(() => window.__events);
    assert.equal(events.filter((e) => e.detail && e.detail.code === 'details-load').length, 1, 'said once');
    const last = events.filter((e) => e.type === 'tierslieux:results').pop();
    assert.match(last.detail.origin.label, /^Quimper/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
