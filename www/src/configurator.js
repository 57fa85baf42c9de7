// The configurator page (www/configurateur.html): a webmaster chooses scope, venue types, base
// map, language, behaviour and look; the live widget follows; the snippet, the matching
// Content-Security-Policy and an accessibility statement are written for them to copy.
// Bundled by www/build.mjs with the régions and départements of the committed gazetteer.
import regions from '../../data/gazetteer/regions.json';
import departements from '../../data/gazetteer/departements.json';

const DEFAULTS = { lang: 'fr', tiles: 'ign', 'max-results': '10', accent: '#2f4ac0', radius: '6', height: '380' };
const TILE_HOSTS = { ign: 'https://data.geopf.fr', osm: 'https://tile.openstreetmap.org', none: '' };
const SCRIPT_SRC = '/tiers-lieux/tiers-lieux.js';
const EMBED_SRC = '/tiers-lieux/embed.html';
const RESIZER_SRC = '/tiers-lieux/tiers-lieux-iframe.js';

const $ = (id) => document.getElementById(id);
const form = $('config');
const byName = (a, b) => a.nom.localeCompare(b.nom, 'fr');

function fillRegions() {
  for (const r of [...regions].sort(byName)) $('cfg-region').append(new Option(`${r.nom} (${r.code})`, r.code));
}

function fillDepartements() {
  const region = $('cfg-region').value;
  const select = $('cfg-departement');
  const keep = select.value;
  select.length = 1;
  select.options[0].text = region ? 'Tous les départements de la région' : 'Tous les départements';
  for (const d of departements.filter((x) => !region || x.region === region).sort((a, b) => a.code.localeCompare(b.code))) {
    select.append(new Option(`${d.code} – ${d.nom}`, d.code));
  }
  select.value = [...select.options].some((o) => o.value === keep) ? keep : '';
}

function fillTypes() {
  const set = $('cfg-types');
  for (const t of window.TiersLieux.types) {
    const div = document.createElement('div');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `cfg-type-${t.key}`;
    box.name = 'types';
    box.value = t.key;
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = t.label;
    div.append(box, label);
    set.append(div);
  }
}

/** A "report an error" address the widget accepts: https: or mailto:, or empty. */
function validReport(v) {
  return v === '' || /^https:\/\/[^\s/]+/i.test(v) || /^mailto:[^\s@]+@[^\s@]+$/i.test(v);
}

/** The configuration: widget attributes (in order, defaults left out) and CSS custom properties. */
function readConfig() {
  const f = new FormData(form);
  const attrs = [];
  const add = (name, value) => { if (value !== '' && value !== undefined && value !== DEFAULTS[name]) attrs.push([name, value]); };
  add('region', f.get('departement') ? '' : f.get('region'));
  add('departement', f.get('departement'));
  add('types', f.getAll('types').join(','));
  add('tiles', f.get('tiles'));
  if (f.get('consent') && f.get('tiles') !== 'none') attrs.push(['consent', 'click']);
  add('lang', f.get('lang'));
  const max = Number(f.get('max-results'));
  add('max-results', Number.isInteger(max) && max >= 1 && max <= 50 ? String(max) : '');
  if (f.get('history')) attrs.push(['history', 'hash']);
  const report = String(f.get('report-url') || '').trim();
  $('cfg-report-error').textContent = validReport(report) ? '' : 'Adresse non prise en compte : elle doit commencer par https:// ou mailto:';
  if (report && validReport(report)) attrs.push(['report-url', report]);
  const style = [];
  if (f.get('accent') !== DEFAULTS.accent) style.push(['--tl-accent', f.get('accent')]);
  if (f.get('radius') !== DEFAULTS.radius) style.push(['--tl-radius', `${f.get('radius')}px`]);
  if (f.get('height') !== DEFAULTS.height) style.push(['--tl-map-height', `${f.get('height')}px`]);
  return { attrs, style, tiles: f.get('tiles'), lang: f.get('lang') };
}

const escapeAttr = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const styleText = (style) => style.map(([k, v]) => `${k}: ${v}`).join('; ');

