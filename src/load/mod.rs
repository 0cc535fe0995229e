//! Stage 1 — load: walk `content/`, read every file (in parallel) and parse it with serde_yaml.
//!
//! Nothing here checks meaning; it only turns bytes into raw structs, and every file that
//! cannot be read or parsed becomes a diagnostic with its line and column.

pub mod keys;
pub mod limits;
pub mod locate;
pub mod raw;

mod files;
mod read;
mod walk;

pub use files::{CommuneFiles, Document, Parsed, SourceFile, Stamp};
pub use read::{
    normalize_newlines, parse_document, parse_yaml, parse_yaml_text, read_source, yaml_diagnostic,
};
pub use walk::Recall;

use crate::base::diagnostics::{Diagnostic, Diagnostics, t};
use raw::*;
use rayon::prelude::*;
use read::{Item, read_item};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use walk::{Listed, commune_folder, walk};

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
    /// `(release id, file)`.
    pub releases: Vec<(String, Parsed<RawRelease>)>,
    /// Every commune folder's files with their sizes and times, as the walk listed them.
    pub commune_files: Vec<CommuneFiles>,
    /// `(province, commune)` of the communes whose files were not read because `reuse` had
    /// what an earlier build checked from exactly those files (see [`load_reusing`]).
    pub reused: Vec<(String, String)>,
    /// Province and commune folders seen, to report folders without their YAML file.
    pub folders: Vec<(String, Option<String>, PathBuf)>,
    /// Every file read, by path relative to the content folder, with a hash of its text: what
    /// an incremental build compares with the previous build's inputs.
    pub fingerprints: Vec<(String, [u8; 32])>,
    /// Problems found while reading and parsing.
    pub diagnostics: Diagnostics,
}

/// A time as seconds and nanoseconds since 1970 (`None` before it).
pub fn since_epoch(time: std::time::SystemTime) -> Option<(u64, u32)> {
    let d = time.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((d.as_secs(), d.subsec_nanos()))
}

/// Says which communes need not be read: an incremental build's cache of checked content.
pub trait Reuse: Sync {
    /// For each of `communes`, true when an earlier build's result for exactly these files can
    /// stand in for reading them. `site` holds the fingerprints of the files outside commune
    /// folders (`site.yaml`, `indicators.yaml`, `_province.yaml`…), which are always read first.
    fn reusable(&self, site: &[(String, [u8; 32])], communes: &[CommuneFiles]) -> Vec<bool>;
}

/// Reads every file.
pub struct ReadAll;

impl Reuse for ReadAll {
    fn reusable(&self, _: &[(String, [u8; 32])], communes: &[CommuneFiles]) -> Vec<bool> {
        vec![false; communes.len()]
    }
}

/// What a walk listed in each commune folder, by `(province, commune)`: each file's stamp
/// (but a folder with a walk problem, so that it is reported again). Made on a thread of its
/// own from the walk's entries: freeing those entries (a million allocations at national
/// scale) took one core a tenth of a second while the build waited.
pub struct FolderStamps(Kept);

impl FolderStamps {
    /// The stamps, once made. A thread that failed leaves none: every folder is listed.
    pub fn into_map(self) -> ByCommune {
        self.0.into_ready()
    }

    /// Stamps already made.
    pub fn ready(stamps: ByCommune) -> Self {
        FolderStamps(Kept::Ready(stamps))
    }
}

/// Each commune folder's stamps, by `(province, commune)`.
pub type ByCommune = HashMap<(String, String), Vec<Stamp>>;

/// The stamps, or the thread still making them from the walk's entries: freeing those
/// entries (a million allocations at national scale) took one core a tenth of a second while
/// the build waited.
enum Kept {
    Ready(ByCommune),
    Making(std::thread::JoinHandle<ByCommune>),
}

impl Default for Kept {
    fn default() -> Self {
        Kept::Ready(ByCommune::new())
    }
}

impl Kept {
    /// The stamps, once made. A thread that failed leaves none: every folder is listed.
    fn into_ready(self) -> ByCommune {
        match self {
            Kept::Ready(communes) => communes,
            Kept::Making(thread) => thread.join().unwrap_or_default(),
        }
    }
}

/// Reads and parses every content file under `root`.
pub fn load(root: &Path) -> Loaded {
    load_reusing(root, &ReadAll)
}

/// [`load`], except the files of the communes that `reuse` finds unchanged: they are listed
/// (so new and removed files are seen) but not read; [`Loaded::reused`] names those communes.
pub fn load_reusing(root: &Path, reuse: &dyn Reuse) -> Loaded {
    load_listing(root, reuse, None).0
}

