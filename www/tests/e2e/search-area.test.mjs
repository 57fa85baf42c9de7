// « Rechercher dans cette zone » (contract, "Phones and the map"): after the person moves or
// zooms the map away from the results, a button appears; it lists the venues nearest the map's
// centre with origin.label « Zone de la carte » and fires tierslieux:results. Never automatic on
// a pan, and not shown for the widget's own moves (framing the results, opening a popup).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const inW = (sel) => `#w1 >> ${sel}`;
const resultsEvents = (page) => page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').map((e) => e.detail));

for (const [width, height, touch] of [[1280, 900, false], [390, 664, true], [320, 568, true]]) {
  test(`${width} px: a drag shows the button, nothing is searched until it is pressed`, async () => {
    const context = await env.newContext({ viewport: { width, height }, hasTouch: touch, isMobile: touch });
    const page = await newPage(env, '/tests/pages/element.html', { context });
    await waitReady(page, '#w1');
    const input = await typeAndWaitSuggestions(page, 'Quimper', '#w1');
    await input.press('Enter');
    await page.locator(inW('.tl-result')).first().waitFor();
    if (width < 600) await page.locator(inW('.tl-show-map')).click();
    const button = page.locator(inW('.tl-search-area'));
    await page.waitForTimeout(600);
    assert.equal(await button.isVisible(), false, 'not after the widget framed the results');
    if (!touch) {
      // Opening a result's popup on the map moves the map (auto-pan): still the widget's move.
      // (With a mouse only: on the phone the popup would sit under the fingers of the next step.)
      await page.locator(inW('.tl-marker')).first().click({ force: true });
      await page.locator(inW('.leaflet-popup')).waitFor();
      await page.waitForTimeout(600);
      assert.equal(await button.isVisible(), false, 'not after a popup opened');
    }

    // The person pans the map: a mouse drag, or on a phone two fingers (one finger scrolls the page).
    const before = (await resultsEvents(page)).length;
    const box = await page.locator(inW('.tl-map')).boundingBox();
    // Low in the map, clear of an open popup (it stands above its pin).
    const [x, y] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height * 0.85)];
    if (touch) {
      const cdp = await context.newCDPSession(page);
      const at = (dx, spread) => [{ x: x - 40 - spread + dx, y, id: 1 }, { x: x + 40 + spread + dx, y, id: 2 }];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0, 0) });
      for (let i = 1; i <= 10; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(-12 * i, 4 * i) });
        await page.waitForTimeout(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    } else {
      await page.mouse.move(x, y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(x - 25 * i, y - 3 * i);
      await page.mouse.up();
    }
    await button.waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    assert.equal((await resultsEvents(page)).length, before, 'never searched by itself on a pan');

    await button.click();
    await page.waitForFunction((n) => window.__events.filter((e) => e.type === 'tierslieux:results').length > n, before);
    const last = (await resultsEvents(page)).pop();
    assert.equal(last.origin.label, 'Zone de la carte');
    // Nearest the map centre first. A venue known only by its commune ranks at its commune's far
    // edge (issue 17): so a precisely placed venue comes after every venue nearer than it.
    last.results.forEach((r, j) => {
      if (r.locatedAtCommuneLevel) return;
      const before = last.results.slice(0, j).map((x) => x.distanceKm);
      assert.ok(before.every((x) => x <= r.distanceKm), `nearest the map centre first: ${r.name} at ${r.distanceKm} km after ${before}`);
    });
    assert.equal(await button.isVisible(), false, 'the button goes once used');
    assert.match(await page.locator(inW('.tl-status')).textContent(), /Zone de la carte/);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('the keyboard: arrows on the focused map pan it, then Shift+Tab reaches the button', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  const input = await typeAndWaitSuggestions(page, 'Brest', '#w1');
  await input.press('Enter');
  await page.locator(inW('.tl-result')).first().waitFor();
  await page.waitForTimeout(600);
  await page.locator(inW('.tl-map')).focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  const button = page.locator(inW('.tl-search-area'));
  await button.waitFor({ state: 'visible' });
  await page.keyboard.press('Shift+Tab');
  const focused = await page.evaluate(() => document.querySelector('#w1').shadowRoot.activeElement.className);
  assert.equal(focused, 'tl-search-area');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__events.filter((e) => e.type === 'tierslieux:results').pop().detail.origin.label === 'Zone de la carte');
  await page.close();
});
