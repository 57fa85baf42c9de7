// tiers-lieux.js: the one file a partner includes (about 14 KB). It defines <tiers-lieux-finder>
// and window.TiersLieux, draws the shell, mounts a widget for a script tag that carries data-*
// options, and loads everything else from URLs relative to its own src: the widget's code
// (tiers-lieux-core.HASH.js, with Leaflet) and the wasm side by side, then the gazetteer, the
// venues' details and the outlines.
import { ASSETS, assetUrl, loadMain, takeEarlyWasm, thisScript } from './early.js';
import widgetCss from './widget.css';
import leafletCss from 'leaflet/dist/leaflet.css';
import meta from '../../target/data/meta.json';
import shellStrings from '../../target/data/shell-strings.json';

const PREFIX = '[tiers-lieux]';
// The shell's sentences come from the widget's own (src/model/i18n/shell.rs, `tl-strings`).
const SHELL_TEXT = shellStrings;
/** A shell template with its `{name}` parts filled. */
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));


let sheets = null;
function styleSheets() {
  if (!sheets && 'adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    sheets = [leafletCss, widgetCss].map((text) => { const s = new CSSStyleSheet(); s.replaceSync(text); return s; });
  }
  return sheets;
}

/** Attaches (or reuses) the open shadow root and gives it the widget's styles. */
function shadowOf(host) {
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  const s = styleSheets();
  if (s) root.adoptedStyleSheets = s;
  else if (!root.querySelector('style')) {
    // Old browsers without constructable stylesheets (needs style-src 'unsafe-inline' under a CSP).
    const style = document.createElement('style');
    style.textContent = leafletCss + widgetCss;
    root.append(style);
  }
  return root;
}

function langOf(options) {
  return String(options.lang || '').trim().toLowerCase() === 'en' ? 'en' : 'fr';
}

/** Empties the shadow root (keeping styles) and starts a new `.tl-root` in it. */
function freshRoot(host, lang, state) {
  const root = shadowOf(host);
  for (const n of [...root.childNodes]) if (n.nodeName !== 'STYLE') n.remove();
  const div = document.createElement('div');
  div.className = `tl-root ${state}`;
  div.lang = lang;
  root.append(div);
  return div;
}

/** Where the partner's own content inside the element shows (loading, failure). */
function fallbackSlot() {
  const fallback = document.createElement('div');
  fallback.className = 'tl-fallback';
  fallback.append(document.createElement('slot'));
  return fallback;
}

/** The light shell shown at once, before the wasm arrives, with the partner's fallback content. */
function renderShell(host, lang) {
  const t = SHELL_TEXT[lang];
  const div = freshRoot(host, lang, 'tl-loading');
  const label = document.createElement('label');
  label.className = 'tl-label';
  label.textContent = t.label;
  const row = document.createElement('div');
  row.className = 'tl-search-row';
  const input = document.createElement('input');
  input.className = 'tl-input';
  input.disabled = true;
  input.setAttribute('aria-label', t.label);
  const button = document.createElement('button');
  button.className = 'tl-locate';
  button.disabled = true;
  button.textContent = t.locate;
  row.append(input, button);
  const status = document.createElement('p');
  status.className = 'tl-status-visible';
  status.setAttribute('role', 'status');
  status.textContent = t.loading;
  div.append(label, row, status, fallbackSlot());
}

function renderFailure(host, lang, error) {
  const div = freshRoot(host, lang, 'tl-failed');
  const alert = document.createElement('p');
  alert.className = 'tl-alert';
  alert.setAttribute('role', 'alert');
  alert.textContent = SHELL_TEXT[lang].failed;
  div.append(alert, fallbackSlot());
  host.dispatchEvent(new CustomEvent('tierslieux:error', {
    bubbles: true, composed: true,
    detail: { code: 'wasm-load', message: `${SHELL_TEXT[lang].failed} (${error && error.message || error})`, rows: [] },
  }));
}

/** The console self-check: what is wrong in the host setup and how to fix it, in `lang`. */
function selfCheck(lang) {
  const t = SHELL_TEXT[lang];
  return {
    csp: (url) => fill(t.csp, { url }),
    mime: (url, type) => fill(t.mime, { url, type: type || t.noType }),
    http: (url, status) => fill(t.http, { url, status, wasm: ASSETS.wasm }),
    network: (url, message) => fill(t.network, { url, message }),
    corrupt: (url, message) => fill(t.corrupt, { url, message }),
    noWasm: t.noWasm,
  };
}

/** The .wasm as a Response (served as application/wasm: compiled while it downloads) or as
 *  bytes (any other type: compiled once downloaded, after saying how to fix the server). */
async function fetchWasm(url, check) {
  let response;
  try {
    response = await (takeEarlyWasm() || fetch(url));
  } catch (e) {
    console.error(`${PREFIX} ${check.network(url, e && e.message || e)}`);
    throw e;
  }
  if (!response.ok) {
    console.error(`${PREFIX} ${check.http(url, response.status)}`);
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/wasm') return response;
  console.warn(`${PREFIX} ${check.mime(url, type)}`);
  return response.arrayBuffer();
}

/** The gazetteer's root (28 KB), fetched beside the wasm so that the first letters typed at ready
 *  are answered at once: the widget takes this download instead of its own, once. (Fetched once
 *  the wasm was compiled instead, ready came 0.2 s sooner but the first suggestion 0.1 s later.) */
let communesEarly = null;
function fetchCommunesEarly() {
  const url = assetUrl('communes');
  communesEarly = fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))));
  // Its failure is the widget's to report (it fetches again): not an unhandled rejection here.
  communesEarly.catch(() => {});
}

