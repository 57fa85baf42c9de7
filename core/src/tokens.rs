//! Inverted index of name tokens, and the type-ahead matcher over it.
//!
//! Built once in memory from `(entry, name)` pairs when a gazetteer or venue list is loaded (it is
//! cheaper to rebuild, ~30 ms, than to download): a sorted dictionary of folded tokens, and for each
//! token its postings `entry << 8 | position`. A query is matched word by word (exact word, prefix
//! of a word, then, only when that finds too little, one typo in words of 4+ letters and a
//! linking word missing, added or misspelt), so a
//! keystroke costs a few binary searches and a walk over the postings it touches, never a scan of
//! every name.

use crate::text::{self, MIN_TYPO_LEN};

/// At most this many query words are used (the rest are ignored).
pub const MAX_QUERY_TOKENS: usize = 8;

/// A token's occurrence while the index is built: its first 8 bytes (big-endian, zero-padded:
/// numbers in the tokens' byte order), its start in the token buffer, and its posting.
struct Occurrence {
    head: u64,
    start: u32,
    posting: u32,
}

/// The index.
#[derive(Clone, Debug, Default)]
pub struct TokenIndex {
    dict_bytes: Vec<u8>,
    /// `dict.len() + 1` offsets into `dict_bytes`, tokens in byte order.
    dict_offsets: Vec<u32>,
    /// `dict.len() + 1` offsets into `postings`.
    post_offsets: Vec<u32>,
    postings: Vec<u32>,
    token_counts: Vec<u8>,
}

