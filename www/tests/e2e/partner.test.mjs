// Partner venue lists (the `src` option) in the built widget, in headless Chromium: every row
// shown or named, lists that cannot be read, untrusted text that must stay text, a 20,000-row
// list. Lists are served by www/serve.mjs on 127.0.0.1 (files in www/tests/lists/ and fault paths).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, waitReady, typeAndWaitSuggestions, pinnedRanks } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

const W = '#w';
const inW = (sel) => `${W} >> ${sel}`;
const page$ = (query) => `/tests/pages/partner.html?${new URLSearchParams(query)}`;
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t).map((e) => e.detail), type);

/** Waits for the widget, or for its failure message. */
async function ready(page) {
  await waitReady(page, W);
  return page.evaluate(() => window.__events.find((e) => e.type === 'tierslieux:ready').detail.venues);
}

test('a CSV with bad rows: the good rows are shown, every bad one is named (notice, event, console)', async () => {
  const page = await newPage(env, page$({ src: '/tests/lists/bad-rows.csv' }));
  assert.equal(await ready(page), 3, 'three good rows: La Ruche, the two-line Atelier, the Fab Lab');
  const [err] = await events(page, 'tierslieux:error');
  assert.equal(err.code, 'partner-rows');
  assert.deepEqual(err.rows.map((r) => r.line), [3, 4, 5, 6, 7, 11], 'file lines, header = 1, a quoted two-line cell counted');
  assert.match(err.rows[0].reason, /nom manquant/);
  assert.match(err.rows[1].reason, /coordonnées manquantes/);
  assert.match(err.rows[2].reason, /inversées/);
  assert.match(err.rows[3].reason, /Madrid Hub.*hors de France/);
  assert.match(err.rows[4].reason, /identifiant « r1 » déjà utilisé \(ligne 2\)/);
  assert.match(err.rows[5].reason, /coordonnées illisibles/);

  // The visible notice: a sentence (role=status), the rows behind "Voir lesquelles", a close button.
  const notice = page.locator(inW('.tl-notice'));
  assert.equal(await notice.locator('[role=status]').textContent(), '6 lignes de la liste de lieux de ce site ne sont pas affichées.');
  await notice.locator('summary').click();
  const items = await notice.locator('li').allTextContents();
  assert.equal(items.length, 6);
  assert.match(items[0], /^ligne 3 : nom manquant$/);
  // Rows shown with a caveat (an unknown type) are told in the console, with their line.
  assert.ok(page.consoleMessages.some((m) => m.includes('ligne 10') && m.includes('type inconnu « cuisine »')), page.consoleMessages.join('\n'));
  assert.ok(page.consoleMessages.some((m) => m.includes('ligne 3 : nom manquant')));

  // The partner's venues answer the search and the list; the attribution credits their site.
  const input = await typeAndWaitSuggestions(page, 'atelier deux', W);
  const opts = await page.locator(inW('[role=option]')).allTextContents();
  assert.match(opts[0], /^Atelier sur deux lignes — Saint-Malo/);
  await input.press('Enter');
  await page.locator(inW('.tl-result')).first().waitFor();
  const names = await page.locator(inW('.tl-result .tl-name')).allTextContents();
  assert.deepEqual(names.map((n) => n.replace(/^\d+\. /, '')).sort(), ['Atelier sur deux lignes', 'Fab Lab de Brest', 'La Ruche du Marché']);
  const host = new URL(env.base).host;
  assert.match(await page.locator(inW('.tl-attribution')).textContent(), new RegExp(`liste publiée par ${host.replace('.', '\\.')}`));
  // A venue chosen in the box opens its details: their source is the partner's site.
  assert.match(await page.locator(inW('.tl-details:not([hidden]) .tl-source')).textContent(), /Source : liste publiée par/);

  // Dismissed, the notice goes and focus returns to the search box.
  await notice.locator('.tl-notice-close').click();
  assert.equal(await page.locator(inW('.tl-notice')).count(), 0);
  assert.equal(await page.evaluate(() => document.querySelector('#w').shadowRoot.activeElement.className), 'tl-input');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the partner-list demo page (www/reseau.html) shows the sample list, offline base map, no error', async () => {
  const page = await newPage(env, '/reseau.html');
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.querySelector('tiers-lieux-finder').finder.venueCount), 6);
  await typeAndWaitSuggestions(page, 'Cantine');
  assert.match(await page.locator('tiers-lieux-finder >> [role=option]').first().textContent(), /La Cantine Numérique brestoise/);
  assert.deepEqual(page.errors, []);
  assert.equal(page.consoleMessages.filter((m) => m.includes('[tiers-lieux]')).length, 0, page.consoleMessages.join('\n'));
  await page.close();
});

