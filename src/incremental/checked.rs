//! The checked-content cache: what an earlier build made of each commune's files, so that an
//! incremental build reads and checks only the communes whose files changed.
//!
//! One file per province, `checked/<province>.bin` in the cache folder beside the output
//! ([`cache::folder`]), in postcard. Its header holds a key: a hash of the minhbach executable,
//! the content folder's path and the fingerprints of `site.yaml`, `indicators.yaml` and the
//! province's `_province.yaml` (all a commune's checks may depend on besides its own files).
//! Then, per commune, the size and time of each of its files (`commune.yaml`, `data/*.yaml`,
//! `reports/*.md`), their fingerprints for the render cache, the warnings checking them gave,
//! and the commune as the model built it.
//!
//! A commune is reused only when its files are exactly those recorded, each with the recorded
//! size and time, and each older than the moment the build that recorded them began reading
//! (a file changed in the same instant as it was read could otherwise keep its time; git calls
//! this the racy-clean problem). A province file that cannot be decoded, is of another format
//! version or key, or names a file that is gone, is ignored as a whole. Anything it does not
//! vouch for is read and checked as in a full build.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::incremental::cache;
use crate::load::{CommuneFiles, Reuse, Stamp, since_epoch};
use crate::model::{Commune, Site};
use crate::render::Key;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Format version of the province files; another version is ignored.
// 3: communes carry their own targets.
const VERSION: u32 = 3;

/// The start of a province file.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Header {
    version: u32,
    key: Key,
    /// When the build that wrote the file began reading content (file system time).
    started: (u64, u32),
    /// BLAKE3 of everything after the header. A commune's figures are decoded only when used
    /// (see [`crate::model::Observations`]), long after the file was read: they must be known
    /// intact beforehand.
    digest: Key,
}

/// What is stored for one commune.
#[derive(Debug, Deserialize)]
struct Entry {
    commune: String,
    stamps: Vec<Stamp>,
    fingerprints: Vec<(String, Key)>,
    diagnostics: Vec<Diagnostic>,
    built: Commune,
}

/// An [`Entry`] whose commune went into the site. Its fingerprints went to the build's
/// inputs, which [`Store::save`] is given back.
struct Kept {
    stamps: Vec<Stamp>,
    diagnostics: Vec<Diagnostic>,
}

/// [`Entry`] by reference, for writing (the same fields in the same order).
#[derive(Serialize)]
struct EntryRef<'a> {
    commune: &'a str,
    stamps: &'a [Stamp],
    fingerprints: &'a [(&'a str, &'a Key)],
    diagnostics: &'a [Diagnostic],
    built: &'a Commune,
}

/// What a build takes from the cache instead of reading the files.
#[derive(Debug, Default)]
pub struct Reused {
    /// `(province id, commune)`, as the model built them.
    pub communes: Vec<(String, Commune)>,
    /// Fingerprints of their files, for the render cache.
    pub fingerprints: Vec<(String, Key)>,
    /// The warnings checking their files gave.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files they have.
    pub files: usize,
}

/// What is known about one province during a build.
#[derive(Default)]
struct Province {
    /// Its key this build (`None`: a file it depends on could not be read).
    key: Option<Key>,
    /// Entries of a trusted province file, by commune, for communes found unchanged.
    entries: HashMap<String, Entry>,
    /// Communes taken from the cache, with what is needed to write the province file again
    /// when another of its communes changed.
    kept: HashMap<String, Kept>,
}

/// The cache of one build.
pub struct Store {
    dir: PathBuf,
    program: Key,
    root: String,
    /// When this build began reading content, by the file system's clock.
    started: (u64, u32),
    use_previous: bool,
    provinces: Mutex<BTreeMap<String, Province>>,
    /// What the previous build of this process left in memory (see [`Memory`]).
    memory: Mutex<Memory>,
}

/// What a process that builds the same site again and again (`serve`) keeps of the checked
/// communes between its builds. The next build takes an unchanged commune from here, under
/// the same conditions as from a province file (same key, same files with the same sizes and
/// times), instead of decoding the province files again: 290 MB and about 0.6 s of CPU at
/// national five-year scale.
#[derive(Default)]
pub struct Memory {
    provinces: HashMap<String, Remembered>,
}

