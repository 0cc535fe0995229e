//! The stamp of a finished build: what it read and wrote, so that a rebuild with nothing to do
//! is recognised in a fraction of a second and leaves the output as it is.
//!
//! Written beside the manifest (`.<output>.minhbach-cache/stamp.bin`, postcard) once a build
//! has put everything in place, bulk downloads included. It lists every folder and file of the
//! content and theme folders with its size and modification time, every file of the output with
//! its size and time, and what the build reported (counts and diagnostics). A later build that
//! finds the same program, every input folder and file as listed and older than the moment the
//! stamped build began reading (a file changed in that very instant could keep its time: git's
//! "racy clean" problem), and every output file as listed, has nothing to do: it prints the same
//! report and stops. A folder's time changes whenever an entry is added, removed or renamed in
//! it, so a file added anywhere is seen without reading every folder again.
//!
//! Anything else — another version, a damaged file, one difference — means an ordinary build,
//! which removes the stamp before it changes the output and writes a new one at its end. The
//! stamp can therefore cost a build time, never its correctness.

use crate::base::diagnostics::Diagnostics;
use crate::incremental::cache;
use crate::load::since_epoch;
use crate::render::Key;
use crate::render::Rendered;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// Format version; another version is ignored.
const VERSION: u32 = 1;

/// A file system time: seconds and nanoseconds since 1970.
type Time = (u64, u32);

/// What a build reports when it ends.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    /// Pages, charts and data files.
    pub rendered: Rendered,
    /// Every error and warning, in the order they are printed.
    pub diagnostics: Diagnostics,
    /// Files and bytes in the output.
    pub totals: (u64, u64),
}

/// One folder or file as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// Path relative to its root, `/`-separated; empty for the root itself.
    rel: String,
    /// True for a folder.
    dir: bool,
    /// Size in bytes (0 for a folder).
    len: u64,
    /// Modification time.
    modified: Time,
}

/// A folder tree as listed: `None` when the folder does not exist.
type Tree = Option<Vec<Entry>>;

/// The first part of a stamp: which build it describes. The rest follows in the order it is
/// checked, each part decoded only when the one before found nothing changed: the input
/// folders ([`Tree`] of the content, then of the themes), the input files (two lists), the
/// output files, and last the [`Outcome`].
#[derive(Debug, Serialize, Deserialize)]
struct Head {
    version: u32,
    program: Key,
    content: PathBuf,
    themes: PathBuf,
    /// When the stamped build began reading content, by the file system's clock.
    started: Time,
}

fn path(output: &Path) -> PathBuf {
    cache::folder(output).join("stamp.bin")
}

/// The stamp's idea of a folder: absolute, so that the same folder named from elsewhere
/// matches and another folder of the same name does not.
fn absolute(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The outcome of the last build into `output` when nothing it read or wrote has changed
/// since: same program (`program`), same content and themes, same output files.
pub fn unchanged(content: &Path, themes: &Path, output: &Path, program: &Key) -> Option<Outcome> {
    let bytes = std::fs::read(path(output)).ok()?;
    let (head, rest) = postcard::take_from_bytes::<Head>(&bytes).ok()?;
    let same_build = head.version == VERSION
        && head.program == *program
        && head.content == absolute(content)
        && head.themes == absolute(themes);
    if !same_build {
        return None;
    }
    let roots = [content, themes];
    // Folders first: a file added or removed anywhere is seen there, in a few thousand checks.
    let (folders, rest) = postcard::take_from_bytes::<[Tree; 2]>(rest).ok()?;
    let folders_unchanged = roots.iter().zip(&folders).all(|(root, tree)| match tree {
        Some(list) => entries_unchanged(root, list, Some(head.started)),
        None => std::fs::symlink_metadata(root).is_err(),
    });
    if !folders_unchanged {
        return None;
    }
    let (files, rest) = postcard::take_from_bytes::<[Vec<Entry>; 2]>(rest).ok()?;
    let files_unchanged = roots
        .iter()
        .zip(&files)
        .all(|(root, list)| entries_unchanged(root, list, Some(head.started)));
    if !files_unchanged {
        return None;
    }
    let (written, rest) = postcard::take_from_bytes::<Vec<Entry>>(rest).ok()?;
    if !entries_unchanged(output, &written, None) {
        return None;
    }
    postcard::from_bytes(rest).ok()
}

/// True when every entry of `list` is still under `root` as listed and, with `started`, older
/// than it. A folder's unchanged time means no entry was added to it or taken from it.
fn entries_unchanged(root: &Path, list: &[Entry], started: Option<Time>) -> bool {
    list.par_iter().all(|e| {
        started.is_none_or(|t| e.modified < t)
            && std::fs::symlink_metadata(root.join(&e.rel))
                .ok()
                .and_then(|m| entry(e.rel.clone(), &m))
                .is_some_and(|now| now == *e)
    })
}

/// An entry for a folder or regular file (`None` for links and other kinds, or without a
/// usable time).
fn entry(rel: String, meta: &std::fs::Metadata) -> Option<Entry> {
    let kind = meta.file_type();
    if !kind.is_dir() && !kind.is_file() {
        return None;
    }
    Some(Entry {
        rel,
        dir: kind.is_dir(),
        len: if kind.is_dir() { 0 } else { meta.len() },
        modified: meta.modified().ok().and_then(since_epoch)?,
    })
}

/// Every folder and file under `root`, the root included, skipping hidden names as the loader
/// does (adding one still changes its folder's time); sub-folders are listed in parallel.
/// `None` when `root` does not exist; an entry that cannot be read makes the listing useless,
/// so it is `Err`.
fn list(root: &Path) -> io::Result<Tree> {
    let meta = match std::fs::symlink_metadata(root) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        other => other?,
    };
    let top = entry(String::new(), &meta).ok_or_else(|| io::Error::other("not a folder"))?;
    let mut entries = vec![top];
    if meta.is_dir() {
        list_into(root, "", &mut entries)?;
    }
    entries.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Some(entries))
}

