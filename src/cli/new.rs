//! `new` (one content file) and `init` (a whole new site).

use super::args::{LangArg, NewCommand};
use super::{lang_for, messages, print};
use minhbach::base::diagnostics::Lang;
use minhbach::{scaffold, terminal};
use std::path::Path;
use std::process::ExitCode;

/// `init DIR`: a new site that builds as it is.
pub fn init(dir: &Path, lang: Lang) -> ExitCode {
    created(scaffold::init(dir), lang)
}

/// `new province|commune|period|report`, in the language of `--lang` or of the site.
pub fn new_file(new: &NewCommand, lang: Option<LangArg>) -> ExitCode {
    let result = match new {
        NewCommand::Province {
            id,
            name,
            kind,
            content,
        } => (
            lang_for(lang, content),
            scaffold::new_province(content, id, name.as_deref(), kind, lang_for(lang, content)),
        ),
        NewCommand::Commune {
            commune,
            name,
            kind,
            content,
        } => (
            lang_for(lang, content),
            scaffold::new_commune(
                content,
                commune,
                name.as_deref(),
                kind,
                lang_for(lang, content),
            ),
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
            let lang = lang_for(lang, content);
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
            let lang = lang_for(lang, content);
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
                terminal::success(messages::created(f).get(lang));
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
            let s = messages::summary(&diags);
            eprintln!("{}", messages::nothing_written(&s).get(lang));
            ExitCode::from(1)
        }
    }
}
