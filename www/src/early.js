// Evaluated first (entry.js imports it before the wasm glue and Leaflet): when this script will
// mount a widget, the wasm's download starts now rather than after the rest of the bundle has
// run (Leaflet's set-up, the element's definition: about 50 ms at CPU ×4, measured in
// bench/side-by-side.mjs's timeline; parsing the bundle, about 0.2 s, comes before any of it).
// A script that mounts nothing (a bare tag with no <tiers-lieux-finder> in the page yet) fetches
// nothing here.

// Captured now: document.currentScript is only set while this script runs.
export const thisScript = document.currentScript
  || [...document.querySelectorAll('script[src]')].reverse().find((s) => /tiers-lieux(\.[\w-]+)?\.js(\?|#|$)/.test(s.src));
const assetBase = new URL('.', (thisScript && thisScript.src) || document.baseURI).href;
// The build's file names (content-hashed, see www/build.mjs), beside this script.
// eslint-disable-next-line no-undef
export const ASSETS = __TL_ASSETS__;
export const assetUrl = (key) => new URL(ASSETS[key], assetBase).href;

const willMount = (thisScript && Object.keys(thisScript.dataset).length > 0) || document.querySelector('tiers-lieux-finder') !== null;

/** The wasm's fetch, started early (or null): taken once by the loader. */
let early = willMount && typeof WebAssembly === 'object' && typeof fetch === 'function' ? fetch(assetUrl('wasm')) : null;
// A failure is the loader's to report (`fetchWasm`): not an unhandled rejection here.
if (early) early.catch(() => {});
export function takeEarlyWasm() {
  const e = early;
  early = null;
  return e;
}
