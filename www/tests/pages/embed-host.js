// The host of the embed tests: one iframe of pkg/embed.html from the other origin, with the
// options given in this page's `?options=` (a query string), and a record of what it posts and
// of the events tiers-lieux-iframe.js re-dispatches on it.
window.__messages = [];
window.__frameEvents = [];
const params = new URLSearchParams(location.search);
window.addEventListener('message', (e) => {
  if (e.data && e.data.source === 'tiers-lieux') window.__messages.push({ origin: e.origin, ...e.data });
});
for (const n of ['ready', 'search', 'results', 'select', 'error']) {
  document.addEventListener(`tierslieux:${n}`, (e) => window.__frameEvents.push({ type: e.type, target: e.target.id, detail: e.detail }));
}
const f = document.createElement('iframe');
f.id = 'finder';
f.title = 'Trouver un tiers-lieu près de chez vous';
f.src = `http://localhost:${location.port}/tiers-lieux/embed.html?${params.get('options') || ''}`;
f.setAttribute('data-tiers-lieux', '');
if (params.get('allow') !== '0') f.allow = 'geolocation';
f.style.cssText = 'display:block;width:100%;height:640px;border:0';
document.getElementById('frames').append(f);
