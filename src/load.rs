//! Stage 1 — load: walk `content/`, read every file (in parallel) and parse it with serde_yaml.
//!
//! Nothing here checks meaning; it only turns bytes into raw structs, and every file that
//! cannot be read or parsed becomes a diagnostic with its line and column.

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::raw::*;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Files larger than this are refused: no honest content file comes close.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to users (the content folder joined with the relative path).
    pub path: PathBuf,
    /// The whole text (UTF-8, byte-order mark removed).
    pub text: String,
}

/// A parsed YAML file.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// Where it came from.
    pub file: SourceFile,
    /// Its contents.
    pub data: T,
}

/// A parsed Markdown file with YAML front matter.
#[derive(Debug, Clone)]
pub struct Document<T> {
    /// Where it came from.
    pub file: SourceFile,
    /// The front matter.
    pub meta: T,
    /// Markdown after the front matter.
    pub body: String,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Where a file sits in the content folder, with the ids its path names (not yet checked).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Site,
    Catalogue,
    Page {
        id: String,
        lang: String,
    },
    Province {
        province: String,
    },
    Commune {
        province: String,
        commune: String,
    },
    Period {
        province: String,
        commune: String,
        id: String,
    },
    Report {
        province: String,
        commune: String,
        id: String,
    },
}

/// Everything read from `content/`, file by file.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The content folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub site: Option<Parsed<RawSite>>,
    /// `indicators.yaml`.
    pub catalogue: Option<Parsed<RawCatalogue>>,
    /// `(province folder, file)`.
    pub provinces: Vec<(String, Parsed<RawProvince>)>,
    /// `(province folder, commune folder, file)`.
    pub communes: Vec<(String, String, Parsed<RawCommune>)>,
    /// `(province, commune, period id, file)`.
    pub periods: Vec<(String, String, String, Parsed<RawPeriodFile>)>,
    /// `(province, commune, report id, file)`.
    pub reports: Vec<(String, String, String, Document<RawReportMeta>)>,
    /// `(page id, language, file)`.
    pub pages: Vec<(String, String, Document<RawPageMeta>)>,
    /// Province and commune folders seen, to report folders without their YAML file.
    pub folders: Vec<(String, Option<String>, PathBuf)>,
    /// Problems found while reading and parsing.
    pub diagnostics: Diagnostics,
}

enum Item {
    Site(Parsed<RawSite>),
    Catalogue(Parsed<RawCatalogue>),
    Province(String, Parsed<RawProvince>),
    Commune(String, String, Parsed<RawCommune>),
    Period(String, String, String, Parsed<RawPeriodFile>),
    Report(String, String, String, Document<RawReportMeta>),
    Page(String, String, Document<RawPageMeta>),
}

/// Reads and parses every content file under `root`.
pub fn load(root: &Path) -> Loaded {
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        ..Default::default()
    };
    if !root.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error(root, "the content folder does not exist")
                .expected("a folder holding site.yaml, indicators.yaml, communes/ and pages/")
                .help("run minhbach from your site folder, or pass --content DIR"),
        );
        return loaded;
    }
    let (files, walk_problems) = walk(root, &mut loaded.folders);
    loaded.diagnostics.extend(walk_problems);

    let results: Vec<Result<Item, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|(path, place)| read_item(path, place.clone()))
        .collect();
    for result in results {
        match result {
            Ok(item) => loaded.add(item),
            Err(problems) => loaded.diagnostics.extend(problems),
        }
    }
    for (name, present) in [
        ("site.yaml", loaded.site.is_some()),
        ("indicators.yaml", loaded.catalogue.is_some()),
    ] {
        let path = root.join(name);
        if !present && !path.exists() {
            loaded.diagnostics.push(
                Diagnostic::error(&path, format!("{name} is missing"))
                    .help("every site needs content/site.yaml and content/indicators.yaml (see docs/content-format.md)"),
            );
        }
    }
    loaded
}

impl Loaded {
    fn add(&mut self, item: Item) {
        match item {
            Item::Site(p) => self.site = Some(p),
            Item::Catalogue(p) => self.catalogue = Some(p),
            Item::Province(a, p) => self.provinces.push((a, p)),
            Item::Commune(a, b, p) => self.communes.push((a, b, p)),
            Item::Period(a, b, c, p) => self.periods.push((a, b, c, p)),
            Item::Report(a, b, c, d) => self.reports.push((a, b, c, d)),
            Item::Page(a, b, d) => self.pages.push((a, b, d)),
        }
    }
}