let wasmReady = null;
function loadWasm(lang) {
  if (!wasmReady) {
    const check = selfCheck(lang);
    if (typeof WebAssembly !== 'object') {
      console.warn(`${PREFIX} ${check.noWasm}`);
      wasmReady = Promise.reject(new Error('this browser has no WebAssembly'));
    } else {
      const url = assetUrl('wasm');
      const wasm = fetchWasm(url, check);
      fetchCommunesEarly();
      const main = loadMain().catch((e) => {
        console.error(`${PREFIX} ${check.network(assetUrl('main'), e && e.message || e)}`);
        throw e;
      });
      wasmReady = Promise.all([wasm, main]).then(([module_or_path, code]) => code.init({ module_or_path }).then(() => code, (e) => {
        const text = String(e && e.message || e);
        if (/Refused|unsafe-eval|Content.Security.Policy/i.test(text)) console.error(`${PREFIX} ${check.csp(url)}`);
        else console.error(`${PREFIX} ${check.corrupt(url, text)}`);
        throw e;
      }));
    }
  }
  return wasmReady;
}

/** Options as a plain object of strings keyed as given (camelCase or attribute names). */
function normalise(options) {
  const out = {};
  for (const [k, v] of Object.entries(options || {})) {
    if (v === undefined || v === null || k === 'target') continue;
    out[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

async function mount(element, options) {
  if (!(element instanceof Element)) throw new TypeError(`${PREFIX} mount(element, options): element must be a DOM element`);
  const opts = normalise(options);
  const lang = langOf(opts);
  if (element.finder && typeof element.finder.destroy === 'function') element.finder.destroy();
  renderShell(element, lang);
  let code;
  try {
    code = await loadWasm(lang);
  } catch (e) {
    renderFailure(element, lang, e);
    throw e;
  }
  const token = {};
  element._tlMountToken = token;
  const finder = await code.mountWidget(element, opts, {
    communes: assetUrl('communes'), communesEarly, outlines: assetUrl('outlines'), details: assetUrl('details'),
  });
  if (element._tlMountToken !== token) {
    // A later mount() on this element started while this one loaded its list: it wins.
    finder.destroy();
    throw new Error(`${PREFIX} mount() superseded by a later mount() on the same element`);
  }
  element.finder = finder;
  finder._announceReady();
  return finder;
}

/** The element's option attributes: every attribute but the generic HTML ones. Names are
 *  checked on the Rust side, which warns about unknown ones. */
function attributesOf(el) {
  const o = {};
  for (const a of el.attributes) {
    if (!['id', 'class', 'style', 'hidden', 'title'].includes(a.name) && !a.name.startsWith('data-') && !a.name.startsWith('aria-')) {
      o[a.name] = a.value;
    }
  }
  return o;
}

function define() {
  if (customElements.get('tiers-lieux-finder')) return;
  customElements.define('tiers-lieux-finder', class extends HTMLElement {
    connectedCallback() {
      if (this._tlMounting) return;
      this._tlMounting = mount(this, attributesOf(this)).then((finder) => {
        // Removed while loading: let go at once.
        if (!this.isConnected) { finder.destroy(); this.finder = undefined; this._tlMounting = null; }
      }).catch(() => { /* shown in the widget and fired as tierslieux:error */ });
    }
    disconnectedCallback() {
      // A move (remove then add in the same task) keeps the widget.
      queueMicrotask(() => {
        if (this.isConnected) return;
        if (this.finder) { this.finder.destroy(); this.finder = undefined; }
        this._tlMounting = null;
      });
    }
  });
}

function mountFromScript(script) {
  if (!script || script._tlMounted) return;
  const data = { ...script.dataset };
  const target = data.target;
  if (target === undefined && Object.keys(data).length === 0) return; // a bare tag only defines the element
  script._tlMounted = true;
  const go = () => {
    let host = null;
    if (target !== undefined) {
      try { host = document.querySelector(target); } catch (e) { host = null; }
      if (!host) console.warn(`${PREFIX} data-target="${target}" matches no element: mounting right after the script instead.`);
    }
    if (!host) {
      host = document.createElement('div');
      host.className = 'tiers-lieux-finder';
      script.after(host);
    }
    TiersLieux.mount(host, data).catch(() => { /* shown in the widget and fired as tierslieux:error */ });
  };
  if (document.readyState === 'loading' && target !== undefined) document.addEventListener('DOMContentLoaded', go, { once: true });
  else go();
}

const TiersLieux = window.TiersLieux || Object.freeze({
  version: meta.version,
  types: Object.freeze(meta.types.map((t) => Object.freeze({ ...t }))),
  mount,
});
if (!window.TiersLieux) {
  Object.defineProperty(window, 'TiersLieux', { value: TiersLieux, configurable: false, enumerable: true, writable: false });
  define();
}
mountFromScript(thisScript);
