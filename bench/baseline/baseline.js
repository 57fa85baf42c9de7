// The plain-JavaScript baseline of the side-by-side benchmark: the same widget as a skilled
// JavaScript developer would ship it, on the same data and with the same events. Leaflet 1.9.4,
// kdbush + geokdbush for nearest, uFuzzy for accent-insensitive type-ahead, the venues and the
// gazetteer as lean JSON: one array per field, only the fields search and the list need (written by
// `tl-data --baseline-json` from the very assets the widget uses), one minified bundle
// (bench/baseline/build.mjs). Not shipped: it exists to be measured against.
//
// What it does, as the widget does: a <tiers-lieux-finder> in an open shadow root; a search box
// (combobox + listbox of up to 8 suggestions: départements by code, postcodes, communes, former
// communes, venues); choosing one lists the 10 nearest venues and puts numbered markers on the
// map; every venue is a dot on a canvas overview; `tierslieux:ready|search|results` events.
import * as L from 'leaflet/dist/leaflet-src.esm.js';
import leafletCss from 'leaflet/dist/leaflet.css';
import { around, distance } from 'geokdbush';
import { index, search } from './search.mjs';

const K = 10;
const here = new URL('.', document.currentScript.src).href;
const TILES_DEFAULT = 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
const TYPE_LABELS = { coworking: 'Coworking', fablab: 'Fab lab', atelier: 'Atelier partagé', 'tiers-lieu': 'Tiers-lieu' };

const CSS = `
:host { display: block; font: 16px/1.4 system-ui, sans-serif; color: #1b1f24; }
.b-search { position: relative; }
.b-input { width: 100%; box-sizing: border-box; font: inherit; padding: 8px; }
.b-list { position: absolute; z-index: 1000; left: 0; right: 0; margin: 0; padding: 0; list-style: none; background: #fff; border: 1px solid #767676; }
.b-list[hidden] { display: none; }
.b-list li { padding: 6px 8px; cursor: pointer; display: flex; justify-content: space-between; gap: 8px; }
.b-list li[aria-selected="true"] { background: #e7ecff; }
.b-kind { color: #555; font-size: 0.85em; }
.b-map { height: 320px; margin: 8px 0; }
.b-results { margin: 0; padding-left: 1.5em; }
.b-results li { margin: 0 0 8px; }
.b-marker { background: #2f4ac0; color: #fff; border-radius: 50%; text-align: center; line-height: 30px; font-weight: bold; }
`;

let dataPromise = null;
/** The venues and the gazetteer, fetched in parallel and indexed once for every widget. */
function loadData() {
  if (!dataPromise) {
    dataPromise = Promise.all([
      fetch(new URL('venues-lean.json', here)).then((r) => r.json()),
      fetch(new URL('communes.json', here)).then((r) => r.json()),
    ]).then(([v, c]) => index(v, c));
  }
  return dataPromise;
}

