//! The search index behind the box in every page's header ("find your commune"): one record
//! per commune, province and report page and the overview, in each site language, indexed by
//! Pagefind and written with its browser script under `pagefind/`.
//!
//! Records are made from the model rather than read back from the pages: the index then needs
//! neither the pages' HTML (gigabytes at national scale, partly still in the staging folder)
//! nor a second parse of it, and it depends only on names and report texts ([`Scope::Reports`]),
//! so a month of new figures reuses it. It is one part of the bulk family ([`SEARCH_JOB`]): an
//! update puts its pages online first and makes the index after them, with the bulk downloads.

use crate::base::collate::fold;
use crate::model::Site;
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

/// One searchable page in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Address from the site root, with its `index.html` (links work from any sub-path).
    pub url: String,
    /// Page language (`vi`, `en`): each language is its own index.
    pub lang: String,
    /// What a result shows: "Xã Diễn Châu, Nghệ An".
    pub title: String,
    /// The words searched besides the title.
    pub content: String,
}

/// Makes the index into `sink`, or takes it from the previous build when no name and no
/// report text changed.
pub fn render(site: &Site, theme: &Theme, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<()> {
    parts.run(SEARCH_JOB, Scope::Reports, sink, &mut |sink| {
        // One language at a time, its files written as soon as they are made: at national
        // scale each language's records and index hold every report's text.
        let mut entry = None;
        for lang in &site.config.languages {
            let records = records_in(site, theme, lang);
            for (rel, bytes) in index_language(&records, &mut entry)? {
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

/// Every record of the site: per language, the overview, then each province with its communes
/// and their reports, in the site's order.
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
    let c = &site.config;
    let description = c.description.as_ref().map(|d| d.get(lang)).unwrap_or("");
    out.push(Record {
        url: at(paths::overview()),
        lang: lang.to_string(),
        title: c.title.get(lang).to_string(),
        content: description.to_string(),
    });
    for p in &site.provinces {
        let name = p.info.name.as_str();
        let title = t(
            &format!("search_province_{}", p.info.kind),
            &[("name", name)],
        );
        out.push(Record {
            url: at(paths::province(p)),
            lang: lang.to_string(),
            title,
            content: String::new(),
        });
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
            out.push(Record {
                url: at(paths::commune(p, commune)),
                lang: lang.to_string(),
                title: place.clone(),
                content: String::new(),
            });
            for r in &commune.reports {
                // The title (place included) is searched as the record's title: the
                // text holds what the page shows below it.
                let mut content = vec![r.issued_by.clone()];
                content.extend(r.number.clone());
                content.push(to_plain_text(&r.body));
                out.push(Record {
                    url: at(paths::report(p, commune, r.id.as_str())),
                    lang: lang.to_string(),
                    title: t(
                        "search_report_title",
                        &[("title", &r.title), ("place", &place)],
                    ),
                    content: content.join(" · "),
                });
            }
        }
    }
    out
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

/// Records per fragment file: a commune's page and its reports are neighbours in the order of
/// [`records`], so a search for a commune mostly loads one small file, and a national site
/// writes thousands of files rather than tens of thousands.
const RECORDS_PER_FRAGMENT_FILE: usize = 8;

/// Pagefind's files for `records`: the index of each language, its script, worker and
/// WebAssembly, by path inside [`FOLDER`], sorted. Its ready-made interfaces are left out: the
/// theme has its own box. Each language is indexed on its own, one after the other, so that
/// only one is held in memory at a time; their lists of languages are merged into one
/// `pagefind-entry.json`.
pub fn index(records: &[Record]) -> io::Result<Vec<(String, Vec<u8>)>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(io::Error::other)?;
    let mut languages: Vec<&str> = Vec::new();
    for r in records {
        if !languages.contains(&r.lang.as_str()) {
            languages.push(&r.lang);
        }
    }
    let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for lang in languages {
        let mine: Vec<Record> = records.iter().filter(|r| r.lang == lang).cloned().collect();
        out.extend(index_language_with(&runtime, &mine, &mut entry)?);
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
    records: &[Record],
    entry: &mut Option<serde_json::Value>,
) -> io::Result<Vec<(String, Vec<u8>)>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(io::Error::other)?;
    index_language_with(&runtime, records, entry)
}

fn index_language_with(
    runtime: &tokio::runtime::Runtime,
    records: &[Record],
    entry: &mut Option<serde_json::Value>,
) -> io::Result<Vec<(String, Vec<u8>)>> {
    let lang = records.first().map_or("", |r| r.lang.as_str());
    let mine: Vec<&Record> = records.iter().collect();
    let files = runtime
        .block_on(one_language(&mine))
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
        let mut meta = BTreeMap::from([("title".to_string(), r.title.clone())]);
        let plain = plain_words(&format!("{} {}", r.title, r.content));
        if !plain.is_empty() {
            meta.insert(PLAIN_FIELD.to_string(), plain);
        }
        // A record without words of its own is left out of the index: a commune's and a
        // province's words are their title.
        let content = match r.content.is_empty() {
            true => r.title.clone(),
            false => r.content.clone(),
        };
        index
            .add_custom_record(
                r.url.clone(),
                content,
                r.lang.clone(),
                Some(meta),
                None,
                None,
            )
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
