//! Output that fits a terminal: problems grouped for reading, colours only where they work,
//! a progress display on long builds, and the `--quiet` / `--verbose` levels.
//!
//! Colours go through `anstream`, which drops them when the stream is not a terminal, when
//! `NO_COLOR` is set (to anything but an empty string) or `CLICOLOR=0`; `CLICOLOR_FORCE=1` keeps
//! them in a pipe. The progress display is drawn only on a terminal, never with `--quiet`.

use crate::base::diagnostics::{Diagnostic, Diagnostics, Lang, t};
use crate::pipeline::Progress;
use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;
use std::path::{Component, Path};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How much the command line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings grouped by commune, a one-line summary.
    Normal,
    /// Also every problem of a file (no limit) and the time of each stage.
    Verbose,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// Sets the level for the whole run (from `--quiet` / `--verbose`).
pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

/// The level of this run.
pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Most problems printed for one file without `--verbose`; a file of thousands of bad lines
/// would bury the rest.
pub const MAX_SHOWN_PER_FILE: usize = 20;

const ERROR: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const WARNING: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const ARROW: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)));
const BOLD: Style = Style::new().bold();
const GOOD: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

fn paint(style: Style, text: &str, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// One problem as the command line prints it, with colours when `color` is true.
pub fn diagnostic_text(d: &Diagnostic, lang: Lang, color: bool) -> String {
    let plain = d.display(lang).to_string();
    if !color {
        return plain;
    }
    let mut out = String::with_capacity(plain.len() + 64);
    for (i, line) in plain.lines().enumerate() {
        if i == 0
            && let Some((label, message)) = line.split_once(": ")
        {
            let style = if d.is_error() { ERROR } else { WARNING };
            out.push_str(&format!(
                "{}: {}",
                paint(style, label, true),
                paint(BOLD, message, true)
            ));
        } else if let Some(rest) = line.strip_prefix("  --> ") {
            out.push_str(&format!("  {} {rest}", paint(ARROW, "-->", true)));
        } else if let Some(rest) = line.strip_prefix("   = ") {
            out.push_str(&format!("   {} {rest}", paint(ARROW, "=", true)));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `province/commune` (or `province` for `_province.yaml`) of a file under `communes/`.
pub fn commune_of(file: &Path) -> Option<String> {
    let parts: Vec<String> = file
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let at = parts.iter().rposition(|p| p == "communes")?;
    let rest = &parts[at + 1..];
    match rest {
        [province, commune, _, ..] => Some(format!("{province}/{commune}")),
        [province, _] => Some(province.clone()),
        _ => None,
    }
}

/// "1 warning" / "2 warnings" in `lang`.
fn warnings_word(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En if n == 1 => "1 warning".into(),
        Lang::En => format!("{n} warnings"),
        Lang::Vi => format!("{n} cảnh báo"),
    }
}

/// Prints `list` file by file, at most [`MAX_SHOWN_PER_FILE`] per file unless `all`.
fn per_file(list: &[&Diagnostic], lang: Lang, color: bool, all: bool, out: &mut String) {
    let mut by_file: Vec<(&Path, Vec<&Diagnostic>)> = Vec::new();
    for d in list {
        match by_file.last_mut() {
            Some((file, l)) if *file == d.file.as_path() => l.push(d),
            _ => by_file.push((d.file.as_path(), vec![d])),
        }
    }
    for (file, l) in by_file {
        let shown = if all { l.len() } else { MAX_SHOWN_PER_FILE };
        for d in l.iter().take(shown) {
            out.push_str(&diagnostic_text(d, lang, color));
            out.push('\n');
        }
        let hidden = l.len().saturating_sub(shown);
        if hidden > 0 {
            let file = file.display();
            let more = t(
                format!("… and {hidden} more problem(s) in {file} (--verbose shows them all)"),
                format!("… và {hidden} vấn đề nữa trong {file} (--verbose để xem hết)"),
            );
            out.push_str(more.get(lang));
            out.push_str("\n\n");
        }
    }
}

/// Errors file by file, then (unless `errors_only`) warnings grouped by commune with a total.
pub fn diagnostics_text(
    diags: &Diagnostics,
    lang: Lang,
    color: bool,
    verbosity: Verbosity,
    errors_only: bool,
) -> String {
    let all = verbosity == Verbosity::Verbose;
    let mut out = String::new();
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    per_file(&errors, lang, color, all, &mut out);
    if errors_only || verbosity == Verbosity::Quiet {
        return out;
    }
    let mut groups: Vec<(Option<String>, Vec<&Diagnostic>)> = Vec::new();
    // Where each commune's group is: a national site has thousands of them.
    let mut group_of: std::collections::HashMap<Option<String>, usize> = Default::default();
    for d in diags.iter().filter(|d| !d.is_error()) {
        let key = commune_of(&d.file);
        match group_of.get(&key) {
            Some(&at) => groups[at].1.push(d),
            None => {
                group_of.insert(key.clone(), groups.len());
                groups.push((key, vec![d]));
            }
        }
    }
    // Communes first in file order, then the warnings about other files.
    groups.sort_by_key(|(k, _)| k.is_none());
    let total: usize = groups.iter().map(|(_, l)| l.len()).sum();
    if total == 0 {
        return out;
    }
    for (key, list) in &groups {
        let name = match key {
            Some(k) => k.clone(),
            None => t("other files", "tệp khác").get(lang).to_string(),
        };
        let head = format!("── {name}: {} ──", warnings_word(list.len(), lang));
        out.push_str(&paint(WARNING, &head, color));
        out.push_str("\n\n");
        per_file(list, lang, color, all, &mut out);
    }
    let communes = groups.iter().filter(|(k, _)| k.is_some()).count();
    let line = match lang {
        Lang::En => format!(
            "total: {} in {communes} {}",
            warnings_word(total, lang),
            if communes == 1 { "commune" } else { "communes" }
        ),
        Lang::Vi => format!("tổng cộng: {} ở {communes} xã", warnings_word(total, lang)),
    };
    let line = if groups.iter().any(|(k, _)| k.is_none()) {
        let other = t(" and other files", " và các tệp khác");
        format!("{line}{}", other.get(lang))
    } else {
        line
    };
    out.push_str(&paint(WARNING, &format!("{line}\n"), color));
    out.push('\n');
    out
}

/// Prints every problem to standard error as [`diagnostics_text`] lays them out.
pub fn print_diagnostics(diags: &Diagnostics, lang: Lang) {
    // Colours are left out here rather than stripped by the stream, which writes the text
    // between two colour codes one piece at a time: 65,000 warnings took half a second.
    let stderr = std::io::stderr();
    let color = anstream::AutoStream::choice(&stderr) != anstream::ColorChoice::Never;
    let text = diagnostics_text(diags, lang, color, verbosity(), false);
    if !text.is_empty() {
        let mut out =
            anstream::AutoStream::new(stderr.lock(), anstream::AutoStream::choice(&stderr));
        let _ = std::io::Write::write_all(&mut out, text.as_bytes());
    }
}

/// Prints a line of success to standard output, in green on a terminal; nothing with `--quiet`.
pub fn success(line: &str) {
    if verbosity() > Verbosity::Quiet {
        anstream::println!("{}", paint(GOOD, line, true));
    }
}

/// Prints a line to standard error only with `--verbose`.
pub fn detail(line: &str) {
    if verbosity() == Verbosity::Verbose {
        anstream::eprintln!("{line}");
    }
}

/// A progress display for one build: files read, then pages, charts and other files written.
/// Drawn on standard error only when it is a terminal and the run is not `--quiet`.
pub struct BuildProgress {
    bar: Option<indicatif::ProgressBar>,
    lang: Lang,
    started: Instant,
    read_after: std::sync::Mutex<Option<Duration>>,
    /// When an update's pages were online, before its bulk downloads.
    updated_after: std::sync::Mutex<Option<Duration>>,
    read: AtomicUsize,
    pages: AtomicUsize,
    charts: AtomicUsize,
    other: AtomicUsize,
}

impl BuildProgress {
    /// A progress display, shown only where it belongs.
    pub fn new(lang: Lang) -> Self {
        let shown = verbosity() > Verbosity::Quiet && std::io::stderr().is_terminal();
        let bar = shown.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            {
                bar.set_style(style);
            }
            bar.set_message(
                t("reading the content…", "đang đọc nội dung…")
                    .get(lang)
                    .to_string(),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self {
            bar,
            lang,
            started: Instant::now(),
            read_after: std::sync::Mutex::new(None),
            updated_after: std::sync::Mutex::new(None),
            read: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            charts: AtomicUsize::new(0),
            other: AtomicUsize::new(0),
        }
    }

    /// Seconds after the start at which an update's pages were online while its bulk downloads
    /// were still to make; `None` when the build made everything before the swap.
    pub fn updated_after(&self) -> Option<f64> {
        self.updated_after
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map(|d| d.as_secs_f64())
    }

    /// Counts so far: (files read, pages, charts, other files written).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        (
            self.read.load(Ordering::Relaxed),
            self.pages.load(Ordering::Relaxed),
            self.charts.load(Ordering::Relaxed),
            self.other.load(Ordering::Relaxed),
        )
    }

    fn message(&self) -> String {
        let (r, p, c, o) = self.counts();
        match self.lang {
            Lang::En => {
                format!("read {r} content files · wrote {p} pages, {c} charts, {o} other files")
            }
            Lang::Vi => {
                format!("đã đọc {r} tệp nội dung · đã ghi {p} trang, {c} biểu đồ, {o} tệp khác")
            }
        }
    }

    /// Removes the display and, with `--verbose`, says how long each stage took.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let total = self.started.elapsed().as_secs_f64();
        let read = self
            .read_after
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map(|d| d.as_secs_f64());
        let Some(read) = read else { return };
        let (r, p, c, o) = self.counts();
        let write = total - read;
        detail(&match self.lang {
            Lang::En => format!(
                "read and checked {r} content files in {read:.2} s; wrote {p} pages, {c} charts and {o} other files in {write:.2} s"
            ),
            Lang::Vi => format!(
                "đã đọc và kiểm tra {r} tệp nội dung trong {} giây; đã ghi {p} trang, {c} biểu đồ và {o} tệp khác trong {} giây",
                crate::format::number(read, 2, "vi"),
                crate::format::number(write, 2, "vi"),
            ),
        });
    }
}

/// With `--verbose`, the line saying how long a stage of a build took (and the peak memory so
/// far, on Linux); `None` otherwise.
pub fn stage_line(stage: &str, seconds: f64) -> Option<String> {
    if verbosity() != Verbosity::Verbose {
        return None;
    }
    Some(match peak_memory_mb() {
        Some(mb) => format!("  {stage}: {seconds:.2} s (peak memory so far {mb} MB)"),
        None => format!("  {stage}: {seconds:.2} s"),
    })
}

impl Progress for BuildProgress {
    fn read(&self, files: usize) {
        self.read.store(files, Ordering::Relaxed);
        *self.read_after.lock().unwrap_or_else(|e| e.into_inner()) = Some(self.started.elapsed());
        if let Some(bar) = &self.bar {
            bar.set_message(self.message());
        }
    }

    fn reused(&self, reused: usize, communes: usize) {
        let line = match self.lang {
            Lang::En => format!(
                "  {reused} of {communes} communes unchanged since the last build, not read again"
            ),
            Lang::Vi => format!(
                "  {reused} trên {communes} xã không đổi từ lần dựng trước, không phải đọc lại"
            ),
        };
        match &self.bar {
            Some(bar) if verbosity() == Verbosity::Verbose => bar.println(line),
            _ => detail(&line),
        }
    }

    fn stage(&self, stage: &str, seconds: f64) {
        let Some(line) = stage_line(stage, seconds) else {
            return;
        };
        match &self.bar {
            Some(bar) => bar.println(line),
            None => detail(&line),
        }
    }

    fn site_updated(&self) {
        let after = self.started.elapsed();
        *self.updated_after.lock().unwrap_or_else(|e| e.into_inner()) = Some(after);
        if verbosity() == Verbosity::Quiet {
            return;
        }
        let secs = after.as_secs_f64();
        let line = match self.lang {
            Lang::En => format!(
                "site updated in {secs:.2} s: every page is online; now making the bulk downloads (the national CSV, database and Parquet file, the workbooks)…"
            ),
            Lang::Vi => format!(
                "đã cập nhật trang sau {} giây: mọi trang đã lên mạng; đang làm các tệp tải về lớn (CSV, cơ sở dữ liệu và tệp Parquet toàn quốc, các sổ Excel)…",
                crate::format::number(secs, 2, "vi")
            ),
        };
        match &self.bar {
            Some(bar) => bar.println(line),
            None => anstream::eprintln!("{line}"),
        }
    }

    fn wrote(&self, rel: &str) {
        let counter = if rel.ends_with(".html") {
            &self.pages
        } else if rel.ends_with(".svg") {
            &self.charts
        } else {
            &self.other
        };
        let n = counter.fetch_add(1, Ordering::Relaxed);
        // Every file would be thousands of redraw requests on a national build; the display
        // refreshes a few times a second anyway.
        if let Some(bar) = &self.bar
            && n % 8 == 0
        {
            bar.set_message(self.message());
        }
    }
}

/// The process's peak resident memory so far in MB, where the system says it (Linux's
/// `VmHWM`); it tells which stage of a large build sets the peak.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    peak_from_status(&status).map(|kb| kb * 1024 / 1_000_000)
}

