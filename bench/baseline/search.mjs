// The baseline's type-ahead, without the DOM: the gazetteer and venue names indexed for uFuzzy
// (accent-insensitive, one typo per long term: `intraMode: 1`) and the search the baseline's box
// runs on each keystroke. Shared by bench/baseline/baseline.js and bench/typos.mjs (the typo
// recall of the widget against uFuzzy), so both measure the same configuration.
import KDBush from 'kdbush';
import uFuzzy from '@leeoniya/ufuzzy';

export const LIMIT = 8;

const fold = (s) => uFuzzy.latinize(s.toLowerCase());

export function index(v, p) {
  const venueIndex = new KDBush(v.id.length);
  for (let i = 0; i < v.id.length; i++) venueIndex.add(v.lon[i], v.lat[i]);
  venueIndex.finish();
  // Places by population, biggest first: uFuzzy keeps haystack order among equals (and for
  // answers it does not rank), so a short prefix gives the big towns first.
  const order = p.name.map((_, i) => i).sort((a, b) => p.pop[b] - p.pop[a]);
  const haystack = order.map((i) => fold(p.name[i]));
  const venueHaystack = v.name.map(fold);
  return { v, p, venueIndex, order, haystack, venueHaystack };
}

function placeSuggestion(d, i) {
  const p = d.p;
  const dep = p.code[p.dep[i]];
  const at = { lat: p.lat[i], lon: p.lon[i] };
  if (p.kind[i] === 0) return { kind: 'departement', label: `${p.name[i]} (département ${p.code[i]})`, code: p.code[i], ...at };
  if (p.kind[i] === 3) {
    const cur = p.parent[i];
    return { kind: 'commune', label: `${p.name[i]} (ancienne commune, aujourd'hui ${p.name[cur]}, ${dep})`, code: p.code[cur], ...at };
  }
  return { kind: 'commune', label: `${p.name[i]} (${dep})`, code: p.code[i], ...at };
}

const uf = new uFuzzy({ intraMode: 1 });

export function search(d, text) {
  const q = text.trim();
  const out = [];
  if (!q) return out;
  if (q.length <= 3) {
    const dep = d.p.code.findIndex((c, i) => d.p.kind[i] === 0 && c.toLowerCase() === q.toLowerCase());
    if (dep >= 0) out.push(placeSuggestion(d, dep));
  }
  if (/^\d{1,5}$/.test(q)) {
    const scale = 10 ** (5 - q.length);
    const lo = Number(q) * scale;
    const hi = lo + scale;
    const { pc, pcPlace } = d.p;
    let a = 0;
    let b = pc.length;
    while (a < b) { const m = (a + b) >> 1; if (pc[m] < lo) a = m + 1; else b = m; }
    for (let i = a; i < pc.length && pc[i] < hi && out.length < LIMIT; i++) {
      const e = pcPlace[i];
      out.push({ kind: 'postcode', label: `${String(pc[i]).padStart(5, '0')} ${d.p.name[e]}`, code: d.p.code[e], lat: d.p.lat[e], lon: d.p.lon[e] });
    }
    return out;
  }
  const needle = fold(q);
  const [idxs, info, order] = uf.search(d.haystack, needle, 0, 1000);
  if (idxs) {
    const ranked = order ? order.map((o) => info.idx[o]) : idxs;
    for (const h of ranked) {
      if (out.length >= LIMIT) break;
      const s = placeSuggestion(d, d.order[h]);
      if (!out.some((o) => o.label === s.label)) out.push(s);
    }
  }
  if (out.length < LIMIT) {
    const [vi, vinfo, vorder] = uf.search(d.venueHaystack, needle, 0, 1000);
    const ranked = vi ? (vorder ? vorder.map((o) => vinfo.idx[o]) : vi) : [];
    for (const i of ranked) {
      if (out.length >= LIMIT) break;
      const v = d.v;
      out.push({ kind: 'venue', label: `${v.name[i]} (${v.commune[i]})`, code: v.id[i], lat: v.lat[i], lon: v.lon[i] });
    }
  }
  return out;
}