impl TokenIndex {
    /// Indexes `names` (entry ids below `entry_count`, each at most once).
    ///
    /// Built for a low peak of memory (the wasm memory keeps its peak for good): every token
    /// occurrence is 16 bytes while sorting (its first 8 bytes as a number, its start in a buffer
    /// of NUL-terminated tokens, and its posting), the temporaries are trimmed before the index is
    /// allocated, and the index is allocated at its exact size.
    ///
    /// The sort compares the tokens' first 8 bytes as one number and reads the buffer only for
    /// longer tokens that share them: the venues' index (about 10,000 occurrences) builds in
    /// 1.2 ms on the host where a byte-wise comparison took 2.6 ms (`cargo run --release -p
    /// tiers-lieux-core --example index_build`).
    pub fn build<'a>(entry_count: usize, mut names: impl Iterator<Item = (u32, &'a str)>) -> Self {
        Self::build_from(entry_count, &mut names)
    }

    /// `build`'s body, once in the wasm for every kind of iterator (its sort is the larger part).
    #[inline(never)]
    fn build_from(entry_count: usize, names: &mut dyn Iterator<Item = (u32, &str)>) -> Self {
        let mut buf: Vec<u8> = Vec::new();
        let mut items: Vec<Occurrence> = Vec::new();
        let mut token_counts = vec![0u8; entry_count];
        for (entry, name) in names {
            let toks = text::index_tokens(name);
            token_counts[entry as usize] = toks.len().min(255) as u8;
            for (pos, t) in toks.iter().enumerate().take(255) {
                let start = buf.len();
                // A NUL ends a token; one inside a name (never typed) is left out.
                buf.extend(t.bytes().filter(|&b| b != 0));
                let mut head = [0u8; 8];
                let len = (buf.len() - start).min(8);
                head[..len].copy_from_slice(&buf[start..start + len]);
                items.push(Occurrence { head: u64::from_be_bytes(head), start: start as u32, posting: (entry << 8) | pos as u32 });
                buf.push(0);
            }
        }
        buf.shrink_to_fit();
        items.shrink_to_fit();
        let tok = |o: &Occurrence| {
            let rest = &buf[o.start as usize..];
            &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())]
        };
        // Byte order of the tokens: the heads' order, then (when both heads are a full 8 bytes
        // alike) the rest's; equal tokens by posting.
        items.sort_unstable_by(|a, b| {
            a.head
                .cmp(&b.head)
                .then_with(|| if a.head & 0xff != 0 { tok(a).cmp(tok(b)) } else { std::cmp::Ordering::Equal })
                .then(a.posting.cmp(&b.posting))
        });
        // Exact sizes first: distinct tokens and their bytes.
        let (mut distinct, mut bytes) = (0usize, 0usize);
        let mut prev: Option<&[u8]> = None;
        for it in &items {
            let t = tok(it);
            if prev != Some(t) {
                distinct += 1;
                bytes += t.len();
                prev = Some(t);
            }
        }
        let mut index = TokenIndex {
            dict_bytes: Vec::with_capacity(bytes),
            dict_offsets: Vec::with_capacity(distinct + 1),
            post_offsets: Vec::with_capacity(distinct + 1),
            postings: Vec::with_capacity(items.len()),
            token_counts,
        };
        index.dict_offsets.push(0);
        let mut prev: Option<&[u8]> = None;
        for it in &items {
            let t = tok(it);
            if prev != Some(t) {
                index.post_offsets.push(index.postings.len() as u32);
                index.dict_bytes.extend(t);
                index.dict_offsets.push(index.dict_bytes.len() as u32);
                prev = Some(t);
            }
            index.postings.push(it.posting);
        }
        index.post_offsets.push(index.postings.len() as u32);
        index
    }

    /// Number of distinct tokens.
    pub fn dict_len(&self) -> usize {
        self.dict_offsets.len() - 1
    }

    /// The dictionary's token `i` (tokens in byte order).
    pub fn token(&self, i: usize) -> &[u8] {
        &self.dict_bytes[self.dict_offsets[i] as usize..self.dict_offsets[i + 1] as usize]
    }

    pub fn token_count(&self, entry: usize) -> usize {
        self.token_counts[entry] as usize
    }

    /// Dictionary positions whose token starts with `prefix`.
    pub fn prefix_range(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let n = self.dict_len();
        let lo = partition_point(n, |i| self.token(i) < prefix);
        let hi = lo + partition_point(n - lo, |i| self.token(lo + i).starts_with(prefix));
        lo..hi
    }

    /// Matches `query` against every entry. `hits` receives the entries that match all query
    /// words, with how they matched. Allocation-free after the first calls (scratch is reused).
    pub fn match_query(&self, query: &Query, allow_typos: bool, scratch: &mut Scratch, hits: &mut Vec<Hit>) {
        hits.clear();
        let m = query.tokens.len();
        if m == 0 {
            return;
        }
        scratch.start(self.token_counts.len());
        let mut lookups: Vec<(usize, Quality)> = std::mem::take(&mut scratch.lookups);
        for (j, qt) in query.tokens.iter().enumerate() {
            lookups.clear();
            self.lookups_for(qt, allow_typos, &mut lookups);
            for &(tok, quality) in lookups.iter() {
                let (s, e) = (self.post_offsets[tok] as usize, self.post_offsets[tok + 1] as usize);
                for &p in &self.postings[s..e] {
                    let (entry, pos) = ((p >> 8) as usize, (p & 0xFF) as usize);
                    scratch.visit(entry, j, pos, quality, qt.is_last);
                }
            }
            if allow_typos && qt.optional {
                scratch.skip(j);
            }
        }
        scratch.lookups = lookups;
        for &entry in &scratch.touched {
            let acc = &scratch.state[entry as usize];
            if acc.matched as usize != m {
                continue;
            }
            let all = if m >= 8 { 0xFF } else { (1u8 << m) - 1 };
            // A whole word typed with one typo still counts as the whole name ("Toulouze").
            let tier = if acc.order_mask == all && acc.prefixes == 0 && self.token_count(entry as usize) == m {
                0
            } else if acc.order_mask == all {
                1
            } else {
                2
            };
            hits.push(Hit { entry, typos: acc.typos, loose: acc.loose, tier });
        }
    }

    /// Dictionary tokens that a query word can match, best quality first, each once.
    pub fn lookups_for(&self, qt: &QueryToken, allow_typos: bool, out: &mut Vec<(usize, Quality)>) {
        let forms: [Option<&[u8]>; 2] = [Some(qt.text.as_bytes()), qt.alt.as_deref().map(str::as_bytes)];
        for (k, form) in forms.iter().enumerate() {
            let Some(form) = form else { continue };
            let r = self.prefix_range(form);
            if r.start < r.end && self.token(r.start) == *form {
                // "st" still being typed may become "strasbourg": its "saint" is not yet sure.
                let q = if k == 1 && qt.is_last { Quality::Prefix } else { Quality::Exact };
                push_unique(out, r.start, q);
            }
        }
        for form in forms.iter().flatten() {
            for i in self.prefix_range(form) {
                push_unique(out, i, Quality::Prefix);
            }
        }
        if allow_typos && qt.text.len() >= MIN_TYPO_LEN {
            let q = qt.text.as_bytes();
            // Typos keep the first letter (see `text::prefix_within_one_edit`): only that range.
            for i in self.prefix_range(&q[..1]) {
                let t = self.token(i);
                if t.len() + 1 >= q.len() && text::prefix_within_one_edit(q, t) {
                    let whole = text::within_one_edit(q, t);
                    push_unique(out, i, if whole { Quality::TypoWord } else { Quality::TypoPrefix });
                }
            }
        } else if allow_typos && qt.text.len() + 1 == MIN_TYPO_LEN {
            // A word of four letters typed with one missing (« Svy » for Savy): the whole word
            // only, as a shorter start would match too much.
            let q = qt.text.as_bytes();
            for i in self.prefix_range(&q[..1]) {
                let t = self.token(i);
                if t.len() == MIN_TYPO_LEN && text::within_one_edit(q, t) {
                    push_unique(out, i, Quality::TypoWord);
                }
            }
        }
    }
}