/// `VmHWM` in kB from the text of `/proc/self/status`.
fn peak_from_status(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_high_water_mark() {
        let status = "Name:\tminhbach\nVmPeak:\t 900 kB\nVmHWM:\t  2054260 kB\nVmRSS:\t 10 kB\n";
        assert_eq!(peak_from_status(status), Some(2054260));
        assert_eq!(peak_from_status("Name: x\n"), None);
    }

    #[test]
    fn files_are_grouped_by_commune() {
        let f = |s: &str| commune_of(Path::new(s));
        assert_eq!(
            f("content/communes/nghe-an/dien-chau/data/2026-01.yaml").as_deref(),
            Some("nghe-an/dien-chau")
        );
        assert_eq!(
            f("content/communes/nghe-an/dien-chau/commune.yaml").as_deref(),
            Some("nghe-an/dien-chau")
        );
        assert_eq!(
            f("content/communes/nghe-an/_province.yaml").as_deref(),
            Some("nghe-an")
        );
        assert_eq!(f("content/indicators.yaml"), None);
    }

    #[test]
    fn warnings_come_grouped_with_a_total_and_no_colour_when_asked() {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::warning("c/communes/p/a/data/1.yaml", "w1").at(2, 3));
        diags.push(Diagnostic::warning("c/communes/p/a/data/2.yaml", "w2").at(2, 3));
        diags.push(Diagnostic::warning("c/communes/p/b/data/1.yaml", "w3").at(2, 3));
        diags.push(Diagnostic::warning("c/site.yaml", "w4"));
        diags.push(Diagnostic::error("c/communes/p/b/data/1.yaml", "e1"));
        let text = diagnostics_text(&diags, Lang::En, false, Verbosity::Normal, false);
        assert!(text.starts_with("error: e1\n"), "{text}");
        assert!(text.contains("── p/a: 2 warnings ──"), "{text}");
        assert!(text.contains("── p/b: 1 warning ──"), "{text}");
        assert!(text.contains("── other files: 1 warning ──"), "{text}");
        assert!(
            text.contains("total: 4 warnings in 2 communes and other files"),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'));
        let coloured = diagnostics_text(&diags, Lang::Vi, true, Verbosity::Normal, false);
        assert!(coloured.contains('\u{1b}'));
        assert!(
            coloured.contains("tổng cộng: 4 cảnh báo ở 2 xã và các tệp khác"),
            "{coloured}"
        );
        let quiet = diagnostics_text(&diags, Lang::En, false, Verbosity::Quiet, false);
        assert_eq!(quiet.matches("warning").count(), 0, "{quiet}");
    }
}
