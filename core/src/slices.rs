//! The gazetteer in slices, so that a keystroke downloads a few kilobytes rather than the whole
//! commune index: a small root, then slices fetched as the person types.
//!
//! - The **root** (`communes.HASH.bin`) holds the départements, the answers to the short queries
//!   whose slices would be large (the *heads*: the whole gazetteer's best [`HEAD_LIMIT`], for a
//!   widget whose scope is all France), and the table of the slices.
//! - **Word slices** hold the places under a run of *units*. A place's word `t` has the keys
//!   `t0t1t2`, `t0t1t3` and `t0t2t3` (its first letter and two of the next three; a word of
//!   three letters or fewer is its own key), so `lambersart` is under `lam`, `lab` and `lmb`. A
//!   unit is a key and the word's own first three letters (`lab`·`lam`): units sort by key,
//!   then by word start. A slice holds whole keys, as many as fit in about [`SLICE_PLACES`]
//!   places; a larger key is cut between units, and one of its units of many places under
//!   another key than its own (`mot`·`mon`: every « mont… ») has a slice of its own, which a
//!   word beginning with « mon » never needs. The root names each slice's first unit and last
//!   key, and which slices hold one unit.
//!   Linking words (« sur », « la », « de »…) put a place in separate **links** slices, needed
//!   only by a query word that can match a linking word.
//! - A **postcode slice** holds the postcodes of one two-digit prefix and their communes.
//! - **Two-word head** files per common first word hold the best places for that word followed
//!   by any one or two letters (« saint m »), whose slices are large: one file per run of the
//!   second word's first letter (`communes-h-saint-l`: « l » to « n »), about 8 KB each (4 KB
//!   brotli).
//!
//! Every slice is a gazetteer of its own ([`crate::places`]) that keeps each place's index in the
//! whole one, with the current commune and département of its places. [`SliceRoot::plan`] names
//! the slices a query needs, from one query word (every query word must match a word of the
//! place). A word `t` of a place matches the word `w` typed:
//! - exactly, as a prefix, or through « st » (`saint`): `t` starts with `w` (or `sai`), so it is
//!   in the unit `w0w1w2`·`w0w1w2`, or under a key starting with `w` when `w` has one or two
//!   letters;
//! - with one typo (`w` of 4 bytes or more, or a 3-byte `w` for a whole 4-byte word; the first
//!   byte is never the typo): then one of `w`'s keys is one of `t`'s. An edit after the fourth
//!   byte leaves the first four alike; a substitution at byte 1, 2 or 3 disappears when that byte
//!   is left out of both; a byte added or missing there leaves `w0w1w2` as a key of the longer
//!   one; `w1w2` swapped leaves `w0w1w3` alike, `w2w3` swapped `w0w1w2`. A `t` that begins with
//!   `w0w1w2` is in the unit above already: the typo slices are the other units of `w`'s keys.
//!
//! So those slices hold every place the query can match, and [`crate::Finder::search_in`] over
//! them and the root gives the whole gazetteer's answer (`tests/slices.rs` checks it on every
//! name). The plan takes the word whose slices are smallest, among the words every place must
//! match (a word that may be a linking word can be skipped by the typo pass). The typo keys'
//! slices are [`Plan::typo_files`]: [`Places::parts`] asks for them only when the places matching
//! as typed are too few for the search to stop before its typo pass.

use std::sync::Arc;

use crate::format::{Container, FormatError, StrCol};
use crate::places::{Gazetteer, Scope};
use crate::text::MIN_TYPO_LEN;
use crate::tokens::{Query, QueryToken, TokenIndex};

pub const ROOT_MAGIC: [u8; 4] = *b"TLGR";
pub const ROOT_VERSION: u16 = 3;

/// How many places each head keeps (a query may ask for up to this many suggestions).
pub const HEAD_LIMIT: usize = 8;
/// Heads answer queries of one word of at most this many bytes: every letter, two letters whose
/// slices are more than one, longer prefixes many places share whose slices are larger than
/// [`HEAD_ABOVE_BYTES`] (the build decides; the root lists the queries it answers).
pub const HEAD_MAX_LEN: usize = 5;
/// Uncompressed bytes of slices above which a long prefix, or a common word followed by one or
/// two letters (two-word heads), gets a head.
pub const HEAD_ABOVE_BYTES: u32 = 40000;