fn push_unique(out: &mut Vec<(usize, Quality)>, tok: usize, q: Quality) {
    // Lookups per word are few (exact, a prefix range, typo neighbours): a linear check is fine
    // for the common case; large prefix ranges only ever add Prefix after at most two Exacts.
    if q == Quality::Prefix {
        if out.iter().take(2).any(|&(t, _)| t == tok) {
            return;
        }
    } else if out.iter().any(|&(t, _)| t == tok) {
        return;
    }
    out.push((tok, q));
}

/// How a query word matched an entry's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    Exact,
    Prefix,
    /// The whole word, with one typo.
    TypoWord,
    /// The start of the word, with one typo.
    TypoPrefix,
}

/// One query word in folded form, with its abbreviation expansion ("st" → "saint").
#[derive(Clone, Debug, PartialEq)]
pub struct QueryToken {
    pub text: String,
    pub alt: Option<String>,
    /// The word being typed (the last one, unless the query ends with a space).
    pub is_last: bool,
    /// A word after the first that may be a linking word (« du », « u », « suzr »): when typos are
    /// allowed, a name without a word it matches still matches the others.
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Query {
    pub tokens: Vec<QueryToken>,
    /// The whole folded query, tokens joined by one space.
    pub folded: String,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let folded = text::fold(raw);
        let mut tokens: Vec<QueryToken> = folded
            .split(' ')
            .filter(|t| !t.is_empty())
            .take(MAX_QUERY_TOKENS)
            .enumerate()
            .map(|(j, t)| QueryToken {
                text: t.to_owned(),
                alt: text::expand_abbreviation(t).map(str::to_owned),
                is_last: false,
                optional: j > 0 && text::may_be_linking_word(t),
            })
            .collect();
        // A query ending in a space or punctuation has no word still being typed.
        let typing = raw.chars().last().is_some_and(char::is_alphanumeric);
        if let Some(last) = tokens.last_mut().filter(|_| typing) {
            last.is_last = true;
        }
        let folded = tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
        Query { tokens, folded }
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// True when the query is only digits (a postcode or département number being typed).
    pub fn is_numeric(&self) -> bool {
        self.tokens.len() == 1 && self.tokens[0].text.bytes().all(|c| c.is_ascii_digit())
    }
}

/// An entry that matched every query word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entry: u32,
    pub typos: u8,
    /// Words matched loosely: with a typo, or as a prefix though the user had finished the word.
    /// (The word being typed matches as a prefix by nature: that is not loose.)
    pub loose: u8,
    /// 0: the name is exactly the query (up to typos); 1: the name starts with the query words
    /// in order; 2: the words are all there, in another order or place.
    pub tier: u8,
}