function snippetOf(c) {
  const attrs = c.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  const style = c.style.length ? ` style="${escapeAttr(styleText(c.style))}"` : '';
  const fallback = c.lang === 'en' ? 'Loading the map of third places…' : 'Chargement de la carte des tiers-lieux…';
  return `<script src="${SCRIPT_SRC}" defer></script>\n<tiers-lieux-finder${attrs}${style}>\n  <p>${fallback}</p>\n</tiers-lieux-finder>`;
}

/** The same choices as an iframe of embed.html: options and CSS custom properties in its query
 *  string (history left out: the frame's own address is not the page's). */
function iframeOf(c) {
  const query = new URLSearchParams([...c.attrs.filter(([k]) => k !== 'history'), ...c.style]).toString();
  const src = query ? `${EMBED_SRC}?${query}` : EMBED_SRC;
  const title = c.lang === 'en' ? 'Find a third place near you' : 'Trouver un tiers-lieu près de chez vous';
  return `<iframe src="${escapeAttr(src)}" title="${title}"\n        style="width:100%;height:640px;border:0" allow="geolocation" data-tiers-lieux></iframe>`;
}

function cspOf(c) {
  const img = ["'self'", 'data:', TILE_HOSTS[c.tiles]].filter(Boolean).join(' ');
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src ${img}; connect-src 'self'`;
}

function statementOf(c) {
  const map = c.tiles === 'none' ? 'une carte simplifiée des départements' : 'une carte (fond de carte ' + (c.tiles === 'osm' ? 'OpenStreetMap' : 'IGN') + ')';
  return `Le module « Trouver un tiers-lieu » de cette page présente les tiers-lieux sous forme de liste et sur ${map}. `
    + 'La liste est une alternative complète à la carte : chaque lieu y figure avec sa distance, son adresse, ses liens et ses détails. '
    + "Le module s'utilise entièrement au clavier (recherche avec suggestions, filtres, résultats, détails, lien d'évitement de la carte), "
    + "annonce ses résultats et ses messages aux lecteurs d'écran, respecte les réglages d'agrandissement du texte, de mouvement réduit et de mode sombre, "
    + "et ne montre aucun contenu en anglais sur une page en français. Ses éditeurs le vérifient avec axe-core (WCAG 2.1 A et AA) et au clavier à chaque version. "
    + "Cette information ne remplace pas l'audit de conformité RGAA de votre page.";
}

let timer = 0;
let shown = '';
function update() {
  const c = readConfig();
  const snippet = snippetOf(c);
  $('snippet').value = snippet;
  $('iframe-snippet').value = iframeOf(c);
  $('iframe-resizer').textContent = `<script src="${RESIZER_SRC}" defer></script>`;
  $('csp').textContent = cspOf(c);
  $('a11y-statement').textContent = statementOf(c);
  $('css-alternative').textContent = c.style.length ? `tiers-lieux-finder {\n${c.style.map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}` : '';
  $('css-alternative-intro').hidden = c.style.length === 0;
  $('cfg-radius-out').value = $('cfg-radius').value;
  $('cfg-height-out').value = $('cfg-height').value;
  if (snippet === shown) return;
  shown = snippet;
  // The preview is the snippet's element itself (history left out: the configurator's own URL stays).
  clearTimeout(timer);
  timer = setTimeout(() => {
    const el = document.createElement('tiers-lieux-finder');
    for (const [k, v] of c.attrs) if (k !== 'history') el.setAttribute(k, v);
    for (const [k, v] of c.style) el.style.setProperty(k, v);
    $('preview').replaceChildren(el);
  }, 250);
}

async function copySnippet(source, statusId) {
  const status = $(statusId);
  try {
    await navigator.clipboard.writeText($(source).value);
    status.textContent = 'Code copié.';
  } catch {
    $(source).select();
    status.textContent = 'Copie automatique impossible : le code est sélectionné, copiez-le avec Ctrl+C (ou Cmd+C).';
  }
}

function start() {
  fillRegions();
  fillDepartements();
  fillTypes();
  $('cfg-region').addEventListener('change', fillDepartements);
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', (e) => e.preventDefault());
  $('copy-snippet').addEventListener('click', () => copySnippet('snippet', 'copy-status'));
  $('copy-iframe').addEventListener('click', () => copySnippet('iframe-snippet', 'copy-iframe-status'));
  update();
}

// The widget's script (loaded first, deferred) defines window.TiersLieux and its types.
if (window.TiersLieux) start();
else window.addEventListener('DOMContentLoaded', start, { once: true });
