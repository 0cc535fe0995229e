//! [`StagedOutput`]: the folder sink, which writes into a staging folder beside the target and
//! swaps it in (or, for an update, moves the changed files into it) only on success.

use super::if_changed::IfChanged;
use super::interrupt::interrupted;
use super::safety::{MARKER, check_rel};
use super::siblings::{carry_dotfiles, recover, remove_tree, sibling};
use crate::render::Sink;
use rayon::slice::ParallelSliceMut;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes into a staging folder next to the target; [`StagedOutput::commit`] swaps it in.
pub struct StagedOutput {
    target: PathBuf,
    staging: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
    committed: bool,
    /// Only the files that changed are staged; see [`StagedOutput::overlay`].
    overlay: bool,
    /// Files of the target kept as they are (overlay only).
    kept: Mutex<Vec<String>>,
    /// Files written into the staging folder.
    staged: Mutex<Vec<String>>,
    /// The files of the target the previous build produced (overlay only): those this build
    /// does not produce are removed at the commit.
    previous: Vec<String>,
}

/// Swaps two folders in one step, so no moment exists without a site at `b`.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

impl StagedOutput {
    /// Prepares a fresh staging folder for `target`, after recovering from interrupted builds.
    pub fn new(target: &Path) -> io::Result<Self> {
        let out = Self::unmarked(target)?;
        out.write(
            MARKER,
            b"This folder is written by minhbach and replaced as a whole on each build.\n",
        )?;
        Ok(out)
    }

    /// [`StagedOutput::new`] without the marker file.
    fn unmarked(target: &Path) -> io::Result<Self> {
        recover(target)?;
        let staging = sibling(target, "staging");
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::create_dir_all(&staging)?;
        let out = Self {
            target: target.to_path_buf(),
            staging,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
            overlay: false,
            kept: Mutex::new(Vec::new()),
            staged: Mutex::new(Vec::new()),
            previous: Vec::new(),
        };
        Ok(out)
    }

    /// Prepares an incremental update of `target`: files written are staged as usual, files
    /// reused are left where they are, and [`StagedOutput::commit`] moves the staged files into
    /// the target and removes the files this build did not produce. Creating and deleting tens
    /// of thousands of links to swap a whole folder costs far more than rendering what changed.
    ///
    /// `previous` lists the files the previous build produced (from the cache's manifest):
    /// listing them is much faster than walking the target, and files put there by hand are
    /// not the build's to remove (a full build replaces the folder as a whole anyway).
    ///
    /// Until the commit, the target is untouched, as with [`StagedOutput::new`]; the commit
    /// itself is no longer a single step, so callers must make an interrupted commit lead to a
    /// full build next time (the cache's manifest is removed first).
    pub fn overlay(target: &Path, previous: Vec<String>) -> io::Result<Self> {
        let mut out = Self::new(target)?;
        out.overlay = target.is_dir();
        out.previous = previous;
        Ok(out)
    }

    /// A further [`StagedOutput::overlay`] of a target that an overlay of the same build just
    /// updated: `previous` lists only the files this step may have to remove, and the marker
    /// file, already there, is not counted again.
    pub fn overlay_more(target: &Path, previous: Vec<String>) -> io::Result<Self> {
        let mut out = Self::unmarked(target)?;
        out.overlay = target.is_dir();
        out.previous = previous;
        Ok(out)
    }

    /// Every file of the output this build produced (written or kept), sorted; once the
    /// writing is done. The 200,000 kept paths of a national update are moved out, not copied.
    pub fn produced(&mut self) -> Vec<String> {
        let kept = std::mem::take(self.kept.get_mut().unwrap_or_else(|e| e.into_inner()));
        let staged = self
            .staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut all: Vec<String> = kept.into_iter().chain(staged).collect();
        all.par_sort_unstable();
        all.dedup();
        all
    }

