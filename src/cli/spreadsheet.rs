//! `template` and `import`: the spreadsheet a province's office fills each period.

use super::{messages, print};
use minhbach::base::diagnostics::{Diagnostics, Lang};
use minhbach::spreadsheet::import::{self, Options, Status};
use minhbach::spreadsheet::template::{self, Request};
use minhbach::{pipeline, terminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `template`: the workbook for one province and period.
pub fn template(content: &Path, request: &Request, out: Option<&Path>) -> ExitCode {
    let lang = request.lang;
    let Some(site) = load(content, lang) else {
        return ExitCode::from(1);
    };
    let bytes = match template::make(&site, content, request) {
        Ok(b) => b,
        Err(d) => {
            let mut diags = Diagnostics::default();
            diags.push(d);
            print(&diags, lang);
            return ExitCode::from(2);
        }
    };
    let out: PathBuf = out.map(Path::to_path_buf).unwrap_or_else(|| {
        PathBuf::from(format!("{}_{}.xlsx", request.province, request.period_id()))
    });
    if out.exists() {
        eprintln!("{}", messages::template_exists(&out).get(lang));
        return ExitCode::from(1);
    }
    if let Err(e) = std::fs::write(&out, bytes) {
        eprintln!("{}", messages::cannot_write(&out, e).get(lang));
        return ExitCode::from(1);
    }
    let communes = site
        .provinces
        .iter()
        .find(|p| p.info.id.as_str() == request.province)
        .map_or(0, |p| p.communes.len());
    terminal::success(messages::template_written(&out, communes, site.indicators.len()).get(lang));
    ExitCode::SUCCESS
}

/// `import`: the sheet's period files, written only when the whole sheet is valid.
pub fn import(content: &Path, file: &Path, dry_run: bool, replace: bool, lang: Lang) -> ExitCode {
    let Some(site) = load(content, lang) else {
        return ExitCode::from(1);
    };
    let plan = import::plan(&site, content, file, Options { replace });
    print(&plan.problems, lang);
    if !plan.is_valid() {
        let s = messages::summary(&plan.problems);
        eprintln!("{}", messages::import_failed(&s).get(lang));
        return ExitCode::from(1);
    }
    let mut unchanged = 0;
    for f in &plan.files {
        let status = match &f.status {
            Status::New => "new",
            Status::Unchanged => {
                unchanged += 1;
                "unchanged"
            }
            Status::Replaced(_) => "replaced",
        };
        println!("{}", messages::import_file(status, &f.path).get(lang));
        if let Status::Replaced(changes) = &f.status {
            for c in changes {
                println!("      {}", import::describe_change(c));
            }
        }
    }
    if !plan.not_reported.is_empty() {
        let names: Vec<String> = plan.not_reported.iter().map(|(_, n)| n.clone()).collect();
        println!("{}", messages::import_not_reported(&names).get(lang));
    }
    let to_write = plan.files.len() - unchanged;
    if dry_run {
        terminal::success(messages::import_done(to_write, unchanged, true).get(lang));
        return ExitCode::SUCCESS;
    }
    match import::write(&plan) {
        Ok(n) => {
            terminal::success(messages::import_done(n, unchanged, false).get(lang));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", messages::cannot_write(content, e).get(lang));
            ExitCode::from(1)
        }
    }
}

/// The site, or `None` (with its problems printed) when the content has errors.
fn load(content: &Path, lang: Lang) -> Option<minhbach::model::Site> {
    let (site, diags) = pipeline::load_site(content);
    if site.is_none() {
        print(&diags, lang);
        let s = messages::summary(&diags);
        eprintln!(
            "{}",
            messages::spreadsheet_needs_valid_content(&s).get(lang)
        );
    }
    site
}