/// Lists content files in a stable order and says where each belongs.
fn walk(
    root: &Path,
    folders: &mut Vec<(String, Option<String>, PathBuf)>,
) -> (Vec<(PathBuf, Place)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in walker.filter_entry(|e| !is_hidden(e.file_name())) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                problems.push(Diagnostic::error(
                    path,
                    format!("cannot read this folder: {err}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::error(
                    path,
                    "symbolic links are not followed in the content folder",
                )
                .help("replace the link with the file or folder itself"),
            );
            continue;
        }
        if entry.file_type().is_dir() {
            if parts.first().map(String::as_str) == Some("communes")
                && (parts.len() == 2 || parts.len() == 3)
            {
                folders.push((parts[1].clone(), parts.get(2).cloned(), path.to_path_buf()));
            }
            continue;
        }
        match classify(&parts) {
            Ok(place) => match invalid_id_in(&place) {
                Some(bad) => problems.push(
                    Diagnostic::error(path, "this file or folder name is not a valid id")
                        .found(format!("`{bad}`"))
                        .expected("lowercase letters a-z, digits, `-` or `_`, starting with a letter or digit, at most 64 characters (no accents, no spaces)")
                        .help(format!("rename it, e.g. `{}`", suggest_id(&bad))),
                ),
                None => files.push((path.to_path_buf(), place)),
            },
            Err(help) => problems.push(
                Diagnostic::error(path, "this file is not in a place minhbach reads")
                    .expected("content/site.yaml, content/indicators.yaml, content/pages/<page-id>.<lang>.md, content/communes/<province>/_province.yaml, content/communes/<province>/<commune>/commune.yaml, …/data/<period-id>.yaml or …/reports/<report-id>.md")
                    .help(help),
            ),
        }
    }
    (files, problems)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != ".")
}

/// Where a file at `parts` (relative path components) belongs, or advice when nowhere.
fn classify(parts: &[String]) -> Result<Place, String> {
    let strs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let stem = |name: &str, ext: &str| name.strip_suffix(ext).map(str::to_owned);
    match strs.as_slice() {
        ["site.yaml"] => Ok(Place::Site),
        ["indicators.yaml"] => Ok(Place::Catalogue),
        ["pages", name] => {
            let Some(base) = stem(name, ".md") else {
                return Err(wrong_extension(name, ".md"));
            };
            match base.rsplit_once('.') {
                Some((id, lang)) => Ok(Place::Page {
                    id: id.to_owned(),
                    lang: lang.to_owned(),
                }),
                None => Err(format!(
                    "name free pages <page-id>.<lang>.md, e.g. `{base}.vi.md`"
                )),
            }
        }
        ["communes", p, "_province.yaml"] => Ok(Place::Province {
            province: p.to_string(),
        }),
        ["communes", p, c, "commune.yaml"] => Ok(Place::Commune {
            province: p.to_string(),
            commune: c.to_string(),
        }),
        ["communes", p, c, "data", name] => match stem(name, ".yaml") {
            Some(id) => Ok(Place::Period {
                province: p.to_string(),
                commune: c.to_string(),
                id,
            }),
            None => Err(wrong_extension(name, ".yaml")),
        },
        ["communes", p, c, "reports", name] => match stem(name, ".md") {
            Some(id) => Ok(Place::Report {
                province: p.to_string(),
                commune: c.to_string(),
                id,
            }),
            None => Err(wrong_extension(name, ".md")),
        },
        [.., name] if matches!(*name, "site.yaml" | "indicators.yaml") => Err(format!("move it to the top of the content folder: content/{name}")),
        [.., "_province.yaml"] => Err("move it into its province folder: content/communes/<province-id>/_province.yaml".into()),
        [.., "commune.yaml"] => Err("move it into its commune folder: content/communes/<province-id>/<commune-id>/commune.yaml".into()),
        [.., name] => {
            let known = [
                "site.yaml",
                "indicators.yaml",
                "_province.yaml",
                "commune.yaml",
            ];
            Err(did_you_mean(name, known).unwrap_or_else(|| {
                "move or remove it; files whose names start with `.` are ignored".into()
            }))
        }
        [] => Err(String::new()),
    }
}

/// The first id in a file's place that breaks the id rules.
fn invalid_id_in(place: &Place) -> Option<String> {
    let ids: Vec<&String> = match place {
        Place::Site | Place::Catalogue => vec![],
        Place::Page { id, .. } => vec![id],
        Place::Province { province } => vec![province],
        Place::Commune { province, commune } => vec![province, commune],
        Place::Period {
            province,
            commune,
            id,
        }
        | Place::Report {
            province,
            commune,
            id,
        } => vec![province, commune, id],
    };
    ids.into_iter()
        .find(|s| !crate::ids::is_valid_id(s))
        .cloned()
}

