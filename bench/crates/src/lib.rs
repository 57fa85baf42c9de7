//! Well-kept crates doing the jobs of four pieces of the project's own code, written against the
//! same inputs and answers so that `compare` can check them and time them side by side, and so
//! that each can be built alone as a wasm module to count its bytes (`probe-*` features):
//! - `csv-core` for `core/src/csv.rs` (partner lists);
//! - `rstar` (an R*-tree over points on the unit sphere) for `core/src/nearest.rs`;
//! - `supercluster` (the Rust crate) for `cluster/` (the map's clusters);
//! - `fst` (a finite-state map) for the token dictionary of `core/src/tokens.rs`.

use tiers_lieux_core::csv::{CsvError, Record};
use tiers_lieux_core::geo::{haversine_km, LatLon};
use tiers_lieux_core::nearest::Neighbour;

/// `csv::parse` written over `csv-core`: records with the file line they start on, blank lines
/// skipped, a BOM dropped. (csv-core reads an unterminated quote to the end of the file.)
pub fn csv_with_csv_core(text: &str, delimiter: u8) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(CsvError::Empty);
    }
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let bytes = text.as_bytes();
    let mut input = bytes;
    let mut out = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut out_len, mut ends_len) = (0usize, 0usize);
    let mut records = Vec::new();
    // Where the current record's bytes began, and the file line of that point.
    let (mut record_from, mut line, mut counted) = (0usize, 1usize, 0usize);
    loop {
        let (result, nin, nout, nend) = reader.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[nin..];
        out_len += nout;
        ends_len += nend;
        match result {
            csv_core::ReadRecordResult::InputEmpty => continue,
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => {
                // csv-core skips blank lines itself: the record starts at the first byte after
                // the previous one that is not a line break.
                let start = record_from + bytes[record_from..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
                line += bytes[counted..start].iter().filter(|&&b| b == b'\n').count();
                counted = start;
                let mut fields = Vec::with_capacity(ends_len);
                let mut from = 0;
                for &end in &ends[..ends_len] {
                    fields.push(String::from_utf8_lossy(&out[from..end]).into_owned());
                    from = end;
                }
                records.push(Record { line, fields });
                record_from = bytes.len() - input.len();
                out_len = 0;
                ends_len = 0;
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    Ok(records)
}

/// A point on the unit sphere × the Earth's radius: the straight-line (chord) distance orders
/// points as the great-circle distance does.
fn on_sphere(p: LatLon) -> [f64; 3] {
    const R: f64 = 6371.0088;
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [R * lat.cos() * lon.cos(), R * lat.cos() * lon.sin(), R * lat.sin()]
}

/// The nearest-venue index over `rstar`.
pub struct RstarIndex {
    tree: rstar::RTree<rstar::primitives::GeomWithData<[f64; 3], (u32, LatLon)>>,
}

impl RstarIndex {
    pub fn build(points: impl Iterator<Item = (u32, LatLon)>) -> Self {
        let items = points.map(|(id, p)| rstar::primitives::GeomWithData::new(on_sphere(p), (id, p))).collect();
        RstarIndex { tree: rstar::RTree::bulk_load(items) }
    }

    /// The `k` nearest accepted points within `radius_km`, nearest first (ties by smaller id).
    pub fn nearest(&self, origin: LatLon, k: usize, radius_km: Option<f64>, accept: impl Fn(u32) -> bool) -> Vec<Neighbour> {
        let q = on_sphere(origin);
        let mut out: Vec<Neighbour> = Vec::with_capacity(k);
        for item in self.tree.nearest_neighbor_iter(q) {
            let (id, p) = item.data;
            let d = haversine_km(origin, p);
            if radius_km.is_some_and(|r| d > r) {
                break;
            }
            // Keep going past k while distances tie, then keep the smaller ids.
            if out.len() >= k && out.last().is_some_and(|l| d > l.distance_km) {
                break;
            }
            if accept(id) {
                out.push(Neighbour { id, distance_km: d });
            }
        }
        out.sort_by(|a, b| a.distance_km.total_cmp(&b.distance_km).then(a.id.cmp(&b.id)));
        out.truncate(k);
        out
    }
}

/// The map's clusters over the `supercluster` crate, with the widget's options.
pub fn supercluster_build(points: &[[f64; 2]]) -> supercluster::Supercluster {
    let options = supercluster::SuperclusterOptions {
        min_zoom: 0,
        max_zoom: 16,
        min_points: 2,
        radius: 60.0,
        extent: 256.0,
        node_size: 64,
        coordinate_system: supercluster::CoordinateSystem::LatLng,
    };
    let mut index = supercluster::Supercluster::new(options);
    // Features in the points' order (the crate's own builder orders them by a hash map): the
    // greedy clustering depends on the order, as supercluster's does.
    let features = points
        .iter()
        .enumerate()
        .map(|(i, &[lat, lon])| geojson::Feature {
            id: Some(geojson::feature::Id::Number(i.into())),
            geometry: Some(geojson::Geometry::new(geojson::Value::Point(vec![lon, lat]))),
            bbox: None,
            properties: None,
            foreign_members: None,
        })
        .collect();
    index.load(features).expect("points load");
    index
}

/// The counts of the items of a view (1 for a point alone), from the crate's features.
pub fn supercluster_counts(index: &supercluster::Supercluster, bbox: [f64; 4], zoom: u8) -> Vec<u32> {
    let features = index.get_clusters(bbox, zoom).unwrap_or_default();
    features.iter().map(|f| f.property("point_count").and_then(|c| c.as_f64()).map_or(1, |c| c as u32)).collect()
}

/// The token dictionary as an `fst` map: token → its position in byte order.
pub fn fst_dictionary(sorted_tokens: &[&[u8]]) -> fst::Map<Vec<u8>> {
    fst::Map::from_iter(sorted_tokens.iter().enumerate().map(|(i, t)| (*t, i as u64))).expect("sorted, distinct tokens")
}

/// Dictionary positions of the tokens starting with `prefix`.
pub fn fst_prefix(map: &fst::Map<Vec<u8>>, prefix: &[u8], out: &mut Vec<u64>) {
    use fst::{Automaton, IntoStreamer, Streamer};
    out.clear();
    let mut stream = map.search(fst::automaton::Str::new(std::str::from_utf8(prefix).unwrap_or("")).starts_with()).into_stream();
    while let Some((_, v)) = stream.next() {
        out.push(v);
    }
}

/// Dictionary positions of the tokens that start, with one edit, like `word` and share its first
/// letter (the project's typo rule), through a Levenshtein automaton.
pub fn fst_typo(map: &fst::Map<Vec<u8>>, word: &str, out: &mut Vec<u64>) {
    use fst::automaton::{Automaton, Levenshtein, Str};
    use fst::{IntoStreamer, Streamer};
    out.clear();
    let Ok(lev) = Levenshtein::new(word, 1) else { return };
    let first = &word[..word.chars().next().map_or(0, char::len_utf8)];
    let mut stream = map.search(lev.starts_with().intersection(Str::new(first).starts_with())).into_stream();
    while let Some((_, v)) = stream.next() {
        out.push(v);
    }
}

/// What each probe does, on bytes from its caller, so that the linker keeps exactly that code.
#[cfg(any(
    feature = "probe-csv-ours",
    feature = "probe-csv-crate",
    feature = "probe-nearest-ours",
    feature = "probe-nearest-crate",
    feature = "probe-cluster-ours",
    feature = "probe-cluster-crate",
    feature = "probe-dict-ours",
    feature = "probe-dict-crate"
))]
mod probe;
