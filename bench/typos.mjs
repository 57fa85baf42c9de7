// Typo tolerance, the widget against uFuzzy (issue 17). Draws a fixed, seeded set of misspelt
// commune names from the real gazetteer and writes it with uFuzzy's answers, as the plain-JS
// baseline configures it (bench/baseline/search.mjs: `intraMode: 1`, haystack by population):
//   tests/fixtures/in/typos.json         [{query, code, name, edit}]
//   tests/fixtures/out/typos-ufuzzy.json {found: [bool], recall, of}: the commune in uFuzzy's top 5
// `cargo test --test typos` then runs the widget's search on the same queries and compares.
//
// Each query is one real commune's name (a name no other place has, so « in the top 5 » means the
// right commune) with one edit, chosen uniformly among those the name allows:
//   - a letter dropped, added, swapped with the next, or replaced, in a word of 4 letters or more
//     (at any place in it, the first letter too);
//   - a short linking word (« du », « de », « la », « sur », « les », « en »…) dropped, or mangled
//     by one of the same edits.
// Usage: node bench/typos.mjs [--count 400] [--seed 17]   (needs `npm ci`; builds the data with tl-data)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBaselineJson } from './baseline/data.mjs';
import { index, search } from './baseline/search.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const COUNT = Number(arg('count', 400));
const SEED = Number(arg('seed', 17));
const LINKING = ['au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'lez', 'sous', 'sur'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

// mulberry32: small, seeded, the same on every machine.
let state = SEED >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const dir = writeBaselineJson(root, join(root, 'target/bench/data'));
const p = JSON.parse(readFileSync(join(dir, 'communes.json'), 'utf8'));
const v = JSON.parse(readFileSync(join(dir, 'venues-lean.json'), 'utf8'));
const data = index(v, p);

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const uses = new Map();
for (const n of p.name) uses.set(fold(n), (uses.get(fold(n)) || 0) + 1);
const candidates = p.name.map((_, i) => i).filter((i) => p.kind[i] === 1 && p.lat[i] !== null && uses.get(fold(p.name[i])) === 1);

/** One letter-level edit of `word` (4 letters or more); null when it changes nothing. */
function editWord(word, kind) {
  const chars = [...word];
  const at = Math.floor(random() * chars.length);
  switch (kind) {
    case 'drop': chars.splice(at, 1); break;
    case 'add': chars.splice(Math.floor(random() * (chars.length + 1)), 0, pick(LETTERS)); break;
    case 'swap': {
      const i = Math.floor(random() * (chars.length - 1));
      [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
      break;
    }
    default: chars[at] = pick(LETTERS.replace(chars[at].toLowerCase(), ''));
  }
  const out = chars.join('');
  return fold(out) === fold(word) ? null : out;
}

/** The name's words and what separates them (« Saint-Martin-du-Var » → words and « - »). */
const split = (name) => name.split(/([\s'’-]+)/);

function misspell(name) {
  const parts = split(name);
  const words = parts.map((w, i) => ({ w, i })).filter(({ w }, k) => k % 2 === 0 && w);
  const long = words.filter(({ w }) => [...w].length >= 4);
  const linking = words.filter(({ w }, k) => k > 0 && LINKING.includes(fold(w)));
  const kinds = [];
  if (long.length) kinds.push('drop', 'add', 'swap', 'substitute');
  if (linking.length) kinds.push('linking dropped', 'linking mangled');
  if (!kinds.length) return null;
  for (let attempt = 0; attempt < 10; attempt++) {
    const kind = pick(kinds);
    const copy = [...parts];
    if (kind === 'linking dropped') {
      const { i } = pick(linking);
      copy.splice(i - 1, 2); // the word and the separator before it
    } else if (kind === 'linking mangled') {
      const { w, i } = pick(linking);
      const e = editWord(w, pick(['drop', 'add', 'substitute']));
      if (e === null) continue;
      copy[i] = e;
    } else {
      const { w, i } = pick(long);
      const e = editWord(w, kind);
      if (e === null) continue;
      copy[i] = e;
    }
    const query = copy.join('').replace(/^[\s'’-]+|[\s'’-]+$/g, '');
    if (query && fold(query) !== fold(name)) return { query, edit: kind };
  }
  return null;
}

const cases = [];
const taken = new Set();
while (cases.length < COUNT) {
  const i = pick(candidates);
  if (taken.has(i)) continue;
  taken.add(i);
  const m = misspell(p.name[i]);
  if (m) cases.push({ query: m.query, code: p.code[i], name: p.name[i], edit: m.edit });
}
const found = cases.map((c) => search(data, c.query).slice(0, 5).some((s) => s.kind === 'commune' && s.code === c.code));
const recall = found.filter(Boolean).length;
writeFileSync(join(root, 'tests/fixtures/in/typos.json'), `${JSON.stringify(cases, null, 1)}\n`);
writeFileSync(join(root, 'tests/fixtures/out/typos-ufuzzy.json'), `${JSON.stringify({ matcher: 'uFuzzy 1.0.19, intraMode 1 (bench/baseline/search.mjs)', seed: SEED, recall, of: cases.length, found }, null, 1)}\n`);
const byEdit = {};
cases.forEach((c, k) => { const e = (byEdit[c.edit] ??= [0, 0]); e[1] += 1; if (found[k]) e[0] += 1; });
console.log(`uFuzzy: the right commune in the top 5 for ${recall} of ${cases.length} misspelt names (seed ${SEED})`);
for (const [edit, [hit, n]] of Object.entries(byEdit)) console.log(`  ${edit}: ${hit} / ${n}`);
