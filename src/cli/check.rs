//! `check`: every problem of the content, as text for people or as JSON for tools.

use super::{print, summary};
use minhbach::diagnostics::{Diagnostic, Lang};
use minhbach::{pipeline, terminal};
use std::path::Path;
use std::process::ExitCode;

/// `check`: the problems in `lang`, then a summary; exit 1 when the content has errors.
pub fn text(content: &Path, lang: Lang) -> ExitCode {
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
