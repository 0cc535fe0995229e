//! What every download shares: the tables' columns with their descriptions, the CSV writer,
//! the numbers of a figure as data files give them, and the revision log's rows. Every format
//! (`csv`, `json`, `workbook`, `database`, `archive`) builds on this leaf.

use crate::base::diagnostics::Lang;
use crate::domain::{FigureKey, Release, Value};
use crate::format;
use crate::model::history::Step;
use crate::model::{Basis, Commune, Observation, Province, Site, round};
use std::io;

/// Excel's hard limit of rows per sheet, the header row included.
pub const EXCEL_MAX_ROWS: usize = 1_048_576;

/// True when a CSV of `rows` rows and a header fits in one Excel sheet. Past that, Excel
/// opens only the first 1,048,576 rows: `observations-excel.csv` is not made (a national
/// site over five years would have 8 million rows, 2.8 GB written for nobody), and the
/// downloads page sends Excel users to the workbooks.
pub fn fits_excel(rows: usize) -> bool {
    rows < EXCEL_MAX_ROWS
}

/// One column of a data file, documented in `datapackage.json`.
#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

/// A documented column.
pub const fn f(name: &'static str, kind: &'static str, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
    }
}

/// How many columns `observations.csv` has.
pub const OBSERVATION_COLUMNS: usize = 26;

/// Columns of `observations.csv` (and of its compressed form, its copy for Excel and the
/// Parquet file).
pub const OBSERVATION_FIELDS: &[Field; OBSERVATION_COLUMNS] = &[
    f(
        "province_id",
        "string",
        "Province id (folder name in the content).",
    ),
    f("province_name", "string", "Province name."),
    f(
        "commune_id",
        "string",
        "Commune id, unique within its province.",
    ),
    f("commune_name", "string", "Commune name."),
    f(
        "period_id",
        "string",
        "Reporting period id, unique within the commune.",
    ),
    f("period_start", "date", "First day of the reporting period."),
    f("period_end", "date", "Last day of the reporting period."),
    f(
        "period_days",
        "integer",
        "Length of the period in days, both ends included. Flow figures of periods of different lengths are not directly comparable.",
    ),
    f(
        "period_kind",
        "string",
        "`regular` (the reporting period) or `cumulative` (a running total since an earlier date).",
    ),
    f(
        "indicator_id",
        "string",
        "Indicator id; see indicators.csv.",
    ),
    f(
        "indicator_name",
        "string",
        "Indicator name in the site's default language.",
    ),
    f("group_id", "string", "Indicator group id."),
    f(
        "unit",
        "string",
        "`count`, `vnd` (whole đồng), `percent` (0–100) or `yesno` (1 = yes, 0 = no).",
    ),
    f(
        "indicator_kind",
        "string",
        "`flow` (counted within the period), `stock` (level at the period's end) or `rate` (percent).",
    ),
    f(
        "value",
        "number",
        "The figure the site shows: the reported figure, or the computed rate when the reported one is missing or differs from it by more than 0.5 percentage points. Empty when not reported.",
    ),
    f(
        "value_basis",
        "string",
        "`reported`, `computed` or `not_reported`.",
    ),
    f(
        "reported_value",
        "number",
        "The figure as the commune reported it (empty when the report gives none).",
    ),
    f(
        "computed_value",
        "number",
        "For rate indicators with a ratio: 100 × numerator / denominator from the same period, rounded to 4 decimals (empty when an input is missing or the denominator is 0).",
    ),
    f(
        "note",
        "string",
        "Editor's note on the figure (e.g. the report's own wording).",
    ),
    f(
        "warnings",
        "string",
        "Data-quality warnings on this figure, in English, separated by ` | `: each names the indicators and quotes the figures. A rate computed from a figure with a warning has one too.",
    ),
    f(
        "source_title",
        "string",
        "Title of the document the figures come from.",
    ),
    f(
        "source_issued_by",
        "string",
        "Body that issued the document.",
    ),
    f("source_date", "date", "Date of the document, when known."),
    f(
        "source_report",
        "string",
        "Id of the report text published on the site, when there is one.",
    ),
    f(
        "source_file",
        "string",
        "Content file holding the figure, relative to the content folder.",
    ),
    f("warnings_vi", "string", "The same warnings in Vietnamese."),
];

