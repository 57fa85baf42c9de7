// Evaluated first (entry.js imports it before anything else): when this script will mount a
// widget, the wasm's download and the widget's code (`tiers-lieux-core.HASH.js`: the wasm glue
// and Leaflet) start now, side by side, rather than after a bundle holding both had been parsed
// and run (about 0.2 s at CPU ×4, measured in bench/side-by-side.mjs's timeline). A script that
// mounts nothing (a bare tag with no <tiers-lieux-finder> in the page yet) fetches nothing here,
// and neither does a second copy of the script (the first one's `TiersLieux` serves the page).

// Captured now: document.currentScript is only set while this script runs.
export const thisScript = document.currentScript
  || [...document.querySelectorAll('script[src]')].reverse().find((s) => /tiers-lieux(\.[\w-]+)?\.js(\?|#|$)/.test(s.src));
const assetBase = new URL('.', (thisScript && thisScript.src) || document.baseURI).href;
// The build's file names (content-hashed, see www/build.mjs), beside this script.
// eslint-disable-next-line no-undef
export const ASSETS = __TL_ASSETS__;
export const assetUrl = (key) => new URL(ASSETS[key], assetBase).href;

const first = !window.TiersLieux;
const willMount = first && ((thisScript && Object.keys(thisScript.dataset).length > 0) || document.querySelector('tiers-lieux-finder') !== null);

/** The wasm's fetch, started early (or null): taken once by the loader. */
let early = willMount && typeof WebAssembly === 'object' && typeof fetch === 'function' ? fetch(assetUrl('wasm')) : null;
// A failure is the loader's to report (`fetchWasm`): not an unhandled rejection here.
if (early) early.catch(() => {});
export function takeEarlyWasm() {
  const e = early;
  early = null;
  return e;
}

let main = null;
/** The widget's code (`tiers-lieux-core.HASH.js`), loaded once: resolves with its
 *  `{init, mountWidget}`, handed over through its own script element (no global). */
export function loadMain() {
  if (!main) {
    main = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      const url = assetUrl('main');
      let started = false;
      script.src = url;
      script.async = true;
      script._tlBoot = (exports) => { started = true; resolve(exports); };
      script.onerror = () => { script.remove(); reject(new Error(`${url}: the script could not be loaded`)); };
      script.onload = () => { script.remove(); if (!started) reject(new Error(`${url}: the script did not start`)); };
      (document.head || document.documentElement).append(script);
    });
    // A failure is the loader's to report (`loadWasm`): not an unhandled rejection here.
    main.catch(() => {});
  }
  return main;
}
if (willMount && typeof WebAssembly === 'object') loadMain();
