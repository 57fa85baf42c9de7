//! One exported function per probe build, doing its job on the caller's bytes: the wasm module
//! then holds that code and what it needs, nothing else (`make bench-crates` counts its bytes).

use tiers_lieux_core::geo::LatLon;

fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: the caller passes a buffer it owns, of `len` bytes.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Points from `lat, lon` little-endian f64 pairs.
#[allow(dead_code)]
fn points(bytes: &[u8]) -> Vec<LatLon> {
    bytes.chunks_exact(16).map(|c| LatLon::new(f64::from_le_bytes(c[..8].try_into().unwrap()), f64::from_le_bytes(c[8..].try_into().unwrap()))).collect()
}

#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

#[no_mangle]
pub extern "C" fn probe(ptr: *const u8, len: usize) -> usize {
    let bytes = input(ptr, len);
    #[cfg(any(feature = "probe-csv-ours", feature = "probe-csv-crate"))]
    {
        let text = std::str::from_utf8(bytes).unwrap_or("");
        let d = tiers_lieux_core::csv::detect_delimiter(text);
        #[cfg(feature = "probe-csv-ours")]
        let r = tiers_lieux_core::csv::parse(text, d);
        #[cfg(feature = "probe-csv-crate")]
        let r = crate::csv_with_csv_core(text, d);
        return r.map_or(0, |r| r.iter().map(|r| r.fields.len()).sum());
    }
    #[cfg(any(feature = "probe-nearest-ours", feature = "probe-nearest-crate"))]
    {
        let p = points(bytes);
        let origin = p.first().copied().unwrap_or(LatLon::new(48.0, -1.0));
        #[cfg(feature = "probe-nearest-ours")]
        let found = tiers_lieux_core::nearest::KdIndex::build(&p).nearest(origin, 10, Some(50.0), |id| id % 2 == 0);
        #[cfg(feature = "probe-nearest-crate")]
        let found = crate::RstarIndex::build(p.iter().enumerate().map(|(i, p)| (i as u32, *p))).nearest(origin, 10, Some(50.0), |id| id % 2 == 0);
        return found.iter().map(|n| n.id as usize).sum();
    }
    #[cfg(any(feature = "probe-cluster-ours", feature = "probe-cluster-crate"))]
    {
        let p: Vec<[f64; 2]> = points(bytes).iter().map(|p| [p.lat, p.lon]).collect();
        #[cfg(feature = "probe-cluster-ours")]
        let n = {
            let index = tiers_lieux_core::cluster::ClusterIndex::build(p, tiers_lieux_core::cluster::ClusterOptions::MAP);
            index.items_in(-5.0, 41.0, 10.0, 51.0, 6.0).iter().map(|i| i.count as usize + i.payload as usize).sum()
        };
        #[cfg(feature = "probe-cluster-crate")]
        let n = {
            let index = crate::supercluster_build(&p);
            let c = crate::supercluster_counts(&index, [-5.0, 41.0, 10.0, 51.0], 6);
            c.iter().map(|&c| c as usize).sum::<usize>() + index.get_cluster_expansion_zoom(0)
        };
        return n;
    }
    #[cfg(any(feature = "probe-dict-ours", feature = "probe-dict-crate"))]
    {
        let text = std::str::from_utf8(bytes).unwrap_or("");
        let names: Vec<&str> = text.lines().collect();
        let index = tiers_lieux_core::tokens::TokenIndex::build(names.len(), names.iter().enumerate().map(|(i, n)| (i as u32, *n)));
        let word = names.first().copied().unwrap_or("rennes");
        #[cfg(feature = "probe-dict-ours")]
        {
            let q = tiers_lieux_core::tokens::Query::parse(word);
            let mut out = Vec::new();
            for t in &q.tokens {
                index.lookups_for(t, true, &mut out);
            }
            return out.len();
        }
        #[cfg(feature = "probe-dict-crate")]
        {
            let tokens: Vec<&[u8]> = (0..index.dict_len()).map(|i| index.token(i)).collect();
            let map = crate::fst_dictionary(&tokens);
            let mut out = Vec::new();
            crate::fst_prefix(&map, word.as_bytes(), &mut out);
            let n = out.len();
            crate::fst_typo(&map, word, &mut out);
            return n + out.len() + map.get(word).map_or(0, |v| v as usize);
        }
    }
}
