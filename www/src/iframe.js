// tiers-lieux-iframe.js: optional, for host pages that may run a script. Resizes every
// <iframe data-tiers-lieux> showing pkg/embed.html to the height its content posts
// ({source: "tiers-lieux", type: "height", height}), and re-dispatches the widget's other
// messages on that iframe as the events a script-tag widget fires (tierslieux:results, …,
// bubbling), so a host listens the same way to both. Loading it twice does no harm.
(() => {
  const KEY = Symbol.for('tiers-lieux-iframe');
  if (window[KEY]) return;
  Object.defineProperty(window, KEY, { value: true });
  const TYPES = ['ready', 'search', 'results', 'select', 'error'];
  const MAX_HEIGHT = 20000;

  /** The tiers-lieux iframe whose window sent `source`, if any. */
  function frameOf(source) {
    for (const f of document.querySelectorAll('iframe[data-tiers-lieux]')) if (f.contentWindow === source) return f;
    return null;
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object' || m.source !== 'tiers-lieux') return;
    const frame = frameOf(e.source);
    if (!frame) return;
    if (m.type === 'height') {
      const h = Number(m.height);
      if (Number.isFinite(h) && h > 0) frame.style.height = `${Math.min(Math.ceil(h), MAX_HEIGHT)}px`;
    } else if (TYPES.includes(m.type)) {
      frame.dispatchEvent(new CustomEvent(`tierslieux:${m.type}`, { bubbles: true, detail: m.detail }));
    }
  });
})();