/// A word's keys are made of its first this many letters.
pub const KEYED_LETTERS: usize = 4;

/// Words that link the parts of a name: a place is in its key's links slice for them.
pub use crate::text::LINKING_WORDS;

/// What a query needs beyond the root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Slice files (indices into [`SliceRoot::files`]), in the order the search reads them:
    /// every place that matches the query as typed (its words whole or begun) is in them.
    pub files: Vec<usize>,
    /// The more files a typo needs (one edit in the plan's word): read only when the places
    /// matching as typed are fewer than asked for, as the search then allows typos.
    pub typo_files: Vec<usize>,
}

impl Plan {
    fn of(files: Vec<usize>) -> Plan {
        Plan { files, typo_files: Vec::new() }
    }

    /// Every file the query may need.
    pub fn all_files(&self) -> impl Iterator<Item = usize> + '_ {
        self.files.iter().chain(&self.typo_files).copied()
    }
}

/// The decoded root.
pub struct SliceRoot {
    places: Gazetteer,
    c: Container,
    heads: StrCol,
    /// The file names, from their stems and the set's content hash.
    files: Vec<String>,
    sizes: Vec<u32>,
    /// The word slices and the linking words' slices, each with its first unit and last key.
    main: Boundaries,
    links: Boundaries,
    postcode_prefix: Vec<u32>,
    postcode_count: Vec<u32>,
    postcode_file: Vec<u32>,
    /// « word letter » (sorted): a common first word and the first letter of a run of second
    /// words, with the file of those two-word heads.
    compound_words: StrCol,
    compound_files: Vec<u32>,
    linking: TokenIndex,
}

/// A file's name from its stem and the set's hash: `communes-sa.0123456789.bin`.
pub fn file_name(stem: &str, set_hash: &str) -> String {
    format!("communes-{stem}.{set_hash}.bin")
}

impl SliceRoot {
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Result<Self, FormatError> {
        let c = Container::parse(bytes.into(), ROOT_MAGIC, ROOT_VERSION)?;
        let places = Gazetteer::from_container(c.clone())?;
        let b = c.bytes();
        let heads = c.strs(*b"HKEY", None)?;
        let hash = c.strs(*b"SETH", Some(1))?;
        let set_hash = hash.get(b, 0);
        if set_hash.is_empty() || !set_hash.bytes().all(|x| x.is_ascii_hexdigit()) {
            return Err(FormatError::BadSection(*b"SETH", "not a hash"));
        }
        let stems = c.strs(*b"FNAM", None)?;
        let mut files = Vec::with_capacity(stems.len());
        for i in 0..stems.len() {
            let stem = stems.get(b, i);
            if stem.is_empty() || !stem.bytes().all(|x| x.is_ascii_alphanumeric() || x == b'-' || x == b'_') {
                return Err(FormatError::BadSection(*b"FNAM", "a file name is not a plain name"));
            }
            files.push(file_name(stem, set_hash));
        }
        let sizes = c.varints(*b"FBYT", Some(files.len()))?;
        let main = Boundaries::read(&c, [*b"MUNI", *b"MLST", *b"MONE", *b"MFIL"], files.len())?;
        let links = Boundaries::read(&c, [*b"LUNI", *b"LLST", *b"LONE", *b"LFIL"], files.len())?;
        let postcode_prefix = c.varints(*b"PKEY", None)?;
        let postcode_count = c.varints(*b"PCNT", Some(postcode_prefix.len()))?;
        let postcode_file = c.varints(*b"PFIL", Some(postcode_prefix.len()))?;
        let n = files.len();
        if postcode_file.iter().any(|&f| f as usize >= n) {
            return Err(FormatError::BadSection(*b"PFIL", "a slice names no file"));
        }
        let compound_words = c.strs(*b"CWRD", None)?;
        let compound_files = c.varints(*b"CFIL", Some(compound_words.len()))?;
        if compound_files.iter().any(|&f| f as usize >= n) {
            return Err(FormatError::BadSection(*b"CFIL", "a slice names no file"));
        }
        if (1..compound_words.len()).any(|i| compound_words.get(b, i - 1) >= compound_words.get(b, i)) {
            return Err(FormatError::BadSection(*b"CWRD", "not sorted"));
        }
        let linking = TokenIndex::build(LINKING_WORDS.len(), LINKING_WORDS.iter().enumerate().map(|(i, w)| (i as u32, *w)));
        Ok(SliceRoot {
            places,
            c,
            heads,
            files,
            sizes,
            main,
            links,
            postcode_prefix,
            postcode_count,
            postcode_file,
            compound_words,
            compound_files,
            linking,
        })
    }

