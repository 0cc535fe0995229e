//! The build as a whole: load → validate → model, then render → write, in named phases:
//! [`read`] (the content, with what the caches vouch for), [`put_online`] (every page and
//! small data file, swapped in), [`add_bulk_downloads`] (an update's national files, after),
//! then what the next build may take ([`Memory`]) and the stamp of the output.

use crate::base::diagnostics::{Diagnostics, Text};
use crate::incremental::cache::{self, Cache};
use crate::incremental::listings::{self, Listings};
use crate::incremental::memory::{Held, Memory, Walk};
use crate::incremental::{checked, stamp};
use crate::load::CommuneFiles;
use crate::model::Site;
use crate::render::downloads::BULK_JOB;
use crate::render::{self, Bulk, Key, Rendered, Sink};
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
    commune_files: Vec<CommuneFiles>,
    /// What the walk listed, by commune folder, when it was asked to keep it.
    listings: Option<Listings>,
}

/// [`load_site_with`], also returning the fingerprints of the files read (for the cache).
/// With a checked-content cache, the communes it vouches for are taken from it unread; what
/// this build checked is for the caller to write to it ([`save_checked`]). With `walk`, the
/// commune folders it holds unchanged are not listed again.
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
            let (loaded, listings) = listings::load(content, reuse, walk.listings, &walk.changed);
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
fn save_checked(site: &Site, seen: &Seen) {
    let Some(store) = &seen.store else {
        return;
    };
    // A cache that cannot be written only costs the next build time.
    let _ = store.save(
        site,
        &seen.commune_files,
        &seen.fingerprints,
        &seen.diagnostics,
    );
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
    fn size(&self, rel: &str) -> Option<u64> {
        self.inner.size(rel)
    }

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

/// What a build made: its report, every problem found, and the files and bytes in the output.
#[derive(Debug)]
pub struct Built {
    /// Pages, charts and data files, and what was reused.
    pub rendered: Rendered,
    /// Every error and warning, in the order they are printed.
    pub diagnostics: Diagnostics,
    /// Files in the output.
    pub files: u64,
    /// Bytes in the output.
    pub bytes: u64,
}

impl Built {
    fn new(rendered: Rendered, diagnostics: Diagnostics, (files, bytes): (u64, u64)) -> Self {
        Built {
            rendered,
            diagnostics,
            files,
            bytes,
        }
    }
}

/// Builds the site at `paths`; the output folder is replaced only on success.
pub fn build(paths: &Paths) -> Result<Built, BuildError> {
    build_with(paths, &Silent)
}

/// [`build`], telling `progress` what is read and written.
pub fn build_with(paths: &Paths, progress: &dyn Progress) -> Result<Built, BuildError> {
    build_keeping(paths, progress, None)
}

/// [`build_with`], taking what `memory` holds from the previous build of this process and
/// leaving there what the next one may take.
pub fn build_keeping(
    paths: &Paths,
    progress: &dyn Progress,
    mut memory: Option<&mut Memory>,
) -> Result<Built, BuildError> {
    check_output(paths)?;
    // Held until the build returns, bulk downloads included.
    let _lock = lock_output(paths)?;
    let program = cache::program_key();
    if let Some(done) = nothing_to_do(paths, program.as_ref(), progress) {
        return Ok(done);
    }
    let held = memory.as_deref_mut().map(Memory::take).unwrap_or_default();
    // Whatever happens next, the output may change: its stamp no longer describes it.
    stamp::forget(&paths.output).map_err(io_error)?;
    let Read {
        site,
        seen,
        previous,
    } = match read(paths, progress, program, held) {
        Ok(read) => read,
        Err(Unbuilt {
            diagnostics,
            listings,
        }) => {
            if let Some(memory) = memory {
                memory.keep_listings(listings);
            }
            return Err(BuildError::Content(diagnostics));
        }
    };
    // A walk that took commune folders' listings from memory saw only the changes it was told
    // of, while a stamp lists the folders as they are: it would vouch for files unseen.
    let vouched = seen.listings.as_ref().is_none_or(|l| l.recalled() == 0);
    let keep_model = memory.is_some();
    let mut online = put_online(paths, progress, program, site, &seen, previous, keep_model)?;
    add_bulk_downloads(paths, progress, &mut online, keep_model)?;
    let Online {
        cache,
        rendered,
        totals,
        produced,
        site,
        ..
    } = online;
    let Seen {
        diagnostics,
        fingerprints,
        commune_files,
        listings,
        store,
    } = seen;
    if let Some(memory) = memory {
        let timer = Timer::start(progress);
        let output = cache.remember(&produced);
        let checked = match (&store, site) {
            (Some(store), Some(site)) => {
                Some(store.remember(site, commune_files, fingerprints, &diagnostics))
            }
            _ => None,
        };
        memory.keep(output, listings, checked);
        timer.lap("keep in memory for the next build");
    }
    let built = Built::new(rendered, diagnostics, totals);
    match program.zip(store).filter(|_| vouched) {
        Some((program, store)) => Ok(stamp_output(
            paths, progress, &program, &store, &produced, built,
        )),
        None => Ok(built),
    }
}

/// Why [`read`] gave no site: the content's problems, and what the walk listed (for the
/// memory of a process that builds again once the content is fixed).
struct Unbuilt {
    diagnostics: Diagnostics,
    listings: Option<Listings>,
}

/// What the first phase read: the site, and what the caches need to know of its inputs.
struct Read {
    site: Site,
    seen: Seen,
    /// The previous build's manifest, when there is one to reuse parts from.
    previous: Option<cache::Previous>,
}

/// What a build saw of its inputs, for the caches and the memory it writes.
struct Seen {
    /// Every problem found, data warnings included.
    diagnostics: Diagnostics,
    /// The content files read, with the hash of each.
    fingerprints: Vec<(String, Key)>,
    /// Each commune's files with their sizes and times.
    commune_files: Vec<CommuneFiles>,
    /// What the walk listed in each commune folder, when asked to keep it.
    listings: Option<Listings>,
    /// The checked-content cache, when the program can identify itself.
    store: Option<checked::Store>,
}

/// Phase 1: reads and checks the content (taking what the checked-content cache and `held`
/// vouch for) while the previous build's manifest (150,000 parts at national scale) is read.
fn read(
    paths: &Paths,
    progress: &dyn Progress,
    program: Option<Key>,
    held: Held,
) -> Result<Read, Unbuilt> {
    let Held {
        checked,
        output,
        walk,
    } = held;
    let store = program
        .and_then(|p| checked::Store::open(&paths.content, &paths.output, p, paths.incremental))
        .map(|store| match checked {
            Some(communes) => store.with_memory(communes),
            None => store,
        });
    let use_previous = paths.incremental && program.is_some();
    let (mut loaded, previous) = std::thread::scope(|s| {
        let previous =
            s.spawn(|| use_previous.then(|| cache::Previous::recall(&paths.output, output)));
        let loaded = load_site_and_inputs(&paths.content, progress, store.as_ref(), walk);
        (loaded, previous.join().ok().flatten().flatten())
    });
    let listings = loaded.listings.take();
    let Some(site) = loaded.site.take() else {
        return Err(Unbuilt {
            diagnostics: loaded.diagnostics,
            listings,
        });
    };
    Ok(Read {
        site,
        seen: Seen {
            diagnostics: loaded.diagnostics,
            fingerprints: loaded.fingerprints,
            commune_files: loaded.commune_files,
            listings,
            store,
        },
        previous,
    })
}

/// The output once the second phase put the site online.
struct Online {
    /// The parts of this build, and of the previous one still to replace.
    cache: Cache,
    rendered: Rendered,
    /// Files and bytes written.
    totals: (u64, u64),
    /// Every file of the output.
    produced: Vec<String>,
    /// Whether the bulk downloads are still to make.
    bulk: Bulk,
    /// The model, when the bulk downloads or the memory still need it.
    site: Option<Site>,
}

/// Phase 2: renders the site into a staging folder and swaps it in. A first or full build
/// replaces the folder as a whole, so it makes everything before the swap; an update puts the
/// pages online first and leaves the slow bulk downloads to [`add_bulk_downloads`].
fn put_online(
    paths: &Paths,
    progress: &dyn Progress,
    program: Option<Key>,
    site: Site,
    seen: &Seen,
    previous: Option<cache::Previous>,
    keep_model: bool,
) -> Result<Online, BuildError> {
    let timer = Timer::start(progress);
    let inputs = cache::Inputs::new(&seen.fingerprints, &program.unwrap_or_default());
    let mut cache = Cache::open(&paths.output, inputs, previous);
    timer.lap("open the cache");
    if interrupted() {
        return Err(BuildError::Interrupted);
    }
    let bulk = match cache.has_previous() {
        true => Bulk::Later,
        false => Bulk::Inline,
    };
    let later = (bulk == Bulk::Later).then_some(BULK_JOB);
    let out = match bulk {
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
            s.spawn(|| save_checked(&site, seen));
        }
        render::render_with(&site, &paths.themes, &observed, &mut cache, bulk)
    })
    .map_err(io_error)?;
    let mut timer = timer.lap("render and write");
    // The model is large: kept only for the bulk downloads still to make, or the memory. A
    // full build frees it before the search index, the other large thing it holds.
    let search = match bulk {
        Bulk::Inline => Some(render::search_records(&site, &paths.themes).map_err(io_error)?),
        Bulk::Later => None,
    };
    let site = (bulk == Bulk::Later || keep_model).then_some(site);
    if let Some(records) = search {
        render::index_search(&records, &observed, &cache).map_err(io_error)?;
        timer = timer.lap("search index");
    }
    rendered.reused = cache.reused();
    let (totals, produced) = swap_in(out, &cache, true)?;
    let timer = timer.lap("swap in");
    if bulk == Bulk::Later {
        // Online now; a stop before the manifest below is saved costs a full build next time.
        progress.site_updated();
    }
    cache.save(&produced, later).map_err(io_error)?;
    if bulk == Bulk::Later
        && let Some(site) = &site
    {
        save_checked(site, seen);
    }
    // What the update replaced is freed now that it is online (see `StagedOutput::commit`).
    crate::write::empty_trash(&paths.output).map_err(io_error)?;
    timer.lap("save the cache");
    Ok(Online {
        cache,
        rendered,
        totals,
        produced,
        bulk,
        site,
    })
}

