// The configurator (www/configurateur.html): a webmaster clicks through the choices, the live
// widget follows, and the snippet they copy, pasted into a blank page, gives the same widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, newPage, waitReady } from './helpers.mjs';

const AXE = new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

/** What a widget shows and how it looks, to compare two of them (once its base map is drawn). */
const portrait = async (page, sel) => {
  await page.waitForFunction((s) => document.querySelector(s).shadowRoot.querySelector('.tl-map').dataset.baseMap !== 'none', sel);
  return page.evaluate(portraitIn, sel);
};
const portraitIn = async (s) => {
  const host = document.querySelector(s);
  const root = host.shadowRoot;
  const venues = await host.finder.venues();
  const cs = (q) => getComputedStyle(root.querySelector(q));
  return {
    count: host.finder.venueCount,
    ids: venues.map((v) => v.id).sort(),
    lang: root.querySelector('.tl-root').lang,
    label: root.querySelector('.tl-label').textContent,
    chips: [...root.querySelectorAll('.tl-chip')].map((c) => c.textContent),
    accent: cs('.tl-locate').backgroundColor,
    radius: cs('.tl-root').borderTopLeftRadius,
    mapHeight: cs('.tl-map').height,
    baseMap: root.querySelector('.tl-map').dataset.baseMap,
    consentBox: !root.querySelector('.tl-consent').hidden,
  };
};

