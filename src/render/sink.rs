//! Where render sends what it makes: every output file goes through one [`Sink`] (the write
//! stage provides the folder, memory and checksum sinks), and every part of the output is made
//! through [`Parts`], which may take it unchanged from the previous build instead.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A content hash (BLAKE3).
pub type Key = [u8; 32];

/// Where rendered files go. Paths are relative, `/`-separated, built from validated ids.
pub trait Sink: Sync {
    /// Writes one file.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Writes one file from parts that `fill` produces in order, so that a file larger than
    /// memory (the national `observations.csv`) never has to be held whole. By default the parts
    /// are collected and handed to [`Sink::write`].
    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel, &bytes)
    }

    /// Writes `rel` with the content of the file `from` (a file of the previous output that an
    /// incremental build reuses, `len` bytes long). By default the file is read and written.
    fn reuse(&self, rel: &str, from: &Path, _len: u64) -> io::Result<()> {
        self.write(rel, &std::fs::read(from)?)
    }

    /// Writes one file that `make` creates at the path it is given: a database or workbook
    /// that a library saves to a path. The folder sink gives it the file's own place in the
    /// staging folder, so that gigabytes are not written twice; by default the file is made
    /// in a temporary folder and then streamed through [`Sink::stream`].
    /// The size in bytes of `rel` as this build leaves it, when the sink can tell (a file
    /// already written, or one of the previous output an update keeps); `None` otherwise. The
    /// downloads page gives each file's size from it.
    fn size(&self, _rel: &str) -> Option<u64> {
        None
    }

    fn file(&self, rel: &str, make: &mut dyn FnMut(&Path) -> io::Result<()>) -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("file");
        make(&path)?;
        let mut made = std::fs::File::open(&path)?;
        self.stream(rel, &mut |out| io::copy(&mut made, out).map(drop))
    }
}

/// What a job reads besides the site-wide inputs.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// One commune's data and reports: `(province id, commune id)`.
    Commune(&'a str, &'a str),
    /// The data and reports of every commune of a province.
    Province(&'a str),
    /// The data and reports of every commune (the national data files).
    Site,
    /// The report files of every commune, not their data: with the names, all the search
    /// index reads, so that a month of new figures leaves it as it is.
    Reports,
    /// One report file, `communes/<province>/<commune>/reports/<report>.md`, and `periods`: a
    /// hash of the facts of the periods that cite it. A report page shows nothing else of its
    /// commune's figures, so a new month leaves the commune's report pages as they are.
    Report {
        /// Province id.
        province: &'a str,
        /// Commune id.
        commune: &'a str,
        /// Report id.
        report: &'a str,
        /// Hash of what the page shows of the periods citing the report.
        periods: Key,
    },
}

/// Makes the parts of the output ("jobs": one commune's page, one province's workbook…). An
/// incremental build (`incremental::cache::Cache`) takes a part unchanged from the
/// previous output when its inputs are the same; [`Fresh`] always renders.
pub trait Parts: Sync {
    /// Mixes into every part's key a fact that every part may depend on (the theme, or one
    /// derived from the whole site's figures) but that no part's own inputs hold.
    fn add_site_wide(&mut self, fact: &[u8]);

    /// Makes part `id` (reading the site-wide inputs and `scope`) into `sink` with `render`,
    /// or takes its files from the previous output; returns true when taken.
    fn run(
        &self,
        id: &str,
        scope: Scope,
        sink: &dyn Sink,
        render: &mut dyn FnMut(&dyn Sink) -> io::Result<()>,
    ) -> io::Result<bool>;

    /// Path of `rel` in the previous output (for a part that reads back what it took).
    fn previous_file(&self, rel: &str) -> PathBuf;
}

/// Renders every part, reusing nothing (tests, `--no-cache` without a cache folder).
pub struct Fresh;

impl Parts for Fresh {
    fn add_site_wide(&mut self, _: &[u8]) {}

    fn run(
        &self,
        _: &str,
        _: Scope,
        sink: &dyn Sink,
        render: &mut dyn FnMut(&dyn Sink) -> io::Result<()>,
    ) -> io::Result<bool> {
        render(sink)?;
        Ok(false)
    }

    fn previous_file(&self, rel: &str) -> PathBuf {
        PathBuf::from(rel)
    }
}
