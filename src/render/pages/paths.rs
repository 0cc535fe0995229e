//! Where each page lives inside a language's root, and relative links between output files.

use crate::domain::Indicator;
use crate::model::{Commune, Province, Site};

/// Address of a page inside the language's root.
pub(crate) fn in_lang(site: &Site, lang: &str, path: &str) -> String {
    if lang == site.config.languages[0] {
        path.to_string()
    } else {
        format!("{lang}/{path}")
    }
}

/// A relative link from the output file `from` to the output file `to`.
pub fn relative(from: &str, to: &str) -> String {
    format!("{}{}", "../".repeat(from.matches('/').count()), to)
}

pub(crate) fn overview() -> String {
    "index.html".into()
}
pub(super) fn indicators() -> String {
    "indicators/index.html".into()
}
pub(super) fn indicator(ind: &Indicator) -> String {
    format!("indicators/{}/index.html", ind.id)
}
pub(super) fn indicator_province(ind: &Indicator, p: &Province) -> String {
    format!("indicators/{}/{}/index.html", ind.id, p.info.id)
}
pub(crate) fn province(p: &Province) -> String {
    format!("provinces/{}/index.html", p.info.id)
}
pub(super) fn commune_list() -> String {
    "communes/index.html".into()
}
pub(crate) fn commune(p: &Province, c: &Commune) -> String {
    format!("communes/{}/{}/index.html", p.info.id, c.info.id)
}
pub(crate) fn report(p: &Province, c: &Commune, id: &str) -> String {
    // A file, not a folder with an `index.html`: a national five-year site has 132,840
    // report pages, and a folder each was 85% of the output's folders (156,000 → 24,000).
    format!("{}{id}.html", reports_folder(p, c))
}
/// The folder of a commune's report pages, with its final `/`.
pub(crate) fn reports_folder(p: &Province, c: &Commune) -> String {
    format!("communes/{}/{}/reports/", p.info.id, c.info.id)
}
pub(super) fn page(id: &str) -> String {
    format!("pages/{id}/index.html")
}
pub(super) fn downloads() -> String {
    "downloads/index.html".into()
}
pub(super) fn releases() -> String {
    "releases/index.html".into()
}
pub(super) fn release(id: &str) -> String {
    format!("releases/{id}/index.html")
}

/// A language's name in that language.
pub(super) fn language_name(lang: &str) -> &str {
    match lang {
        "vi" => "Tiếng Việt",
        "en" => "English",
        "fr" => "Français",
        "zh" => "中文",
        "km" => "ភាសាខ្មែរ",
        "lo" => "ພາສາລາວ",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(relative("index.html", "data/x.csv"), "data/x.csv");
        assert_eq!(
            relative("en/communes/a/b/index.html", "en/index.html"),
            "../../../../en/index.html"
        );
        assert_eq!(relative("communes/a/b/index.html", ""), "../../../");
    }
}
