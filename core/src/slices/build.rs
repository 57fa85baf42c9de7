//! Build time: the whole gazetteer → the root and its slices (see the parent module).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{head_key, word_units, SliceRoot, Unit, HEAD_ABOVE_BYTES, HEAD_LIMIT, HEAD_MAX_LEN, LINKING_WORDS, ROOT_MAGIC, ROOT_VERSION};

/// Prefixes of three letters or more get a head when at least this many places have a word
/// starting with them.
const HEAD_MIN_PLACES: usize = 40;
use crate::format::Writer;
use crate::places::{self, Gazetteer, PlaceKind, PlaceRecord, Scope};
use crate::text;
use crate::tokens::Query;

/// The slice set, ready to write.
pub struct Built {
    /// The root's bytes (`communes.bin`; the web build gives it its hashed name).
    pub root: Vec<u8>,
    /// (file name, bytes) of each slice, named by content.
    pub files: Vec<(String, Vec<u8>)>,
    /// (what the slice holds, places in it) of each file, for the report.
    pub contents: Vec<(String, usize)>,
    /// Places in the root beside the départements, and the number of heads.
    pub root_places: usize,
    pub heads: usize,
}

/// 64-bit FNV-1a: the content hash in a slice's file name.
fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")[..10].to_owned()
}

/// The part of `places` holding `members` (global indices) with each one's current commune and
/// département; `all_departements` adds every département. Written into `w`.
fn part(
    places: &[PlaceRecord],
    dep_regions: &[String],
    members: &BTreeSet<u32>,
    all_departements: bool,
    w: &mut Writer,
    keep_postcode: &dyn Fn(u32) -> bool,
) -> Result<(), String> {
    let mut chosen: BTreeSet<u32> = if all_departements { (0..dep_regions.len() as u32).collect() } else { BTreeSet::new() };
    for &m in members {
        let parent = places[m as usize].parent;
        chosen.extend([m, parent, places[m as usize].dep, places[parent as usize].dep]);
    }
    let global: Vec<u32> = chosen.iter().copied().collect();
    let local = |g: u32| global.binary_search(&g).map(|i| i as u32).map_err(|_| format!("entry {g} missing from its slice"));
    let mut records = Vec::with_capacity(global.len());
    let mut part_regions = Vec::new();
    for &g in &global {
        let mut r = places[g as usize].clone();
        if r.kind == PlaceKind::Departement {
            part_regions.push(dep_regions[g as usize].clone());
        }
        r.parent = local(r.parent)?;
        r.dep = local(r.dep)?;
        records.push(r);
    }
    places::write_sections(w, &records, &part_regions, Some(&global), keep_postcode)
}

/// A slice's bytes: its gazetteer, then the check of those bytes (see `SliceRoot::verify`).
fn part_bytes(
    places: &[PlaceRecord],
    dep_regions: &[String],
    members: &BTreeSet<u32>,
    keep_postcode: &dyn Fn(u32) -> bool,
) -> Result<Vec<u8>, String> {
    let mut w = Writer::new(places::MAGIC, places::VERSION);
    part(places, dep_regions, members, false, &mut w, keep_postcode)?;
    let mut bytes = w.finish();
    let check = super::check32(&bytes);
    bytes.extend(check.to_le_bytes());
    Ok(bytes)
}

/// Places per word slice, about: several keys share a slice up to this (a key with more places
/// has one of its own). About 5 KB brotli, a tenth of a Slow 4G second beside its round trip.
const SLICE_PLACES: usize = 200;

/// Uncompressed bytes of a two-word heads file, about (one letter's heads may exceed it).
const HEAD_FILE_BYTES: usize = 8000;

/// A unit of more than this many places under another key than its own has a slice of its own.
const ALONE_PLACES: usize = SLICE_PLACES / 4;

/// A key as a file-name stem: letters and digits as they are, other bytes as `x3f`.
fn key_stem(k: &[u8]) -> String {
    k.iter().map(|&b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("x{b:02x}") }).collect()
}