/// [`load_reusing`], taking from `recall` what the last walk listed in the commune folders it
/// holds (the caller vouches that nothing was added, removed or changed in them since that
/// walk began), and giving back what this walk listed in each commune folder.
pub fn load_recalling(
    root: &Path,
    reuse: &dyn Reuse,
    recall: &dyn Recall,
) -> (Loaded, FolderStamps) {
    let (loaded, stamps) = load_listing(root, reuse, Some(recall));
    (loaded, stamps.unwrap_or(FolderStamps(Kept::default())))
}

fn load_listing(
    root: &Path,
    reuse: &dyn Reuse,
    recall: Option<&dyn Recall>,
) -> (Loaded, Option<FolderStamps>) {
    let keep = recall.is_some();
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        ..Default::default()
    };
    if !root.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error(
                root,
                t(
                    "the content folder does not exist",
                    "không có thư mục nội dung này",
                ),
            )
            .expected(t(
                "a folder holding site.yaml, indicators.yaml, communes/ and pages/",
                "một thư mục chứa site.yaml, indicators.yaml, communes/ và pages/",
            ))
            .help(t(
                "run minhbach from your site folder, or pass --content DIR",
                "chạy minhbach trong thư mục của trang, hoặc chỉ rõ --content THƯ_MỤC",
            )),
        );
        return (loaded, None);
    }
    let (files, walk_problems) = walk(root, &mut loaded.folders, recall);
    // A commune folder with a problem is listed again at each walk, to report it again.
    let troubled: HashSet<(String, String)> = walk_problems
        .iter()
        .filter_map(|d| commune_folder(root, &d.file))
        .collect();
    loaded.diagnostics.extend(walk_problems);
    let rel = |path: &Path| {
        let rel = path.strip_prefix(root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    };

    // Site-wide files first: what a commune's checks depend on is among them.
    // Results by index in the walk's list: only the files read (a few thousand of 270,000 in
    // an update) have one.
    type Read = (usize, Result<(Item, [u8; 32]), Vec<Diagnostic>>);
    let read = |todo: &[usize]| -> Vec<Read> {
        todo.par_iter()
            .map(|&i| (i, read_item(&files[i].0, files[i].1.clone())))
            .collect()
    };
    let site_wide: Vec<usize> = (0..files.len()).filter(|&i| files[i].2.is_none()).collect();
    let mut results = read(&site_wide);
    let site_fingerprints: Vec<(String, [u8; 32])> = results
        .iter()
        .filter_map(|(i, result)| match result {
            Ok((_, hash)) => Some((rel(&files[*i].0), *hash)),
            _ => None,
        })
        .collect();
    loaded.commune_files = commune_files(&files);
    let reusable = reuse.reusable(&site_fingerprints, &loaded.commune_files);
    let skip: std::collections::HashSet<(&str, &str)> = loaded
        .commune_files
        .iter()
        .zip(&reusable)
        .filter(|(_, reusable)| **reusable)
        .map(|(c, _)| (c.province.as_str(), c.commune.as_str()))
        .collect();
    let rest: Vec<usize> = (0..files.len())
        .filter(|&i| match &files[i].2 {
            Some((p, c, _)) => !skip.contains(&(p.as_str(), c.as_str())),
            None => false,
        })
        .collect();
    results.extend(read(&rest));
    // In the walk's order, as a full build reads them.
    results.sort_unstable_by_key(|(i, _)| *i);
    loaded.reused = skip
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect();
    loaded.reused.sort();
    for (i, result) in results {
        match result {
            Ok((item, hash)) => {
                loaded.add(item);
                loaded.fingerprints.push((rel(&files[i].0), hash));
            }
            Err(problems) => loaded.diagnostics.extend(problems),
        }
    }
    let listings = match keep {
        true => Some(FolderStamps(Kept::Making(std::thread::spawn(move || {
            folder_stamps(files, &troubled)
        })))),
        false => {
            // Freeing the walk's 270,000 entries, a million allocations, took one core a
            // tenth of a second while the other waited: another thread does it, meanwhile.
            std::thread::spawn(move || drop(files));
            None
        }
    };
    for (name, present) in [
        ("site.yaml", loaded.site.is_some()),
        ("indicators.yaml", loaded.catalogue.is_some()),
    ] {
        let path = root.join(name);
        if !present && !path.exists() {
            loaded.diagnostics.push(
                Diagnostic::error(&path, t(format!("{name} is missing"), format!("thiếu tệp {name}")))
                    .help(t("every site needs content/site.yaml and content/indicators.yaml (see docs/content-format.md)", "trang nào cũng cần content/site.yaml và content/indicators.yaml (xem docs/content-format.md)")),
            );
        }
    }
    (loaded, listings)
}

