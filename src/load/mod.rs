//! Stage 1 — load: walk `content/`, read every file (in parallel) and parse it with serde_yaml.
//!
//! Nothing here checks meaning; it only turns bytes into raw structs, and every file that
//! cannot be read or parsed becomes a diagnostic with its line and column.

pub mod limits;
pub mod locate;
pub mod raw;

use crate::base::diagnostics::{Diagnostic, Diagnostics, Text, did_you_mean, t};
use crate::load::limits::{
    MAX_FILE_BYTES, MAX_NESTING, MAX_RELEASE_BYTES, MAX_TEXT_BYTES, MAX_TEXT_LINES,
};
use crate::load::raw::*;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use walkdir::WalkDir;

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
    Release {
        id: String,
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

/// A file's size and modification time when the walk listed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    /// Path relative to the content folder, `/`-separated.
    pub rel: String,
    /// Size in bytes.
    pub len: u64,
    /// Seconds and nanoseconds since 1970; `None` when the system gave no usable time.
    pub modified: Option<(u64, u32)>,
}

impl Stamp {
    fn of(rel: String, meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            rel,
            len: meta.len(),
            modified: meta.modified().ok().and_then(since_epoch),
        }
    }
}

/// A time as seconds and nanoseconds since 1970 (`None` before it).
pub fn since_epoch(time: std::time::SystemTime) -> Option<(u64, u32)> {
    let d = time.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some((d.as_secs(), d.subsec_nanos()))
}

/// The files of one commune folder (`commune.yaml`, `data/*.yaml`, `reports/*.md`), in the
/// order the walk listed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneFiles {
    /// Province folder.
    pub province: String,
    /// Commune folder.
    pub commune: String,
    /// Each file's size and time.
    pub stamps: Vec<Stamp>,
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

enum Item {
    Site(Parsed<RawSite>),
    Catalogue(Parsed<RawCatalogue>),
    Province(String, Parsed<RawProvince>),
    Commune(String, String, Parsed<RawCommune>),
    Period(String, String, String, Parsed<RawPeriodFile>),
    Report(String, String, String, Document<RawReportMeta>),
    Page(String, String, Document<RawPageMeta>),
    Release(String, Parsed<RawRelease>),
}

/// What a walk listed in each commune folder, kept by a process that builds the same content
/// again and again (`serve`) and is told of every change by a file watcher: its next walk
/// lists again only the commune folders where something changed ([`Changed`]). At national
/// scale, listing the 270,000 files and reading each one's size and time is most of an
/// update's load.
///
/// Only each file's [`Stamp`] is kept: its path, place and commune are read from the stamp's
/// path again when the folder is recalled. The walk's entries held six more strings each,
/// about 240 MB for 270,000 files, for as long as the server ran; the stamps take a tenth.
#[derive(Default)]
pub struct Listings {
    communes: Kept,
    /// How many of them the walk that made these took from the listings before it.
    recalled: usize,
}

/// The kept listings, or the thread still making them from the walk's entries: freeing those
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
    /// The listings, once made. A thread that failed leaves none: every folder is listed.
    fn into_ready(self) -> ByCommune {
        match self {
            Kept::Ready(communes) => communes,
            Kept::Making(thread) => thread.join().unwrap_or_default(),
        }
    }
}

impl Listings {
    /// How many commune folders are held.
    pub fn communes(&mut self) -> usize {
        let communes = std::mem::take(&mut self.communes).into_ready();
        let held = communes.len();
        self.communes = Kept::Ready(communes);
        held
    }

    /// How many commune folders the walk that made these did not list itself but took from
    /// the listings before it: when any, what it found is only as true as the changes it was
    /// told of.
    pub fn recalled(&self) -> usize {
        self.recalled
    }
}

/// What a walk listed in each commune folder, by `(province, commune)`: each file's stamp.
type ByCommune = HashMap<(String, String), Vec<Stamp>>;

/// Which commune folders may have changed since a walk began, from a file watcher's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Anything may have (the watcher lost track): every folder is listed again.
    All,
    /// Only what is in these `(province, commune)` folders; the files outside commune folders
    /// are listed at every walk anyway.
    Communes(HashSet<(String, String)>),
}

impl Default for Changed {
    fn default() -> Self {
        Changed::Communes(HashSet::new())
    }
}

impl Changed {
    /// Notes a change at `rel`, relative to the content folder. A change to a province folder,
    /// `communes/` or the content folder itself (created, removed or renamed as a whole) may
    /// have replaced any commune folder under it.
    pub fn note(&mut self, rel: &Path) {
        let Changed::Communes(communes) = self else {
            return;
        };
        let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
        match parts.as_deref() {
            Some(["communes", province, commune, ..]) => {
                communes.insert((province.to_string(), commune.to_string()));
            }
            Some(["communes", ..] | []) | None => *self = Changed::All,
            Some(_) => {}
        }
    }
}

/// Listings of the last walk that a walk may take instead of listing a commune folder again,
/// and how many it took.
struct Recall(Mutex<(ByCommune, usize)>);