/// A unit's key and word start without their padding.
fn unit_parts(u: &Unit) -> (&[u8], &[u8]) {
    let trim = |x: &'_ [u8]| -> usize { x.iter().position(|&b| b == 0).unwrap_or(x.len()) };
    let (k, own) = u.split_at(3);
    (&k[..trim(k)], &own[..trim(own)])
}

/// A slice's stem from its first unit: `mon` for the words that begin with « mon », `mot_mon`
/// for those under the key `mot`.
fn unit_stem(u: &Unit) -> String {
    let (k, own) = unit_parts(u);
    if k == own {
        key_stem(k)
    } else {
        format!("{}_{}", key_stem(k), key_stem(own))
    }
}

/// A unit for the report: `mot·mon`.
fn unit_label(u: &Unit) -> String {
    let (k, own) = unit_parts(u);
    format!("{}·{}", String::from_utf8_lossy(k), String::from_utf8_lossy(own))
}

struct Files {
    stems: Vec<String>,
    bytes: Vec<Vec<u8>>,
    contents: Vec<(String, usize)>,
    /// Each file's index by its bytes.
    by_bytes: HashMap<Vec<u8>, usize>,
}

impl Files {
    /// Adds a file; returns its index + 1. A file with the same bytes as one already added is
    /// that one: the words that begin alike are under several keys (« beau… » under `beu` and
    /// `bau`), and their units make the same slice, which a page then fetches once.
    fn add(&mut self, stem: String, what: String, bytes: Vec<u8>, members: usize) -> u32 {
        if let Some(&i) = self.by_bytes.get(&bytes) {
            self.contents[i].0.push_str(&format!(", and {what}"));
            return i as u32 + 1;
        }
        self.by_bytes.insert(bytes.clone(), self.stems.len());
        self.stems.push(stem);
        self.bytes.push(bytes);
        self.contents.push((what, members));
        self.stems.len() as u32
    }
}

/// A slice's first and last unit, and its file.
type Boundary = (Unit, Unit, u32);

fn root_bytes(
    f: &Files,
    set_hash: &str,
    heads: &[String],
    [main, links]: [&[Boundary]; 2],
    postcodes: &[(u32, u32, u32)],
    compounds: &[(String, u32)],
    places_of: impl FnOnce(&mut Writer) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let mut w = Writer::new(ROOT_MAGIC, ROOT_VERSION);
    w.strs(*b"HKEY", heads).strs(*b"SETH", &[set_hash]).strs(*b"FNAM", &f.stems);
    w.varints(*b"FBYT", &f.bytes.iter().map(|b| b.len() as u32).collect::<Vec<_>>());
    for (table, [units, last_keys, alone, files]) in
        [(main, [*b"MUNI", *b"MLST", *b"MONE", *b"MFIL"]), (links, [*b"LUNI", *b"LLST", *b"LONE", *b"LFIL"])]
    {
        // Units are bytes of folded words (not always whole characters), zero-padded: six bytes
        // per slice for its first unit, three for its last unit's key; and the slices of one unit.
        w.u8s(units, &table.iter().flat_map(|(first, _, _)| first.iter().copied()).collect::<Vec<_>>());
        w.u8s(last_keys, &table.iter().flat_map(|(_, last, _)| last[..3].iter().copied()).collect::<Vec<_>>());
        let one: Vec<u32> = (0..table.len() as u32).filter(|&i| table[i as usize].0 == table[i as usize].1).collect();
        w.varints(alone, &one);
        w.varints(files, &table.iter().map(|(_, _, f)| *f).collect::<Vec<_>>());
    }
    w.varints(*b"PKEY", &postcodes.iter().map(|p| p.0).collect::<Vec<_>>());
    w.varints(*b"PCNT", &postcodes.iter().map(|p| p.1).collect::<Vec<_>>());
    w.varints(*b"PFIL", &postcodes.iter().map(|p| p.2).collect::<Vec<_>>());
    w.strs(*b"CWRD", &compounds.iter().map(|c| c.0.as_str()).collect::<Vec<_>>());
    w.varints(*b"CFIL", &compounds.iter().map(|c| c.1).collect::<Vec<_>>());
    places_of(&mut w)?;
    Ok(w.finish())
}

