//! Incremental builds: which inputs each part of the previous site was made from, so that a
//! build re-renders only the parts whose inputs changed and hard-links the rest from the
//! previous output.
//!
//! A part ("job": one commune's pages, one report page, one province page…) is keyed by a hash
//! of everything it may read: the minhbach executable itself, the theme, every content file
//! outside the communes' `data/` and `reports/` folders (site, catalogue, pages, province and
//! commune names), and the data and reports of its own commune or province. The manifest of the
//! previous build lives beside the output (`.<output>.minhbach-cache/manifest.bin`, postcard:
//! a national site has 150,000 parts, and JSON took half a second each way); it is trusted
//! only when it decodes, is of this format, and each file it lists is still in the output with
//! the recorded size and no newer than the manifest. Anything else means the part is rendered
//! again, so a stale or damaged cache costs time, never correctness.

use crate::render::{Key, Parts, Scope, Sink};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Hashes of the inputs, grouped the way jobs depend on them.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    /// Everything every page may read.
    global: Key,
    /// Per province, per commune: its `data/` and `reports/` files (nested, so that a job's
    /// key is found without building its ids: there are 150,000 jobs at national scale).
    communes: HashMap<String, HashMap<String, Key>>,
    /// Per province: its communes' hashes in order.
    provinces: HashMap<String, Key>,
    /// Every commune's hash in order.
    site: Key,
    /// Every report file's path and fingerprint, in path order (the search index).
    all_reports: Key,
    /// Each report file's own fingerprint, by province, commune and report id (nested, like
    /// `communes`, so that 133,000 report pages look theirs up without building a key).
    reports: HashMap<String, HashMap<String, HashMap<String, Key>>>,
}

