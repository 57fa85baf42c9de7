// End-to-end tests of the built widget (pkg/) in Debian's headless Chromium, pages from
// www/tests/pages served on 127.0.0.1 with a local tile endpoint. Run by `make test-e2e`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { setup, newPage, waitReady, typeAndWaitSuggestions, pinnedRanks } from './helpers.mjs';

const SCREENS = new URL('../../../target/e2e-screens/', import.meta.url).pathname;
mkdirSync(SCREENS, { recursive: true });

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const inWidget = (host, sel) => `${host} >> ${sel}`;

test('custom element: search, choose, results by distance, markers, select both ways', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  const ready = await page.evaluate(() => window.__events.find((e) => e.type === 'tierslieux:ready'));
  assert.ok(ready && ready.detail.venues > 1900, 'ready carries the venue count');
  assert.equal(await page.locator('#w1 .fallback').isVisible(), false, 'the fallback is hidden once ready');

  const input = await typeAndWaitSuggestions(page, 'Rennes', '#w1');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const options = await page.locator(inWidget('#w1', '[role=option]')).allTextContents();
  assert.match(options[0], /^Rennes \(35\)/);
  assert.match(await page.locator(inWidget('#w1', '.tl-status')).textContent(), /suggestions/);
  const searchEvent = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:search').pop());
  assert.equal(searchEvent.detail.query, 'Rennes');
  assert.deepEqual(Object.keys(searchEvent.detail.suggestions[0]).sort(), ['code', 'kind', 'label', 'lat', 'lon']);
  assert.equal(searchEvent.detail.suggestions[0].code, '35238');

  // Keyboard: down arrow marks the first option active, Enter chooses it.
  await input.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'tl-opt-0');
  await input.press('Enter');
  await page.locator(inWidget('#w1', '.tl-result')).first().waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'false');

  const results = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').pop().detail);
  assert.equal(results.origin.label, 'Rennes (35)');
  assert.equal(results.results.length, 8, 'max-results="8"');
  // Nearest first (Rennes's first 8 are all placed precisely: its 4 venues known only by the
  // commune rank at its far edge, after them).
  assert.ok(results.results.every((r) => !r.locatedAtCommuneLevel));
  const d = results.results.map((r) => r.distanceKm);
  assert.deepEqual(d, [...d].sort((a, b) => a - b), 'nearest first');
  for (const k of ['id', 'name', 'commune', 'codeInsee', 'lat', 'lon', 'distanceKm', 'types', 'address', 'website', 'labels']) {
    assert.ok(k in results.results[0], `Result has ${k}`);
  }
  const items = page.locator(inWidget('#w1', '.tl-result'));
  assert.equal(await items.count(), 8);
  assert.match(await items.first().textContent(), /vol d'oiseau/);
  assert.deepEqual(await pinnedRanks(page, '#w1'), [1, 2, 3, 4, 5, 6, 7, 8], 'each result on a pin (the four at the commune centre share « 1–4 »)');

  // List → map: the marker is highlighted and its popup opens; select fires.
  await items.nth(2).locator('.tl-name').click();
  const selected = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:select').pop().detail.venue);
  const selects = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:select').length);
  assert.equal(selected.id, results.results[2].id);
  assert.equal(await page.locator(inWidget('#w1', '.tl-marker-selected')).count(), 1);
  await page.locator(inWidget('#w1', '.leaflet-popup-content')).waitFor();
  assert.match(await page.locator(inWidget('#w1', '.leaflet-popup-content')).textContent(), new RegExp(selected.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  // Map → list: clicking another marker selects its list entry.
  // (A click event on the pin itself: at this zoom its neighbours overlap it, and the selected
  // pin stands above them, so a click at its centre may land on another.)
  await page.locator(inWidget('#w1', '.tl-marker')).filter({ hasText: /^6$/ }).dispatchEvent('click');
  // The select event may come a task after the click (Leaflet's own handlers run first).
  await page.waitForFunction((n) => window.__events.filter((e) => e.type === 'tierslieux:select').length === n, selects + 1);
  const second = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:select').pop().detail.venue);
  assert.equal(second.id, results.results[5].id);
  assert.equal(await page.locator(inWidget('#w1', '.tl-result.tl-selected')).getAttribute('data-id'), second.id);

  // Only window.TiersLieux was added; nothing went to another host.
  const added = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((k) => !window.__keysBefore.includes(k) && !k.startsWith('__')));
  assert.deepEqual(added, ['TiersLieux']);
  assert.deepEqual(env.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('JS API: mount(), search(), nearest(), venues(), types', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  const r = await page.evaluate(async () => {
    const div = document.createElement('div');
    document.body.append(div);
    const f = await TiersLieux.mount(div, { tiles: 'none', maxResults: 3, departement: '35' });
    const s = await f.search('st malo');
    const n = await f.nearest({ lat: 48.65, lon: -2.0 }, { k: 4, radiusKm: 100 });
    const v = await f.venues();
    return { version: TiersLieux.version, types: TiersLieux.types.map((t) => t.key), s: s[0], n: n.map((x) => [x.distanceKm, x.codeInsee]), v: v.length, deps: [...new Set(v.map((x) => x.codeInsee.slice(0, 2)))] };
  });
  assert.match(r.version, /^\d+\.\d+\.\d+$/);
  assert.ok(r.types.includes('coworking') && r.types.includes('fabrique-de-territoire'));
  assert.deepEqual([r.s.kind, r.s.code], ['commune', '35288']);
  assert.equal(r.n.length, 4);
  assert.ok(r.n.every(([d, code]) => d <= 100 && (code === '' || code.startsWith('35'))));
  assert.ok(r.v > 20 && r.v < 300, `${r.v} venues in Ille-et-Vilaine`);
  assert.ok(r.deps.every((d) => d === '35' || d === ''));
  await page.close();
});

test('script tag with data-target, in English', async () => {
  const page = await newPage(env, '/tests/pages/script-target.html');
  await page.waitForFunction(() => document.querySelector('#finder').finder);
  assert.equal(await page.locator('#finder >> .tl-locate').textContent(), 'Around me');
  assert.equal(await page.locator('#finder >> .tl-root').getAttribute('lang'), 'en');
  const input = await typeAndWaitSuggestions(page, 'Brest', '#finder');
  await input.press('Enter');
  await page.locator('#finder >> .tl-result').first().waitFor();
  assert.equal(await page.locator('#finder >> .tl-result').count(), 3);
  assert.match(await page.locator('#finder >> .tl-status').textContent(), /third places found near Brest/);
  assert.match(await page.locator('#finder >> .tl-result').first().textContent(), /as the crow flies/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('script tag without target mounts right after itself', async () => {
  const page = await newPage(env, '/tests/pages/script-after.html');
  await page.waitForFunction(() => { const d = document.querySelector('script[data-departement] + div'); return d && d.finder; });
  const count = await page.evaluate(() => document.querySelector('script[data-departement] + div').finder.venueCount);
  assert.ok(count > 10 && count < 200, `Finistère only: ${count}`);
  assert.equal(await page.evaluate(() => document.querySelector('script[data-departement] + div').nextElementSibling.id), 'after');
  await page.close();
});

test('two widgets on one page, script loaded twice: independent', async () => {
  const page = await newPage(env, '/tests/pages/two.html');
  await page.waitForFunction(() => ['#a', '#b', '#c'].every((s) => document.querySelector(s).finder));
  const counts = await page.evaluate(() => ['#a', '#b', '#c'].map((s) => document.querySelector(s).finder.venueCount));
  assert.equal(new Set(counts).size, 3, `three scopes: ${counts}`);
  assert.equal(await page.evaluate(() => document.querySelectorAll('div[class="tiers-lieux-finder"]').length), 0, 'the second copy did not mount a stray widget');
  const input = await typeAndWaitSuggestions(page, 'Marseille', '#b');
  await input.press('Enter');
  await page.locator('#b >> .tl-result').first().waitFor();
  assert.equal(await page.locator('#a >> .tl-result').count(), 0, 'the other widget did not change');
  assert.equal(await page.locator('#b >> .tl-root').getAttribute('lang'), 'en');
  assert.equal(await page.locator('#a >> .tl-root').getAttribute('lang'), 'fr');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a host page's own Leaflet (window.L) is left as it was and keeps working", async () => {
  const page = await newPage(env, '/tests/pages/host-leaflet.html');
  await waitReady(page);
  const r = await page.evaluate(() => ({ same: window.L === window.HostL, marker: window.L.hostMarker, version: window.L.version }));
  assert.deepEqual(r, { same: true, marker: 'the host page owns this L', version: '1.9.4' });
  // The host's map still works after the widget loaded.
  const zoom = await page.evaluate(() => { window.hostMap.setZoom(10, { animate: false }); return window.hostMap.getZoom(); });
  assert.equal(zoom, 10);
  const input = await typeAndWaitSuggestions(page, 'Vannes');
  await input.press('Enter');
  await page.locator('tiers-lieux-finder >> .tl-marker').first().waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('around me: position through the DevTools protocol, then refused', async () => {
  const ctx = env.context;
  await ctx.grantPermissions(['geolocation'], { origin: env.base });
  await ctx.setGeolocation({ latitude: 45.0428, longitude: 3.8852 }); // Le Puy-en-Velay
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  await page.locator('#w1 >> .tl-locate').click();
  await page.locator('#w1 >> .tl-result').first().waitFor();
  const res = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:results').pop().detail);
  assert.equal(res.origin.label, 'Votre position');
  assert.ok(Math.abs(res.origin.lat - 45.0428) < 1e-6);
  assert.ok(res.results[0].distanceKm < 20, `nearest venue ${res.results[0].distanceKm} km away`);
  await page.close();

  await ctx.clearPermissions();
  const denied = await newPage(env, '/tests/pages/element.html');
  await waitReady(denied, '#w1');
  // Headless Chromium answers a prompt it cannot show by denying it.
  await denied.evaluate(() => navigator.permissions.query({ name: 'geolocation' }));
  await denied.locator('#w1 >> .tl-locate').click();
  await denied.locator('#w1 >> .tl-alert:not(:empty)').waitFor();
  assert.match(await denied.locator('#w1 >> .tl-alert').textContent(), /refusée|pas pu|trop de temps/);
  const err = await denied.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:error').pop().detail);
  assert.match(err.code, /^geolocation-/);
  assert.deepEqual(err.rows, []);
  assert.deepEqual(denied.errors, []);
  await denied.close();
});

test('a missing .wasm leaves a readable message, the fallback, an event, no uncaught error', async () => {
  const page = await newPage(env, '/tests/pages/broken.html?fault=missing-wasm');
  await page.locator('tiers-lieux-finder >> .tl-alert').waitFor({ timeout: 30000 });
  assert.match(await page.locator('tiers-lieux-finder >> .tl-alert').textContent(), /n'a pas pu se charger/);
  assert.equal(await page.locator('tiers-lieux-finder .fallback a').isVisible(), true, "the partner's fallback shows again");
  const events = await page.evaluate(() => window.__events);
  assert.equal(events.length, 1);
  assert.equal(events[0].code, 'wasm-load');
  assert.deepEqual(page.errors, []);
  assert.ok(page.consoleMessages.some((m) => m.startsWith('error: [tiers-lieux]') && /HTTP 404.*copiez tous les fichiers du paquet \(dont tiers-lieux\.[0-9a-f]{10}\.wasm\) à côté de tiers-lieux\.js/.test(m)),
    `the console says what to fix: ${page.consoleMessages.join(' | ')}`);
  await page.close();
});

test('a .wasm served with the wrong MIME type still loads (fallback from instantiateStreaming)', async () => {
  const page = await newPage(env, '/tests/pages/broken.html?fault=wrong-mime');
  await waitReady(page);
  assert.deepEqual(await page.evaluate(() => window.__events), []);
  assert.deepEqual(page.errors, []);
  // The self-check names the problem and the fix, once, in the widget's language.
  const mime = page.consoleMessages.filter((m) => m.includes('[tiers-lieux]') && m.includes('text/plain'));
  assert.equal(mime.length, 1, page.consoleMessages.join(' | '));
  assert.match(mime[0], /^warning: .*servez les fichiers \.wasm en application\/wasm/);
  await page.close();
});

test('invalid attributes fall back and say so once in the console', async () => {
  const page = await newPage(env, '/tests/pages/script-target.html');
  await page.waitForFunction(() => document.querySelector('#finder').finder);
  await page.evaluate(async () => {
    const el = document.createElement('tiers-lieux-finder');
    el.id = 'bad';
    el.setAttribute('tiles', 'none');
    el.setAttribute('max-results', '500');
    el.setAttribute('lang', 'klingon');
    document.body.append(el);
  });
  await page.waitForFunction(() => document.querySelector('#bad').finder);
  const warnings = page.consoleMessages.filter((m) => m.startsWith('warning: [tiers-lieux]'));
  assert.equal(warnings.filter((w) => w.includes('max-results')).length, 1, warnings.join('\n'));
  assert.equal(warnings.filter((w) => w.includes('lang')).length, 1);
  assert.equal(await page.locator('#bad >> .tl-root').getAttribute('lang'), 'fr');
  await page.close();
});

test('a script inserted after load (tag manager) mounts; removing and re-adding the element remounts', async () => {
  const page = await newPage(env, '/tests/pages/dynamic.html');
  await page.waitForFunction(() => document.querySelector('#slot').finder, null, { timeout: 30000 });
  await page.evaluate(() => {
    const el = document.createElement('tiers-lieux-finder');
    el.id = 'moving';
    el.setAttribute('tiles', 'none');
    document.body.append(el);
  });
  await waitReady(page, '#moving');
  // Removed right after a search: the map goes away (after its animations), nothing throws.
  const input = await typeAndWaitSuggestions(page, 'Lille', '#moving');
  await input.press('Enter');
  await page.evaluate(() => { window.__moving = document.querySelector('#moving'); window.__moving.remove(); });
  await page.waitForTimeout(1500);
  const left = await page.evaluate(() => ({ removed: window.__moving.shadowRoot.querySelectorAll('.tl-root, .leaflet-container').length,
    finder: window.__moving.finder, other: document.querySelector('#slot').shadowRoot.querySelectorAll('.leaflet-container').length }));
  assert.deepEqual(left, { removed: 0, finder: undefined, other: 1 }, 'the removed widget is gone, the other one intact');
  await page.evaluate(() => { const el = document.createElement('tiers-lieux-finder'); el.id = 'again'; el.setAttribute('tiles', 'none'); document.body.append(el); });
  await waitReady(page, '#again');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('phone viewport 390×844: no sideways scroll, usable search; screenshot', async () => {
  const page = await newPage(env, '/', { viewport: { width: 390, height: 844 } });
  await page.route('https://data.geopf.fr/**', (r) => r.abort());
  await waitReady(page);
  const input = await typeAndWaitSuggestions(page, 'Rennes');
  await page.screenshot({ path: `${SCREENS}phone-390-suggestions.png` });
  await input.press('Enter');
  await page.locator('tiers-lieux-finder >> .tl-result').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal overflow');
  // Nothing of the widget sticks out below it (visually hidden text stays inside its list).
  const below = await page.evaluate(() => document.documentElement.scrollHeight - (document.querySelector('.site-footer').getBoundingClientRect().bottom + scrollY));
  assert.ok(below <= 1, `page extends ${below}px below the footer`);
  const box = await page.locator('tiers-lieux-finder >> .tl-locate').boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, 'touch target at least 44×44');
  await page.screenshot({ path: `${SCREENS}phone-390-results.png`, fullPage: true });
  await page.close();
});

test('no WebAssembly at all: a readable message and the fallback, no uncaught error', async () => {
  const page = await newPage(env);
  await page.addInitScript(() => { delete window.WebAssembly; });
  await page.goto(`${env.base}/tests/pages/element.html`);
  await page.locator('#w1 >> .tl-alert').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#w1 >> .tl-alert').textContent(), /n'a pas pu se charger/);
  assert.equal(await page.locator('#w1 .fallback').isVisible(), true);
  const err = await page.evaluate(() => window.__events.find((e) => e.type === 'tierslieux:error').detail);
  assert.equal(err.code, 'wasm-load');
  assert.match(err.message, /WebAssembly/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('tiles="none": the offline base map loads from the package, no tile request at all', async () => {
  const page = await newPage(env);
  const requests = [];
  // Only this page's requests: the demo page of an earlier test shows IGN tiles (recorded in env.foreign).
  const foreignBefore = env.foreign.length;
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const outlines = page.waitForResponse((r) => /\/tiers-lieux\/outlines\.[0-9a-f]+\.geojson$/.test(r.url()) && r.status() === 200);
  await page.goto(`${env.base}/tests/pages/script-target.html`);
  await outlines;
  await page.waitForFunction(() => document.querySelector('#finder').finder);
  await page.waitForTimeout(300);
  assert.deepEqual(requests.filter((p) => p.startsWith('/tiles/')), [], `tile requests: ${requests}`);
  assert.deepEqual(env.foreign.slice(foreignBefore), []);
  // The map's own attribution and the data attribution are on screen.
  assert.match(await page.locator('#finder >> .tl-attribution').textContent(), /Licence Ouverte/);
  assert.equal(await page.locator('#finder >> .tl-attribution').isVisible(), true);
  await page.close();
});

test('Enter typed before the commune list arrives is answered when it arrives', async () => {
  const page = await newPage(env);
  // Hold the gazetteer back until the user has typed and pressed Enter.
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route(/\/tiers-lieux\/communes\.[0-9a-f]+\.bin$/, async (route) => { await gate; await route.continue(); });
  await page.goto(`${env.base}/tests/pages/script-target.html`);
  await page.waitForFunction(() => document.querySelector('#finder').finder);
  const input = page.locator('#finder >> .tl-input');
  await input.click();
  await input.pressSequentially('Quimper', { delay: 10 });
  await input.press('Enter');
  assert.equal(await page.locator('#finder >> .tl-result').count(), 0);
  release();
  await page.locator('#finder >> .tl-result').first().waitFor({ timeout: 30000 });
  assert.match(await page.locator('#finder >> .tl-status').textContent(), /near Quimper/);
  await page.close();
});

test('the commune list failing to load leaves venue search working and says why', async () => {
  const page = await newPage(env, '/tests/pages/broken.html?fault=no-gazetteer');
  await waitReady(page);
  const input = page.locator('tiers-lieux-finder >> .tl-input');
  await input.click();
  await input.pressSequentially('pangloss', { delay: 10 });
  await page.locator('tiers-lieux-finder >> .tl-alert:not(:empty)').waitFor({ timeout: 30000 });
  assert.match(await page.locator('tiers-lieux-finder >> .tl-alert').textContent(), /liste des communes/);
  await page.locator('tiers-lieux-finder >> [role=option]').first().waitFor();
  assert.match(await page.locator('tiers-lieux-finder >> [role=option]').first().textContent(), /Pangloss Labs/);
  const events = await page.evaluate(() => window.__events);
  assert.equal(events.filter((e) => e.code === 'gazetteer-load').length, 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('center and zoom options set the initial view (zoom alone too)', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  // At the maximum zoom (18) Leaflet disables its zoom-in button: an observable view.
  const disabled = await page.evaluate(async () => {
    const out = {};
    for (const [name, opts] of [['zoomOnly', { tiles: 'none', zoom: 18 }], ['centerZoom', { tiles: 'none', center: '48.11,-1.68', zoom: 18 }], ['neither', { tiles: 'none' }]]) {
      const d = document.createElement('div');
      document.body.append(d);
      await TiersLieux.mount(d, opts);
      await new Promise((r) => setTimeout(r, 400));
      out[name] = d.shadowRoot.querySelector('.leaflet-control-zoom-in').classList.contains('leaflet-disabled');
    }
    return out;
  });
  assert.deepEqual(disabled, { zoomOnly: true, centerZoom: true, neither: false });
  await page.close();
});

test('the overview dots (canvas): a click on one shows the venues around it and selects it; hover names it', async () => {
  const page = await newPage(env, '/tests/pages/element.html');
  await waitReady(page, '#w1');
  const target = await page.evaluate(async () => {
    const v = (await document.querySelector('#w1').finder.venues()).find((x) => x.id === 'cget-1403');
    const d = document.createElement('tiers-lieux-finder');
    d.id = 'dots';
    d.setAttribute('tiles', 'none');
    d.setAttribute('center', `${v.lat},${v.lon}`);
    d.setAttribute('zoom', '16');
    d.style.cssText = 'display:block;width:800px';
    document.body.prepend(d);
    return v;
  });
  await waitReady(page, '#dots');
  const map = page.locator('#dots >> .tl-map');
  const box = await map.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('#dots >> .leaflet-tooltip').waitFor();
  assert.equal(await page.locator('#dots >> .leaflet-tooltip').textContent(), target.name);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('#dots >> .tl-result.tl-selected').waitFor();
  assert.equal(await page.locator('#dots >> .tl-result.tl-selected').getAttribute('data-id'), 'cget-1403');
  assert.deepEqual(page.errors, []);
  await page.close();
});