/// The stamps of the walk's entries by commune folder, for the next walk, but the `troubled`
/// folders'.
fn folder_stamps(files: Vec<Listed>, troubled: &HashSet<(String, String)>) -> ByCommune {
    let mut communes = ByCommune::new();
    // A commune's entries follow one another in the walk's order.
    let mut run: Option<((String, String), Vec<Stamp>)> = None;
    for (_, _, commune) in files {
        let Some((p, c, stamp)) = commune else {
            continue;
        };
        match &mut run {
            Some((key, list)) if key.0 == p && key.1 == c => list.push(stamp),
            _ => {
                if let Some((key, list)) = run.replace(((p, c), vec![stamp])) {
                    communes.insert(key, list);
                }
            }
        }
    }
    if let Some((key, list)) = run {
        communes.insert(key, list);
    }
    communes.retain(|key, _| !troubled.contains(key));
    communes
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
            Item::Release(a, p) => self.releases.push((a, p)),
        }
    }
}

/// Groups the commune files of `files` by commune folder, in the order listed.
fn commune_files(files: &[Listed]) -> Vec<CommuneFiles> {
    let mut out: Vec<CommuneFiles> = Vec::new();
    for (_, _, commune) in files {
        let Some((p, c, stamp)) = commune else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.province == *p && last.commune == *c => {
                last.stamps.push(stamp.clone())
            }
            _ => out.push(CommuneFiles {
                province: p.clone(),
                commune: c.clone(),
                stamps: vec![stamp.clone()],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use walk::{Place, classify};

    #[test]
    fn commune_files_are_grouped_by_folder_in_order() {
        let listed = |rel: &str| -> Listed {
            let parts: Vec<String> = rel.split('/').map(String::from).collect();
            let place = classify(&parts).unwrap();
            let commune = match &place {
                Place::Commune { province, commune }
                | Place::Period {
                    province, commune, ..
                } => Some((
                    province.clone(),
                    commune.clone(),
                    Stamp {
                        rel: rel.into(),
                        len: 1,
                        modified: None,
                    },
                )),
                _ => None,
            };
            (PathBuf::from(rel), place, commune)
        };
        let files = [
            listed("communes/p/_province.yaml"),
            listed("communes/p/a/commune.yaml"),
            listed("communes/p/a/data/1.yaml"),
            listed("communes/p/b/commune.yaml"),
            listed("site.yaml"),
        ];
        let grouped = commune_files(&files);
        let names: Vec<(&str, usize)> = grouped
            .iter()
            .map(|c| (c.commune.as_str(), c.stamps.len()))
            .collect();
        assert_eq!(names, vec![("a", 2), ("b", 1)]);
        assert_eq!(grouped[0].stamps[1].rel, "communes/p/a/data/1.yaml");
    }

    /// Gives back, once each, the stamps it holds.
    struct Held(Mutex<ByCommune>);

    impl Recall for Held {
        fn take(&self, province: &str, commune: &str) -> Option<Vec<Stamp>> {
            let key = (province.to_string(), commune.to_string());
            self.0.lock().unwrap().remove(&key)
        }
    }

    #[test]
    fn a_walk_that_recalls_its_stamps_lists_what_a_walk_of_the_disk_lists() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "site.yaml",
            "communes/p/_province.yaml",
            "communes/p/a/commune.yaml",
            "communes/p/a/data/2026-01.yaml",
            "communes/p/a/reports/2026-q1.md",
            "communes/p/b/commune.yaml",
            "communes/p/b/data/2026-01.yaml",
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x: 1\n").unwrap();
        }
        let (walked, problems) = walk(root, &mut Vec::new(), None);
        assert!(problems.is_empty(), "{problems:?}");
        let stamps = folder_stamps(walked.clone(), &HashSet::new());
        assert_eq!(stamps.len(), 2);
        // a new file in a folder the recall holds is not seen: the caller vouches for it
        std::fs::write(root.join("communes/p/a/data/2026-02.yaml"), "x: 1\n").unwrap();
        let held = Held(Mutex::new(stamps));
        let (again, problems) = walk(root, &mut Vec::new(), Some(&held));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(again, walked);
        assert!(held.0.lock().unwrap().is_empty(), "every folder was taken");
    }
}
