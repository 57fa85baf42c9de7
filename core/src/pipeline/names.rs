//! Venue names from the ANCT label files' project texts. `lib_territoire` holds what a project's
//! applicants wrote, often a paragraph (« Le Lieu-Dit, Pôle de Coopération…, porte ce projet. Ses
//! 10 structures membres… »). The name shown is the place's own name, taken from that text; the
//! whole text stays as the venue's description, shown in its details.
//!
//! The rules, in order (entities are decoded before anything is split or cut):
//! 1. the first line;
//! 2. without a form's label (« Nom du consortium : », « Structure : », « demandeur : »);
//! 3. the part before « porte ce projet », « porté par », « en consortium avec » and the like;
//! 4. for a list separated by « ; » or « / » (with a space beside it), the first item and
//!    « et N autres »;
//! 5. cut at [`NAME_MAX_CHARS`] characters, at a word boundary, with « … ».

use crate::text::clean_text;

/// Names are cut at about this many characters.
pub const NAME_MAX_CHARS: usize = 80;

/// What introduces the applicant or the partners rather than the place: the name is what comes
/// before. Matched in lower case, at a word's start.
const CUT_BEFORE: &[&str] = &[
    "porte ce projet",
    "porte le projet",
    "porté par",
    "portée par",
    "porteur",
    "en consortium avec",
    "pour le consortium",
    "dépose le dossier",
    "(par ",
    "représenté par",
    "représentée par",
];

/// Labels of an application form at the start of a line.
const FORM_LABELS: &[&str] = &["nom du consortium", "nom du porteur administratif", "nom du projet", "structure", "demandeur", "porteur"];

/// A name taken from a project text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectName {
    pub name: String,
    /// The whole text, when the name is not all of it (one paragraph per line of the source).
    pub description: Option<String>,
}

/// The text's lines, each cleaned (spaces folded, e-mail addresses removed), empty ones dropped,
/// without a line that names a person (« représenté par Joseph … »).
fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.split(['\n', '\r']).map(clean_text).filter(|l| !l.is_empty()) {
        let lower = line.to_lowercase();
        if lower.contains("représenté par") || lower.contains("représentée par") {
            continue;
        }
        let line = without_person(&line);
        // A line that stops on a linking word (« … pour la ») goes on in the next one.
        match out.last_mut() {
            Some(last) if ends_with_linking_word(last) => {
                last.push(' ');
                last.push_str(line);
            }
            _ => out.push(line.to_owned()),
        }
    }
    out
}

/// An individual enterprise is named after its holder, a person: the text keeps what follows.
fn without_person(line: &str) -> &str {
    match line.to_lowercase().find(INDIVIDUAL_ENTERPRISE) {
        Some(i) if line.is_char_boundary(i) && line.to_lowercase().len() == line.len() => &line[i..],
        _ => line,
    }
}

const INDIVIDUAL_ENTERPRISE: &str = "entreprise individuelle";

fn ends_with_linking_word(line: &str) -> bool {
    let last = line.rsplit(' ').next().unwrap_or("").to_lowercase();
    ["pour", "la", "le", "les", "de", "du", "des", "et"].contains(&last.as_str())
}

/// `s` without what trails a cut: spaces and punctuation left dangling.
fn trim_dangling(s: &str) -> &str {
    s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '-' | '–' | '—' | '+' | '(' | '/'))
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–'))
}

/// The byte offset of the first marker of `markers` in `s` at a word's start (case-insensitive).
fn find_marker(s: &str, markers: &[&str]) -> Option<usize> {
    let lower = s.to_lowercase();
    // Lower-casing keeps the byte offsets of these texts' letters (French, Latin-1 range): checked.
    if lower.len() != s.len() {
        return None;
    }
    markers
        .iter()
        .filter_map(|m| {
            lower.match_indices(m).map(|(i, _)| i).find(|&i| i == 0 || !lower[..i].chars().next_back().is_some_and(char::is_alphanumeric))
        })
        .min()
}

/// Rule 2: the line without a form's label (« Structure : MRJC » → « MRJC »).
fn without_form_label(line: &str) -> &str {
    if let Some((label, rest)) = line.split_once(':') {
        let label = label.trim().to_lowercase();
        if FORM_LABELS.contains(&label.as_str()) && !rest.trim().is_empty() {
            return rest.trim();
        }
    }
    line
}

/// Rule 4: a list's first item and how many others (« A / B / C » → « A et 2 autres »).
fn first_of_list(s: &str) -> String {
    let items: Vec<&str> = s
        .split(" ; ")
        .flat_map(|p| p.split(" / ").flat_map(|q| q.split("/ ")).flat_map(|q| q.split(" /")))
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    match items.len() {
        0 | 1 => s.to_owned(),
        2 => format!("{} et 1 autre", items[0]),
        n => format!("{} et {} autres", items[0], n - 1),
    }
}