/// `(province, commune)` when `rel` (relative to the content folder) is a commune's data or
/// report file; such files only matter to their own commune and province.
fn commune_file(rel: &str) -> Option<(&str, &str)> {
    let mut parts = rel.split('/');
    let (Some("communes"), Some(p), Some(c), Some("data" | "reports"), Some(_), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    Some((p, c))
}

/// `(province, commune, report id)` when `rel` is a report file.
fn report_file(rel: &str) -> Option<(String, String, String)> {
    let rest = rel.strip_prefix("communes/")?;
    let mut parts = rest.split('/');
    let (Some(p), Some(c), Some("reports"), Some(name), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let id = name.strip_suffix(".md")?;
    Some((p.to_string(), c.to_string(), id.to_string()))
}

/// Hashes a file's path and content into `h`, with separators that keep fields apart.
fn add_file(h: &mut blake3::Hasher, rel: &str, hash: &Key) {
    h.update(rel.as_bytes());
    h.update(&[0]);
    h.update(hash);
}

/// A commune's file: `(province, commune)` and the file's path and fingerprint.
type Owned<'a> = ((&'a str, &'a str), &'a (String, Key));

impl Inputs {
    /// Groups the content files' fingerprints; `build` identifies the program (its bytes), so
    /// a new minhbach never reuses pages an older one drew.
    pub fn new(fingerprints: &[(String, Key)], build: &Key) -> Self {
        let mut sorted: Vec<&(String, Key)> = fingerprints.iter().collect();
        sorted.par_sort_by(|a, b| a.0.cmp(&b.0));
        let owners: Vec<Option<(&str, &str)>> = sorted
            .par_iter()
            .map(|(rel, _)| commune_file(rel))
            .collect();
        let mut all_reports = blake3::Hasher::new();
        for (rel, hash) in sorted.iter().filter(|(rel, _)| report_file(rel).is_some()) {
            add_file(&mut all_reports, rel, hash);
        }
        let mut global = blake3::Hasher::new();
        global.update(b"minhbach-inputs-1\0");
        global.update(build);
        for ((rel, hash), _) in sorted.iter().zip(&owners).filter(|(_, o)| o.is_none()) {
            add_file(&mut global, rel, hash);
        }
        // A commune's files are adjacent in path order once the other files are left out
        // (its commune.yaml sorts between its data/ and reports/), so each commune is one
        // run, hashed on its own: 272,000 files at national scale.
        let files: Vec<Owned> = owners
            .iter()
            .zip(&sorted)
            .filter_map(|(owner, file)| owner.map(|o| (o, *file)))
            .collect();
        let runs: Vec<&[Owned]> = files.chunk_by(|a, b| a.0 == b.0).collect();
        type Hashed = ((String, String), Key, HashMap<String, Key>);
        let hashed: Vec<Hashed> = runs
            .par_iter()
            .map(|run| {
                let (p, c) = run[0].0;
                let mut h = blake3::Hasher::new();
                let mut own_reports = HashMap::new();
                for (_, (rel, hash)) in run.iter() {
                    add_file(&mut h, rel, hash);
                    if let Some((_, _, r)) = report_file(rel) {
                        own_reports.insert(r, *hash);
                    }
                }
                (
                    (p.to_string(), c.to_string()),
                    *h.finalize().as_bytes(),
                    own_reports,
                )
            })
            .collect();
        let mut communes: BTreeMap<(String, String), Key> = BTreeMap::new();
        let mut reports: HashMap<String, HashMap<String, HashMap<String, Key>>> = HashMap::new();
        for ((p, c), key, own_reports) in hashed {
            if !own_reports.is_empty() {
                reports
                    .entry(p.clone())
                    .or_default()
                    .insert(c.clone(), own_reports);
            }
            communes.insert((p, c), key);
        }
        let mut provinces: BTreeMap<String, blake3::Hasher> = BTreeMap::new();
        let mut site = blake3::Hasher::new();
        for ((p, c), key) in &communes {
            for h in [provinces.entry(p.clone()).or_default(), &mut site] {
                h.update(p.as_bytes());
                h.update(&[0]);
                h.update(c.as_bytes());
                h.update(&[0]);
                h.update(key);
            }
        }
        let mut by_province: HashMap<String, HashMap<String, Key>> = HashMap::new();
        for ((p, c), key) in communes {
            by_province.entry(p).or_default().insert(c, key);
        }
        Inputs {
            global: *global.finalize().as_bytes(),
            provinces: provinces
                .into_iter()
                .map(|(p, h)| (p, *h.finalize().as_bytes()))
                .collect(),
            communes: by_province,
            site: *site.finalize().as_bytes(),
            all_reports: *all_reports.finalize().as_bytes(),
            reports,
        }
    }

    /// The key of a job with id `job`, site-wide inputs `global` and the given scope.
    fn key(&self, global: &Key, job: &str, scope: Scope) -> Key {
        let mut h = blake3::Hasher::new();
        h.update(global);
        h.update(job.as_bytes());
        h.update(&[0]);
        let part = match scope {
            Scope::Commune(p, c) => self.communes.get(p).and_then(|cs| cs.get(c)),
            Scope::Province(p) => self.provinces.get(p),
            Scope::Site => Some(&self.site),
            Scope::Reports => Some(&self.all_reports),
            Scope::Report {
                province,
                commune,
                report,
                periods,
            } => {
                h.update(&periods);
                self.reports
                    .get(province)
                    .and_then(|cs| cs.get(commune))
                    .and_then(|rs| rs.get(report))
            }
        };
        // A commune without data files still has a well-defined (empty) part.
        h.update(part.unwrap_or(&[0; 32]));
        *h.finalize().as_bytes()
    }
}

/// Identifies the running program by a hash of its executable; `None` if it cannot be read
/// (then nothing is reused).
pub fn program_key() -> Option<Key> {
    let exe = std::env::current_exe().ok()?;
    let bytes = std::fs::read(exe).ok()?;
    Some(*blake3::hash(&bytes).as_bytes())
}

/// One job of a build and the files it wrote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Record {
    /// The job's key.
    key: Key,
    /// Files written, relative to the output, with their sizes.
    files: Vec<(String, u64)>,
}

/// The manifest file: what the last successful build wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Format version; another version is ignored.
    version: u32,
    /// Job id → record (shared: a reused job records the previous build's record again).
    jobs: BTreeMap<String, Arc<Record>>,
    /// The other files of the output (written by every build: theme files, overview pages…),
    /// so that the next build knows every file it may have to remove without a walk.
    others: Vec<String>,
}

/// [`Manifest`] by reference, for writing (the same fields in the same order).
#[derive(Serialize)]
struct ManifestRef<'a> {
    version: u32,
    jobs: BTreeMap<&'a str, &'a Arc<Record>>,
    others: Vec<&'a str>,
}

const VERSION: u32 = 4;

/// Folder holding the manifest for `output`: beside it, hidden, like the staging folder.
pub fn folder(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.minhbach-cache"))
}

fn manifest_path(output: &Path) -> PathBuf {
    folder(output).join("manifest.bin")
}

