//! `check`: every problem of the content, as text for people or as JSON for tools.

use super::{messages, print};
use minhbach::base::diagnostics::{Diagnostic, Lang};
use minhbach::model::{Province, Site};
use minhbach::{format, pipeline, terminal};
use std::path::Path;
use std::process::ExitCode;

/// `check`: the problems in `lang`, then a summary; exit 1 when the content has errors.
pub fn text(content: &Path, lang: Lang) -> ExitCode {
    let (site, diags) = pipeline::load_site(content);
    print(&diags, lang);
    let s = messages::summary(&diags);
    let Some(site) = site else {
        eprintln!("{}", messages::check_failed(&s).get(lang));
        return ExitCode::from(1);
    };
    print_not_reported(&site, lang);
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
        /// The communes missing from their province's latest reporting round (information:
        /// it never changes `valid` or the exit status).
        not_reported: Vec<NotReported>,
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
        not_reported: site.as_ref().map(not_reported).unwrap_or_default(),
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

/// One province whose latest reporting round some communes have not reported.
#[derive(serde::Serialize)]
struct NotReported {
    /// Province id.
    province: String,
    /// Province name.
    name: String,
    /// The round's first day (`YYYY-MM-DD` in JSON).
    start: chrono::NaiveDate,
    /// The round's last day.
    end: chrono::NaiveDate,
    /// How many communes reported it.
    reported: usize,
    /// How many communes the province has.
    communes: usize,
    /// The communes that have not: `province/commune` and name, in Vietnamese order.
    missing: Vec<MissingCommune>,
}

/// A commune that has not reported.
#[derive(serde::Serialize)]
struct MissingCommune {
    /// `province/commune`.
    commune: String,
    /// Its name.
    name: String,
}

/// Every province whose latest round is missing communes, in the site's order.
fn not_reported(site: &Site) -> Vec<NotReported> {
    site.provinces.iter().filter_map(province_missing).collect()
}

fn province_missing(p: &Province) -> Option<NotReported> {
    let round = p.latest_round().filter(|r| !r.missing.is_empty())?;
    let missing = round
        .missing
        .iter()
        .filter_map(|&i| p.communes.get(i))
        .map(|c| MissingCommune {
            commune: format!("{}/{}", p.info.id, c.info.id),
            name: c.info.name.clone(),
        })
        .collect();
    Some(NotReported {
        province: p.info.id.to_string(),
        name: p.info.name.clone(),
        start: round.start,
        end: round.end,
        reported: round.reported.len(),
        communes: round.communes(),
        missing,
    })
}

/// After the diagnostics, the communes missing from their province's latest round (on
/// standard output, not with --quiet); nothing when every commune reported.
fn print_not_reported(site: &Site, lang: Lang) {
    let list = not_reported(site);
    if list.is_empty() || terminal::verbosity() == terminal::Verbosity::Quiet {
        return;
    }
    println!("{}", messages::not_reported_heading().get(lang));
    for n in &list {
        let window = (
            format::date_range(n.start, n.end, "en"),
            format::date_range(n.start, n.end, "vi"),
        );
        let names: Vec<&str> = n.missing.iter().map(|m| m.name.as_str()).collect();
        let line = messages::not_reported_line(
            &n.name,
            (&window.0, &window.1),
            n.missing.len(),
            n.communes,
            &names,
        );
        println!("{}", line.get(lang));
    }
}