/// Phase 3, for an update: the bulk downloads (national CSV, workbooks, databases), made from
/// the files now online and swapped in on their own.
fn add_bulk_downloads(
    paths: &Paths,
    progress: &dyn Progress,
    online: &mut Online,
    keep_model: bool,
) -> Result<(), BuildError> {
    if online.bulk != Bulk::Later {
        return Ok(());
    }
    let Some(model) = online.site.take() else {
        return Ok(());
    };
    let timer = Timer::start(progress);
    pause_for_tests("MINHBACH_PAUSE_BEFORE_BULK_MS");
    let cache = &online.cache;
    let out = StagedOutput::overlay_more(&paths.output, cache.previous_files_of(BULK_JOB))
        .map_err(io_error)?;
    let observed = Observed {
        inner: &out,
        progress,
    };
    online.rendered.data_files +=
        render::render_bulk(&model, &paths.themes, &observed, cache).map_err(io_error)?;
    online.rendered.reused = cache.reused();
    // Freed before the swap, unless the memory takes it.
    online.site = keep_model.then_some(model);
    let timer = timer.lap("bulk downloads");
    let ((files, bytes), produced) = swap_in(out, cache, false)?;
    online.totals = (online.totals.0 + files, online.totals.1 + bytes);
    online.produced.extend(produced);
    online.produced.sort_unstable();
    online.produced.dedup();
    cache.save(&online.produced, None).map_err(io_error)?;
    crate::write::empty_trash(&paths.output).map_err(io_error)?;
    timer.lap("swap in the bulk downloads");
    Ok(())
}

