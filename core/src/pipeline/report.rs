//! The data report (`data/REPORT.md`): what the pipeline read, repaired, merged, dropped and
//! labelled, row by row, with reasons; and the summary counts.

use std::fmt::Write;

use super::gazetteer::GazetteerBuild;
use crate::venues::{Venue, FLAG_COMMUNE_LEVEL, FLAG_METRO, FLAG_METRO_KNOWN};

/// One line of the report: where (file line or id), which venue, what happened.
#[derive(Clone, Debug)]
pub struct Entry {
    pub line: Option<usize>,
    pub id: String,
    pub name: String,
    pub what: String,
}

#[derive(Default)]
pub struct Log {
    pub read: usize,
    pub labels_read: usize,
    pub repaired: Vec<Entry>,
    pub unresolved: Vec<Entry>,
    pub websites: Vec<Entry>,
    pub merged: Vec<Entry>,
    pub homonyms: Vec<Entry>,
    pub dropped: Vec<Entry>,
    pub labelled: Vec<Entry>,
    pub commune_level: Vec<Entry>,
    pub anct_notes: Vec<String>,
    /// ANCT project texts whose name was taken out of them: (id, the text, the name).
    pub renamed: Vec<(String, String, String)>,
    /// MapLab Bretagne: rows merged with a national venue, added, left out.
    pub maplab_merged: Vec<Entry>,
    pub maplab_added: Vec<Entry>,
    pub maplab_left_out: Vec<Entry>,
}

fn entry(line: Option<usize>, id: &str, name: &str, what: String) -> Entry {
    Entry { line, id: id.to_owned(), name: name.to_owned(), what }
}

impl Log {
    pub fn repaired(&mut self, line: usize, id: &str, name: &str, what: String) {
        self.repaired.push(entry(Some(line), id, name, what));
    }
    pub fn unresolved(&mut self, line: usize, id: &str, name: &str, what: String) {
        self.unresolved.push(entry(Some(line), id, name, what));
    }
    pub fn website(&mut self, line: usize, id: &str, name: &str, what: String) {
        self.websites.push(entry(Some(line), id, name, what));
    }
    pub fn dropped(&mut self, line: usize, id: &str, name: &str, why: &str) {
        self.dropped.push(entry(Some(line), id, name, why.to_owned()));
    }
    pub fn merged(&mut self, id: &str, into: &str, name: &str, km: f64) {
        self.merged.push(entry(None, id, name, format!("fusionné dans {into} (même nom, à {:.0} m)", km * 1000.0)));
    }
    pub fn homonym(&mut self, id: &str, other: &str, name: &str, km: f64) {
        self.homonyms.push(entry(
            None,
            id,
            name,
            format!("même nom que {other}, à {:.0} m mais à une autre adresse : gardés tous deux", km * 1000.0),
        ));
    }
    pub fn labelled(&mut self, id: &str, name: &str, label: &str, project: &str, score: f64) {
        self.labelled.push(entry(None, id, name, format!("{label} « {project} » (similarité {score:.2})")));
    }
    pub fn commune_level(&mut self, id: &str, name: &str, label: &str, commune: &str, radius_km: Option<f64>) {
        let radius = match radius_km {
            Some(r) => format!(" (rayon approché de la commune : {r:.1} km)").replace('.', ","),
            None => ", sans rayon connu".to_owned(),
        };
        self.commune_level.push(entry(None, id, name, format!("{label} sans lieu correspondant : placé au centre de {commune}{radius}")));
    }
    pub fn anct_dropped(&mut self, id: &str, name: &str, why: &str) {
        self.dropped.push(entry(None, id, name, why.to_owned()));
    }
    pub fn maplab_merged(&mut self, id: &str, name: &str, into: &str, into_name: &str, why: &str) {
        self.maplab_merged.push(entry(None, id, name, format!("déjà dans la base : {into} « {into_name} » ({why})")));
    }
    pub fn maplab_added(&mut self, id: &str, name: &str, commune: &str) {
        self.maplab_added.push(entry(None, id, name, format!("ajouté : {commune}")));
    }
    pub fn maplab_left_out(&mut self, id: &str, name: &str, why: &str) {
        self.maplab_left_out.push(entry(None, id, name, why.to_owned()));
    }
    pub fn renamed(&mut self, id: &str, text: &str, name: &str) {
        self.renamed.push((id.to_owned(), text.to_owned(), name.to_owned()));
    }
    pub fn anct_note(&mut self, note: String) {
        self.anct_notes.push(note);
    }
}