impl Recall {
    /// What `listings` hold for the folders that `changed` does not name.
    fn new(listings: Listings, changed: &Changed) -> Recall {
        let mut communes = listings.communes.into_ready();
        match changed {
            Changed::All => communes.clear(),
            Changed::Communes(names) => {
                for name in names {
                    communes.remove(name);
                }
            }
        }
        Recall(Mutex::new((communes, 0)))
    }

    /// The entries a walk of the folder `province/commune` listed last time, made again from
    /// their stamps under `root`; `None` when not held (the folder is then listed).
    fn take(&self, root: &Path, province: &str, commune: &str) -> Option<Vec<Listed>> {
        let stamps = {
            let mut recall = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let stamps = recall
                .0
                .remove(&(province.to_string(), commune.to_string()))?;
            recall.1 += 1;
            stamps
        };
        let dir = root.join("communes").join(province).join(commune);
        stamps
            .into_iter()
            .map(|stamp| relisted(&dir, province, commune, stamp))
            .collect()
    }

    fn taken(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).1
    }
}

/// The walk's entry for a file of the commune folder `dir` (`province/commune`) from its
/// stamp: the same path, place and commune as when the walk listed it. `None` if the stamp's
/// path names no file of that commune, which a stamp the walk made always does.
fn relisted(dir: &Path, province: &str, commune: &str, stamp: Stamp) -> Option<Listed> {
    let mut parts = stamp.rel.split('/');
    if (parts.next()?, parts.next()?, parts.next()?) != ("communes", province, commune) {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    let place = in_commune(province, commune, &rest)?.ok()?;
    let mut path = PathBuf::with_capacity(dir.as_os_str().len() + stamp.rel.len());
    path.push(dir);
    rest.iter().for_each(|part| path.push(part));
    Some((
        path,
        place,
        Some((province.to_owned(), commune.to_owned(), stamp)),
    ))
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

/// [`load_reusing`], taking from `listings` what the last walk listed in the commune folders
/// that `changed` does not name (the caller vouches that it names every folder where a file
/// was added, removed or changed since that walk began), and giving back this walk's.
pub fn load_keeping(
    root: &Path,
    reuse: &dyn Reuse,
    listings: Listings,
    changed: &Changed,
) -> (Loaded, Listings) {
    let (loaded, listings) = load_listing(root, reuse, Some(Recall::new(listings, changed)));
    (loaded, listings.unwrap_or_default())
}

fn load_listing(
    root: &Path,
    reuse: &dyn Reuse,
    recall: Option<Recall>,
) -> (Loaded, Option<Listings>) {
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
    let (files, walk_problems) = walk(root, &mut loaded.folders, recall.as_ref());
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
        true => Some(Listings {
            recalled: recall.as_ref().map_or(0, Recall::taken),
            communes: Kept::Making(std::thread::spawn(move || listings(files, &troubled))),
        }),
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

/// `(province, commune)` of the commune folder that `path` (under the content folder `root`)
/// is in or is.
fn commune_folder(root: &Path, path: &Path) -> Option<(String, String)> {
    let parts = rel_parts(root, path)?;
    match parts.as_slice() {
        [communes, province, commune, ..] if communes == "communes" => {
            Some((province.clone(), commune.clone()))
        }
        _ => None,
    }
}

/// The stamps of the walk's entries by commune folder, for the next walk, but the `troubled`
/// folders'.
fn listings(files: Vec<Listed>, troubled: &HashSet<(String, String)>) -> ByCommune {
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

/// A listed content file: its path, where it belongs and, for a commune's file, the commune
/// `(province, commune)` with the file's size and time.
type Listed = (PathBuf, Place, Option<(String, String, Stamp)>);

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

/// What a walk found, in the order a sorted walk lists it.
#[derive(Default)]
struct Walked {
    files: Vec<Listed>,
    problems: Vec<Diagnostic>,
    folders: Vec<(String, Option<String>, PathBuf)>,
}

/// Where a province's folder was met in the walk of everything else: how much of each list
/// came before it.
struct Split {
    dir: PathBuf,
    files: usize,
    problems: usize,
    folders: usize,
}

/// Lists content files in a stable order and says where each belongs. The provinces' folders,
/// which hold nearly every file, are walked in parallel and put back where a walk of the whole
/// tree would have listed them.
fn walk(
    root: &Path,
    folders: &mut Vec<(String, Option<String>, PathBuf)>,
    recall: Option<&Recall>,
) -> (Vec<Listed>, Vec<Diagnostic>) {
    let mut top = Walked::default();
    let mut splits = Vec::new();
    walk_from(
        root,
        root,
        Start::Itself,
        &mut top,
        Some(&mut splits),
        recall,
    );
    let provinces: Vec<Walked> = splits
        .par_iter()
        .map(|split| {
            let mut walked = Walked::default();
            walk_from(root, &split.dir, Start::Inside, &mut walked, None, recall);
            walked
        })
        .collect();
    // Sized once: the lists hold 270,000 entries at national scale, and growing them moved
    // every entry again at each doubling, on one thread.
    let mut all = Walked {
        files: Vec::with_capacity(
            top.files.len() + provinces.iter().map(|w| w.files.len()).sum::<usize>(),
        ),
        problems: Vec::with_capacity(
            top.problems.len() + provinces.iter().map(|w| w.problems.len()).sum::<usize>(),
        ),
        folders: Vec::with_capacity(
            top.folders.len() + provinces.iter().map(|w| w.folders.len()).sum::<usize>(),
        ),
    };
    let (mut files, mut problems, mut folder_list) = (
        top.files.into_iter(),
        top.problems.into_iter(),
        top.folders.into_iter(),
    );
    let mut done = (0, 0, 0);
    for (split, walked) in splits.iter().zip(provinces) {
        all.files.extend(files.by_ref().take(split.files - done.0));
        all.problems
            .extend(problems.by_ref().take(split.problems - done.1));
        all.folders
            .extend(folder_list.by_ref().take(split.folders - done.2));
        done = (split.files, split.problems, split.folders);
        all.files.extend(walked.files);
        all.problems.extend(walked.problems);
        all.folders.extend(walked.folders);
    }
    all.files.extend(files);
    all.problems.extend(problems);
    all.folders.extend(folder_list);
    folders.extend(all.folders);
    (all.files, all.problems)
}

/// How much of its start a walk lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// The start itself and everything under it.
    Itself,
    /// Only what is under the start: the folder itself was met by the walk that handed it on.
    Inside,
}

/// Walks `start` (the content folder `root`, a province's folder in it, or anything in a
/// commune's folder) into `out`. With `splits`, each valid province folder is left out and
/// noted there, to be walked apart. A commune folder that `recall` holds is taken from it.
fn walk_from(
    root: &Path,
    start: &Path,
    from: Start,
    out: &mut Walked,
    mut splits: Option<&mut Vec<Split>>,
    recall: Option<&Recall>,
) {
    let walker = WalkDir::new(start)
        .follow_links(false)
        // A link handed on from a commune's folder is reported, not followed.
        .follow_root_links(start == root)
        .min_depth(usize::from(from == Start::Inside))
        .sort_by_file_name()
        .into_iter();
    // The start is walked whatever its name: a content folder may itself be hidden.
    let mut walker = walker.filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                out.problems.push(Diagnostic::error(
                    path,
                    t(
                        format!("cannot read this folder: {err}"),
                        format!("không đọc được thư mục này: {err}"),
                    ),
                ));
                continue;
            }
        };
        let path = entry.path();
        let Some(parts) = rel_parts(root, path) else {
            continue;
        };
        if entry.path_is_symlink() {
            out.problems.push(
                Diagnostic::error(
                    path,
                    t(
                        "symbolic links are not followed in the content folder",
                        "thư mục nội dung không được chứa liên kết tượng trưng (symlink)",
                    ),
                )
                .help(t(
                    "replace the link with the file or folder itself",
                    "thay liên kết bằng chính tệp hoặc thư mục đó",
                )),
            );
            continue;
        }
        if entry.file_type().is_dir() {
            let id_folder = parts.first().map(String::as_str) == Some("communes")
                && (parts.len() == 2 || parts.len() == 3);
            if id_folder && !crate::base::ids::is_valid_id(&parts[parts.len() - 1]) {
                // One error for the folder, not one for every file inside it.
                out.problems
                    .push(invalid_name(path, &parts[parts.len() - 1]));
                walker.skip_current_dir();
                continue;
            }
            if id_folder {
                out.folders
                    .push((parts[1].clone(), parts.get(2).cloned(), path.to_path_buf()));
            }
            if id_folder && parts.len() == 3 {
                walker.skip_current_dir();
                match recall.and_then(|r| r.take(root, &parts[1], &parts[2])) {
                    Some(listed) => out.files.extend(listed),
                    None => walk_commune(root, path, out),
                }
                continue;
            }
            if let Some(splits) = splits.as_deref_mut()
                && id_folder
                && parts.len() == 2
            {
                splits.push(Split {
                    dir: path.to_path_buf(),
                    files: out.files.len(),
                    problems: out.problems.len(),
                    folders: out.folders.len(),
                });
                walker.skip_current_dir();
            }
            continue;
        }
        visit_file(path, parts, || entry.metadata().ok(), out);
    }
}

