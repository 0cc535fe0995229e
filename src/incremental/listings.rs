//! What a process that builds the same content again and again (`serve`) keeps of the walk:
//! each commune folder's files as last listed, so that, told of every change by a file
//! watcher ([`Changed`]), its next walk lists again only the commune folders where something
//! changed. At national scale, listing the 270,000 files and reading each one's size and time
//! is most of an update's load.
//!
//! Only each file's [`Stamp`] is kept: the walk makes its entries again from the stamps' paths
//! when a folder is recalled. The walk's entries held six more strings each, about 240 MB for
//! 270,000 files, for as long as the server ran; the stamps take a tenth.

use crate::load::{self, ByCommune, FolderStamps, Loaded, Reuse, Stamp};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

/// What the last walk listed in each commune folder, and how many folders it took from the
/// listings before it.
#[derive(Default)]
pub struct Listings {
    stamps: Option<FolderStamps>,
    /// How many commune folders the walk that made these took from the listings before it.
    recalled: usize,
}

impl Listings {
    /// How many commune folders are held.
    pub fn communes(&mut self) -> usize {
        let stamps = self
            .stamps
            .take()
            .map(FolderStamps::into_map)
            .unwrap_or_default();
        let held = stamps.len();
        self.stamps = Some(FolderStamps::ready(stamps));
        held
    }

    /// How many commune folders the walk that made these did not list itself but took from
    /// the listings before it: when any, what it found is only as true as the changes it was
    /// told of.
    pub fn recalled(&self) -> usize {
        self.recalled
    }
}

/// Which commune folders may have changed since a walk began, from a file watcher's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Anything may have (the watcher lost track): every folder is listed again.
    All,
    /// Only what is in these `(province, commune)` folders; the files outside commune folders
    /// are listed at every walk anyway.
    Communes(HashSet<(String, String)>),
}

impl Default for Changed {
    fn default() -> Self {
        Changed::Communes(HashSet::new())
    }
}

impl Changed {
    /// Notes a change at `rel`, relative to the content folder. A change to a province folder,
    /// `communes/` or the content folder itself (created, removed or renamed as a whole) may
    /// have replaced any commune folder under it.
    pub fn note(&mut self, rel: &Path) {
        let Changed::Communes(communes) = self else {
            return;
        };
        let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
        match parts.as_deref() {
            Some(["communes", province, commune, ..]) => {
                communes.insert((province.to_string(), commune.to_string()));
            }
            Some(["communes", ..] | []) | None => *self = Changed::All,
            Some(_) => {}
        }
    }
}

/// Listings of the last walk that a walk may take instead of listing a commune folder again,
/// and how many it took.
struct Recalling(Mutex<(ByCommune, usize)>);

impl Recalling {
    /// What `listings` hold for the folders that `changed` does not name.
    fn new(listings: Listings, changed: &Changed) -> Recalling {
        let mut communes = listings
            .stamps
            .map(FolderStamps::into_map)
            .unwrap_or_default();
        match changed {
            Changed::All => communes.clear(),
            Changed::Communes(names) => {
                for name in names {
                    communes.remove(name);
                }
            }
        }
        Recalling(Mutex::new((communes, 0)))
    }

    fn taken(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).1
    }
}

impl load::Recall for Recalling {
    fn take(&self, province: &str, commune: &str) -> Option<Vec<Stamp>> {
        let mut recall = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let stamps = recall
            .0
            .remove(&(province.to_string(), commune.to_string()))?;
        recall.1 += 1;
        Some(stamps)
    }
}

/// Loads `content` ([`load::load_recalling`]), taking from `listings` what the last walk
/// listed in the commune folders that `changed` does not name (the caller vouches that it
/// names every folder where a file was added, removed or changed since that walk began), and
/// giving back this walk's listings.
pub fn load(
    content: &Path,
    reuse: &dyn Reuse,
    listings: Listings,
    changed: &Changed,
) -> (Loaded, Listings) {
    let recall = Recalling::new(listings, changed);
    let (loaded, stamps) = load::load_recalling(content, reuse, &recall);
    let listings = Listings {
        stamps: Some(stamps),
        recalled: recall.taken(),
    };
    (loaded, listings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Recall;

    #[test]
    fn a_folder_is_recalled_once_unless_a_change_names_it() {
        let stamp = |rel: &str| Stamp {
            rel: rel.into(),
            len: 1,
            modified: None,
        };
        let mut held = ByCommune::new();
        for c in ["a", "b"] {
            let rel = format!("communes/p/{c}/commune.yaml");
            held.insert(("p".into(), c.into()), vec![stamp(&rel)]);
        }
        let listings = Listings {
            stamps: Some(FolderStamps::ready(held)),
            recalled: 0,
        };
        let mut changed = Changed::default();
        changed.note(Path::new("communes/p/b/data/2026-01.yaml"));
        let recall = Recalling::new(listings, &changed);
        assert_eq!(
            recall.take("p", "a"),
            Some(vec![stamp("communes/p/a/commune.yaml")])
        );
        assert_eq!(recall.take("p", "a"), None, "taken once");
        assert_eq!(recall.take("p", "b"), None, "changed: listed again");
        assert_eq!(recall.taken(), 1);
    }

    #[test]
    fn a_change_names_its_commune_folder_or_everything() {
        let note = |paths: &[&str]| {
            let mut changed = Changed::default();
            for p in paths {
                changed.note(Path::new(p));
            }
            changed
        };
        let communes = |ids: &[(&str, &str)]| {
            Changed::Communes(
                ids.iter()
                    .map(|(p, c)| (p.to_string(), c.to_string()))
                    .collect(),
            )
        };
        assert_eq!(
            note(&["communes/nghe-an/dien-chau/data/2026-01.yaml"]),
            communes(&[("nghe-an", "dien-chau")])
        );
        // the folder itself (created, renamed), a report, a swap file: its commune
        assert_eq!(
            note(&[
                "communes/nghe-an/dien-chau",
                "communes/nghe-an/dien-chau/reports/2026-01.md",
                "communes/ha-tinh/ky-anh/data/.2026-01.yaml.swp",
            ]),
            communes(&[("nghe-an", "dien-chau"), ("ha-tinh", "ky-anh")])
        );
        // files outside commune folders are listed at every walk anyway
        assert_eq!(
            note(&["site.yaml", "pages/about.vi.md", "releases/2026-02-01.yaml"]),
            communes(&[])
        );
        // a province folder, `communes/` or the content folder may hold other communes now
        for above in ["communes/nghe-an", "communes", ""] {
            assert_eq!(note(&[above]), Changed::All, "{above}");
        }
        // once everything, always everything
        assert_eq!(
            note(&["", "communes/nghe-an/dien-chau/commune.yaml"]),
            Changed::All
        );
    }
}
