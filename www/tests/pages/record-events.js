// Records the widget's events and any CSP violation (an external script: the strict-CSP pages
// allow no inline script).
window.__events = [];
window.__violations = [];
for (const n of ['ready', 'search', 'results', 'select', 'error']) {
  document.addEventListener(`tierslieux:${n}`, (e) => window.__events.push({ type: e.type, detail: e.detail }));
}
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
