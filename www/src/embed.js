// embed.js: the script of pkg/embed.html, the widget alone in a page made to be framed by sites
// whose CMS strips <script> (contract, "Without a script tag"). It runs after tiers-lieux.js
// (both deferred) and:
//  - mounts one <tiers-lieux-finder> with every option of the query string, by attribute name
//    (?region=53&tiles=none&max-results=5); `--tl-*` keys set the widget's CSS custom properties;
//  - posts to its parent, with targetOrigin "*": {source: "tiers-lieux", type: "height", height}
//    whenever the content's height changes, and {source, type, detail} for ready, search,
//    results, select and error, the events' own details. The person's position is personal data
//    and is never posted: after « Autour de moi » the origin's lat/lon and the distances are null.
// No inline script or style: the page works under the README's strict Content-Security-Policy.
// The shell's sentences it needs, from src/model/i18n/shell.rs (put in by www/build.mjs).
// eslint-disable-next-line no-undef
const shellStrings = __TL_EMBED_TEXT__;

const PREFIX = '[tiers-lieux embed]';
const SOURCE = 'tiers-lieux';
const EVENTS = ['ready', 'search', 'results', 'select', 'error'];
const framed = window.parent !== window;

/** The query string as attributes and CSS custom properties, each checked once. */
function optionsOf(search) {
  const attributes = [];
  const properties = [];
  for (const [key, value] of new URLSearchParams(search)) {
    const name = key.trim().toLowerCase();
    if (/^--tl-[a-z0-9-]+$/.test(name)) properties.push([name, value]);
    else if (/^[a-z][a-z0-9-]*$/.test(name)) attributes.push([name, value]);
    else console.warn(`${PREFIX} "${key}" in the query string is not an option name: ignored.`);
  }
  return { attributes, properties };
}

function post(message) {
  if (framed) window.parent.postMessage({ source: SOURCE, ...message }, '*');
}

/** The event's detail as posted: a plain copy, the person's position taken out. */
function postable(type, detail, state) {
  const copy = detail === undefined || detail === null ? null : JSON.parse(JSON.stringify(detail));
  if (type === 'results' && copy && copy.origin) {
    state.aroundMe = copy.origin.label === state.text.yourPosition;
    if (state.aroundMe) {
      copy.origin.lat = null;
      copy.origin.lon = null;
      for (const r of copy.results || []) r.distanceKm = null;
    }
  }
  if (type === 'select' && copy && copy.venue && state.aroundMe) copy.venue.distanceKm = null;
  return copy;
}

/** Posts the content's height (CSS px) whenever it changes. */
function watchHeight(body) {
  let last = -1;
  const measure = () => {
    const height = Math.ceil(Math.max(body.getBoundingClientRect().height, body.scrollHeight));
    if (height !== last) {
      last = height;
      post({ type: 'height', height });
    }
  };
  if ('ResizeObserver' in window) new ResizeObserver(measure).observe(body);
  else window.addEventListener('resize', measure);
  measure();
}

/** The page in the widget's language (its `lang` and title, its margins through the CSSOM,
 *  allowed by style-src 'self'); returns the texts and the element the widget goes in. */
function preparePage(lang) {
  const text = shellStrings[lang];
  document.documentElement.lang = lang;
  document.title = text.title;
  document.documentElement.style.setProperty('color-scheme', 'light dark');
  document.body.style.margin = '0';
  document.body.style.padding = '0';
  return { text, slot: document.getElementById('tl-embed') || document.body };
}

function start({ attributes, properties }, lang) {
  const { text, slot } = preparePage(lang);
  const state = { text, aroundMe: false };
  const el = document.createElement('tiers-lieux-finder');
  for (const [k, v] of attributes) el.setAttribute(k, v);
  for (const [k, v] of properties) el.style.setProperty(k, v);
  for (const type of EVENTS) {
    el.addEventListener(`tierslieux:${type}`, (e) => post({ type, detail: postable(type, e.detail, state) }));
  }
  slot.replaceChildren(el);
  watchHeight(document.body);
}

/** tiers-lieux.js did not run (missing beside embed.html, or blocked): say so in the frame too. */
function failed(lang) {
  const { text, slot } = preparePage(lang);
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = text.failed;
  slot.replaceChildren(p);
  console.error(`${PREFIX} tiers-lieux.js did not run: embed.html must sit beside it, in the same folder (pkg/).`);
  post({ type: 'error', detail: { code: 'wasm-load', message: text.failed, rows: [] } });
  watchHeight(document.body);
}

const options = optionsOf(location.search);
const lang = options.attributes.some(([k, v]) => k === 'lang' && v.trim().toLowerCase() === 'en') ? 'en' : 'fr';
if (window.TiersLieux) start(options, lang);
else failed(lang);
