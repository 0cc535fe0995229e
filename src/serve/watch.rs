//! Watching the content and theme folders: each burst of changes (debounced) is noted in
//! the build's memory and rebuilds the site.

use super::state::{State, rebuild};
use crate::base::diagnostics::{Text, t};
use crate::incremental::memory;
use crate::pipeline::Paths;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the watcher waits for a burst of changes (an editor saving several files) to end.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// The longest a rebuild waits while changes keep coming.
const MAX_WAIT: Duration = Duration::from_millis(600);

/// True for changes that matter to the site: not dotfiles (editor swap files, `.git`) nor
/// editor backups (`name~`). Only the part of `path` inside one of `roots` is looked at.
fn relevant(path: &Path, roots: &[PathBuf]) -> bool {
    let inside = roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()));
    !inside.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        (s.starts_with('.') && s != "." && s != "..") || s.ends_with('~') || s == "4913"
    })
}

/// A watcher kept alive while the server runs.
pub(super) type Watcher = Box<dyn notify::Watcher + Send>;

/// True for an event that can change the site: a file created, written, renamed or removed —
/// not a file being opened or read (every build reads every file).
fn changes(event: &notify::Event) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// A watcher of the content and themes folders, and the channel its events wait in.
pub(super) struct Watching {
    watcher: Watcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// The watched folders, canonical: events name paths under them.
    roots: Vec<PathBuf>,
    /// The content folder, canonical.
    content: PathBuf,
}

/// Starts watching the content folder and the themes folder; the events wait for [`follow`].
/// Fails with why the folders cannot be watched.
pub(super) fn watch(paths: &Paths) -> Result<Watching, Text> {
    use notify::{RecursiveMode, Watcher as _};
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let canonical = |p: &PathBuf| p.canonicalize().unwrap_or_else(|_| p.clone());
    let roots: Vec<PathBuf> = [&paths.content, &paths.themes]
        .into_iter()
        .filter(|p| p.is_dir())
        .map(canonical)
        .collect();
    let watch_err = |e: notify::Error| {
        t(
            format!("cannot watch the content folder for changes: {e}"),
            format!("không theo dõi được thay đổi của thư mục nội dung: {e}"),
        )
    };
    let native = notify::recommended_watcher(tx.clone()).and_then(|mut w| {
        for root in &roots {
            w.watch(root, RecursiveMode::Recursive)?;
        }
        Ok(w)
    });
    let watcher: Watcher = match native {
        Ok(w) => Box::new(w),
        Err(_) => {
            // Out of inotify watches, or a file system without change events: poll instead.
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            let mut w = notify::PollWatcher::new(tx, config).map_err(watch_err)?;
            for root in &roots {
                w.watch(root, RecursiveMode::Recursive).map_err(watch_err)?;
            }
            Box::new(w)
        }
    };
    Ok(Watching {
        watcher,
        events: rx,
        roots,
        content: canonical(&paths.content),
    })
}

/// Follows the events of `watching`: each is noted in the build's memory (which commune
/// folders the next build must list again), and after a burst of changes has been quiet for
/// [`DEBOUNCE`] (or after [`MAX_WAIT`] of constant changes), the site is rebuilt once.
pub(super) fn follow(watching: Watching, paths: &Paths, state: Arc<State>) -> Watcher {
    let Watching {
        watcher,
        events: rx,
        roots,
        content,
    } = watching;
    let paths = paths.clone();
    let matters = move |e: &notify::Result<notify::Event>| match e {
        Ok(event) => changes(event) && event.paths.iter().any(|p| relevant(p, &roots)),
        Err(_) => false,
    };
    std::thread::spawn(move || {
        let note = |e: &notify::Result<notify::Event>| {
            note_event(&mut state_memory(&state), &content, e);
        };
        while let Ok(first) = rx.recv() {
            note(&first);
            if !matters(&first) {
                continue;
            }
            // Wait for the burst (an editor saving through a temporary file) to settle.
            let deadline = Instant::now() + MAX_WAIT;
            loop {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(more) => {
                        note(&more);
                        if Instant::now() >= deadline {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            rebuild(&paths, &state, false);
        }
    });
    watcher
}

pub(super) fn state_memory(state: &State) -> std::sync::MutexGuard<'_, memory::Memory> {
    state.memory.lock().unwrap_or_else(|e| e.into_inner())
}

/// Notes in `memory` what `event` says may have changed under the content folder `content`:
/// the paths of any event but a file being opened or read, and everything when the watcher
/// lost track (its queue overflowed, or it failed).
fn note_event(memory: &mut memory::Memory, content: &Path, event: &notify::Result<notify::Event>) {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    let event = match event {
        Ok(event) if !event.need_rescan() => event,
        _ => return memory.note_lost_track(),
    };
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return,
        _ => {}
    }
    for path in &event.paths {
        if let Ok(rel) = path.strip_prefix(content) {
            memory.note_change(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_files_and_editors_backups_rebuild_nothing() {
        let roots = [PathBuf::from("/tmp/.tmpX/content")];
        assert!(!relevant(Path::new("/tmp/.tmpX/content/.x.swp"), &roots));
        assert!(!relevant(Path::new("/tmp/.tmpX/content/a/.git/x"), &roots));
        assert!(!relevant(Path::new("/tmp/.tmpX/content/a.yaml~"), &roots));
        assert!(relevant(
            Path::new("/tmp/.tmpX/content/communes/a/b/data/x.yaml"),
            &roots
        ));
    }
}
