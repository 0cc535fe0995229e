//! Listing the content folder in a stable order, and where each file belongs: its place
//! (`site.yaml`, a province, a commune's period…) with the ids its path names, or why it is
//! out of place. A commune folder a [`Recall`] holds is taken from it instead of listed.

use super::files::Stamp;
use crate::base::diagnostics::{Diagnostic, Text, did_you_mean, t};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Stands in for listing a commune folder again: the stamps of the files a walk listed there
/// before, when the caller knows nothing in it changed since (`serve`, told of every change by
/// a file watcher, keeps them between builds).
pub trait Recall: Sync {
    /// The stamps the folder `province/commune` held at the last walk, or `None` to list it.
    fn take(&self, province: &str, commune: &str) -> Option<Vec<Stamp>>;
}

/// Where a file sits in the content folder, with the ids its path names (not yet checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
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

/// A listed content file: its path, where it belongs and, for a commune's file, the commune
/// `(province, commune)` with the file's size and time.
pub(super) type Listed = (PathBuf, Place, Option<(String, String, Stamp)>);

/// What a walk found, in the order a sorted walk lists it.
#[derive(Default)]
pub(super) struct Walked {
    pub(super) files: Vec<Listed>,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) folders: Vec<(String, Option<String>, PathBuf)>,
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
pub(super) fn walk(
    root: &Path,
    folders: &mut Vec<(String, Option<String>, PathBuf)>,
    recall: Option<&dyn Recall>,
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
    recall: Option<&dyn Recall>,
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
                let dir = path;
                let recalled = recall.and_then(|r| r.take(&parts[1], &parts[2]));
                match recalled.and_then(|stamps| relisted_all(dir, &parts[1], &parts[2], stamps)) {
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
pub(super) fn classify(parts: &[String]) -> Result<Place, Text> {
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

/// The walk's entry for a file of the commune folder `dir` (`province/commune`) from its
/// stamp: the same path, place and commune as when the walk listed it. `None` if the stamp's
/// path names no file of that commune, which a stamp the walk made always does.
pub(super) fn relisted(dir: &Path, province: &str, commune: &str, stamp: Stamp) -> Option<Listed> {
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

/// `(province, commune)` of the commune folder that `path` (under the content folder `root`)
/// is in or is.
pub(super) fn commune_folder(root: &Path, path: &Path) -> Option<(String, String)> {
    let parts = rel_parts(root, path)?;
    match parts.as_slice() {
        [communes, province, commune, ..] if communes == "communes" => {
            Some((province.clone(), commune.clone()))
        }
        _ => None,
    }
}

/// The walk's entries for the commune folder `dir` (`province/commune`) from the stamps a walk
/// listed there; `None` if a stamp names no file of that commune (then the folder is listed).
fn relisted_all(
    dir: &Path,
    province: &str,
    commune: &str,
    stamps: Vec<Stamp>,
) -> Option<Vec<Listed>> {
    stamps
        .into_iter()
        .map(|stamp| relisted(dir, province, commune, stamp))
        .collect()
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
    fn a_stamp_that_names_no_file_of_the_commune_makes_no_entry() {
        let dir = Path::new("content/communes/p/a");
        let stamp = |rel: &str| Stamp {
            rel: rel.into(),
            len: 1,
            modified: None,
        };
        let entry = relisted(dir, "p", "a", stamp("communes/p/a/data/2026-01.yaml")).unwrap();
        assert_eq!(entry.0, dir.join("data/2026-01.yaml"));
        assert!(relisted(dir, "p", "a", stamp("pages/about.vi.md")).is_none());
        assert!(relisted(dir, "p", "a", stamp("communes/p/b/commune.yaml")).is_none());
    }
}