fn list_into(root: &Path, rel: &str, out: &mut Vec<Entry>) -> io::Result<()> {
    let mut dirs = Vec::new();
    for item in std::fs::read_dir(root.join(rel))? {
        let item = item?;
        let name = item.file_name();
        let Some(name) = name.to_str() else {
            return Err(io::Error::other("a name that is not UTF-8"));
        };
        if name.starts_with('.') {
            continue;
        }
        let child = match rel {
            "" => name.to_string(),
            _ => format!("{rel}/{name}"),
        };
        // Relative to the folder just read: no walk of the whole path for every file.
        let meta = item.metadata()?;
        let e = entry(child, &meta).ok_or_else(|| io::Error::other("not a file or folder"))?;
        if e.dir {
            dirs.push(e.rel.clone());
        }
        out.push(e);
    }
    let below: Vec<Vec<Entry>> = dirs
        .par_iter()
        .map(|dir| {
            let mut more = Vec::new();
            list_into(root, dir, &mut more).map(|()| more)
        })
        .collect::<io::Result<_>>()?;
    out.extend(below.into_iter().flatten());
    Ok(())
}

/// Removes the stamp of `output`: done before a build changes anything there, so that a build
/// stopped half-way never leaves a stamp describing another site.
pub fn forget(output: &Path) -> io::Result<()> {
    match std::fs::remove_file(path(output)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// What a stamp needs to know of the build that just ended.
pub struct Finished<'a> {
    /// Content folder.
    pub content: &'a Path,
    /// Themes folder.
    pub themes: &'a Path,
    /// Output folder.
    pub output: &'a Path,
    /// The program (see [`cache::program_key`]).
    pub program: &'a Key,
    /// When the build began reading content, by the file system's clock.
    pub started: Time,
    /// Every file of the output, relative to it.
    pub produced: &'a [String],
}

/// Writes the stamp of a build that has put everything in place. A stamp that cannot be
/// made (a file changed under the build, an unreadable folder) is simply not written.
pub fn save(done: &Finished, outcome: &Outcome) -> io::Result<()> {
    let (trees, output) = rayon::join(
        || -> io::Result<(Tree, Tree)> { Ok((list(done.content)?, list(done.themes)?)) },
        || {
            done.produced
                .par_iter()
                .map(|rel| {
                    let meta = std::fs::symlink_metadata(done.output.join(rel))?;
                    entry(rel.clone(), &meta).ok_or_else(|| io::Error::other("not a file"))
                })
                .collect::<io::Result<Vec<Entry>>>()
        },
    );
    let ((content_tree, themes_tree), output) = (trees?, output?);
    let [
        (content_folders, content_files),
        (theme_folders, theme_files),
    ] = [content_tree, themes_tree].map(|tree| match tree {
        Some(all) => {
            let (dirs, files): (Vec<Entry>, Vec<Entry>) = all.into_iter().partition(|e| e.dir);
            (Some(dirs), files)
        }
        None => (None, Vec::new()),
    });
    let head = Head {
        version: VERSION,
        program: *done.program,
        content: absolute(done.content),
        themes: absolute(done.themes),
        started: done.started,
    };
    let mut bytes = Vec::new();
    append(&mut bytes, &head)?;
    append(&mut bytes, &[content_folders, theme_folders])?;
    append(&mut bytes, &[content_files, theme_files])?;
    append(&mut bytes, &output)?;
    append(&mut bytes, outcome)?;
    let dir = cache::folder(done.output);
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join("stamp.bin.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, path(done.output))
}

/// Appends one part of a stamp to `bytes`.
fn append<T: Serialize + ?Sized>(bytes: &mut Vec<u8>, part: &T) -> io::Result<()> {
    bytes.extend(postcard::to_stdvec(part).map_err(io::Error::other)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A content folder, a missing themes folder and an output, stamped.
    fn stamped(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        let (content, themes, output) = (dir.join("c"), dir.join("t"), dir.join("o"));
        write(&content.join("site.yaml"), "a");
        write(&content.join("communes/p/x/data/2026-01.yaml"), "b");
        write(&output.join("index.html"), "page");
        // Input times must be before the build began reading.
        std::thread::sleep(std::time::Duration::from_millis(20));
        let started = since_epoch(std::time::SystemTime::now()).unwrap();
        let produced = vec!["index.html".to_string()];
        let done = Finished {
            content: &content,
            themes: &themes,
            output: &output,
            program: &[1; 32],
            started,
            produced: &produced,
        };
        let outcome = Outcome {
            rendered: Rendered {
                pages: 1,
                ..Default::default()
            },
            diagnostics: Diagnostics::default(),
            totals: (1, 4),
        };
        save(&done, &outcome).unwrap();
        (content, themes, output)
    }

    fn check(c: &Path, t: &Path, o: &Path) -> bool {
        unchanged(c, t, o, &[1; 32]).is_some()
    }

    #[test]
    fn nothing_changed_is_recognised_with_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let (c, t, o) = stamped(dir.path());
        let outcome = unchanged(&c, &t, &o, &[1; 32]).unwrap();
        assert_eq!((outcome.rendered.pages, outcome.totals), (1, (1, 4)));
        assert!(unchanged(&c, &t, &o, &[2; 32]).is_none(), "another program");
    }

    #[test]
    fn any_change_to_inputs_or_output_is_seen() {
        type Edit = (&'static str, fn(&Path));
        let edits: [Edit; 6] = [
            ("file edited", |d| write(&d.join("c/site.yaml"), "changed")),
            ("file added deep", |d| {
                write(&d.join("c/communes/p/x/data/2026-02.yaml"), "b")
            }),
            ("file removed", |d| {
                std::fs::remove_file(d.join("c/communes/p/x/data/2026-01.yaml")).unwrap()
            }),
            ("theme folder made", |d| {
                write(&d.join("t/x/theme.yaml"), "")
            }),
            ("output edited", |d| {
                write(&d.join("o/index.html"), "edited")
            }),
            ("output removed", |d| {
                std::fs::remove_file(d.join("o/index.html")).unwrap()
            }),
        ];
        for (what, edit) in edits {
            let dir = tempfile::tempdir().unwrap();
            let (c, t, o) = stamped(dir.path());
            assert!(check(&c, &t, &o), "{what}: unchanged before");
            edit(dir.path());
            assert!(!check(&c, &t, &o), "{what}: seen");
        }
    }

    #[test]
    fn an_input_as_new_as_the_build_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let (c, t, o) = stamped(dir.path());
        let bytes = std::fs::read(path(&o)).unwrap();
        let (mut head, rest) = postcard::take_from_bytes::<Head>(&bytes).unwrap();
        head.started = (0, 0);
        let mut again = postcard::to_stdvec(&head).unwrap();
        again.extend(rest);
        std::fs::write(path(&o), again).unwrap();
        assert!(!check(&c, &t, &o));
    }

    #[test]
    fn a_damaged_or_missing_stamp_means_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let (c, t, o) = stamped(dir.path());
        std::fs::write(path(&o), b"\x01garbage").unwrap();
        assert!(!check(&c, &t, &o));
        forget(&o).unwrap();
        assert!(!check(&c, &t, &o));
        forget(&o).unwrap();
    }
}