    /// The root's own places: the départements and the places of the heads.
    pub fn places(&self) -> &Gazetteer {
        &self.places
    }

    /// File names, relative to the root's URL.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Uncompressed size of file `f`.
    pub fn size(&self, f: usize) -> u32 {
        self.sizes[f]
    }

    /// Whether `bytes` are file `f` as built: its size, and the check its last four bytes
    /// carry ([`check32`] of the rest): a truncated or damaged download is refused before it is
    /// decoded. (The container ignores the trailer: its sections say where they are.)
    pub fn verify(&self, f: usize, bytes: &[u8]) -> Result<(), FormatError> {
        if self.sizes.get(f).is_none_or(|&n| n as usize != bytes.len()) || bytes.len() < 4 {
            return Err(FormatError::Truncated);
        }
        let (body, trailer) = bytes.split_at(bytes.len() - 4);
        if trailer != check32(body).to_le_bytes() {
            return Err(FormatError::BadSection(*b"FSUM", "the file is damaged (its check differs)"));
        }
        Ok(())
    }

    /// Whether a head answers a word longer than `word` that starts with it.
    fn has_head_longer(&self, word: &str) -> bool {
        let n = self.heads.len();
        let b = self.c.bytes();
        let i = crate::tokens::partition_point(n, |i| self.heads.get(b, i) <= word);
        (i..n).map(|i| self.heads.get(b, i)).take_while(|h| h.starts_with(word)).any(|h| !h.ends_with(' '))
    }

    fn has_head(&self, key: &str) -> bool {
        let n = self.heads.len();
        let b = self.c.bytes();
        let i = crate::tokens::partition_point(n, |i| self.heads.get(b, i) < key);
        i < n && self.heads.get(b, i) == key
    }

    /// The slices `raw` needs for an answer equal to the whole gazetteer's (at most `limit`
    /// suggestions, in `scope`). An empty plan: the root answers alone.
    pub fn plan(&self, raw: &str, scope: &Scope, limit: usize) -> Plan {
        self.plan_with(raw, scope, limit, &|_| false)
    }

    /// As [`plan`](Self::plan), for a page that has the files `loaded` says: of the words every
    /// place must match, the one whose files not loaded yet weigh least (« mont de mar » keeps
    /// « mont », whose slices came with « mont de ma », rather than ask for « mar »'s). Any of
    /// those words gives the whole answer.
    pub fn plan_with(&self, raw: &str, scope: &Scope, limit: usize, loaded: &dyn Fn(usize) -> bool) -> Plan {
        let query = Query::parse(raw);
        let mut files = Vec::new();
        if query.is_empty() {
            return Plan::of(files);
        }
        if query.is_numeric() {
            // One digit: the root has its first postcodes (a head keyed by the digit).
            if !(query.folded.len() == 1 && limit <= HEAD_LIMIT && self.has_head(&query.folded)) {
                self.postcode_files(&query.folded, limit, &mut files);
            }
            return Plan::of(files);
        }
        let heads_apply = limit <= HEAD_LIMIT && scope.is_all();
        if let [only] = query.tokens.as_slice() {
            if only.text.len() <= HEAD_MAX_LEN && heads_apply && self.has_head(&head_key(only)) {
                return Plan::of(files);
            }
        }
        // A common word then one or two letters (« saint m »): the file of its two-word heads
        // whose run of letters holds the second word's first.
        if let [first, second] = query.tokens.as_slice() {
            if let Some(letter) = second.text.chars().next().filter(|_| second.is_last && second.text.len() <= 2 && heads_apply) {
                let b = self.c.bytes();
                let key = format!("{} {letter}", first.text);
                let i = crate::tokens::partition_point(self.compound_words.len(), |i| self.compound_words.get(b, i) <= key.as_str());
                if let Some(i) = i.checked_sub(1).filter(|&i| self.compound_words.get(b, i).rsplit_once(' ').is_some_and(|(w, _)| w == first.text)) {
                    files.push(self.compound_files[i] as usize);
                    return Plan::of(files);
                }
            }
        }
        // One word every place must match (not one a typo pass may skip): the cheapest.
        let cost = |p: &Plan| p.all_files().filter(|&i| !loaded(i)).map(|i| self.sizes[i] as u64).sum::<u64>();
        let best = query.tokens.iter().filter(|t| !t.optional).map(|t| self.word_plan(t)).min_by_key(cost);
        best.unwrap_or_default()
    }

