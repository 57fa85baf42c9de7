// Hostile and strict host pages, in headless Chromium: aggressive global CSS, another Leaflet on
// window.L, legacy prototype extensions, the contract's strict Content-Security-Policy (and one
// that forgets WebAssembly), blocked tiles, geolocation that times out, cross-origin iframes with
// and without allow="geolocation". Each must leave a working widget or a readable state, and no
// uncaught exception.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { setup, newPage, waitReady, typeAndWaitSuggestions, pinnedRanks } from './helpers.mjs';
import { STRICT_CSP as STRICT } from '../../serve.mjs';

const SCREENS = new URL('../../../target/e2e-screens/', import.meta.url).pathname;
mkdirSync(SCREENS, { recursive: true });

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** Search a town, choose it, open the first result: the widget's main journey works. */
async function journey(page, host, town = 'Rennes') {
  const input = await typeAndWaitSuggestions(page, town, host);
  await input.press('Enter');
  await page.locator(`${host} >> .tl-result`).first().waitFor();
  await page.locator(`${host} >> .tl-result .tl-name`).first().click();
  await page.locator(`${host} >> .leaflet-popup-content`).first().waitFor();
  return page.locator(`${host} >> .tl-result`).count();
}

/** A box's size in CSS pixels. */
const size = (page, host, sel) => page.evaluate(([h, s]) => {
  const r = document.querySelector(h).shadowRoot.querySelector(s).getBoundingClientRect();
  return { w: Math.round(r.width), h: Math.round(r.height) };
}, [host, sel]);

