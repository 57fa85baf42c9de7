// The map's clusters (issue 5: many markers stay smooth): the overview is clustered in Rust
// (core/src/cluster.rs), and must be exactly what mapbox/supercluster (the pinned npm version,
// run here in Node on the venues the widget reports) makes of the same venues at the zoom the
// map shows. Clusters are named buttons that open by keyboard or click, to the zoom where
// supercluster splits them. Built widget, headless Chromium, pages on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Supercluster from 'supercluster';
import { setup, newPage, waitReady, typeAndWaitSuggestions } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

// The widget's options (ClusterOptions::MAP): 60 px on 256 px tiles, clusters up to zoom 16.
const OPTIONS = { radius: 60, extent: 256, minZoom: 0, maxZoom: 16 };
// Metropolitan France (core geo::FRANCE_AREAS): what the national first view frames.
const METROPOLE = [-5.5, 41.2, 9.8, 51.3];

/** Supercluster over the venues, in the order the widget reports them (its table order). */
function supercluster(venues) {
  return new Supercluster(OPTIONS).load(venues.map((v, i) => ({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } })));
}

/** A test page with its widget ready, and the venues the widget reports (its table order). */
async function open(url, host) {
  const page = await newPage(env, url);
  await waitReady(page, host);
  const venues = await page.evaluate((h) => document.querySelector(h).finder.venues(), host);
  return { page, venues };
}

/** What the map shows: its zoom, the clusters (count, accessible name, role, tab stop) in
 *  document order, and the dots. */
async function overview(page, host) {
  return page.evaluate((h) => {
    const root = document.querySelector(h).shadowRoot;
    const map = root.querySelector('.tl-map');
    const clusters = [...root.querySelectorAll('.tl-cluster')].map((c) => ({
      count: Number(c.textContent), name: c.getAttribute('aria-label'), role: c.getAttribute('role'), tabIndex: c.tabIndex,
      y: (({ top, bottom }) => (top + bottom) / 2)(c.getBoundingClientRect()),
    }));
    return { zoom: Number(map.dataset.overviewZoom), dots: Number(map.dataset.dotsShown), venues: Number(map.dataset.venuesShown), clusters };
  }, host);
}

function expected(index, bbox, zoom) {
  const features = index.getClusters(bbox, zoom);
  const clusters = features.filter((f) => f.properties.cluster);
  return {
    counts: clusters.map((f) => f.properties.point_count).sort((a, b) => a - b),
    dots: features.length - clusters.length,
    clusters,
  };
}

test('the national overview: the clusters of supercluster at the zoom shown, named buttons north to south', async () => {
  const { page, venues } = await open('/tests/pages/features.html', '#w');
  const shown = await overview(page, '#w');
  assert.equal(shown.venues, venues.length);
  // The first view frames metropolitan France (not the globe with the overseas venues).
  assert.ok(shown.zoom >= 4 && shown.zoom <= 6, `zoom ${shown.zoom}`);
  const want = expected(supercluster(venues), METROPOLE, shown.zoom);
  assert.ok(want.counts.length >= 5, 'several clusters at this zoom');
  assert.deepEqual(shown.clusters.map((c) => c.count).sort((a, b) => a - b), want.counts);
  assert.equal(shown.dots, want.dots);
  for (const c of shown.clusters) {
    assert.equal(c.role, 'button');
    assert.equal(c.tabIndex, 0);
    assert.equal(c.name, `${c.count} lieux ici : rapprocher la carte`);
  }
  // Keyboard order follows the map from north to south.
  const ys = shown.clusters.map((c) => c.y);
  assert.deepEqual(ys, [...ys].sort((a, b) => a - b));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Paris, 220 venues in 105 km²: same clusters as supercluster; Enter opens one to the zoom where it splits, focus stays on the map', async () => {
  const { page, venues } = await open('/tests/pages/clusters.html', '#paris');
  assert.equal(venues.length, 220);
  const index = supercluster(venues);
  const first = await overview(page, '#paris');
  // Framed on Paris: every venue is in view, so the whole level is drawn.
  const want = expected(index, [-180, -90, 180, 90], first.zoom);
  assert.deepEqual(first.clusters.map((c) => c.count).sort((a, b) => a - b), want.counts);
  assert.equal(first.dots, want.dots);
  assert.equal(first.clusters.reduce((n, c) => n + c.count, 0) + first.dots, 220, 'every venue, alone or in a cluster');

  // Tab from the map reaches the northernmost cluster first; Enter opens it.
  await page.locator('#paris >> .leaflet-container').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.querySelector('#paris').shadowRoot.activeElement.getAttribute('aria-label'));
  const north = [...want.clusters].sort((a, b) => b.geometry.coordinates[1] - a.geometry.coordinates[1])[0];
  assert.equal(focused, `${north.properties.point_count} lieux ici : rapprocher la carte`);
  const splitsAt = index.getClusterExpansionZoom(north.properties.cluster_id);
  await page.keyboard.press('Enter');
  await page.waitForFunction((z) => Number(document.querySelector('#paris').shadowRoot.querySelector('.tl-map').dataset.overviewZoom) === z, splitsAt);
  const opened = await page.evaluate(() => {
    const root = document.querySelector('#paris').shadowRoot;
    return { active: root.activeElement && root.activeElement.classList.contains('leaflet-container'), status: root.querySelector('.tl-status').textContent };
  });
  assert.ok(opened.active, 'focus is back on the map, not lost with the cluster');
  assert.equal(opened.status, `Carte rapprochée sur ${north.properties.point_count} lieux.`);

  // The mouse too: a click on a cluster zooms in.
  const before = (await overview(page, '#paris')).zoom;
  const cluster = page.locator('#paris >> .tl-cluster').first();
  if (await cluster.count()) {
    await cluster.click();
    await page.waitForFunction((z) => Number(document.querySelector('#paris').shadowRoot.querySelector('.tl-map').dataset.overviewZoom) > z, before);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a search: the numbered results sit above the clusters, and a chip reclusters only what it keeps', async () => {
  const { page, venues } = await open('/tests/pages/clusters.html', '#paris');
  const input = await typeAndWaitSuggestions(page, '75011', '#paris');
  await input.press('Enter');
  await page.waitForFunction(() => document.querySelector('#paris').shadowRoot.querySelectorAll('.tl-marker').length > 0);
  const z = await page.evaluate(() => {
    const root = document.querySelector('#paris').shadowRoot;
    const marker = Math.min(...[...root.querySelectorAll('.tl-marker')].map((m) => Number(getComputedStyle(m).zIndex)));
    const cluster = Math.max(...[...root.querySelectorAll('.tl-cluster')].map((m) => Number(getComputedStyle(m).zIndex)), -Infinity);
    return { marker, cluster };
  });
  assert.ok(z.cluster === -Infinity || z.marker > z.cluster, `results z ${z.marker} above clusters z ${z.cluster}`);
  // The fab lab chip: the overview holds only fab labs, clustered as supercluster would.
  await page.locator('#paris >> .tl-chip', { hasText: 'Fab lab' }).click();
  await page.waitForFunction(() => document.querySelector('#paris').shadowRoot.querySelector('.tl-map').dataset.venuesShown !== '220');
  const fablabs = venues.filter((v) => v.types.includes('fablab'));
  const shown = await overview(page, '#paris');
  assert.equal(shown.venues, fablabs.length);
  const total = shown.clusters.reduce((n, c) => n + c.count, 0) + shown.dots;
  assert.ok(total <= fablabs.length && total > 0, `${total} of ${fablabs.length} fab labs in view`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