/// The previous build's manifest.
pub struct Previous {
    jobs: BTreeMap<String, Arc<Record>>,
    others: Vec<String>,
    written: SystemTime,
    /// True when this process wrote the output's files itself in its previous build (see
    /// [`Remembered`]): they are not checked again one by one.
    trusted: bool,
}

impl Previous {
    /// The manifest of the previous build into `output`, if it can be trusted at all.
    pub fn read(output: &Path) -> Option<Previous> {
        let path = manifest_path(output);
        let written = std::fs::metadata(&path).ok()?.modified().ok()?;
        let manifest: Manifest = postcard::from_bytes(&std::fs::read(&path).ok()?).ok()?;
        (manifest.version == VERSION).then_some(Previous {
            jobs: manifest.jobs,
            others: manifest.others,
            written,
            trusted: false,
        })
    }

    /// What `remembered` holds when the manifest of `output` is still the one this process
    /// saved, else [`Previous::read`].
    pub fn recall(output: &Path, remembered: Option<Remembered>) -> Option<Previous> {
        let Some(remembered) = remembered else {
            return Previous::read(output);
        };
        let now = std::fs::metadata(manifest_path(output))
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        match now == Some(remembered.manifest) {
            true => Some(remembered.previous),
            false => Previous::read(output),
        }
    }
}

/// What a process that builds into the same output again and again (`serve`) keeps of its
/// last build: the manifest it saved, decoded, and that manifest file's size and time. While
/// the file is unchanged, no other build has written the output since (a build removes the
/// manifest before it changes anything, and writes a new one at its end), so the next build
/// of the process neither decodes the manifest nor checks each reused file (150,000 at
/// national scale), as it must after another process. Editing the output by hand between two
/// builds of one `serve` goes unseen: the preview folder is the server's own.
pub struct Remembered {
    previous: Previous,
    manifest: (u64, SystemTime),
}

/// Decides, job by job, whether to render or to reuse the previous output, and records what
/// this build wrote.
pub struct Cache {
    inputs: Inputs,
    /// Site-wide inputs, the theme included once it is known.
    global: Key,
    output: PathBuf,
    previous: Option<Previous>,
    /// The jobs of this build in the order they ended (a job run again later wins); sorted
    /// only when the manifest is written, so the 150,000 jobs of a national site do not take
    /// turns inserting into one sorted map.
    recorded: Mutex<Vec<(String, Arc<Record>)>>,
    reused: std::sync::atomic::AtomicUsize,
}

impl Cache {
    /// A cache for a build into `output`, reusing what `previous` ([`Previous::read`]) says
    /// is unchanged. Without it (`--no-cache`, a first build, or a program that cannot
    /// identify itself), every job is rendered; what is written is still recorded for the
    /// next build.
    pub fn open(output: &Path, inputs: Inputs, previous: Option<Previous>) -> Self {
        Cache {
            global: inputs.global,
            inputs,
            output: output.to_path_buf(),
            previous,
            recorded: Mutex::new(Vec::new()),
            reused: Default::default(),
        }
    }

