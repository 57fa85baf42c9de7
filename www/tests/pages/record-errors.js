// Records what the engine's own console would show (WebKitWebDriver cannot read it): uncaught
// errors, unhandled rejections, console.error, and the widget's events. Loaded first.
window.__errors = [];
window.__events = [];
window.addEventListener('error', (e) => window.__errors.push(`error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => window.__errors.push(`unhandledrejection: ${e.reason && e.reason.message || e.reason}`));
const consoleError = console.error;
console.error = (...args) => { window.__errors.push(`console.error: ${args.map(String).join(' ')}`); consoleError.apply(console, args); };
for (const n of ['ready', 'search', 'results', 'select', 'error']) {
  document.addEventListener(`tierslieux:${n}`, (e) => window.__events.push({ type: n, target: e.target.id, detail: e.detail }));
}
