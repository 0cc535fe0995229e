//! What the server shows (the last good site, the problems of the last build) and the
//! builds that change it, each reported on the terminal and to open pages.

use crate::base::diagnostics::{Diagnostics, Lang, t};
use crate::incremental::memory;
use crate::pipeline::{self, BuildError, Paths};
use crate::render::Rendered;
use crate::terminal::{self, Verbosity};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Mutex, RwLock};
use std::time::Instant;

/// What the server shows: the last good site, and the problems of the last build, if any.
pub(super) struct State {
    /// The preview folder the site is built into.
    pub(super) root: PathBuf,
    /// True once the preview folder holds a whole site (a good build, this time or before).
    pub(super) ready: AtomicBool,
    /// The overlay (title and text) while the content has errors.
    pub(super) problems: RwLock<Option<(String, String)>>,
    /// Incremented on every good build; pages compare it to reload when they missed one.
    pub(super) version: AtomicU64,
    pub(super) clients: Mutex<Vec<Sender<Event>>>,
    pub(super) lang: Lang,
    /// The warnings of the last build, as printed: a rebuild prints only the others (a
    /// national site has 65,000 warnings, which every save would print again).
    pub(super) shown: Mutex<HashSet<String>>,
    /// What the last build left for the next (see [`memory::Memory`]).
    pub(super) memory: Mutex<memory::Memory>,
}

#[derive(Clone)]
pub(super) enum Event {
    Reload(u64),
    Problems(String),
}

impl State {
    pub(super) fn broadcast(&self, event: Event) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(event.clone()).is_ok());
    }

    /// The site's pages are up to date: the overlay goes and open pages reload.
    pub(super) fn online(&self) {
        self.ready.store(true, Ordering::SeqCst);
        *self.problems.write().unwrap_or_else(|e| e.into_inner()) = None;
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        self.broadcast(Event::Reload(version));
    }

    /// The built file at `path` (a [`site_path`]), if the preview folder has it. Hidden names
    /// (the folder's own marker) are not part of the site.
    pub(super) fn file(&self, path: &str) -> Option<PathBuf> {
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
    pub(super) fn unseen(&self, diags: &Diagnostics) -> (Diagnostics, usize) {
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

    pub(super) fn problems_json(&self) -> Option<String> {
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
pub(super) fn rebuild(paths: &Paths, state: &State, first: bool) {
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