    /// The slices holding every place with a word that `word` can match (see the module's doc):
    /// as typed, then the more ones with one typo.
    pub fn word_plan(&self, word: &QueryToken) -> Plan {
        let w = word.text.as_bytes();
        let mut prefixes = vec![&w[..w.len().min(3)]];
        if let Some(alt) = word.alt.as_deref() {
            prefixes.push(&alt.as_bytes()[..alt.len().min(3)]);
        }
        let mut lookups = Vec::new();
        self.linking.lookups_for(word, true, &mut lookups);
        let linking = !lookups.is_empty();
        let tables = if linking { vec![&self.main, &self.links] } else { vec![&self.main] };
        let mut files = Vec::new();
        for table in &tables {
            for p in prefixes.iter().filter(|p| !p.is_empty()) {
                table.files_starting(p, &mut files);
            }
        }
        let mut typo_files = Vec::new();
        // One typo from four bytes on; a three-byte word for a whole four-byte one.
        if w.len() + 1 >= MIN_TYPO_LEN && w.len() >= 3 {
            for table in &tables {
                for k in word_keys(&w[..w.len().min(KEYED_LETTERS)]) {
                    table.files_of_key(&k, &w[..3], &mut typo_files);
                }
            }
            typo_files.retain(|f| !files.contains(f));
        }
        Plan { files, typo_files }
    }

    /// Postcode slices, in order, until they hold `limit` postcodes starting with `digits` or all.
    fn postcode_files(&self, digits: &str, limit: usize, out: &mut Vec<usize>) {
        let d: Vec<u32> = digits.bytes().map(|x| (x - b'0') as u32).collect();
        let (lo, hi) = match d.as_slice() {
            [] => return,
            [a] => (a * 10, a * 10 + 10),
            [a, b, ..] => (a * 10 + b, a * 10 + b + 1),
        };
        let mut found = 0;
        for i in 0..self.postcode_prefix.len() {
            let p = self.postcode_prefix[i];
            if p >= lo && p < hi && found < limit {
                out.push(self.postcode_file[i] as usize);
                found += self.postcode_count[i] as usize;
            }
        }
    }
}

/// A file's check: 32-bit FNV-1a.
pub fn check32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The key under which a head is stored: the word, and a space when it is finished.
pub fn head_key(word: &QueryToken) -> String {
    if word.is_last {
        word.text.clone()
    } else {
        format!("{} ", word.text)
    }
}

/// The keys of a place's word `t` (see the module's doc), each once.
pub fn word_keys(t: &[u8]) -> Vec<Vec<u8>> {
    if t.len() <= 3 {
        return vec![t.to_vec()];
    }
    let mut keys = vec![vec![t[0], t[1], t[2]], vec![t[0], t[1], t[3]], vec![t[0], t[2], t[3]]];
    keys.sort();
    keys.dedup();
    keys
}

/// A key and the first three bytes of the word under it (see the module's doc), each padded
/// with zero bytes (a folded word has none): units sort by key, then by that word's start.
pub type Unit = [u8; 6];

/// The unit of a word starting with `own` under key `k`.
pub fn unit(k: &[u8], own: &[u8]) -> Unit {
    let mut u = [0; 6];
    for (j, &b) in k.iter().take(3).enumerate() {
        u[j] = b;
    }
    for (j, &b) in own.iter().take(3).enumerate() {
        u[3 + j] = b;
    }
    u
}

/// The units of a place's word `t`: one per key, each once.
pub fn word_units(t: &[u8]) -> Vec<Unit> {
    let own = &t[..t.len().min(3)];
    word_keys(&t[..t.len().min(KEYED_LETTERS)]).iter().map(|k| unit(k, own)).collect()
}

