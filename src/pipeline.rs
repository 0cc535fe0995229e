//! The build as a whole: load → validate → model, then render → write.

use crate::base::diagnostics::Diagnostics;
use crate::base::diagnostics::Text;
use crate::incremental::cache::{self, Cache};
use crate::incremental::checked;
use crate::incremental::stamp;
use crate::model::Site;
use crate::render::Key;
use crate::render::Sink;
use crate::render::downloads::BULK_JOB;
use crate::render::{self, Bulk, Rendered};
use crate::write::{StagedOutput, interrupted, unsafe_output};
use crate::{load, validate};
use std::path::{Path, PathBuf};

/// Reads and checks `content`, returning the site model when there is no error, and every
/// diagnostic (including data warnings) either way.
pub fn load_site(content: &Path) -> (Option<Site>, Diagnostics) {
    load_site_with(content, &Silent)
}

/// [`load_site`], telling `progress` how many content files were read.
pub fn load_site_with(content: &Path, progress: &dyn Progress) -> (Option<Site>, Diagnostics) {
    let loaded = load_site_and_inputs(content, progress, None, None);
    (loaded.site, loaded.diagnostics)
}

/// What [`load_site_and_inputs`] found.
struct LoadedSite {
    site: Option<Site>,
    diagnostics: Diagnostics,
    /// Fingerprints of the content files (for the cache).
    fingerprints: Vec<(String, Key)>,
    /// Each commune's files with their sizes and times (for the checked-content cache).
    commune_files: Vec<crate::load::CommuneFiles>,
    /// What the walk listed, by commune folder, when it was asked to keep it.
    listings: Option<load::Listings>,
}

/// [`load_site_with`], also returning the fingerprints of the files read (for the cache).
/// With a checked-content cache, the communes it vouches for are taken from it unread; what
/// this build checked is for the caller to write to it ([`save_checked`]).
fn load_site_and_inputs(
    content: &Path,
    progress: &dyn Progress,
    store: Option<&checked::Store>,
    walk: Option<Walk>,
) -> LoadedSite {
    let timer = Timer::start(progress);
    let reuse: &dyn load::Reuse = match store {
        Some(store) => store,
        None => &load::ReadAll,
    };
    let (mut loaded, listings) = match walk {
        Some(walk) => {
            let (loaded, listings) =
                load::load_keeping(content, reuse, walk.listings, &walk.changed);
            (loaded, Some(listings))
        }
        None => (load::load_reusing(content, reuse), None),
    };
    let reused = store.map(|s| s.take(&loaded.reused)).unwrap_or_default();
    // The cache's 270,000 fingerprints take in the few read now, not the other way round
    // (their order does not matter: `cache::Inputs` sorts them).
    let mut fingerprints = reused.fingerprints;
    fingerprints.append(&mut loaded.fingerprints);
    let commune_files = std::mem::take(&mut loaded.commune_files);
    let timer = timer.lap("load");
    if store.is_some() {
        progress.reused(reused.communes.len(), commune_files.len());
    }
    progress.read(
        usize::from(loaded.site.is_some())
            + usize::from(loaded.catalogue.is_some())
            + loaded.provinces.len()
            + loaded.communes.len()
            + loaded.periods.len()
            + loaded.reports.len()
            + loaded.pages.len()
            + loaded.releases.len()
            + reused.files,
    );
    let (content, mut diags) = validate::validate(loaded);
    // Sorted once below, with the model's warnings: 65,000 at national scale.
    diags.extend(reused.diagnostics);
    let timer = timer.lap("validate");
    // The model's data warnings of a cached commune came with it (with the checks' ones).
    let cached: std::collections::HashSet<(String, String)> = reused
        .communes
        .iter()
        .map(|(p, c)| (p.clone(), c.info.id.as_str().to_string()))
        .collect();
    let site = content.map(|content| Site::build_with(content, reused.communes));
    if let Some(site) = &site {
        diags.extend(site.warning_diagnostics_except(&cached));
    }
    diags.sort();
    timer.lap("model");
    LoadedSite {
        site,
        diagnostics: diags,
        fingerprints,
        commune_files,
        listings,
    }
}