test('configurator round trip: choices → live widget → copied snippet → the same widget in a blank page', async () => {
  const ctx = await env.newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
  const page = await newPage(env, '/configurateur.html', { context: ctx });
  await waitReady(page, '#preview tiers-lieux-finder');
  // Scope: Bretagne, then Ille-et-Vilaine; two types; English; OSM after consent; colours, size.
  await page.selectOption('#cfg-region', '53');
  const deps = await page.locator('#cfg-departement option').allTextContents();
  assert.deepEqual(deps.slice(1), ['22 – Côtes-d\'Armor', '29 – Finistère', '35 – Ille-et-Vilaine', '56 – Morbihan'], 'the région\'s départements');
  await page.selectOption('#cfg-departement', '35');
  await page.check('#cfg-type-coworking');
  await page.check('#cfg-type-fablab');
  await page.check('#cfg-tiles-osm');
  await page.check('#cfg-consent');
  await page.selectOption('#cfg-lang', 'en');
  await page.fill('#cfg-max', '6');
  await page.check('#cfg-history');
  await page.fill('#cfg-report', 'javascript:alert(1)');
  assert.match(await page.locator('#cfg-report-error').textContent(), /https:\/\/ ou mailto:/);
  await page.fill('#cfg-report', 'mailto:tiers-lieux@ville.example.fr');
  await page.locator('#cfg-accent').evaluate((i) => { i.value = '#0a6e4f'; i.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.locator('#cfg-radius').fill('0');
  await page.locator('#cfg-height').fill('300');

  const snippet = await page.locator('#snippet').inputValue();
  assert.equal(snippet, [
    '<script src="/tiers-lieux/tiers-lieux.js" defer></script>',
    '<tiers-lieux-finder departement="35" types="coworking,fablab" tiles="osm" consent="click" lang="en" max-results="6" history="hash" report-url="mailto:tiers-lieux@ville.example.fr" style="--tl-accent: #0a6e4f; --tl-radius: 0px; --tl-map-height: 300px">',
    '  <p>Loading the map of third places…</p>',
    '</tiers-lieux-finder>',
  ].join('\n'));
  await page.click('#copy-snippet');
  await page.locator('#copy-status', { hasText: 'Code copié.' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, snippet, 'the clipboard holds the snippet');
  assert.equal(await page.locator('#csp').textContent(),
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'");
  assert.match(await page.locator('#a11y-statement').textContent(), /alternative complète à la carte.*clavier.*RGAA/s);
  assert.match(await page.locator('#css-alternative').textContent(), /tiers-lieux-finder \{\n {2}--tl-accent: #0a6e4f;/);

  // The preview follows the last choice (it is re-created a moment after each change).
  await page.waitForFunction(() => {
    const el = document.querySelector('#preview tiers-lieux-finder');
    return el && el.getAttribute('lang') === 'en' && el.getAttribute('report-url') && el.finder && el.style.getPropertyValue('--tl-map-height') === '300px';
  });
  const preview = await portrait(page, '#preview tiers-lieux-finder');

  // Pasted into a blank page of the partner's site.
  const blank = await newPage(env, undefined, { context: ctx });
  const tiles = [];
  blank.on('request', (r) => { if (/tile\.openstreetmap\.org/.test(r.url())) tiles.push(r.url()); });
  await blank.route(`${env.base}/collage.html`, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body>${copied}</body></html>` }));
  await blank.goto(`${env.base}/collage.html`);
  await waitReady(blank);
  const pasted = await portrait(blank, 'tiers-lieux-finder');
  assert.deepEqual(pasted, preview, 'the same widget');
  assert.ok(pasted.count > 10 && pasted.count < 200, `${pasted.count} coworkings and fab labs in Ille-et-Vilaine`);
  assert.equal(pasted.lang, 'en');
  assert.equal(pasted.accent, 'rgb(10, 110, 79)');
  assert.equal(pasted.mapHeight, '300px');
  assert.equal(pasted.consentBox, true, 'consent="click": the map background waits');
  assert.deepEqual(tiles, [], 'no tile request before consent');

  // The iframe snippet, pasted into a blank page: embed.html gives the same widget.
  const iframe = await page.locator('#iframe-snippet').inputValue();
  assert.equal(iframe, [
    '<iframe src="/tiers-lieux/embed.html?departement=35&amp;types=coworking%2Cfablab&amp;tiles=osm&amp;consent=click&amp;lang=en&amp;max-results=6'
      + '&amp;report-url=mailto%3Atiers-lieux%40ville.example.fr&amp;--tl-accent=%230a6e4f&amp;--tl-radius=0px&amp;--tl-map-height=300px" title="Find a third place near you"',
    '        style="width:100%;height:640px;border:0" allow="geolocation" data-tiers-lieux></iframe>',
  ].join('\n'));
  assert.equal(await page.locator('#iframe-resizer').textContent(), '<script src="/tiers-lieux/tiers-lieux-iframe.js" defer></script>');
  await page.click('#copy-iframe');
  await page.locator('#copy-iframe-status', { hasText: 'Code copié.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), iframe);
  const framed = await newPage(env, undefined, { context: ctx });
  framed.on('request', (r) => { if (/tile\.openstreetmap\.org/.test(r.url())) tiles.push(r.url()); });
  await framed.route(`${env.base}/collage-iframe.html`, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body>${iframe}</body></html>` }));
  await framed.goto(`${env.base}/collage-iframe.html`);
  const frame = framed.frame({ url: /embed\.html/ });
  await frame.waitForFunction(() => document.querySelector('tiers-lieux-finder')?.finder, null, { timeout: 30000 });
  await frame.waitForFunction(() => document.querySelector('tiers-lieux-finder').shadowRoot.querySelector('.tl-map').dataset.baseMap !== 'none');
  const inFrame = await frame.evaluate(portraitIn, 'tiers-lieux-finder');
  assert.deepEqual(inFrame, preview, 'the same widget in the frame');
  assert.deepEqual(tiles, [], 'no tile request before consent');
  assert.deepEqual([...page.errors, ...blank.errors, ...framed.errors], []);
  await ctx.close();
});

test('configurator page: axe-core finds nothing on the page itself; works by keyboard', async () => {
  const page = await newPage(env, '/configurateur.html');
  await waitReady(page, '#preview tiers-lieux-finder');
  await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const violations = r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.flat().join(' >> ')) }));
  assert.deepEqual(violations, []);
  // Keyboard: the région select takes arrow keys and the département list follows.
  await page.focus('#cfg-region');
  await page.keyboard.press('ArrowDown');
  const region = await page.locator('#cfg-region').inputValue();
  assert.notEqual(region, '');
  const deps = await page.locator('#cfg-departement option').count();
  assert.ok(deps > 1 && deps < 20, `${deps - 1} départements in région ${region}`);
  await page.close();
});
