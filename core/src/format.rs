//! The flat, versioned binary container every data asset uses (gazetteer, venues).
//!
//! ```text
//! magic [4] | version u16 | section count u16 | count × (tag [4], offset u32, length u32) | sections…
//! ```
//! Integers in the header are little-endian; sections start on 4-byte boundaries. A section is a
//! column of `count` values:
//! - `u8`: one byte per value, read in place;
//! - varint: LEB128 `u32`s; zig-zag deltas: `i32`s as LEB128 of zig-zag(value − previous), for
//!   sorted codes and coordinates in space order (most deltas fit one or two bytes);
//! - string table: `count` as varint, `count` varint byte lengths, then the UTF-8 bytes.
//!
//! The encoder (`Writer`) runs at build time (and for partner lists, in the browser). The decoder
//! (`Container`) checks every bound once; strings are then read in place, varint columns are
//! expanded once into plain arrays (no text is parsed).

use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum FormatError {
    BadMagic { expected: [u8; 4] },
    UnsupportedVersion { found: u16, supported: u16 },
    Truncated,
    MissingSection([u8; 4]),
    BadSection([u8; 4], &'static str),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::BadMagic { expected } => {
                write!(f, "not a {} data file (bad magic bytes)", String::from_utf8_lossy(expected))
            }
            FormatError::UnsupportedVersion { found, supported } => {
                write!(f, "data format version {found} is not supported (this build reads version {supported})")
            }
            FormatError::Truncated => write!(f, "data file is truncated"),
            FormatError::MissingSection(t) => write!(f, "data file has no section {}", String::from_utf8_lossy(t)),
            FormatError::BadSection(t, why) => write!(f, "data section {} is invalid: {why}", String::from_utf8_lossy(t)),
        }
    }
}

impl std::error::Error for FormatError {}

/// Builds a container section by section.
pub struct Writer {
    magic: [u8; 4],
    version: u16,
    sections: Vec<([u8; 4], Vec<u8>)>,
}

impl Writer {
    pub fn new(magic: [u8; 4], version: u16) -> Self {
        Writer { magic, version, sections: Vec::new() }
    }

    pub fn u8s(&mut self, tag: [u8; 4], values: &[u8]) -> &mut Self {
        self.sections.push((tag, values.to_vec()));
        self
    }

    pub fn strs<S: AsRef<str>>(&mut self, tag: [u8; 4], values: &[S]) -> &mut Self {
        let mut out = Vec::new();
        put_varint(&mut out, values.len() as u32);
        for v in values {
            put_varint(&mut out, v.as_ref().len() as u32);
        }
        for v in values {
            out.extend(v.as_ref().as_bytes());
        }
        self.sections.push((tag, out));
        self
    }

    pub fn varints(&mut self, tag: [u8; 4], values: &[u32]) -> &mut Self {
        let mut out = Vec::new();
        put_varint(&mut out, values.len() as u32);
        for &v in values {
            put_varint(&mut out, v);
        }
        self.sections.push((tag, out));
        self
    }

    pub fn zigzag_deltas(&mut self, tag: [u8; 4], values: &[i32]) -> &mut Self {
        let mut out = Vec::new();
        put_varint(&mut out, values.len() as u32);
        let mut prev = 0i32;
        for &v in values {
            let d = v.wrapping_sub(prev);
            put_varint(&mut out, ((d << 1) ^ (d >> 31)) as u32);
            prev = v;
        }
        self.sections.push((tag, out));
        self
    }