test('aggressive global CSS (resets, display:none on inputs, img max-width, inherited text styles) does not break the widget', async () => {
  const page = await newPage(env, '/tests/pages/hostile-css.html');
  await waitReady(page, '#finder');
  const input = await size(page, '#finder', '.tl-input');
  assert.ok(input.w > 200 && input.h >= 44, `search box ${JSON.stringify(input)}`);
  assert.ok((await size(page, '#finder', '.tl-locate')).h >= 44, 'the around-me button is there');
  assert.equal(await journey(page, '#finder'), 5);
  const map = await size(page, '#finder', '.tl-map');
  assert.ok(map.h >= 240 && map.w > 200, `map ${JSON.stringify(map)}`);
  const look = await page.evaluate(() => {
    const root = document.querySelector('#finder').shadowRoot;
    const cs = (s) => getComputedStyle(root.querySelector(s));
    const tile = root.querySelector('.leaflet-tile-loaded');
    return {
      fontSize: parseFloat(cs('.tl-input').fontSize),
      titleSize: parseFloat(cs('.tl-result-title').fontSize),
      sourceSize: parseFloat(cs('.tl-attribution').fontSize),
      letterSpacing: cs('.tl-result').letterSpacing,
      textTransform: cs('.tl-result').textTransform,
      whiteSpace: cs('.tl-result').whiteSpace,
      textAlign: cs('.tl-result').textAlign,
      listStyle: cs('.tl-result').listStyleType,
      tile: tile && [tile.width, tile.height, getComputedStyle(tile).borderTopWidth],
      detailsHidden: [...root.querySelectorAll('.tl-details')].filter((d) => d.hidden).every((d) => getComputedStyle(d).display === 'none'),
    };
  });
  assert.ok(look.fontSize >= 16 && look.titleSize >= 16, `16 px text despite html{font-size:62.5%} (${look.fontSize}, ${look.titleSize})`);
  assert.ok(look.sourceSize >= 12, `small print stays readable (${look.sourceSize})`);
  assert.deepEqual([look.letterSpacing, look.textTransform, look.whiteSpace, look.textAlign, look.listStyle], ['normal', 'none', 'normal', 'left', 'none']);
  assert.deepEqual(look.tile, [256, 256, '0px'], 'tiles keep their size: the page\'s img rules stop at the shadow root');
  assert.ok(look.detailsHidden, 'hidden details stay hidden despite [hidden]{display:block!important}');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  await page.screenshot({ path: `${SCREENS}hostile-css.png` });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a host running Leaflet 1.7.1 on window.L keeps its map, and the widget its own', async () => {
  const page = await newPage(env, '/tests/pages/host-leaflet-17.html');
  await waitReady(page, '#w');
  assert.equal(await journey(page, '#w', 'Nantes'), 5);
  const host = await page.evaluate(() => {
    const m = window.__hostMap;
    m.setZoom(12, { animate: false });
    m.panBy([50, 0], { animate: false });
    return { sameL: window.L === window.__hostL, version: window.L.version, zoom: m.getZoom(), markerOnMap: m.hasLayer(window.__hostMarker), tiles: document.querySelectorAll('#hostmap .leaflet-tile').length };
  });
  assert.deepEqual(host, { sameL: true, version: '1.7.1', zoom: 12, markerOnMap: true, tiles: host.tiles });
  assert.ok(host.tiles > 0);
  // The widget's markers are Leaflet 1.9.4's, inside its shadow root; the host's map has only its own.
  assert.equal(await page.locator('#hostmap .leaflet-marker-icon').count(), 1);
  assert.deepEqual(await pinnedRanks(page, '#w'), [1, 2, 3, 4, 5], 'each result on a pin (venues at one point share one)');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a legacy host that extends Array, String and Function prototypes (Prototype.js, MooTools)', async () => {
  const page = await newPage(env, '/tests/pages/prototypes.html');
  await waitReady(page, '#w');
  assert.equal(await journey(page, '#w', 'Lyon'), 5);
  const r = await page.evaluate(async () => {
    const f = document.querySelector('#w').finder;
    const near = await f.nearest({ lat: 45.76, lon: 4.84 }, { k: 3, types: ['fablab'] });
    const ev = window.__events.filter((e) => e.type === 'tierslieux:results').pop().detail;
    return { near: near.map((v) => v.types), types: Array.isArray(ev.results[0].types), called: window.__called, json: JSON.stringify([1]) };
  });
  assert.equal(r.json, '"[1]"', 'the page\'s toJSON override is really in force');
  assert.ok(r.called.map > 0 || r.called.bind > 0, `the page's replacements were called: ${JSON.stringify(r.called)}`);
  assert.equal(r.near.length, 3);
  assert.ok(r.near.every((t) => t.includes('fablab')));
  assert.ok(r.types, 'event payloads are real arrays');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the contract's strict Content-Security-Policy: everything works, no violation", async () => {
  const page = await newPage(env, `/tests/pages/csp.html?csp=${encodeURIComponent(STRICT)}`);
  await waitReady(page, '#w');
  assert.equal(await journey(page, '#w'), 5);
  // The offline base map and the partner list also load under this policy.
  const outlines = page.waitForResponse((r) => /\/tiers-lieux\/outlines\.[0-9a-f]+\.geojson$/.test(r.url()) && r.status() === 200);
  await page.evaluate(() => {
    const el = document.createElement('tiers-lieux-finder');
    el.id = 'w2';
    el.setAttribute('tiles', 'none');
    el.setAttribute('src', '/exemple-lieux.csv');
    document.body.append(el);
  });
  await waitReady(page, '#w2');
  await outlines;
  await page.waitForTimeout(300);
  assert.ok(!page.consoleMessages.some((m) => m.includes('offline base map unavailable')), page.consoleMessages.join('\n'));
  assert.equal(await page.evaluate(() => document.querySelector('#w2').finder.venueCount), 6);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:error')), []);
  assert.equal(page.consoleMessages.filter((m) => /^error/.test(m)).length, 0, page.consoleMessages.join('\n'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a CSP that forgets WebAssembly: a readable message, and the console names the fix', async () => {
  const policy = STRICT.replace(" 'wasm-unsafe-eval'", '');
  const page = await newPage(env, `/tests/pages/csp.html?csp=${encodeURIComponent(policy)}`);
  await page.locator('#w >> .tl-alert').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#w >> .tl-alert').textContent(), /n'a pas pu se charger/);
  assert.ok(await page.locator('#w .fallback').isVisible(), "the partner's fallback content shows");
  const errs = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:error').map((e) => e.detail.code));
  assert.deepEqual(errs, ['wasm-load']);
  assert.ok(page.consoleMessages.some((m) => m.startsWith('error: [tiers-lieux]') && m.includes("Ajoutez 'wasm-unsafe-eval' à script-src")), page.consoleMessages.join('\n'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('tiles blocked (by the CSP, or a dead tile server): a notice that the list is complete, an event, the fix in the console', async () => {
  // 1. The strict policy's img-src is 'self': tiles from another origin (localhost) are refused.
  const other = new URL(env.base);
  other.hostname = 'localhost';
  const page = await newPage(env, `/tests/pages/csp.html?csp=${encodeURIComponent(STRICT)}`);
  await waitReady(page, '#w');
  await page.evaluate((tiles) => {
    const el = document.createElement('tiers-lieux-finder');
    el.id = 'w2';
    el.setAttribute('tiles', tiles);
    document.body.append(el);
  }, `${other.origin}/tiles/{z}/{x}/{y}.png`);
  await waitReady(page, '#w2');
  await page.locator('#w2 >> .tl-notice').waitFor();
  assert.equal(await page.locator('#w2 >> .tl-notice [role=status]').textContent(), "Le fond de carte n'a pas pu être chargé. La liste des lieux reste complète.");
  assert.ok((await page.evaluate(() => window.__violations)).some((v) => v.startsWith('img-src')), 'the CSP did block the tiles');
  assert.ok(page.consoleMessages.some((m) => m.includes('tiles-load') && m.includes('img-src')), 'the console names img-src');
  assert.equal(await page.locator('#w >> .tl-notice').count(), 0, 'the first widget, with allowed tiles, has no notice');
  await page.close();

  // 2. A tile server that does not answer at all.
  const p2 = await newPage(env);
  await p2.route('**/tiles/**', (r) => r.abort('connectionrefused'));
  await p2.goto(`${env.base}/tests/pages/partner.html`);
  await waitReady(p2, '#w');
  await p2.locator('#w >> .tl-notice').waitFor();
  const errs = await p2.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:error').map((e) => e.detail.code));
  assert.deepEqual(errs, ['tiles-load'], 'reported once, not once per tile');
  assert.equal(await journey(p2, '#w'), 10, 'the list still works');
  assert.deepEqual(p2.errors, []);
  await p2.close();
});

test('geolocation that times out: a plain message and the event', async () => {
  const page = await newPage(env);
  // Chromium cannot be made to time out for real here: the page's geolocation answers TIMEOUT
  // (code 3) as a browser does after PositionOptions.timeout.
  await page.addInitScript(() => {
    navigator.geolocation.getCurrentPosition = (ok, err, opts) => {
      window.__geoTimeout = opts && opts.timeout;
      setTimeout(() => err({ code: 3, message: 'Timeout expired', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 }), 20);
    };
  });
  await page.goto(`${env.base}/tests/pages/partner.html`);
  await waitReady(page, '#w');
  await page.locator('#w >> .tl-locate').click();
  await page.locator('#w >> .tl-alert:not(:empty)').waitFor();
  assert.match(await page.locator('#w >> .tl-alert').textContent(), /La localisation a pris trop de temps/);
  assert.equal(await page.evaluate(() => window.__geoTimeout), 10000, 'the widget asks for a 10 s limit');
  const errs = await page.evaluate(() => window.__events.filter((e) => e.type === 'tierslieux:error').map((e) => e.detail.code));
  assert.deepEqual(errs, ['geolocation-timeout']);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a cross-origin iframe without allow="geolocation": the console says how to fix it, the button says why', async () => {
  const context = await env.newContext();
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: 48.1173, longitude: -1.6778 });
  const page = await newPage(env, '/tests/pages/frame-host.html', { context });
  const frames = { no: page.frameLocator('#no-allow'), yes: page.frameLocator('#allow') };
  for (const f of Object.values(frames)) await f.locator('#w1 >> .tl-input:not([disabled])').waitFor({ timeout: 30000 });
  const hints = page.consoleMessages.filter((m) => m.includes('allow="geolocation"'));
  assert.equal(hints.length, 1, `one self-check line, from the frame without the permission: ${page.consoleMessages.join('\n')}`);
  assert.match(hints[0], /Ajoutez allow="geolocation" à la balise <iframe>/);
  await frames.no.locator('#w1 >> .tl-locate').click();
  await frames.no.locator('#w1 >> .tl-alert:not(:empty)').waitFor();
  assert.match(await frames.no.locator('#w1 >> .tl-alert').textContent(), /ne permet pas la localisation dans le cadre/);
  // With the permission, "around me" works in the frame.
  await frames.yes.locator('#w1 >> .tl-locate').click();
  await frames.yes.locator('#w1 >> .tl-result').first().waitFor();
  assert.match(await frames.yes.locator('#w1 >> .tl-status').textContent(), /près de Votre position/);
  assert.deepEqual(page.errors, []);
  await context.close();
});