function venue(d, i) {
  const v = d.v;
  return { id: v.id[i], name: v.name[i], commune: v.commune[i], address: v.address[i], website: v.website[i],
    types: v.types[i].map((t) => v.typeKeys[t]), lat: v.lat[i], lon: v.lon[i] };
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function safeHref(url) {
  try { const u = new URL(url); return ['http:', 'https:'].includes(u.protocol) ? u.href : null; } catch { return null; }
}

class Finder {
  constructor(host) {
    this.host = host;
    const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(leafletCss + CSS);
    root.adoptedStyleSheets = [sheet];
    const label = el('label', 'b-label', "Commune, code postal ou nom d'un lieu");
    label.htmlFor = 'b-input';
    const box = el('div', 'b-search');
    this.input = el('input', 'b-input');
    this.input.id = 'b-input';
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-controls', 'b-list');
    this.input.setAttribute('aria-expanded', 'false');
    this.input.disabled = true;
    this.list = el('ul', 'b-list');
    this.list.id = 'b-list';
    this.list.setAttribute('role', 'listbox');
    this.list.hidden = true;
    box.append(this.input, this.list);
    this.status = el('p', 'b-status', 'Chargement des tiers-lieux…');
    this.status.setAttribute('role', 'status');
    const mapEl = el('div', 'b-map');
    this.results = el('ol', 'b-results');
    root.append(label, box, this.status, mapEl, this.results);
    this.map = L.map(mapEl, { preferCanvas: true }).setView([46.6, 2.4], 5);
    L.tileLayer(host.getAttribute('tiles') || TILES_DEFAULT, { maxZoom: 18, attribution: 'Fond de carte' }).addTo(this.map);
    this.resultLayer = L.layerGroup().addTo(this.map);
    this.suggestions = [];
    this.active = -1;
    this.wire();
    loadData().then((d) => this.ready(d), (e) => {
      this.status.textContent = `Les données n'ont pas pu être chargées (${e.message}).`;
      this.status.setAttribute('role', 'alert');
    });
  }

  ready(d) {
    this.data = d;
    const renderer = L.canvas();
    const dots = L.featureGroup();
    for (let i = 0; i < d.v.id.length; i++) {
      L.circleMarker([d.v.lat[i], d.v.lon[i]], { renderer, radius: 4, color: '#ffffff', weight: 1, fillColor: '#3b5bdb', fillOpacity: 0.85 }).addTo(dots);
    }
    dots.addTo(this.map);
    this.input.disabled = false;
    this.status.textContent = `${d.v.id.length} tiers-lieux`;
    this.emit('ready', { venues: d.v.id.length });
  }

  emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent(`tierslieux:${name}`, { bubbles: true, composed: true, detail }));
  }

  wire() {
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => {
      const n = this.suggestions.length;
      if (e.key === 'ArrowDown' && n) { e.preventDefault(); this.setActive((this.active + 1) % n); }
      else if (e.key === 'ArrowUp' && n) { e.preventDefault(); this.setActive((this.active - 1 + n) % n); }
      else if (e.key === 'Enter' && n) { e.preventDefault(); this.choose(Math.max(this.active, 0)); }
      else if (e.key === 'Escape') this.close();
    });
    this.list.addEventListener('mousedown', (e) => e.preventDefault());
    this.list.addEventListener('click', (e) => {
      const li = e.target.closest('[role=option]');
      if (li) this.choose(Number(li.dataset.index));
    });
  }

  onInput() {
    const query = this.input.value;
    if (!this.data || !query.trim()) { this.close(); return; }
    this.suggestions = search(this.data, query);
    const frag = document.createDocumentFragment();
    this.suggestions.forEach((s, i) => {
      const li = el('li');
      li.id = `b-opt-${i}`;
      li.dataset.index = i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.append(el('span', 'b-option-label', s.label), el('span', 'b-kind', s.kind));
      frag.append(li);
    });
    this.list.replaceChildren(frag);
    this.list.hidden = this.suggestions.length === 0;
    this.input.setAttribute('aria-expanded', String(!this.list.hidden));
    this.active = -1;
    this.status.textContent = `${this.suggestions.length} suggestions`;
    this.emit('search', { query, suggestions: this.suggestions });
  }

  setActive(i) {
    this.active = i;
    [...this.list.children].forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    this.input.setAttribute('aria-activedescendant', `b-opt-${i}`);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }

  choose(i) {
    const s = this.suggestions[i];
    if (!s || s.lat === null) return;
    this.close();
    this.input.value = s.label;
    const d = this.data;
    const ids = around(d.venueIndex, s.lon, s.lat, K);
    const results = ids.map((id) => ({ ...venue(d, id), distanceKm: distance(s.lon, s.lat, d.v.lon[id], d.v.lat[id]) }));
    this.results.replaceChildren(...results.map((r, n) => {
      const li = el('li');
      li.append(el('strong', '', r.name), el('span', '', ` — ${r.distanceKm.toFixed(1).replace('.', ',')} km`));
      li.append(el('div', '', `${r.commune} · ${r.types.map((t) => TYPE_LABELS[t] || t).join(', ')}`));
      if (r.address) li.append(el('div', '', r.address));
      const href = safeHref(r.website);
      if (href) { const a = el('a', '', 'Site web'); a.href = href; a.target = '_blank'; a.rel = 'noopener'; li.append(a); }
      li.dataset.n = n + 1;
      return li;
    }));
    this.resultLayer.clearLayers();
    const bounds = L.latLngBounds([[s.lat, s.lon]]);
    L.circleMarker([s.lat, s.lon], { radius: 8, color: '#1b1f24', weight: 3, fillColor: '#ffd43b', fillOpacity: 1 }).addTo(this.resultLayer);
    results.forEach((r, n) => {
      const icon = L.divIcon({ className: 'b-marker', html: String(n + 1), iconSize: [30, 30] });
      L.marker([r.lat, r.lon], { icon, title: `${n + 1}. ${r.name}`, alt: `${n + 1}. ${r.name}`, keyboard: true }).addTo(this.resultLayer);
      bounds.extend([r.lat, r.lon]);
    });
    this.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
    this.status.textContent = `${results.length} tiers-lieux autour de ${s.label}`;
    this.emit('results', { origin: { lat: s.lat, lon: s.lon, label: s.label }, results });
  }
}

if (!customElements.get('tiers-lieux-finder')) {
  customElements.define('tiers-lieux-finder', class extends HTMLElement {
    connectedCallback() { if (!this.finder) this.finder = new Finder(this); }
  });
}
