// A phone-first finder (contract, "Phones and the map"): on a widget under 600 px wide, once a
// place is chosen the first result is on screen without the person scrolling (on a 390×844 phone
// whose browser bars leave 664 px), the filters fold behind « Filtres » (with how many are on),
// and a « Liste » / « Carte » toggle shows the map at full width with the results' markers. At
// 1280 px the desktop layout is as it was. Screenshots go to target/phone/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setup, newPage, waitReady, typeAndWaitSuggestions, axe, pinnedRanks } from './helpers.mjs';

const OUT = fileURLToPath(new URL('../../../target/phone/', import.meta.url));
mkdirSync(OUT, { recursive: true });

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const W = 'tiers-lieux-finder';
const inW = (sel) => `${W} >> ${sel}`;

async function phone(width, height, url) {
  const context = await env.newContext({ viewport: { width, height }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await newPage(env, url, { context });
  await page.route('https://data.geopf.fr/**', (r) => r.abort());
  await waitReady(page);
  return { context, page };
}

/** The first result's box, relative to the viewport. */
const firstResultBox = (page) => page.evaluate((w) => {
  const r = document.querySelector(w).shadowRoot.querySelector('.tl-result').getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, innerHeight };
}, W);

/** The violations axe-core finds in the widget (report in target/phone/). */
const violations = async (page, state) => (await axe(page, state, OUT)).violations;

for (const [width, height, url, name] of [[390, 664, '/', 'demo'], [390, 664, '/tests/pages/narrow.html', 'alone'], [320, 568, '/tests/pages/narrow.html', 'alone']]) {
  test(`${width}×${height}, ${name} page: after choosing a place the first result is on screen; filters folded; list / map toggle`, async () => {
    const { context, page } = await phone(width, height, url);
    const toggle = page.locator(inW('.tl-filters-toggle'));
    assert.equal(await toggle.isVisible(), true, 'the « Filtres » button shows');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator(inW('.tl-filters')).isVisible(), false, 'the chips and the distance are folded');
    assert.equal(await page.locator(inW('.tl-map')).isVisible(), false, 'the list first; the map is one tap away');
    assert.equal(await page.locator(inW('.tl-show-list')).getAttribute('aria-pressed'), 'true');

    const input = await typeAndWaitSuggestions(page, 'Quimper');
    await input.press('Enter');
    await page.locator(inW('.tl-result')).first().waitFor();
    // The widget brings the first result into view (smoothly: wait for it to settle).
    await page.waitForFunction((w) => {
      const r = document.querySelector(w).shadowRoot.querySelector('.tl-result').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight + 1;
    }, W, { timeout: 5000 });
    const box = await firstResultBox(page);
    assert.ok(box.top >= 0 && box.bottom <= box.innerHeight + 1, `first result on screen: ${JSON.stringify(box)}`);
    assert.equal(await input.inputValue(), 'Quimper (29)');
    await page.screenshot({ path: `${OUT}${width}-${name}-results.png` });

    // « Filtres »: unfolds the chips; the button says how many are on.
    await toggle.tap();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.locator(inW('.tl-chip[data-key="fablab"]')).tap();
    assert.equal((await toggle.textContent()).trim(), 'Filtres (1)');
    await page.locator(inW('.tl-radius-select')).selectOption('20');
    assert.equal((await toggle.textContent()).trim(), 'Filtres (2)');
    await page.screenshot({ path: `${OUT}${width}-${name}-filters.png` });
    await toggle.tap();
    assert.equal(await page.locator(inW('.tl-filters')).isVisible(), false);

    // « Carte »: the map at full width with the results' markers; the list stays in the DOM.
    const count = await page.locator(inW('.tl-result')).count();
    await page.locator(inW('.tl-show-map')).tap();
    assert.equal(await page.locator(inW('.tl-show-map')).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator(inW('.tl-show-list')).getAttribute('aria-pressed'), 'false');
    const map = page.locator(inW('.tl-map'));
    await map.waitFor({ state: 'visible' });
    const [mapBox, rootBox] = [await map.boundingBox(), await page.locator(inW('.tl-root')).boundingBox()];
    assert.ok(mapBox.width >= rootBox.width - 20, `map at full width: ${mapBox.width} of ${rootBox.width}`);
    await page.waitForFunction((w) => document.querySelector(w).shadowRoot.querySelectorAll('.tl-marker').length > 0, W);
    assert.deepEqual(await pinnedRanks(page, W), Array.from({ length: count }, (_, k) => k + 1), 'each result on a pin (venues at one point share one)');
    // Every marker is inside the map's box once it is shown (the map framed the results again).
    const outside = await page.evaluate((w) => {
      const root = document.querySelector(w).shadowRoot;
      const m = root.querySelector('.tl-map').getBoundingClientRect();
      return [...root.querySelectorAll('.tl-marker')].map((e) => e.getBoundingClientRect())
        .filter((r) => r.left < m.left - 1 || r.right > m.right + 1 || r.top < m.top - 1 || r.bottom > m.bottom + 1).length;
    }, W);
    assert.equal(outside, 0, 'the results are framed on the map');
    assert.equal(await page.locator(inW('.tl-result')).count(), count, 'the list stays');
    await page.screenshot({ path: `${OUT}${width}-${name}-map.png` });
    await page.locator(inW('.tl-show-list')).tap();
    assert.equal(await map.isVisible(), false);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no sideways scroll');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('390 px: axe-core finds nothing with the filters open, nor with the map shown', async () => {
  const { context, page } = await phone(390, 664, '/tests/pages/narrow.html');
  const input = await typeAndWaitSuggestions(page, 'Brest');
  await input.press('Enter');
  await page.locator(inW('.tl-result')).first().waitFor();
  await page.locator(inW('.tl-filters-toggle')).tap();
  assert.deepEqual(await violations(page, 'phone-filters-open'), []);
  await page.locator(inW('.tl-show-map')).tap();
  await page.locator(inW('.tl-marker')).first().waitFor();
  assert.deepEqual(await violations(page, 'phone-map-shown'), []);
  await context.close();
});

test('1280 px: the desktop layout is as it was (no narrow bar, filters shown, map beside the list)', async () => {
  const page = await newPage(env, '/tests/pages/narrow.html', { viewport: { width: 1280, height: 900 } });
  await waitReady(page);
  assert.equal(await page.locator(inW('.tl-narrow-bar')).isVisible(), false);
  assert.equal(await page.locator(inW('.tl-filters')).isVisible(), true);
  const input = await typeAndWaitSuggestions(page, 'Quimper');
  await input.press('Enter');
  await page.locator(inW('.tl-result')).first().waitFor();
  const [list, map] = [await page.locator(inW('.tl-results')).boundingBox(), await page.locator(inW('.tl-map')).boundingBox()];
  assert.ok(map.x > list.x + list.width - 1, 'the map beside the list');
  assert.equal(await page.evaluate(() => scrollY), 0, 'a wide widget does not scroll the page');
  await page.screenshot({ path: `${OUT}1280-results.png` });
  await page.close();
});
