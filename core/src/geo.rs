//! Points on the Earth: great-circle distance (haversine), bounds, and the areas where French
//! places can be (metropolitan France, overseas départements and collectivities).

/// Mean Earth radius (IUGG), in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Finite and within the WGS84 ranges.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite() && self.lon.is_finite() && self.lat.abs() <= 90.0 && self.lon.abs() <= 180.0
    }
}

/// Great-circle distance in km (haversine formula, R = 6371.0088 km).
pub fn haversine_km(a: LatLon, b: LatLon) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A latitude/longitude box (no antimeridian crossing: French places never need one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Bounds {
    pub const EMPTY: Bounds = Bounds { south: f64::INFINITY, west: f64::INFINITY, north: f64::NEG_INFINITY, east: f64::NEG_INFINITY };

    pub fn extend(&mut self, p: LatLon) {
        self.south = self.south.min(p.lat);
        self.north = self.north.max(p.lat);
        self.west = self.west.min(p.lon);
        self.east = self.east.max(p.lon);
    }

    pub fn is_empty(&self) -> bool {
        self.south > self.north
    }

    pub fn contains(&self, p: LatLon) -> bool {
        p.lat >= self.south && p.lat <= self.north && p.lon >= self.west && p.lon <= self.east
    }

    /// A lower bound of the great-circle distance (km) from `p` to any point of the box.
    /// Exact along a meridian; on the far side it measures to the nearer meridian edge, which
    /// is the closest part of a lat/lon box for boxes narrower than 180° of longitude.
    pub fn min_distance_km(&self, p: LatLon) -> f64 {
        if p.lon >= self.west && p.lon <= self.east {
            let d_deg = if p.lat < self.south {
                self.south - p.lat
            } else if p.lat > self.north {
                p.lat - self.north
            } else {
                0.0
            };
            return d_deg.to_radians() * EARTH_RADIUS_KM;
        }
        // Closest meridian edge, accounting for wrap-around.
        let to_west = lon_gap(p.lon, self.west);
        let to_east = lon_gap(p.lon, self.east);
        let edge = if to_west <= to_east { self.west } else { self.east };
        distance_to_meridian_segment_km(p, edge, self.south, self.north)
    }
}

/// Absolute longitude difference in degrees, in [0, 180].
fn lon_gap(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 360.0;
    if d > 180.0 {
        360.0 - d
    } else {
        d
    }
}

/// Great-circle distance from `p` to the meridian `lon` between latitudes `south` and `north`.
fn distance_to_meridian_segment_km(p: LatLon, lon: f64, south: f64, north: f64) -> f64 {
    let dl = lon_gap(p.lon, lon).to_radians();
    if dl < std::f64::consts::FRAC_PI_2 {
        // The distance along the meridian is unimodal with its minimum at this latitude.
        let lat_star = (p.lat.to_radians().tan() / dl.cos()).atan().to_degrees();
        let lat = lat_star.clamp(south, north);
        haversine_km(p, LatLon::new(lat, lon))
    } else {
        // Beyond 90° the closest point of the full meridian is a pole: on a segment, an end.
        haversine_km(p, LatLon::new(south, lon)).min(haversine_km(p, LatLon::new(north, lon)))
    }
}

/// Boxes that contain every French commune: metropolitan France with Corsica, the five
/// overseas départements and the overseas collectivities (generous margins: a partner's point
/// outside all of them is certainly wrong).
pub const FRANCE_AREAS: &[(&str, Bounds)] = &[
    ("métropole", Bounds { south: 41.2, west: -5.5, north: 51.3, east: 9.8 }),
    ("Guadeloupe, Martinique, Saint-Martin, Saint-Barthélemy", Bounds { south: 14.2, west: -63.3, north: 18.2, east: -60.7 }),
    ("Guyane", Bounds { south: 2.0, west: -54.7, north: 6.0, east: -51.5 }),
    ("La Réunion", Bounds { south: -21.5, west: 55.1, north: -20.8, east: 55.9 }),
    ("Mayotte", Bounds { south: -13.1, west: 44.9, north: -12.5, east: 45.4 }),
    ("Saint-Pierre-et-Miquelon", Bounds { south: 46.7, west: -56.5, north: 47.2, east: -56.0 }),
    ("Wallis-et-Futuna", Bounds { south: -14.5, west: -178.3, north: -13.1, east: -176.0 }),
    ("Polynésie française", Bounds { south: -28.0, west: -155.0, north: -7.0, east: -134.0 }),
    ("Nouvelle-Calédonie", Bounds { south: -23.0, west: 163.5, north: -19.5, east: 168.2 }),
];

/// True when `p` lies in one of the French areas.
pub fn in_france(p: LatLon) -> bool {
    p.is_valid() && FRANCE_AREAS.iter().any(|(_, b)| b.contains(p))
}

/// The box a map should frame first: around the points of the French area that holds most of
/// them (metropolitan France for the national data, an island for an overseas partner's list),
/// or around all of them when none lies in a French area. Framing every area at once would show
/// the whole globe, with metropolitan France a single cluster. Empty for no valid point.
pub fn main_area_bounds(points: impl Iterator<Item = LatLon> + Clone) -> Bounds {
    let mut per_area = [0usize; FRANCE_AREAS.len()];
    for p in points.clone() {
        if let Some(a) = FRANCE_AREAS.iter().position(|(_, b)| b.contains(p)) {
            per_area[a] += 1;
        }
    }
    // The first area wins a tie (metropolitan France is first).
    let main = (0..per_area.len()).filter(|&a| per_area[a] > 0).max_by_key(|&a| (per_area[a], std::cmp::Reverse(a)));
    let mut bounds = Bounds::EMPTY;
    for p in points.filter(LatLon::is_valid) {
        if main.is_none_or(|a| FRANCE_AREAS[a].1.contains(p)) {
            bounds.extend(p);
        }
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_view_frames_the_area_with_most_points() {
        let paris = LatLon::new(48.85, 2.35);
        let brest = LatLon::new(48.39, -4.49);
        let saint_denis = LatLon::new(-20.88, 55.45);
        let saint_pierre = LatLon::new(-21.34, 55.48);
        let b = main_area_bounds([saint_denis, paris, brest].into_iter());
        assert_eq!((b.south, b.west, b.north, b.east), (48.39, -4.49, 48.85, 2.35));
        let b = main_area_bounds([saint_denis, paris, saint_pierre].into_iter());
        assert_eq!((b.south, b.west, b.north, b.east), (-21.34, 55.45, -20.88, 55.48));
        // A tie goes to metropolitan France; points abroad only: all of them.
        let b = main_area_bounds([saint_denis, paris].into_iter());
        assert_eq!((b.south, b.north), (48.85, 48.85));
        let (rome, berlin) = (LatLon::new(41.9, 12.5), LatLon::new(52.5, 13.4));
        let b = main_area_bounds([rome, berlin].into_iter());
        assert_eq!((b.south, b.west, b.north, b.east), (41.9, 12.5, 52.5, 13.4));
        assert!(main_area_bounds([LatLon::new(f64::NAN, 1.0)].into_iter()).is_empty());
        assert!(main_area_bounds([].into_iter()).is_empty());
    }

    #[test]
    fn haversine_paris_rennes() {
        let paris = LatLon::new(48.85661, 2.34280);
        let rennes = LatLon::new(48.11198, -1.68029);
        let d = haversine_km(paris, rennes);
        assert!((d - 308.6).abs() < 1.0, "{d}");
        assert_eq!(haversine_km(paris, paris), 0.0);
    }

    #[test]
    fn box_distance_is_a_lower_bound() {
        let b = Bounds { south: 45.0, west: 2.0, north: 46.0, east: 3.0 };
        let mut seed = 7u64;
        let mut rnd = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1_000_000) as f64 / 1_000_000.0
        };
        for _ in 0..20_000 {
            let p = LatLon::new(rnd() * 160.0 - 80.0, rnd() * 360.0 - 180.0);
            let q = LatLon::new(45.0 + rnd(), 2.0 + rnd());
            assert!(b.min_distance_km(p) <= haversine_km(p, q) + 1e-9, "{p:?} {q:?}");
        }
    }

    #[test]
    fn france_areas() {
        assert!(in_france(LatLon::new(48.1, -1.7)));
        assert!(in_france(LatLon::new(-21.1, 55.5)));
        assert!(in_france(LatLon::new(42.7, 9.45)));
        assert!(!in_france(LatLon::new(40.4, -3.7))); // Madrid
        assert!(!in_france(LatLon::new(0.0, 0.0)));
        assert!(!in_france(LatLon::new(f64::NAN, 2.0)));
    }
}
