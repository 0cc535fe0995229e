//! `minhbach serve`: a preview server with live reload.
//!
//! The site is built as `minhbach build` builds it, incrementally, into a preview folder of
//! the user's cache ([`preview_folder`]) — never into `public/` — and the server answers only
//! with files of that folder, never with a file elsewhere on disk. A save rebuilds only what
//! depends on the files saved, so a preview of a national site stays quick and its memory
//! bounded; the next `serve` of the same site starts from what this one built. `content/` and
//! the theme folder are watched; a change rebuilds the site (debounced) and tells open pages
//! to reload through server-sent events at `/__minhbach/events`. When the content has errors,
//! the preview folder is left as it was, so the last good site stays served, and open pages
//! show the errors in an overlay, with the same text as the command line.
//!
//! The small script that listens for those events is added to HTML responses by the server
//! only; built files never contain it.

use crate::base::diagnostics::{Diagnostics, Lang, Text, t};
use crate::incremental::memory;
use crate::pipeline::{self, BuildError, Paths};
use crate::render::{self, Rendered};
use crate::terminal::{self, Verbosity};
use std::collections::HashSet;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Where the live-reload events are sent.
pub const EVENTS_PATH: &str = "/__minhbach/events";
/// The live-reload script.
pub const SCRIPT_PATH: &str = "/__minhbach/live.js";
/// The port used when `--port` is not given (the next free one is tried when it is taken).
pub const DEFAULT_PORT: u16 = 5757;

/// How long the watcher waits for a burst of changes (an editor saving several files) to end.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// The longest a rebuild waits while changes keep coming.
const MAX_WAIT: Duration = Duration::from_millis(600);
/// A comment line sent to idle event streams, so dead connections are noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// What `minhbach serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Content folder.
    pub content: PathBuf,
    /// Themes folder.
    pub themes: PathBuf,
    /// Address to listen on (loopback by default).
    pub bind: IpAddr,
    /// Port; `None` for [`DEFAULT_PORT`] or the next free one; `Some(0)` for any free port.
    pub port: Option<u16>,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Language of messages and of the overlay.
    pub lang: Lang,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address or port cannot be used (a usage error).
    Bind(Text),
    /// The folders cannot be watched.
    Watch(Text),
    /// Another `minhbach serve` is previewing the same site.
    Busy(Text),
}

/// What the server shows: the last good site, and the problems of the last build, if any.
struct State {
    /// The preview folder the site is built into.
    root: PathBuf,
    /// True once the preview folder holds a whole site (a good build, this time or before).
    ready: AtomicBool,
    /// The overlay (title and text) while the content has errors.
    problems: RwLock<Option<(String, String)>>,
    /// Incremented on every good build; pages compare it to reload when they missed one.
    version: AtomicU64,
    clients: Mutex<Vec<Sender<Event>>>,
    lang: Lang,
    /// The warnings of the last build, as printed: a rebuild prints only the others (a
    /// national site has 65,000 warnings, which every save would print again).
    shown: Mutex<HashSet<String>>,
    /// What the last build left for the next (see [`memory::Memory`]).
    memory: Mutex<memory::Memory>,
}

#[derive(Clone)]
enum Event {
    Reload(u64),
    Problems(String),
}

