//! Clustering of venues for the map, zoom by zoom: the greedy hierarchy of mapbox/supercluster
//! (9.1.0), ported so that it gives the same clusters on the same points. Points go to Web
//! Mercator in [0, 1], stored as integers `(c - 0.5) · 2³⁰` as supercluster stores them; from the
//! finest zoom down, each point not yet taken gathers every untaken point within the radius into a
//! cluster at their weighted centre (integer sums, so the order of the neighbours never changes a
//! result). Each zoom keeps a small static k-d tree (kdbush's layout); a query returns the items
//! of one zoom in a box, each a venue or a cluster with its count and the zoom at which it splits.
//!
//! Built once per set of venues (the overview's scope and chips), queried on every map move.
//! A crate of its own, without dependency, so that the wasm build can give it opt-level 3 (the
//! rest of the widget is built for size): see the workspace's `Cargo.toml`.

/// Supercluster's fixed-point scale: Mercator coordinates in [0, 1] as `(c - 0.5) · 2³⁰`.
const SCALE: f64 = 1_073_741_824.0;
/// Points per k-d tree leaf (supercluster's default `nodeSize`).
const NODE_SIZE: usize = 64;
/// Past this zoom the map needs no cluster (supercluster caps `maxZoom` at 30 too).
const ZOOM_CAP: u8 = 30;

/// How the points are grouped, in supercluster's terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterOptions {
    /// Cluster radius in pixels of a tile of `extent` pixels.
    pub radius: f64,
    /// Tile size the radius is measured against (Leaflet's tiles: 256).
    pub extent: f64,
    /// Zooms below this one show the clusters of this one.
    pub min_zoom: u8,
    /// Finest zoom with clusters; past it every venue shows alone.
    pub max_zoom: u8,
}

impl ClusterOptions {
    /// The widget's map: 60 px on Leaflet's 256 px tiles (clusters of 30–44 px never overlap a
    /// neighbour's centre), clusters down to zoom 16 (a street: past it, every venue apart).
    pub const MAP: ClusterOptions = ClusterOptions { radius: 60.0, extent: 256.0, min_zoom: 0, max_zoom: 16 };
}

/// One thing to draw: a venue alone or a cluster of several.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterItem {
    /// The venue's own position (alone), or the cluster's weighted centre, in degrees.
    pub lat: f64,
    pub lon: f64,
    /// Venues it stands for (1: alone).
    pub count: u32,
    /// Alone: the point's id (its position in the slice given to `build`). Cluster: the zoom at
    /// which it splits (supercluster's `getClusterExpansionZoom`).
    pub payload: u32,
}

impl ClusterItem {
    pub fn is_cluster(&self) -> bool {
        self.count > 1
    }
}

/// The items of one zoom, with a k-d tree over their positions.
struct Level {
    /// Fixed-point Mercator x, y of each item (item order: the order supercluster writes them).
    x: Vec<i32>,
    y: Vec<i32>,
    count: Vec<u32>,
    payload: Vec<u32>,
    tree: KdTree,
}

/// The cluster hierarchy of a set of points.
pub struct ClusterIndex {
    options: ClusterOptions,
    /// The points as given, lat, lon (singles are drawn at their own position, not the
    /// fixed-point one).
    points: Vec<[f64; 2]>,
    /// Distinct levels; `level_of_zoom[z - min_zoom]` picks one (zooms where nothing merges share
    /// the finer zoom's level, as supercluster shares its tree).
    levels: Vec<Level>,
    level_of_zoom: Vec<usize>,
}

/// Longitude to Mercator x in [0, 1].
fn lng_x(lng: f64) -> f64 {
    lng / 360.0 + 0.5
}

/// Latitude to Mercator y in [0, 1] (0 at the top), clamped as supercluster clamps it.
fn lat_y(lat: f64) -> f64 {
    let sin = (lat * std::f64::consts::PI / 180.0).sin();
    let y = 0.5 - 0.25 * ((1.0 + sin) / (1.0 - sin)).ln() / std::f64::consts::PI;
    y.clamp(0.0, 1.0)
}