/// Walks a commune's folder. Its `data/` and `reports/` folders are listed here rather than
/// by walkdir, which reads every folder it meets, even one it is told to skip: each listing
/// of 270,000 files would be read twice. Anything else goes to walkdir as anywhere.
fn walk_commune(root: &Path, dir: &Path, out: &mut Walked) {
    let Some(names) = sorted_names(dir) else {
        // walkdir says what is wrong with the folder, as for any other
        walk_from(root, dir, Start::Inside, out, None, None);
        return;
    };
    for (name, kind) in names {
        let path = dir.join(&name);
        let Some(parts) = rel_parts(root, &path) else {
            continue;
        };
        if kind.is_file() {
            // `commune.yaml`: visited directly, without a walker of its own
            visit_file(&path, parts, || std::fs::symlink_metadata(&path).ok(), out);
            continue;
        }
        // A link is not a folder here: walkdir reports it.
        let leaf = kind.is_dir() && matches!(name.to_str(), Some("data" | "reports"));
        let files = leaf.then(|| plain_files(&path)).flatten();
        let Some(files) = files else {
            walk_from(root, &path, Start::Itself, out, None, None);
            continue;
        };
        for (file, meta) in files {
            let mut file_parts = parts.clone();
            file_parts.push(file);
            let file = path.join(&file_parts[file_parts.len() - 1]);
            visit_file(&file, file_parts, || Some(meta), out);
        }
    }
}

