//! Stage 5 — write: every output file goes through one [`Sink`]. The folder sink writes into a
//! fresh staging folder beside the target and swaps it in only when the whole build succeeded,
//! so a failed build leaves the previous site exactly as it was.

use crate::base::diagnostics::{Text, t};
use crate::render::Sink;
use rayon::slice::ParallelSliceMut;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Refuses paths that could leave the output folder.
fn check_rel(rel: &str) -> io::Result<()> {
    let ok = !rel.is_empty()
        && !rel.starts_with('/')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {rel}"),
        ))
    }
}

/// Keeps files in memory (tests, benchmarks).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files written so far, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        check_rel(rel)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Set by the Ctrl-C handler: writes stop and the staging folder is removed.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Asks running builds to stop at their next write (Ctrl-C).
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// True once [`interrupt`] has been called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Name of the file that marks a folder as minhbach output (so a build never replaces a folder
/// of someone else's files).
pub const MARKER: &str = ".minhbach-output";

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

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.minhbach-{suffix}"))
}

/// Moves the top-level dotfiles of `from` that `to` lacks (a deploy `.git`, `.gitkeep`) into `to`.
fn carry_dotfiles(from: &Path, to: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let dotfile = name.to_string_lossy().starts_with('.') && name != MARKER;
        if dotfile && !to.join(&name).exists() {
            std::fs::rename(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// Finishes or undoes what an interrupted build left beside `target` (a `kill -9` at any
/// moment): a previous site moved aside is put back, and leftovers are removed only after the
/// user's own top-level dotfiles in them are carried into the target.
pub fn recover(target: &Path) -> io::Result<()> {
    let old = sibling(target, "old");
    if old.is_dir() && !target.exists() {
        std::fs::rename(&old, target)?;
    }
    for leftover in [sibling(target, "staging"), sibling(target, "trash"), old] {
        if leftover.is_dir() {
            if target.is_dir() {
                carry_dotfiles(&leftover, target)?;
            }
            std::fs::remove_dir_all(&leftover)?;
        }
    }
    Ok(())
}

/// True when `target` holds files that a build of minhbach did not write: it is not empty, has
/// no [`MARKER`] and does not look like an earlier minhbach site.
pub fn foreign_folder(target: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(target) else {
        return target.exists();
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let ours = |n: &str| names.iter().any(|x| x == n);
    let only_dotfiles = names.iter().all(|n| n.starts_with('.'));
    // Sites built before the marker existed have these three files at the top.
    let earlier_site = ours("index.html") && ours("404.html") && ours("sitemap.xml");
    !(only_dotfiles || ours(MARKER) || earlier_site)
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

/// Removes the files an update replaced or removed in `target`, which its commit kept in a
/// trash folder beside it so that putting the update online was not slowed by freeing them.
pub fn empty_trash(target: &Path) -> io::Result<()> {
    let trash = sibling(target, "trash");
    match trash.is_dir() {
        true => remove_tree(&trash),
        false => Ok(()),
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

/// A writer that compares what it is given with an existing file and starts a new file (with
/// the equal part copied from the old one) only at the first difference.
struct IfChanged {
    /// The old file, while everything so far equals it.
    old: Option<io::BufReader<std::fs::File>>,
    /// Bytes found equal so far.
    offset: u64,
    old_path: PathBuf,
    new_path: PathBuf,
    new: Option<io::BufWriter<std::fs::File>>,
    scratch: Vec<u8>,
}

impl IfChanged {
    /// Starts the new file with the part of the old one found equal.
    fn diverge(&mut self) -> io::Result<&mut io::BufWriter<std::fs::File>> {
        if self.new.is_none() {
            self.old = None;
            if let Some(parent) = self.new_path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut new = std::fs::File::create(&self.new_path)?;
            // From file to file, so the kernel copies it (copy_file_range) without reading it.
            io::copy(
                &mut io::Read::take(std::fs::File::open(&self.old_path)?, self.offset),
                &mut new,
            )?;
            self.new = Some(io::BufWriter::with_capacity(1 << 20, new));
        }
        match &mut self.new {
            Some(new) => Ok(new),
            None => Err(io::Error::other("no file to write")),
        }
    }

    /// `None` when the old file is exactly what was written; else the new file's length.
    fn finish(&mut self) -> io::Result<Option<u64>> {
        if let Some(old) = &mut self.old {
            let mut byte = [0u8; 1];
            if io::Read::read(old, &mut byte)? == 0 {
                return Ok(None);
            }
        }
        self.diverge()?.flush()?;
        match self.new.take() {
            Some(new) => {
                let file = new.into_inner().map_err(io::IntoInnerError::into_error)?;
                Ok(Some(file.metadata()?.len()))
            }
            None => Err(io::Error::other("no file written")),
        }
    }
}

impl Write for IfChanged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(old) = &mut self.old {
            self.scratch.resize(buf.len(), 0);
            let mut got = 0;
            while got < buf.len() {
                match io::Read::read(old, &mut self.scratch[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if got == buf.len() && self.scratch[..got] == *buf {
                self.offset += got as u64;
                return Ok(buf.len());
            }
        }
        self.diverge()?.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.new {
            Some(new) => new.flush(),
            None => Ok(()),
        }
    }
}

/// Removes a folder and everything in it, sub-folders in parallel: the previous site has
/// tens of thousands of files, and deleting them one after the other took longer than an
/// incremental build's rendering.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
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

/// Held while a build writes an output folder (released when dropped, or when the process
/// ends, however it ends). A second build into the same folder meanwhile would take the first
/// one's staging folder for a killed build's leftovers and remove it.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

/// Takes the lock file at `path` (made if missing); `Ok(None)` while another process holds
/// it. On a file system without locks, the lock is granted: builds ran unguarded there before.
pub fn lock(path: &Path) -> io::Result<Option<Lock>> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Lock { _file: file })),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
            Ok(Some(Lock { _file: file }))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Why an output folder is refused: it must not be, contain or sit inside a `protected`
/// folder (content, themes), nor be or contain a `parent` folder (the working folder, the
/// repository, the home folder).
pub fn unsafe_output(
    output: &Path,
    protected: &[(&str, &Path)],
    parents: &[(&str, &Path)],
) -> Option<Text> {
    let out = absolute(output);
    let shown = output.display();
    for (what, dir) in parents {
        let dir = absolute(dir);
        if dir.starts_with(&out) {
            let d = dir.display();
            return Some(t(
                format!("the output folder {shown} would replace the {what} folder {d}"),
                format!(
                    "thư mục đầu ra {shown} sẽ thay thế thư mục {} {d}",
                    vi_folder(what)
                ),
            ));
        }
    }
    for (what, dir) in protected {
        let dir = absolute(dir);
        if out == dir || out.starts_with(&dir) || dir.starts_with(&out) {
            let d = dir.display();
            return Some(t(
                format!("the output folder {shown} would overwrite the {what} folder {d}"),
                format!(
                    "thư mục đầu ra {shown} sẽ ghi đè lên thư mục {} {d}",
                    vi_folder(what)
                ),
            ));
        }
    }
    if out.parent().is_none() {
        return Some(t(
            "the output folder is the root of the file system",
            "thư mục đầu ra là thư mục gốc của hệ thống tệp",
        ));
    }
    if out.is_file() {
        return Some(t(
            format!("the output {shown} is a file, not a folder"),
            format!("đầu ra {shown} là một tệp, không phải thư mục"),
        ));
    }
    if foreign_folder(&out) {
        return Some(t(
            format!(
                "the output folder {shown} holds files that minhbach did not write; a build replaces the whole folder"
            ),
            format!(
                "thư mục đầu ra {shown} chứa các tệp không do minhbach tạo ra; mỗi lần dựng sẽ thay toàn bộ thư mục"
            ),
        ));
    }
    None
}

/// The Vietnamese name of a protected folder.
fn vi_folder(what: &str) -> &'static str {
    match what {
        "content" => "nội dung",
        "themes" => "giao diện",
        "repository" => "kho mã (repository)",
        "home" => "nhà (home)",
        _ => "hiện tại",
    }
}

/// An absolute, normalised path (resolving symlinks for the part that exists).
fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name().map(|n| n.to_os_string()) else {
            break;
        };
        rest.push(name);
        if !existing.pop() {
            break;
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

/// A sink that keeps nothing but the size and SHA-256 of each file: what a release records
/// of the data files, without writing gigabytes of them twice.
#[derive(Default)]
pub struct Digests {
    files: Mutex<BTreeMap<String, (u64, String)>>,
}

impl Digests {
    /// Size and SHA-256 (lowercase hexadecimal) of every file, by path.
    pub fn into_files(self) -> BTreeMap<String, (u64, String)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn note(&self, rel: &str, bytes: u64, hash: sha2::Sha256) {
        use sha2::Digest as _;
        let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_string(), (bytes, hex));
    }
}

/// Counts and hashes what is written through it.
struct HashingWriter {
    hash: sha2::Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        use sha2::Digest as _;
        self.hash.update(buf);
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for Digests {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.stream(rel, &mut |out| out.write_all(bytes))
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        check_rel(rel)?;
        use sha2::Digest as _;
        let mut w = HashingWriter {
            hash: sha2::Sha256::new(),
            bytes: 0,
        };
        fill(&mut w)?;
        self.note(rel, w.bytes, w.hash);
        Ok(())
    }

    fn reuse(&self, rel: &str, from: &Path, _len: u64) -> io::Result<()> {
        let mut file = std::fs::File::open(from)?;
        self.stream(rel, &mut |out| io::copy(&mut file, out).map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Streams `parts` over a file holding `old`: `(kept, bytes of the target afterwards)`.
    fn overwrite(old: &[u8], parts: &[&[u8]]) -> (bool, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let (old_path, new_path) = (dir.path().join("old"), dir.path().join("sub/new"));
        std::fs::write(&old_path, old).unwrap();
        let mut w = IfChanged {
            old: Some(io::BufReader::new(std::fs::File::open(&old_path).unwrap())),
            offset: 0,
            old_path: old_path.clone(),
            new_path: new_path.clone(),
            new: None,
            scratch: Vec::new(),
        };
        for part in parts {
            w.write_all(part).unwrap();
        }
        match w.finish().unwrap() {
            None => {
                assert!(!new_path.exists());
                (true, std::fs::read(&old_path).unwrap())
            }
            Some(len) => {
                let bytes = std::fs::read(&new_path).unwrap();
                assert_eq!(len, bytes.len() as u64);
                (false, bytes)
            }
        }
    }

    #[test]
    fn a_streamed_file_is_written_only_when_it_differs() {
        assert_eq!(
            overwrite(b"abcdef", &[b"abc", b"def"]),
            (true, b"abcdef".to_vec())
        );
        assert_eq!(overwrite(b"", &[]), (true, b"".to_vec()));
        assert_eq!(
            overwrite(b"abcdef", &[b"abc", b"dXf"]),
            (false, b"abcdXf".to_vec())
        );
        assert_eq!(overwrite(b"abcdef", &[b"abc"]), (false, b"abc".to_vec()));
        assert_eq!(
            overwrite(b"abc", &[b"abc", b"def"]),
            (false, b"abcdef".to_vec())
        );
        assert_eq!(
            overwrite(b"abc", &[b"xbc", b"d"]),
            (false, b"xbcd".to_vec())
        );
    }

    #[test]
    fn refuses_paths_leaving_the_output() {
        let sink = MemorySink::default();
        assert!(sink.write("../x", b"").is_err());
        assert!(sink.write("/etc/x", b"").is_err());
        assert!(sink.write("a/./b", b"").is_ok());
        assert!(sink.write("data/observations.csv", b"x").is_ok());
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
    fn a_lock_file_is_held_by_one_process_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache").join("lock");
        let first = lock(&path).unwrap();
        assert!(first.is_some());
        assert!(path.is_file());
        // Another open file is another holder, as another process would be.
        assert!(lock(&path).unwrap().is_none(), "held by the first");
        assert!(lock(&dir.path().join("other")).unwrap().is_some());
        drop(first);
        assert!(lock(&path).unwrap().is_some(), "released");
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

    #[test]
    fn recovers_from_a_kill_between_the_two_renames() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let old = dir.path().join(".public.minhbach-old");
        std::fs::create_dir_all(old.join(".git")).unwrap();
        std::fs::write(old.join("index.html"), "previous").unwrap();
        std::fs::create_dir_all(dir.path().join(".public.minhbach-staging")).unwrap();
        recover(&target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "previous"
        );
        assert!(target.join(".git").is_dir());
        assert!(!old.exists());
        assert!(!dir.path().join(".public.minhbach-staging").exists());
    }

    #[test]
    fn a_leftover_old_site_gives_back_its_dotfiles() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let old = dir.path().join(".public.minhbach-old");
        std::fs::create_dir_all(old.join(".git")).unwrap();
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("index.html"), "new").unwrap();
        recover(&target).unwrap();
        assert!(target.join(".git").is_dir());
        assert!(!old.exists());
    }

    #[test]
    fn refuses_folders_of_other_files_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("Documents");
        std::fs::create_dir_all(&docs).unwrap();
        assert!(unsafe_output(&docs, &[], &[]).is_none());
        std::fs::write(docs.join("thesis.docx"), "mine").unwrap();
        let why = unsafe_output(&docs, &[], &[]).unwrap();
        assert!(why.contains("did not write"), "{why}");
        std::fs::write(docs.join(MARKER), "").unwrap();
        assert!(unsafe_output(&docs, &[], &[]).is_none());
        let earlier = dir.path().join("public");
        std::fs::create_dir_all(earlier.join("data")).unwrap();
        for f in ["index.html", "404.html", "sitemap.xml"] {
            std::fs::write(earlier.join(f), "").unwrap();
        }
        assert!(unsafe_output(&earlier, &[], &[]).is_none());
        assert!(
            unsafe_output(&docs.join(MARKER), &[], &[])
                .unwrap()
                .contains("is a file")
        );
    }

    #[test]
    fn refuses_outputs_over_sources() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let site = [("site", dir.path())];
        assert!(unsafe_output(&content, &[("content", &content)], &site).is_some());
        assert!(unsafe_output(&content.join("x"), &[("content", &content)], &site).is_some());
        assert!(unsafe_output(dir.path(), &[("content", &content)], &[]).is_some());
        assert!(unsafe_output(dir.path(), &[], &site).is_some());
        assert!(
            unsafe_output(&dir.path().join("public"), &[("content", &content)], &site).is_none()
        );
    }
}
