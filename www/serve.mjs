// A small static server for the demo and the tests, on 127.0.0.1 only.
//   /                     → www/ (demo partner page, snippet page, test pages)
//   /tiers-lieux/         → pkg/ (the build), with correct types (application/wasm)
//   /tiles/{z}/{x}/{y}.png → a local tile (tests never reach a real tile server)
//   /node_modules/leaflet/, /node_modules/leaflet-1.7/ → Leaflet 1.9.4 and 1.7.1, for the test
//                          pages whose host runs its own
//   /configurateur.js     → the configurator's script, bundled by `make build` (target/www/)
// Fault paths for the tests: /broken/missing-wasm/ (the .wasm is 404), /broken/wrong-mime/ (the
// .wasm served as text/plain), /broken/no-gazetteer/ (communes.HASH.bin is 404).
// /tiers-lieux/embed.html is always served with the README's strict Content-Security-Policy
// (its img-src naming the IGN and OSM tile hosts).
// Under /tiers-lieux/, content-hashed files are served as a CDN would (cached for a year,
// immutable); the stable entry tiers-lieux.js for 5 minutes.
// Partner-list fault paths: /lists/status/CODE (that HTTP status), /lists/stall.csv (headers,
// then nothing: the widget's idle time-out), /lists/endless.csv (a body past the size limit, no
// Content-Length), /lists/generated.csv?rows=N (N plausible rows spread over France).
// Usage: node www/serve.mjs [--port N]   (0 or absent: a free port); prints the URL.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.geojson': 'application/geo+json', '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream', '.png': 'image/png', '.svg': 'image/svg+xml', '.csv': 'text/csv; charset=utf-8', '.md': 'text/markdown; charset=utf-8',
};

/** A 256×256 PNG of one colour (light grey), built once. */
export function tilePng() {
  const crc = (buf) => { let c = ~0; for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xEDB88320 & -(c & 1)); } return ~c >>> 0; };
  const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(256, 0); ihdr.writeUInt32BE(256, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc(256 * (1 + 256 * 3)); for (let y = 0; y < 256; y++) { const o = y * (1 + 768); for (let x = 0; x < 768; x++) raw[o + 1 + x] = (x % 3 === 2) ? 0xe4 : 0xe8; }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const TILE = tilePng();

/** `rows` venues spread over metropolitan France (a deterministic pseudo-random walk), in the
 *  contract's CSV columns: a large partner list for the load and search tests. */
function generatedCsv(rows) {
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const kinds = ['coworking', 'fablab', 'atelier', 'tiers-lieu'];
  const words = ['Atelier', 'Fabrique', 'Maison', 'Café', 'Hangar', 'Grange', 'Labo', 'Comptoir', 'Ruche', 'Usine'];
  const places = ['du Port', 'des Halles', 'de la Gare', 'du Moulin', 'des Tisserands', 'de la Forge', 'du Marché', 'des Possibles'];
  const out = ['nom,adresse,commune,code_insee,latitude,longitude,site_web,types,id'];
  for (let i = 0; i < rows; i++) {
    const lat = (43.2 + rnd() * 7.5).toFixed(5);
    const lon = (-4.3 + rnd() * 11.8).toFixed(5);
    const name = `${words[i % words.length]} ${places[(i * 7) % places.length]} n°${i}`;
    out.push(`${name},${i % 97} rue de l'Exemple,,,${lat},${lon},https://lieu-${i}.example.fr,${kinds[i % 4]},gen-${i}`);
  }
  return out.join('\n') + '\n';
}

/** The README's strict policy (with tiles from this server: img-src 'self'). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/** embed.html's policy: the strict one, with the two tile hosts the widget knows by name. */
export const EMBED_CSP = STRICT_CSP.replace("img-src 'self' data:", "img-src 'self' data: https://data.geopf.fr https://tile.openstreetmap.org");

export function startServer(port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(path)) {
      res.writeHead(200, { ...headers, 'Content-Type': 'image/png' });
      return res.end(TILE);
    }
    const list = path.match(/^\/lists\/(status\/(\d{3})|stall\.csv|endless\.csv|generated\.csv)$/);
    if (list) {
      if (list[2]) { res.writeHead(Number(list[2]), { ...headers, 'Content-Type': 'text/plain' }); return res.end(`status ${list[2]}`); }
      if (list[1] === 'stall.csv') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
        res.write('nom,latitude,longitude\n');
        // Nothing more; closed after 40 s so a test server never keeps sockets for ever.
        const t = setTimeout(() => res.end(), 40000);
        req.on('close', () => clearTimeout(t));
        return undefined;
      }
      if (list[1] === 'endless.csv') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
        const chunk = Buffer.from('Lieu,48.1,-1.6\n'.repeat(4096));
        let sent = 0;
        const push = () => {
          while (sent < 64 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', push);
          }
          return res.end();
        };
        res.write('nom,latitude,longitude\n');
        req.on('close', () => { sent = Infinity; });
        return push();
      }
      const rows = Math.min(Number(url.searchParams.get('rows')) || 1000, 60000);
      res.writeHead(200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
      return res.end(generatedCsv(rows));
    }
    let file;
    let type;
    const broken = path.match(/^\/broken\/(missing-wasm|wrong-mime|no-gazetteer)\/(.*)$/);
    if (broken) {
      const [, fault, rest] = broken;
      if ((fault === 'missing-wasm' && rest.endsWith('.wasm')) || (fault === 'no-gazetteer' && /^communes\.[0-9a-f]+\.bin$/.test(rest))) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      file = join(root, 'pkg', rest);
      if (fault === 'wrong-mime' && rest.endsWith('.wasm')) type = 'text/plain';
    } else if (path.startsWith('/tiers-lieux/')) {
      file = join(root, 'pkg', path.slice('/tiers-lieux/'.length));
      headers['Cache-Control'] = /\.[0-9a-f]{10}\.\w+$/.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
    }
    else if (/^\/node_modules\/leaflet(-1\.7)?\//.test(path)) file = join(root, path);
    else if (path === '/configurateur.js') file = join(root, 'target/www/configurateur.js');
    else file = join(root, 'www', path.endsWith('/') ? path + 'index.html' : path);
    file = normalize(file);
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const extra = {};
      // A test page may ask for a Content-Security-Policy (the policy the README documents).
      if (url.searchParams.has('csp') && file.endsWith('.html')) extra['Content-Security-Policy'] = url.searchParams.get('csp');
      if (path === '/tiers-lieux/embed.html') extra['Content-Security-Policy'] = EMBED_CSP;
      res.writeHead(200, { ...headers, ...extra, 'Content-Type': type || TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 0;
  const server = await startServer(port);
  const { port: p } = server.address();
  console.log(`Demo partner page: http://127.0.0.1:${p}/`);
  console.log(`Snippet to copy:   http://127.0.0.1:${p}/snippet.html`);
  console.log(`Partner list demo: http://127.0.0.1:${p}/reseau.html`);
  console.log(`Configurator:      http://127.0.0.1:${p}/configurateur.html`);
  console.log(`Without a script:  http://127.0.0.1:${p}/tiers-lieux/embed.html?region=53 (the page an iframe shows)`);
  console.log('(Ctrl-C to stop)');
}