/// Writes what this build checked and modelled to the checked-content cache (meanwhile the
/// site is rendered: the model does not change).
fn save_checked(
    store: Option<&checked::Store>,
    site: &Site,
    commune_files: &[crate::load::CommuneFiles],
    fingerprints: &[(String, Key)],
    diagnostics: &Diagnostics,
) {
    let Some(store) = store else {
        return;
    };
    // A cache that cannot be written only costs the next build time.
    let _ = store.save(site, commune_files, fingerprints, diagnostics);
}

/// Folders a build reads and writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Content folder.
    pub content: PathBuf,
    /// Themes folder.
    pub themes: PathBuf,
    /// Output folder.
    pub output: PathBuf,
    /// Reuse what the previous build into `output` made from unchanged inputs (false with
    /// `--no-cache`).
    pub incremental: bool,
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum BuildError {
    /// The content has errors (listed in the diagnostics).
    Content(Diagnostics),
    /// The output folder is not a safe place to write.
    UnsafeOutput(Text),
    /// The build was stopped (Ctrl-C) before it finished.
    Interrupted,
    /// Another minhbach process is writing the same output folder.
    Busy,
    /// Writing failed.
    Io(std::io::Error),
}

/// Told how a build goes, for a progress display; every method does nothing by default.
pub trait Progress: Sync {
    /// The content files were read: how many.
    fn read(&self, _files: usize) {}
    /// Of `communes`, `reused` were taken from the checked-content cache, their files unread.
    fn reused(&self, _reused: usize, _communes: usize) {}
    /// A stage of the build ended after `seconds` (shown with `--verbose`).
    fn stage(&self, _stage: &str, _seconds: f64) {}
    /// One output file was written (its path inside the output folder).
    fn wrote(&self, _rel: &str) {}
    /// An update is online: every page and the small data files are in the output; the bulk
    /// downloads (national CSV, workbooks, databases) are being made.
    fn site_updated(&self) {}
}

/// Times the stages of a build for [`Progress::stage`].
struct Timer<'a> {
    progress: &'a dyn Progress,
    started: std::time::Instant,
}

impl<'a> Timer<'a> {
    fn start(progress: &'a dyn Progress) -> Self {
        Self {
            progress,
            started: std::time::Instant::now(),
        }
    }

    /// Reports the stage that just ended and starts timing the next one.
    fn lap(self, stage: &str) -> Self {
        self.progress
            .stage(stage, self.started.elapsed().as_secs_f64());
        Self::start(self.progress)
    }
}

/// No progress display.
pub struct Silent;

impl Progress for Silent {}

/// A sink that tells a [`Progress`] about every file written.
struct Observed<'a> {
    inner: &'a dyn Sink,
    progress: &'a dyn Progress,
}

impl Sink for Observed<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(rel, bytes)?;
        self.progress.wrote(rel);
        Ok(())
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.inner.stream(rel, fill)?;
        self.progress.wrote(rel);
        Ok(())
    }

    fn reuse(&self, rel: &str, from: &Path, len: u64) -> std::io::Result<()> {
        self.inner.reuse(rel, from, len)?;
        self.progress.wrote(rel);
        Ok(())
    }

    fn file(
        &self,
        rel: &str,
        make: &mut dyn FnMut(&Path) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.inner.file(rel, make)?;
        self.progress.wrote(rel);
        Ok(())
    }
}

/// Builds the site at `paths`; the output folder is replaced only on success.
pub fn build(paths: &Paths) -> Result<(Rendered, Diagnostics, (u64, u64)), BuildError> {
    build_with(paths, &Silent)
}

/// [`build`], telling `progress` what is read and written.
pub fn build_with(
    paths: &Paths,
    progress: &dyn Progress,
) -> Result<(Rendered, Diagnostics, (u64, u64)), BuildError> {
    build_keeping(paths, progress, None)
}

