//! What a process that builds the same site into the same output again and again (`serve`)
//! keeps between its builds, so that the next one neither decodes the caches again nor checks
//! the files it wrote itself (see [`checked::Memory`] and [`cache::Remembered`]), and, with a
//! file watcher, lists again only the commune folders that changed ([`Listings`]). A build
//! that fails leaves only the listings (when the content had errors): the next one reads the
//! caches from disk, as `build` does.

use super::cache;
use super::checked;
use super::listings::{Changed, Listings};
use std::path::Path;

/// What one build leaves for the next build of the same process.
#[derive(Default)]
pub struct Memory {
    checked: checked::Memory,
    output: Option<cache::Remembered>,
    /// With a file watcher: what the last walk listed, and what changed since it began.
    walk: Option<Walk>,
}

/// The walk's part of a [`Memory`].
#[derive(Default)]
pub struct Walk {
    /// What the last walk listed in each commune folder.
    pub listings: Listings,
    /// What changed since that walk began.
    pub changed: Changed,
}

/// What a build takes from the [`Memory`] as it begins.
#[derive(Default)]
pub struct Held {
    /// Communes checked by the last build.
    pub checked: Option<checked::Memory>,
    /// The manifest the last build wrote.
    pub output: Option<cache::Remembered>,
    /// The last walk's listings, with a file watcher.
    pub walk: Option<Walk>,
}

impl Memory {
    /// The memory of a process that watches the content folder and reports, with
    /// [`Memory::note_change`], every change made there from the moment a build begins: then
    /// the next build lists again only the commune folders where something changed.
    pub fn watched() -> Memory {
        Memory {
            walk: Some(Walk::default()),
            ..Memory::default()
        }
    }

    /// Notes a change at `rel`, relative to the content folder (see [`Changed::note`]).
    pub fn note_change(&mut self, rel: &Path) {
        if let Some(walk) = &mut self.walk {
            walk.changed.note(rel);
        }
    }

    /// Notes that changes may have been missed (the watcher lost track): the next build lists
    /// every folder again.
    pub fn note_lost_track(&mut self) {
        if let Some(walk) = &mut self.walk {
            walk.changed = Changed::All;
        }
    }

    /// How many communes are held (for tests).
    pub fn communes(&self) -> usize {
        self.checked.communes()
    }

    /// How many commune folders' listings are held (for tests).
    pub fn listed(&mut self) -> usize {
        self.walk.as_mut().map_or(0, |w| w.listings.communes())
    }

    /// Everything held, for the build that begins; changes from now on are noted for the next
    /// one, and a build that fails leaves nothing else.
    pub fn take(&mut self) -> Held {
        let watched = self.walk.is_some();
        let held = std::mem::take(self);
        self.walk = watched.then(Walk::default);
        Held {
            checked: Some(held.checked),
            output: held.output,
            walk: held.walk,
        }
    }

    /// Keeps what a walk listed of content that had errors: it holds whatever the content
    /// says, and the fix to come lists only what changed (the changes noted since the walk
    /// began stay noted).
    pub fn keep_listings(&mut self, listings: Option<Listings>) {
        if let (Some(walk), Some(listings)) = (&mut self.walk, listings) {
            walk.listings = listings;
        }
    }

    /// Keeps what a successful build leaves: the manifest it wrote, its walk's listings (the
    /// changes noted meanwhile stay) and the communes it checked.
    pub fn keep(
        &mut self,
        output: Option<cache::Remembered>,
        listings: Option<Listings>,
        checked: Option<checked::Memory>,
    ) {
        self.output = output;
        if let (Some(walk), Some(listings)) = (&mut self.walk, listings) {
            walk.listings = listings;
        }
        if let Some(checked) = checked {
            self.checked = checked;
        }
    }
}
