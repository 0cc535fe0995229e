//! The `minhbach` command line (SPEC §4).

mod cli;

use clap::Parser;
use cli::args::{CheckFormat, Cli, Command, LangArg, NewCommand};
use minhbach::diagnostics::{Diagnostic, Diagnostics, Lang, t};
use minhbach::pipeline::{self, BuildError, Paths};
use minhbach::release::Outcome;
use minhbach::write;
use minhbach::{scaffold, serve, terminal};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

// A build allocates and frees millions of small strings from every core; glibc's allocator
// spent a third of a national build's CPU time in malloc and free (perf), mimalloc a fraction.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process (Linux), before the build allocates.
///
/// Debian enables them for every process. A build allocates and frees a great many small
/// blocks across its threads, and with huge pages the kernel zeroes 2 MB at each first touch:
/// in a perf profile of a five-year update, clearing pages was a third of the content walk's
/// CPU. With them off (`MIMALLOC_ALLOW_THP=0`, which makes this same call), the update's load
/// took 0.91–1.00 s in ten alternating runs, against 1.38–1.71 s with them whenever a month
/// was added; a full build's user time did not change. A failure (an old kernel) only leaves
/// the system's setting in place.
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE reads only its integer arguments and sets a flag of this
    // process; it touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// The first language listed in `content/site.yaml`, read leniently: a broken file is
/// reported by the check itself, so here it only means falling back to Vietnamese.
fn site_language(content: &Path) -> Lang {
    #[derive(serde::Deserialize)]
    struct Languages {
        #[serde(default)]
        languages: Vec<String>,
    }
    let Ok(text) = std::fs::read_to_string(content.join("site.yaml")) else {
        return Lang::Vi;
    };
    match serde_yaml::from_str::<Languages>(&text) {
        Ok(l) => l.languages.first().map_or(Lang::Vi, |c| Lang::from_code(c)),
        Err(_) => Lang::Vi,
    }
}

/// Errors file by file (at most 20 per file without --verbose), then warnings grouped by
/// commune with a total (not with --quiet); coloured only on a terminal without NO_COLOR.
fn print(diags: &Diagnostics, lang: Lang) {
    terminal::print_diagnostics(diags, lang);
}

fn summary(diags: &Diagnostics, lang: Lang) -> String {
    let (e, w) = (diags.error_count(), diags.warning_count());
    match lang {
        Lang::En => format!("{e} error(s), {w} warning(s)"),
        Lang::Vi => format!("{e} lỗi, {w} cảnh báo"),
    }
}

/// Stops the build cleanly on the first Ctrl-C (the staging folder is removed, the previous
/// site stays); a second Ctrl-C exits at once, and the next build cleans up.
fn handle_ctrl_c() {
    let mut pressed = false;
    let _ = ctrlc::set_handler(move || {
        if pressed {
            std::process::exit(130);
        }
        pressed = true;
        write::interrupt();
    });
}

/// A panic is a bug in minhbach, never the user's fault: say so, and that the site is safe.
/// (The staging folder is removed while the panic unwinds.)
fn explain_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        eprintln!(
            "\ninternal error: this is a bug in minhbach, not a problem in your content. \
             The previous site was left unchanged. Please report it with the command you ran.\n\
             lỗi nội bộ: đây là lỗi của minhbach, không phải của nội dung. \
             Trang cũ được giữ nguyên. Xin báo lỗi kèm câu lệnh đã chạy."
        );
    }));
}