/// A valid id close to `s`: accents removed, lowercase, spaces as `-`.
fn suggest_id(s: &str) -> String {
    let folded = crate::collate::fold(s);
    let mut out: String = folded
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out
        .trim_matches(['-', '_'])
        .chars()
        .take(64)
        .collect::<String>();
    if out.is_empty() { "a-name".into() } else { out }
}

fn wrong_extension(name: &str, ext: &str) -> String {
    match name.rsplit_once('.') {
        Some((base, _)) => format!("rename it to `{base}{ext}`"),
        None => format!("name it `{name}{ext}`"),
    }
}

fn read_item(path: &Path, place: Place) -> Result<Item, Vec<Diagnostic>> {
    let file = read_source(path).map_err(|d| vec![d])?;
    let one = |d: Diagnostic| vec![d];
    Ok(match place {
        Place::Site => Item::Site(parse_yaml(file).map_err(one)?),
        Place::Catalogue => Item::Catalogue(parse_yaml(file).map_err(one)?),
        Place::Province { province } => Item::Province(province, parse_yaml(file).map_err(one)?),
        Place::Commune { province, commune } => {
            Item::Commune(province, commune, parse_yaml(file).map_err(one)?)
        }
        Place::Period {
            province,
            commune,
            id,
        } => Item::Period(province, commune, id, parse_yaml(file).map_err(one)?),
        Place::Report {
            province,
            commune,
            id,
        } => Item::Report(province, commune, id, parse_document(file).map_err(one)?),
        Place::Page { id, lang } => Item::Page(id, lang, parse_document(file).map_err(one)?),
    })
}

/// Reads a file as UTF-8 text, refusing huge and non-UTF-8 files with a clear message.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read this file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(
            Diagnostic::error(path, "this file is too large to be a content file")
                .found(format!("{} bytes", meta.len()))
                .expected(format!("at most {MAX_FILE_BYTES} bytes"))
                .help(
                    "split the data into one file per period, or remove what does not belong here",
                ),
        );
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read this file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::error(path, "this file is not UTF-8 text")
            .at(line, column)
            .expected("UTF-8, the encoding that keeps Vietnamese letters intact")
            .help("in your editor choose \"Save with encoding: UTF-8\" (files saved as Windows-1258 or TCVN3 must be converted)")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Parses a YAML file into `T`.
pub fn parse_yaml<T: DeserializeOwned>(file: SourceFile) -> Result<Parsed<T>, Diagnostic> {
    match parse_yaml_text(&file.path, &file.text, 1) {
        Ok(data) => Ok(Parsed { file, data }),
        Err(d) => Err(d),
    }
}

/// Parses YAML `text` that starts at line `first_line` of `path`.
pub fn parse_yaml_text<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "this file is empty")
            .at(first_line, 1)
            .help("fill it in (see the content format in docs/content-format.md) or delete it"));
    }
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(path, &e, first_line, Some(text)))
}

/// Turns a serde_yaml error into a diagnostic pointing at the right line of the whole file.
pub fn yaml_diagnostic(
    path: &Path,
    err: &serde_yaml::Error,
    first_line: usize,
    source_text: Option<&str>,
) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (key, detail) = match message.split_once(": ") {
        Some((k, rest)) if !k.contains(' ') && !k.is_empty() => {
            (Some(k.to_string()), rest.to_string())
        }
        _ => (None, message.clone()),
    };
    let mut d = Diagnostic::error(path, describe_yaml_problem(&detail));
    d = d.found(detail.clone());
    if let Some(loc) = err.location() {
        d = d.at(loc.line() + first_line - 1, loc.column());
    }
    // serde_yaml points a duplicate at the start of its block; point at the second occurrence.
    if let Some(dup) = duplicated_key(&detail)
        && let Some(text) = source_text
        && let Some((line, col)) =
            crate::locate::second_occurrence(text, dup, d.line.map_or(1, |l| l + 1 - first_line))
    {
        d = d.at(line + first_line - 1, col);
    }
    if let Some(k) = key {
        d = d.key(k);
    }
    d.help_opt(yaml_help(&detail))
}

/// The key named by a "duplicate field `x`" or "duplicate entry with key \"x\"" message.
fn duplicated_key(detail: &str) -> Option<&str> {
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        return rest.split('`').next();
    }
    detail
        .strip_prefix("duplicate entry with key \"")
        .and_then(|r| r.split('"').next())
}

