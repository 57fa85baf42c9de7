// The `L` that the wasm-bindgen glue of the `leaflet` crate expects as a free identifier. esbuild
// injects this module wherever `L` is used: the bundle carries its own Leaflet 1.9.4 (the ESM
// build, which never reads or writes `window.L`), so a host page's own Leaflet is left alone.
import * as leaflet from 'leaflet/dist/leaflet-src.esm.js';
export { leaflet as L };
