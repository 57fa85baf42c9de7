// esbuild plugin shared by the widget's build (www/build.mjs) and the benchmark's JS baseline
// (bench/baseline/build.mjs): Leaflet's CSS loaded as text, with its images inlined as data URLs
// (the bundle never fetches them from elsewhere).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function inlineLeafletCss(root) {
  const leafletDir = join(root, 'node_modules/leaflet/dist');
  return {
    name: 'leaflet-css-inline',
    setup(b) {
      b.onLoad({ filter: /leaflet[\\/]dist[\\/]leaflet\.css$/ }, (args) => {
        const css = readFileSync(args.path, 'utf8').replace(/url\((images\/[\w-]+\.png)\)/g, (_, p) =>
          `url(data:image/png;base64,${readFileSync(join(leafletDir, p)).toString('base64')})`);
        return { contents: css, loader: 'text' };
      });
    },
  };
}
