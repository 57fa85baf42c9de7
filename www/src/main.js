// tiers-lieux-core.HASH.js: the widget's code, which the entry (tiers-lieux.js) loads beside the
// wasm: the wasm-bindgen glue and, through it, Leaflet 1.9.4 (bundled, never `window.L`). It hands
// its exports to the entry through the script element the entry made (`_tlBoot`): no global.
import init, { mountWidget } from '../../target/wasm-bindgen/tiers_lieux.js';

const script = document.currentScript;
if (script && typeof script._tlBoot === 'function') script._tlBoot({ init, mountWidget });
