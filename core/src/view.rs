//! The widget's view as a URL fragment (option `history="hash"`): what was searched (its label
//! and position, or the département), the filters and the selected venue, as `tl-*` parameters
//! beside whatever else the page keeps in its hash (`#top&tl-q=Rennes&tl-at=48.11,-1.68`).
//!
//! A fragment is typed or pasted by anyone: decoding never fails, it keeps what is valid and
//! drops the rest. The user's own position ("around me") is never written here: a link to the
//! page may be shared, and the position must not leave the device with it.

use crate::geo::LatLon;
use crate::links::encode_component;

/// Longest label or venue id read back from a fragment.
const MAX_TEXT: usize = 200;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct View {
    /// What the search box showed ("Rennes (35)").
    pub label: String,
    /// The origin of the results (a commune, a postcode, a venue): absent for "around me".
    pub at: Option<LatLon>,
    /// A département chosen in the search: its venues only.
    pub departement: Option<String>,
    /// Type and label keys of the filter chips that are on.
    pub kinds: Vec<String>,
    pub radius_km: Option<f64>,
    /// The selected venue's id.
    pub venue: Option<String>,
}

impl View {
    pub fn is_empty(&self) -> bool {
        self.at.is_none() && self.venue.is_none() && self.kinds.is_empty() && self.radius_km.is_none()
    }

    /// Reads the `tl-*` parameters of `fragment` (with or without its `#`).
    pub fn from_fragment(fragment: &str) -> View {
        let mut v = View::default();
        for part in fragment.trim_start_matches('#').split('&') {
            let Some((k, raw)) = part.split_once('=') else { continue };
            let value = decode_component(raw);
            match k {
                "tl-q" => v.label = value.chars().take(MAX_TEXT).collect(),
                "tl-at" => {
                    v.at = value
                        .split_once(',')
                        .and_then(|(a, b)| Some(LatLon::new(a.trim().parse().ok()?, b.trim().parse().ok()?)))
                        .filter(|p| p.is_valid());
                }
                "tl-dep" => v.departement = Some(value).filter(|d| (1..=3).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_alphanumeric())),
                "tl-types" => {
                    v.kinds = value.split(',').map(str::trim).filter(|k| !k.is_empty() && k.len() <= 40).map(str::to_owned).collect();
                }
                "tl-r" => v.radius_km = value.parse::<f64>().ok().filter(|r| r.is_finite() && *r > 0.0 && *r <= 20_000.0),
                "tl-v" => v.venue = Some(value).filter(|id| !id.is_empty() && id.chars().count() <= MAX_TEXT),
                _ => {}
            }
        }
        v
    }

    /// `existing` (the page's current fragment) with its `tl-*` parameters replaced by this
    /// view's; the page's own parts are kept, in their order, first. No `#`.
    pub fn to_fragment(&self, existing: &str) -> String {
        let mut parts: Vec<String> =
            existing.trim_start_matches('#').split('&').filter(|p| !p.is_empty() && !p.starts_with("tl-")).map(str::to_owned).collect();
        if let Some(p) = self.at {
            if !self.label.is_empty() {
                parts.push(format!("tl-q={}", encode_component(&self.label)));
            }
            parts.push(format!("tl-at={:.5},{:.5}", p.lat, p.lon));
        }
        if let Some(d) = &self.departement {
            parts.push(format!("tl-dep={}", encode_component(d)));
        }
        if !self.kinds.is_empty() {
            parts.push(format!("tl-types={}", self.kinds.iter().map(|k| encode_component(k)).collect::<Vec<_>>().join(",")));
        }
        if let Some(r) = self.radius_km {
            parts.push(format!("tl-r={r}"));
        }
        if let Some(id) = &self.venue {
            parts.push(format!("tl-v={}", encode_component(id)));
        }
        parts.join("&")
    }
}

/// Percent-decoding; invalid escapes stay as written, invalid UTF-8 becomes U+FFFD.
pub fn decode_component(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_the_pages_own_fragment() {
        let v = View {
            label: "Saint-Étienne (42) & co".into(),
            at: Some(LatLon::new(45.43389, 4.39)),
            departement: None,
            kinds: vec!["fablab".into(), "fabrique-de-territoire".into()],
            radius_km: Some(20.0),
            venue: Some("id with spaces/é".into()),
        };
        let f = v.to_fragment("#top&tl-q=old&lang=fr");
        assert_eq!(f, "top&lang=fr&tl-q=Saint-%C3%89tienne%20%2842%29%20%26%20co&tl-at=45.43389,4.39000&tl-types=fablab,fabrique-de-territoire&tl-r=20&tl-v=id%20with%20spaces%2F%C3%A9");
        assert_eq!(View::from_fragment(&f), v);
        assert_eq!(View::default().to_fragment("top&tl-v=1"), "top");
        assert!(View::from_fragment("top").is_empty());
    }

    #[test]
    fn hostile_fragments_keep_only_what_is_valid() {
        let v = View::from_fragment("tl-at=91,0&tl-r=-3&tl-dep=<script>&tl-v=&tl-q=%E9%ZZ%&tl-types=,fablab,");
        assert_eq!(v.at, None);
        assert_eq!(v.radius_km, None);
        assert_eq!(v.departement, None);
        assert_eq!(v.venue, None);
        assert_eq!(v.label, "\u{FFFD}%ZZ%");
        assert_eq!(v.kinds, ["fablab"]);
        let long = format!("tl-q={}", "a".repeat(5000));
        assert_eq!(View::from_fragment(&long).label.len(), MAX_TEXT);
        assert_eq!(View::from_fragment("tl-dep=2A&tl-at=48.1,-1.6").departement.as_deref(), Some("2A"));
    }
}