impl State {
    fn broadcast(&self, event: Event) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(event.clone()).is_ok());
    }

    /// The site's pages are up to date: the overlay goes and open pages reload.
    fn online(&self) {
        self.ready.store(true, Ordering::SeqCst);
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) = None;
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        self.broadcast(Event::Reload(version));
    }

    /// The built file at `path` (a [`site_path`]), if the preview folder has it. Hidden names
    /// (the folder's own marker) are not part of the site.
    fn file(&self, path: &str) -> Option<PathBuf> {
        if path.split('/').any(|seg| seg.starts_with('.')) {
            return None;
        }
        let file = self.root.join(path);
        std::fs::symlink_metadata(&file)
            .is_ok_and(|m| m.is_file())
            .then_some(file)
    }

    /// What of `diags` to print: every error, and the warnings the last build did not have;
    /// with how many warnings are left out. Remembers this build's warnings.
    fn unseen(&self, diags: &Diagnostics) -> (Diagnostics, usize) {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let mut now = HashSet::with_capacity(diags.warning_count());
        let mut fresh = Diagnostics::default();
        let mut left_out = 0;
        for d in diags.iter() {
            if d.is_error() {
                fresh.push(d.clone());
                continue;
            }
            let printed = d.display(self.lang).to_string();
            if shown.contains(&printed) {
                left_out += 1;
            } else {
                fresh.push(d.clone());
            }
            now.insert(printed);
        }
        *shown = now;
        (fresh, left_out)
    }

    fn problems_json(&self) -> Option<String> {
        let p = self.problems.read().unwrap_or_else(|e| e.into_inner());
        p.as_ref()
            .map(|(title, text)| serde_json::json!({"title": title, "text": text}).to_string())
    }
}

/// The outcome of one build.
enum Outcome {
    Good(Rendered, Diagnostics),
    Problems(String, String, Diagnostics),
}

/// Tells the server when an update's pages are online, before its bulk downloads are made
/// (at national scale those take a minute; the pages need not wait for them).
struct Online<'a> {
    state: &'a State,
    announced: AtomicBool,
}

impl pipeline::Progress for Online<'_> {
    fn stage(&self, stage: &str, seconds: f64) {
        if let Some(line) = terminal::stage_line(stage, seconds) {
            terminal::detail(&line);
        }
    }

    fn site_updated(&self) {
        self.announced.store(true, Ordering::SeqCst);
        self.state.online();
    }
}

/// Builds the site into the preview folder as `minhbach build` would, reusing what is
/// unchanged; never panics out (a bug in a build keeps the server up). Also says whether the
/// pages were already announced online.
fn build(paths: &Paths, state: &State) -> (Outcome, bool) {
    let lang = state.lang;
    let online = Online {
        state,
        announced: AtomicBool::new(false),
    };
    let mut memory = state.memory.lock().unwrap_or_else(|e| e.into_inner());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline::build_keeping(paths, &online, Some(&mut memory))
    }));
    drop(memory);
    let announced = online.announced.load(Ordering::SeqCst);
    let not_built = |why: String, diags: Diagnostics| {
        let title = t(
            "minhbach: the site could not be built — below is the last good version of the site",
            "minhbach: không dựng được trang — bên dưới là bản dựng tốt gần nhất của trang",
        );
        let help = t(
            "check the file named above (often a theme template), then save it again",
            "hãy kiểm tra tệp nêu ở trên (thường là một tệp giao diện) rồi lưu lại",
        );
        let text = format!("{why}\n\n{}", help.get(lang));
        Outcome::Problems(title.get(lang).to_string(), text, diags)
    };
    let outcome = match result {
        Ok(Ok(built)) => Outcome::Good(built.rendered, built.diagnostics),
        Ok(Err(BuildError::Content(diags))) => {
            let text = terminal::diagnostics_text(&diags, lang, false, Verbosity::Normal, true);
            let (e, w) = (diags.error_count(), diags.warning_count());
            let title = t(
                format!(
                    "minhbach: the content has errors ({e} error(s), {w} warning(s)) — below is the last good version of the site"
                ),
                format!(
                    "minhbach: nội dung có lỗi ({e} lỗi, {w} cảnh báo) — bên dưới là bản dựng tốt gần nhất của trang"
                ),
            );
            Outcome::Problems(title.get(lang).to_string(), text, diags)
        }
        Ok(Err(BuildError::Io(e))) => not_built(e.to_string(), Diagnostics::default()),
        Ok(Err(BuildError::UnsafeOutput(why))) => {
            not_built(why.get(lang).to_string(), Diagnostics::default())
        }
        Ok(Err(BuildError::Busy)) => {
            let why = t(
                "another minhbach is building into the preview folder right now",
                "một minhbach khác đang dựng vào thư mục xem trước",
            );
            not_built(why.get(lang).to_string(), Diagnostics::default())
        }
        Ok(Err(BuildError::Interrupted)) => {
            let why = t("stopped (Ctrl-C)", "đã dừng (Ctrl-C)");
            not_built(why.get(lang).to_string(), Diagnostics::default())
        }
        Err(_) => {
            let title = t(
                "minhbach: internal error while building — below is the last good version of the site",
                "minhbach: lỗi nội bộ khi dựng trang — bên dưới là bản dựng tốt gần nhất của trang",
            );
            let text = t(
                "this is a bug in minhbach, not a problem in your content; please report it",
                "đây là lỗi của minhbach, không phải của nội dung; xin báo lỗi",
            );
            Outcome::Problems(
                title.get(lang).to_string(),
                text.get(lang).to_string(),
                Diagnostics::default(),
            )
        }
    };
    (outcome, announced)
}

