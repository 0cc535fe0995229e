//! The `minhbach` command line (SPEC §4): parses the arguments and hands each subcommand to
//! its module in [`cli`].

mod cli;

use clap::Parser;
use cli::args::{CheckFormat, Cli, Command};
use cli::{build, check, demo, docs, messages, new, serve, spreadsheet};
use minhbach::base::diagnostics::Lang;
use minhbach::terminal;
use std::path::Path;
use std::process::ExitCode;

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

/// A panic is a bug in minhbach, never the user's fault: say so, and that the site is safe.
/// (The staging folder is removed while the panic unwinds.)
fn explain_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        eprintln!("{}", messages::INTERNAL_ERROR);
    }));
}

fn main() -> ExitCode {
    small_pages_only();
    explain_panics();
    let opts = Cli::parse();
    terminal::set_verbosity(if opts.quiet {
        terminal::Verbosity::Quiet
    } else if opts.verbose {
        terminal::Verbosity::Verbose
    } else {
        terminal::Verbosity::Normal
    });
    let lang_for = |content: &Path| cli::lang_for(opts.lang, content);
    // `init` and `demo` have no site to read a language from yet.
    let lang_or_vi = opts.lang.map_or(Lang::Vi, Lang::from);
    match &opts.command {
        Command::Check { content, format } => match format {
            CheckFormat::Text => check::text(content, lang_for(content)),
            CheckFormat::Json => check::json(content),
        },
        Command::Template {
            content,
            province,
            start,
            end,
            cumulative,
            id,
            out,
        } => {
            let lang = lang_for(content);
            let request = minhbach::spreadsheet::template::Request {
                province: province.clone(),
                start: *start,
                end: *end,
                kind: if *cumulative {
                    minhbach::domain::PeriodKind::Cumulative
                } else {
                    minhbach::domain::PeriodKind::Regular
                },
                id: id.clone(),
                lang,
            };
            spreadsheet::template(content, &request, out.as_deref())
        }
        Command::Import {
            file,
            content,
            dry_run,
            replace,
        } => spreadsheet::import(content, file, *dry_run, *replace, lang_for(content)),
        Command::Serve {
            content,
            themes,
            port,
            bind,
            open,
        } => serve::run(minhbach::serve::Options {
            content: content.clone(),
            themes: themes.clone(),
            bind: *bind,
            port: *port,
            open: *open,
            lang: lang_for(content),
        }),
        Command::New(file) => new::new_file(file, opts.lang),
        Command::Init { dir } => new::init(dir, lang_or_vi),
        Command::Demo {
            out,
            provinces,
            communes,
            periods,
            seed,
            missing_latest,
        } => demo::run(
            out,
            minhbach::demo::Scale {
                provinces: *provinces,
                communes: *communes,
                periods: *periods,
                seed: *seed,
                missing_latest: *missing_latest,
            },
            lang_or_vi,
        ),
        Command::Completions { shell } => docs::completions(*shell),
        Command::Man { dir } => docs::man(dir.as_deref()),
        Command::Release { site, note, date } => {
            build::handle_ctrl_c();
            let date = date.unwrap_or_else(minhbach::release::today);
            let lang = lang_for(&site.content);
            build::release(&site.paths(true), date, note.as_deref(), lang)
        }
        Command::Build { site, no_cache } => {
            build::handle_ctrl_c();
            build::build(&site.paths(!no_cache), lang_for(&site.content))
        }
    }
}
