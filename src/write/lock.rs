//! The output lock: one build at a time writes an output folder.

use std::io;
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
