// A readable map (issue 15): result pins look unlike the overview's clusters (shape and colour,
// with a text legend); while results show, the clusters step back and the dots fade; results
// that share one point (venues known only by their commune's centre) are one pin « 1–3 » whose
// popup lists them, each one tap from its card. At 320 and 390 px with touch, and at 1280 px.
// Screenshots go to target/markers/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setup, newPage, waitReady, typeAndWaitSuggestions, axe } from './helpers.mjs';

const OUT = fileURLToPath(new URL('../../../target/markers/', import.meta.url));
mkdirSync(OUT, { recursive: true });

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const W = 'tiers-lieux-finder';
const inW = (sel) => `${W} >> ${sel}`;

/** The marker labels the results call for: one per point, in rank order (« 3 », « 1–4 »). */
function expectedLabels(results) {
  const points = [];
  results.forEach((r, i) => {
    const p = points.find((q) => q.lat === r.lat && q.lon === r.lon);
    if (p) p.ranks.push(i + 1); else points.push({ lat: r.lat, lon: r.lon, ranks: [i + 1] });
  });
  return points.map(({ ranks }) => (ranks.length === 1 ? String(ranks[0])
    : ranks[ranks.length - 1] - ranks[0] + 1 === ranks.length ? `${ranks[0]}–${ranks[ranks.length - 1]}` : ranks.join(', ')));
}

/** Computed looks of the first pin, the first cluster, and the overview's dot pane. */
const looks = (page) => page.evaluate((w) => {
  const root = document.querySelector(w).shadowRoot;
  const style = (sel, pseudo) => { const e = root.querySelector(sel); return e && getComputedStyle(e, pseudo); };
  const pin = style('.tl-marker');
  const pinTip = style('.tl-marker', '::after');
  const cluster = style('.tl-cluster');
  const pane = style('.leaflet-tl-overview-pane');
  return {
    pin: pin && { radius: pin.borderTopLeftRadius, background: pin.backgroundColor, tip: pinTip.content },
    cluster: cluster && { radius: cluster.borderTopLeftRadius, background: cluster.backgroundColor, fontSize: cluster.fontSize, color: cluster.color },
    dots: pane && Number(pane.opacity),
  };
}, W);

/** Everything of `inner` inside `outer` (both boxes from getBoundingClientRect). */
const inside = (inner, outer) => inner.left >= outer.left - 1 && inner.right <= outer.right + 1 && inner.top >= outer.top - 1 && inner.bottom <= outer.bottom + 1;
/** Waits for the open popup to settle inside the map (the map pans to it, animated), then
 *  returns both boxes (the last seen ones when it never does). */
async function settledPopup(page) {
  await page.waitForFunction((w) => {
    const root = document.querySelector(w).shadowRoot;
    // The last popup: the one before may still be fading out.
    const p = [...root.querySelectorAll('.leaflet-popup')].pop().getBoundingClientRect();
    const m = root.querySelector('.tl-map').getBoundingClientRect();
    return p.left >= m.left - 1 && p.right <= m.right + 1 && p.top >= m.top - 1 && p.bottom <= m.bottom + 1;
  }, W, { timeout: 3000 }).catch(() => {});
  return boxes(page, '.leaflet-popup', '.tl-map');
}
const boxes = (page, a, b) => page.evaluate(([w, sa, sb]) => {
  const root = document.querySelector(w).shadowRoot;
  const r = (s) => { const x = [...root.querySelectorAll(s)].pop().getBoundingClientRect(); return { left: x.left, right: x.right, top: x.top, bottom: x.bottom }; };
  return [r(sa), r(sb)];
}, [W, a, b]);

// Three venues known only by the centre of Garges-lès-Gonesse, and no precisely placed venue
// within its radius: they rank 1 to 3 (Rennes's four come after its precise ones since issue 17).
const GROUP_TOWN = 'Garges-lès-Gonesse';