fn describe_yaml_problem(detail: &str) -> String {
    if detail.starts_with("unknown field") {
        "unknown key".into()
    } else if detail.starts_with("missing field") {
        "a required key is missing".into()
    } else if detail.starts_with("duplicate entry") || detail.starts_with("duplicate field") {
        "the same key appears twice".into()
    } else if detail.starts_with("invalid type") {
        "wrong kind of value".into()
    } else if detail.starts_with("unknown variant") {
        "value not allowed here".into()
    } else {
        "the YAML syntax is broken".into()
    }
}

fn yaml_help(detail: &str) -> Option<String> {
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (found, rest) = rest.split_once('`')?;
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        return Some(
            did_you_mean(found, known.iter().copied())
                .map(|s| format!("{s} (allowed keys: {})", known.join(", ")))
                .unwrap_or_else(|| format!("remove it; allowed keys here: {}", known.join(", "))),
        );
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let name = rest.split('`').next()?;
        return Some(format!("add `{name}:` with its value"));
    }
    if detail.starts_with("duplicate entry") || detail.starts_with("duplicate field") {
        return Some("keep one of the two lines and delete the other".into());
    }
    if detail.contains("mapping values are not allowed")
        || detail.contains("did not find expected key")
    {
        return Some("check the indentation (spaces only, the same depth for keys of one block) and put quotes around text that contains `:` or `#`".into());
    }
    if detail.contains("found character that cannot start any token")
        || detail.contains("tab character")
    {
        return Some("YAML does not allow tab characters for indentation; use spaces".into());
    }
    None
}

/// Splits `---` front matter from a Markdown file and parses it.
pub fn parse_document<T: DeserializeOwned>(file: SourceFile) -> Result<Document<T>, Diagnostic> {
    let Some((front, body, body_line)) = split_front_matter(&file.text) else {
        return Err(Diagnostic::error(&file.path, "front matter is missing or not closed")
            .at(1, 1)
            .expected("the file to start with a line `---`, the YAML keys (title, …), then a line `---`, then the text")
            .help("add the two `---` lines around the front matter"));
    };
    let meta = parse_yaml_text(&file.path, front, 2)?;
    Ok(Document {
        meta,
        body: body.to_string(),
        body_line,
        file,
    })
}

/// `(front matter, body, first body line)` when the text starts with a `---` block.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body, i + 3));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let p = |s: &str| classify(&s.split('/').map(String::from).collect::<Vec<_>>());
        assert_eq!(p("site.yaml"), Ok(Place::Site));
        assert_eq!(
            p("pages/about.vi.md"),
            Ok(Place::Page {
                id: "about".into(),
                lang: "vi".into()
            })
        );
        assert_eq!(
            p("communes/nghe-an/dien-chau/data/2026-01.yaml"),
            Ok(Place::Period {
                province: "nghe-an".into(),
                commune: "dien-chau".into(),
                id: "2026-01".into()
            })
        );
        assert_eq!(
            p("communes/nghe-an/dien-chau/data/2026-01.yml"),
            Err("rename it to `2026-01.yaml`".into())
        );
        assert_eq!(
            p("communes/nghe-an/_provinces.yaml"),
            Err("did you mean `_province.yaml`?".into())
        );
    }

    #[test]
    fn suggests_ids_for_bad_names() {
        assert_eq!(suggest_id("Diễn Châu"), "dien-chau");
        assert_eq!(suggest_id("Bad_Name"), "bad_name");
        assert_eq!(
            invalid_id_in(&Place::Province {
                province: "Nghệ An".into()
            }),
            Some("Nghệ An".into())
        );
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let (front, body, line) =
            split_front_matter("---\ntitle: x\ndate: y\n---\nHello\n").unwrap();
        assert_eq!(front, "title: x\ndate: y\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let err = parse_yaml_text::<RawProvince>(
            Path::new("p.yaml"),
            "name: A\nkind: tinh\ncolour: red\n",
            1,
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown key");
        assert_eq!(err.line, Some(3));
        // front matter starts on line 2 of a Markdown file
        let err = parse_yaml_text::<RawProvince>(Path::new("r.md"), "name: A\n", 2).unwrap_err();
        assert_eq!(err.message, "a required key is missing");
        assert!(err.help.unwrap().contains("`kind:`"));
        let err = parse_yaml_text::<RawProvince>(
            Path::new("p.yaml"),
            "name: A\nname: B\nkind: tinh\n",
            1,
        )
        .unwrap_err();
        assert_eq!(err.message, "the same key appears twice");
        assert_eq!(err.line, Some(2));
    }
}