/// What a process that builds the same site into the same output again and again (`serve`)
/// keeps between its builds, so that the next one neither decodes the caches again nor checks
/// the files it wrote itself (see [`checked::Memory`] and [`cache::Remembered`]), and, with a
/// file watcher, lists again only the commune folders that changed ([`load::Listings`]). A
/// build that fails leaves only the listings (when the content had errors): the next one reads
/// the caches from disk, as `build` does.
#[derive(Default)]
pub struct Memory {
    checked: checked::Memory,
    output: Option<cache::Remembered>,
    /// With a file watcher: what the last walk listed, and what changed since it began.
    walk: Option<Walk>,
}

/// The walk's part of a [`Memory`].
#[derive(Default)]
struct Walk {
    listings: load::Listings,
    changed: load::Changed,
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

    /// Notes a change at `rel`, relative to the content folder (see [`load::Changed::note`]).
    pub fn note_change(&mut self, rel: &Path) {
        if let Some(walk) = &mut self.walk {
            walk.changed.note(rel);
        }
    }

    /// Notes that changes may have been missed (the watcher lost track): the next build lists
    /// every folder again.
    pub fn note_lost_track(&mut self) {
        if let Some(walk) = &mut self.walk {
            walk.changed = load::Changed::All;
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
}

/// [`build_with`], taking what `memory` holds from the previous build of this process and
/// leaving there what the next one may take.
pub fn build_keeping(
    paths: &Paths,
    progress: &dyn Progress,
    mut memory: Option<&mut Memory>,
) -> Result<(Rendered, Diagnostics, (u64, u64)), BuildError> {
    check_output(paths)?;
    // Held until the build returns, bulk downloads included.
    let _lock = lock_output(paths)?;
    let program = cache::program_key();
    if let Some(done) = nothing_to_do(paths, program.as_ref(), progress) {
        return Ok(done);
    }
    let held = memory.as_deref_mut().map(|m| {
        let watched = m.walk.is_some();
        let held = std::mem::take(m);
        // Changes from now on are for the next build; a build that fails leaves nothing else.
        m.walk = watched.then(Walk::default);
        held
    });
    // Whatever happens next, the output may change: its stamp no longer describes it.
    stamp::forget(&paths.output).map_err(io_error)?;
    let (held_checked, held_output, held_walk) = match held {
        Some(m) => (Some(m.checked), m.output, m.walk),
        None => (None, None, None),
    };
    let store = program
        .and_then(|p| checked::Store::open(&paths.content, &paths.output, p, paths.incremental))
        .map(|store| match held_checked {
            Some(communes) => store.with_memory(communes),
            None => store,
        });
    let use_previous = paths.incremental && program.is_some();
    // The previous build's manifest (150,000 parts at national scale) is read while the
    // content is loaded.
    let (mut loaded, previous) = std::thread::scope(|s| {
        let previous =
            s.spawn(|| use_previous.then(|| cache::Previous::recall(&paths.output, held_output)));
        let loaded = load_site_and_inputs(&paths.content, progress, store.as_ref(), held_walk);
        (loaded, previous.join().ok().flatten().flatten())
    });
    let listings = loaded.listings.take();
    // A walk that took commune folders' listings from memory saw only the changes it was told
    // of, while a stamp lists the folders as they are: it would vouch for files unseen.
    let vouched = listings.as_ref().is_none_or(|l| l.recalled() == 0);
    let Some(site) = loaded.site.take() else {
        // What the walk listed holds whatever the content says: kept for the fix to come.
        if let (Some(memory), Some(listings)) = (memory, listings) {
            memory.walk = Some(Walk {
                listings,
                changed: load::Changed::default(),
            });
        }
        return Err(BuildError::Content(loaded.diagnostics));
    };
    let timer = Timer::start(progress);
    let inputs = cache::Inputs::new(&loaded.fingerprints, &program.unwrap_or_default());
    let mut cache = Cache::open(&paths.output, inputs, previous);
    timer.lap("open the cache");
    if interrupted() {
        return Err(BuildError::Interrupted);
    }
    // A first or full build replaces the folder as a whole, so it makes everything before the
    // swap; an update puts the pages online first and the slow bulk downloads after them.
    let bulk = match cache.has_previous() {
        true => Bulk::Later,
        false => Bulk::Inline,
    };
    let later = (bulk == Bulk::Later).then_some(BULK_JOB);
    let mut out = match bulk {
        Bulk::Later => StagedOutput::overlay(&paths.output, cache.previous_output(later)),
        Bulk::Inline => StagedOutput::new(&paths.output),
    }
    .map_err(io_error)?;
    let observed = Observed {
        inner: &out,
        progress,
    };
    let timer = Timer::start(progress);
    // A full build writes the checked-content cache while it renders, which takes long
    // enough to hide it; an update, whose pages are online within seconds, writes it after.
    let mut rendered = std::thread::scope(|s| {
        if bulk == Bulk::Inline {
            s.spawn(|| {
                let (files, prints) = (&loaded.commune_files, &loaded.fingerprints);
                save_checked(store.as_ref(), &site, files, prints, &loaded.diagnostics)
            });
        }
        render::render_with(&site, &paths.themes, &observed, &mut cache, bulk)
    })
    .map_err(io_error)?;
    let diags = loaded.diagnostics;
    rendered.reused = cache.reused();
    let timer = timer.lap("render and write");
    // The model is large: kept only for the bulk downloads still to make, or the memory.
    let mut site = (bulk == Bulk::Later || memory.is_some()).then_some(site);
    let mut totals = out.totals();
    let mut produced = out.produced();
    pause_for_tests("MINHBACH_PAUSE_BEFORE_COMMIT_MS");
    cache.forget().map_err(io_error)?;
    out.commit(&produced).map_err(io_error)?;
    let timer = timer.lap("swap in");
    if bulk == Bulk::Later {
        // Online now; a stop before the manifest below is saved costs a full build next time.
        progress.site_updated();
    }
    cache.save(&produced, later).map_err(io_error)?;
    if bulk == Bulk::Later
        && let Some(site) = &site
    {
        let (files, prints) = (&loaded.commune_files, &loaded.fingerprints);
        save_checked(store.as_ref(), site, files, prints, &diags);
    }
    // What the update replaced is freed now that it is online (see `StagedOutput::commit`).
    crate::write::empty_trash(&paths.output).map_err(io_error)?;
    let timer = timer.lap("save the cache");
    if bulk == Bulk::Later
        && let Some(model) = site.take()
    {
        pause_for_tests("MINHBACH_PAUSE_BEFORE_BULK_MS");
        let mut out = StagedOutput::overlay_more(&paths.output, cache.previous_files_of(BULK_JOB))
            .map_err(io_error)?;
        let observed = Observed {
            inner: &out,
            progress,
        };
        rendered.data_files += render::render_bulk(&model, &observed, &cache).map_err(io_error)?;
        rendered.reused = cache.reused();
        // Freed before the swap, unless the memory takes it.
        site = memory.is_some().then_some(model);
        let timer = timer.lap("bulk downloads");
        let (files, bytes) = out.totals();
        totals = (totals.0 + files, totals.1 + bytes);
        let bulk_produced = out.produced();
        cache.forget().map_err(io_error)?;
        out.commit(&bulk_produced).map_err(io_error)?;
        produced.extend(bulk_produced);
        produced.sort_unstable();
        produced.dedup();
        cache.save(&produced, None).map_err(io_error)?;
        crate::write::empty_trash(&paths.output).map_err(io_error)?;
        timer.lap("swap in the bulk downloads");
    }
    if let Some(memory) = memory {
        let timer = Timer::start(progress);
        memory.output = cache.remember(&produced);
        if let (Some(walk), Some(listings)) = (&mut memory.walk, listings) {
            walk.listings = listings;
        }
        if let (Some(store), Some(site)) = (&store, site) {
            let (files, prints) = (loaded.commune_files, loaded.fingerprints);
            memory.checked = store.remember(site, files, prints, &diags);
        }
        timer.lap("keep in memory for the next build");
    }
    let Some((program, store)) = program.zip(store).filter(|_| vouched) else {
        return Ok((rendered, diags, totals));
    };
    let timer = Timer::start(progress);
    let outcome = stamp::Outcome {
        rendered,
        diagnostics: diags,
        totals,
    };
    let finished = stamp::Finished {
        content: &paths.content,
        themes: &paths.themes,
        output: &paths.output,
        program: &program,
        started: store.started(),
        produced: &produced,
    };
    // Without a stamp the next build only takes longer to find that nothing changed.
    let _ = stamp::save(&finished, &outcome);
    timer.lap("stamp the output");
    Ok((outcome.rendered, outcome.diagnostics, outcome.totals))
}

/// The report of the previous build when nothing it read or wrote has changed since (see
/// [`stamp`]): the output is left exactly as it is. Never with `--no-cache`.
fn nothing_to_do(
    paths: &Paths,
    program: Option<&Key>,
    progress: &dyn Progress,
) -> Option<(Rendered, Diagnostics, (u64, u64))> {
    let program = program.filter(|_| paths.incremental)?;
    let timer = Timer::start(progress);
    let done = stamp::unchanged(&paths.content, &paths.themes, &paths.output, program);
    timer.lap("look for changes");
    let done = done?;
    let mut rendered = done.rendered;
    rendered.unchanged = true;
    Some((rendered, done.diagnostics, done.totals))
}

/// Takes the lock of the output folder (in the cache folder, which every build beside this
/// output has): [`BuildError::Busy`] while another process builds into it.
pub fn lock_output(paths: &Paths) -> Result<crate::write::Lock, BuildError> {
    match crate::write::lock(&cache::folder(&paths.output).join("lock")) {
        Ok(Some(lock)) => Ok(lock),
        Ok(None) => Err(BuildError::Busy),
        Err(e) => Err(io_error(e)),
    }
}

/// Refuses an output folder that would overwrite sources, the working folder, the repository,
/// the home folder, or a folder of someone else's files.
pub fn check_output(paths: &Paths) -> Result<(), BuildError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let repo = repository_root(&paths.content);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let protected: [(&str, &Path); 2] = [("content", &paths.content), ("themes", &paths.themes)];
    let mut parents: Vec<(&str, &Path)> = Vec::new();
    if let Some(repo) = &repo {
        parents.push(("repository", repo));
    }
    if let Some(home) = &home {
        parents.push(("home", home));
    }
    parents.push(("current", &cwd));
    match unsafe_output(&paths.output, &protected, &parents) {
        Some(why) => Err(BuildError::UnsafeOutput(why)),
        None => Ok(()),
    }
}

/// The nearest folder above `content` that holds a `.git`, if any.
fn repository_root(content: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(content).ok()?;
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Waits as many milliseconds as the variable `var` says, so tests can interrupt or kill a
/// build at its most delicate moments: `MINHBACH_PAUSE_BEFORE_COMMIT_MS` with the staging
/// folder complete, `MINHBACH_PAUSE_BEFORE_BULK_MS` with an update's pages online and its bulk
/// downloads not begun. Unset in normal use.
fn pause_for_tests(var: &str) {
    let Some(ms) = std::env::var(var).ok().and_then(|v| v.parse::<u64>().ok()) else {
        return;
    };
    let until = std::time::Instant::now() + std::time::Duration::from_millis(ms);
    while std::time::Instant::now() < until && !interrupted() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn io_error(e: std::io::Error) -> BuildError {
    if e.kind() == std::io::ErrorKind::Interrupted && interrupted() {
        BuildError::Interrupted
    } else {
        BuildError::Io(e)
    }
}