fn main() -> ExitCode {
    small_pages_only();
    explain_panics();
    let cli = Cli::parse();
    terminal::set_verbosity(if cli.quiet {
        terminal::Verbosity::Quiet
    } else if cli.verbose {
        terminal::Verbosity::Verbose
    } else {
        terminal::Verbosity::Normal
    });
    let lang_for = |content: &Path| match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Vi) => Lang::Vi,
        None => site_language(content),
    };
    match &cli.command {
        Command::Check { content, format } => match format {
            CheckFormat::Text => check(content, lang_for(content)),
            CheckFormat::Json => check_json(content),
        },
        Command::Serve {
            content,
            themes,
            port,
            bind,
            open,
        } => serve_site(serve::Options {
            content: content.clone(),
            themes: themes.clone(),
            bind: *bind,
            port: *port,
            open: *open,
            lang: lang_for(content),
        }),
        Command::New(new) => new_file(new, &lang_for),
        Command::Init { dir } => {
            let lang = match cli.lang {
                Some(LangArg::En) => Lang::En,
                _ => Lang::Vi,
            };
            created(scaffold::init(dir), lang)
        }
        Command::Demo {
            out,
            provinces,
            communes,
            periods,
            seed,
        } => demo(
            out,
            minhbach::demo::Scale {
                provinces: *provinces,
                communes: *communes,
                periods: *periods,
                seed: *seed,
            },
            cli.lang.map_or(Lang::Vi, |l| match l {
                LangArg::En => Lang::En,
                LangArg::Vi => Lang::Vi,
            }),
        ),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(*shell, &mut cmd, "minhbach", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { dir } => man(dir.as_deref()),
        Command::Release { site, note, date } => {
            handle_ctrl_c();
            let date = date.unwrap_or_else(minhbach::release::today);
            let lang = lang_for(&site.content);
            release(&site.paths(true), date, note.as_deref(), lang)
        }
        Command::Build { site, no_cache } => {
            handle_ctrl_c();
            build(&site.paths(!no_cache), lang_for(&site.content))
        }
    }
}

fn check(content: &Path, lang: Lang) -> ExitCode {
    let (site, diags) = pipeline::load_site(content);
    print(&diags, lang);
    if site.is_none() {
        let s = summary(&diags, lang);
        match lang {
            Lang::En => eprintln!("check failed: {s}"),
            Lang::Vi => eprintln!("kiểm tra không đạt: {s}"),
        }
        return ExitCode::from(1);
    }
    let s = summary(&diags, lang);
    terminal::success(&match lang {
        Lang::En => format!("content is valid: {s}"),
        Lang::Vi => format!("nội dung hợp lệ: {s}"),
    });
    ExitCode::SUCCESS
}

/// `release`: records the release, then builds the site with it.
fn release(paths: &Paths, date: chrono::NaiveDate, note: Option<&str>, lang: Lang) -> ExitCode {
    if let Err(e) = pipeline::check_output(paths) {
        return build_failed(paths, e, lang);
    }
    // A release recorded while another build runs could not be built now, and running it
    // again would find nothing new to release: refused before anything is written. (The
    // build below takes the lock again.)
    if let Err(e) = pipeline::lock_output(paths) {
        return build_failed(paths, e, lang);
    }
    match minhbach::release::record(&paths.content, date, note) {
        Ok(Outcome::NothingNew { latest }) => {
            let said = match (lang, latest) {
                (Lang::En, Some(id)) => format!(
                    "nothing to release: every figure is as release {id} published it; no record written"
                ),
                (Lang::Vi, Some(id)) => format!(
                    "không có gì để công bố: mọi số liệu vẫn như đợt {id} đã công bố; không ghi tệp mới"
                ),
                (Lang::En, None) => {
                    "nothing to release: the content has no figures yet".to_string()
                }
                (Lang::Vi, None) => {
                    "không có gì để công bố: nội dung chưa có số liệu nào".to_string()
                }
            };
            terminal::success(&said);
            ExitCode::SUCCESS
        }
        Ok(Outcome::Recorded { id, file, changes }) => {
            let (a, r, w) = (changes.added, changes.revised, changes.removed);
            let file = file.display();
            terminal::success(&match lang {
                Lang::En => format!(
                    "recorded release {id} in {file}: {a} new figures, {r} revised, {w} withdrawn. Commit this file with the content."
                ),
                Lang::Vi => format!(
                    "đã ghi đợt công bố {id} vào {file}: {a} số liệu mới, {r} số liệu sửa, {w} số liệu rút lại. Hãy commit tệp này cùng nội dung."
                ),
            });
            build(paths, lang)
        }
        Err(e) => build_failed(paths, e, lang),
    }
}

