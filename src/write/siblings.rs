//! The folders beside an output folder (`.public.minhbach-staging`, `-old`, `-trash`): their
//! names, what a killed build left there, and emptying the trash.

use super::safety::MARKER;
use std::io;
use std::path::{Path, PathBuf};

pub(super) fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.minhbach-{suffix}"))
}

/// Moves the top-level dotfiles of `from` that `to` lacks (a deploy `.git`, `.gitkeep`) into `to`.
pub(super) fn carry_dotfiles(from: &Path, to: &Path) -> io::Result<()> {
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

/// Removes the files an update replaced or removed in `target`, which its commit kept in a
/// trash folder beside it so that putting the update online was not slowed by freeing them.
pub fn empty_trash(target: &Path) -> io::Result<()> {
    let trash = sibling(target, "trash");
    match trash.is_dir() {
        true => remove_tree(&trash),
        false => Ok(()),
    }
}

/// Removes a folder and everything in it, sub-folders in parallel: the previous site has
/// tens of thousands of files, and deleting them one after the other took longer than an
/// incremental build's rendering.
pub(super) fn remove_tree(dir: &Path) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
