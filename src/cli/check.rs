//! `check`: every problem of the content, as text for people or as JSON for tools.

use super::{messages, print};
use minhbach::base::diagnostics::{Diagnostic, Lang};
use minhbach::{pipeline, terminal};
use std::path::Path;
use std::process::ExitCode;

/// `check`: the problems in `lang`, then a summary; exit 1 when the content has errors.
pub fn text(content: &Path, lang: Lang) -> ExitCode {
    let (site, diags) = pipeline::load_site(content);
    print(&diags, lang);
    let s = messages::summary(&diags);
    if site.is_none() {
        eprintln!("{}", messages::check_failed(&s).get(lang));
        return ExitCode::from(1);
    }
    terminal::success(messages::content_valid(&s).get(lang));
    ExitCode::SUCCESS
}

/// `check --format json`: every problem as JSON on standard output, for editors' tools and CI.
/// Messages carry both languages (`{"en": …, "vi": …}`); the exit status is as for text.
pub fn json(content: &Path) -> ExitCode {
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
            eprintln!("{}", messages::json_failed(e));
            return ExitCode::from(1);
        }
    }
    if site.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