/// How many columns a commune's own CSV has.
pub const COMMUNE_OBSERVATION_COLUMNS: usize = 17;

/// Which columns of `observations.csv` a commune's own CSV keeps, in the same order: not the
/// ones every row of the file repeats (its province and commune: the file's folder and name,
/// and its JSON, say them), nor the period's document other than its date and report id (its
/// title, issuer and content file are in the commune's JSON, `observations.csv` and the report
/// page), nor the indicator's group and kind (in `indicators.csv`). At national scale these
/// were more than half of the communes' files.
pub const COMMUNE_OBSERVATION_KEPT: [usize; COMMUNE_OBSERVATION_COLUMNS] =
    [4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 16, 17, 18, 19, 22, 23, 25];

/// Columns of each commune's own CSV, `data/communes/<province>/<commune>.csv`: those of
/// [`OBSERVATION_FIELDS`] that [`COMMUNE_OBSERVATION_KEPT`] names.
pub const COMMUNE_OBSERVATION_FIELDS: &[Field; COMMUNE_OBSERVATION_COLUMNS] = &{
    let mut out = [OBSERVATION_FIELDS[0]; COMMUNE_OBSERVATION_COLUMNS];
    let mut i = 0;
    while i < COMMUNE_OBSERVATION_COLUMNS {
        out[i] = OBSERVATION_FIELDS[COMMUNE_OBSERVATION_KEPT[i]];
        i += 1;
    }
    out
};

/// Columns of `indicators.csv`.
pub const INDICATOR_FIELDS: &[Field] = &[
    f("indicator_id", "string", "Indicator id."),
    f("group_id", "string", "Group id."),
    f(
        "group_name",
        "string",
        "Group name in the default language.",
    ),
    f("name", "string", "Name in the default language."),
    f(
        "name_en",
        "string",
        "Name in English when the site has English, else empty.",
    ),
    f(
        "description",
        "string",
        "Definition in the default language.",
    ),
    f("unit", "string", "`count`, `vnd`, `percent` or `yesno`."),
    f(
        "unit_label",
        "string",
        "Unit of a count in the default language (e.g. hồ sơ).",
    ),
    f("indicator_kind", "string", "`flow`, `stock` or `rate`."),
    f(
        "better",
        "string",
        "`higher`, `lower` or `none`: which direction is an improvement.",
    ),
    f(
        "ratio_numerator",
        "string",
        "For computed rates: the numerator indicator id.",
    ),
    f(
        "ratio_denominator",
        "string",
        "For computed rates: the denominator indicator id.",
    ),
    f(
        "part_of",
        "string",
        "The indicator this count is a part of, when declared.",
    ),
    f("target_min", "number", "Target: lowest acceptable value."),
    f("target_max", "number", "Target: highest acceptable value."),
    f(
        "headline",
        "boolean",
        "Whether the site shows it as a key figure.",
    ),
];

/// Columns of `communes.csv`.
pub const COMMUNE_FIELDS: &[Field] = &[
    f("province_id", "string", "Province id."),
    f("province_name", "string", "Province name."),
    f(
        "province_code",
        "string",
        "Official province code, when given.",
    ),
    f("commune_id", "string", "Commune id."),
    f("commune_name", "string", "Commune name."),
    f("commune_kind", "string", "`xa`, `phuong` or `dac_khu`."),
    f(
        "commune_code",
        "string",
        "Official commune code, when given.",
    ),
    f("population", "integer", "Population, when given."),
    f(
        "periods",
        "integer",
        "Number of reporting periods published.",
    ),
    f(
        "observations",
        "integer",
        "Number of rows in observations.csv for this commune.",
    ),
    f("warnings", "integer", "Number of data-quality warnings."),
    f(
        "csv_file",
        "string",
        "This commune's rows of observations.csv as a file of their own (path from data/), without the columns every row of it repeats: see the commune-observations resource.",
    ),
    f(
        "json_file",
        "string",
        "This commune's figures as JSON, nested by period (path from data/).",
    ),
];

/// A commune's own data file with extension `ext`, from `data/`: the registry writes it at
/// `data/` + this, and `communes.csv` lists it.
pub fn commune_file(p: &Province, c: &Commune, ext: &str) -> String {
    format!("communes/{}/{}.{ext}", p.info.id, c.info.id)
}

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