fn x_lng(x: f64) -> f64 {
    (x - 0.5) * 360.0
}

fn y_lat(y: f64) -> f64 {
    let y2 = (180.0 - y * 360.0) * std::f64::consts::PI / 180.0;
    360.0 * y2.exp().atan() / std::f64::consts::PI - 90.0
}

/// Mercator coordinate to the stored integer: truncation toward zero, as a JS `Int32Array` store.
fn encode(c: f64) -> f64 {
    (c - 0.5) * SCALE
}

fn decode(v: i32) -> f64 {
    v as f64 * (1.0 / SCALE) + 0.5
}

impl ClusterIndex {
    /// Builds the hierarchy over `points`, `[lat, lon]` in degrees (ids: positions in the
    /// list, which the index keeps for the singles' positions). Points that are not valid
    /// coordinates are left out (they have no place on a map).
    pub fn build(points: Vec<[f64; 2]>, options: ClusterOptions) -> ClusterIndex {
        let max_zoom = options.max_zoom.min(ZOOM_CAP);
        let min_zoom = options.min_zoom.min(max_zoom);
        let options = ClusterOptions { min_zoom, max_zoom, ..options };
        let mut finest = Level {
            x: Vec::with_capacity(points.len()),
            y: Vec::with_capacity(points.len()),
            count: Vec::new(),
            payload: Vec::new(),
            tree: KdTree::default(),
        };
        for (i, &[lat, lon]) in points.iter().enumerate() {
            let valid = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
            if !valid {
                continue;
            }
            finest.x.push(encode(lng_x(lon)) as i32);
            finest.y.push(encode(lat_y(lat)) as i32);
            finest.payload.push(i as u32);
        }
        finest.count = vec![1; finest.x.len()];
        finest.tree = KdTree::build(&finest.x, &finest.y);
        let mut levels = vec![finest];
        // level_of_zoom is filled from the finest zoom (max_zoom + 1) down, then reversed.
        let mut finest_first = vec![0usize];
        let mut scratch = Scratch::default();
        for zoom in (min_zoom..=max_zoom).rev() {
            let finer = levels.len() - 1;
            let next = cluster_level(&levels[finer], zoom, &options, &mut scratch);
            match next {
                Some(level) => {
                    levels.push(level);
                    finest_first.push(levels.len() - 1);
                }
                None => finest_first.push(finer),
            }
        }
        finest_first.reverse();
        ClusterIndex { options, points, levels, level_of_zoom: finest_first }
    }

