// What partners and citizens expect beyond the search (issue 6): filter chips and distance with
// their counts, venue details (every field, source and date, "Y aller", "report an error"),
// the view in the URL hash with Back and "copy link", tiles only after consent, the print
// layout, dark mode and theming. Built widget, headless Chromium, pages on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

const SCREENS = new URL('../../../target/e2e-screens/', import.meta.url).pathname;
mkdirSync(SCREENS, { recursive: true });

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const lastEvent = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === `tierslieux:${t}`).pop(), type);
const eventCount = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === `tierslieux:${t}`).length, type);

/** Types `text`, takes the first suggestion, waits for the results event it fires. */
async function searchAndChoose(page, text, host = '#w') {
  const before = await eventCount(page, 'results');
  const input = await typeAndWaitSuggestions(page, text, host);
  await input.press('Enter');
  await page.waitForFunction((n) => window.__events.filter((e) => e.type === 'tierslieux:results').length > n, before);
  return (await lastEvent(page, 'results')).detail;
}

/** Waits for a new results event after `action`. */
async function resultsAfter(page, action) {
  const before = await eventCount(page, 'results');
  await action();
  await page.waitForFunction((n) => window.__events.filter((e) => e.type === 'tierslieux:results').length > n, before);
  return (await lastEvent(page, 'results')).detail;
}

