//! Static spatial index over points, shaped like kdbush/geokdbush: built once from flat arrays,
//! queries return integer ids. k-nearest by great-circle distance walks the tree best-first with
//! a lower bound of the distance to each node's box, so a query touches a few leaves, not every
//! point. Ties in distance are broken by the smaller id, so answers are deterministic.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::geo::{haversine_km, Bounds, LatLon};

/// Points per leaf.
const NODE_SIZE: usize = 16;

pub struct KdIndex {
    /// Point ids in tree order.
    ids: Vec<u32>,
    /// Coordinates in tree order: lon, lat pairs.
    coords: Vec<f64>,
    /// Box of all points: the root node's box.
    extent: Bounds,
}

/// One answer: the point id and its distance in km.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neighbour {
    pub id: u32,
    pub distance_km: f64,
}

impl KdIndex {
    /// Builds the index over `points` (ids are positions in the slice).
    pub fn build(points: &[LatLon]) -> Self {
        Self::build_with_ids(points.iter().enumerate().map(|(i, p)| (i as u32, *p)))
    }

    /// Builds the index over `(id, point)` pairs (ids need not be contiguous).
    pub fn build_with_ids(points: impl Iterator<Item = (u32, LatLon)>) -> Self {
        let mut ids = Vec::new();
        let mut coords = Vec::new();
        for (id, p) in points {
            ids.push(id);
            coords.push(p.lon);
            coords.push(p.lat);
        }
        let n = ids.len();
        if n > 0 {
            sort_kd(&mut ids, &mut coords, 0, n - 1, 0);
        }
        let mut extent = Bounds::EMPTY;
        for c in coords.chunks_exact(2) {
            extent.extend(LatLon::new(c[1], c[0]));
        }
        KdIndex { ids, coords, extent }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn point(&self, i: usize) -> LatLon {
        LatLon::new(self.coords[2 * i + 1], self.coords[2 * i])
    }

    /// The `k` nearest points to `origin` within `max_km` (if given) that `keep` accepts,
    /// nearest first; equal distances by smaller id.
    pub fn nearest(&self, origin: LatLon, k: usize, max_km: Option<f64>, keep: impl Fn(u32) -> bool) -> Vec<Neighbour> {
        let mut out = Vec::with_capacity(k.min(self.ids.len()));
        if k == 0 || self.ids.is_empty() {
            return out;
        }
        let max_km = max_km.unwrap_or(f64::INFINITY);
        let mut queue = BinaryHeap::new();
        queue.push(Item { dist: 0.0, node: true, id: 0, left: 0, right: self.ids.len() - 1, axis: 0, b: self.extent });
        while let Some(item) = queue.pop() {
            if item.dist > max_km {
                break;
            }
            if !item.node {
                out.push(Neighbour { id: item.id, distance_km: item.dist });
                if out.len() == k {
                    break;
                }
                continue;
            }
            let (left, right) = (item.left, item.right);
            if right - left <= NODE_SIZE {
                for i in left..=right {
                    let id = self.ids[i];
                    if keep(id) {
                        let d = haversine_km(origin, self.point(i));
                        queue.push(Item::point(d, id));
                    }
                }
                continue;
            }
            let m = (left + right) / 2;
            let mp = self.point(m);
            if keep(self.ids[m]) {
                queue.push(Item::point(haversine_km(origin, mp), self.ids[m]));
            }
            let next_axis = 1 - item.axis;
            // Children boxes: the parent's, cut at the median point on this node's axis.
            let (mut lb_box, mut rb_box) = (item.b, item.b);
            if item.axis == 0 {
                lb_box.east = mp.lon;
                rb_box.west = mp.lon;
            } else {
                lb_box.north = mp.lat;
                rb_box.south = mp.lat;
            }
            for (l, r, b) in [(left, m.wrapping_sub(1), lb_box), (m + 1, right, rb_box)] {
                if m == left && r == m.wrapping_sub(1) || l > r {
                    continue;
                }
                // A hair under the bound, so rounding never prunes a point at exactly that distance.
                let lb = (b.min_distance_km(origin) * (1.0 - 1e-12) - 1e-9).max(0.0);
                queue.push(Item { dist: lb, node: true, id: 0, left: l, right: r, axis: next_axis, b });
            }
        }
        out
    }
}

/// Queue entry: a tree node (with a lower bound) or a point (with its distance).
#[derive(Clone, Copy, Debug)]
struct Item {
    dist: f64,
    node: bool,
    id: u32,
    left: usize,
    right: usize,
    axis: u8,
    b: Bounds,
}

impl Item {
    fn point(dist: f64, id: u32) -> Self {
        Item { dist, node: false, id, left: 0, right: 0, axis: 0, b: Bounds::EMPTY }
    }
}

impl PartialEq for Item {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    /// Max-heap order reversed: smallest distance first; at equal distance nodes before points
    /// (a node may hold an equal point with a smaller id), then smaller id, then tree position.
    fn cmp(&self, o: &Self) -> Ordering {
        o.dist.total_cmp(&self.dist).then_with(|| self.node.cmp(&o.node)).then_with(|| o.id.cmp(&self.id)).then_with(|| o.left.cmp(&self.left))
    }
}

/// kdbush's recursive sort: median split on alternating axes (lon, lat).
fn sort_kd(ids: &mut [u32], coords: &mut [f64], left: usize, right: usize, axis: usize) {
    if right - left <= NODE_SIZE {
        return;
    }
    let m = (left + right) / 2;
    select(ids, coords, m, left, right, axis);
    if m > left {
        sort_kd(ids, coords, left, m - 1, 1 - axis);
    }
    sort_kd(ids, coords, m + 1, right, 1 - axis);
}

/// Floyd–Rivest selection, as in kdbush: puts the k-th smallest (by `axis`) at `k`.
fn select(ids: &mut [u32], coords: &mut [f64], k: usize, mut left: usize, mut right: usize, axis: usize) {
    while right > left {
        if right - left > 600 {
            let n = (right - left + 1) as f64;
            let m = (k - left + 1) as f64;
            let z = n.ln();
            let s = 0.5 * (2.0 * z / 3.0).exp();
            let sd = 0.5 * (z * s * (n - s) / n).sqrt() * if m - n / 2.0 < 0.0 { -1.0 } else { 1.0 };
            let new_left = left.max((k as f64 - m * s / n + sd).floor() as usize);
            let new_right = right.min((k as f64 + (n - m) * s / n + sd).floor() as usize);
            select(ids, coords, k, new_left, new_right, axis);
        }
        let t = coords[2 * k + axis];
        let mut i = left;
        let mut j = right;
        swap(ids, coords, left, k);
        if coords[2 * right + axis] > t {
            swap(ids, coords, left, right);
        }
        while i < j {
            swap(ids, coords, i, j);
            i += 1;
            j -= 1;
            while coords[2 * i + axis] < t {
                i += 1;
            }
            while coords[2 * j + axis] > t {
                j -= 1;
            }
        }
        if coords[2 * left + axis] == t {
            swap(ids, coords, left, j);
        } else {
            j += 1;
            swap(ids, coords, j, right);
        }
        if j <= k {
            left = j + 1;
        }
        if k <= j {
            if j == 0 {
                break;
            }
            right = j - 1;
        }
    }
}

fn swap(ids: &mut [u32], coords: &mut [f64], i: usize, j: usize) {
    ids.swap(i, j);
    coords.swap(2 * i, 2 * j);
    coords.swap(2 * i + 1, 2 * j + 1);
}

/// The reference answer: every point's distance, sorted. Used by tests and benches.
pub fn nearest_by_scan(points: &[LatLon], origin: LatLon, k: usize, max_km: Option<f64>, keep: impl Fn(u32) -> bool) -> Vec<Neighbour> {
    let mut all: Vec<Neighbour> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| keep(*i as u32))
        .map(|(i, p)| Neighbour { id: i as u32, distance_km: haversine_km(origin, *p) })
        .filter(|n| n.distance_km <= max_km.unwrap_or(f64::INFINITY))
        .collect();
    all.sort_by(|a, b| a.distance_km.total_cmp(&b.distance_km).then(a.id.cmp(&b.id)));
    all.truncate(k);
    all
}