/// Word slices in unit order: slice `i` holds units from its first to the last of its last key
/// (and before the next slice's first), or its first alone (a typo unit of many places). A unit
/// in no slice is in no place's words.
struct Boundaries {
    firsts: Vec<Unit>,
    /// Past the last unit each slice may hold (unless alone).
    ends: Vec<Unit>,
    alone: Vec<bool>,
    files: Vec<u32>,
}

impl Boundaries {
    /// `units`: the first unit of each slice, six bytes each; `last_keys`: the key of each one's
    /// last unit, three bytes each; `alone`: the slices holding one unit, in increasing order.
    fn read(c: &Container, [units, last_keys, alone, files]: [[u8; 4]; 4], file_count: usize) -> Result<Self, FormatError> {
        let b = c.bytes();
        let packed = c.u8s(units, None)?;
        if packed.len() % 6 != 0 {
            return Err(FormatError::BadSection(units, "not six bytes per slice"));
        }
        let n = packed.len() / 6;
        let firsts: Vec<Unit> = (0..n).map(|i| std::array::from_fn(|j| packed.get(b, 6 * i + j))).collect();
        if firsts.windows(2).any(|w| w[0] >= w[1]) {
            return Err(FormatError::BadSection(units, "units not sorted"));
        }
        let keys = c.u8s(last_keys, Some(3 * n))?;
        // A folded word has no 0xFF byte: a key then 0xFF bytes is past its units.
        let ends: Vec<Unit> = (0..n)
            .map(|i| {
                let end: Unit = std::array::from_fn(|j| if j < 3 { keys.get(b, 3 * i + j) } else { 0xFF });
                firsts.get(i + 1).map_or(end, |&next| end.min(next))
            })
            .collect();
        if (0..n).any(|i| ends[i] <= firsts[i]) {
            return Err(FormatError::BadSection(last_keys, "a slice ends before its first unit"));
        }
        let mut one = vec![false; n];
        for i in c.varints(alone, None)? {
            *one.get_mut(i as usize).ok_or(FormatError::BadSection(alone, "no such slice"))? = true;
        }
        let files = c.varints(files, Some(n))?;
        if files.iter().any(|&f| f as usize >= file_count) {
            return Err(FormatError::BadSection(units, "a slice names no file"));
        }
        Ok(Boundaries { firsts, ends, alone: one, files })
    }

    /// Adds the files holding units from `lo` to `hi` (each file once), but not a file that
    /// holds `skip` alone.
    fn files_in(&self, lo: Unit, hi: Unit, skip: Option<Unit>, out: &mut Vec<usize>) {
        let n = self.files.len();
        let ends_before = |i: usize| if self.alone[i] { self.firsts[i] < lo } else { self.ends[i] <= lo };
        let start = crate::tokens::partition_point(n, ends_before);
        for i in start..n {
            if self.firsts[i] > hi {
                break;
            }
            if ends_before(i) || (self.alone[i] && Some(self.firsts[i]) == skip) {
                continue;
            }
            if !out.contains(&(self.files[i] as usize)) {
                out.push(self.files[i] as usize);
            }
        }
    }

    /// Adds the files of the words that start with `prefix`: its unit when it has three bytes,
    /// else every unit of every key starting with it.
    fn files_starting(&self, prefix: &[u8], out: &mut Vec<usize>) {
        if prefix.len() >= 3 {
            let u = unit(prefix, prefix);
            self.files_in(u, u, None, out);
        } else {
            let pad = |fill: u8| -> Unit { std::array::from_fn(|j| prefix.get(j).copied().unwrap_or(fill)) };
            self.files_in(pad(0), pad(0xFF), None, out);
        }
    }

    /// Adds the files of key `k`'s units, but not those holding only the words that start with
    /// `own` (the word typed has them as typed).
    fn files_of_key(&self, k: &[u8], own: &[u8], out: &mut Vec<usize>) {
        self.files_in(unit(k, &[]), unit(k, &[0xFF; 3]), Some(unit(k, own)), out);
    }
}

/// The gazetteer as the page has it so far: the root and the slices loaded.
#[derive(Clone, Default)]
pub struct Places {
    pub root: Option<std::rc::Rc<SliceRoot>>,
    /// By file index: the slices loaded.
    pub slices: Vec<Option<std::rc::Rc<Gazetteer>>>,
}

