//! What a file is to the load stage: its text once read, parsed as YAML or as Markdown with
//! front matter, and the size and time the walk saw (which incremental builds compare).

use std::path::PathBuf;

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
    pub(super) fn of(rel: String, meta: &std::fs::Metadata) -> Stamp {
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