test('the GeoJSON sample of www/, scoped to a région, through the JS API; English reasons', async () => {
  const page = await newPage(env, page$({ src: '/exemple-lieux.geojson', region: '53' }));
  assert.equal(await ready(page), 6);
  const r = await page.evaluate(async () => {
    const f = document.querySelector('#w').finder;
    const venues = await f.venues();
    const near = await f.nearest({ lat: 48.11, lon: -1.68 }, { k: 2 });
    return { ids: venues.map((v) => v.id).sort(), first: venues[0], near: near.map((n) => [n.id, n.distanceKm]) };
  });
  assert.deepEqual(r.ids, ['bzh-290', 'bzh-291', 'bzh-292', 'bzh-293', 'bzh-295', 'bzh-297']);
  assert.deepEqual(Object.keys(r.first).sort(), ['address', 'codeInsee', 'commune', 'id', 'labels', 'lat', 'locatedAtCommuneLevel', 'lon', 'name', 'types', 'website']);
  assert.equal(r.near[0][0], 'bzh-295', "L'Hôtel Pasteur, Rennes");
  assert.ok(r.near[0][1] < 1);
  assert.deepEqual(await events(page, 'tierslieux:error'), [], 'a clean list raises nothing');
  await page.close();

  // The same list scoped to Pays de la Loire: every row is outside, and each says so in English.
  const en = await newPage(env, page$({ src: '/exemple-lieux.geojson', region: '52', lang: 'en' }));
  assert.equal(await ready(en), 0);
  const [err] = await events(en, 'tierslieux:error');
  assert.deepEqual(err.rows.map((x) => x.line), [0, 1, 2, 3, 4, 5], 'GeoJSON rows are 0-based feature indices');
  assert.match(err.rows[0].reason, /^“SiliconKerné”: outside the widget's scope \(region=52\)$/);
  await en.locator(inW('.tl-notice summary')).click();
  assert.match(await en.locator(inW('.tl-notice li')).first().textContent(), /^feature 0: /);
  await en.close();
});

test('lists that cannot be read leave a usable widget, say why, and fire tierslieux:error', async () => {
  const cases = [
    { q: { src: '/lists/status/404' }, why: /HTTP 404/, national: true },
    { q: { src: '/lists/status/500', fallback: 'none' }, why: /HTTP 500/, national: false },
    { q: { src: '/tests/lists/not-a-list.html' }, why: /ni GeoJSON ni CSV lisible : colonnes obligatoires absentes : nom, latitude, longitude/, national: true },
    { q: { src: '/lists/endless.csv', fallback: 'none' }, why: /liste trop grande/, national: false },
    { q: { src: 'http://127.0.0.2:9/nowhere.csv' }, why: /le serveur n'a pas répondu/, national: true },
  ];
  for (const c of cases) {
    const page = await newPage(env, page$(c.q));
    const venues = await ready(page);
    if (c.national) assert.ok(venues > 1900, `${c.q.src}: falls back to the national data (${venues})`);
    else assert.equal(venues, 0, `${c.q.src}: fallback=none shows no venue`);
    const alert = await page.locator(inW('.tl-alert')).textContent();
    assert.match(alert, c.national ? /n'a pas pu être chargée : les lieux affichés sont ceux de la base nationale/ : /aucun lieu ne peut être affiché/);
    const errs = await events(page, 'tierslieux:error');
    assert.equal(errs.length, 1, c.q.src);
    assert.equal(errs[0].code, 'partner-load');
    assert.match(errs[0].message, c.why, `${c.q.src}: ${errs[0].message}`);
    assert.deepEqual(errs[0].rows, []);
    assert.ok(page.consoleMessages.some((m) => m.includes('[tiers-lieux] partner-load') && m.includes('connect-src')), 'the console says how to fix it');
    // Still usable: the commune search answers.
    await typeAndWaitSuggestions(page, 'Vitré', W);
    assert.deepEqual(page.errors, [], c.q.src);
    await page.close();
  }
  // The foreign address above was refused by the test's network guard; nothing else left.
  env.foreign.length = 0;
});

test('a server that stops sending is abandoned after 15 s without data, with a message', { timeout: 60000 }, async () => {
  const page = await newPage(env, page$({ src: '/lists/stall.csv' }));
  const t0 = Date.now();
  assert.ok(await ready(page) > 1900);
  const waited = Date.now() - t0;
  assert.ok(waited >= 14000, `waited ${waited} ms`);
  const [err] = await events(page, 'tierslieux:error');
  assert.match(err.message, /rien reçu pendant 15 s/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// Leaflet's own attribution flag is the only SVG the widget draws.
const FORBIDDEN = 'script, iframe, object, embed, svg:not(.leaflet-attribution-flag), img:not(.leaflet-tile), [onerror], [onload], [onclick], [onmouseover]';

/** Nothing from the data ran or became markup: no flag set, no dialog, no element of theirs. */
async function assertNothingRan(page, dialogs, { someLinks }) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate((sel) => document.querySelector('#w').shadowRoot.querySelectorAll(sel).length, FORBIDDEN), 0);
  // Every link in the list, the details and the popups: the venue's own (website, social) are
  // http(s), mailto or tel; the widget's "Y aller" links are its own numbers and an encoded name.
  const links = await page.evaluate(() => [...document.querySelector('#w').shadowRoot.querySelectorAll('.tl-list a, .leaflet-popup-content a')]
    .map((a) => ({ href: a.getAttribute('href'), go: !!a.closest('.tl-go') })));
  const venueLinks = links.filter((l) => !l.go).map((l) => l.href);
  assert.equal(venueLinks.length > 0, someLinks, `venue links: ${venueLinks.join(' ')}`);
  for (const h of venueLinks) assert.match(h, /^(https?:\/\/|mailto:|tel:)/, h);
  const GEO = /^geo:-?\d+\.\d{6},-?\d+\.\d{6}\?q=-?\d+\.\d{6},-?\d+\.\d{6}\([A-Za-z0-9%._~-]*\)$/;
  for (const { href } of links.filter((l) => l.go)) {
    assert.ok(GEO.test(href) || /^https:\/\/www\.(openstreetmap\.org\/directions|geoportail\.gouv\.fr\/carte)\?[\w=&%.,:()#/-]*$/.test(href), href);
  }
}

test('payloads in a partner CSV stay text: scripts, handlers, javascript: and data: links, SVG, RTL, broken UTF-8, long text, a hostile id', async () => {
  const page = await newPage(env, page$({ src: '/tests/lists/payloads.csv', 'max-results': '20' }));
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  assert.equal(await ready(page), 9, 'every payload row is a valid venue: shown, as text');
  const venues = await page.evaluate(() => document.querySelector('#w').finder.venues());
  const byId = Object.fromEntries(venues.map((v) => [v.id, v]));
  assert.equal(byId.p1.name, "<script>window.__pwned='script'</script>Atelier Script");
  assert.equal(byId.p1.website, '', 'a javascript: website never reaches the host page');
  assert.equal(byId.p4.website, 'mailto:contact@lieu.example.fr');
  assert.equal(byId.p5.name.length, 300, 'a 5,000-character name is cut at 300');
  assert.equal(byId.p9.name, 'Caf\uFFFD Latin-1', 'broken UTF-8 replaced, not dropped');
  assert.ok(page.consoleMessages.some((m) => m.includes("ligne 10 : texte qui n'est pas en UTF-8")));
  assert.ok(page.consoleMessages.some((m) => m.includes('ligne 2 : « ') && m.includes('affiché comme texte, sans lien')));

  // Every venue listed, opened (details and popup): still only text.
  await page.evaluate(() => document.querySelector('#w').finder.select('p1'));
  await page.locator(inW('.tl-result')).first().waitFor();
  const n = await page.locator(inW('.tl-result')).count();
  assert.equal(n, 9);
  for (let i = 0; i < n; i++) {
    await page.locator(inW('.tl-result .tl-name')).nth(i).click();
    await page.locator(inW('.leaflet-popup-content')).first().waitFor();
  }
  await assertNothingRan(page, dialogs, { someLinks: true });
  const text = (id) => page.locator(inW(`.tl-result[data-id="${id}"] .tl-name`)).textContent();
  assert.match(await text('p1'), /<script>window\.__pwned='script'<\/script>Atelier Script$/);
  assert.match(await text('p3'), /<svg onload="window\.__pwned='svg'"><circle r=1 \/><\/svg>Svg$/);
  // A javascript: or data: website is shown as text, never as a link.
  assert.equal(await page.locator(inW('.tl-result[data-id="p1"] .tl-link-text')).textContent(), "javascript:window.__pwned='href'");
  assert.equal(await page.locator(inW('.tl-result[data-id="p1"] a:not([class*="tl-go"])')).count(), 0, 'only the widget\'s own Y aller links');
  assert.equal(await page.locator(inW('.tl-result[data-id="p4"] .tl-website a')).getAttribute('href'), 'mailto:contact@lieu.example.fr');
  assert.equal(await page.locator(inW('.tl-result[data-id="p4"] .tl-website a')).getAttribute('rel'), 'noopener noreferrer');
  // Right-to-left marks stay inside the name (bidi isolation), the text as written.
  const rtl = await page.evaluate(() => {
    const span = document.querySelector('#w').shadowRoot.querySelector('.tl-result[data-id="p4"] .tl-name span:last-child');
    return { text: span.textContent, bidi: getComputedStyle(span).unicodeBidi };
  });
  assert.equal(rtl.text, '\u202eevil.exe\u202c Lieu RTL');
  assert.equal(rtl.bidi, 'isolate');
  // The long name wraps inside the widget: nothing sideways.
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  // An id made to break out of a CSS selector selects its own venue and nothing else.
  const hostile = 'x"]) , body { display:none } [id="y';
  await page.evaluate((id) => document.querySelector('#w').finder.select(id), hostile);
  const selected = (await events(page, 'tierslieux:select')).pop();
  assert.equal(selected.venue.id, hostile);
  assert.equal(await page.locator(inW('.tl-result.tl-selected')).getAttribute('data-id'), hostile);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).display), 'none');
  await assertNothingRan(page, dialogs, { someLinks: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('payloads in a partner GeoJSON and typed in the search box stay text', async () => {
  const page = await newPage(env, page$({ src: '/tests/lists/payloads.geojson' }));
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  assert.equal(await ready(page), 2);
  const [err] = await events(page, 'tierslieux:error');
  assert.deepEqual(err.rows.map((r) => r.line), [2, 3, 4]);
  assert.match(err.rows[0].reason, /géométrie « Polygon »/);
  assert.match(err.rows[2].reason, /Tokyo.*hors de France/);
  await page.evaluate(() => document.querySelector('#w').finder.select('g0'));
  await page.locator(inW('.leaflet-popup-content')).first().waitFor();
  for (let i = 0; i < 2; i++) await page.locator(inW('.tl-result .tl-name')).nth(i).click();
  await assertNothingRan(page, dialogs, { someLinks: false }); // vbscript: and " javascript:" are no links
  assert.equal(await page.locator(inW('.tl-result[data-id="g0"] .tl-link-text')).textContent(), 'vbscript:msgbox(1)');

  // The search box: what is typed is a query, never markup.
  for (const typed of ['<img src=x onerror=window.__pwned=1>', '"><svg onload=window.__pwned=2>', "javascript:window.__pwned=3//", '<a href=x>clic</a>']) {
    const input = page.locator(inW('.tl-input'));
    await input.fill('');
    await input.pressSequentially(typed, { delay: 5 });
    await page.waitForFunction((q) => window.__events.some((e) => e.type === 'tierslieux:search' && e.detail.query === q), typed);
    await input.press('Enter');
    assert.equal(await input.inputValue(), typed);
  }
  await page.locator(inW('.tl-input')).fill('<a href');
  await page.waitForFunction(() => window.__events.filter((e) => e.type === 'tierslieux:search').pop().detail.query === '<a href');
  const opts = await page.locator(inW('[role=option] .tl-option-label')).allTextContents();
  assert.ok(opts.some((o) => o.startsWith('<a href="javascript:window.__pwned=\'a\'">clic</a>')), opts.join(' | '));
  await assertNothingRan(page, dialogs, { someLinks: false });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a 20,000-row list loads, answers searches and shows results without freezing the page', { timeout: 120000 }, async (t) => {
  const page = await newPage(env, page$({ src: '/lists/generated.csv?rows=20000' }));
  await page.evaluate(() => {
    window.__longtasks = [];
    new PerformanceObserver((l) => window.__longtasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  assert.equal(await ready(page), 20000);
  const readyAt = await page.evaluate(() => window.__events.find((e) => e.type === 'tierslieux:ready').t);
  const r = await page.evaluate(async () => {
    const f = document.querySelector('#w').finder;
    const t0 = performance.now();
    const s = await f.search('Fabrique du Moulin');
    const t1 = performance.now();
    const near = await f.nearest({ lat: 45.76, lon: 4.84 }, { k: 10, types: ['fablab'] });
    const t2 = performance.now();
    return { s, near, searchMs: t1 - t0, nearestMs: t2 - t1 };
  });
  assert.ok(r.s.some((x) => x.kind === 'venue' && x.label.startsWith('Fabrique du Moulin')), JSON.stringify(r.s.slice(0, 3)));
  assert.equal(r.near.length, 10);
  assert.ok(r.near.every((v) => v.types.includes('fablab')));
  // A commune chosen in the box: results and markers on screen.
  const input = await typeAndWaitSuggestions(page, 'Clermont-Ferrand', W);
  const k0 = Date.now();
  await input.press('Enter');
  await page.locator(inW('.tl-result')).nth(9).waitFor();
  const resultsMs = Date.now() - k0;
  assert.deepEqual(await pinnedRanks(page, W), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'the ten results on the map');
  const longtasks = await page.evaluate(() => window.__longtasks);
  t.diagnostic(`20,000 rows: ready at ${readyAt.toFixed(0)} ms after navigation; longest task ${Math.max(0, ...longtasks).toFixed(0)} ms `
    + `(${longtasks.length} tasks over 50 ms); search ${r.searchMs.toFixed(1)} ms; nearest ${r.nearestMs.toFixed(1)} ms; Enter → 10 results ${resultsMs} ms`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