/// The headline counts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Stats {
    pub venues_read: usize,
    pub repaired_insee: usize,
    pub unresolved_insee: usize,
    pub websites_fixed: usize,
    pub merged: usize,
    pub dropped: usize,
    pub labels_read: usize,
    pub labelled_venues: usize,
    pub commune_level: usize,
    pub venues_out: usize,
    pub metro_known: usize,
    pub outside_metropolises: usize,
    pub gazetteer_entries: usize,
    pub communes_without_position: usize,
}

pub fn stats(venues: &[Venue], log: &Log, gaz: &GazetteerBuild) -> Stats {
    Stats {
        venues_read: log.read,
        repaired_insee: log.repaired.len(),
        unresolved_insee: log.unresolved.len(),
        websites_fixed: log.websites.len(),
        merged: log.merged.len(),
        dropped: log.dropped.len(),
        labels_read: log.labels_read,
        labelled_venues: venues.iter().filter(|v| v.labels != 0 && v.flags & FLAG_COMMUNE_LEVEL == 0).count(),
        commune_level: venues.iter().filter(|v| v.flags & FLAG_COMMUNE_LEVEL != 0).count(),
        venues_out: venues.len(),
        metro_known: venues.iter().filter(|v| v.flags & FLAG_METRO_KNOWN != 0).count(),
        outside_metropolises: venues.iter().filter(|v| v.flags & FLAG_METRO_KNOWN != 0 && v.flags & FLAG_METRO == 0).count(),
        gazetteer_entries: gaz.places.len(),
        communes_without_position: gaz.no_position.len(),
    }
}