/// Says how many warnings were not printed again, if any.
fn as_before(left_out: usize, lang: Lang) -> String {
    match (left_out, lang) {
        (0, _) => String::new(),
        (n, Lang::En) => format!(", {n} warning(s) as at the last build, not printed again"),
        (n, Lang::Vi) => format!(", {n} cảnh báo như lần dựng trước, không in lại"),
    }
}

/// Builds, prints what the command line prints (warnings only when new), and updates what is
/// served.
fn rebuild(paths: &Paths, state: &State, first: bool) {
    let lang = state.lang;
    let started = Instant::now();
    let (outcome, announced) = build(paths, state);
    let secs = started.elapsed().as_secs_f64();
    match outcome {
        Outcome::Good(rendered, diags) => {
            let (fresh, left_out) = state.unseen(&diags);
            terminal::print_diagnostics(&fresh, lang);
            if !announced {
                state.online();
            }
            let (p, c, d) = (rendered.pages, rendered.charts, rendered.data_files);
            let w = diags.warning_count();
            let verb = match (first, lang) {
                (true, Lang::En) => "built",
                (false, Lang::En) => "rebuilt",
                (true, Lang::Vi) => "đã dựng",
                (false, Lang::Vi) => "đã dựng lại",
            };
            terminal::success(&match lang {
                Lang::En => format!(
                    "{verb} in {secs:.2} s: {p} pages, {c} charts, {d} data files; {w} warning(s){}",
                    as_before(left_out, lang)
                ),
                Lang::Vi => format!(
                    "{verb} trong {} giây: {p} trang, {c} biểu đồ, {d} tệp dữ liệu; {w} cảnh báo{}",
                    crate::format::number(secs, 2, "vi"),
                    as_before(left_out, lang)
                ),
            });
        }
        Outcome::Problems(title, text, diags) => {
            let (fresh, left_out) = state.unseen(&diags);
            if diags.is_empty() {
                anstream::eprintln!("{title}\n{text}");
            } else {
                terminal::print_diagnostics(&fresh, lang);
            }
            let served = t(
                "the last good version of the site is still served; save a fix and it reloads",
                "trang vẫn phục vụ bản dựng tốt gần nhất; sửa và lưu lại là trang tự tải lại",
            );
            let e = diags.error_count();
            anstream::eprintln!(
                "{}",
                match lang {
                    Lang::En => format!(
                        "build failed ({e} error(s){}); {}",
                        as_before(left_out, lang),
                        served.get(lang)
                    ),
                    Lang::Vi => format!(
                        "dựng trang không thành công ({e} lỗi{}); {}",
                        as_before(left_out, lang),
                        served.get(lang)
                    ),
                }
            );
            *state.problems.write().unwrap_or_else(|e| e.into_inner()) = Some((title, text));
            if let Some(json) = state.problems_json() {
                state.broadcast(Event::Problems(json));
            }
        }
    }
}

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
const LAST_USED: &str = "last-used";

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