    /// Keeps only the sections whose tag `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(&[u8; 4]) -> bool) -> &mut Self {
        self.sections.retain(|(t, _)| keep(t));
        self
    }

    /// A section as another writer encoded it.
    pub fn raw(&mut self, tag: [u8; 4], data: Vec<u8>) -> &mut Self {
        self.sections.push((tag, data));
        self
    }

    /// The encoded sections, in order.
    pub fn into_sections(self) -> Vec<([u8; 4], Vec<u8>)> {
        self.sections
    }

    pub fn finish(&self) -> Vec<u8> {
        let header = 8 + 12 * self.sections.len();
        let mut out = Vec::with_capacity(header + self.sections.iter().map(|s| s.1.len() + 3).sum::<usize>());
        out.extend(self.magic);
        out.extend(self.version.to_le_bytes());
        out.extend((self.sections.len() as u16).to_le_bytes());
        let mut offset = align4(header);
        for (tag, data) in &self.sections {
            out.extend(tag);
            out.extend((offset as u32).to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            offset = align4(offset + data.len());
        }
        for (_, data) in &self.sections {
            out.resize(align4(out.len()), 0);
            out.extend(data);
        }
        out
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 u32 at `*at`, advancing it; None past the end or beyond 32 bits.
fn get_varint(b: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        if shift == 28 && byte > 0x0F {
            return None;
        }
        v |= ((byte & 0x7F) as u32) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// A checked view of a container: the bytes and where each section is.
#[derive(Clone)]
pub struct Container {
    bytes: Arc<[u8]>,
    sections: Vec<([u8; 4], Range<usize>)>,
}

impl Container {
    pub fn parse(bytes: Arc<[u8]>, magic: [u8; 4], version: u16) -> Result<Self, FormatError> {
        if bytes.len() < 8 {
            return Err(if bytes.len() >= 4 && bytes[..4] != magic { FormatError::BadMagic { expected: magic } } else { FormatError::Truncated });
        }
        if bytes[..4] != magic {
            return Err(FormatError::BadMagic { expected: magic });
        }
        let found = u16::from_le_bytes([bytes[4], bytes[5]]);
        if found != version {
            return Err(FormatError::UnsupportedVersion { found, supported: version });
        }
        let count = u16::from_le_bytes([bytes[6], bytes[7]]) as usize;
        if bytes.len() < 8 + 12 * count {
            return Err(FormatError::Truncated);
        }
        let mut sections = Vec::with_capacity(count);
        for i in 0..count {
            let at = 8 + 12 * i;
            let tag = [bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]];
            let start = read_u32(&bytes, at + 4) as usize;
            let len = read_u32(&bytes, at + 8) as usize;
            let end = start.checked_add(len).ok_or(FormatError::Truncated)?;
            if end > bytes.len() || !start.is_multiple_of(4) {
                return Err(FormatError::Truncated);
            }
            sections.push((tag, start..end));
        }
        Ok(Container { bytes, sections })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether the container has section `tag`.
    pub fn has(&self, tag: [u8; 4]) -> bool {
        self.sections.iter().any(|(t, _)| *t == tag)
    }

    fn section(&self, tag: [u8; 4]) -> Result<Range<usize>, FormatError> {
        self.sections.iter().find(|(t, _)| *t == tag).map(|(_, r)| r.clone()).ok_or(FormatError::MissingSection(tag))
    }

    /// A column of `u8` with exactly `len` values (`None`: any length).
    pub fn u8s(&self, tag: [u8; 4], len: Option<usize>) -> Result<U8Col, FormatError> {
        let r = self.section(tag)?;
        check_len(tag, r.len(), len)?;
        Ok(U8Col(r))
    }

    /// A varint column with exactly `len` values, expanded.
    pub fn varints(&self, tag: [u8; 4], len: Option<usize>) -> Result<Vec<u32>, FormatError> {
        let r = self.section(tag)?;
        let b = &self.bytes[r];
        let mut at = 0;
        let n = get_varint(b, &mut at).ok_or(FormatError::BadSection(tag, "bad count"))? as usize;
        check_len(tag, n, len)?;
        if n > b.len() {
            return Err(FormatError::BadSection(tag, "count larger than the section"));
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(get_varint(b, &mut at).ok_or(FormatError::BadSection(tag, "bad varint"))?);
        }
        if at != b.len() {
            return Err(FormatError::BadSection(tag, "trailing bytes"));
        }
        Ok(out)
    }

    /// A zig-zag delta column with exactly `len` values, expanded.
    pub fn zigzag_deltas(&self, tag: [u8; 4], len: Option<usize>) -> Result<Vec<i32>, FormatError> {
        let mut prev = 0i32;
        Ok(self
            .varints(tag, len)?
            .into_iter()
            .map(|z| {
                prev = prev.wrapping_add(((z >> 1) as i32) ^ -((z & 1) as i32));
                prev
            })
            .collect())
    }

    pub fn strs(&self, tag: [u8; 4], len: Option<usize>) -> Result<StrCol, FormatError> {
        let r = self.section(tag)?;
        let b = &self.bytes[r.clone()];
        let mut at = 0;
        let n = get_varint(b, &mut at).ok_or(FormatError::BadSection(tag, "bad count"))? as usize;
        check_len(tag, n, len)?;
        if n > b.len() {
            return Err(FormatError::BadSection(tag, "count larger than the section"));
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0usize;
        offsets.push(0u32);
        for _ in 0..n {
            total += get_varint(b, &mut at).ok_or(FormatError::BadSection(tag, "bad length"))? as usize;
            if total > b.len() {
                return Err(FormatError::BadSection(tag, "strings past the end"));
            }
            offsets.push(total as u32);
        }
        if at + total != b.len() {
            return Err(FormatError::BadSection(tag, "lengths do not cover the strings"));
        }
        let text = std::str::from_utf8(&b[at..]).map_err(|_| FormatError::BadSection(tag, "not UTF-8"))?;
        if offsets.iter().any(|&o| !text.is_char_boundary(o as usize)) {
            return Err(FormatError::BadSection(tag, "a string is not valid UTF-8"));
        }
        Ok(StrCol { offsets, data: r.start + at..r.end })
    }
}

fn check_len(tag: [u8; 4], found: usize, expected: Option<usize>) -> Result<(), FormatError> {
    match expected {
        Some(n) if n != found => Err(FormatError::BadSection(tag, "column length does not match the record count")),
        _ => Ok(()),
    }
}

/// Column handles: ranges into the container's bytes, read with the bytes passed in.
#[derive(Clone, Debug)]
pub struct U8Col(Range<usize>);
/// A string table: offsets expanded at parse time, bytes read in place.
#[derive(Clone, Debug)]
pub struct StrCol {
    offsets: Vec<u32>,
    data: Range<usize>,
}

impl U8Col {
    pub fn get(&self, b: &[u8], i: usize) -> u8 {
        b[self.0.start + i]
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl StrCol {
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn get_bytes<'b>(&self, b: &'b [u8], i: usize) -> &'b [u8] {
        let (s, e) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        &b[self.data.start + s..self.data.start + e]
    }
    /// Offsets were checked to be char boundaries of valid UTF-8 at parse time.
    pub fn get<'b>(&self, b: &'b [u8], i: usize) -> &'b str {
        std::str::from_utf8(self.get_bytes(b, i)).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = Writer::new(*b"TEST", 3);
        w.u8s(*b"KIND", &[1, 2, 3]).strs(*b"NAME", &["é", "", "abc"]);
        w.varints(*b"VARS", &[0, 127, 128, u32::MAX]).zigzag_deltas(*b"ZIGS", &[4_800_000, 4_799_990, -2_000_000, i32::MIN, i32::MAX]);
        w.finish()
    }

    #[test]
    fn round_trip() {
        let c = Container::parse(sample().into(), *b"TEST", 3).unwrap();
        let b = c.bytes();
        assert_eq!(c.u8s(*b"KIND", Some(3)).unwrap().get(b, 2), 3);
        let s = c.strs(*b"NAME", Some(3)).unwrap();
        assert_eq!((s.get(b, 0), s.get(b, 1), s.get(b, 2)), ("é", "", "abc"));
        assert_eq!(c.varints(*b"VARS", Some(4)).unwrap(), vec![0, 127, 128, u32::MAX]);
        assert_eq!(c.zigzag_deltas(*b"ZIGS", None).unwrap(), vec![4_800_000, 4_799_990, -2_000_000, i32::MIN, i32::MAX]);
    }

    #[test]
    fn rejects_bad_input() {
        let good = sample();
        assert_eq!(Container::parse(good.clone().into(), *b"XXXX", 3).err(), Some(FormatError::BadMagic { expected: *b"XXXX" }));
        assert!(matches!(Container::parse(good.clone().into(), *b"TEST", 4), Err(FormatError::UnsupportedVersion { found: 3, .. })));
        assert_eq!(Container::parse(good[..good.len() - 2].to_vec().into(), *b"TEST", 3).err(), Some(FormatError::Truncated));
        let c = Container::parse(good.clone().into(), *b"TEST", 3).unwrap();
        assert!(c.u8s(*b"KIND", Some(4)).is_err());
        assert_eq!(c.u8s(*b"NOPE", None).err(), Some(FormatError::MissingSection(*b"NOPE")));
        // Every truncation or single-byte corruption is an error or a valid container, never a panic.
        for cut in 0..good.len() {
            let _ = Container::parse(good[..cut].to_vec().into(), *b"TEST", 3).map(|c| c.strs(*b"NAME", None).map(|_| ()));
        }
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0xA5;
            if let Ok(c) = Container::parse(bad.into(), *b"TEST", 3) {
                if let Ok(s) = c.strs(*b"NAME", None) {
                    for k in 0..s.len() {
                        let _ = s.get(c.bytes(), k);
                    }
                }
                let _ = c.varints(*b"VARS", None);
                let _ = c.zigzag_deltas(*b"ZIGS", None);
            }
        }
    }
}