    /// True when a previous build's manifest was read: parts may be reused, so the output
    /// can be updated in place of being replaced.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// Every file of the previous output, sorted (empty without a previous manifest), but for
    /// the files of jobs whose id starts with `later` (updated in a step of their own).
    pub fn previous_output(&self, later: Option<&str>) -> Vec<String> {
        let Some(previous) = &self.previous else {
            return Vec::new();
        };
        let deferred = |id: &str| later.is_some_and(|l| id.starts_with(l));
        let mut all: Vec<String> = previous
            .jobs
            .iter()
            .filter(|(id, _)| !deferred(id))
            .flat_map(|(_, r)| r.files.iter().map(|(rel, _)| rel.clone()))
            .chain(previous.others.iter().cloned())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The files of the previous output made by jobs whose id starts with `prefix`, sorted.
    pub fn previous_files_of(&self, prefix: &str) -> Vec<String> {
        let Some(previous) = &self.previous else {
            return Vec::new();
        };
        let mut all: Vec<String> = previous
            .jobs
            .range(prefix.to_string()..)
            .take_while(|(id, _)| id.starts_with(prefix))
            .flat_map(|(_, r)| r.files.iter().map(|(rel, _)| rel.clone()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// How many jobs were reused rather than rendered.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn record(&self, id: &str, record: Arc<Record>) {
        self.recorded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((id.to_string(), record));
    }

    /// The previous record of `id` when it has this key and all its files are intact.
    fn reusable(&self, id: &str, key: &Key) -> Option<&Arc<Record>> {
        let previous = self.previous.as_ref()?;
        let record = previous.jobs.get(id).filter(|r| r.key == *key)?;
        if previous.trusted {
            return Some(record);
        }
        let intact = record.files.iter().all(|(rel, len)| {
            std::fs::symlink_metadata(self.output.join(rel)).is_ok_and(|m| {
                m.is_file() && m.len() == *len && m.modified().is_ok_and(|t| t <= previous.written)
            })
        });
        intact.then_some(record)
    }

    /// Forgets the previous manifest before the new output is swapped in, so that a build
    /// killed between the swap and [`Cache::save`] leaves no manifest describing another site.
    pub fn forget(&self) -> io::Result<()> {
        match std::fs::remove_file(manifest_path(&self.output)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Writes the manifest of this build (after the output was swapped in); `produced` is
    /// every file of the output. With `pending`, the jobs whose id starts with it that this
    /// build has not run yet keep their previous records, keys included: their files are still
    /// the previous build's, so the next build runs them unless this one does first.
    pub fn save(&self, produced: &[String], pending: Option<&str>) -> io::Result<()> {
        let recorded = self.recorded.lock().unwrap_or_else(|e| e.into_inner());
        let (jobs, others) = manifest(&recorded, self.previous.as_ref(), produced, pending);
        let manifest = ManifestRef {
            version: VERSION,
            jobs,
            others,
        };
        let dir = folder(&self.output);
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join("manifest.bin.tmp");
        std::fs::write(
            &tmp,
            postcard::to_stdvec(&manifest).map_err(io::Error::other)?,
        )?;
        std::fs::rename(tmp, manifest_path(&self.output))
    }

    /// What the next build of this process may take instead of reading the manifest that the
    /// last [`Cache::save`] wrote (without `pending`; `produced` as given to it).
    pub fn remember(self, produced: &[String]) -> Option<Remembered> {
        let meta = std::fs::metadata(manifest_path(&self.output)).ok()?;
        let written = meta.modified().ok()?;
        let recorded = self
            .recorded
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let (jobs, others) = manifest(&recorded, self.previous.as_ref(), produced, None);
        let previous = Previous {
            jobs: jobs
                .into_iter()
                .map(|(id, record)| (id.to_string(), Arc::clone(record)))
                .collect(),
            others: others.into_iter().map(str::to_string).collect(),
            written,
            trusted: true,
        };
        Some(Remembered {
            previous,
            manifest: (meta.len(), written),
        })
    }
}

impl Parts for Cache {
    /// Mixes into every key a fact that every page may show but that no part's own inputs
    /// hold, because it is derived from the whole site's figures.
    fn add_site_wide(&mut self, fact: &[u8]) {
        let mut h = blake3::Hasher::new();
        h.update(&self.global);
        h.update(fact);
        self.global = *h.finalize().as_bytes();
    }

    /// Path of `rel` in the previous output (for a job that reads back what it reused).
    fn previous_file(&self, rel: &str) -> PathBuf {
        self.output.join(rel)
    }

    /// Runs job `id` (reading the site-wide inputs and `scope`) into `sink`, unless the
    /// previous build made it from the same inputs and its files are intact: then they are
    /// taken from the previous output instead. Returns true when reused.
    fn run(
        &self,
        id: &str,
        scope: Scope,
        sink: &dyn Sink,
        render: &mut dyn FnMut(&dyn Sink) -> io::Result<()>,
    ) -> io::Result<bool> {
        let key = self.inputs.key(&self.global, id, scope);
        if let Some(record) = self.reusable(id, &key) {
            for (rel, len) in &record.files {
                sink.reuse(rel, &self.output.join(rel), *len)?;
            }
            self.record(id, Arc::clone(record));
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(true);
        }
        let listing = Listing {
            inner: sink,
            files: Mutex::new(Vec::new()),
        };
        render(&listing)?;
        let files = listing
            .files
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        self.record(id, Arc::new(Record { key, files }));
        Ok(false)
    }
}

/// The jobs and other files of a manifest: the jobs `recorded` by this build, with the
/// `previous` records of the jobs whose id starts with `pending` that it has not run yet
/// (their files are still the previous build's, so the next build runs them unless this one
/// does first), and the files of `produced` that no job made.
fn manifest<'a>(
    recorded: &'a [(String, Arc<Record>)],
    previous: Option<&'a Previous>,
    produced: &'a [String],
    pending: Option<&str>,
) -> (BTreeMap<&'a str, &'a Arc<Record>>, Vec<&'a str>) {
    // Borrowed, not cloned: 150,000 records at national scale.
    let mut jobs: BTreeMap<&str, &Arc<Record>> =
        recorded.iter().map(|(id, r)| (id.as_str(), r)).collect();
    if let (Some(prefix), Some(previous)) = (pending, previous) {
        let waiting = previous
            .jobs
            .range(prefix.to_string()..)
            .take_while(|(id, _)| id.starts_with(prefix));
        for (id, record) in waiting {
            jobs.entry(id.as_str()).or_insert(record);
        }
    }
    let in_jobs: std::collections::HashSet<&str> = jobs
        .values()
        .flat_map(|r| r.files.iter().map(|(rel, _)| rel.as_str()))
        .collect();
    let others: Vec<&str> = produced
        .iter()
        .map(String::as_str)
        .filter(|rel| !in_jobs.contains(rel))
        .collect();
    (jobs, others)
}

/// A sink that lists the files a job writes.
struct Listing<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<(String, u64)>>,
}

impl Listing<'_> {
    fn add(&self, rel: &str, len: u64) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), len));
    }
}