/// Builds, serves and watches until the process is stopped (Ctrl-C).
pub fn run(opts: Options) -> Result<(), ServeError> {
    let lang = opts.lang;
    let preview = preview_folder(&opts.content, &opts.themes);
    // One server per site: two would rebuild the same preview folder at each save.
    let serving = preview.parent().unwrap_or(&preview).join("serve.lock");
    let _serving = match crate::write::lock(&serving) {
        Ok(Some(lock)) => Some(lock),
        Ok(None) => {
            return Err(ServeError::Busy(t(
                format!(
                    "another minhbach serve is already previewing this site (its preview folder is {}); use the address it printed, or stop it (Ctrl-C in its window) and run this again",
                    preview.display()
                ),
                format!(
                    "một minhbach serve khác đang xem trước trang này (thư mục xem trước của nó là {}); hãy dùng địa chỉ nó đã in ra, hoặc dừng nó (Ctrl-C trong cửa sổ của nó) rồi chạy lại lệnh này",
                    preview.display()
                ),
            )));
        }
        // Without a lock file (a read-only cache folder), the build says what is wrong.
        Err(_) => None,
    };
    if let Some(dir) = preview.parent() {
        // Without the mark, the folder's other times still tell its age.
        let _ = std::fs::write(dir.join(LAST_USED), b"");
    }
    for old in remove_stale_previews(&preview, std::time::SystemTime::now()) {
        let msg = t(
            format!(
                "removed the preview folder {} (no minhbach serve used it for {PREVIEW_KEEP_DAYS} days)",
                old.display()
            ),
            format!(
                "đã xóa thư mục xem trước {} ({PREVIEW_KEEP_DAYS} ngày không có minhbach serve nào dùng)",
                old.display()
            ),
        );
        if terminal::verbosity() != Verbosity::Quiet {
            anstream::eprintln!("{}", msg.get(lang));
        }
    }
    let (server, addr) = bind(&opts)?;
    let paths = Paths {
        content: opts.content.clone(),
        themes: opts.themes.clone(),
        output: preview.clone(),
        incremental: true,
    };
    let state = Arc::new(State {
        // A site built by an earlier `serve` is served until this one has built.
        ready: AtomicBool::new(preview.join("index.html").is_file()),
        root: preview.clone(),
        problems: RwLock::new(None),
        version: AtomicU64::new(0),
        clients: Mutex::new(Vec::new()),
        lang,
        shown: Mutex::new(HashSet::new()),
        memory: Mutex::new(memory::Memory::watched()),
    });
    // Watching before the first build: a change made while it runs is noted and rebuilt.
    let watching = watch(&paths)?;
    rebuild(&paths, &state, true);
    let _watcher = follow(watching, &paths, Arc::clone(&state));

    let url = url_of(addr);
    let folder = preview.display();
    let msg = t(
        format!("serving the site at {url} (preview built in {folder}; Ctrl-C to stop)"),
        format!("đang phục vụ trang tại {url} (bản xem trước dựng trong {folder}; Ctrl-C để dừng)"),
    );
    // Tests and scripts read the address from this line.
    anstream::println!("{}", msg.get(lang));
    if !addr.ip().is_loopback() {
        let warn = t(
            format!(
                "warning: listening on {}, so other computers of the network can open the preview",
                addr.ip()
            ),
            format!(
                "cảnh báo: đang nghe trên {}, các máy khác trong mạng cũng mở được bản xem trước",
                addr.ip()
            ),
        );
        anstream::eprintln!("{}", warn.get(lang));
    }
    if opts.open {
        open_browser(&url, lang);
    }
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        if request.url().split(['?', '#']).next() == Some(EVENTS_PATH) {
            std::thread::spawn(move || events(request, &state));
        } else {
            answer(request, &state);
        }
    }
    Ok(())
}

/// `http://ADDR:PORT/`, with `[…]` around an IPv6 address.
fn url_of(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    }
}