    /// Number of files and bytes written.
    pub fn totals(&self) -> (u64, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// Replaces the target with the staged files. Top-level entries of the old output whose
    /// names start with `.` (a deploy `.git`, `.gitkeep`) are carried over. `produced` is
    /// [`StagedOutput::produced`], which the caller needs too (sorting 200,000 paths twice
    /// held up putting a national update online).
    pub fn commit(mut self, produced: &[String]) -> io::Result<()> {
        if interrupted() {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
        }
        if self.overlay {
            self.commit_overlay(produced)?;
            self.committed = true;
            return Ok(());
        }
        let old = sibling(&self.target, "old");
        if !self.target.exists() {
            std::fs::rename(&self.staging, &self.target)?;
        } else if exchange(&self.staging, &self.target).is_ok() {
            // The old site is now at the staging path; give it its final leftover name.
            std::fs::rename(&self.staging, &old)?;
        } else {
            // Without an atomic swap, a kill between these two renames is undone by `recover`.
            std::fs::rename(&self.target, &old)?;
            std::fs::rename(&self.staging, &self.target)?;
        }
        self.committed = true;
        if old.exists() {
            carry_dotfiles(&old, &self.target)?;
            remove_tree(&old)?;
        }
        Ok(())
    }
}

impl StagedOutput {
    /// Moves the staged files into the target, then removes what the build did not produce
    /// (the target's own top-level dotfiles excepted, as a full build carries them over).
    fn commit_overlay(&self, produced: &[String]) -> io::Result<()> {
        let mut staged = self
            .staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        staged.sort_unstable();
        staged.dedup();
        let mut made: std::collections::HashSet<&Path> = std::collections::HashSet::new();
        for rel in &staged {
            if let Some(parent) = Path::new(rel).parent()
                && made.insert(parent)
            {
                std::fs::create_dir_all(self.target.join(parent))?;
            }
        }
        // A rename that replaces a file frees the old one's blocks, which took the file system
        // 0.2 ms a file (a province's new month replaces about 1,500 files). So each old file
        // is first linked into the trash folder: replacing it then frees nothing, and the
        // trash is emptied once the update is online ([`empty_trash`]). In parallel.
        use rayon::prelude::*;
        let trash = sibling(&self.target, "trash");
        std::fs::create_dir_all(&trash)?;
        staged.par_iter().enumerate().try_for_each(|(i, rel)| {
            let target = self.target.join(rel);
            // Without the link (a new file, or links refused), the rename frees it as before.
            let _ = std::fs::hard_link(&target, trash.join(i.to_string()));
            std::fs::rename(self.staging.join(rel), target)
        })?;
        let mut folders = std::collections::BTreeSet::new();
        for (i, rel) in gone(&self.previous, produced).into_iter().enumerate() {
            let target = self.target.join(rel);
            match std::fs::rename(&target, trash.join(format!("gone-{i}"))) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(_) => std::fs::remove_file(&target).or_else(|e| match e.kind() {
                    io::ErrorKind::NotFound => Ok(()),
                    _ => Err(e),
                })?,
                Ok(()) => {}
            }
            folders.extend(Path::new(rel).ancestors().skip(1).map(Path::to_path_buf));
        }
        // deepest first, so a folder emptied of sub-folders goes too
        let mut folders: Vec<PathBuf> = folders
            .into_iter()
            .filter(|f| !f.as_os_str().is_empty())
            .collect();
        folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in folders {
            let path = self.target.join(folder);
            if std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                std::fs::remove_dir(&path)?;
            }
        }
        // The staging folder, now only folders, goes with the trash.
        std::fs::rename(&self.staging, trash.join("staging"))
    }
}

/// The files of `previous` missing from `produced` (sorted), except under a top-level name
/// starting with `.`: a deploy `.git` or `.gitkeep` is the user's, as a full build carries
/// them over.
/// Both lists are sorted: they are walked side by side, once (200,000 paths at national
/// scale: binary searches took 50 ms, a hash set 30 ms, on the way to putting an update online).
fn gone<'a>(previous: &'a [String], produced: &[String]) -> Vec<&'a str> {
    let mut later = produced.iter().map(String::as_str).peekable();
    previous
        .iter()
        .map(String::as_str)
        .filter(|rel| {
            while later.next_if(|p| p < rel).is_some() {}
            !rel.starts_with('.') && later.peek() != Some(rel)
        })
        .collect()
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Refuses to write once the build was interrupted, or outside the output folder.
fn writable(rel: &str) -> io::Result<()> {
    if interrupted() {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
    }
    check_rel(rel)
}