    /// Number of points indexed (valid ones).
    pub fn len(&self) -> usize {
        self.levels.first().map_or(0, |l| l.x.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The level drawn at `zoom` (fractional zooms round down, as supercluster's `_limitZoom`).
    fn level(&self, zoom: f64) -> &Level {
        let finest = self.options.max_zoom as f64 + 1.0;
        let z = if zoom.is_nan() { self.options.min_zoom as f64 } else { zoom.floor().clamp(self.options.min_zoom as f64, finest) };
        &self.levels[self.level_of_zoom[(z - self.options.min_zoom as f64) as usize]]
    }

    fn item(&self, level: &Level, i: usize) -> ClusterItem {
        let count = level.count[i];
        let [lat, lon] = if count > 1 { [y_lat(decode(level.y[i])), x_lng(decode(level.x[i]))] } else { self.points[level.payload[i] as usize] };
        ClusterItem { lat, lon, count, payload: level.payload[i] }
    }

    /// Calls `visit` for each item of `zoom` inside the box (west, south, east, north in
    /// degrees), as supercluster's `getClusters([west, south, east, north], zoom)`: longitudes wrap,
    /// a box across the antimeridian is split in two, a box 360° wide or more takes everything.
    pub fn for_each_in(&self, west: f64, south: f64, east: f64, north: f64, zoom: f64, visit: &mut impl FnMut(ClusterItem)) {
        if [west, south, east, north].iter().any(|v| v.is_nan()) {
            return;
        }
        let wrap = |lng: f64| ((lng + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
        let mut min_lng = wrap(west);
        let min_lat = south.clamp(-90.0, 90.0);
        let mut max_lng = if east == 180.0 { 180.0 } else { wrap(east) };
        let max_lat = north.clamp(-90.0, 90.0);
        if east - west >= 360.0 {
            min_lng = -180.0;
            max_lng = 180.0;
        } else if min_lng > max_lng {
            self.for_each_in(min_lng, min_lat, 180.0, max_lat, zoom, visit);
            self.for_each_in(-180.0, min_lat, max_lng, max_lat, zoom, visit);
            return;
        }
        let level = self.level(zoom);
        let (x0, y0, x1, y1) = (encode(lng_x(min_lng)), encode(lat_y(max_lat)), encode(lng_x(max_lng)), encode(lat_y(min_lat)));
        level.tree.range(x0, y0, x1, y1, &mut |i| visit(self.item(level, i)));
    }

    /// The items of `zoom` inside the box, as a list.
    pub fn items_in(&self, west: f64, south: f64, east: f64, north: f64, zoom: f64) -> Vec<ClusterItem> {
        let mut out = Vec::new();
        self.for_each_in(west, south, east, north, zoom, &mut |it| out.push(it));
        out
    }

    /// Every item of `zoom`, in the order supercluster stores them.
    pub fn items_at(&self, zoom: f64) -> impl Iterator<Item = ClusterItem> + '_ {
        let level = self.level(zoom);
        (0..level.x.len()).map(move |i| self.item(level, i))
    }
}

/// Buffers of the build, reused from zoom to zoom.
#[derive(Default)]
struct Scratch {
    /// The zoom at which each item of the finer level was taken (`u8::MAX`: not yet).
    taken_at: Vec<u8>,
    /// The answer of the last radius query.
    neighbours: Vec<u32>,
    /// The k-d tree walk's stack.
    stack: Vec<(usize, usize, u8)>,
}

/// Clusters the items of `finer` (the level of `zoom + 1`) into the level of `zoom`, or `None`
/// when nothing merges (the level is then the same as `finer`). Supercluster's `_cluster`.
fn cluster_level(finer: &Level, zoom: u8, options: &ClusterOptions, scratch: &mut Scratch) -> Option<Level> {
    let Scratch { taken_at, neighbours, stack } = scratch;
    let n = finer.x.len();
    let r = options.radius / (options.extent * (1u64 << zoom) as f64) * SCALE;
    let untaken = u8::MAX;
    taken_at.clear();
    taken_at.resize(n, untaken);
    let mut out = Level {
        x: Vec::with_capacity(n),
        y: Vec::with_capacity(n),
        count: Vec::with_capacity(n),
        payload: Vec::with_capacity(n),
        tree: KdTree::default(),
    };
    let mut merged_any = false;
    for i in 0..n {
        if taken_at[i] <= zoom {
            continue;
        }
        taken_at[i] = zoom;
        let (x, y) = (finer.x[i], finer.y[i]);
        neighbours.clear();
        finer.tree.within(x, y, r, neighbours, stack);
        let origin_count = finer.count[i];
        let mut count = origin_count as u64;
        for &k in neighbours.iter() {
            if taken_at[k as usize] > zoom {
                count += finer.count[k as usize] as u64;
            }
        }
        if count > origin_count as u64 {
            // At least two: a cluster (supercluster's `minPoints` is 2, the only value used here).
            let (mut wx, mut wy) = (x as i64 * origin_count as i64, y as i64 * origin_count as i64);
            for &k in neighbours.iter() {
                let k = k as usize;
                if taken_at[k] <= zoom {
                    continue;
                }
                taken_at[k] = zoom;
                let c = finer.count[k] as i64;
                wx += finer.x[k] as i64 * c;
                wy += finer.y[k] as i64 * c;
            }
            // JS divides in doubles and truncates when storing into the Int32Array.
            out.x.push((wx as f64 / count as f64) as i32);
            out.y.push((wy as f64 / count as f64) as i32);
            out.count.push(count as u32);
            // Formed at this zoom, so it splits at the next one.
            out.payload.push(zoom as u32 + 1);
            merged_any = true;
        } else {
            out.x.push(x);
            out.y.push(y);
            out.count.push(origin_count);
            out.payload.push(finer.payload[i]);
        }
    }
    if !merged_any {
        return None;
    }
    out.tree = KdTree::build(&out.x, &out.y);
    Some(out)
}

/// A static k-d tree over integer points (kdbush's layout: ids sorted in place around medians,
/// alternating x and y). The coordinates stay in the level; the tree holds the item order.
#[derive(Default)]
struct KdTree {
    ids: Vec<u32>,
    /// x, y of `ids[i]` at `2i`, `2i + 1`: the coordinates in tree order, for cache-friendly scans.
    coords: Vec<i32>,
}

impl KdTree {
    fn build(x: &[i32], y: &[i32]) -> KdTree {
        let mut items: Vec<(i32, i32, u32)> = x.iter().zip(y).enumerate().map(|(i, (&x, &y))| (x, y, i as u32)).collect();
        sort_kd(&mut items, 0);
        let ids = items.iter().map(|t| t.2).collect();
        let coords = items.iter().flat_map(|t| [t.0, t.1]).collect();
        KdTree { ids, coords }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Items inside the box, in tree order.
    fn range(&self, min_x: f64, min_y: f64, max_x: f64, max_y: f64, visit: &mut impl FnMut(usize)) {
        if self.len() == 0 {
            return;
        }
        let inside = |x: f64, y: f64| x >= min_x && x <= max_x && y >= min_y && y <= max_y;
        let mut stack = vec![(0usize, self.len() - 1, 0u8)];
        while let Some((left, right, axis)) = stack.pop() {
            if right - left <= NODE_SIZE {
                for i in left..=right {
                    if inside(self.coords[2 * i] as f64, self.coords[2 * i + 1] as f64) {
                        visit(self.ids[i] as usize);
                    }
                }
                continue;
            }
            let m = (left + right) >> 1;
            let (x, y) = (self.coords[2 * m] as f64, self.coords[2 * m + 1] as f64);
            if inside(x, y) {
                visit(self.ids[m] as usize);
            }
            let (low_side, high_side) = if axis == 0 { (min_x <= x, max_x >= x) } else { (min_y <= y, max_y >= y) };
            if low_side && m > left {
                stack.push((left, m - 1, 1 - axis));
            }
            if high_side && m < right {
                stack.push((m + 1, right, 1 - axis));
            }
        }
    }

    /// Items within `r` of (qx, qy), distances in doubles as kdbush's `within`. `stack` is
    /// scratch space, reused from call to call (one call per point per zoom while building).
    fn within(&self, qx: i32, qy: i32, r: f64, out: &mut Vec<u32>, stack: &mut Vec<(usize, usize, u8)>) {
        if self.len() == 0 {
            return;
        }
        let (qx, qy) = (qx as f64, qy as f64);
        let r2 = r * r;
        let near = |x: f64, y: f64| {
            let (dx, dy) = (x - qx, y - qy);
            dx * dx + dy * dy <= r2
        };
        stack.clear();
        stack.push((0usize, self.len() - 1, 0u8));
        while let Some((left, right, axis)) = stack.pop() {
            if right - left <= NODE_SIZE {
                for i in left..=right {
                    if near(self.coords[2 * i] as f64, self.coords[2 * i + 1] as f64) {
                        out.push(self.ids[i]);
                    }
                }
                continue;
            }
            let m = (left + right) >> 1;
            let (x, y) = (self.coords[2 * m] as f64, self.coords[2 * m + 1] as f64);
            if near(x, y) {
                out.push(self.ids[m]);
            }
            let (c, q) = if axis == 0 { (x, qx) } else { (y, qy) };
            if q - r <= c && m > left {
                stack.push((left, m - 1, 1 - axis));
            }
            if q + r >= c && m < right {
                stack.push((m + 1, right, 1 - axis));
            }
        }
    }
}

/// Sorts `items` into k-d order: the median on `axis` in the middle, each half on the other axis.
fn sort_kd(items: &mut [(i32, i32, u32)], axis: u8) {
    if items.len() <= NODE_SIZE + 1 {
        return;
    }
    let m = (items.len() - 1) >> 1;
    // One comparator for both axes: one instance of the selection code in the wasm, not two.
    let key = |t: &(i32, i32, u32)| if axis == 0 { t.0 } else { t.1 };
    items.select_nth_unstable_by(m, |a, b| key(a).cmp(&key(b)));
    let (low, rest) = items.split_at_mut(m);
    sort_kd(low, 1 - axis);
    sort_kd(&mut rest[1..], 1 - axis);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lat: f64, lon: f64) -> [f64; 2] {
        [lat, lon]
    }

    fn counts_at(index: &ClusterIndex, zoom: f64) -> u64 {
        index.items_at(zoom).map(|it| it.count as u64).sum()
    }

    #[test]
    fn every_zoom_accounts_for_every_point() {
        // A grid over metropolitan France, dense in one corner.
        let mut points = Vec::new();
        for i in 0..40 {
            for j in 0..25 {
                points.push(ll(42.0 + i as f64 * 0.22, -4.0 + j as f64 * 0.5));
            }
        }
        for k in 0..300 {
            points.push(ll(48.85 + (k % 17) as f64 * 1e-3, 2.34 + (k / 17) as f64 * 1e-3));
        }
        let index = ClusterIndex::build(points.to_vec(), ClusterOptions::MAP);
        for zoom in 0..=20 {
            assert_eq!(counts_at(&index, zoom as f64), points.len() as u64, "zoom {zoom}");
        }
        // Coarse zooms gather, the finest shows every point alone.
        assert!(index.items_at(4.0).count() < 30);
        assert_eq!(index.items_at(17.0).count(), points.len());
        assert!(index.items_at(17.0).all(|it| !it.is_cluster()));
    }

    #[test]
    fn a_pair_splits_at_its_expansion_zoom() {
        // Two venues 300 m apart in Limoges: one cluster when zoomed out, two dots from the zoom
        // its payload names, and never before.
        let points = [ll(45.8336, 1.2611), ll(45.8363, 1.2611)];
        let index = ClusterIndex::build(points.to_vec(), ClusterOptions::MAP);
        let coarse: Vec<_> = index.items_at(8.0).collect();
        assert_eq!(coarse.len(), 1);
        let c = coarse[0];
        assert!(c.is_cluster() && c.count == 2);
        assert!((c.lat - 45.83495).abs() < 1e-4 && (c.lon - 1.2611).abs() < 1e-6);
        let split = c.payload as f64;
        assert_eq!(index.items_at(split - 1.0).count(), 1);
        let apart: Vec<_> = index.items_at(split).collect();
        assert_eq!(apart.len(), 2);
        // Alone, each is drawn at its own position, with its id.
        let mut ids: Vec<u32> = apart.iter().map(|it| it.payload).collect();
        ids.sort();
        assert_eq!(ids, [0, 1]);
        assert!(apart.iter().all(|it| [it.lat, it.lon] == points[it.payload as usize]));
        // 300 m is about 60 px at zoom 14 at this latitude (radius 60 px): it splits there or
        // one zoom later.
        assert!((14.0..=15.0).contains(&split), "{split}");
    }

    #[test]
    fn a_box_returns_what_is_inside_and_wraps_the_antimeridian() {
        // Nouméa (166.4° E) and Papeete (149.6° W) lie on either side of the antimeridian.
        let points = [ll(-22.27, 166.45), ll(-17.53, -149.57), ll(48.85, 2.35)];
        let index = ClusterIndex::build(points.to_vec(), ClusterOptions::MAP);
        let ids = |items: Vec<ClusterItem>| {
            let mut v: Vec<u32> = items.iter().map(|it| it.payload).collect();
            v.sort();
            v
        };
        assert_eq!(ids(index.items_in(160.0, -30.0, 215.0, -10.0, 5.0)), [0, 1]);
        assert_eq!(ids(index.items_in(160.0, -30.0, 200.0, -10.0, 5.0)), [0]);
        assert_eq!(ids(index.items_in(-200.0, -30.0, -140.0, -10.0, 5.0)), [0, 1]);
        assert_eq!(ids(index.items_in(-10.0, 40.0, 10.0, 52.0, 5.0)), [2]);
        assert_eq!(ids(index.items_in(-540.0, -90.0, 540.0, 90.0, 5.0)), [0, 1, 2]);
        assert!(index.items_in(20.0, 40.0, 30.0, 50.0, 5.0).is_empty());
        assert!(index.items_in(f64::NAN, 40.0, 30.0, 50.0, 5.0).is_empty());
    }

    #[test]
    fn zooms_out_of_range_and_fractional_zooms_are_clamped() {
        let points: Vec<[f64; 2]> = (0..50).map(|i| ll(45.0 + i as f64 * 1e-4, 4.0)).collect();
        let index = ClusterIndex::build(points.to_vec(), ClusterOptions::MAP);
        let n = |z: f64| index.items_at(z).count();
        assert_eq!(n(-3.0), n(0.0));
        assert_eq!(n(30.0), 50);
        assert_eq!(n(f64::NAN), n(0.0));
        for z in 0..18 {
            assert_eq!(n(z as f64 + 0.7), n(z as f64));
        }
    }

    #[test]
    fn invalid_points_are_left_out_and_ids_stay_positions() {
        let points = [ll(f64::NAN, 2.0), ll(91.0, 2.0), ll(43.3, 5.4), ll(43.6, 1.44)];
        let index = ClusterIndex::build(points.to_vec(), ClusterOptions::MAP);
        assert_eq!(index.len(), 2);
        let mut ids: Vec<u32> = index.items_at(17.0).map(|it| it.payload).collect();
        ids.sort();
        assert_eq!(ids, [2, 3]);
        let empty = ClusterIndex::build(Vec::new(), ClusterOptions::MAP);
        assert!(empty.is_empty());
        assert_eq!(empty.items_at(5.0).count(), 0);
        assert!(empty.items_in(-180.0, -90.0, 180.0, 90.0, 5.0).is_empty());
    }

    #[test]
    fn the_k_d_tree_finds_what_a_scan_finds() {
        // Pseudo-random integer points; every box and radius query equals a linear scan.
        let mut seed = 0x2545_f491_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            ((seed >> 11) % 2_000_001) as i32 - 1_000_000
        };
        let (x, y): (Vec<i32>, Vec<i32>) = (0..5000).map(|_| (next(), next())).unzip();
        let tree = KdTree::build(&x, &y);
        for _ in 0..50 {
            let (qx, qy, r) = (next(), next(), (next().unsigned_abs() % 300_000) as f64);
            let mut got = Vec::new();
            tree.within(qx, qy, r, &mut got, &mut Vec::new());
            got.sort();
            let want: Vec<u32> =
                (0..x.len()).filter(|&i| ((x[i] - qx) as f64).powi(2) + ((y[i] - qy) as f64).powi(2) <= r * r).map(|i| i as u32).collect();
            assert_eq!(got, want);
            let (x0, y0) = (qx as f64 - r, qy as f64 - r / 2.0);
            let (x1, y1) = (qx as f64 + r / 3.0, qy as f64 + r);
            let mut got = Vec::new();
            tree.range(x0, y0, x1, y1, &mut |i| got.push(i));
            got.sort();
            let want: Vec<usize> = (0..x.len()).filter(|&i| (x0..=x1).contains(&(x[i] as f64)) && (y0..=y1).contains(&(y[i] as f64))).collect();
            assert_eq!(got, want);
        }
    }
}
