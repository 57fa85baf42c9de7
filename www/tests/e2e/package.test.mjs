// pkg/ as a publishable npm package: package.json (name, version, files, exports, licences,
// data attribution), `npm pack`, content-hashed file names beside the stable entry, the
// CHANGELOG, and the pinned entry working in a page. Run after `make build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { setup, newPage, waitReady } from './helpers.mjs';

const PKG = new URL('../../../pkg/', import.meta.url).pathname;
const ROOT = new URL('../../../', import.meta.url).pathname;
const read = (f) => readFileSync(join(PKG, f));
const json = (f) => JSON.parse(read(f).toString());
/** The files of pkg/ an entry of package.json's `files` names (`communes-*.bin`: the slices). */
const expand = (f) => (f.includes('*')
  ? readdirSync(PKG).filter((x) => new RegExp(`^${f.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`).test(x))
  : [f]);

let env;
before(async () => { env = await setup(); });
after(async () => { await env.close(); });

test('package.json: name, version, licences, data attribution, files and exports that exist', () => {
  const p = json('package.json');
  assert.equal(p.name, 'tiers-lieux-finder');
  assert.match(p.version, /^\d+\.\d+\.\d+$/);
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(p.version, cargo, 'the package version is the crate version');
  const changelog = read('CHANGELOG.md').toString();
  assert.equal(changelog.match(/^## (\S+)/m)[1], p.version, 'the CHANGELOG starts with this version');
  assert.equal(p.license, 'MIT AND etalab-2.0');
  assert.match(p.dataAttribution, /ANCT, Mission Coworking 2019/);
  for (const f of p.files) assert.ok(expand(f).length > 0 && expand(f).every((x) => existsSync(join(PKG, x))), `${f} is in pkg/`);
  assert.ok(expand('communes-*.bin').length > 500, 'the gazetteer\'s slices are listed');
  for (const [k, f] of Object.entries(p.exports)) assert.ok(existsSync(join(PKG, f)), `export ${k} → ${f}`);
  assert.equal(p.exports['.'], './tiers-lieux.js');
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', 'DATA-LICENCE.md']) assert.ok(p.files.includes(f), f);
  assert.match(read('DATA-LICENCE.md').toString(), /Licence Ouverte/);
});

test('content-hashed names: each matches its content, the entry loads them, the pinned entry is the same file', () => {
  const m = json('manifest.json');
  assert.equal(m.version, json('package.json').version);
  const entry = read('tiers-lieux.js').toString();
  for (const stable of ['tiers-lieux.wasm', 'communes.bin', 'outlines.geojson', 'tiers-lieux.js']) {
    const file = m[stable];
    const [base, hash] = file.split('.');
    assert.equal(base, stable.split('.')[0]);
    if (stable === 'tiers-lieux.js') {
      assert.ok(read(file).equals(read('tiers-lieux.js')), 'the pinned entry is the stable one');
      assert.equal(createHash('sha256').update(read(file)).digest('hex').slice(0, 10), hash);
    } else {
      assert.equal(createHash('sha256').update(read(file)).digest('hex').slice(0, 10), hash, `${file} is named after its content`);
      assert.ok(entry.includes(file), `the entry loads ${file}`);
      assert.ok(!existsSync(join(PKG, stable)), `no unhashed ${stable} left to go stale`);
    }
  }
});

test('size check: every budgeted file exists, the committed budgets pass, a budget one byte under a file fails naming it', () => {
  const check = (budgets) => {
    try {
      return { code: 0, out: execFileSync('node', [join(ROOT, 'bench/size-check.mjs'), ...(budgets ? ['--budgets', budgets] : [])], { encoding: 'utf8', stdio: 'pipe' }) };
    } catch (e) { return { code: e.status, out: String(e.stdout), err: String(e.stderr) }; }
  };
  const ok = check();
  assert.equal(ok.code, 0, ok.err);
  const wasm = /\| tiers-lieux\.\*\.wasm \| (\d+) \| (\d+) \| ok \|/.exec(ok.out);
  assert.ok(wasm, ok.out);
  const size = Number(wasm[1]);
  // The same file measured independently: the checker's number is the real brotli size.
  const { brotliCompressSync, constants } = zlib;
  const hashed = json('manifest.json')['tiers-lieux.wasm'];
  assert.equal(size, brotliCompressSync(read(hashed), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
  const dir = mkdtempSync(join(tmpdir(), 'tl-budgets-'));
  try {
    const tight = join(dir, 'budgets.txt');
    writeFileSync(tight, `tiers-lieux.*.wasm  ${size - 1}  a test: one byte under the real size\n`);
    const over = check(tight);
    assert.equal(over.code, 1);
    assert.match(over.err, new RegExp(`tiers-lieux\\.\\*\\.wasm: ${size} brotli bytes, over its budget of ${size - 1}`));
    writeFileSync(tight, `tiers-lieux.*.wasm  ${size}  a test: exactly the real size\n`);
    assert.equal(check(tight).code, 0);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('npm pack: the tarball holds exactly the listed files', () => {
  const out = mkdtempSync(join(tmpdir(), 'tl-pack-'));
  try {
    const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: PKG, encoding: 'utf8' }));
    const p = json('package.json');
    assert.equal(info.name, p.name);
    assert.equal(info.version, p.version);
    assert.deepEqual(info.files.map((f) => f.path).sort(), [...p.files.flatMap(expand), 'package.json'].sort());
    assert.ok(existsSync(join(out, info.filename)));
    // The gazetteer's 849 slices hold each place under each of its keys: about 4 MB packed,
    // of which a session downloads a few tens of kilobytes.
    assert.ok(info.size < 6_000_000, `tarball of ${info.size} bytes`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('served as a CDN would: hashed files cached for ever, the entry briefly; the pinned entry works in a page', async () => {
  const m = json('manifest.json');
  const head = async (f) => (await fetch(`${env.base}/tiers-lieux/${f}`)).headers.get('cache-control');
  assert.equal(await head('tiers-lieux.js'), 'public, max-age=300');
  for (const f of [m['tiers-lieux.wasm'], m['communes.bin'], m['tiers-lieux.js']]) {
    assert.equal(await head(f), 'public, max-age=31536000, immutable', f);
  }
  const page = await newPage(env);
  await page.route(`${env.base}/pinned.html`, (r) => r.fulfill({ contentType: 'text/html', body:
    `<!doctype html><html lang="fr"><body><script src="/tiers-lieux/${m['tiers-lieux.js']}" defer></script><tiers-lieux-finder tiles="none"></tiers-lieux-finder></body></html>` }));
  await page.goto(`${env.base}/pinned.html`);
  await waitReady(page);
  assert.ok(await page.evaluate(() => document.querySelector('tiers-lieux-finder').finder.venueCount) > 1900);
  assert.deepEqual(page.errors, []);
  await page.close();
});
