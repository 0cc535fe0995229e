//! The search index behind the box in every page's header ("find your commune"): one record
//! per commune page, province page and overview, in each site language, indexed by Pagefind and
//! written with its browser script under `pagefind/`. A commune's reports are sections of its
//! record, each under a heading whose id is the report's id: Pagefind's sub-results then name
//! the reports a search found, and the box links them to their pages (`reports` meta field).
//!
//! One record a commune rather than one a report: Pagefind's memory and time grow with the
//! records it holds (measured at national five years, 69,741 reports a language: 3.5 GB and two
//! minutes as records of their own, 0.9 GB and ten seconds as sections of 3,321 commune
//! records, bench/RESULTS.md), and a national site would write tens of thousands of files.
//!
//! Records are made from the model rather than read back from the pages: the index then needs
//! neither the pages' HTML (gigabytes at national scale, partly still in the staging folder)
//! nor a second parse of it, and it depends only on names and report texts ([`Scope::Reports`]),
//! so a month of new figures reuses it. It is one part of the bulk family ([`SEARCH_JOB`]): an
//! update puts its pages online first and makes the index after them, with the bulk downloads.

use crate::base::collate::fold;
use crate::model::Site;
use crate::render::html::escape_into;
use crate::render::markdown::to_plain_text;
use crate::render::pages::paths;
use crate::render::theme::Theme;
use crate::render::{Parts, Scope, Sink};
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// The index's job id: in the bulk family (see `downloads::BULK_JOB`), so that an update makes
/// it once the pages are online.
pub const SEARCH_JOB: &str = "bulk:search";

/// Folder of the index and Pagefind's script inside the output.
pub const FOLDER: &str = "pagefind";

/// Meta field holding the words of a record that contain `đ`, spelled with `d`: Pagefind
/// ignores accents ("dien" finds "Diễn") but `đ` is a letter of its own, so "dong" would not
/// find "Đông" without it.
const PLAIN_FIELD: &str = "plain";

/// Meta field of a commune's record: the folder of its report pages from the site root; a
/// report found is at this folder, its section's id and `.html` (`search.js` builds the link).
const REPORTS_FIELD: &str = "reports";

/// One searchable page in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Address from the site root, with its `index.html` (links work from any sub-path).
    pub url: String,
    /// Page language (`vi`, `en`): each language is its own index.
    pub lang: String,
    /// What a result shows: "Xã Diễn Châu, Nghệ An".
    pub title: String,
    /// The words searched besides the title and the sections.
    pub content: String,
    /// Folder of the reports' pages from the site root (a commune's record), or empty.
    pub reports_folder: String,
    /// The commune's reports, oldest first.
    pub sections: Vec<Section>,
}

/// One report inside its commune's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The report's id: the heading's id, and the name of its page in the reports' folder.
    pub id: String,
    /// The report's title, as a found report is listed under its commune.
    pub title: String,
    /// Issuer, number and the text, as plain words.
    pub text: String,
}

