//! Where a preview is built (a folder of the user's cache per site), and the removal of
//! previews no `serve` has used for a month.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder a preview of `content` with `themes` is built into: in the user's cache
/// (`$XDG_CACHE_HOME`, else `~/.cache`, else the system's temporary folder), named after the
/// two folders, so that serving the same site again starts from what was built before. The
/// build's cache sits beside it, as beside `public/`.
pub fn preview_folder(content: &Path, themes: &Path) -> PathBuf {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = absolute("XDG_CACHE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let mut h = blake3::Hasher::new();
    for dir in [content, themes] {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        h.update(dir.as_os_str().as_encoded_bytes());
        h.update(&[0]);
    }
    let id = h.finalize().to_hex();
    base.join("minhbach")
        .join(format!("preview-{}", &id[..16]))
        .join("site")
}

/// Previews not served for this long are removed when a `serve` starts (see
/// [`remove_stale_previews`]): a national five-year preview is 16 GB of files.
pub const PREVIEW_KEEP_DAYS: u64 = 30;

/// Marks a preview folder as served now, for [`remove_stale_previews`].
pub(super) const LAST_USED: &str = "last-used";

/// When the preview folder `dir` (a `preview-<id>` folder) was last served or built: the
/// newest time of its `last-used` mark, its build manifest and the folder itself.
fn last_used(dir: &Path) -> Option<std::time::SystemTime> {
    let site = dir.join("site");
    let manifest = crate::incremental::cache::folder(&site).join("manifest.bin");
    [dir.join(LAST_USED), manifest, dir.to_path_buf()]
        .iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()
}

/// Removes the preview folders beside `current` (those of other sites, in the same cache
/// folder) that no `serve` has used for [`PREVIEW_KEEP_DAYS`] days, and returns them. A
/// folder whose server is running (its lock is held) is kept, whatever its age; only folders
/// named `preview-…` are considered. Serving such a site again rebuilds it from scratch.
pub fn remove_stale_previews(current: &Path, now: std::time::SystemTime) -> Vec<PathBuf> {
    let keep = Duration::from_secs(PREVIEW_KEEP_DAYS * 24 * 3600);
    let Some(mine) = current.parent() else {
        return Vec::new();
    };
    let Some(Ok(entries)) = mine.parent().map(std::fs::read_dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let dir = entry.path();
        let ours = entry.file_name().to_string_lossy().starts_with("preview-");
        if !ours || dir == mine || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let stale = last_used(&dir)
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > keep);
        if !stale {
            continue;
        }
        // Held while the folder goes: a `serve` of that site starting meanwhile is refused
        // ("already previewing") instead of building into a folder half gone.
        let Ok(Some(_lock)) = crate::write::lock(&dir.join("serve.lock")) else {
            continue;
        };
        if std::fs::remove_dir_all(&dir).is_ok() {
            removed.push(dir);
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets the modified time of `path` (a file or a folder) to `days` days before `now`.
    fn age(path: &Path, now: std::time::SystemTime, days: u64) {
        let when = now - Duration::from_secs(days * 24 * 3600);
        let file = std::fs::File::open(path).unwrap();
        file.set_modified(when).unwrap();
    }

    #[test]
    fn previews_unused_for_a_month_go_unless_served_or_not_ours() {
        let base = tempfile::tempdir().unwrap();
        let cache = base.path().join("minhbach");
        let now = std::time::SystemTime::now();
        let make = |name: &str| {
            let dir = cache.join(name);
            std::fs::create_dir_all(dir.join("site")).unwrap();
            std::fs::write(dir.join("site/index.html"), "x").unwrap();
            dir
        };
        let current = make("preview-current");
        let old = make("preview-old");
        let recent = make("preview-recent");
        let served = make("preview-served");
        let foreign = make("notes-old");
        // An old folder, but built recently: its manifest is new.
        let rebuilt = make("preview-rebuilt");
        let manifest =
            crate::incremental::cache::folder(&rebuilt.join("site")).join("manifest.bin");
        std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        std::fs::write(&manifest, "m").unwrap();
        let _held = crate::write::lock(&served.join("serve.lock"))
            .unwrap()
            .unwrap();
        for dir in [&current, &old, &served, &foreign, &rebuilt] {
            age(dir, now, 40);
        }
        age(&recent, now, 29);
        let removed = remove_stale_previews(&current.join("site"), now);
        assert_eq!(removed, vec![old.clone()]);
        assert!(!old.exists());
        for kept in [&current, &recent, &served, &foreign, &rebuilt] {
            assert!(kept.join("site/index.html").is_file(), "{}", kept.display());
        }
        // A `last-used` mark of today keeps a folder that is otherwise old.
        std::fs::write(recent.join(LAST_USED), "").unwrap();
        age(&recent, now, 400);
        assert!(remove_stale_previews(&current.join("site"), now).is_empty());
    }
}