test('type chips and distance: counts, and the filters apply to the list and the map together', async () => {
  const page = await newPage(env, '/tests/pages/features.html');
  await waitReady(page, '#w');
  const venues = await page.evaluate(() => document.querySelector('#w').finder.venues());
  const chips = page.locator('#w >> .tl-chip');
  const chipData = await chips.evaluateAll((bs) => bs.map((b) => ({ key: b.dataset.key, text: b.textContent, pressed: b.getAttribute('aria-pressed') })));
  // Every kind the data has, each with its count of venues in scope.
  assert.deepEqual(chipData.map((c) => c.key), ['coworking', 'fablab', 'atelier', 'tiers-lieu', 'fabrique-de-territoire', 'manufacture-de-proximite']);
  for (const c of chipData) {
    const n = venues.filter((v) => v.types.includes(c.key) || v.labels.includes(c.key)).length;
    assert.ok(n > 0);
    assert.ok(c.text.endsWith(`(${n})`), `${c.text} counts ${n}`);
    assert.equal(c.pressed, 'false');
  }
  const dots = () => page.locator('#w >> .tl-map').getAttribute('data-venues-shown');
  assert.equal(Number(await dots()), venues.length, 'every venue is a dot on the map at first');

  const all = await searchAndChoose(page, 'Rennes');
  assert.equal(all.results.length, 8);
  // Distance choices count the venues around the origin.
  const radiusTexts = await page.locator('#w >> .tl-radius-select option').allTextContents();
  assert.equal(radiusTexts[0], 'Toutes distances');
  const within10 = venues.filter((v) => haversine(all.origin, v) <= 10).length;
  assert.ok(radiusTexts.includes(`10 km (${within10} lieux)`), `${radiusTexts.join(' | ')} (expected ${within10} within 10 km)`);

  // Fab lab chip: list, markers and dots keep fab labs only.
  const fablabs = await resultsAfter(page, () => chips.filter({ hasText: 'Fab lab' }).click());
  assert.equal(await chips.filter({ hasText: 'Fab lab' }).getAttribute('aria-pressed'), 'true');
  assert.ok(fablabs.results.length > 0 && fablabs.results.every((r) => r.types.includes('fablab')), 'only fab labs');
  const names = await page.locator('#w >> .tl-result .tl-name span:not(.tl-num)').allTextContents();
  assert.deepEqual(names, fablabs.results.map((r) => r.name), 'the list shows them');
  const markers = await page.locator('#w >> .tl-marker').evaluateAll((ms) => ms.map((m) => m.getAttribute('aria-label').replace(/^\d+\. /, '')));
  assert.deepEqual(markers, fablabs.results.map((r) => r.name), 'the map shows the same');
  assert.equal(Number(await dots()), venues.filter((v) => v.types.includes('fablab')).length, 'the overview dots too');
  // A label chip joins (either kind is kept).
  const both = await resultsAfter(page, () => chips.filter({ hasText: 'Fabrique de Territoire' }).click());
  assert.ok(both.results.every((r) => r.types.includes('fablab') || r.labels.includes('fabrique-de-territoire')));

  // 10 km: every venue within it, the count matching the choice (fab labs or Fabriques).
  const kept = venues.filter((v) => v.types.includes('fablab') || v.labels.includes('fabrique-de-territoire'));
  const n10 = kept.filter((v) => haversine(all.origin, v) <= 10).length;
  const text10 = await page.locator('#w >> .tl-radius-select option[value="10"]').textContent();
  assert.equal(text10, `10 km (${n10} ${n10 === 1 ? 'lieu' : 'lieux'})`);
  const r10 = await resultsAfter(page, () => page.locator('#w >> .tl-radius-select').selectOption('10'));
  assert.equal(r10.results.length, n10);
  assert.ok(r10.results.every((r) => r.distanceKm <= 10));
  // 100 km: all of them up to 50, more than max-results.
  const r100 = await resultsAfter(page, () => page.locator('#w >> .tl-radius-select').selectOption('100'));
  assert.equal(r100.results.length, Math.min(50, kept.filter((v) => haversine(all.origin, v) <= 100).length));
  assert.ok(r100.results.length > 8, 'a distance shows every venue within it, not only max-results');
  // Chips off, any distance: back to the 8 nearest.
  await chips.filter({ hasText: 'Fab lab' }).click();
  await chips.filter({ hasText: 'Fabrique de Territoire' }).click();
  const back = await resultsAfter(page, () => page.locator('#w >> .tl-radius-select').selectOption(''));
  assert.deepEqual(back.results.map((r) => r.id), all.results.map((r) => r.id));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('venue details: every field, commune-level note, source and date, Y aller, report an error', async () => {
  const page = await newPage(env, '/tests/pages/features.html');
  await waitReady(page, '#w');
  const venues = await page.evaluate(() => document.querySelector('#w').finder.venues());
  const res = await searchAndChoose(page, 'Limoges');
  const items = page.locator('#w >> .tl-result');
  for (let i = 0; i < res.results.length; i++) {
    const r = res.results[i];
    await items.nth(i).locator('.tl-name').click();
    const d = items.nth(i).locator('.tl-details');
    await d.waitFor();
    const text = await items.nth(i).textContent();
    if (r.address) assert.ok(text.includes(r.address), `address of ${r.name}`);
    assert.match(await d.locator('.tl-source').first().textContent(), /^Données : ANCT, Mission Coworking 2019/);
    assert.equal(await d.locator('.tl-note').count(), r.locatedAtCommuneLevel ? 1 : 0, `commune-level note of ${r.name}`);
    if (r.website) assert.equal(await d.locator('.tl-website a').getAttribute('href'), r.website);
    // Y aller: the phone's map app, OpenStreetMap, Géoportail; the venue's coordinates only.
    const go = await d.locator('.tl-go a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const [lat, lon] = [r.lat.toFixed(6), r.lon.toFixed(6)];
    assert.equal(go.length, 3);
    assert.ok(go[0].startsWith(`geo:${lat},${lon}?q=${lat},${lon}(`), go[0]);
    assert.equal(go[1], `https://www.openstreetmap.org/directions?from=&to=${lat}%2C${lon}#map=16/${lat}/${lon}`);
    assert.ok(go[2].startsWith(`https://www.geoportail.gouv.fr/carte?c=${lon},${lat}&`), go[2]);
    // Report an error: the page's report-url, resolved against the page, naming the venue.
    const report = new URL(await d.locator('.tl-report a').getAttribute('href'));
    assert.equal(report.origin + report.pathname, `${env.base}/signaler`);
    assert.equal(report.searchParams.get('source'), 'widget');
    assert.equal(report.searchParams.get('lieu'), r.id);
    assert.equal(report.searchParams.get('nom'), r.name);
  }
  // Social links of the national data (Limoges has venues with a Twitter or Facebook page).
  const social = await page.locator('#w >> .tl-social a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(social.length > 0 && social.every((h) => /^https?:\/\//.test(h)), social.join(' '));
  // A venue placed at its commune's centre says so (some exist in scope: find one and open it).
  const approx = venues.find((v) => v.locatedAtCommuneLevel);
  assert.ok(approx, 'the national data has venues located at commune level');
  await page.evaluate((id) => document.querySelector('#w').finder.select(id), approx.id);
  const open = page.locator(`#w >> .tl-result.tl-selected .tl-details`);
  await open.waitFor();
  assert.equal(await open.locator('.tl-note').textContent(), 'Position approximative : centre de la commune');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('history="hash": the view lives in the URL, Back returns to the previous one, a link reopens it', async () => {
  const page = await newPage(env, '/tests/pages/features.html');
  await waitReady(page, '#w');
  const start = page.url();
  const hashOf = async () => new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  const res = await searchAndChoose(page, 'Rennes');
  let h = await hashOf();
  assert.equal(h.get('tl-q'), 'Rennes (35)');
  assert.equal(h.get('tl-at'), `${res.origin.lat.toFixed(5)},${res.origin.lon.toFixed(5)}`);
  await page.locator('#w >> .tl-chip', { hasText: 'Coworking' }).click();
  await page.waitForFunction(() => location.hash.includes('tl-types=coworking'));
  const cw = (await lastEvent(page, 'results')).detail;
  await page.locator('#w >> .tl-result .tl-name').nth(2).click();
  await page.waitForFunction(() => location.hash.includes('tl-v='));
  h = await hashOf();
  assert.equal(h.get('tl-v'), cw.results[2].id);
  const link = page.url();

  // Back: the venue closes (and the rest stays); Back: the chip goes; Back: the first view.
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('tl-v='));
  assert.equal(await page.locator('#w >> .tl-details:not([hidden])').count(), 0, 'Back closes the venue');
  assert.equal(await page.locator('#w >> .tl-result').count(), cw.results.length);
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('tl-types'));
  assert.equal(await page.locator('#w >> .tl-chip[aria-pressed=true]').count(), 0, 'Back turns the chip off');
  const again = (await lastEvent(page, 'results')).detail;
  assert.deepEqual(again.results.map((r) => r.id), res.results.map((r) => r.id));
  await page.goBack();
  await page.waitForFunction(() => location.hash === '');
  assert.equal(page.url(), start);
  assert.equal(await page.locator('#w >> .tl-result').count(), 0, 'Back to the first view: no results');
  assert.equal(await page.locator('#w >> .tl-input').inputValue(), '');
  await page.goForward();
  await page.waitForFunction(() => location.hash.includes('tl-at='));
  await page.locator('#w >> .tl-result').first().waitFor();

  // The link opened in a new tab: same search, same chip, same venue open.
  const other = await newPage(env);
  await other.goto(link);
  await waitReady(other, '#w');
  await other.locator('#w >> .tl-result.tl-selected .tl-details').waitFor();
  assert.equal(await other.locator('#w >> .tl-input').inputValue(), 'Rennes (35)');
  assert.equal(await other.locator('#w >> .tl-chip[aria-pressed=true]').getAttribute('data-key'), 'coworking');
  const reopened = (await lastEvent(other, 'results')).detail;
  assert.deepEqual(reopened.results.map((r) => r.id), cw.results.map((r) => r.id));
  assert.equal((await lastEvent(other, 'select')).detail.venue.id, cw.results[2].id);
  // A hand-edited hash: what is valid is kept, the rest ignored, nothing breaks.
  const hostile = await newPage(env);
  await hostile.goto(`${env.base}/tests/pages/features.html#tl-at=91,0&tl-r=-2&tl-types=bar,fablab&tl-v=%3Cimg%20src%3Dx%3E&tl-q=%3Cb%3E`);
  await waitReady(hostile, '#w');
  assert.equal(await hostile.locator('#w >> .tl-chip[aria-pressed=true]').getAttribute('data-key'), 'fablab');
  assert.equal(await hostile.locator('#w >> .tl-result').count(), 0);
  assert.deepEqual([...page.errors, ...other.errors, ...hostile.errors], []);
  await Promise.all([page.close(), other.close(), hostile.close()]);
});

test('copy link: the clipboard gets the URL of the view; around me never puts the position in the URL', async () => {
  const ctx = await env.newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write', 'geolocation'], { origin: env.base });
  await ctx.setGeolocation({ latitude: 47.2184, longitude: -1.5536 }); // Nantes
  const page = await newPage(env, '/tests/pages/features.html', { context: ctx });
  await waitReady(page, '#w');
  await searchAndChoose(page, 'Vannes');
  await page.locator('#w >> .tl-result .tl-name').first().click();
  await page.waitForFunction(() => location.hash.includes('tl-v='));
  const share = page.locator('#w >> .tl-result.tl-selected .tl-share-venue');
  assert.match(await share.textContent(), /^Copier le lien/);
  await share.click();
  await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelector('.tl-status').textContent === 'Lien copié.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  await page.locator('#w >> .tl-share-results').click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());

  // Around me: results, a history entry, and no position in the URL (it could be shared).
  const around = await resultsAfter(page, () => page.locator('#w >> .tl-locate').click());
  assert.ok(Math.abs(around.origin.lat - 47.2184) < 1e-6);
  const url = page.url();
  assert.ok(!/47\.21|1\.55/.test(url), `no position in ${url}`);
  assert.ok(!new URL(url).hash.includes('tl-at'), url);
  await page.goBack();
  await page.waitForFunction(() => location.hash.includes('tl-v='));
  await page.goForward();
  await page.waitForFunction(() => !location.hash.includes('tl-v='));
  const restored = (await lastEvent(page, 'results')).detail;
  assert.deepEqual(restored.results.map((r) => r.id), around.results.map((r) => r.id), 'Forward restores around me from the history entry');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('consent="click": no tile request before the click; the click serves every widget of the page; consent(false|true)', async () => {
  const page = await newPage(env);
  const tiles = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/tiles/')) tiles.push(r.url()); });
  const outlines = page.waitForResponse((r) => /\/outlines\.[0-9a-f]+\.geojson$/.test(r.url()) && r.status() === 200);
  await page.goto(`${env.base}/tests/pages/consent.html`);
  await waitReady(page, '#a');
  await waitReady(page, '#b');
  await outlines;
  // Time for any tile a map would request; the offline map draws meanwhile.
  await page.waitForTimeout(1500);
  assert.deepEqual(tiles, [], 'no tile request before consent');
  await page.waitForFunction(() => document.querySelector('#a').shadowRoot.querySelector('.tl-map').dataset.baseMap === 'outlines');
  assert.equal(await page.locator('#a >> .leaflet-tile').count(), 0, 'the offline outlines show, no tile');
  const boxA = page.locator('#a >> .tl-consent');
  assert.equal(await boxA.isVisible(), true);
  assert.match(await boxA.textContent(), /127\.0\.0\.1.*Afficher le fond de carte/s);
  assert.match(await page.locator('#b >> .tl-consent').textContent(), /Show the map background/);

  // Keyboard: the button is reachable; Enter gives consent; focus goes to the map.
  await page.locator('#a >> .tl-consent-button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#a, #b').length === 2
    && [...document.querySelectorAll('#a, #b')].every((h) => h.shadowRoot.querySelectorAll('.leaflet-tile-loaded').length > 0));
  assert.ok(tiles.length > 0);
  assert.equal(await boxA.isVisible(), false);
  assert.equal(await page.locator('#b >> .tl-consent').isVisible(), false, 'the other widget of the page too');
  assert.equal(await page.locator('#a >> .tl-map').getAttribute('data-base-map'), 'tiles', 'the outlines gave way to the tiles');
  assert.equal(await page.evaluate(() => document.querySelector('#a').shadowRoot.activeElement.classList.contains('leaflet-container')), true);

  // The page's consent manager withdraws: tiles go, the button comes back, no new request.
  await page.evaluate(() => document.querySelector('#a').finder.consent(false));
  assert.equal(await page.locator('#a >> .leaflet-tile').count(), 0);
  assert.equal(await page.locator('#b >> .leaflet-tile').count(), 0);
  assert.equal(await boxA.isVisible(), true);
  assert.equal(await page.locator('#a >> .tl-map').getAttribute('data-base-map'), 'outlines');
  const count = tiles.length;
  await page.locator('#a >> .leaflet-control-zoom-in').click();
  await page.waitForTimeout(800);
  assert.equal(tiles.length, count, 'no tile request after consent(false)');
  // A new page: the choice was for that page only; consent(true) from the manager.
  const fresh = await newPage(env);
  const freshTiles = [];
  fresh.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/tiles/')) freshTiles.push(r.url()); });
  await fresh.goto(`${env.base}/tests/pages/consent.html`);
  await waitReady(fresh, '#a');
  await fresh.waitForTimeout(800);
  assert.deepEqual(freshTiles, [], 'a new page asks again');
  await fresh.evaluate(() => document.querySelector('#b').finder.consent(true));
  await fresh.waitForFunction(() => document.querySelector('#a').shadowRoot.querySelectorAll('.leaflet-tile-loaded').length > 0);
  assert.ok(freshTiles.length > 0);
  assert.deepEqual([...page.errors, ...fresh.errors], []);
  await Promise.all([page.close(), fresh.close()]);
});

test('print: the current results as a clean list (name, address, distance, website), no map or controls', async () => {
  const page = await newPage(env, '/tests/pages/features.html');
  await waitReady(page, '#w');
  const res = await searchAndChoose(page, 'Rennes');
  await page.locator('#w >> .tl-result .tl-name').first().click();
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => {
    const root = document.querySelector('#w').shadowRoot;
    const shown = (sel) => [...root.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
    return {
      hidden: ['.tl-map-wrap', '.tl-search', '.tl-filters', '.tl-details', '.tl-share', '.leaflet-container', 'button:not(.tl-name)'].map((s) => [s, shown(s)]),
      results: [...root.querySelectorAll('.tl-result')].map((li) => li.innerText),
      color: getComputedStyle(root.querySelector('.tl-name')).color,
    };
  });
  for (const [sel, n] of layout.hidden) assert.equal(n, 0, `${sel} is not printed`);
  assert.equal(layout.results.length, res.results.length);
  res.results.forEach((r, i) => {
    const text = layout.results[i];
    assert.ok(text.includes(r.name), r.name);
    if (r.address) assert.ok(text.includes(r.address), r.address);
    assert.match(text, /\d+(,\d)? (k)?m à vol d'oiseau/);
    if (r.website) assert.ok(text.includes(`Site : ${r.website}`), `${r.name}: website printed`);
  });
  assert.equal(layout.color, 'rgb(0, 0, 0)', 'black on white');
  await page.screenshot({ path: `${SCREENS}print.png`, fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000, `a PDF of ${pdf.length} bytes`);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('#w >> .tl-map-wrap').isVisible(), true);
  await page.close();
});

test('theming: --tl-* on the element win; dark mode follows prefers-color-scheme unless the page says light', async () => {
  const page = await newPage(env, '/tests/pages/features.html');
  await waitReady(page, '#w');
  const look = () => page.evaluate(() => {
    const root = document.querySelector('#w').shadowRoot;
    const cs = (sel) => getComputedStyle(root.querySelector(sel));
    return { background: cs('.tl-root').backgroundColor, text: cs('.tl-root').color, button: cs('.tl-locate').backgroundColor, radius: cs('.tl-root').borderTopLeftRadius, height: cs('.tl-map').height };
  });
  const light = await look();
  assert.equal(light.background, 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await look();
  assert.equal(dark.background, 'rgb(22, 25, 31)');
  assert.equal(dark.text, 'rgb(232, 234, 238)');
  await page.screenshot({ path: `${SCREENS}dark.png` });
  // A light-only page keeps the light look; a page's own colours, radius and size win.
  await page.addStyleTag({ content: '#w { color-scheme: light; --tl-accent: #0a6e4f; --tl-radius: 0px; --tl-map-height: 300px; }' });
  const themed = await look();
  assert.equal(themed.background, 'rgb(255, 255, 255)');
  assert.equal(themed.button, 'rgb(10, 110, 79)');
  assert.equal(themed.radius, '0px');
  assert.equal(themed.height, '300px');
  await page.close();
});

function haversine(a, b) {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