fn bind(opts: &Options) -> Result<(tiny_http::Server, SocketAddr), ServeError> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 20).collect(),
    };
    let mut last = String::new();
    for port in &ports {
        match tiny_http::Server::http(SocketAddr::new(opts.bind, *port)) {
            Ok(server) => {
                let addr = server
                    .server_addr()
                    .to_ip()
                    .unwrap_or_else(|| SocketAddr::new(opts.bind, *port));
                return Ok((server, addr));
            }
            Err(e) => last = e.to_string(),
        }
    }
    let port = ports[0];
    let bind = opts.bind;
    Err(ServeError::Bind(t(
        format!(
            "cannot listen on {bind} port {port}: {last}; the port may be in use: choose another with --port, e.g. --port 8080"
        ),
        format!(
            "không nghe được trên {bind} cổng {port}: {last}; có thể cổng đang được dùng: hãy chọn cổng khác bằng --port, ví dụ --port 8080"
        ),
    )))
}

fn open_browser(url: &str, lang: Lang) {
    if let Err(e) = open::that_detached(url) {
        let msg = t(
            format!("could not open a browser ({e}); open {url} yourself"),
            format!("không mở được trình duyệt ({e}); hãy tự mở {url}"),
        );
        anstream::eprintln!("{}", msg.get(lang));
    }
}

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
type Watcher = Box<dyn notify::Watcher + Send>;

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
struct Watching {
    watcher: Watcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// The watched folders, canonical: events name paths under them.
    roots: Vec<PathBuf>,
    /// The content folder, canonical.
    content: PathBuf,
}