/// The names in `dir` but hidden ones, with their types (links not followed), sorted as
/// walkdir sorts them; `None` when it cannot be read.
fn sorted_names(dir: &Path) -> Option<Vec<(std::ffi::OsString, std::fs::FileType)>> {
    let mut names = Vec::new();
    for item in std::fs::read_dir(dir).ok()? {
        let item = item.ok()?;
        let name = item.file_name();
        if !is_hidden(&name) {
            names.push((name, item.file_type().ok()?));
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    Some(names)
}

/// The components of `path` relative to the content folder `root`.
fn rel_parts(root: &Path, path: &Path) -> Option<Vec<String>> {
    let rel = path.strip_prefix(root).ok()?;
    Some(
        rel.iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect(),
    )
}

/// Files of a commune's `data/` or `reports/` folder, each with its size and time, sorted by
/// name; `None` when the folder holds anything but plain files (then the walk goes into it as
/// anywhere else). Their times are read relative to the folder, not along the whole path from
/// the content folder: the 270,000 files of a national five-year site are most of a walk.
fn plain_files(dir: &Path) -> Option<Vec<(String, std::fs::Metadata)>> {
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir).ok()? {
        let item = item.ok()?;
        if is_hidden(&item.file_name()) {
            continue;
        }
        if !item.file_type().ok()?.is_file() {
            return None;
        }
        let name = item.file_name().into_string().ok()?;
        files.push((name, item.metadata().ok()?));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Some(files)
}

/// Lists one content file found at `path` (`parts` relative to the content folder), or the
/// problem with where it is; `meta` gives its size and time when it belongs to a commune.
fn visit_file(
    path: &Path,
    parts: Vec<String>,
    meta: impl FnOnce() -> Option<std::fs::Metadata>,
    out: &mut Walked,
) {
    match classify(&parts) {
        Ok(place) => match invalid_id_in(&place) {
            Some(bad) => out.problems.push(
                invalid_name(path, &bad),
            ),
            None => {
                let commune = match &place {
                    Place::Commune { province, commune }
                    | Place::Period { province, commune, .. }
                    | Place::Report { province, commune, .. } => {
                        // A file whose size and time cannot be had is never reused.
                        let stamp = match meta() {
                            Some(meta) => Stamp::of(parts.join("/"), &meta),
                            None => Stamp { rel: parts.join("/"), len: 0, modified: None },
                        };
                        Some((province.clone(), commune.clone(), stamp))
                    }
                    _ => None,
                };
                out.files.push((path.to_path_buf(), place, commune))
            }
        },
        Err(help) => out.problems.push(
            Diagnostic::error(path, t("this file is not in a place minhbach reads", "tệp này nằm ở chỗ minhbach không đọc"))
                .expected(t("content/site.yaml, content/indicators.yaml, content/pages/<page-id>.<lang>.md, content/releases/<release-id>.yaml, content/communes/<province>/_province.yaml, content/communes/<province>/<commune>/commune.yaml, …/data/<period-id>.yaml or …/reports/<report-id>.md", "content/site.yaml, content/indicators.yaml, content/pages/<mã-trang>.<ngôn-ngữ>.md, content/releases/<mã-đợt>.yaml, content/communes/<tỉnh>/_province.yaml, content/communes/<tỉnh>/<xã>/commune.yaml, …/data/<mã-kỳ>.yaml hoặc …/reports/<mã-báo-cáo>.md"))
                .help(help),
        ),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != ".")
}

/// Where a file at `rest` in the commune folder `province/commune` belongs, or advice when
/// its name is wrong; `None` when `rest` is no place for a commune's file.
fn in_commune(province: &str, commune: &str, rest: &[&str]) -> Option<Result<Place, Text>> {
    let (province, commune) = (province.to_owned(), commune.to_owned());
    Some(match rest {
        ["commune.yaml"] => Ok(Place::Commune { province, commune }),
        ["data", name] => match name.strip_suffix(".yaml") {
            Some(id) => Ok(Place::Period {
                province,
                commune,
                id: id.to_owned(),
            }),
            None => Err(wrong_extension(name, ".yaml")),
        },
        ["reports", name] => match name.strip_suffix(".md") {
            Some(id) => Ok(Place::Report {
                province,
                commune,
                id: id.to_owned(),
            }),
            None => Err(wrong_extension(name, ".md")),
        },
        _ => return None,
    })
}

/// Where a file at `parts` (relative path components) belongs, or advice when nowhere.
fn classify(parts: &[String]) -> Result<Place, Text> {
    let strs: Vec<&str> = parts.iter().map(String::as_str).collect();
    if let ["communes", p, c, rest @ ..] = strs.as_slice()
        && let Some(place) = in_commune(p, c, rest)
    {
        return place;
    }
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
                None => Err(t(
                    format!("name free pages <page-id>.<lang>.md, e.g. `{base}.vi.md`"),
                    format!("đặt tên trang <mã-trang>.<ngôn-ngữ>.md, ví dụ `{base}.vi.md`"),
                )),
            }
        }
        ["releases", name] => match stem(name, ".yaml") {
            Some(id) => Ok(Place::Release { id }),
            None => Err(wrong_extension(name, ".yaml")),
        },
        ["communes", p, "_province.yaml"] => Ok(Place::Province {
            province: p.to_string(),
        }),
        [.., name] if matches!(*name, "site.yaml" | "indicators.yaml") => Err(t(
            format!("move it to the top of the content folder: content/{name}"),
            format!("chuyển tệp lên ngay trong thư mục nội dung: content/{name}"),
        )),
        [.., "_province.yaml"] => Err(t(
            "move it into its province folder: content/communes/<province-id>/_province.yaml",
            "chuyển tệp vào thư mục của tỉnh: content/communes/<mã-tỉnh>/_province.yaml",
        )),
        [.., "commune.yaml"] => Err(t(
            "move it into its commune folder: content/communes/<province-id>/<commune-id>/commune.yaml",
            "chuyển tệp vào thư mục của xã: content/communes/<mã-tỉnh>/<mã-xã>/commune.yaml",
        )),
        [.., name] => {
            let known = [
                "site.yaml",
                "indicators.yaml",
                "_province.yaml",
                "commune.yaml",
            ];
            Err(did_you_mean(name, known).unwrap_or_else(|| {
                t(
                    "move or remove it; files whose names start with `.` are ignored",
                    "chuyển hoặc xóa tệp này; tệp có tên bắt đầu bằng `.` được bỏ qua",
                )
            }))
        }
        [] => Err(Text::from("")),
    }
}