fn build(paths: &Paths, lang: Lang) -> ExitCode {
    let started = Instant::now();
    let out = paths.output.display();
    let progress = terminal::BuildProgress::new(lang);
    let result = pipeline::build_with(paths, &progress);
    progress.finish();
    match result {
        Ok((rendered, diags, (files, bytes))) => {
            print(&diags, lang);
            let secs = started.elapsed().as_secs_f64();
            let mb = bytes as f64 / 1e6;
            let (p, c, d) = (rendered.pages, rendered.charts, rendered.data_files);
            let mut s = summary(&diags, lang);
            if rendered.unchanged {
                s.push_str(match lang {
                    Lang::En => {
                        "; nothing changed since the last build: the output was left as it was"
                    }
                    Lang::Vi => "; không có gì thay đổi từ lần dựng trước: đầu ra được giữ nguyên",
                });
            } else if rendered.reused > 0 {
                let n = rendered.reused;
                s.push_str(&match lang {
                    Lang::En => format!("; {n} unchanged parts reused from the previous build"),
                    Lang::Vi => format!("; dùng lại {n} phần không đổi từ lần dựng trước"),
                });
            }
            terminal::success(&match lang {
                Lang::En => format!(
                    "built {out} in {secs:.2} s: {p} pages, {c} charts, {d} data files ({files} files, {mb:.1} MB); {s}"
                ),
                // Vietnamese separators (`0,46 giây`, `4,3 MB`); the English line stays
                // ungrouped because bench/run.sh reads its counts.
                Lang::Vi => {
                    let n = |x: usize| minhbach::format::count(x as f64, "vi");
                    let (secs, mb) = (
                        minhbach::format::number(secs, 2, "vi"),
                        minhbach::format::number(mb, 1, "vi"),
                    );
                    let (p, c, d, files) = (n(p), n(c), n(d), n(files as usize));
                    format!(
                        "đã dựng {out} trong {secs} giây: {p} trang, {c} biểu đồ, {d} tệp dữ liệu ({files} tệp, {mb} MB); {s}"
                    )
                }
            });
            ExitCode::SUCCESS
        }
        Err(e) if progress.updated_after().is_some() => bulk_failed(paths, e, lang),
        Err(e) => build_failed(paths, e, lang),
    }
}

/// Explains why an update's bulk downloads were not made, its pages being online already.
fn bulk_failed(paths: &Paths, e: BuildError, lang: Lang) -> ExitCode {
    let out = paths.output.display();
    let why = match (&e, lang) {
        (BuildError::Interrupted, Lang::En) => "stopped (Ctrl-C)".to_string(),
        (BuildError::Interrupted, Lang::Vi) => "đã dừng (Ctrl-C)".to_string(),
        (BuildError::Io(e), _) => e.to_string(),
        (other, _) => format!("{other:?}"),
    };
    match lang {
        Lang::En => eprintln!(
            "the pages of {out} were updated, but its bulk downloads (observations.csv, Excel, SQLite) were not: {why}. They are still those of the previous build; run the build again to make them."
        ),
        Lang::Vi => eprintln!(
            "các trang của {out} đã được cập nhật, nhưng các tệp tải về lớn (observations.csv, Excel, SQLite) thì chưa: {why}. Chúng vẫn là của lần dựng trước; hãy chạy lại lệnh dựng để làm chúng."
        ),
    }
    match e {
        BuildError::Interrupted => ExitCode::from(130),
        _ => ExitCode::from(1),
    }
}