impl StagedOutput {
    /// Where `rel` is staged, its folder created, after the checks of [`writable`].
    fn staged(&self, rel: &str) -> io::Result<PathBuf> {
        writable(rel)?;
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        let path = self.staging.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    }
}

impl StagedOutput {
    /// In an overlay, the target's file `rel` when it exists (a file the build may find it
    /// writes again byte for byte).
    fn current(&self, rel: &str) -> Option<PathBuf> {
        let path = self.target.join(rel);
        (self.overlay && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()))
            .then_some(path)
    }

    /// Records that the target's `rel` already holds what this build produced.
    fn keep(&self, rel: &str, len: u64) {
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
    }
}

impl Sink for StagedOutput {
    fn size(&self, rel: &str) -> Option<u64> {
        let staged = std::fs::metadata(self.staging.join(rel)).ok();
        let len = staged.or_else(|| std::fs::metadata(self.current(rel)?).ok())?;
        Some(len.len())
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        writable(rel)?;
        // Pages every build writes (the overview, feeds…) are often the same bytes: leaving
        // the file in place spares a rename and the removal of the old one.
        if let Some(current) = self.current(rel)
            && std::fs::metadata(&current).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&current).is_ok_and(|old| old == bytes)
        {
            self.keep(rel, bytes.len() as u64);
            return Ok(());
        }
        let path = self.staged(rel)?;
        std::fs::write(&path, bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        writable(rel)?;
        // The national `observations.csv` is written by every build and is gigabytes: compared
        // with the file in place as it is produced, it is written (and the old one removed)
        // only when it differs.
        if let Some(current) = self.current(rel) {
            let mut same = IfChanged {
                old: Some(io::BufReader::with_capacity(
                    1 << 20,
                    std::fs::File::open(&current)?,
                )),
                offset: 0,
                old_path: current,
                new_path: self.staging.join(rel),
                new: None,
                scratch: Vec::new(),
            };
            fill(&mut same)?;
            return match same.finish()? {
                None => {
                    self.keep(rel, same.offset);
                    Ok(())
                }
                Some(written) => {
                    self.staged(rel)?;
                    self.files.fetch_add(1, Ordering::Relaxed);
                    self.bytes.fetch_add(written, Ordering::Relaxed);
                    Ok(())
                }
            };
        }
        let path = self.staged(rel)?;
        let mut file = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        fill(&mut file)?;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        let written = file.metadata()?.len();
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(written, Ordering::Relaxed);
        Ok(())
    }

    /// Made in its place in the staging folder. Always staged, even in an overlay: a database
    /// or workbook is made again only when its inputs changed, so it is not the same bytes.
    fn file(&self, rel: &str, make: &mut dyn FnMut(&Path) -> io::Result<()>) -> io::Result<()> {
        writable(rel)?;
        let path = self.staged(rel)?;
        make(&path)?;
        let written = std::fs::metadata(&path)?.len();
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(written, Ordering::Relaxed);
        Ok(())
    }

    /// A hard link to the previous output's file: no bytes copied, and the file's time stays
    /// the time it was rendered. Copies when links are not possible (another file system).
    fn reuse(&self, rel: &str, from: &Path, len: u64) -> io::Result<()> {
        writable(rel)?;
        if self.overlay && from == self.target.join(rel) {
            self.kept
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.to_string());
            self.files.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(len, Ordering::Relaxed);
            return Ok(());
        }
        let path = self.staged(rel)?;
        let len = match std::fs::hard_link(from, &path) {
            Ok(()) => len,
            Err(_) => std::fs::copy(from, &path)?,
        };
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::siblings::empty_trash;
    #[test]
    fn files_gone_are_those_not_produced_again_except_top_dotfiles() {
        let previous: Vec<String> = ["a.html", ".git/HEAD", ".gitkeep", "x/.hidden", "x/b.html"]
            .map(String::from)
            .to_vec();
        let produced = vec![".minhbach-output".to_string(), "a.html".to_string()];
        assert_eq!(gone(&previous, &produced), vec!["x/.hidden", "x/b.html"]);
    }

