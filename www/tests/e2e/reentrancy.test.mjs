// Re-entrancy (contract, "Re-entrancy"): host listeners call every Finder method and getter from
// inside the events the widget causes — focusin, click and input anywhere in its open shadow
// root, and its own search / results / select events, on the host element and inside the
// shadow root — while a person searches, selects, opens and closes details, and searches again.
// No call may trap (a Rust panic shows as "RuntimeError: unreachable"), and the journey must
// end as it would without the listeners.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const inW = (sel) => `#w1 >> ${sel}`;

/** Installs listeners that call the finder back from everywhere, and records what they got. */
async function meddle(page) {
  await page.evaluate(() => {
    const host = document.querySelector('#w1');
    const finder = host.finder;
    const calls = { ok: 0, rejected: [], threw: [], byEvent: {} };
    window.__calls = calls;
    const note = (p) => p.then(() => { calls.ok++; }, (e) => calls.rejected.push(e instanceof Error ? e.message : `not an Error: ${e}`));
    let reselected = null;
    const poke = (type, event) => {
      calls.byEvent[type] = (calls.byEvent[type] || 0) + 1;
      try {
        // Getters and read-only calls, every time.
        if (typeof finder.venueCount !== 'number' || finder.venueCount < 1900) throw new Error('venueCount');
        note(finder.venues());
        note(finder.search('ren'));
        note(finder.nearest({ lat: 48.11, lon: -1.68 }, { k: 3 }));
        note(finder.nearest({ lat: 'no' }, {}).then(() => { throw new Error('nearest accepted a bad point'); }, (e) => { if (!(e instanceof Error)) throw e; }));
        // A call that changes the widget, from inside its own select event: select the same
        // venue again (a no-op for the journey), once per venue (its own event would loop).
        if (type === 'tierslieux:select' && reselected !== event.detail.venue.id) {
          reselected = event.detail.venue.id;
          finder.select(reselected);
        }
      } catch (e) {
        calls.threw.push(`${type}: ${e && e.message || e}`);
      }
    };
    for (const type of ['focusin', 'click', 'input', 'keydown']) {
      host.addEventListener(type, (e) => poke(`host:${type}`, e));
      host.shadowRoot.addEventListener(type, (e) => poke(`shadow:${type}`, e), true);
    }
    for (const name of ['search', 'results', 'select']) {
      host.addEventListener(`tierslieux:${name}`, (e) => poke(`tierslieux:${name}`, e));
    }
  });
}

test('host listeners call every Finder method from inside the widget\'s events: no trap, no lost journey', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  await meddle(page);

  // Search and choose with the keyboard.
  const input = await typeAndWaitSuggestions(page, 'Rennes', '#w1');
  await input.press('ArrowDown');
  await input.press('Enter');
  await page.locator(inW('.tl-result')).first().waitFor();
  assert.equal(await page.locator(inW('.tl-result')).count(), 8);
  assert.equal(await input.inputValue(), 'Rennes (35)');

  // Open a venue's details with the mouse: focus moves into them (focusin while the widget works).
  const second = page.locator(inW('.tl-result')).nth(1);
  await second.locator('.tl-name').click();
  await second.locator('.tl-details:not([hidden])').waitFor();
  assert.equal(await second.locator('.tl-name').getAttribute('aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.querySelector('#w1').shadowRoot.activeElement.className), 'tl-details');
  // Close them with the button: the focus returns to the name button.
  await second.locator('.tl-close').click();
  assert.equal(await second.locator('.tl-details').isHidden(), true);
  assert.equal(await page.evaluate(() => document.querySelector('#w1').shadowRoot.activeElement.className), 'tl-name');
  // Open another from the keyboard, close it with Escape.
  const third = page.locator(inW('.tl-result')).nth(2);
  await third.locator('.tl-name').focus();
  await page.keyboard.press('Enter');
  await third.locator('.tl-details:not([hidden])').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await third.locator('.tl-details').isHidden(), true);
  // A marker on the map selects its venue.
  await page.locator(inW('.tl-marker:not(.tl-marker-group)')).nth(1).dispatchEvent('click');
  await page.locator(inW('.tl-result.tl-selected')).waitFor();
  // And search again.
  await typeAndWaitSuggestions(page, 'Brest', '#w1');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#w1').shadowRoot.querySelector('.tl-input').value === 'Brest (29)');
  await page.locator(inW('.tl-result')).first().waitFor();

  // Let the promises the listeners started settle.
  await page.waitForTimeout(300);
  const calls = await page.evaluate(() => window.__calls);
  for (const type of ['host:focusin', 'shadow:focusin', 'host:click', 'shadow:click', 'host:input', 'tierslieux:search', 'tierslieux:results',
    'tierslieux:select']) {
    assert.ok(calls.byEvent[type] > 0, `the listeners ran on ${type}: ${JSON.stringify(calls.byEvent)}`);
  }
  assert.deepEqual(calls.threw, []);
  assert.deepEqual(calls.rejected, []);
  assert.ok(calls.ok > 100, `calls answered: ${calls.ok}`);
  // The journey is the same as without listeners: the last results are Brest's, nearest first.
  const last = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').pop().detail);
  assert.equal(last.origin.label, 'Brest (29)');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleMessages.filter((m) => /unreachable|internal error|RuntimeError|already (mutably )?borrowed/.test(m)), []);
  await page.close();
});

test('destroy() and select() from inside a focusin listener, while the widget moves the focus', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  await typeAndWaitSuggestions(page, 'Lille', '#w1');
  await page.keyboard.press('Enter');
  await page.locator(inW('.tl-result')).first().waitFor();
  const ids = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').pop().detail.results.map((r) => r.id));
  // When the details take the focus, the page selects another venue, then destroys the widget.
  await page.evaluate((other) => {
    const host = document.querySelector('#w1');
    host.shadowRoot.addEventListener('focusin', (e) => {
      if (!e.target.classList.contains('tl-details')) return;
      host.finder.select(other);
      window.__countAfterSelect = host.finder.venueCount;
      host.finder.destroy();
      window.__countAfterDestroy = host.finder.venueCount;
    });
  }, ids[3]);
  await page.locator(inW('.tl-result')).nth(1).locator('.tl-name').click();
  await page.waitForFunction(() => !document.querySelector('#w1').shadowRoot.querySelector('.tl-root'));
  const r = await page.evaluate(() => ({ a: window.__countAfterSelect, b: window.__countAfterDestroy }));
  assert.ok(r.a > 1900 && r.a === r.b, JSON.stringify(r));
  const selects = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:select').map((e) => e.detail.venue.id));
  assert.deepEqual(selects, [ids[1], ids[3]], 'the venue opened, then the one the page asked for, then nothing');
  // After destroy, the getters still answer and the methods do nothing.
  const after = await page.evaluate(async () => {
    const f = document.querySelector('#w1').finder;
    f.select('x');
    f.locate();
    return { venues: (await f.venues()).length, count: f.venueCount };
  });
  assert.ok(after.venues > 1900 && after.count === after.venues);
  await page.waitForTimeout(1200);
  assert.deepEqual(page.errors, []);
  await page.close();
});