/// Explains why a build (or a release) did not happen.
fn build_failed(paths: &Paths, e: BuildError, lang: Lang) -> ExitCode {
    let out = paths.output.display();
    let unchanged = match lang {
        Lang::En => format!("{out} was left unchanged"),
        Lang::Vi => format!("{out} được giữ nguyên như trước"),
    };
    let failed = match lang {
        Lang::En => "build failed",
        Lang::Vi => "dựng trang không thành công",
    };
    match e {
        BuildError::Content(diags) => {
            print(&diags, lang);
            eprintln!("{failed}: {}; {unchanged}", summary(&diags, lang));
            ExitCode::from(1)
        }
        BuildError::UnsafeOutput(why) => {
            let help = match lang {
                Lang::En => "choose another --output folder, such as `public`",
                Lang::Vi => "hãy chọn thư mục --output khác, ví dụ `public`",
            };
            let label = Diagnostic::error(&paths.output, why).help(help);
            eprint!("{}", label.display(lang));
            ExitCode::from(2)
        }
        BuildError::Busy => {
            let why = t(
                "another minhbach is building this output folder right now",
                "một minhbach khác đang dựng vào thư mục đầu ra này",
            );
            let help = t(
                "wait until that build has finished, then run this one again; two builds at once would spoil each other's work",
                "hãy đợi lần dựng đó xong rồi chạy lại lệnh này; hai lần dựng cùng lúc sẽ làm hỏng việc của nhau",
            );
            let label = Diagnostic::error(&paths.output, why).help(help);
            eprint!("{}", label.display(lang));
            eprintln!("{failed}; {unchanged}");
            // EX_TEMPFAIL: a scheduled job may simply try again later.
            ExitCode::from(75)
        }
        BuildError::Interrupted => {
            match lang {
                Lang::En => eprintln!("build stopped (Ctrl-C); {unchanged}"),
                Lang::Vi => eprintln!("đã dừng dựng trang (Ctrl-C); {unchanged}"),
            }
            ExitCode::from(130)
        }
        BuildError::Io(e) => {
            match lang {
                Lang::En => eprintln!("error: cannot build the site: {e}\n{failed}; {unchanged}"),
                Lang::Vi => eprintln!("lỗi: không dựng được trang: {e}\n{failed}; {unchanged}"),
            }
            ExitCode::from(1)
        }
    }
}

/// `check --format json`: every problem as JSON on standard output, for editors' tools and CI.
/// Messages carry both languages (`{"en": …, "vi": …}`); the exit status is as for text.
fn check_json(content: &Path) -> ExitCode {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        valid: bool,
        content: &'a Path,
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Item<'a>>,
    }
    #[derive(serde::Serialize)]
    struct Item<'a> {
        #[serde(flatten)]
        diagnostic: &'a Diagnostic,
        /// `province/commune` of the file, when it belongs to one.
        commune: Option<String>,
    }
    let (site, diags) = pipeline::load_site(content);
    let report = Report {
        valid: site.is_some(),
        content,
        errors: diags.error_count(),
        warnings: diags.warning_count(),
        diagnostics: diags
            .iter()
            .map(|d| Item {
                diagnostic: d,
                commune: terminal::commune_of(&d.file),
            })
            .collect(),
    };
    match serde_json::to_string_pretty(&report) {
        Ok(text) => {
            use std::io::Write;
            // A closed pipe (`| head`) is the reader's choice, not an error.
            let _ = writeln!(std::io::stdout(), "{text}");
        }
        Err(e) => {
            eprintln!("error: cannot write JSON / lỗi: không ghi được JSON: {e}");
            return ExitCode::from(1);
        }
    }
    if site.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `serve`: runs until Ctrl-C; exit 2 when the address cannot be used, 75 when another server
/// previews the same site.
fn serve_site(opts: serve::Options) -> ExitCode {
    let lang = opts.lang;
    match serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(serve::ServeError::Bind(why)) => {
            eprintln!("{}: {}", error_word(lang), why.get(lang));
            ExitCode::from(2)
        }
        Err(serve::ServeError::Watch(why)) => {
            eprintln!("{}: {}", error_word(lang), why.get(lang));
            ExitCode::from(1)
        }
        Err(serve::ServeError::Busy(why)) => {
            eprintln!("{}: {}", error_word(lang), why.get(lang));
            ExitCode::from(75)
        }
    }
}

fn error_word(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "error",
        Lang::Vi => "lỗi",
    }
}

