//! The data of releases: each release's figures, archived as they were published, and the
//! revision log of every figure that changed after it was published.

use super::data::{Field, csv_writer, f, finish, header};
use crate::domain::{FigureKey, Release};
use crate::format;
use crate::model::history::Step;
use crate::model::{Commune, Province, Site};
use crate::render::Sink;
use rayon::prelude::*;
use std::io;

/// Columns of `releases/<id>/figures.csv`.
pub const FIGURE_FIELDS: &[Field] = &[
    f("province_id", "string", "Province id."),
    f(
        "commune_id",
        "string",
        "Commune id, unique within its province.",
    ),
    f(
        "period_id",
        "string",
        "Reporting period id, unique within the commune.",
    ),
    f(
        "indicator_id",
        "string",
        "Indicator id; see indicators.csv.",
    ),
    f(
        "value",
        "number",
        "The figure as this release published it (the `value` column of observations.csv). Empty when the commune explicitly did not report it.",
    ),
];

/// Columns of `data/revisions.csv`.
pub const REVISION_FIELDS: &[Field] = &[
    f("province_id", "string", "Province id."),
    f(
        "commune_id",
        "string",
        "Commune id, unique within its province.",
    ),
    f(
        "period_id",
        "string",
        "Reporting period id, unique within the commune.",
    ),
    f(
        "indicator_id",
        "string",
        "Indicator id; see indicators.csv.",
    ),
    f(
        "release_id",
        "string",
        "The release that published this value; empty when the value is in the current content and not yet released.",
    ),
    f(
        "release_date",
        "date",
        "Date of that release; empty when not yet released.",
    ),
    f(
        "change",
        "string",
        "`first_published` (the value first published), `revised` (a new value replacing the one before), `withdrawn` (the figure was removed) or `republished` (published again after being withdrawn).",
    ),
    f(
        "value",
        "number",
        "The value from then on; empty when withdrawn or when the commune explicitly did not report it.",
    ),
];

/// Where a release's archived figures are.
pub fn figures_path(release: &str) -> String {
    format!("releases/{release}/figures.csv")
}

/// Writes every release's archived figures.
pub fn render(site: &Site, sink: &dyn Sink) -> io::Result<usize> {
    let releases = &site.history.releases;
    (0..releases.len()).into_par_iter().try_for_each(|i| {
        let id = releases[i].release.id.as_str();
        sink.write(&figures_path(id), &figures_csv(site, i)?)
    })?;
    Ok(releases.len())
}

/// Every figure as release `index` published it, in key order.
pub fn figures_csv(site: &Site, index: usize) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, FIGURE_FIELDS)?;
    for (key, value) in site.history.published_at(index) {
        w.write_record([
            key.province.as_str(),
            key.commune.as_str(),
            key.period.as_str(),
            key.indicator.as_str(),
            &value.map(format::plain).unwrap_or_default(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}

/// One value in the revision log, as every data file gives it.
pub struct LogRow<'s> {
    /// The figure.
    pub key: &'s FigureKey,
    /// 1 for the first value, then 2, 3…
    pub step: usize,
    /// The release that published the value (`None`: current content, not yet released).
    pub release: Option<&'s Release>,
    /// `first_published`, `revised`, `withdrawn` or `republished`.
    pub change: &'static str,
    /// The value (`None` when withdrawn or not reported).
    pub value: Option<f64>,
}

/// The revision log of the provinces of `communes`; every province's, withdrawn ones included,
/// when `communes` covers the whole site.
pub fn log<'s>(site: &'s Site, communes: &[(&Province, &Commune)]) -> Vec<LogRow<'s>> {
    let mut covered: Vec<&str> = communes.iter().map(|(p, _)| p.info.id.as_str()).collect();
    covered.dedup();
    let national = covered.len() == site.provinces.len();
    let releases = &site.history.releases;
    let mut rows = Vec::new();
    for revision in site.history.revisions.iter() {
        if !national && !covered.contains(&revision.key.province.as_str()) {
            continue;
        }
        let mut before: Option<&Step> = None;
        for (n, step) in revision.steps.iter().enumerate() {
            rows.push(LogRow {
                key: &revision.key,
                step: n + 1,
                release: step.release.map(|i| &releases[i].release),
                change: change(before, step),
                value: step.value.flatten(),
            });
            before = Some(step);
        }
    }
    rows
}

/// `data/revisions.csv`: every value of every figure that changed after it was published.
pub fn revisions_csv(site: &Site) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, REVISION_FIELDS)?;
    let all: Vec<(&Province, &Commune)> = site.communes().collect();
    for row in log(site, &all) {
        let k = row.key;
        w.write_record([
            k.province.as_str(),
            k.commune.as_str(),
            k.period.as_str(),
            k.indicator.as_str(),
            row.release.map(|r| r.id.as_str()).unwrap_or_default(),
            &row.release.map(|r| r.date.to_string()).unwrap_or_default(),
            row.change,
            &row.value.map(format::plain).unwrap_or_default(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}

/// What a step did, given the one before it.
pub fn change(before: Option<&Step>, step: &Step) -> &'static str {
    match (before.map(|b| b.value.is_some()), step.value.is_some()) {
        (None, _) => "first_published",
        (Some(_), false) => "withdrawn",
        (Some(false), true) => "republished",
        (Some(true), true) => "revised",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_named_by_what_they_did() {
        let s = |value| Step {
            release: Some(0),
            value,
        };
        assert_eq!(change(None, &s(Some(Some(1.0)))), "first_published");
        assert_eq!(
            change(Some(&s(Some(Some(1.0)))), &s(Some(Some(2.0)))),
            "revised"
        );
        assert_eq!(change(Some(&s(Some(Some(1.0)))), &s(None)), "withdrawn");
        assert_eq!(change(Some(&s(None)), &s(Some(None))), "republished");
    }
}
