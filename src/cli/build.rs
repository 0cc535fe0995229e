//! `build` and `release`, and what the terminal says when either fails.

use super::messages::{self, Made};
use super::print;
use minhbach::base::diagnostics::{Diagnostic, Lang};
use minhbach::pipeline::{self, BuildError, Paths};
use minhbach::release::Outcome;
use minhbach::{terminal, write};
use std::process::ExitCode;
use std::time::Instant;

/// Stops the build cleanly on the first Ctrl-C (the staging folder is removed, the previous
/// site stays); a second Ctrl-C exits at once, and the next build cleans up.
pub fn handle_ctrl_c() {
    let mut pressed = false;
    let _ = ctrlc::set_handler(move || {
        if pressed {
            std::process::exit(130);
        }
        pressed = true;
        write::interrupt();
    });
}

/// `release`: records the release, then builds the site with it.
pub fn release(paths: &Paths, date: chrono::NaiveDate, note: Option<&str>, lang: Lang) -> ExitCode {
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
            terminal::success(messages::nothing_to_release(latest).get(lang));
            ExitCode::SUCCESS
        }
        Ok(Outcome::Recorded { id, file, changes }) => {
            let (a, r, w) = (changes.added, changes.revised, changes.removed);
            terminal::success(messages::release_recorded(id, &file, a, r, w).get(lang));
            build(paths, lang)
        }
        Err(e) => build_failed(paths, e, lang),
    }
}

/// `build`: builds the site into `paths.output`, with a progress display and a closing line.
pub fn build(paths: &Paths, lang: Lang) -> ExitCode {
    let started = Instant::now();
    let progress = terminal::BuildProgress::new(lang);
    let result = pipeline::build_with(paths, &progress);
    progress.finish();
    match result {
        Ok(built) => {
            let (rendered, diags) = (&built.rendered, &built.diagnostics);
            print(diags, lang);
            let secs = started.elapsed().as_secs_f64();
            let made = Made {
                pages: rendered.pages,
                charts: rendered.charts,
                data_files: rendered.data_files,
                files: built.files,
                bytes: built.bytes,
                reused: rendered.reused,
                unchanged: rendered.unchanged,
            };
            let s = messages::summary(diags);
            terminal::success(messages::built(&paths.output, secs, &made, &s).get(lang));
            ExitCode::SUCCESS
        }
        Err(e) if progress.updated_after().is_some() => bulk_failed(paths, e, lang),
        Err(e) => build_failed(paths, e, lang),
    }
}

/// Explains why an update's bulk downloads were not made, its pages being online already.
fn bulk_failed(paths: &Paths, e: BuildError, lang: Lang) -> ExitCode {
    let why = match &e {
        BuildError::Interrupted => messages::stopped().get(lang).to_string(),
        BuildError::Io(e) => e.to_string(),
        other => format!("{other:?}"),
    };
    eprintln!("{}", messages::bulk_failed(&paths.output, &why).get(lang));
    match e {
        BuildError::Interrupted => ExitCode::from(130),
        _ => ExitCode::from(1),
    }
}

/// Explains why a build (or a release) did not happen.
fn build_failed(paths: &Paths, e: BuildError, lang: Lang) -> ExitCode {
    let out = &paths.output;
    match e {
        BuildError::Content(diags) => {
            print(&diags, lang);
            let s = messages::summary(&diags);
            eprintln!("{}", messages::content_errors(out, &s).get(lang));
            ExitCode::from(1)
        }
        BuildError::UnsafeOutput(why) => {
            let label = Diagnostic::error(out, why).help(messages::choose_another_output());
            eprint!("{}", label.display(lang));
            ExitCode::from(2)
        }
        BuildError::Busy => {
            let label = Diagnostic::error(out, messages::busy()).help(messages::busy_help());
            eprint!("{}", label.display(lang));
            eprintln!("{}", messages::build_failed(out).get(lang));
            // EX_TEMPFAIL: a scheduled job may simply try again later.
            ExitCode::from(75)
        }
        BuildError::Interrupted => {
            eprintln!("{}", messages::build_stopped(out).get(lang));
            ExitCode::from(130)
        }
        BuildError::Io(e) => {
            eprintln!("{}", messages::cannot_build(e, out).get(lang));
            ExitCode::from(1)
        }
    }
}