/// Makes the index of `records` (every language's, as [`records`] gives them) into `sink`, or
/// takes it from the previous build when no name and no report text changed.
pub fn render_records(records: &[Record], sink: &dyn Sink, parts: &dyn Parts) -> io::Result<()> {
    parts.run(SEARCH_JOB, Scope::Reports, sink, &mut |sink| {
        // One language at a time, its files written as soon as they are made: at national
        // scale each language's index holds every report's text.
        let mut entry = None;
        for lang in languages(records) {
            let mine: Vec<&Record> = records.iter().filter(|r| r.lang == lang).collect();
            for (rel, bytes) in index_language(&mine, &mut entry)? {
                sink.write(&format!("{FOLDER}/{rel}"), &bytes)?;
            }
        }
        if let Some(entry) = entry {
            let bytes = serde_json::to_vec(&entry).map_err(io::Error::other)?;
            sink.write(&format!("{FOLDER}/{ENTRY}"), &bytes)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The languages of `records`, in their order.
fn languages(records: &[Record]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in records {
        if !out.contains(&r.lang.as_str()) {
            out.push(&r.lang);
        }
    }
    out
}

/// Every record of the site: per language, the overview, then each province with its
/// communes, in the site's order.
pub fn records(site: &Site, theme: &Theme) -> Vec<Record> {
    site.config
        .languages
        .iter()
        .flat_map(|lang| records_in(site, theme, lang))
        .collect()
}

/// The records of one language.
fn records_in(site: &Site, theme: &Theme, lang: &str) -> Vec<Record> {
    let mut out = Vec::new();
    let empty = BTreeMap::new();
    let strings = theme.strings.get(lang).unwrap_or(&empty);
    let t = |key: &str, args: &[(&str, &str)]| {
        let mut s = strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    };
    let at = |path: String| paths::in_lang(site, lang, &path);
    let page = |url: String, title: String, content: String| Record {
        url,
        lang: lang.to_string(),
        title,
        content,
        reports_folder: String::new(),
        sections: Vec::new(),
    };
    let c = &site.config;
    let description = c.description.as_ref().map(|d| d.get(lang)).unwrap_or("");
    out.push(page(
        at(paths::overview()),
        c.title.get(lang).to_string(),
        description.to_string(),
    ));
    for p in &site.provinces {
        let name = p.info.name.as_str();
        let title = t(
            &format!("search_province_{}", p.info.kind),
            &[("name", name)],
        );
        out.push(page(at(paths::province(p)), title, String::new()));
        for commune in &p.communes {
            let kind = t(&format!("commune_kind_{}", commune.info.kind), &[]);
            let place = t(
                "search_commune_title",
                &[
                    ("kind", &kind),
                    ("name", &commune.info.name),
                    ("province", name),
                ],
            );
            let mut record = page(at(paths::commune(p, commune)), place, String::new());
            record.reports_folder = at(paths::reports_folder(p, commune));
            record.sections = commune
                .reports
                .iter()
                .map(|r| {
                    let mut text = vec![r.issued_by.clone()];
                    text.extend(r.number.clone());
                    text.push(to_plain_text(&r.body));
                    Section {
                        id: r.id.as_str().to_string(),
                        title: r.title.clone(),
                        text: text.join(" · "),
                    }
                })
                .collect();
            out.push(record);
        }
    }
    out
}

/// The page Pagefind reads for `record`: its title as the heading (and the `title` meta), its
/// words, then a section per report under a heading carrying the report's id, which makes it
/// a sub-result of its own.
fn page_html(record: &Record) -> String {
    let mut html = String::from("<!DOCTYPE html><html lang=\"");
    escape_into(&mut html, &record.lang);
    html.push_str("\"><body><h1 data-pagefind-meta=\"title\">");
    escape_into(&mut html, &record.title);
    html.push_str("</h1>");
    let mut words = format!("{} {}", record.title, record.content);
    for s in &record.sections {
        words.push(' ');
        words.push_str(&s.title);
        words.push(' ');
        words.push_str(&s.text);
    }
    let meta = [
        (PLAIN_FIELD, plain_words(&words)),
        (REPORTS_FIELD, record.reports_folder.clone()),
    ];
    for (key, value) in meta.iter().filter(|(_, v)| !v.is_empty()) {
        html.push_str("<span data-pagefind-meta=\"");
        escape_into(&mut html, &format!("{key}:{value}"));
        html.push_str("\"></span>");
    }
    if !record.content.is_empty() {
        html.push_str("<p>");
        escape_into(&mut html, &record.content);
        html.push_str("</p>");
    }
    for s in &record.sections {
        html.push_str("<section><h2 id=\"");
        escape_into(&mut html, &s.id);
        html.push_str("\">");
        escape_into(&mut html, &s.title);
        html.push_str("</h2><p>");
        escape_into(&mut html, &s.text);
        html.push_str("</p></section>");
    }
    html.push_str("</body></html>");
    html
}

/// The words of `text` that contain `đ`, spelled with `d`, once each, in order of first use.
fn plain_words(text: &str) -> String {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.contains(['đ', 'Đ']) {
            let plain = fold(word);
            if seen.insert(plain.clone()) {
                out.push(plain);
            }
        }
    }
    out.join(" ")
}

/// Records per fragment file: one, since a commune's record holds the text of all its reports
/// and a result shown loads its whole file.
const RECORDS_PER_FRAGMENT_FILE: usize = 1;

/// Pagefind's files for `records`: the index of each language, its script, worker and
/// WebAssembly, by path inside [`FOLDER`], sorted. Its ready-made interfaces are left out: the
/// theme has its own box. Each language is indexed on its own, one after the other, so that
/// only one is held in memory at a time; their lists of languages are merged into one
/// `pagefind-entry.json`.
pub fn index(records: &[Record]) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for lang in languages(records) {
        let mine: Vec<&Record> = records.iter().filter(|r| r.lang == lang).collect();
        out.extend(index_language(&mine, &mut entry)?);
    }
    if let Some(entry) = entry {
        out.insert(
            ENTRY.to_string(),
            serde_json::to_vec(&entry).map_err(io::Error::other)?,
        );
    }
    Ok(out.into_iter().collect())
}

/// The files of one language's index (all `records` are in it), its languages merged into
/// `entry`, which the caller writes once every language is done.
fn index_language(
    records: &[&Record],
    entry: &mut Option<serde_json::Value>,
) -> io::Result<Vec<(String, Vec<u8>)>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(io::Error::other)?;
    let lang = records.first().map_or("", |r| r.lang.as_str());
    let files = runtime
        .block_on(one_language(records))
        .map_err(|e| io::Error::other(format!("search index ({lang}): {e}")))?;
    let mut out = Vec::new();
    for f in files {
        let rel = f.filename.to_string_lossy().replace('\\', "/");
        if rel == ENTRY {
            *entry = Some(merge_entries(entry.take(), &f.contents)?);
        } else if wanted(&rel) {
            out.push((rel, f.contents));
        }
    }
    Ok(out)
}

/// Pagefind's list of the languages of the bundle, and of each one's index.
const ENTRY: &str = "pagefind-entry.json";

/// `so_far` with the languages of the entry file `next` added.
fn merge_entries(so_far: Option<serde_json::Value>, next: &[u8]) -> io::Result<serde_json::Value> {
    let next: serde_json::Value = serde_json::from_slice(next).map_err(io::Error::other)?;
    let Some(mut merged) = so_far else {
        return Ok(next);
    };
    let (Some(all), Some(more)) = (
        merged.get_mut("languages").and_then(|l| l.as_object_mut()),
        next.get("languages").and_then(|l| l.as_object()),
    ) else {
        return Err(io::Error::other(format!("{ENTRY} has no languages")));
    };
    all.extend(more.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(merged)
}

/// The files of one language's index.
async fn one_language(records: &[&Record]) -> io::Result<Vec<pagefind::api::SyntheticFile>> {
    let groups = records.len().div_ceil(RECORDS_PER_FRAGMENT_FILE);
    let config = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(true)
        .max_fragments(u32::try_from(groups.max(1)).unwrap_or(u32::MAX))
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(config)).map_err(failed)?;
    for r in records {
        index
            .add_html_file(None, Some(r.url.clone()), page_html(r))
            .await
            .map_err(failed)?;
    }
    index.get_files().await.map_err(failed)
}

/// Pagefind's error (with its causes) as an I/O error of the build.
fn failed(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{e:#}"))
}

/// The files of Pagefind's bundle that the theme's box uses: the search script, its worker,
/// the list of languages, each language's WebAssembly, meta, word index and fragments.
fn wanted(rel: &str) -> bool {
    matches!(
        rel,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || (rel.starts_with("wasm.") && rel.ends_with(".pagefind"))
        || rel.ends_with(".pf_meta")
        || ["fragment/", "index/", "filter/"]
            .iter()
            .any(|folder| rel.starts_with(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_d_with_stroke_are_also_spelled_with_d() {
        assert_eq!(plain_words("Xã Đông Hòa: đổi mới, Đông"), "dong doi");
        assert_eq!(plain_words("Diễn Châu"), "");
    }

    #[test]
    fn the_languages_of_each_index_make_one_entry() {
        let vi = br#"{"version":"1.6.0","languages":{"vi":{"hash":"vi_1"}}}"#;
        let en = br#"{"version":"1.6.0","languages":{"en":{"hash":"en_1"}}}"#;
        let merged = merge_entries(merge_entries(None, vi).ok(), en).unwrap();
        assert_eq!(merged["languages"]["vi"]["hash"], "vi_1");
        assert_eq!(merged["languages"]["en"]["hash"], "en_1");
        assert_eq!(merged["version"], "1.6.0");
        assert!(merge_entries(Some(merged), b"{}").is_err());
    }
}