#[derive(Clone, Copy, Default)]
struct Acc {
    epoch: u32,
    matched: u8,
    typos: u8,
    prefixes: u8,
    loose: u8,
    order_mask: u8,
}

/// Reusable per-index working memory, so a keystroke allocates nothing once warm.
#[derive(Default)]
pub struct Scratch {
    state: Vec<Acc>,
    touched: Vec<u32>,
    lookups: Vec<(usize, Quality)>,
    epoch: u32,
}

impl Scratch {
    fn start(&mut self, entries: usize) {
        if self.state.len() != entries {
            self.state = vec![Acc::default(); entries];
            self.epoch = 0;
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.state.iter_mut().for_each(|a| a.epoch = 0);
            self.epoch = 1;
        }
        self.touched.clear();
    }

    /// Query word `j` (a linking word, or what may be one) matched nothing in these entries: they
    /// go on without it, as a typo in its place.
    fn skip(&mut self, j: usize) {
        for &entry in &self.touched {
            let acc = &mut self.state[entry as usize];
            if acc.epoch == self.epoch && acc.matched as usize == j {
                acc.matched += 1;
                acc.typos += 1;
                acc.loose += 1;
                if j < 8 {
                    acc.order_mask |= 1 << j;
                }
            }
        }
    }

    fn visit(&mut self, entry: usize, j: usize, pos: usize, quality: Quality, is_last: bool) {
        let acc = &mut self.state[entry];
        if acc.epoch != self.epoch {
            if j != 0 {
                return;
            }
            *acc = Acc { epoch: self.epoch, ..Acc::default() };
            self.touched.push(entry as u32);
        }
        if acc.matched as usize == j {
            // First (hence best) match of word j for this entry.
            acc.matched += 1;
            match quality {
                Quality::Exact => {}
                Quality::Prefix => acc.prefixes += 1,
                Quality::TypoWord => acc.typos += 1,
                Quality::TypoPrefix => {
                    acc.typos += 1;
                    acc.prefixes += 1;
                }
            }
            let loose = match quality {
                Quality::Exact => false,
                Quality::Prefix => !is_last,
                Quality::TypoWord | Quality::TypoPrefix => true,
            };
            acc.loose += loose as u8;
        } else if acc.matched as usize != j + 1 {
            return;
        }
        if pos == j && j < 8 {
            acc.order_mask |= 1 << j;
        }
    }
}

/// First index in `0..n` for which `pred` is false (pred true on a prefix of the range).
pub(crate) fn partition_point(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if pred(mid) {
            lo = mid + 1
        } else {
            hi = mid
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::TokenIndex;

    /// The dictionary is in byte order with each token once, whatever the tokens' first 8 bytes
    /// share, and each token's postings are in entry order.
    #[test]
    fn the_dictionary_is_in_byte_order_when_heads_are_alike() {
        let names = [
            "Saint-Germain-en-Laye",
            "Saintgermainville",
            "Saintgermain",
            "Saint Germain",
            "Chateauneuf Chateaurenard",
            "Chateauneufvieux",
            "abc",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "Chateauneuf",
        ];
        let index = TokenIndex::build(names.len(), names.iter().enumerate().map(|(i, n)| (i as u32, *n)));
        let tokens: Vec<&[u8]> = (0..index.dict_len()).map(|i| index.token(i)).collect();
        let mut expected: Vec<Vec<u8>> = names.iter().flat_map(|n| crate::text::index_tokens(n)).map(String::into_bytes).collect();
        expected.sort();
        expected.dedup();
        assert_eq!(tokens, expected.iter().map(Vec::as_slice).collect::<Vec<_>>());
        let at = |t: &[u8]| index.prefix_range(t).start;
        let chateauneuf = at(b"chateauneuf");
        assert_eq!(index.token(chateauneuf), b"chateauneuf");
        let postings = &index.postings[index.post_offsets[chateauneuf] as usize..index.post_offsets[chateauneuf + 1] as usize];
        assert_eq!(postings.iter().map(|p| p >> 8).collect::<Vec<_>>(), vec![4, 11]);
    }
}
