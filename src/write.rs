//! Stage 5 — write: every output file goes through one [`Sink`]. The folder sink writes into a
//! fresh staging folder beside the target and swaps it in only when the whole build succeeded,
//! so a failed build leaves the previous site exactly as it was.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where rendered files go. Paths are relative, `/`-separated, built from validated ids.
pub trait Sink: Sync {
    /// Writes one file.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
}

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

/// Keeps files in memory (tests, previews).
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

/// Writes into a staging folder next to the target; [`StagedOutput::commit`] swaps it in.
pub struct StagedOutput {
    target: PathBuf,
    staging: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
    committed: bool,
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.minhbach-{suffix}"))
}

impl StagedOutput {
    /// Prepares a fresh staging folder for `target`, removing leftovers of interrupted builds.
    pub fn new(target: &Path) -> io::Result<Self> {
        let staging = sibling(target, "staging");
        for leftover in [&staging, &sibling(target, "old")] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)?;
            }
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Self {
            target: target.to_path_buf(),
            staging,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Number of files and bytes written.
    pub fn totals(&self) -> (u64, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// Replaces the target with the staged files. Top-level entries of the old output whose
    /// names start with `.` (a deploy `.git`, `.gitkeep`) are carried over.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            let old = sibling(&self.target, "old");
            for entry in std::fs::read_dir(&self.target)? {
                let entry = entry?;
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') && !self.staging.join(&name).exists() {
                    std::fs::rename(entry.path(), self.staging.join(&name))?;
                }
            }
            std::fs::rename(&self.target, &old)?;
            std::fs::rename(&self.staging, &self.target)?;
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&self.staging, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for StagedOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl Sink for StagedOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        check_rel(rel)?;
        let path = self.staging.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// Why an output folder is refused: it must not be, contain or sit inside a `protected`
/// folder (content, themes), nor be or contain a `parent` folder (the working folder).
pub fn unsafe_output(
    output: &Path,
    protected: &[(&str, &Path)],
    parents: &[(&str, &Path)],
) -> Option<String> {
    let out = absolute(output);
    for (what, dir) in parents {
        let dir = absolute(dir);
        if dir.starts_with(&out) {
            return Some(format!(
                "the output folder {} would replace the {what} folder {}",
                output.display(),
                dir.display()
            ));
        }
    }
    for (what, dir) in protected {
        let dir = absolute(dir);
        if out == dir || out.starts_with(&dir) || dir.starts_with(&out) {
            return Some(format!(
                "the output folder {} would overwrite the {what} folder {}",
                output.display(),
                dir.display()
            ));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && out == absolute(&home)
    {
        return Some("the output folder is your home folder".into());
    }
    if out.parent().is_none() {
        return Some("the output folder is the root of the file system".into());
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let out = StagedOutput::new(&target).unwrap();
        out.write("new.html", b"new").unwrap();
        out.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert!(target.join("new.html").exists());
        assert!(target.join(".git").is_dir());
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
