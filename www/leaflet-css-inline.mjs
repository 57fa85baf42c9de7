// esbuild plugin shared by the widget's build (www/build.mjs) and the benchmark's JS baseline
// (bench/baseline/build.mjs): Leaflet's CSS loaded as text, with its images inlined as data URLs
// (the bundle never fetches them from elsewhere), or left out (`images: false`): the widget draws
// every marker as a divIcon or a circle and has no layers control, so Leaflet's default marker
// and layers images are never shown (3.4 KB brotli before ready).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function inlineLeafletCss(root, { images = true } = {}) {
  const leafletDir = join(root, 'node_modules/leaflet/dist');
  return {
    name: 'leaflet-css-inline',
    setup(b) {
      b.onLoad({ filter: /leaflet[\\/]dist[\\/]leaflet\.css$/ }, (args) => {
        const css = readFileSync(args.path, 'utf8').replace(/url\((images\/[\w-]+\.png)\)/g, (_, p) =>
          (images ? `url(data:image/png;base64,${readFileSync(join(leafletDir, p)).toString('base64')})` : 'none'));
        return { contents: css, loader: 'text' };
      });
    },
  };
}