pub fn build(places: &[PlaceRecord], dep_regions: &[String], whole: &Gazetteer) -> Result<Built, String> {
    // The units each place is found under, apart from its linking words.
    let mut main: BTreeMap<Unit, BTreeSet<u32>> = BTreeMap::new();
    let mut links: BTreeMap<Unit, BTreeSet<u32>> = BTreeMap::new();
    let mut prefixes: BTreeMap<String, usize> = BTreeMap::new();
    let mut words: BTreeMap<String, usize> = BTreeMap::new();
    for (i, p) in places.iter().enumerate() {
        let i = i as u32;
        let tokens = text::index_tokens(&p.name);
        let mut linking_keys = Vec::new();
        let mut own_prefixes = BTreeSet::new();
        for t in &tokens {
            let linking = LINKING_WORDS.contains(&t.as_str());
            for u in word_units(t.as_bytes()) {
                if linking {
                    linking_keys.push(u);
                } else {
                    main.entry(u).or_default().insert(i);
                }
            }
            for n in 1..=HEAD_MAX_LEN.min(t.len()) {
                if t.is_char_boundary(n) && !t.as_bytes()[0].is_ascii_digit() {
                    own_prefixes.insert(t[..n].to_owned());
                }
            }
        }
        for p in own_prefixes {
            *prefixes.entry(p).or_default() += 1;
        }
        for t in tokens.iter().collect::<BTreeSet<_>>() {
            *words.entry(t.clone()).or_default() += 1;
        }
        for k in linking_keys {
            if !main.get(&k).is_some_and(|m| m.contains(&i)) {
                links.entry(k).or_default().insert(i);
            }
        }
    }
    let mut f = Files { stems: Vec::new(), bytes: Vec::new(), contents: Vec::new(), by_bytes: HashMap::new() };
    let mut tables: [Vec<Boundary>; 2] = [Vec::new(), Vec::new()];
    let kinds = [(&main, "", "words"), (&links, "-l", "linking words only")];
    for (table, keys, suffix, what) in tables.iter_mut().zip(kinds).map(|(t, (k, s, w))| (t, k, s, w)) {
        // Runs of units, in order, up to SLICE_PLACES places each, cut between keys unless a key
        // has more. In such a key, a unit of more than ALONE_PLACES under another key than its
        // own has a slice of its own: the typo slices of a word that begins like its places
        // leave it out (see the parent module). (Cutting the smaller keys too costs the root
        // 1.5 KB brotli for 290 more slices, and saves a typed session 2 KB.)
        let mut run: Vec<&Unit> = Vec::new();
        let mut members: BTreeSet<u32> = BTreeSet::new();
        let mut flush = |run: &mut Vec<&Unit>, members: &mut BTreeSet<u32>| -> Result<(), String> {
            if let (Some(&&first), Some(&&last)) = (run.first(), run.last()) {
                let label = if first == last { unit_label(&first) } else { format!("{} – {}", unit_label(&first), unit_label(&last)) };
                let file = f.add(
                    format!("{}{suffix}", unit_stem(&first)),
                    format!("{what} « {label} »"),
                    part_bytes(places, dep_regions, members, &|_| false)?,
                    members.len(),
                );
                table.push((first, last, file - 1));
            }
            run.clear();
            members.clear();
            Ok(())
        };
        // The units of each key in a row: the key whole when it fits in a slice.
        let mut groups: Vec<(Vec<&Unit>, BTreeSet<u32>)> = Vec::new();
        for (u, m) in keys {
            if groups.last().is_none_or(|(units, _)| units[0][..3] != u[..3]) {
                groups.push((Vec::new(), BTreeSet::new()));
            }
            if let Some((units, all)) = groups.last_mut() {
                units.push(u);
                all.extend(m);
            }
        }
        let alone = |u: &Unit| u[..3] != u[3..] && keys[u].len() > ALONE_PLACES;
        for (units, all) in groups {
            if all.len() <= SLICE_PLACES {
                if !run.is_empty() && members.union(&all).count() > SLICE_PLACES {
                    flush(&mut run, &mut members)?;
                }
                run.extend(units);
                members.extend(all);
                continue;
            }
            flush(&mut run, &mut members)?;
            for u in units {
                let m = &keys[u];
                let alone = alone(u);
                if !run.is_empty() && (alone || members.union(m).count() > SLICE_PLACES) {
                    flush(&mut run, &mut members)?;
                }
                run.push(u);
                members.extend(m);
                if alone {
                    flush(&mut run, &mut members)?;
                }
            }
            flush(&mut run, &mut members)?;
        }
        flush(&mut run, &mut members)?;
    }
    // Postcodes by their first two digits.
    let mut by_prefix: BTreeMap<u32, (BTreeSet<u32>, u32)> = BTreeMap::new();
    for (i, p) in places.iter().enumerate() {
        for pc in p.postcodes.iter().filter_map(|pc| pc.parse::<u32>().ok()) {
            let e = by_prefix.entry(pc / 1000).or_default();
            e.0.insert(i as u32);
            e.1 += 1;
        }
    }
    let mut postcodes = Vec::new();
    for (&p, (members, count)) in &by_prefix {
        let file = f.add(
            format!("p{p:02}"),
            format!("postcodes {p:02}xxx"),
            part_bytes(places, dep_regions, members, &move |v| v / 1000 == p)?,
            members.len(),
        );
        postcodes.push((p, *count, file - 1));
    }
    // Heads: the whole gazetteer's best for the short queries whose slices are large.
    let boundaries = [tables[0].as_slice(), tables[1].as_slice()];
    let plain = SliceRoot::from_bytes(root_bytes(&f, "0", &[], boundaries, &postcodes, &[], |w| {
        part(places, dep_regions, &BTreeSet::new(), true, w, &|_| false)
    })?)
    .map_err(|e| format!("slice root: {e}"))?;
    let plan_bytes = |raw: &str| -> (usize, u32) {
        let plan: Vec<usize> = plain.plan(raw, &Scope::default(), HEAD_LIMIT).files;
        (plan.len(), plan.iter().map(|&i| plain.size(i)).sum())
    };
    let mut heads: Vec<String> = Vec::new();
    let mut head_members: BTreeSet<u32> = BTreeSet::new();
    let mut ranked = Vec::new();
    for (p, &places_with) in &prefixes {
        // Short prefixes, and the longer ones many places share (« saint », « chateau »).
        if p.len() > 2 && places_with < HEAD_MIN_PLACES {
            continue;
        }
        // The word finished (a space or a hyphen after it) only for common words (« le »,
        // « saint »): another finished prefix is rare, and its slices answer it.
        let finished = words.get(p).is_some_and(|&n| n >= HEAD_MIN_PLACES).then(|| format!("{p} "));
        for raw in std::iter::once(p.clone()).chain(finished) {
            let query = Query::parse(&raw);
            let (files, bytes) = plan_bytes(&raw);
            // One letter always; two when they need more than one slice; more when the slices
            // are large.
            let wanted = match p.len() {
                1 => true,
                2 => files > 1,
                _ => bytes > HEAD_ABOVE_BYTES,
            };
            if wanted {
                places::ranked(&[whole], &query, &Scope::default(), HEAD_LIMIT, &mut ranked);
                head_members.extend(ranked.iter().map(|(k, _)| k.index));
                heads.push(head_key(&query.tokens[0]));
            }
        }
    }
    // Two-word heads for each common first word (« saint m », « saint ma », « la ch »): the best
    // for the common word followed by every one or two letters, where both words' slices are
    // large; in files by runs of the second word's first letter, up to HEAD_FILE_BYTES each
    // (« saint m » fetches the « saint m…o » file, not every « saint » head).
    let short: Vec<&String> = prefixes.keys().filter(|p| p.len() <= 2 && !p.as_bytes()[0].is_ascii_digit()).collect();
    let mut compounds: Vec<(String, u32)> = Vec::new();
    for (w, &n) in &words {
        if n < HEAD_MIN_PLACES || w.bytes().any(|b| b.is_ascii_digit()) || plan_bytes(&format!("{w} ")).1 <= HEAD_ABOVE_BYTES {
            continue;
        }
        // The members for each first letter of the second word, in order.
        let mut by_letter: Vec<(char, BTreeSet<u32>)> = Vec::new();
        for x in &short {
            let Some(c) = x.chars().next() else { continue };
            if by_letter.last().is_none_or(|(l, _)| *l != c) {
                by_letter.push((c, BTreeSet::new()));
            }
            places::ranked(&[whole], &Query::parse(&format!("{w} {x}")), &Scope::default(), HEAD_LIMIT, &mut ranked);
            if let Some((_, m)) = by_letter.last_mut() {
                m.extend(ranked.iter().map(|(k, _)| k.index));
            }
        }
        // Runs of letters, each file as large as HEAD_FILE_BYTES allows (one letter at least).
        let mut run: Option<(char, char, BTreeSet<u32>)> = None;
        let mut runs = Vec::new();
        for (c, m) in by_letter {
            if let Some((first, last, members)) = run.as_mut() {
                let mut more = members.clone();
                more.extend(&m);
                if part_bytes(places, dep_regions, &more, &|_| false)?.len() <= HEAD_FILE_BYTES {
                    (*last, *members) = (c, more);
                    continue;
                }
                runs.push((*first, *last, std::mem::take(members)));
            }
            run = Some((c, c, m));
        }
        runs.extend(run);
        for (first, last, members) in runs {
            let stem = format!("h-{}-{}", key_stem(w.as_bytes()), key_stem(first.to_string().as_bytes()));
            let file = f.add(
                stem,
                format!("« {w} » then one or two letters, « {first} » to « {last} »"),
                part_bytes(places, dep_regions, &members, &|_| false)?,
                members.len(),
            );
            compounds.push((format!("{w} {first}"), file - 1));
        }
    }
    compounds.sort();
    // A postcode's first digit: the root holds the first HEAD_LIMIT postcodes' communes (all
    // the communes of each postcode taken), so that it answers « 3 » alone.
    let mut by_postcode: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (i, p) in places.iter().enumerate() {
        for pc in p.postcodes.iter().filter_map(|pc| pc.parse::<u32>().ok()) {
            by_postcode.entry(pc).or_default().push(i as u32);
        }
    }
    let mut root_postcodes: BTreeSet<u32> = BTreeSet::new();
    for digit in 0..10u32 {
        let mut entries = 0;
        for (&pc, communes) in by_postcode.range(digit * 10_000..(digit + 1) * 10_000) {
            if entries >= HEAD_LIMIT {
                break;
            }
            entries += communes.len();
            root_postcodes.insert(pc);
            head_members.extend(communes);
        }
        if entries > 0 {
            heads.push(digit.to_string());
        }
    }
    let mut all = Vec::new();
    f.bytes.iter().for_each(|b| all.extend(b));
    let set_hash = content_hash(&all);
    heads.sort();
    let root = root_bytes(&f, &set_hash, &heads, boundaries, &postcodes, &compounds, |w| {
        part(places, dep_regions, &head_members, true, w, &|v| root_postcodes.contains(&v))
    })?;
    let files = f.stems.iter().zip(f.bytes).map(|(s, b)| (super::file_name(s, &set_hash), b)).collect();
    Ok(Built { root, files, contents: f.contents, root_places: head_members.len(), heads: heads.len() })
}
