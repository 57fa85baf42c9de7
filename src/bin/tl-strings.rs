//! Writes the JS shell's texts (`model::i18n::shell`) as JSON for `www/build.mjs`:
//! `cargo run --bin tl-strings -- target/data/shell-strings.json`.

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "target/data/shell-strings.json".to_owned());
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    }
    std::fs::write(&out, tiers_lieux::model::i18n::shell::shell_json()).unwrap_or_else(|e| panic!("writing {out}: {e}"));
}