for (const [width, height] of [[320, 568], [390, 664], [1280, 900]]) {
  test(`${width} px: pins unlike clusters, clusters step back, one pin « 1–3 » for one point, its list one tap from each card`, async () => {
    const touch = width < 600;
    const context = await env.newContext({ viewport: { width, height }, hasTouch: touch, isMobile: touch, deviceScaleFactor: touch ? 2 : 1 });
    const page = await newPage(env, '/tests/pages/narrow.html', { context });
    await waitReady(page);
    await page.evaluate(() => {
      window.__events = [];
      for (const n of ['results', 'select']) document.addEventListener(`tierslieux:${n}`, (e) => window.__events.push({ type: n, detail: e.detail }));
    });
    const tap = (sel) => (touch ? page.locator(inW(sel)).tap() : page.locator(inW(sel)).click());
    if (touch) await tap('.tl-show-map');
    await page.locator(inW('.tl-cluster')).first().waitFor();
    const before = await looks(page);
    assert.equal(before.dots, 1, 'the overview in full before any search');
    assert.equal(before.cluster.fontSize, '13px');

    const input = await typeAndWaitSuggestions(page, GROUP_TOWN);
    await input.press('Enter');
    await page.locator(inW('.tl-result')).first().waitFor();
    if (touch) await tap('.tl-show-map');
    await page.locator(inW('.tl-marker')).first().waitFor();
    const { results } = await page.evaluate(() => window.__events.filter((e) => e.type === 'results').pop().detail);
    const labels = await page.locator(inW('.tl-marker')).allTextContents();
    assert.deepEqual(labels, expectedLabels(results), 'one pin per point, labelled by its ranks');
    assert.ok(labels.includes('1–3'), `the three venues at the commune's centre share one pin: ${labels.join(' ')}`);

    // Shape and colour: a square-cornered tag with a point, filled; a ring, white. And a legend in words.
    const during = await looks(page);
    assert.notEqual(during.pin.radius, during.cluster.radius, `pin corners ${during.pin.radius}, cluster ${during.cluster.radius}`);
    assert.equal(during.cluster.radius, '50%');
    assert.equal(during.pin.tip, '""', 'the pin has its point');
    assert.notEqual(during.pin.background, during.cluster.background);
    assert.equal(during.dots, 0.45, 'the dots fade while results show');
    assert.equal(during.cluster.fontSize, '11px', 'the clusters step back');
    const legend = page.locator(inW('.tl-legend'));
    assert.equal(await legend.isVisible(), true);
    assert.match(await legend.textContent(), /résultat, numéroté comme dans la liste.*plusieurs lieux : rapprocher la carte.*autre tiers-lieu/);

    // The group's pin: its name lists the venues; opening it selects nothing and lists them.
    const group = page.locator(inW('.tl-marker-group')).first();
    assert.equal(await group.getAttribute('aria-label'),
      `1–3. 3 tiers-lieux au même endroit : ${results.slice(0, 3).map((r, i) => `${i + 1}. ${r.name}`).join(', ')}`);
    // A click event on the pin itself: pins of neighbouring results overlap it at this zoom.
    await group.dispatchEvent('click');
    await page.locator(inW('.tl-group-popup')).waitFor();
    assert.equal(await page.locator(inW('.tl-group-popup .tl-popup-title')).textContent(), '3 tiers-lieux au même endroit');
    assert.deepEqual(await page.locator(inW('.tl-group-venue')).allTextContents(), results.slice(0, 3).map((r, i) => `${i + 1}. ${r.name}`));
    assert.equal(await page.evaluate(() => window.__events.filter((e) => e.type === 'select').length), 0, 'opening the list selects nothing');
    let [popup, map] = await settledPopup(page);
    assert.ok(inside(popup, map), `the list's popup is inside the map: ${JSON.stringify({ popup, map })}`);
    await page.screenshot({ path: `${OUT}${width}-group.png` });

    // One tap: the second venue is selected, its card opens on the same pin, inside the map.
    await tap('.tl-group-venue >> nth=1');
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'select'));
    const selected = await page.evaluate(() => window.__events.find((e) => e.type === 'select').detail.venue);
    assert.equal(selected.id, results[1].id);
    assert.equal(await page.locator(inW('.tl-result.tl-selected')).getAttribute('data-id'), results[1].id, 'the list follows');
    assert.equal(await page.locator(inW('.tl-marker-selected')).textContent(), '1–3');
    await page.locator(inW('.leaflet-popup .tl-popup:not(.tl-group-popup)')).waitFor();
    assert.equal(await page.locator(inW('.leaflet-popup .tl-popup:not(.tl-group-popup) .tl-popup-title')).textContent(), results[1].name);
    [popup, map] = await settledPopup(page);
    assert.ok(inside(popup, map), `the card's popup is inside the map: ${JSON.stringify({ popup, map })}`);
    const zoom = await page.evaluate((w) => { const r = document.querySelector(w).shadowRoot.querySelector('.leaflet-control-zoom').getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }, W);
    assert.ok(popup.left >= zoom.right || popup.top >= zoom.bottom, `the popup leaves the zoom buttons free: ${JSON.stringify({ popup, zoom })}`);
    await page.screenshot({ path: `${OUT}${width}-card.png` });
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('keyboard: Enter on the group pin moves the focus to its list, Escape back to the pin; Enter there selects; axe finds nothing with the list open', async () => {
  const page = await newPage(env, '/tests/pages/narrow.html', { viewport: { width: 1280, height: 900 } });
  await waitReady(page);
  const input = await typeAndWaitSuggestions(page, GROUP_TOWN);
  await input.press('Enter');
  await page.locator(inW('.tl-marker-group')).waitFor();
  await page.locator(inW('.tl-marker-group')).focus();
  await page.keyboard.press('Enter');
  await page.locator(inW('.tl-group-popup')).waitFor();
  const focused = () => page.evaluate((w) => { const a = document.querySelector(w).shadowRoot.activeElement; return a && `${a.className}|${a.textContent}`; }, W);
  assert.match(await focused(), /^tl-group-venue\|1\. /, 'the focus is on the first venue of the list');
  assert.deepEqual((await axe(page, 'group-popup', OUT)).violations, []);
  // Escape closes the list and the focus goes back to its pin; Enter opens it again.
  await page.keyboard.press('Escape');
  await page.locator(inW('.tl-group-popup')).waitFor({ state: 'detached' });
  assert.match(await focused(), /tl-marker-group/, 'the focus is back on the pin');
  await page.keyboard.press('Enter');
  await page.locator(inW('.tl-group-popup')).waitFor();
  assert.match(await focused(), /^tl-group-venue\|1\. /);
  await page.keyboard.press('Tab');
  assert.match(await focused(), /^tl-group-venue\|2\. /);
  await page.keyboard.press('Enter');
  await page.locator(inW('.tl-result.tl-selected')).waitFor();
  const second = await page.locator(inW('.tl-result')).nth(1).getAttribute('data-id');
  assert.equal(await page.locator(inW('.tl-result.tl-selected')).getAttribute('data-id'), second);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('before ready, the page asks for the entry, the widget\'s code, the wasm and the gazetteer\'s root only (tiles apart): the legend, pins and lists are in them', async () => {
  const page = await newPage(env);
  const requests = [];
  let before = null;
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  // The list of requests is taken when the page fires tierslieux:ready (a binding called from
  // the event: the later requests' events come after it).
  await page.exposeFunction('__readyNow', () => { before = requests.filter((p) => !p.startsWith('/tiles/')).map((p) => p.replace(/\.[0-9a-f]{10}\./, '.HASH.')); });
  await page.addInitScript(() => document.addEventListener('tierslieux:ready', () => window.__readyNow(), { once: true }));
  await page.goto(`${env.base}/tests/pages/narrow.html`);
  await waitReady(page);
  for (let i = 0; i < 50 && !before; i++) await page.waitForTimeout(20);
  // The wasm and the widget's code are asked for first, side by side, then the root (the first
  // letters' answers); no slice before a keystroke, and the venues' details only after ready.
  assert.deepEqual(before.slice(0, 2), ['/tests/pages/narrow.html', '/tiers-lieux/tiers-lieux.js']);
  assert.deepEqual(before.slice(2, 4).sort(), ['/tiers-lieux/tiers-lieux-core.HASH.js', '/tiers-lieux/tiers-lieux.HASH.wasm']);
  assert.deepEqual(before.slice(4), ['/tiers-lieux/communes.HASH.bin']);
  assert.equal(await page.locator(inW('.tl-legend')).count(), 1);
  await page.close();
});