/// `new province|commune|period|report`.
fn new_file(new: &NewCommand, lang_for: &dyn Fn(&Path) -> Lang) -> ExitCode {
    let result = match new {
        NewCommand::Province {
            id,
            name,
            kind,
            content,
        } => (
            lang_for(content),
            scaffold::new_province(content, id, name.as_deref(), kind, lang_for(content)),
        ),
        NewCommand::Commune {
            commune,
            name,
            kind,
            content,
        } => (
            lang_for(content),
            scaffold::new_commune(content, commune, name.as_deref(), kind, lang_for(content)),
        ),
        NewCommand::Period {
            commune,
            id,
            start,
            end,
            kind,
            report,
            title,
            content,
        } => {
            let args = scaffold::PeriodArgs {
                target: commune.clone(),
                id: id.clone(),
                start: start.clone(),
                end: end.clone(),
                kind: kind.clone(),
                report: report.clone(),
                title: title.clone(),
            };
            let lang = lang_for(content);
            (lang, scaffold::new_period(content, &args, lang))
        }
        NewCommand::Report {
            commune,
            id,
            start,
            end,
            date,
            title,
            content,
        } => {
            let args = scaffold::ReportArgs {
                target: commune.clone(),
                id: id.clone(),
                start: start.clone(),
                end: end.clone(),
                date: date.clone(),
                title: title.clone(),
            };
            let lang = lang_for(content);
            (lang, scaffold::new_report(content, &args, lang))
        }
    };
    created(result.1, result.0)
}

/// Says what was created and what to do next, or why nothing was (exit 2 for a usage error,
/// 1 when the content it depends on has errors).
fn created(result: Result<scaffold::Created, scaffold::ScaffoldError>, lang: Lang) -> ExitCode {
    match result {
        Ok(c) => {
            for f in &c.files {
                terminal::success(&match lang {
                    Lang::En => format!("created {}", f.display()),
                    Lang::Vi => format!("đã tạo {}", f.display()),
                });
            }
            if terminal::verbosity() > terminal::Verbosity::Quiet {
                println!("{}", c.next.get(lang));
            }
            ExitCode::SUCCESS
        }
        Err(scaffold::ScaffoldError::Usage(d)) => {
            anstream::eprint!("{}", terminal::diagnostic_text(&d, lang, true));
            ExitCode::from(2)
        }
        Err(scaffold::ScaffoldError::Io(d)) => {
            anstream::eprint!("{}", terminal::diagnostic_text(&d, lang, true));
            ExitCode::from(1)
        }
        Err(scaffold::ScaffoldError::Content(diags)) => {
            print(&diags, lang);
            match lang {
                Lang::En => eprintln!(
                    "nothing was written: fix site.yaml and indicators.yaml first ({})",
                    summary(&diags, lang)
                ),
                Lang::Vi => eprintln!(
                    "chưa ghi tệp nào: hãy sửa site.yaml và indicators.yaml trước ({})",
                    summary(&diags, lang)
                ),
            }
            ExitCode::from(1)
        }
    }
}

/// `man`: the manual page on standard output, or one page per command in `dir`.
fn man(dir: Option<&Path>) -> ExitCode {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let result = match dir {
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout()),
        Some(dir) => std::fs::create_dir_all(dir).and_then(|_| clap_mangen::generate_to(cmd, dir)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: cannot write the manual page / lỗi: không ghi được trang hướng dẫn: {e}"
            );
            ExitCode::from(1)
        }
    }
}

fn demo(out: &Path, scale: minhbach::demo::Scale, lang: Lang) -> ExitCode {
    let started = Instant::now();
    match minhbach::demo::generate(out, scale) {
        Ok(_) if terminal::verbosity() == terminal::Verbosity::Quiet => ExitCode::SUCCESS,
        Ok(w) => {
            let secs = started.elapsed().as_secs_f64();
            let mb = w.bytes as f64 / 1e6;
            let o = out.display();
            match lang {
                Lang::En => println!(
                    "wrote synthetic content to {o} in {secs:.1} s: {} files, {mb:.1} MB",
                    w.files
                ),
                Lang::Vi => println!(
                    "đã ghi nội dung mô phỏng vào {o} trong {} giây: {} tệp, {} MB",
                    minhbach::format::number(secs, 1, "vi"),
                    minhbach::format::count(w.files as f64, "vi"),
                    minhbach::format::number(mb, 1, "vi"),
                ),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            match lang {
                Lang::En => eprintln!("error: cannot write the demo content: {e}"),
                Lang::Vi => eprintln!("lỗi: không ghi được nội dung mô phỏng: {e}"),
            }
            ExitCode::from(2)
        }
    }
}