/// Columns of `data/targets.csv`.
pub const TARGET_FIELDS: &[Field] = &[
    f(
        "scope",
        "string",
        "`national` (every commune), `province` (the communes of province_id) or `commune` (commune_id of province_id only): a target never applies outside its scope.",
    ),
    f(
        "province_id",
        "string",
        "Province the target is set for, when its scope is a province or a commune.",
    ),
    f(
        "commune_id",
        "string",
        "Commune the target is set for, when its scope is a commune.",
    ),
    f(
        "indicator_id",
        "string",
        "Indicator id; see indicators.csv.",
    ),
    f(
        "target_min",
        "number",
        "Lowest value that meets the target.",
    ),
    f(
        "target_max",
        "number",
        "Highest value that meets the target.",
    ),
    f(
        "applies_from",
        "date",
        "First day the target applies to (a period is judged by its last day); empty when it has no start.",
    ),
    f(
        "applies_to",
        "date",
        "Last day the target applies to; empty when it has no end.",
    ),
    f(
        "source_title",
        "string",
        "Title of the document that sets the target; empty for a catalogue target, which names none.",
    ),
    f("source_number", "string", "Number of that document."),
    f("source_date", "date", "Date of that document."),
    f("source_issued_by", "string", "Body that issued it."),
    f("source_url", "string", "Where the document can be read."),
    f(
        "source_report",
        "string",
        "The report of this site that states the target: province/commune/report ids.",
    ),
    f(
        "note",
        "string",
        "Editor's note on the target, in the site's default language.",
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

/// The byte-order mark that makes Excel read a CSV as UTF-8 (else Vietnamese letters break).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn plain(v: Option<f64>) -> String {
    v.map(format::plain).unwrap_or_default()
}

pub fn value_number(v: Value) -> Option<f64> {
    v.number()
}

pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

pub fn finish(w: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

pub fn header(w: &mut csv::Writer<Vec<u8>>, fields: &[Field]) -> io::Result<()> {
    w.write_record(fields.iter().map(|f| f.name))
        .map_err(io::Error::other)
}

/// The numbers of one observation, as every data file gives them.
pub struct Figure {
    /// The figure the site shows.
    pub value: Option<f64>,
    /// `reported`, `computed` or `not_reported`.
    pub basis: &'static str,
    /// As the commune reported it.
    pub reported: Option<f64>,
    /// Recomputed from the same period's counts, rounded to 4 decimals.
    pub computed: Option<f64>,
}

/// The numbers of `obs`: computed rates rounded to 4 decimals, as in `observations.csv`.
pub fn figure(obs: &Observation) -> Figure {
    let basis = match obs.value() {
        Some((_, Basis::Reported)) => "reported",
        Some((_, Basis::Computed)) => "computed",
        None => "not_reported",
    };
    Figure {
        value: obs.published(),
        basis,
        reported: obs.reported.and_then(value_number),
        computed: obs.computed.map(|x| round(x, 4)),
    }
}

/// The data-quality warnings on `obs` in `lang`, separated by ` | `.
pub fn warnings_text(site: &Site, obs: &Observation, lang: Lang) -> String {
    obs.warnings
        .iter()
        .map(|w| site.describe(obs.indicator(), w).get(lang).to_string())
        .collect::<Vec<_>>()
        .join(" | ")
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
    fn a_csv_fits_excel_when_its_rows_and_header_fit_one_sheet() {
        assert!(fits_excel(0));
        assert!(
            fits_excel(1_048_575),
            "with the header: 1,048,576 rows, Excel's limit"
        );
        assert!(!fits_excel(1_048_576));
    }

    #[test]
    fn a_communes_csv_keeps_what_a_row_needs_in_the_national_order() {
        let names: Vec<&str> = COMMUNE_OBSERVATION_FIELDS.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "period_id",
                "period_start",
                "period_end",
                "period_days",
                "period_kind",
                "indicator_id",
                "indicator_name",
                "unit",
                "value",
                "value_basis",
                "reported_value",
                "computed_value",
                "note",
                "warnings",
                "source_date",
                "source_report",
                "warnings_vi",
            ]
        );
        assert!(COMMUNE_OBSERVATION_KEPT.windows(2).all(|w| w[0] < w[1]));
    }

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