/// The first id in a file's place that breaks the id rules.
fn invalid_id_in(place: &Place) -> Option<String> {
    let ids: Vec<&String> = match place {
        Place::Site | Place::Catalogue => vec![],
        Place::Page { id, .. } | Place::Release { id } => vec![id],
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
        .find(|s| !crate::base::ids::is_valid_id(s))
        .cloned()
}

fn wrong_extension(name: &str, ext: &str) -> Text {
    let fixed = match name.rsplit_once('.') {
        Some((base, _)) => format!("{base}{ext}"),
        None => format!("{name}{ext}"),
    };
    t(
        format!("rename it to `{fixed}`"),
        format!("đổi tên thành `{fixed}`"),
    )
}

/// A file or folder whose name is not a valid id.
fn invalid_name(path: &Path, bad: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            "this file or folder name is not a valid id",
            "tên tệp hoặc thư mục này không phải là mã hợp lệ",
        ),
    )
    .found(format!("`{bad}`"))
    .expected(crate::base::ids::id_rules())
    .help(t(
        format!("rename it, e.g. `{}`", crate::base::ids::suggest_id(bad)),
        format!("đổi tên, ví dụ `{}`", crate::base::ids::suggest_id(bad)),
    ))
}

/// Reads and parses one file; returns it with the hash of its text.
fn read_item(path: &Path, place: Place) -> Result<(Item, [u8; 32]), Vec<Diagnostic>> {
    // A release record lists every figure published for the first time, so the first one of
    // a national site is far larger than any file an editor writes.
    let limit = match place {
        Place::Release { .. } => MAX_RELEASE_BYTES,
        _ => MAX_FILE_BYTES,
    };
    let file = read_source_up_to(path, limit).map_err(|d| vec![d])?;
    let hash = *blake3::hash(file.text.as_bytes()).as_bytes();
    let one = |d: Diagnostic| vec![d];
    let item = match place {
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
        Place::Release { id } => Item::Release(id, parse_yaml(file).map_err(one)?),
    };
    Ok((item, hash))
}

/// Reads a file as UTF-8 text, refusing huge and non-UTF-8 files with a clear message.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    read_source_up_to(path, MAX_FILE_BYTES)
}