    #[test]
    fn the_side_by_side_walk_finds_what_a_set_finds() {
        // Overlapping sorted lists, each with paths the other lacks, at both ends and between.
        let list = |step: usize, skip: usize| -> Vec<String> {
            let mut l: Vec<String> = (0..300)
                .filter(|i| i % step != skip)
                .map(|i| format!("p/{:03}/{}.html", i * 7 % 300, i % 3))
                .collect();
            l.sort();
            l.dedup();
            l
        };
        for (previous, produced) in [
            (list(3, 0), list(4, 1)),
            (list(5, 2), list(2, 0)),
            (list(7, 7), Vec::new()),
        ] {
            let set: std::collections::HashSet<&str> =
                produced.iter().map(String::as_str).collect();
            let expected: Vec<&str> = previous
                .iter()
                .map(String::as_str)
                .filter(|r| !set.contains(r))
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(gone(&previous, &produced), expected);
        }
    }

    #[test]
    fn swaps_in_only_on_commit_and_keeps_dotfiles() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(target.join(".git")).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let out = StagedOutput::new(&target).unwrap();
            out.write("new.html", b"new").unwrap();
            // dropped without commit: a failed build
        }
        assert!(target.join("old.html").exists());
        assert!(!dir.path().join(".public.minhbach-staging").exists());
        let mut out = StagedOutput::new(&target).unwrap();
        out.write("new.html", b"new").unwrap();
        let produced = out.produced();
        out.commit(&produced).unwrap();
        assert!(!target.join("old.html").exists());
        assert!(target.join("new.html").exists());
        assert!(target.join(".git").is_dir());
    }

    #[test]
    fn an_update_keeps_what_it_replaces_in_the_trash_until_it_is_online() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let trash = dir.path().join(".public.minhbach-trash");
        std::fs::create_dir_all(target.join("a")).unwrap();
        std::fs::write(target.join("a/page.html"), "old").unwrap();
        std::fs::write(target.join("a/gone.html"), "gone").unwrap();
        let previous = vec!["a/gone.html".to_string(), "a/page.html".to_string()];
        let mut out = StagedOutput::overlay(&target, previous).unwrap();
        out.write("a/page.html", b"new").unwrap();
        let produced = out.produced();
        out.commit(&produced).unwrap();
        assert_eq!(std::fs::read(target.join("a/page.html")).unwrap(), b"new");
        assert!(!target.join("a/gone.html").exists());
        // the replaced and the removed file wait in the trash, out of the output
        let mut waiting: Vec<Vec<u8>> = std::fs::read_dir(&trash)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        waiting.sort();
        assert_eq!(waiting, vec![b"gone".to_vec(), b"old".to_vec()]);
        empty_trash(&target).unwrap();
        assert!(!trash.exists());
        // a trash left by a build killed before emptying it goes with the next build
        std::fs::create_dir_all(&trash).unwrap();
        std::fs::write(trash.join("0"), "x").unwrap();
        drop(StagedOutput::new(&target).unwrap());
        assert!(!trash.exists());
        assert_eq!(std::fs::read(target.join("a/page.html")).unwrap(), b"new");
    }

    #[test]
    fn a_panic_mid_build_leaves_the_previous_site_and_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("index.html"), "previous").unwrap();
        let result = std::panic::catch_unwind(|| {
            let out = StagedOutput::new(&target).unwrap();
            out.write("index.html", b"half").unwrap();
            panic!("a bug while rendering");
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!dir.path().join(".public.minhbach-staging").exists());
    }
}