/// What [`Places::parts`] found for a query.
pub enum Parts<'a> {
    /// Everything the query needs: search these.
    Ready(Vec<&'a Gazetteer>),
    /// The root is not loaded.
    NoRoot,
    /// These slices are not loaded.
    Missing(Vec<usize>),
}

impl Places {
    fn is_loaded(&self, f: usize) -> bool {
        self.slices.get(f).is_some_and(Option::is_some)
    }

    /// The parts to search for `raw`: the root first (the départements by code), then the
    /// slices of its plan.
    ///
    /// The typo files are needed only when the places matching as typed are fewer than `limit`
    /// (the search then allows typos): with them missing, those places are counted first, so a
    /// query that many places begin (« renn ») never waits for them.
    pub fn parts(&self, raw: &str, scope: &Scope, limit: usize) -> Parts<'_> {
        let Some(root) = &self.root else { return Parts::NoRoot };
        let plan = root.plan_with(raw, scope, limit, &|f| self.is_loaded(f));
        let missing = |files: &[usize]| -> Vec<usize> { files.iter().copied().filter(|&f| self.slices.get(f).is_none_or(Option::is_none)).collect() };
        let missing_files = missing(&plan.files);
        if !missing_files.is_empty() {
            return Parts::Missing(missing_files);
        }
        let loaded = |files: &[usize]| files.iter().filter_map(|&f| self.slices.get(f).and_then(|s| s.as_deref())).collect::<Vec<_>>();
        let mut parts = vec![root.places()];
        parts.extend(loaded(&plan.files));
        let missing_typos = missing(&plan.typo_files);
        if missing_typos.is_empty() {
            parts.extend(loaded(&plan.typo_files));
            return Parts::Ready(parts);
        }
        if crate::places::enough_as_typed(&parts, &Query::parse(raw), limit) {
            Parts::Ready(parts)
        } else {
            Parts::Missing(missing_typos)
        }
    }

    /// Every part the page has: the root, then each slice loaded. A query's answer from them
    /// is part of its whole answer, ranked alike (what is shown while its own slices load).
    pub fn loaded(&self) -> Vec<&Gazetteer> {
        let root = self.root.as_deref().map(SliceRoot::places);
        root.into_iter().chain(self.slices.iter().filter_map(|s| s.as_deref())).collect()
    }

    /// The slices not loaded yet that the next letter typed after `raw` will need, when they do
    /// not depend on that letter: the last word has [`KEYED_LETTERS`] letters, and one more
    /// needs the keys of those four (see the module's doc), whatever it is. Else none: a third
    /// letter needs the key it makes, a space the keys the word has already. None either when a
    /// suggestion `shown` has that word whole (« malo » of Saint-Malo, « mont »): the person may
    /// be done with it.
    pub fn ahead(&self, raw: &str, scope: &Scope, limit: usize, shown: &[crate::Suggestion]) -> Vec<usize> {
        let Some(root) = &self.root else { return Vec::new() };
        let query = Query::parse(raw);
        let last = query.tokens.last().filter(|t| t.is_last);
        if query.is_numeric() || last.is_none_or(|t| t.text.len() != KEYED_LETTERS || !t.text.bytes().all(|b| b.is_ascii_lowercase())) {
            return Vec::new();
        }
        if last.is_some_and(|t| shown.iter().any(|s| crate::text::fold(&s.label).split(' ').any(|w| w == t.text))) {
            return Vec::new();
        }
        // A head for a longer word (« sain » then « saint »): the letter decides; skip.
        if last.is_some_and(|t| root.has_head_longer(&t.text)) {
            return Vec::new();
        }
        let next = root.plan_with(&format!("{raw}e"), scope, limit, &|f| self.is_loaded(f));
        let missing: Vec<usize> = next.all_files().filter(|&f| self.slices.get(f).is_none_or(Option::is_none)).collect();
        // Not a large download on a guess.
        let bytes: u64 = missing.iter().map(|&f| root.size(f) as u64).sum();
        if bytes > HEAD_ABOVE_BYTES as u64 {
            return Vec::new();
        }
        missing
    }
}

#[cfg(feature = "pipeline")]
pub use build::{build, Built};

#[cfg(feature = "pipeline")]
mod build;