fn table(out: &mut String, title: &str, rows: &[Entry]) {
    let _ = writeln!(out, "\n## {title} ({})\n", rows.len());
    if rows.is_empty() {
        out.push_str("Aucun.\n");
        return;
    }
    out.push_str("| ligne | id | nom | détail |\n|---|---|---|---|\n");
    for r in rows {
        let line = r.line.map(|l| l.to_string()).unwrap_or_default();
        let _ = writeln!(out, "| {line} | {} | {} | {} |", r.id, md(&r.name), md(&r.what));
    }
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(s: &Stats, log: &Log, gaz: &GazetteerBuild, gaz_bytes: usize, venue_bytes: (usize, usize)) -> String {
    let mut o = String::new();
    o.push_str("# Rapport de données / Data report\n\n");
    o.push_str("Généré par la construction (`make data`, ou `cargo run -p tiers-lieux-core --bin tl-data`) à partir des sources de `data/` ; ne pas modifier à la main. Un test vérifie qu'il est à jour.\n\n");
    o.push_str("Generated by the build from the sources in `data/`; do not edit. A test checks it is up to date.\n\n## Synthèse\n\n| quoi | nombre |\n|---|---|\n");
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    let rows: Vec<(&str, String)> = vec![
        ("lignes lues (base Mission Coworking 2019)", s.venues_read.to_string()),
        ("codes INSEE réparés (code « 0 » ou commune devenue déléguée)", s.repaired_insee.to_string()),
        ("codes INSEE non réparables (lieu gardé, sans code commune)", s.unresolved_insee.to_string()),
        ("sites web corrigés ou retirés", s.websites_fixed.to_string()),
        ("doublons fusionnés", s.merged.to_string()),
        ("lignes écartées", s.dropped.to_string()),
        ("labels ANCT lus (Fabriques de Territoire + Manufactures de proximité)", s.labels_read.to_string()),
        ("lieux de la base portant un label ANCT", s.labelled_venues.to_string()),
        ("lieux labellisés ajoutés, localisés à la commune seulement", s.commune_level.to_string()),
        ("lieux publiés", s.venues_out.to_string()),
        (
            "lieux hors métropoles (parmi ceux dont l'indicateur METRO est connu)",
            format!("{} / {} ({:.1} %)", s.outside_metropolises, s.metro_known, pct(s.outside_metropolises, s.metro_known)),
        ),
        ("entrées du répertoire géographique (départements, communes, arrondissements, anciennes communes)", s.gazetteer_entries.to_string()),
        ("communes sans coordonnées (cherchables par nom, pas de recherche de distance)", s.communes_without_position.to_string()),
        (
            "taille de communes.bin / venues.bin + venues-details.bin (octets, non compressés)",
            format!("{gaz_bytes} / {} + {}", venue_bytes.0, venue_bytes.1),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(o, "| {k} | {v} |");
    }
    let _ = writeln!(
        o,
        "\nRépertoire : {}. Anciennes communes portant le même nom que leur commune actuelle, non indexées en double : {}.",
        {
            let mut c: Vec<_> = gaz.counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
            c.sort();
            c.join(", ")
        },
        gaz.aliases_same_name
    );
    o.push_str("\nDonnées personnelles : les colonnes CONTACT et MAIL de la source ont été retirées avant tout dépôt ; les valeurs de site web qui ne sont pas des adresses ne sont pas recopiées ici.\n");
    table(&mut o, "Codes INSEE réparés", &log.repaired);
    table(&mut o, "Codes INSEE non réparables", &log.unresolved);
    table(&mut o, "Doublons fusionnés", &log.merged);
    table(&mut o, "Même nom à une autre adresse proche (gardés)", &log.homonyms);
    table(&mut o, "Lignes écartées", &log.dropped);
    table(&mut o, "Sites web corrigés ou retirés", &log.websites);
    table(&mut o, "Labels ANCT rattachés à un lieu", &log.labelled);
    table(&mut o, "Lieux labellisés localisés à la commune", &log.commune_level);
    let _ = writeln!(
        o,
        "\n## MapLab Bretagne (#MapLabBZH, Guillaume Rouan, 2020, CC BY 4.0)\n\nLa carte régionale des fab labs et tiers-lieux de Bretagne (`data/maplabbzh-bretagne/`) : ses tiers-lieux seulement (fablab, fablabMIT, tierslieu, hakerspace, makerspace), fusionnés avec la base nationale quand elle les a déjà (même nom à 300 m au plus, ou même site web, sauf le site d'un réseau de plusieurs lieux), ajoutés sinon (`core/src/pipeline/maplab.rs`). Ni courriel ni téléphone n'est repris."
    );
    table(&mut o, "MapLab Bretagne : déjà dans la base nationale", &log.maplab_merged);
    table(&mut o, "MapLab Bretagne : lieux ajoutés", &log.maplab_added);
    table(&mut o, "MapLab Bretagne : lignes écartées", &log.maplab_left_out);
    let _ = writeln!(o, "\n## Noms tirés des textes de projet ANCT ({})\n", log.renamed.len());
    o.push_str("Le nom montré est celui du lieu, tiré du texte (`core/src/pipeline/names.rs`) ; le texte entier reste la description du lieu, dans ses détails.\n\n");
    if log.renamed.is_empty() {
        o.push_str("Aucun.\n");
    } else {
        o.push_str("| id | texte du projet | nom montré |\n|---|---|---|\n");
        for (id, text, name) in &log.renamed {
            let _ = writeln!(o, "| {id} | {} | {} |", md(text), md(name));
        }
    }
    let _ = writeln!(o, "\n## Remarques sur les listes ANCT ({})\n", log.anct_notes.len());
    for n in &log.anct_notes {
        let _ = writeln!(o, "- {}", md(n));
    }
    let _ = writeln!(o, "\n## Communes sans coordonnées ({})\n", gaz.no_position.len());
    for (code, name, zone) in &gaz.no_position {
        let _ = writeln!(o, "- {code} {name} ({zone})");
    }
    o
}

/// The slices of the commune index: each file, what it holds, its size.
pub fn slices(o: &mut String, b: &crate::slices::Built) {
    let total: usize = b.root.len() + b.files.iter().map(|f| f.1.len()).sum::<usize>();
    o.push_str("\n## Index des communes en tranches / The commune index in slices\n\n");
    o.push_str("The widget's entry fetches the root beside the wasm; each query then fetches the slices it needs (`core/src/slices.rs`). ");
    o.push_str("Sizes are uncompressed; `make size-check` gives the brotli sizes.\n\n");
    o.push_str(&format!(
        "- root `communes.bin`: {} bytes: the départements, {} more places answering {} short queries (the heads), the table of {} slices\n- the whole set: {} files, {total} bytes\n\n",
        b.root.len(),
        b.root_places,
        b.heads,
        b.files.len(),
        b.files.len() + 1
    ));
    o.push_str("| file | holds | places | bytes |\n|---|---|---|---|\n");
    for ((name, bytes), (what, n)) in b.files.iter().zip(&b.contents) {
        o.push_str(&format!("| `{name}` | {what} | {n} | {} |\n", bytes.len()));
    }
}