/// Rule 5: at most [`NAME_MAX_CHARS`] characters, cut at a word boundary, with « … ».
fn shorten(s: &str) -> String {
    if s.chars().count() <= NAME_MAX_CHARS {
        return s.to_owned();
    }
    let limit = s.char_indices().nth(NAME_MAX_CHARS).map_or(s.len(), |(i, _)| i);
    let head = &s[..limit];
    let cut = head.rfind(' ').filter(|&i| i > limit / 2).unwrap_or(limit);
    format!("{}…", trim_dangling(&s[..cut]))
}

/// The place's name in one project's text (`lib_territoire` split into its projects, entities
/// already decoded), and the whole text when the name is shorter.
pub fn project_name(text: &str) -> ProjectName {
    let lines = lines(text);
    let Some(first) = lines.first() else {
        return ProjectName { name: String::new(), description: None };
    };
    let mut name = without_form_label(first);
    let mut cut = lines.len() > 1 || name.len() < first.len();
    if let Some(rest) = name.strip_prefix(INDIVIDUAL_ENTERPRISE) {
        // « entreprise individuelle pour la (Ferme collective…) »: the place is what it is for.
        let rest = rest.trim_start().strip_prefix("pour").unwrap_or(rest).trim_start();
        let rest = rest.strip_prefix("la ").or_else(|| rest.strip_prefix("le ")).unwrap_or(rest);
        name = rest.trim_matches(|c: char| c.is_whitespace() || c == '(' || c == ')');
        cut = true;
    }
    if let Some(i) = find_marker(name, CUT_BEFORE) {
        let before = trim_dangling(&name[..i]);
        if !before.is_empty() {
            name = before;
            cut = true;
        }
    }
    // Punctuation left dangling by a cut goes (« L'imprimerie. » of a longer text); a name's
    // own (« & Co. ») stays.
    let name = if cut { trim_dangling(name) } else { name };
    let name = shorten(&first_of_list(name));
    let whole = lines.join("\n");
    let description = (name != whole).then_some(whole);
    ProjectName { name, description }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> String {
        project_name(s).name
    }

    #[test]
    fn the_rules() {
        assert_eq!(name("La Fabrique"), "La Fabrique");
        assert_eq!(project_name("La Fabrique").description, None);
        assert_eq!(name("Nouveaux Liens, Nouveaux Lieux\n1 - Le Grain de Sable - porteur du projet"), "Nouveaux Liens, Nouveaux Lieux");
        assert_eq!(
            name("Initiative Pays d'Arles - La fabrique à entreprendre en consortium avec le collectif"),
            "Initiative Pays d'Arles - La fabrique à entreprendre"
        );
        assert_eq!(
            name("Structure : Mouvement Rural de Jeunesse Chrétienne (MRJC)\nTiers-lieu : La Fabrique"),
            "Mouvement Rural de Jeunesse Chrétienne (MRJC)"
        );
        assert_eq!(name("La Palanquée / Sète en commun"), "La Palanquée et 1 autre");
        assert_eq!(name("A / B ; C"), "A et 2 autres");
        // A slash inside a word is no list.
        assert_eq!(name("AUDACE/S"), "AUDACE/S");
        let long = "Le Lieu-Dit, Pôle de Coopération et d’Innovations Economiques et Sociales du Pays de Brest et d'ailleurs encore";
        let n = name(long);
        assert!(n.ends_with('…') && n.chars().count() <= NAME_MAX_CHARS + 1, "{n}");
        assert!(long.starts_with(n.trim_end_matches('…')));
        // Nobody's name in the description.
        let p = project_name("Bouillon de printemps\nreprésenté par Joseph Petit, trésorier de l'association\n");
        assert_eq!(p.name, "Bouillon de printemps");
        assert_eq!(p.description, None);
        // « Porteur » inside a word is no marker.
        assert_eq!(name("Les Reporteurs"), "Les Reporteurs");
        assert_eq!(name("Battement d'ailes & Co."), "Battement d'ailes & Co.");
        // An individual enterprise's holder is a person: neither in the name nor in the text.
        let p = project_name("Jean DUPONT entreprise individuelle pour la\n(Ferme collective du Temple)");
        assert_eq!(p.name, "Ferme collective du Temple");
        assert_eq!(p.description.as_deref(), Some("entreprise individuelle pour la (Ferme collective du Temple)"));
    }
}
