//! `make bench-crates`: each crate beside the project's own code on the real data. First the
//! answers are compared (a crate that answers differently is reported, not timed as equal), then
//! both are timed (medians, host, release build). The wasm bytes of each are counted by the
//! Makefile target (one probe module per side).

use tiers_lieux_core::cluster::{ClusterIndex, ClusterOptions};
use tiers_lieux_core::geo::LatLon;
use tiers_lieux_core::nearest::KdIndex;
use tiers_lieux_core::tokens::{Query, TokenIndex};
use tiers_lieux_core::{csv, Gazetteer, VenueTable};
use tiers_lieux_crates::*;

#[path = "../../common.rs"]
mod common;
use common::{median_us, Rng};

fn row(what: &str, ours: String, crate_: String, note: &str) {
    println!("| {what} | {ours} | {crate_} | {note} |");
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    println!("| measure | ours | crate | note |\n|---|---|---|---|");

    // 1. CSV: csv-core against core/src/csv.rs.
    let mut inputs: Vec<(String, String)> = Vec::new();
    for f in ["data/cget-tiers-lieux-2019/tiers-lieux-2019.csv", "data/gazetteer/communes_gazetteer_2026.csv", "www/exemple-lieux.csv"] {
        inputs.push((f.to_owned(), std::fs::read_to_string(root.join(f)).expect(f)));
    }
    for (name, text) in [
        ("BOM, CRLF, semicolons", "\u{FEFF}nom;lat\r\n\"A;B\";1\r\n"),
        ("quoted line break and doubled quotes", "nom,x\n\"Le \"\"Lieu\"\"\nsuite\",2\nB,3\n"),
        ("blank lines", "nom,x\n\nA,1\n\n\nB,2\n"),
        ("unterminated quote", "nom,x\n\"open,1\nB,2\n"),
    ] {
        inputs.push((name.to_owned(), text.to_owned()));
    }
    let mut csv_same = Vec::new();
    for (name, text) in &inputs {
        let d = csv::detect_delimiter(text);
        let (a, b) = (csv::parse(text, d), csv_with_csv_core(text, d));
        let same = a == b;
        if !same {
            let why = match (&a, &b) {
                (Err(e), Ok(_)) => format!("ours: {e:?}, csv-core reads on"),
                (Ok(x), Ok(y)) => {
                    let k = x.iter().zip(y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
                    format!("record {k}: {:?} / {:?}", x.get(k).map(|r| r.line), y.get(k).map(|r| r.line))
                }
                _ => "errors differ".to_owned(),
            };
            csv_same.push(format!("{name}: differs ({why})"));
        }
    }
    let mut list = String::from("nom,latitude,longitude,types,id\n");
    for i in 0..20_000 {
        list.push_str(&format!("\"Lieu {i}, atelier\",{},{},coworking,id{i}\n", 43.0 + (i % 700) as f64 / 100.0, -1.0 + (i % 900) as f64 / 100.0));
    }
    let ours = median_us(15, || assert_eq!(csv::parse(&list, b',').unwrap().len(), 20_001));
    let theirs = median_us(15, || assert_eq!(csv_with_csv_core(&list, b',').unwrap().len(), 20_001));
    row("CSV: 20,000-row partner list, parse", format!("{:.1} ms", ours / 1e3), format!("{:.1} ms", theirs / 1e3), "csv-core 0.1.13");
    let agree = inputs.len() - csv_same.len();
    row("CSV: same records on the test inputs", format!("{agree} / {}", inputs.len()), csv_same.join("; "), "");

    // 2. Nearest: rstar (points on the sphere) against core/src/nearest.rs.
    let venues = VenueTable::from_bytes(tiers_lieux::NATIONAL_VENUES.to_vec()).unwrap();
    let pts: Vec<(u32, LatLon)> = (0..venues.len()).map(|i| (i as u32, venues.position(i))).collect();
    let build_ours = median_us(21, || drop(KdIndex::build_with_ids(pts.iter().copied())));
    let build_theirs = median_us(21, || drop(RstarIndex::build(pts.iter().copied())));
    row(&format!("nearest: build over {} venues", pts.len()), format!("{build_ours:.0} µs"), format!("{build_theirs:.0} µs"), "rstar 0.14");
    let (kd, rs) = (KdIndex::build_with_ids(pts.iter().copied()), RstarIndex::build(pts.iter().copied()));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let origins: Vec<LatLon> = (0..2000).map(|_| LatLon::new(42.3 + rng.next() * 8.7, -4.8 + rng.next() * 13.0)).collect();
    let even = |id: u32| id % 2 == 0;
    let mut differ = 0;
    for &o in &origins {
        for (radius, filter) in [(None, false), (Some(20.0), true)] {
            let a = kd.nearest(o, 10, radius, |id| !filter || even(id));
            let b = rs.nearest(o, 10, radius, |id| !filter || even(id));
            if a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| x.id != y.id || (x.distance_km - y.distance_km).abs() > 1e-9) {
                differ += 1;
            }
        }
    }
    row("nearest: same answers (4,000 queries, k=10, with and without radius and filter)", format!("{}", 4000 - differ), format!("{} differ", differ), "");
    let q_ours = median_us(5, || origins.iter().for_each(|&o| drop(kd.nearest(o, 10, None, |_| true)))) / origins.len() as f64;
    let q_theirs = median_us(5, || origins.iter().for_each(|&o| drop(rs.nearest(o, 10, None, |_| true)))) / origins.len() as f64;
    row("nearest: one query, k=10", format!("{q_ours:.2} µs"), format!("{q_theirs:.2} µs"), "");

    // 3. Clusters: the supercluster crate against cluster/.
    let points: Vec<[f64; 2]> = pts.iter().map(|(_, p)| [p.lat, p.lon]).collect();
    let b_ours = median_us(9, || drop(ClusterIndex::build(points.clone(), ClusterOptions::MAP)));
    let b_theirs = median_us(9, || drop(supercluster_build(&points)));
    row("clusters: build, national venues", format!("{:.2} ms", b_ours / 1e3), format!("{:.2} ms", b_theirs / 1e3), "supercluster 3.0.8 (Rust crate)");
    let (ours_ix, theirs_ix) = (ClusterIndex::build(points.clone(), ClusterOptions::MAP), supercluster_build(&points));
    let mut zooms_same = 0;
    let mut zooms_differ = Vec::new();
    for z in 0..=16u8 {
        let mut a: Vec<u32> = ours_ix.items_in(-180.0, -85.0, 180.0, 85.0, z as f64).iter().map(|i| i.count).collect();
        let mut b = supercluster_counts(&theirs_ix, [-180.0, -85.0, 180.0, 85.0], z);
        a.sort_unstable();
        b.sort_unstable();
        if a == b {
            zooms_same += 1;
        } else {
            let (sa, sb): (u32, u32) = (a.iter().sum(), b.iter().sum());
            zooms_differ.push(format!("z{z}: {} vs {} items, {sa} vs {sb} venues", a.len(), b.len()));
        }
    }
    row("clusters: same cluster counts at zooms 0–16 (ours = supercluster JS, golden fixture)", format!("{zooms_same} / 17"), zooms_differ.join(", "), "");
    let views: Vec<([f64; 4], u8)> = (0..400)
        .map(|_| {
            let (lat, lon, z) = (43.0 + rng.next() * 7.0, -4.0 + rng.next() * 11.0, 5 + (rng.next() * 10.0) as u8);
            let span = 360.0 / 2f64.powi(z as i32) * 2.0;
            ([lon - span, lat - span / 2.0, lon + span, lat + span / 2.0], z)
        })
        .collect();
    let v_ours = median_us(5, || views.iter().for_each(|(b, z)| drop(ours_ix.items_in(b[0], b[1], b[2], b[3], *z as f64)))) / 400.0;
    let v_theirs = median_us(5, || views.iter().for_each(|(b, z)| drop(supercluster_counts(&theirs_ix, *b, *z)))) / 400.0;
    row("clusters: one view", format!("{v_ours:.1} µs"), format!("{v_theirs:.1} µs"), "the crate answers GeoJSON Features");

    // 4. The token dictionary: fst against the sorted dictionary of core/src/tokens.rs.
    let g = Gazetteer::from_bytes(tiers_lieux::GAZETTEER.to_vec()).unwrap();
    let names: Vec<&str> = (0..g.len()).map(|i| g.name(i)).collect();
    let index = TokenIndex::build(names.len(), names.iter().enumerate().map(|(i, n)| (i as u32, *n)));
    let tokens: Vec<&[u8]> = (0..index.dict_len()).map(|i| index.token(i)).collect();
    let ours_bytes = tokens.iter().map(|t| t.len()).sum::<usize>() + 4 * (tokens.len() + 1);
    let map = fst_dictionary(&tokens);
    row(
        &format!("dictionary: bytes in memory ({} tokens of {} names)", tokens.len(), names.len()),
        format!("{ours_bytes}"),
        format!("{}", map.as_fst().as_bytes().len()),
        "fst 0.4.7; ours: token bytes + offsets",
    );
    let fst_build = median_us(9, || drop(fst_dictionary(&tokens)));
    row("dictionary: build from the sorted tokens", "0 (it is the sort's output)".to_owned(), format!("{:.1} ms", fst_build / 1e3), "the whole index builds in ~30 ms either way");
    let mut words: Vec<String> = Vec::new();
    // Which words carry a transposition (fst's Levenshtein counts one as two edits).
    let mut transposed: Vec<bool> = Vec::new();
    for i in (0..tokens.len()).step_by(tokens.len() / 1000) {
        let t = std::str::from_utf8(tokens[i]).unwrap();
        words.push(t.to_owned());
        words.push(t.chars().take(3).collect());
        transposed.extend([false, false]);
        if t.len() >= 6 && t.is_ascii() {
            // A letter dropped, and two swapped (a transposition).
            words.push(format!("{}{}", &t[..3], &t[4..]));
            words.push(format!("{}{}{}{}", &t[..2], &t[3..4], &t[2..3], &t[4..]));
            transposed.extend([false, true]);
        }
    }
    let (mut prefix_differ, mut typo_differ, mut typo_differ_transposed, mut typo_words_n, mut out) = (0, 0, 0, 0, Vec::new());
    for (w, &swapped) in words.iter().zip(&transposed) {
        let r = index.prefix_range(w.as_bytes());
        fst_prefix(&map, w.as_bytes(), &mut out);
        if out.iter().map(|&v| v as usize).ne(r) {
            prefix_differ += 1;
        }
        let q = Query::parse(w);
        let Some(qt) = q.tokens.first() else { continue };
        if qt.text.len() < 5 || qt.alt.is_some() {
            continue;
        }
        typo_words_n += 1;
        let mut ours_typo: Vec<u64> = Vec::new();
        let mut lookups = Vec::new();
        index.lookups_for(qt, true, &mut lookups);
        ours_typo.extend(lookups.iter().map(|&(i, _)| i as u64));
        ours_typo.sort_unstable();
        fst_typo(&map, &qt.text, &mut out);
        out.sort_unstable();
        let r = index.prefix_range(qt.text.as_bytes());
        out.extend(r.map(|i| i as u64));
        out.sort_unstable();
        out.dedup();
        if out != ours_typo {
            typo_differ += 1;
            typo_differ_transposed += usize::from(swapped);
        }
    }
    row(&format!("dictionary: same prefix ranges ({} words)", words.len()), format!("{}", words.len() - prefix_differ), format!("{prefix_differ} differ"), "");
    row(
        &format!("dictionary: same matches with one typo allowed ({typo_words_n} words of 5+ letters)"),
        format!("{}", typo_words_n - typo_differ),
        format!("{typo_differ} differ, {typo_differ_transposed} of them transposed words"),
        "fst's Levenshtein has no transposition; ours also keeps the first letter and length rules",
    );
    let lookup = |f: &mut dyn FnMut(&str)| median_us(5, || words.iter().for_each(|w| f(w))) / words.len() as f64;
    let p_ours = lookup(&mut |w| drop(index.prefix_range(w.as_bytes())));
    let p_theirs = lookup(&mut |w| fst_prefix(&map, w.as_bytes(), &mut out));
    row("dictionary: one prefix lookup", format!("{p_ours:.2} µs"), format!("{p_theirs:.2} µs"), "ours: two binary searches; fst: a stream of every match");
    let typo_words: Vec<Query> = words.iter().map(|w| Query::parse(w)).filter(|q| q.tokens.first().is_some_and(|t| t.text.len() >= 5)).collect();
    let mut lk = Vec::new();
    let t_ours = median_us(5, || typo_words.iter().for_each(|q| index.lookups_for(&q.tokens[0], true, &mut lk))) / typo_words.len() as f64;
    let t_theirs = median_us(5, || typo_words.iter().for_each(|q| fst_typo(&map, &q.tokens[0].text, &mut out))) / typo_words.len() as f64;
    row("dictionary: one word with typos allowed", format!("{t_ours:.1} µs"), format!("{t_theirs:.1} µs"), "ours scans the first letter's range");
}