/// [`read_source`] with another size limit.
fn read_source_up_to(path: &Path, limit: u64) -> Result<SourceFile, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
    if meta.len() > limit {
        return Err(Diagnostic::error(
            path,
            t(
                "this file is too large to be a content file",
                "tệp này quá lớn đối với một tệp nội dung",
            ),
        )
        .found(t(
            format!("{} bytes", meta.len()),
            format!("{} byte", meta.len()),
        ))
        .expected(t(
            format!("at most {limit} bytes"),
            format!("tối đa {limit} byte"),
        ))
        .help(t(
            "split the data into one file per period, or remove what does not belong here",
            "tách số liệu thành mỗi kỳ một tệp, hoặc bỏ phần không thuộc về tệp này",
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::error(path, t("this file is not UTF-8 text", "tệp này không phải văn bản UTF-8"))
            .at(line, column)
            .expected(t("UTF-8, the encoding that keeps Vietnamese letters intact", "UTF-8, bảng mã giữ nguyên chữ tiếng Việt"))
            .help(t("in your editor choose \"Save with encoding: UTF-8\" (files saved as Windows-1258 or TCVN3 must be converted)", "trong trình soạn thảo chọn \"Lưu với bảng mã UTF-8\" (tệp lưu bằng Windows-1258 hoặc TCVN3 phải được chuyển sang UTF-8)"))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let text = normalize_newlines(text);
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Text with every line break as `\n`. The YAML parser, like most editors, also ends a line at
/// a lone `\r` (old Mac files), so positions are counted the same way everywhere only once
/// `\r\n` and `\r` are `\n`. (Found by fuzzing: a message pointed past the last line.)
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// "cannot read this file" with the system's reason.
fn cannot_read(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            format!("cannot read this file: {e}"),
            format!("không đọc được tệp này: {e}"),
        ),
    )
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
        return Err(
            Diagnostic::error(path, t("this file is empty", "tệp này trống"))
                .at(first_line, 1)
                .help(t(
                    "fill it in (see the content format in docs/content-format.md) or delete it",
                    "điền nội dung (xem định dạng trong docs/content-format.md) hoặc xóa tệp",
                )),
        );
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
    d = d.found(plain_serde_words(&detail));
    if let Some(loc) = err.location() {
        d = d.at(loc.line() + first_line - 1, loc.column());
    }
    // serde_yaml points a duplicate at the start of its block; point at the second occurrence.
    if let Some(dup) = duplicated_key(&detail)
        && let Some(text) = source_text
        && let Some((line, col)) = crate::load::locate::second_occurrence(
            text,
            dup,
            d.line.map_or(1, |l| l + 1 - first_line),
        )
    {
        d = d.at(line + first_line - 1, col);
    }
    if let Some(k) = key {
        d = d.key(k);
    }
    d.help_opt(yaml_help(&detail))
}

/// serde's wording with internal type names replaced by what the user writes.
fn plain_serde_words(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut rest = detail;
    while let Some(i) = rest.find("struct Raw") {
        out.push_str(&rest[..i]);
        out.push_str("a block of keys");
        rest = rest[i + "struct Raw".len()..].trim_start_matches(|c: char| c.is_alphanumeric());
    }
    out.push_str(rest);
    out.replace("a sequence", "a list")
        .replace("a string", "text")
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

fn describe_yaml_problem(detail: &str) -> Text {
    if detail.starts_with("unknown field") {
        t("unknown key", "khóa không được dùng ở đây")
    } else if detail.starts_with("missing field") {
        t("a required key is missing", "thiếu một khóa bắt buộc")
    } else if detail.starts_with("duplicate entry") || detail.starts_with("duplicate field") {
        t("the same key appears twice", "một khóa xuất hiện hai lần")
    } else if detail.starts_with("invalid type") {
        t("wrong kind of value", "giá trị sai kiểu")
    } else if detail.starts_with("unknown variant") {
        t("value not allowed here", "giá trị không được phép ở đây")
    } else if detail.contains("recursion limit exceeded") {
        t("the YAML is nested too deeply", "YAML lồng nhau quá sâu")
    } else if detail.contains("repetition limit exceeded") {
        t(
            "the YAML repeats an alias too many times",
            "YAML lặp lại một bí danh (alias) quá nhiều lần",
        )
    } else {
        t("the YAML syntax is broken", "cú pháp YAML bị lỗi")
    }
}

fn yaml_help(detail: &str) -> Option<Text> {
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (found, rest) = rest.split_once('`')?;
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let known = known.join(", ");
        return Some(
            match did_you_mean(found, rest.split('`').skip(1).step_by(2)) {
                Some(s) => t(
                    format!("{} (allowed keys: {known})", s.en),
                    format!("{} (các khóa được dùng: {known})", s.vi),
                ),
                None => t(
                    format!("remove it; allowed keys here: {known}"),
                    format!("xóa khóa này; các khóa được dùng ở đây: {known}"),
                ),
            },
        );
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let name = rest.split('`').next()?;
        return Some(t(
            format!("add `{name}:` with its value"),
            format!("thêm `{name}:` cùng giá trị của nó"),
        ));
    }
    if detail.starts_with("invalid type") {
        return Some(t(
            "write text in quotes, numbers without quotes, lists in [ ], and a block of keys as `key:` followed by indented lines",
            "viết chữ trong dấu nháy, số không có dấu nháy, danh sách trong [ ], và một khối khóa là `khóa:` rồi các dòng thụt lề bên dưới",
        ));
    }
    if detail.starts_with("duplicate entry") || detail.starts_with("duplicate field") {
        return Some(t(
            "keep one of the two lines and delete the other",
            "giữ một trong hai dòng và xóa dòng kia",
        ));
    }
    if detail.contains("mapping values are not allowed")
        || detail.contains("did not find expected key")
    {
        return Some(t(
            "check the indentation (spaces only, the same depth for keys of one block) and put quotes around text that contains `:` or `#`",
            "kiểm tra thụt lề (chỉ dùng dấu cách, các khóa cùng khối thụt đều nhau) và đặt văn bản có `:` hoặc `#` trong dấu nháy",
        ));
    }
    if detail.contains("found character that cannot start any token")
        || detail.contains("tab character")
    {
        return Some(t(
            "YAML does not allow tab characters for indentation; use spaces",
            "YAML không cho thụt lề bằng phím Tab; hãy dùng dấu cách",
        ));
    }
    if detail.contains("recursion limit exceeded") {
        return Some(t(
            "content files need only a few levels of keys; remove the deep nesting",
            "tệp nội dung chỉ cần vài cấp khóa; hãy bỏ phần lồng nhau quá sâu",
        ));
    }
    if detail.contains("repetition limit exceeded") {
        return Some(t(
            "write the values out instead of repeating `*alias` references",
            "hãy ghi thẳng giá trị thay vì lặp lại các tham chiếu `*bí_danh`",
        ));
    }
    None
}

/// Splits `---` front matter from a Markdown file and parses it.
pub fn parse_document<T: DeserializeOwned>(file: SourceFile) -> Result<Document<T>, Diagnostic> {
    let Some((front, body, body_line)) = split_front_matter(&file.text) else {
        return Err(Diagnostic::error(&file.path, t("front matter is missing or not closed", "thiếu phần đầu (front matter) hoặc phần đầu chưa được đóng"))
            .at(1, 1)
            .expected(t("the file to start with a line `---`, the YAML keys (title, …), then a line `---`, then the text", "tệp bắt đầu bằng một dòng `---`, rồi các khóa YAML (title, …), rồi một dòng `---`, rồi đến nội dung"))
            .help(t("add the two `---` lines around the front matter", "thêm hai dòng `---` bao quanh phần đầu")));
    };
    let meta = parse_yaml_text(&file.path, front, 2)?;
    check_text_limits(&file.path, body, body_line)?;
    Ok(Document {
        meta,
        body: body.to_string(),
        body_line,
        file,
    })
}

/// Refuses a report or page text too large or too deeply nested to render in bounded time.
fn check_text_limits(path: &Path, body: &str, body_line: usize) -> Result<(), Diagnostic> {
    let lines = body.lines().count();
    if body.len() > MAX_TEXT_BYTES || lines > MAX_TEXT_LINES {
        return Err(Diagnostic::error(
            path,
            t(
                "this text is too long for one report or page",
                "văn bản này quá dài cho một báo cáo hay một trang",
            ),
        )
        .at(body_line, 1)
        .found(t(
            format!("{lines} lines, {} bytes", body.len()),
            format!("{lines} dòng, {} byte", body.len()),
        ))
        .expected(t(
            format!("at most {MAX_TEXT_LINES} lines and {MAX_TEXT_BYTES} bytes"),
            format!("tối đa {MAX_TEXT_LINES} dòng và {MAX_TEXT_BYTES} byte"),
        ))
        .help(t(
            "split it into several reports, or publish the full text as a linked file",
            "tách thành nhiều báo cáo, hoặc đăng toàn văn thành một tệp có liên kết",
        )));
    }
    if let Some((line, depth)) = crate::load::limits::too_deep(body) {
        return Err(Diagnostic::error(
            path,
            t(
                "lists, quotes or HTML tags are nested too deeply",
                "danh sách, trích dẫn hoặc thẻ HTML lồng nhau quá sâu",
            ),
        )
        .at(body_line + line - 1, 1)
        .found(t(format!("{depth} levels"), format!("{depth} cấp")))
        .expected(t(
            format!("at most {MAX_NESTING} levels"),
            format!("tối đa {MAX_NESTING} cấp"),
        ))
        .help(t(
            "close the HTML tags you open, and keep lists to a few levels",
            "đóng các thẻ HTML đã mở, và chỉ lồng danh sách vài cấp",
        )));
    }
    Ok(())
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
    fn a_walk_lists_commune_folders_in_order_and_reports_what_is_out_of_place() {
        // tempfile's folder is hidden (`.tmpXXXX`): a hidden content folder is walked too.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let files = [
            "site.yaml",
            "communes/p/_province.yaml",
            "communes/p/a/commune.yaml",
            "communes/p/a/data/2026-02.yaml",
            "communes/p/a/data/2026-01.yaml",
            "communes/p/a/data/old/2025-12.yaml",
            "communes/p/a/photos/x.jpg",
            "communes/p/a/reports/2026-q1.md",
            "communes/p/a/.drafts/2026-03.yaml",
            "communes/p/b/commune.yaml",
        ];
        for rel in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x: 1\n").unwrap();
        }
        std::os::unix::fs::symlink(
            root.join("communes/p/a/reports"),
            root.join("communes/p/b/reports"),
        )
        .unwrap();
        let (listed, problems) = walk(root, &mut Vec::new(), None);
        let rel = |path: &Path| {
            path.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        let listed: Vec<(String, Option<u64>)> = listed
            .iter()
            .map(|(path, _, commune)| (rel(path), commune.as_ref().map(|(_, _, s)| s.len)))
            .collect();
        let commune_file = |rel: &str| (rel.to_string(), Some(5));
        assert_eq!(
            listed,
            [
                ("communes/p/_province.yaml".to_string(), None),
                commune_file("communes/p/a/commune.yaml"),
                commune_file("communes/p/a/data/2026-01.yaml"),
                commune_file("communes/p/a/data/2026-02.yaml"),
                commune_file("communes/p/a/reports/2026-q1.md"),
                commune_file("communes/p/b/commune.yaml"),
                ("site.yaml".to_string(), None),
            ]
        );
        let problems: Vec<(String, String)> = problems
            .iter()
            .map(|d| {
                (
                    rel(&d.file),
                    d.message
                        .get(crate::base::diagnostics::Lang::En)
                        .to_string(),
                )
            })
            .collect();
        let out_of_place = "this file is not in a place minhbach reads".to_string();
        assert_eq!(
            problems,
            [
                (
                    "communes/p/a/data/old/2025-12.yaml".to_string(),
                    out_of_place.clone()
                ),
                ("communes/p/a/photos/x.jpg".to_string(), out_of_place),
                (
                    "communes/p/b/reports".to_string(),
                    "symbolic links are not followed in the content folder".to_string()
                ),
            ]
        );
    }

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

    #[test]
    fn a_kept_listing_gives_back_the_entries_the_walk_made() {
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
        let kept = listings(walked.clone(), &HashSet::new());
        assert_eq!(kept.len(), 2);
        let recall = Recall::new(
            Listings {
                communes: Kept::Ready(kept),
                recalled: 0,
            },
            &Changed::default(),
        );
        let mut again: Vec<Listed> = Vec::new();
        for commune in ["a", "b"] {
            again.extend(recall.take(root, "p", commune).unwrap());
        }
        let of_communes: Vec<Listed> = walked.into_iter().filter(|e| e.2.is_some()).collect();
        assert_eq!(of_communes.len(), 5);
        assert_eq!(again, of_communes);
        assert_eq!(recall.taken(), 2);
        // once taken, a folder is listed again by the walk
        assert!(recall.take(root, "p", "a").is_none());
        // a stamp that names no commune's file is not made into an entry
        let stray = Stamp {
            rel: "pages/about.vi.md".into(),
            len: 1,
            modified: None,
        };
        assert!(relisted(&root.join("communes/p/a"), "p", "a", stray).is_none());
    }

    #[test]
    fn a_change_names_its_commune_folder_or_everything() {
        let note = |paths: &[&str]| {
            let mut changed = Changed::default();
            for p in paths {
                changed.note(Path::new(p));
            }
            changed
        };
        let communes = |ids: &[(&str, &str)]| {
            Changed::Communes(
                ids.iter()
                    .map(|(p, c)| (p.to_string(), c.to_string()))
                    .collect(),
            )
        };
        assert_eq!(
            note(&["communes/nghe-an/dien-chau/data/2026-01.yaml"]),
            communes(&[("nghe-an", "dien-chau")])
        );
        // the folder itself (created, renamed), a report, a swap file: its commune
        assert_eq!(
            note(&[
                "communes/nghe-an/dien-chau",
                "communes/nghe-an/dien-chau/reports/2026-01.md",
                "communes/ha-tinh/ky-anh/data/.2026-01.yaml.swp",
            ]),
            communes(&[("nghe-an", "dien-chau"), ("ha-tinh", "ky-anh")])
        );
        // files outside commune folders are listed at every walk anyway
        assert_eq!(
            note(&["site.yaml", "pages/about.vi.md", "releases/2026-02-01.yaml"]),
            communes(&[])
        );
        // a province folder, `communes/` or the content folder may hold other communes now
        for above in ["communes/nghe-an", "communes", ""] {
            assert_eq!(note(&[above]), Changed::All, "{above}");
        }
        // once everything, always everything
        assert_eq!(
            note(&["", "communes/nghe-an/dien-chau/commune.yaml"]),
            Changed::All
        );
    }

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
            p("communes/nghe-an/dien-chau/data/2026-01.yml").unwrap_err(),
            "rename it to `2026-01.yaml`"
        );
        assert_eq!(
            p("communes/nghe-an/_provinces.yaml").unwrap_err().vi,
            "có phải là `_province.yaml`?"
        );
    }

    #[test]
    fn suggests_ids_for_bad_names() {
        assert_eq!(crate::base::ids::suggest_id("Diễn Châu"), "dien-chau");
        assert_eq!(crate::base::ids::suggest_id("Bad_Name"), "bad_name");
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
