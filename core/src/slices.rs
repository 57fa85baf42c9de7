//! The gazetteer in slices, so that a keystroke downloads a few kilobytes rather than the whole
//! commune index: a small root, then slices fetched as the person types.
//!
//! - The **root** (`communes.HASH.bin`) holds the départements, the answers to the one- and
//!   two-letter queries whose slices would be large (the *heads*: the whole gazetteer's best
//!   [`HEAD_LIMIT`], for a widget whose scope is all France), and the table of the slices.
//! - A **word slice**, keyed by two bytes `ab`, holds every place having a word that starts with
//!   `ab` or whose first and third letters are `a` and `b` (`sa`: « saint », and « seine » for a
//!   « sine » typed with one letter missing), plus the current commune and département of each.
//!   Words of one letter have the key `a_`. Linking words (« sur », « la », « de »…) put a place
//!   in the separate **links** slice of their key, needed only by a query word that can match a
//!   linking word.
//! - A **postcode slice** holds the postcodes of one two-digit prefix and their communes.
//!
//! Every slice is a gazetteer of its own ([`crate::places`]) that keeps each place's index in the
//! whole one. [`SliceRoot::plan`] names the slices a query needs, from one query word (every
//! query word must match a word of the place). A word `t` of a place matches the word `w` typed:
//! - exactly, as a prefix, or through « st »: `t` starts with `w0w1` (or `sa`): slice `w0w1`;
//! - with one typo (`w` of 5 bytes or more; the first byte is never the typo): an edit after the
//!   second byte keeps `t0t1 = w0w1`; a letter missing from `w` after `w0` (`t = w0 x w1…`) gives
//!   `t0t2 = w0w1`; a letter `w1` too many (`t = w0 w2…`), `w1` and `w2` swapped, or `w1`
//!   replaced (`t = w0 x w2…`) give `t0t1` or `t0t2 = w0w2`: slices `w0w1` and `w0w2`.
//!
//! So those slices hold every place the query can match, and [`crate::Finder::search_in`] over
//! them and the root gives the whole gazetteer's answer (`tests/slices.rs` checks it on every
//! name). The plan takes the word whose slices are smallest.

use std::sync::Arc;

use crate::format::{Container, FormatError, StrCol};
use crate::places::{Gazetteer, Scope};
use crate::text::MIN_TYPO_LEN;
use crate::tokens::{Query, QueryToken, TokenIndex};

pub const ROOT_MAGIC: [u8; 4] = *b"TLGR";
pub const ROOT_VERSION: u16 = 1;

/// How many places each head keeps (a query may ask for up to this many suggestions).
pub const HEAD_LIMIT: usize = 8;
/// Heads answer queries of one word of at most this many bytes…
pub const HEAD_MAX_LEN: usize = 2;
/// …whose slices are larger than this (uncompressed bytes).
pub const HEAD_ABOVE_BYTES: u32 = 16_000;

/// Words that link the parts of a name: a place is in its key's links slice for them.
pub const LINKING_WORDS: &[&str] = &["au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "lez", "sous", "sur"];

/// The key of one-letter words: `a_` (second byte 0).
const SINGLE: u8 = 0;

/// What a query needs beyond the root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Slice files (indices into [`SliceRoot::files`]), in the order the search reads them.
    pub files: Vec<usize>,
}