/// One province's communes as a build of this process left them.
struct Remembered {
    /// The province's key in that build.
    key: Key,
    entries: Vec<Entry>,
}

impl Memory {
    /// How many communes are held.
    pub fn communes(&self) -> usize {
        self.provinces.values().map(|p| p.entries.len()).sum()
    }
}

impl Store {
    /// The cache for a build of `content` into `output` by the program `program` (see
    /// [`cache::program_key`]); with `use_previous` false (`--no-cache`) nothing is read from
    /// it, but it is written for the next build. `None` when the cache folder cannot be
    /// written.
    pub fn open(content: &Path, output: &Path, program: Key, use_previous: bool) -> Option<Store> {
        let dir = cache::folder(output).join("checked");
        std::fs::create_dir_all(&dir).ok()?;
        // The file system's clock, not the system's: file times come from it, and may lag.
        let mark = dir.join("started");
        std::fs::write(&mark, b"").ok()?;
        let started = since_epoch(std::fs::metadata(&mark).ok()?.modified().ok()?)?;
        Some(Store {
            dir,
            program,
            root: content.to_string_lossy().into_owned(),
            started,
            use_previous,
            provinces: Mutex::new(BTreeMap::new()),
            memory: Mutex::new(Memory::default()),
        })
    }

    /// The same cache, taking unchanged communes from `memory` before the province files.
    pub fn with_memory(self, memory: Memory) -> Store {
        Store {
            memory: Mutex::new(memory),
            ..self
        }
    }

    /// The entries `memory` holds for `province` when they were made under `key`; taken out
    /// either way (a province whose key changed is read again).
    fn recall(&self, province: &str, key: &Key) -> Option<Vec<Entry>> {
        let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        let remembered = memory.provinces.remove(province)?;
        (remembered.key == *key).then_some(remembered.entries)
    }

    /// When this build began reading content, by the file system's clock.
    pub fn started(&self) -> (u64, u32) {
        self.started
    }

    fn path(&self, province: &str) -> PathBuf {
        self.dir.join(format!("{province}.bin"))
    }

    /// The key of `province`'s file, from the fingerprints of the site-wide files.
    fn key(&self, site: &HashMap<&str, &Key>, province: &str) -> Option<Key> {
        let mut h = blake3::Hasher::new();
        h.update(b"minhbach-checked\0");
        h.update(&VERSION.to_le_bytes());
        h.update(&self.program);
        h.update(self.root.as_bytes());
        h.update(&[0]);
        let province_file = format!("communes/{province}/_province.yaml");
        for rel in ["site.yaml", "indicators.yaml", province_file.as_str()] {
            h.update(rel.as_bytes());
            h.update(&[0]);
            h.update(site.get(rel)?.as_slice());
        }
        Some(*h.finalize().as_bytes())
    }