/// Starts watching the content folder and the themes folder; the events wait for [`follow`].
fn watch(paths: &Paths) -> Result<Watching, ServeError> {
    use notify::{RecursiveMode, Watcher as _};
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let canonical = |p: &PathBuf| p.canonicalize().unwrap_or_else(|_| p.clone());
    let roots: Vec<PathBuf> = [&paths.content, &paths.themes]
        .into_iter()
        .filter(|p| p.is_dir())
        .map(canonical)
        .collect();
    let watch_err = |e: notify::Error| {
        ServeError::Watch(t(
            format!("cannot watch the content folder for changes: {e}"),
            format!("không theo dõi được thay đổi của thư mục nội dung: {e}"),
        ))
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
fn follow(watching: Watching, paths: &Paths, state: Arc<State>) -> Watcher {
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

fn state_memory(state: &State) -> std::sync::MutexGuard<'_, memory::Memory> {
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

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a plain path inside the site: `..`, `.`, a backslash, an encoded `/` or `\`, a NUL,
    /// bad percent-encoding or text that is not UTF-8.
    Bad,
}

/// The file a request path names inside the site, `""`-free and `/`-separated
/// (`/` → `index.html`, `/a/` → `a/index.html`), or why it is refused. Only one round of
/// percent-decoding is done, so `%252e` stays the literal text `%2e`.
pub fn site_path(url: &str) -> Result<String, Refused> {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') || raw.contains('\\') {
        return Err(Refused::Bad);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Refused::Bad);
    }
    let decoded = percent_decode(raw).ok_or(Refused::Bad)?;
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        if seg == ".." || seg == "." || seg.contains('\\') || seg.contains('\0') {
            return Err(Refused::Bad);
        }
        if !seg.is_empty() {
            segments.push(seg);
        }
    }
    let mut path = segments.join("/");
    if decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file of the site, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        "pdf" => "application/pdf",
        // the downloads journalists open in Excel and DB Browser / Datasette
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "sqlite" => "application/vnd.sqlite3",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page (before `</body>`, else at the end).
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}?v={version}\" data-version=\"{version}\" data-events=\"{EVENTS_PATH}\" defer></script>\n"
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The page served while no build has succeeded yet: the overlay says why.
fn placeholder(lang: Lang) -> Vec<u8> {
    let msg = t(
        "No version of the site could be built yet. The problems are listed above; save a fix and this page reloads by itself.",
        "Chưa dựng được phiên bản nào của trang. Các lỗi được liệt kê ở trên; sửa và lưu lại là trang tự tải lại.",
    );
    let code = match lang {
        Lang::En => "en",
        Lang::Vi => "vi",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>minhbach</title></head>\n<body><p>{}</p></body></html>\n",
        render::html::escape(msg.get(lang))
    )
    .into_bytes()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

fn respond(
    request: tiny_http::Request,
    status: u16,
    ctype: &str,
    body: Vec<u8>,
    extra: &[(&str, &str)],
) {
    answer_with(
        request,
        tiny_http::Response::from_data(body),
        status,
        ctype,
        extra,
    );
}

/// Sends `response` with the headers every answer carries.
fn answer_with<R: io::Read>(
    request: tiny_http::Request,
    response: tiny_http::Response<R>,
    status: u16,
    ctype: &str,
    extra: &[(&str, &str)],
) {
    let mut response = response
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    for (k, v) in extra {
        response = response.with_header(header(k, v));
    }
    // A client that went away is not an error worth reporting.
    let _ = request.respond(response);
}

/// Answers one request from the last good build.
fn answer(request: tiny_http::Request, state: &State) {
    use tiny_http::Method;
    let lang = state.lang;
    if !matches!(request.method(), Method::Get | Method::Head) {
        let msg = t(
            "only GET and HEAD are answered\n",
            "chỉ trả lời GET và HEAD\n",
        );
        let body = msg.get(lang).as_bytes().to_vec();
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            body,
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let url = request.url().to_string();
    if url.split(['?', '#']).next() == Some(SCRIPT_PATH) {
        let body = LIVE_JS.as_bytes().to_vec();
        respond(request, 200, "text/javascript; charset=utf-8", body, &[]);
        return;
    }
    let path = match site_path(&url) {
        Ok(p) => p,
        Err(Refused::Bad) => {
            let msg = t(
                "400 bad request: this address does not name a file of the site\n",
                "400 yêu cầu không hợp lệ: địa chỉ này không trỏ tới tệp nào của trang\n",
            );
            let body = msg.get(lang).as_bytes().to_vec();
            respond(request, 400, "text/plain; charset=utf-8", body, &[]);
            return;
        }
    };
    let version = state.version.load(Ordering::SeqCst);
    if !state.ready.load(Ordering::SeqCst) {
        let body = inject(&placeholder(lang), version);
        respond(request, 503, "text/html; charset=utf-8", body, &[]);
        return;
    }
    if let Some(file) = state.file(&path) {
        let ctype = content_type(&path);
        if ctype.starts_with("text/html") {
            if let Ok(bytes) = std::fs::read(&file) {
                respond(request, 200, ctype, inject(&bytes, version), &[]);
                return;
            }
        } else if let Ok(f) = std::fs::File::open(&file) {
            // Streamed: a national observations.csv is gigabytes.
            answer_with(request, tiny_http::Response::from_file(f), 200, ctype, &[]);
            return;
        }
    }
    // A folder asked without its final `/`: send the browser to it, so relative links work.
    if !path.ends_with("index.html") && state.file(&format!("{path}/index.html")).is_some() {
        let raw = url.split(['?', '#']).next().unwrap_or("/");
        let location = format!("{raw}/");
        respond(
            request,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &location)],
        );
        return;
    }
    // The site's own 404 page, in the language of the section asked for when there is one.
    let section = path.split('/').next().unwrap_or("");
    let page = state
        .file(&format!("{section}/404.html"))
        .or_else(|| state.file("404.html"))
        .and_then(|p| std::fs::read(p).ok());
    let body = match page {
        Some(p) => inject(&p, version),
        None => b"404 not found\n".to_vec(),
    };
    respond(request, 404, "text/html; charset=utf-8", body, &[]);
}

/// One event in the text/event-stream format.
fn event_text(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str(&format!("data: {line}\n"));
    }
    out.push('\n');
    out
}

/// Streams live-reload events to one page until it goes away.
fn events(request: tiny_http::Request, state: &State) {
    let (tx, rx) = mpsc::channel();
    // Registered before the first message, so no rebuild can fall in between.
    state
        .clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let mut w = request.into_writer();
    let mut hello = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
         Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n",
    );
    hello.push_str(&event_text(
        "hello",
        &state.version.load(Ordering::SeqCst).to_string(),
    ));
    if let Some(json) = state.problems_json() {
        hello.push_str(&event_text("problems", &json));
    }
    if send(&mut w, &hello).is_err() {
        return;
    }
    loop {
        let text = match rx.recv_timeout(HEARTBEAT) {
            Ok(Event::Reload(v)) => event_text("reload", &v.to_string()),
            Ok(Event::Problems(json)) => event_text("problems", &json),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut w, &text).is_err() {
            return;
        }
    }
}

fn send(w: &mut Box<dyn Write + Send>, text: &str) -> io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// The script added to served pages: reloads on a new build, shows the overlay on errors.
const LIVE_JS: &str = r##"// minhbach serve: live reload and error overlay (added by the preview server only).
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : null;
  var url = (me && me.getAttribute("data-events")) || "/__minhbach/events";
  var box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(p) {
    hide();
    box = document.createElement("div");
    box.id = "minhbach-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.maxHeight = "85vh";
    s.overflow = "auto"; s.zIndex = "2147483647"; s.background = "#fff8f6";
    s.color = "#1a1a1a"; s.borderBottom = "4px solid #b3261e"; s.padding = "1em 1.2em";
    s.boxShadow = "0 4px 24px rgba(0,0,0,.35)"; s.font = "15px/1.45 system-ui, sans-serif";
    var close = document.createElement("button");
    close.type = "button"; close.textContent = "×"; close.title = "Đóng / Close";
    close.style.cssFloat = "right"; close.style.fontSize = "1.4em";
    close.onclick = hide;
    var h = document.createElement("strong");
    h.textContent = p.title; h.style.color = "#b3261e"; h.style.display = "block";
    var pre = document.createElement("pre");
    pre.textContent = p.text; pre.style.whiteSpace = "pre-wrap"; pre.style.margin = ".8em 0 0";
    pre.style.font = "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    box.appendChild(close); box.appendChild(h); box.appendChild(pre);
    (document.body || document.documentElement).appendChild(box);
  }
  if (!window.EventSource) { return; }
  var es = new EventSource(url);
  es.addEventListener("hello", function (e) {
    if (version !== null && e.data !== version) { location.reload(); }
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
"##;

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

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(site_path("/en/").unwrap(), "en/index.html");
        assert_eq!(site_path("/a/b.svg?x=1#y").unwrap(), "a/b.svg");
        assert_eq!(
            site_path("/communes/nghe-an/di%E1%BB%85n/").unwrap(),
            "communes/nghe-an/diễn/index.html"
        );
        assert_eq!(site_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
        for bad in [
            "/../Cargo.toml",
            "/a/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a/..%2f..%2fsite.yaml",
            "/a%2F..%2F..%2Fx",
            "/..\\x",
            "/%5c..%5cx",
            "/./index.html",
            "/a%00.html",
            "/%zz",
            "/%c3",
            "relative",
        ] {
            assert_eq!(site_path(bad), Err(Refused::Bad), "{bad}");
        }
    }

    #[test]
    fn content_types_fit_the_files() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a/chart.svg"), "image/svg+xml");
        assert_eq!(content_type("data/x.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("data/datapackage.json"), "application/json");
        assert_eq!(
            content_type("data/minhbach.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            content_type("data/provinces/nghe-an.sqlite"),
            "application/vnd.sqlite3"
        );
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/site.js"),
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 3)).unwrap();
        assert!(
            out.contains("<p>x</p><script src=\"/__minhbach/live.js?v=3\""),
            "{out}"
        );
        assert!(out.ends_with("</body></html>"));
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