/// Swaps the staging folder `out` in; returns its files and bytes and every file it produced.
/// The previous manifest is forgotten first, so that a build killed between the swap and the
/// next [`Cache::save`] leaves no manifest describing another site. With `pause`, tests may
/// stop the build here, its staging folder complete (see [`pause_for_tests`]).
fn swap_in(
    mut out: StagedOutput,
    cache: &Cache,
    pause: bool,
) -> Result<((u64, u64), Vec<String>), BuildError> {
    let totals = out.totals();
    let produced = out.produced();
    if pause {
        pause_for_tests("MINHBACH_PAUSE_BEFORE_COMMIT_MS");
    }
    cache.forget().map_err(io_error)?;
    out.commit(&produced).map_err(io_error)?;
    Ok((totals, produced))
}

/// The last phase: the stamp of the output, so that the next build with nothing changed does
/// nothing. Without a stamp the next build only takes longer to find that nothing changed.
fn stamp_output(
    paths: &Paths,
    progress: &dyn Progress,
    program: &Key,
    store: &checked::Store,
    produced: &[String],
    built: Built,
) -> Built {
    let timer = Timer::start(progress);
    let outcome = stamp::Outcome {
        rendered: built.rendered,
        diagnostics: built.diagnostics,
        totals: (built.files, built.bytes),
    };
    let finished = stamp::Finished {
        content: &paths.content,
        themes: &paths.themes,
        output: &paths.output,
        program,
        started: store.started(),
        produced,
    };
    let _ = stamp::save(&finished, &outcome);
    timer.lap("stamp the output");
    Built::new(outcome.rendered, outcome.diagnostics, outcome.totals)
}

/// The report of the previous build when nothing it read or wrote has changed since (see
/// [`stamp`]): the output is left exactly as it is. Never with `--no-cache`.
fn nothing_to_do(paths: &Paths, program: Option<&Key>, progress: &dyn Progress) -> Option<Built> {
    let program = program.filter(|_| paths.incremental)?;
    let timer = Timer::start(progress);
    let done = stamp::unchanged(&paths.content, &paths.themes, &paths.output, program);
    timer.lap("look for changes");
    let done = done?;
    let mut rendered = done.rendered;
    rendered.unchanged = true;
    Some(Built::new(rendered, done.diagnostics, done.totals))
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