impl Sink for Listing<'_> {
    fn size(&self, rel: &str) -> Option<u64> {
        self.inner.size(rel)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(rel, bytes)?;
        self.add(rel, bytes.len() as u64);
        Ok(())
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut counted = 0u64;
        self.inner.stream(rel, &mut |w| {
            let mut counting = Counting {
                inner: w,
                count: &mut counted,
            };
            fill(&mut counting)
        })?;
        self.add(rel, counted);
        Ok(())
    }

    fn reuse(&self, rel: &str, from: &Path, len: u64) -> io::Result<()> {
        self.inner.reuse(rel, from, len)?;
        self.add(rel, len);
        Ok(())
    }

    fn file(&self, rel: &str, make: &mut dyn FnMut(&Path) -> io::Result<()>) -> io::Result<()> {
        let mut len = 0;
        self.inner.file(rel, &mut |path| {
            make(path)?;
            len = std::fs::metadata(path)?.len();
            Ok(())
        })?;
        self.add(rel, len);
        Ok(())
    }
}

/// Counts the bytes written through it.
struct Counting<'a, 'b> {
    inner: &'a mut dyn io::Write,
    count: &'b mut u64,
}

impl io::Write for Counting<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        *self.count += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(rel: &str, text: &str) -> (String, Key) {
        (rel.to_string(), *blake3::hash(text.as_bytes()).as_bytes())
    }

    fn inputs(files: &[(&str, &str)]) -> Inputs {
        let list: Vec<(String, Key)> = files.iter().map(|(r, t)| fp(r, t)).collect();
        Inputs::new(&list, &[7; 32])
    }

    const SITE: &[(&str, &str)] = &[
        ("site.yaml", "title: x"),
        ("communes/p/_province.yaml", "name: P"),
        ("communes/p/a/commune.yaml", "name: A"),
        ("communes/p/a/data/2026-01.yaml", "values: 1"),
        ("communes/p/b/commune.yaml", "name: B"),
        ("communes/p/b/data/2026-01.yaml", "values: 2"),
        ("communes/q/_province.yaml", "name: Q"),
        ("communes/q/c/commune.yaml", "name: C"),
        ("communes/q/c/reports/2026-q1.md", "---"),
    ];

    fn keys(i: &Inputs) -> [Key; 6] {
        let g = i.global;
        [
            i.key(&g, "j", Scope::Site),
            i.key(&g, "j", Scope::Commune("p", "a")),
            i.key(&g, "j", Scope::Commune("p", "b")),
            i.key(&g, "j", Scope::Commune("q", "c")),
            i.key(&g, "j", Scope::Province("p")),
            i.key(&g, "j", Scope::Province("q")),
        ]
    }

    #[test]
    fn a_new_month_changes_only_its_commune_and_province() {
        let before = keys(&inputs(SITE));
        let mut more = SITE.to_vec();
        more.push(("communes/p/b/data/2026-02.yaml", "values: 3"));
        let after = keys(&inputs(&more));
        assert_ne!(before[0], after[0]);
        assert_eq!(before[1], after[1]);
        assert_ne!(before[2], after[2]);
        assert_eq!(before[3], after[3]);
        assert_ne!(before[4], after[4]);
        assert_eq!(before[5], after[5]);
    }

    #[test]
    fn names_and_site_files_change_every_key() {
        let before = keys(&inputs(SITE));
        let mut renamed = SITE.to_vec();
        renamed[4] = ("communes/p/b/commune.yaml", "name: B2");
        let after = keys(&inputs(&renamed));
        assert!(before.iter().zip(&after).all(|(a, b)| a != b));
        // the order files were listed in does not matter
        let mut shuffled = SITE.to_vec();
        shuffled.reverse();
        assert_eq!(keys(&inputs(&shuffled)), before);
    }

    #[test]
    fn the_search_index_depends_on_every_report_not_on_figures() {
        let key = |files: &[(&str, &str)]| {
            let i = inputs(files);
            i.key(&i.global, "search", Scope::Reports)
        };
        let before = key(SITE);
        let mut month = SITE.to_vec();
        month.push(("communes/p/b/data/2026-02.yaml", "values: 3"));
        assert_eq!(key(&month), before);
        let mut report = SITE.to_vec();
        report.push(("communes/p/a/reports/2026-q1.md", "---"));
        assert_ne!(key(&report), before);
        let mut edited = SITE.to_vec();
        edited[8] = ("communes/q/c/reports/2026-q1.md", "--- edited");
        assert_ne!(key(&edited), before);
        let mut renamed = SITE.to_vec();
        renamed[2] = ("communes/p/a/commune.yaml", "name: A2");
        assert_ne!(key(&renamed), before);
    }

    #[test]
    fn a_report_page_depends_on_its_report_and_citing_periods_not_on_new_months() {
        let with_report = |report: &str, month: Option<&str>| {
            let mut files = SITE.to_vec();
            files.push(("communes/q/c/reports/2026-q2.md", report));
            if let Some(m) = month {
                files.push(("communes/q/c/data/2026-02.yaml", m));
            }
            inputs(&files)
        };
        let key = |i: &Inputs, periods: Key| {
            let scope = Scope::Report {
                province: "q",
                commune: "c",
                report: "2026-q2",
                periods,
            };
            i.key(&i.global, "vi:report", scope)
        };
        let before = with_report("text", None);
        // a new month of the same commune that does not cite the report: same key
        let month = with_report("text", Some("values: 1"));
        assert_eq!(key(&before, [1; 32]), key(&month, [1; 32]));
        // the commune's own key changed meanwhile
        let commune = |i: &Inputs| i.key(&i.global, "j", Scope::Commune("q", "c"));
        assert_ne!(commune(&before), commune(&month));
        // the report's text, or the periods citing it, change it
        assert_ne!(
            key(&before, [1; 32]),
            key(&with_report("new text", None), [1; 32])
        );
        assert_ne!(key(&before, [1; 32]), key(&before, [2; 32]));
        assert_eq!(
            report_file("communes/q/c/reports/2026-q1.md"),
            Some(("q".into(), "c".into(), "2026-q1".into()))
        );
        assert_eq!(report_file("communes/q/c/data/2026-01.yaml"), None);
    }

    #[test]
    fn job_ids_and_program_are_part_of_the_key() {
        let i = inputs(SITE);
        let s = Scope::Commune("p", "a");
        assert_ne!(i.key(&i.global, "vi/a", s), i.key(&i.global, "en/a", s));
        let list: Vec<(String, Key)> = SITE.iter().map(|(r, t)| fp(r, t)).collect();
        let other = Inputs::new(&list, &[8; 32]);
        assert_ne!(i.key(&i.global, "j", s), other.key(&other.global, "j", s));
    }

    #[test]
    fn only_commune_data_and_reports_are_commune_files() {
        assert_eq!(
            commune_file("communes/p/a/data/2026-01.yaml"),
            Some(("p", "a"))
        );
        assert_eq!(commune_file("communes/p/a/reports/x.md"), Some(("p", "a")));
        assert_eq!(commune_file("communes/p/a/commune.yaml"), None);
        assert_eq!(commune_file("communes/p/_province.yaml"), None);
        assert_eq!(commune_file("pages/about.vi.md"), None);
        assert_eq!(commune_file("communes/p/a/data/x/y.yaml"), None);
    }
}
