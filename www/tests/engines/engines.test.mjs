// The citizen's journey (journey.mjs) in Firefox ESR and in WebKitGTK, the engines of about half
// of French phones' browsers besides Chromium (which runs every other test). Screenshots of each
// state go to target/engines/. Run by `make test-engines` (part of `make test`).
import { test, before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve.mjs';
import { firefox, webkit } from './drivers.mjs';
import { journey } from './journey.mjs';

const OUT = fileURLToPath(new URL('../../../target/engines/', import.meta.url));
mkdirSync(OUT, { recursive: true });

let server;
let base;
before(async () => { server = await startServer(0); base = `http://127.0.0.1:${server.address().port}`; });
after(() => server.close());

for (const [name, launch] of [['Firefox ESR', firefox], ['WebKitGTK', webkit]]) {
  test(`${name}: search, results, select, details, list / map toggle, embed.html, « Autour de moi » refused in a frame`, { timeout: 180000 }, async () => {
    const d = await launch({ width: 1280, height: 900 });
    try {
      await journey(d, base, OUT);
    } finally {
      await d.close();
    }
  });
}
