// The citizen's journey, the same in every engine (drivers.mjs): search a town, get results,
// select one, open and close its details; in a narrow widget the filters fold and « Liste » /
// « Carte » toggle; pkg/embed.html in a cross-origin frame under its strict CSP, its messages
// and the resizer. Screenshots of each state go to `out`.
import assert from 'node:assert/strict';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
/** A screenshot once the last change has been painted (WebKit's lags a frame or two). */
async function shot(d, path) {
  await sleep(400);
  await d.screenshot(path);
}

/** Polls `fn(...args)` in the page until `check` (on this side) passes its value, and returns
 *  that value; the last value is in the error when it never does. */
async function waitFor(d, what, fn, args = [], check = Boolean, timeout = 30000) {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await d.eval(fn, ...args);
    if (check(v)) return v;
    if (Date.now() > until) throw new Error(`${d.name}: timed out waiting for ${what} (last seen: ${JSON.stringify(v)})`);
    await sleep(100);
  }
}

// Page functions (each self-contained: it runs in the engine).
const ready = (h) => { const el = document.querySelector(h); return !!(el && el.finder && el.shadowRoot.querySelector('.tl-input:not([disabled])')); };
const count = (h, sel) => document.querySelector(h).shadowRoot.querySelectorAll(sel).length;
/** Scrolls the element into the middle of the view; returns its centre (viewport px). */
const centreOf = (h, sel) => {
  const el = document.querySelector(h).shadowRoot.querySelector(sel);
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'center' });
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
};
const stateOf = (h) => {
  const root = document.querySelector(h).shadowRoot;
  const shown = (sel) => { const e = root.querySelector(sel); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const attr = (sel, a) => { const e = root.querySelector(sel); return e && e.getAttribute(a); };
  return {
    value: root.querySelector('.tl-input').value,
    results: root.querySelectorAll('.tl-result').length,
    first: (root.querySelector('.tl-result .tl-name') || {}).textContent,
    selected: attr('.tl-result.tl-selected', 'data-id'),
    detailsOpen: root.querySelectorAll('.tl-details:not([hidden])').length,
    popup: (root.querySelector('.leaflet-popup .tl-popup-title') || {}).textContent || null,
    map: shown('.tl-map'),
    filters: shown('.tl-filters'),
    filtersToggle: shown('.tl-filters-toggle'),
    expanded: attr('.tl-filters-toggle', 'aria-expanded'),
    showMap: attr('.tl-show-map', 'aria-pressed'),
    pins: root.querySelectorAll('.tl-marker').length,
  };
};
const events = (type, target) => window.__events.filter((e) => e.type === type && (!target || e.target === target));
const errors = () => window.__errors;

async function click(d, host, sel) {
  const at = await waitFor(d, `${host} ${sel}`, centreOf, [host, sel]);
  await d.clickAt(at.x, at.y);
}

/** embed.html's frame in the host page (each driver finds it its own way: drivers.mjs). */
const IN_FRAME = { url: 'embed.html', selector: '#finder' };

/** Clicks the widget's `sel` in embed.html's frame: the frame's place in the page plus the
 *  element's centre in the frame. */
async function clickInFrame(d, sel) {
  const frame = await d.eval(() => { const f = document.getElementById('finder'); f.scrollIntoView({ block: 'start' }); const r = f.getBoundingClientRect(); return { x: r.left, y: r.top }; });
  const at = await d.frameEval(IN_FRAME, (s) => {
    const r = document.querySelector('tiers-lieux-finder').shadowRoot.querySelector(s).getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, sel);
  await d.clickAt(frame.x + at.x, frame.y + at.y);
}

async function search(d, host, town) {
  await click(d, host, '.tl-input');
  await d.type(town);
  await waitFor(d, `suggestions for ${town}`, (h) => document.querySelector(h).shadowRoot.querySelectorAll('.tl-suggestions:not([hidden]):not([aria-busy]) [role=option]').length > 0, [host]);
  await d.press('Enter');
  await waitFor(d, `results for ${town}`, count, [host, '.tl-result']);
}

export async function journey(d, base, out) {
  // 1. A town, its results by distance, one selected, its details opened and closed (desktop layout).
  await d.open(`${base}/tests/pages/engines.html`);
  await waitFor(d, 'the wide widget', ready, ['#wide']);
  await waitFor(d, 'the narrow widget', ready, ['#narrow']);
  await search(d, '#wide', 'Quimper');
  let s = await d.eval(stateOf, '#wide');
  assert.equal(s.value, 'Quimper (29)', `${d.name}: the chosen place in the box`);
  assert.equal(s.results, 10);
  assert.equal(s.filtersToggle, false, `${d.name}: a wide widget shows its filters unfolded`);
  assert.equal(s.map, true);
  const [results] = (await d.eval(events, 'results', 'wide')).slice(-1);
  assert.equal(results.detail.origin.label, 'Quimper (29)');
  // Nearest first: a precisely placed venue comes after every venue nearer than it (one known
  // only by its commune ranks at its commune's far edge, issue 17).
  results.detail.results.forEach((r, j) => {
    if (r.locatedAtCommuneLevel) return;
    const nearer = results.detail.results.slice(0, j).every((x) => x.distanceKm <= r.distanceKm);
    assert.ok(nearer, `${d.name}: nearest first, ${r.name} at ${r.distanceKm} km`);
  });
  assert.equal(s.first, `1. ${results.detail.results[0].name}`);
  await shot(d, `${out}${d.name}-results.png`);

  await click(d, '#wide', '.tl-result .tl-name');
  s = await waitFor(d, 'the selection', stateOf, ['#wide'], (st) => st.selected && st.detailsOpen && st.popup);
  assert.equal(s.selected, results.detail.results[0].id);
  assert.equal(s.popup, results.detail.results[0].name, `${d.name}: the map's popup shows the venue`);
  assert.equal((await d.eval(events, 'select', 'wide')).pop().detail.venue.id, results.detail.results[0].id);
  await shot(d, `${out}${d.name}-details.png`);
  await click(d, '#wide', '.tl-details:not([hidden]) .tl-close');
  await waitFor(d, 'the details closed', stateOf, ['#wide'], (st) => st.detailsOpen === 0);

  // 2. A narrow widget: filters folded behind « Filtres », the map one tap away.
  s = await d.eval(stateOf, '#narrow');
  assert.equal(s.filtersToggle, true, `${d.name}: « Filtres » in a 380 px widget`);
  assert.equal(s.filters, false);
  assert.equal(s.map, false, `${d.name}: the list first`);
  await search(d, '#narrow', 'Brest');
  await click(d, '#narrow', '.tl-filters-toggle');
  await waitFor(d, 'the filters unfolded', stateOf, ['#narrow'], (st) => st.filters);
  assert.equal((await d.eval(stateOf, '#narrow')).expanded, 'true');
  await click(d, '#narrow', '.tl-filters-toggle');
  await waitFor(d, 'the filters folded', stateOf, ['#narrow'], (st) => !st.filters);
  await click(d, '#narrow', '.tl-show-map');
  s = await waitFor(d, 'the map shown', stateOf, ['#narrow'], (st) => st.map && st.pins > 0);
  assert.equal(s.showMap, 'true');
  await shot(d, `${out}${d.name}-narrow-map.png`);
  await click(d, '#narrow', '.tl-marker:not(.tl-marker-group)');
  await waitFor(d, 'a pin selecting its venue', (t) => window.__events.some((e) => e.type === 'select' && e.target === t), ['narrow']);
  await click(d, '#narrow', '.tl-show-list');
  await waitFor(d, 'the list again', stateOf, ['#narrow'], (st) => !st.map);
  assert.deepEqual(await d.eval(errors), [], `${d.name}: no error, rejection or console.error`);

  // 3. embed.html, framed from the other origin, under the strict CSP.
  const other = new URL(base);
  const options = encodeURIComponent('tiles=/tiles/{z}/{x}/{y}.png&max-results=5');
  await d.open(`${base}/tests/pages/embed-host.html?options=${options}`);
  await waitFor(d, 'the frame ready and sized', () => {
    const h = window.__messages.filter((m) => m.type === 'height').pop();
    return window.__messages.some((m) => m.type === 'ready') && h && document.getElementById('finder').style.height === `${h.height}px`;
  });
  other.hostname = 'localhost';
  await clickInFrame(d, '.tl-input');
  await d.type('Rennes');
  await waitFor(d, 'suggestions in the frame', () => window.__messages.some((m) => m.type === 'search' && m.detail.suggestions.length > 0));
  await d.press('Enter');
  const posted = await waitFor(d, 'results from the frame', () => window.__messages.filter((m) => m.type === 'results').pop());
  assert.equal(posted.detail.origin.label, 'Rennes (35)');
  assert.equal(posted.detail.results.length, 5, `${d.name}: max-results=5 from the query string`);
  assert.ok(posted.origin.startsWith(other.origin.replace(/:\d+$/, '')), `${d.name}: posted by the frame's origin (${posted.origin})`);
  await waitFor(d, 'the frame resized to its results', () => {
    const h = window.__messages.filter((m) => m.type === 'height').pop();
    return document.getElementById('finder').style.height === `${h.height}px` && h.height > 400;
  });
  assert.ok((await d.eval(() => window.__frameEvents.filter((e) => e.type === 'tierslieux:results').length)) >= 1, `${d.name}: the resizer re-dispatches`);
  assert.deepEqual(await d.eval(() => window.__messages.filter((m) => m.type === 'error').map((m) => m.detail.code)), []);
  await shot(d, `${out}${d.name}-embed.png`);

  // 4. « Autour de moi » in a frame without allow="geolocation": this engine does not tell the
  //    frame's policy, so the message names both who may have refused.
  await d.open(`${base}/tests/pages/embed-host.html?allow=0&options=${options}`);
  await waitFor(d, 'the frame ready', () => window.__messages.some((m) => m.type === 'ready'));
  await clickInFrame(d, '.tl-locate');
  const refused = await waitFor(d, 'the refusal posted', () => window.__messages.find((m) => m.type === 'error'));
  assert.equal(refused.detail.code, 'geolocation-denied');
  assert.match(refused.detail.message, /refusée, par le navigateur ou par le site qui affiche cette recherche/, `${d.name}: ${refused.detail.message}`);
  const alert = await d.frameEval(IN_FRAME,
    () => document.querySelector('tiers-lieux-finder').shadowRoot.querySelector('.tl-alert').textContent);
  assert.ok(refused.detail.message.startsWith(alert) && alert.length > 40, `${d.name}: the same words on screen (${alert})`);
}