    /// Takes what the cache has for the communes `loaded` did not read.
    pub fn take(&self, reused: &[(String, String)]) -> Reused {
        let mut out = Reused::default();
        let mut provinces = self.lock();
        // Sized once: grown file by file, the 270,000 fingerprints were copied again and again.
        let files: usize = reused
            .iter()
            .filter_map(|(p, c)| provinces.get(p)?.entries.get(c))
            .map(|e| e.fingerprints.len())
            .sum();
        out.fingerprints.reserve_exact(files);
        for (p, c) in reused {
            let Some(province) = provinces.get_mut(p) else {
                continue;
            };
            let Some(entry) = province.entries.remove(c) else {
                continue;
            };
            out.communes.push((p.clone(), entry.built));
            // Moved, not copied: 270,000 paths at national scale.
            out.fingerprints.extend(entry.fingerprints);
            out.diagnostics.extend(entry.diagnostics.iter().cloned());
            out.files += entry.stamps.len();
            let kept = Kept {
                stamps: entry.stamps,
                diagnostics: entry.diagnostics,
            };
            province.kept.insert(c.clone(), kept);
        }
        // What was decoded but not taken is no longer needed.
        for province in provinces.values_mut() {
            province.entries = HashMap::new();
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Province>> {
        self.provinces.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the province files of `site` that changed: those with a commune read this build,
    /// or whose file was not trusted. `files` are the communes' files as the walk listed them,
    /// `fingerprints` every file's fingerprint, `diagnostics` the checks' warnings (data
    /// warnings of the model are derived again from the commune).
    pub fn save(
        &self,
        site: &Site,
        files: &[CommuneFiles],
        fingerprints: &[(String, Key)],
        diagnostics: &Diagnostics,
    ) -> io::Result<()> {
        let stamps: HashMap<(&str, &str), &[Stamp]> = files
            .iter()
            .map(|f| {
                (
                    (f.province.as_str(), f.commune.as_str()),
                    f.stamps.as_slice(),
                )
            })
            .collect();
        let mut prints: HashMap<(&str, &str), Vec<(&str, &Key)>> = HashMap::new();
        for (rel, key) in fingerprints {
            if let Some(id) = commune_of(rel) {
                prints.entry(id).or_default().push((rel, key));
            }
        }
        let mut diags: HashMap<(&str, &str), Vec<Diagnostic>> = HashMap::new();
        for d in diagnostics.iter() {
            let rel = d.file.strip_prefix(&self.root).unwrap_or(&d.file);
            if let Some(rel) = rel.to_str()
                && let Some((p, c)) = commune_of(rel)
            {
                diags.entry((p, c)).or_default().push(d.clone());
            }
        }
        let provinces = self.lock();
        let present: HashSet<&str> = site.provinces.iter().map(|p| p.info.id.as_str()).collect();
        site.provinces.par_iter().try_for_each(|province| {
            let p = province.info.id.as_str();
            let Some(state) = provinces.get(p) else {
                return Ok(());
            };
            let Some(key) = state.key else {
                return Ok(());
            };
            // Every commune taken from a trusted file that holds nothing else: nothing to add.
            let changed = province
                .communes
                .iter()
                .any(|c| !state.kept.contains_key(c.info.id.as_str()));
            if !changed {
                return Ok(());
            }
            let mut entries = Vec::new();
            for commune in &province.communes {
                let c = commune.info.id.as_str();
                let fingerprints = prints.get(&(p, c)).map_or(&[][..], Vec::as_slice);
                let entry = match state.kept.get(c) {
                    Some(kept) => EntryRef {
                        commune: c,
                        stamps: &kept.stamps,
                        fingerprints,
                        diagnostics: &kept.diagnostics,
                        built: commune,
                    },
                    None => {
                        let Some(stamps) = stamps.get(&(p, c)) else {
                            continue;
                        };
                        EntryRef {
                            commune: c,
                            stamps,
                            fingerprints,
                            diagnostics: diags.get(&(p, c)).map_or(&[], Vec::as_slice),
                            built: commune,
                        }
                    }
                };
                if self.trustworthy(entry.stamps) {
                    entries.push(entry);
                }
            }
            self.write(p, key, &entries)
        })?;
        // Files of provinces that are gone.
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(p) = name.strip_suffix(".bin")
                && !present.contains(p)
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    /// True when every file has a time older than the moment this build began reading, so
    /// that any later change to it shows as a new time.
    fn trustworthy(&self, stamps: &[Stamp]) -> bool {
        stamps
            .iter()
            .all(|s| s.modified.is_some_and(|m| m < self.started))
    }

    /// What the next build of this process may take from memory instead of the province
    /// files: every commune of `site` (taken apart) whose files were all older than this
    /// build's start, with its files as the walk listed them (`files`), their fingerprints and
    /// its warnings — what [`Store::save`] writes, kept decoded. Provinces without a key this
    /// build are left out.
    pub fn remember(
        &self,
        site: Site,
        files: Vec<CommuneFiles>,
        fingerprints: Vec<(String, Key)>,
        diagnostics: &Diagnostics,
    ) -> Memory {
        let names: Vec<(String, String)> = files
            .iter()
            .map(|f| (f.province.clone(), f.commune.clone()))
            .collect();
        let index: HashMap<(&str, &str), usize> = names
            .iter()
            .enumerate()
            .map(|(i, (p, c))| ((p.as_str(), c.as_str()), i))
            .collect();
        let mut stamps: Vec<Vec<Stamp>> = files.into_iter().map(|f| f.stamps).collect();
        // Moved into their communes' lists, not copied: 270,000 paths at national scale.
        let mut prints: Vec<Vec<(String, Key)>> = vec![Vec::new(); names.len()];
        for (rel, key) in fingerprints {
            if let Some(i) = commune_of(&rel).and_then(|id| index.get(&id).copied()) {
                prints[i].push((rel, key));
            }
        }
        let mut diags: Vec<Vec<Diagnostic>> = vec![Vec::new(); names.len()];
        for d in diagnostics.iter() {
            let rel = d.file.strip_prefix(&self.root).unwrap_or(&d.file);
            let id = rel.to_str().and_then(commune_of);
            if let Some(i) = id.and_then(|id| index.get(&id).copied()) {
                diags[i].push(d.clone());
            }
        }
        let keys: HashMap<String, Key> = self
            .lock()
            .iter()
            .filter_map(|(p, state)| Some((p.clone(), state.key?)))
            .collect();
        let mut memory = Memory::default();
        for province in site.provinces {
            let p = province.info.id.as_str();
            let Some(key) = keys.get(p) else {
                continue;
            };
            let mut entries = Vec::with_capacity(province.communes.len());
            for commune in province.communes {
                let c = commune.info.id.as_str().to_string();
                let Some(&i) = index.get(&(p, c.as_str())) else {
                    continue;
                };
                let stamps = std::mem::take(&mut stamps[i]);
                // As for the province files: a file as recent as this build may change unseen.
                if !self.trustworthy(&stamps) {
                    continue;
                }
                entries.push(Entry {
                    commune: c,
                    stamps,
                    fingerprints: std::mem::take(&mut prints[i]),
                    diagnostics: std::mem::take(&mut diags[i]),
                    built: commune,
                });
            }
            let remembered = Remembered { key: *key, entries };
            memory.provinces.insert(p.to_string(), remembered);
        }
        memory
    }

    fn write(&self, province: &str, key: Key, entries: &[EntryRef]) -> io::Result<()> {
        let body = postcard::to_stdvec(entries).map_err(io::Error::other)?;
        let header = Header {
            version: VERSION,
            key,
            started: self.started,
            digest: *blake3::hash(&body).as_bytes(),
        };
        let mut bytes = postcard::to_stdvec(&header).map_err(io::Error::other)?;
        bytes.extend(body);
        let tmp = self.dir.join(format!("{province}.bin.tmp"));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(tmp, self.path(province))
    }

    /// The entries of `province`'s file when it can be trusted for these communes' files.
    fn read(&self, province: &str, key: &Key, communes: &[&CommuneFiles]) -> Option<Vec<Entry>> {
        let file = std::fs::File::open(self.path(province)).ok()?;
        let written = since_epoch(file.metadata().ok()?.modified().ok()?)?;
        // Mapped, not read: at national scale the 34 files are 290 MB, which read into fresh
        // memory the system first had to clear, page by page, before the first page rendered.
        // SAFETY: a mapping is undefined only if the file changes while mapped. minhbach never
        // changes one in place: it writes a new file and renames it over the old one, whose
        // mapping keeps the old contents; and one build at a time holds the output's lock.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        let bytes: crate::model::SharedBytes = Arc::new(map);
        crate::model::decode_sharing(&bytes, |bytes| decode(bytes, key, written, communes))
    }
}

/// The entries of a province file's `bytes`, when it has this format and `key`, and every file
/// it names is still among `communes`' files. `written` is the file's own time.
fn decode(
    bytes: &[u8],
    key: &Key,
    written: (u64, u32),
    communes: &[&CommuneFiles],
) -> Option<Vec<Entry>> {
    let (header, rest) = postcard::take_from_bytes::<Header>(bytes).ok()?;
    if header.version != VERSION || header.key != *key || header.started > written {
        return None;
    }
    if *blake3::hash(rest).as_bytes() != header.digest {
        return None;
    }
    let (entries, rest) = postcard::take_from_bytes::<Vec<Entry>>(rest).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let present: HashSet<&str> = communes
        .iter()
        .flat_map(|c| c.stamps.iter().map(|s| s.rel.as_str()))
        .collect();
    let gone = entries
        .iter()
        .flat_map(|e| &e.stamps)
        .any(|s| !present.contains(s.rel.as_str()));
    if gone {
        return None;
    }
    // Recorded only when older than `started` (see `Store::trustworthy`); checked again so that
    // a file written by hand with other times is not believed.
    let old = entries.iter().flat_map(|e| &e.stamps).all(|s| {
        s.modified
            .is_some_and(|m| m < header.started && m < written)
    });
    old.then_some(entries)
}

impl Reuse for Store {
    fn reusable(&self, site: &[(String, Key)], communes: &[CommuneFiles]) -> Vec<bool> {
        let site: HashMap<&str, &Key> = site.iter().map(|(r, k)| (r.as_str(), k)).collect();
        let mut by_province: BTreeMap<&str, Vec<&CommuneFiles>> = BTreeMap::new();
        for c in communes {
            by_province.entry(&c.province).or_default().push(c);
        }
        let found: Vec<(String, Province)> = by_province
            .into_par_iter()
            .map(|(p, list)| {
                let key = self.key(&site, p);
                let entries = match &key {
                    Some(key) if self.use_previous => match self.recall(p, key) {
                        Some(entries) => entries,
                        None => self.read(p, key, &list).unwrap_or_default(),
                    },
                    _ => Vec::new(),
                };
                let by_commune: HashMap<&str, &CommuneFiles> =
                    list.iter().map(|c| (c.commune.as_str(), *c)).collect();
                let entries = entries
                    .into_iter()
                    .filter(|e| {
                        by_commune
                            .get(e.commune.as_str())
                            .is_some_and(|c| c.stamps == e.stamps)
                    })
                    .map(|e| (e.commune.clone(), e))
                    .collect();
                (
                    p.to_string(),
                    Province {
                        key,
                        entries,
                        kept: HashMap::new(),
                    },
                )
            })
            .collect();
        let mut provinces = self.lock();
        provinces.extend(found);
        communes
            .iter()
            .map(|c| {
                provinces
                    .get(&c.province)
                    .is_some_and(|p| p.entries.contains_key(&c.commune))
            })
            .collect()
    }
}

/// `(province, commune)` when `rel` is a commune's own file.
fn commune_of(rel: &str) -> Option<(&str, &str)> {
    let mut parts = rel.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("communes"), Some(p), Some(c), Some(_)) => Some((p, c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::ids::{CommuneId, ProvinceId};
    use crate::domain::CommuneInfo;

    fn stamp(rel: &str, secs: u64) -> Stamp {
        Stamp {
            rel: rel.into(),
            len: 10,
            modified: Some((secs, 5)),
        }
    }

    fn commune(id: &str) -> Commune {
        Commune {
            info: CommuneInfo {
                id: CommuneId::parse(id).unwrap(),
                province: ProvinceId::parse("p").unwrap(),
                name: format!("Xã {id}"),
                kind: "xa".into(),
                code: None,
                population: Some(1200),
                targets: Vec::new(),
            },
            periods: Vec::new(),
            reports: Vec::new(),
            latest: vec![None, None],
        }
    }

    /// A province file with communes `a` (two files) and `b` (one), written at time 100.
    fn file(version: u32, key: Key, started: u64) -> Vec<u8> {
        let (a, b) = (commune("a"), commune("b"));
        let sa = [
            stamp("communes/p/a/commune.yaml", 50),
            stamp("communes/p/a/data/1.yaml", 60),
        ];
        let sb = [stamp("communes/p/b/commune.yaml", 70)];
        let warning = [Diagnostic::warning("c/communes/p/a/data/1.yaml", "w").at(3, 3)];
        let entries = [
            EntryRef {
                commune: "a",
                stamps: &sa,
                fingerprints: &[("communes/p/a/data/1.yaml", &[1; 32])],
                diagnostics: &warning,
                built: &a,
            },
            EntryRef {
                commune: "b",
                stamps: &sb,
                fingerprints: &[],
                diagnostics: &[],
                built: &b,
            },
        ];
        let body = postcard::to_stdvec(&entries[..]).unwrap();
        let header = Header {
            version,
            key,
            started: (started, 0),
            digest: *blake3::hash(&body).as_bytes(),
        };
        let mut bytes = postcard::to_stdvec(&header).unwrap();
        bytes.extend(body);
        bytes
    }

    fn listed(c: &str, stamps: &[Stamp]) -> CommuneFiles {
        CommuneFiles {
            province: "p".into(),
            commune: c.into(),
            stamps: stamps.to_vec(),
        }
    }

    fn present() -> Vec<CommuneFiles> {
        vec![
            listed(
                "a",
                &[
                    stamp("communes/p/a/commune.yaml", 50),
                    stamp("communes/p/a/data/1.yaml", 60),
                ],
            ),
            listed("b", &[stamp("communes/p/b/commune.yaml", 70)]),
        ]
    }

    #[test]
    fn a_province_file_round_trips() {
        let list = present();
        let refs: Vec<&CommuneFiles> = list.iter().collect();
        let entries = decode(&file(VERSION, [7; 32], 90), &[7; 32], (100, 0), &refs).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].built, commune("a"));
        assert_eq!(entries[0].stamps, list[0].stamps);
        assert_eq!(entries[0].diagnostics[0].line, Some(3));
        assert_eq!(entries[0].fingerprints[0].1, [1; 32]);
    }

    #[test]
    fn a_file_of_another_version_key_or_shape_is_ignored() {
        let list = present();
        let refs: Vec<&CommuneFiles> = list.iter().collect();
        let good = file(VERSION, [7; 32], 90);
        assert!(decode(&file(VERSION + 1, [7; 32], 90), &[7; 32], (100, 0), &refs).is_none());
        assert!(decode(&good, &[8; 32], (100, 0), &refs).is_none());
        assert!(decode(&good[..good.len() - 3], &[7; 32], (100, 0), &refs).is_none());
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode(&longer, &[7; 32], (100, 0), &refs).is_none());
        assert!(decode(&[0xff; 64], &[7; 32], (100, 0), &refs).is_none());
        assert!(decode(&[], &[7; 32], (100, 0), &refs).is_none());
        // one letter of a name changed: the file still decodes, but is not the one written
        let at = good
            .windows(5)
            .position(|w| w == "Xã a".as_bytes())
            .unwrap()
            + 4;
        let mut flipped = good.clone();
        flipped[at] = b'z';
        assert!(decode(&flipped, &[7; 32], (100, 0), &refs).is_none());
    }

    #[test]
    fn a_file_naming_a_file_that_is_gone_is_ignored_whole() {
        let mut list = present();
        list[0].stamps.pop();
        let refs: Vec<&CommuneFiles> = list.iter().collect();
        assert!(decode(&file(VERSION, [7; 32], 90), &[7; 32], (100, 0), &refs).is_none());
        // a commune removed
        let only_b = present().split_off(1);
        let refs: Vec<&CommuneFiles> = only_b.iter().collect();
        assert!(decode(&file(VERSION, [7; 32], 90), &[7; 32], (100, 0), &refs).is_none());
    }

    #[test]
    fn files_as_recent_as_the_build_that_recorded_them_are_not_believed() {
        let list = present();
        let refs: Vec<&CommuneFiles> = list.iter().collect();
        // the build began reading at 70: the file of `b`, of time 70, may have changed since
        assert!(decode(&file(VERSION, [7; 32], 70), &[7; 32], (100, 0), &refs).is_none());
        // a file written before the build it says it comes from began
        assert!(decode(&file(VERSION, [7; 32], 90), &[7; 32], (80, 0), &refs).is_none());
    }

    #[test]
    fn only_a_communes_own_files_belong_to_it() {
        assert_eq!(commune_of("communes/p/a/data/1.yaml"), Some(("p", "a")));
        assert_eq!(commune_of("communes/p/a/commune.yaml"), Some(("p", "a")));
        assert_eq!(commune_of("communes/p/_province.yaml"), None);
        assert_eq!(commune_of("site.yaml"), None);
        assert_eq!(commune_of("pages/about.vi.md"), None);
    }
}
