//! The result markers of the map, as data: results that share one point (venues known only by
//! their commune's centre, several venues in one building) become one marker that lists them,
//! labelled by their ranks (« 1–4 »), so no marker hides another.

use tiers_lieux_core::LatLon;

use super::i18n::Strings;

/// Positions closer than this (in degrees, about a metre) are one point.
const SAME_POINT_DEG: f64 = 1e-5;

/// One marker: the results (indices into the results, in rank order) at one point.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerGroup {
    pub at: LatLon,
    pub members: Vec<usize>,
    /// What the marker shows: its rank (« 3 »), or its ranks (« 1–4 », « 2, 5 »).
    pub label: String,
    /// Its accessible name and tooltip: « 3. Name », or « 1–2. 2 tiers-lieux au même endroit : 1. A, 2. B ».
    pub name: String,
    /// A group's popup title (« 4 tiers-lieux au même endroit »); `None` for one venue.
    pub heading: Option<String>,
}

/// The markers of `results` (each a name and a position, in rank order): one per point, in the
/// order of their first result.
pub fn marker_groups(results: &[(&str, LatLon)], t: &Strings) -> Vec<MarkerGroup> {
    let mut groups: Vec<(LatLon, Vec<usize>)> = Vec::new();
    for (i, (_, p)) in results.iter().enumerate() {
        match groups.iter_mut().find(|(at, _)| (at.lat - p.lat).abs() < SAME_POINT_DEG && (at.lon - p.lon).abs() < SAME_POINT_DEG) {
            Some((_, members)) => members.push(i),
            None => groups.push((*p, vec![i])),
        }
    }
    groups
        .into_iter()
        .map(|(at, members)| {
            let label = ranks_label(&members);
            let (name, heading) = if let [only] = members[..] {
                (format!("{}. {}", only + 1, results[only].0), None)
            } else {
                let heading = t.same_spot.replace("{n}", &members.len().to_string());
                let names: Vec<String> = members.iter().map(|&i| format!("{}. {}", i + 1, results[i].0)).collect();
                // The pin's visible label starts its name (WCAG 2.5.3, label in name).
                let sep = if label.ends_with('…') { " " } else { ". " };
                (format!("{label}{sep}{heading}{}{}", t.colon, names.join(", ")), Some(heading))
            };
            MarkerGroup { at, members, label, name, heading }
        })
        .collect()
}

/// « 3 », « 1–4 » for consecutive ranks, « 2, 5 » or « 2, 5, 7 » otherwise, « 2, 5… » past three.
fn ranks_label(members: &[usize]) -> String {
    let ranks: Vec<usize> = members.iter().map(|i| i + 1).collect();
    match ranks[..] {
        [only] => only.to_string(),
        [first, .., last] if last - first + 1 == ranks.len() => format!("{first}–{last}"),
        _ if ranks.len() <= 3 => ranks.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "),
        _ => format!("{}, {}…", ranks[0], ranks[1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::i18n::strings;
    use tiers_lieux_core::Lang;

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon)
    }

    #[test]
    fn one_marker_per_point_in_rank_order() {
        let rennes = at(48.1113, -1.6800);
        let results =
            [("A", rennes), ("B", rennes), ("C", at(48.12, -1.70)), ("D", at(48.1113000004, -1.6800000004)), ("E", at(48.2, -1.6)), ("F", rennes)];
        let g = marker_groups(&results, strings(Lang::Fr));
        assert_eq!(g.iter().map(|g| g.members.clone()).collect::<Vec<_>>(), vec![vec![0, 1, 3, 5], vec![2], vec![4]]);
        assert_eq!(g[0].label, "1, 2…");
        assert_eq!(g[0].heading.as_deref(), Some("4 tiers-lieux au même endroit"));
        assert_eq!(g[0].name, "1, 2… 4 tiers-lieux au même endroit : 1. A, 2. B, 4. D, 6. F");
        assert_eq!((g[1].label.as_str(), g[1].name.as_str(), g[1].heading.as_deref()), ("3", "3. C", None));
        assert_eq!(g[0].at, rennes);
    }

    #[test]
    fn ranks_read_as_a_range_or_a_short_list() {
        assert_eq!(ranks_label(&[4]), "5");
        assert_eq!(ranks_label(&[0, 1, 2, 3]), "1–4");
        assert_eq!(ranks_label(&[1, 4]), "2, 5");
        assert_eq!(ranks_label(&[1, 4, 6]), "2, 5, 7");
        assert_eq!(ranks_label(&[1, 4, 6, 9]), "2, 5…");
    }

    #[test]
    fn english_heading_and_punctuation() {
        let p = at(47.0, 2.0);
        let g = marker_groups(&[("A", p), ("B", p)], strings(Lang::En));
        assert_eq!(g[0].name, "1–2. 2 third places at the same spot: 1. A, 2. B");
    }

    #[test]
    fn nothing_for_no_results() {
        assert!(marker_groups(&[], strings(Lang::Fr)).is_empty());
    }
}