/// The decoded root.
pub struct SliceRoot {
    places: Gazetteer,
    c: Container,
    heads: StrCol,
    /// The file names, from their stems and the set's content hash.
    files: Vec<String>,
    sizes: Vec<u32>,
    /// Word keys (two bytes each, sorted), with their main and links files (file + 1; 0: none).
    keys: Vec<[u8; 2]>,
    key_main: Vec<u32>,
    key_links: Vec<u32>,
    postcode_prefix: Vec<u32>,
    postcode_count: Vec<u32>,
    postcode_file: Vec<u32>,
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
        let raw_keys = c.u8s(*b"WKEY", None)?;
        if raw_keys.len() % 2 != 0 {
            return Err(FormatError::BadSection(*b"WKEY", "odd length"));
        }
        let keys: Vec<[u8; 2]> = (0..raw_keys.len() / 2).map(|k| [raw_keys.get(b, 2 * k), raw_keys.get(b, 2 * k + 1)]).collect();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(FormatError::BadSection(*b"WKEY", "keys not sorted"));
        }
        let key_main = c.varints(*b"WMAI", Some(keys.len()))?;
        let key_links = c.varints(*b"WLNK", Some(keys.len()))?;
        let postcode_prefix = c.varints(*b"PKEY", None)?;
        let postcode_count = c.varints(*b"PCNT", Some(postcode_prefix.len()))?;
        let postcode_file = c.varints(*b"PFIL", Some(postcode_prefix.len()))?;
        let n = files.len();
        let optional_ok = |v: &[u32]| v.iter().all(|&f| f as usize <= n);
        if !optional_ok(&key_main) || !optional_ok(&key_links) || postcode_file.iter().any(|&f| f as usize >= n) {
            return Err(FormatError::BadSection(*b"FNAM", "a slice names no file"));
        }
        let linking = TokenIndex::build(LINKING_WORDS.len(), LINKING_WORDS.iter().enumerate().map(|(i, w)| (i as u32, *w)));
        Ok(SliceRoot { places, c, heads, files, sizes, keys, key_main, key_links, postcode_prefix, postcode_count, postcode_file, linking })
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

    fn has_head(&self, key: &str) -> bool {
        let n = self.heads.len();
        let b = self.c.bytes();
        let i = crate::tokens::partition_point(n, |i| self.heads.get(b, i) < key);
        i < n && self.heads.get(b, i) == key
    }

    /// The slices `raw` needs for an answer equal to the whole gazetteer's (at most `limit`
    /// suggestions, in `scope`). An empty plan: the root answers alone.
    pub fn plan(&self, raw: &str, scope: &Scope, limit: usize) -> Plan {
        let query = Query::parse(raw);
        let mut files = Vec::new();
        if query.is_empty() {
            return Plan { files };
        }
        if query.is_numeric() {
            self.postcode_files(&query.folded, limit, &mut files);
            return Plan { files };
        }
        if let [only] = query.tokens.as_slice() {
            if only.text.len() <= HEAD_MAX_LEN && limit <= HEAD_LIMIT && scope.is_all() && self.has_head(&head_key(only)) {
                return Plan { files };
            }
        }
        let cost = |f: &[usize]| f.iter().map(|&i| self.sizes[i] as u64).sum::<u64>();
        let best = query.tokens.iter().map(|t| self.word_files(t)).min_by_key(|f| cost(f));
        Plan { files: best.unwrap_or_default() }
    }

    /// The slices holding every place with a word that `word` can match (see the module's doc).
    pub fn word_files(&self, word: &QueryToken) -> Vec<usize> {
        let w = word.text.as_bytes();
        let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
        let key_range = |k: [u8; 2]| {
            let lo = self.keys.partition_point(|x| *x < k);
            let hi = lo + self.keys[lo..].partition_point(|x| *x == k);
            lo..hi
        };
        match w {
            [] => {}
            [a] => {
                let lo = self.keys.partition_point(|x| x[0] < *a);
                ranges.push(lo..lo + self.keys[lo..].partition_point(|x| x[0] == *a));
            }
            [a, b, rest @ ..] => {
                ranges.push(key_range([*a, *b]));
                if w.len() >= MIN_TYPO_LEN {
                    ranges.push(key_range([*a, rest[0]]));
                }
                if let Some(alt) = word.alt.as_deref().map(str::as_bytes) {
                    if alt.len() >= 2 {
                        ranges.push(key_range([alt[0], alt[1]]));
                    }
                }
            }
        }
        let mut lookups = Vec::new();
        self.linking.lookups_for(word, true, &mut lookups);
        let with_links = !lookups.is_empty();
        let mut out = Vec::new();
        for k in ranges.into_iter().flatten() {
            for (f, wanted) in [(self.key_main[k], true), (self.key_links[k], with_links)] {
                if let Some(f) = f.checked_sub(1).filter(|_| wanted) {
                    if !out.contains(&(f as usize)) {
                        out.push(f as usize);
                    }
                }
            }
        }
        out
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

/// The key under which a head is stored: the word, and a space when it is finished.
pub fn head_key(word: &QueryToken) -> String {
    if word.is_last {
        word.text.clone()
    } else {
        format!("{} ", word.text)
    }
}

/// The keys of a place's word `t`: `t0t1` and `t0t2` (`t0_` for one letter).
pub fn word_keys(t: &[u8]) -> impl Iterator<Item = [u8; 2]> + '_ {
    let single = (t.len() == 1).then(|| [t[0], SINGLE]);
    let pairs = [1usize, 2].into_iter().filter(|&i| i < t.len()).map(|i| [t[0], t[i]]);
    single.into_iter().chain(pairs)
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
    /// The parts to search for `raw`: the root first (the départements by code), then the
    /// slices of its plan.
    pub fn parts(&self, raw: &str, scope: &Scope, limit: usize) -> Parts<'_> {
        let Some(root) = &self.root else { return Parts::NoRoot };
        let plan = root.plan(raw, scope, limit);
        let missing: Vec<usize> = plan.files.iter().copied().filter(|&f| self.slices.get(f).is_none_or(Option::is_none)).collect();
        if !missing.is_empty() {
            return Parts::Missing(missing);
        }
        let mut parts = vec![root.places()];
        parts.extend(plan.files.iter().filter_map(|&f| self.slices.get(f).and_then(|s| s.as_deref())));
        Parts::Ready(parts)
    }
}

#[cfg(feature = "pipeline")]
pub use build::{build, Built};

#[cfg(feature = "pipeline")]
mod build;
