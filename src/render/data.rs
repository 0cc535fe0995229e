//! Data files under `data/`: tidy CSV, per-commune CSV and JSON, and a Frictionless Data
//! Package describing them. Numbers are machine-readable: no thousands separators, `.` decimals.

use crate::domain::{Unit, Value};
use crate::format;
use crate::model::{Basis, Commune, Observation, Period, Province, Site, round};
use crate::render::Sink;
use crate::render::{Parts, Scope};
use crate::render::{archive, database, workbook};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::io;

/// One column of a data file, documented in `datapackage.json`.
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

/// Columns of `observations.csv` and of each per-commune CSV.
pub const OBSERVATION_FIELDS: &[Field] = &[
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
        "Data-quality warnings on this figure, separated by ` | `.",
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
];

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
];

/// Where a commune's files live under `data/`.
pub fn commune_stem(province: &Province, commune: &Commune) -> String {
    format!("communes/{}/{}", province.info.id, commune.info.id)
}

/// Communes rendered at once for `observations.csv`: enough to keep both cores busy, few
/// enough that their rows (a few MB) are all that is held in memory.
const COMMUNES_PER_CHUNK: usize = 64;

/// The byte-order mark that makes Excel read a CSV as UTF-8 (else Vietnamese letters break).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// When the bulk downloads — `observations.csv` and its Excel copy, and every workbook and
/// database — are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// With the rest of the data files (a first or full build, a release's checksums, the
    /// preview).
    Inline,
    /// By [`render_bulk`], once the rest of the site is in place: an incremental build puts a
    /// province's new month online in seconds, then spends minutes on national downloads.
    Later,
}

/// Writes every data file, or with [`Bulk::Later`] every one but the bulk downloads; returns
/// how many were written.
///
/// With [`Bulk::Inline`], a commune's rows are rendered once: written as its own CSV, then
/// appended in order to the national `observations.csv` and its copy for Excel, which are
/// streamed to their files rather than built whole (they are gigabytes at national scale). The
/// workbooks and databases are made meanwhile on other threads.
pub fn render(site: &Site, sink: &dyn Sink, parts: &dyn Parts, bulk: Bulk) -> io::Result<usize> {
    let communes: Vec<(&Province, &Commune)> = site.communes().collect();
    let bulk_files = match bulk {
        Bulk::Inline => bulk_files(site, sink, parts, &communes, true)?,
        Bulk::Later => {
            let head = observations_header()?;
            communes.par_iter().try_for_each(|(p, c)| {
                commune_files(site, sink, parts, &head, p, c, false).map(drop)
            })?;
            0
        }
    };
    sink.write("data/indicators.csv", &indicators_csv(site)?)?;
    sink.write("data/communes.csv", &communes_csv(site)?)?;
    sink.write("data/revisions.csv", &archive::revisions_csv(site)?)?;
    write_datapackage(site, sink)?;
    Ok(communes.len() * 2 + 4 + bulk_files)
}

/// The bulk downloads left out by [`Bulk::Later`], once every commune's CSV is in the output
/// (the national CSV is assembled from them); returns how many files.
pub fn render_bulk(site: &Site, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<usize> {
    let communes: Vec<(&Province, &Commune)> = site.communes().collect();
    bulk_files(site, sink, parts, &communes, false)
}

/// The national CSV pair, the national workbook and database, and each province's pair, in
/// parallel. With `render_rows`, the communes' rows are rendered (and their own files written);
/// else they are read back from their CSV files in the output.
fn bulk_files(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    communes: &[(&Province, &Commune)],
    render_rows: bool,
) -> io::Result<usize> {
    let (csv, (national, provinces)) = rayon::join(
        || national_csv(site, sink, parts, communes, render_rows),
        || {
            rayon::join(
                || national_files(site, sink, parts, communes),
                || province_files(site, sink, parts),
            )
        },
    );
    let (_, national, provinces) = (csv?, national?, provinces?);
    Ok(2 + national + provinces)
}

/// The header row of every observations CSV.
fn observations_header() -> io::Result<Vec<u8>> {
    let mut head = csv_writer();
    header(&mut head, OBSERVATION_FIELDS)?;
    finish(head)
}

/// Job ids of the bulk downloads start with this, so that a build can leave them for later.
pub const BULK_JOB: &str = "bulk:";

/// True when a CSV of `rows` rows and a header fits in one Excel sheet. Past that, Excel
/// opens only the first 1,048,576 rows: `observations-excel.csv` is not made (a national
/// site over five years would have 8 million rows, 2.8 GB written for nobody), and the
/// downloads page sends Excel users to the workbooks.
pub fn fits_excel(rows: usize) -> bool {
    rows < workbook::EXCEL_MAX_ROWS
}

/// `observations.csv` and `observations-excel.csv` (the same rows after a BOM). With
/// `render_rows`, the per-commune files are written on the way; else each commune's rows are
/// read back from its CSV in the output. When no commune's data changed since the previous
/// build, the two national files (gigabytes at national scale) are taken as they are, unread.
fn national_csv(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    communes: &[(&Province, &Commune)],
    render_rows: bool,
) -> io::Result<()> {
    let head = observations_header()?;
    let job = format!("{BULK_JOB}observations");
    let excel = fits_excel(site.observation_count());
    // Both files are written as the rows come, or only the national one (see `fits_excel`).
    let fill = |national: &mut dyn io::Write, mut excel: Option<&mut dyn io::Write>| {
        national.write_all(&head)?;
        if let Some(excel) = excel.as_mut() {
            excel.write_all(UTF8_BOM)?;
            excel.write_all(&head)?;
        }
        for chunk in communes.chunks(COMMUNES_PER_CHUNK) {
            // Each commune's own files are its own part (`sink`, not `files`).
            let rows: Vec<Vec<u8>> = chunk
                .par_iter()
                .map(|(p, c)| match render_rows {
                    true => commune_files(site, sink, parts, &head, p, c, true),
                    false => read_rows(parts, &head, &format!("data/{}.csv", commune_stem(p, c))),
                })
                .collect::<io::Result<_>>()?;
            for r in rows {
                national.write_all(&r)?;
                if let Some(excel) = excel.as_mut() {
                    excel.write_all(&r)?;
                }
            }
        }
        Ok(())
    };
    let reused = parts.run(&job, Scope::Site, sink, &mut |files| {
        files.stream("data/observations.csv", &mut |national| match excel {
            true => files.stream("data/observations-excel.csv", &mut |excel| {
                fill(&mut *national, Some(excel))
            }),
            false => fill(national, None),
        })
    })?;
    if reused && render_rows {
        communes.par_iter().try_for_each(|(p, c)| {
            commune_files(site, sink, parts, &head, p, c, false).map(drop)
        })?;
    }
    Ok(())
}

/// The national workbook and database, rebuilt when any commune's data changed (they take
/// longer than every page of an unchanged rebuild); returns how many files.
fn national_files(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    communes: &[(&Province, &Commune)],
) -> io::Result<usize> {
    parts.run(
        &format!("{BULK_JOB}national"),
        Scope::Site,
        sink,
        &mut |sink| {
            let (book, db) = rayon::join(
                || workbook::write(site, communes, sink, NATIONAL_XLSX),
                || database::write(site, communes, sink, NATIONAL_SQLITE),
            );
            book?;
            db
        },
    )?;
    Ok(2)
}

/// The national workbook.
pub const NATIONAL_XLSX: &str = "data/minhbach.xlsx";
/// The national database.
pub const NATIONAL_SQLITE: &str = "data/minhbach.sqlite";

/// Where a province's workbook or database lives, without the extension.
pub fn province_stem(province: &Province) -> String {
    format!("data/provinces/{}", province.info.id)
}

/// Each province's workbook and database, reused when none of its communes changed; returns
/// how many files.
fn province_files(site: &Site, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<usize> {
    site.provinces
        .par_iter()
        .map(|p| {
            let id = p.info.id.as_str();
            let stem = province_stem(p);
            let communes: Vec<(&Province, &Commune)> = p.communes.iter().map(|c| (p, c)).collect();
            parts.run(
                &format!("{BULK_JOB}province:{id}"),
                Scope::Province(id),
                sink,
                &mut |sink| {
                    workbook::write(site, &communes, sink, &format!("{stem}.xlsx"))?;
                    database::write(site, &communes, sink, &format!("{stem}.sqlite"))
                },
            )?;
            Ok(2)
        })
        .collect::<io::Result<Vec<usize>>>()
        .map(|files| files.iter().sum())
}

/// Writes a commune's CSV and JSON; returns its CSV rows without the header (empty unless
/// `rows_wanted`). When the commune is unchanged since the previous build, its files are
/// reused and the rows read back.
fn commune_files(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    head: &[u8],
    p: &Province,
    c: &Commune,
    rows_wanted: bool,
) -> io::Result<Vec<u8>> {
    let stem = commune_stem(p, c);
    let csv_path = format!("data/{stem}.csv");
    let mut rows = None;
    let job = format!("data:{}/{}", p.info.id, c.info.id);
    let scope = Scope::Commune(p.info.id.as_str(), c.info.id.as_str());
    let reused = parts.run(&job, scope, sink, &mut |sink| {
        let own = observation_rows(site, [(p, c)])?;
        let mut csv = Vec::with_capacity(head.len() + own.len());
        csv.extend_from_slice(head);
        csv.extend_from_slice(&own);
        sink.write(&csv_path, &csv)?;
        sink.write(&format!("data/{stem}.json"), &commune_json(site, p, c)?)?;
        rows = Some(own);
        Ok(())
    })?;
    match rows {
        Some(rows) if !reused => Ok(rows),
        _ if !rows_wanted => Ok(Vec::new()),
        _ => read_rows(parts, head, &csv_path),
    }
}

/// The rows of a commune's CSV file in the output, without its header.
fn read_rows(parts: &dyn Parts, head: &[u8], csv_path: &str) -> io::Result<Vec<u8>> {
    let mut csv = std::fs::read(parts.previous_file(csv_path))?;
    if !csv.starts_with(head) {
        return Err(io::Error::other(format!(
            "{csv_path} from the previous build does not start with the expected header"
        )));
    }
    csv.drain(..head.len());
    Ok(csv)
}

fn plain(v: Option<f64>) -> String {
    v.map(format::plain).unwrap_or_default()
}

fn value_number(v: Value) -> Option<f64> {
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

/// One row per commune × period × indicator with a reported, computed or explicitly missing
/// value, under a header.
pub fn observations_csv<'a>(
    site: &Site,
    communes: impl IntoIterator<Item = (&'a Province, &'a Commune)>,
) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, OBSERVATION_FIELDS)?;
    let mut out = finish(w)?;
    out.extend_from_slice(&observation_rows(site, communes)?);
    Ok(out)
}

/// The rows of [`observations_csv`] without the header. What a row shares with its period or
/// indicator is formatted once, not once per figure: the national file has millions of rows.
fn observation_rows<'a>(
    site: &Site,
    communes: impl IntoIterator<Item = (&'a Province, &'a Commune)>,
) -> io::Result<Vec<u8>> {
    let lang = &site.config.languages[0];
    let indicators: Vec<[&str; 5]> = site
        .indicators
        .iter()
        .map(|ind| {
            [
                ind.id.as_str(),
                ind.name.get(lang),
                ind.group.as_str(),
                ind.unit.as_str(),
                ind.kind.as_str(),
            ]
        })
        .collect();
    let mut w = csv_writer();
    for (p, c) in communes {
        for period in &c.periods {
            let shared = PeriodColumns::new(p, c, period);
            for obs in &period.observations {
                let [id, name, group, unit, kind] = indicators[obs.indicator()];
                let fig = figure(obs);
                let (value, reported, computed) =
                    (plain(fig.value), plain(fig.reported), plain(fig.computed));
                let warnings = warnings_text(site, obs);
                let s = &shared;
                w.write_record([
                    p.info.id.as_str(),
                    &p.info.name,
                    c.info.id.as_str(),
                    &c.info.name,
                    period.info.id.as_str(),
                    &s.start,
                    &s.end,
                    &s.days,
                    period.info.kind.as_str(),
                    id,
                    name,
                    group,
                    unit,
                    kind,
                    &value,
                    fig.basis,
                    &reported,
                    &computed,
                    obs.note.as_deref().unwrap_or_default(),
                    &warnings,
                    &period.info.source.title,
                    period.info.source.issued_by.as_deref().unwrap_or_default(),
                    &s.source_date,
                    s.report,
                    &s.file,
                ])
                .map_err(io::Error::other)?;
            }
        }
    }
    finish(w)
}

/// The columns of `observations.csv` that every figure of one period shares, formatted once.
struct PeriodColumns<'a> {
    start: String,
    end: String,
    days: String,
    source_date: String,
    report: &'a str,
    file: String,
}

impl<'a> PeriodColumns<'a> {
    fn new(p: &Province, c: &Commune, period: &'a Period) -> Self {
        let info = &period.info;
        PeriodColumns {
            start: info.start.to_string(),
            end: info.end.to_string(),
            days: info.days().to_string(),
            source_date: info.source.date.map(|d| d.to_string()).unwrap_or_default(),
            report: info.source.report.as_ref().map_or("", |r| r.as_str()),
            file: format!("communes/{}/{}/data/{}.yaml", p.info.id, c.info.id, info.id),
        }
    }
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

/// The data-quality warnings on `obs`, in English, separated by ` | `.
pub fn warnings_text(site: &Site, obs: &Observation) -> String {
    obs.warnings
        .iter()
        .map(|w| site.describe(w).en)
        .collect::<Vec<_>>()
        .join(" | ")
}

fn indicators_csv(site: &Site) -> io::Result<Vec<u8>> {
    let lang = &site.config.languages[0];
    let has_en = site.config.languages.iter().any(|l| l == "en");
    let mut w = csv_writer();
    header(&mut w, INDICATOR_FIELDS)?;
    for ind in &site.indicators {
        let group = site.groups.iter().find(|g| g.id == ind.group);
        let target = ind.target.as_ref();
        w.write_record([
            ind.id.to_string(),
            ind.group.to_string(),
            group
                .map(|g| g.name.get(lang).to_string())
                .unwrap_or_default(),
            ind.name.get(lang).to_string(),
            if has_en {
                ind.name.get("en").to_string()
            } else {
                String::new()
            },
            ind.description
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default(),
            ind.unit.as_str().into(),
            ind.unit_label
                .as_ref()
                .map(|d| d.get(lang).to_string())
                .unwrap_or_default(),
            ind.kind.as_str().into(),
            ind.better.as_str().into(),
            ind.ratio
                .as_ref()
                .map(|r| r.0.to_string())
                .unwrap_or_default(),
            ind.ratio
                .as_ref()
                .map(|r| r.1.to_string())
                .unwrap_or_default(),
            ind.part_of
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            plain(target.and_then(|t| t.min)),
            plain(target.and_then(|t| t.max)),
            ind.headline.to_string(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}

fn communes_csv(site: &Site) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, COMMUNE_FIELDS)?;
    for (p, c) in site.communes() {
        let observations: usize = c.periods.iter().map(|x| x.observations.len()).sum();
        let warnings: usize = c
            .periods
            .iter()
            .map(|x| x.observations.warning_count())
            .sum();
        w.write_record([
            p.info.id.to_string(),
            p.info.name.clone(),
            p.info.code.clone().unwrap_or_default(),
            c.info.id.to_string(),
            c.info.name.clone(),
            c.info.kind.clone(),
            c.info.code.clone().unwrap_or_default(),
            c.info.population.map(|x| x.to_string()).unwrap_or_default(),
            c.periods.len().to_string(),
            observations.to_string(),
            warnings.to_string(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}

/// A JSON number that stays an integer when it is one.
fn json_number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// One figure of [`JsonPeriod`] (fields in alphabetical order).
#[derive(Serialize)]
struct JsonObservation<'a> {
    basis: &'static str,
    computed: serde_json::Value,
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    reported: serde_json::Value,
    value: serde_json::Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

fn json_value(v: Option<Value>, unit: Unit) -> serde_json::Value {
    match v {
        Some(Value::Bool(b)) if unit == Unit::Yesno => json!(b),
        Some(v) => v
            .number()
            .map(json_number)
            .unwrap_or(serde_json::Value::Null),
        None => serde_json::Value::Null,
    }
}

/// A commune's JSON file. Typed rather than built as a `serde_json::Value` tree (a commune has
/// thousands of figures); fields are declared in alphabetical order, the order of the tree's
/// maps, which the file has always had.
#[derive(Serialize)]
struct JsonCommune<'a> {
    commune: serde_json::Value,
    license: &'a str,
    periods: Vec<JsonPeriod<'a>>,
    province: serde_json::Value,
    publisher: &'a str,
}

/// One period of [`JsonCommune`] (fields in alphabetical order).
#[derive(Serialize)]
struct JsonPeriod<'a> {
    days: i64,
    end: String,
    id: &'a str,
    kind: crate::domain::PeriodKind,
    label: Option<std::collections::BTreeMap<&'a str, &'a str>>,
    source: JsonSource<'a>,
    start: String,
    values: Vec<JsonObservation<'a>>,
}

/// A period's source in [`JsonPeriod`] (fields in alphabetical order).
#[derive(Serialize)]
struct JsonSource<'a> {
    date: Option<String>,
    issued_by: Option<&'a str>,
    report: Option<&'a str>,
    title: &'a str,
}

fn commune_json(site: &Site, p: &Province, c: &Commune) -> io::Result<Vec<u8>> {
    let periods = c
        .periods
        .iter()
        .map(|period| {
            let info = &period.info;
            let values = period
                .observations
                .iter()
                .map(|o| {
                    let ind = &site.indicators[o.indicator()];
                    let (value, basis) = match o.value() {
                        Some((v, Basis::Reported)) => (json_value(Some(v), ind.unit), "reported"),
                        Some((v, Basis::Computed)) => (
                            json_value(v.number().map(|x| Value::Number(round(x, 4))), ind.unit),
                            "computed",
                        ),
                        None => (serde_json::Value::Null, "not_reported"),
                    };
                    JsonObservation {
                        indicator: ind.id.as_str(),
                        value,
                        basis,
                        reported: json_value(
                            o.reported.filter(|v| *v != Value::NotReported),
                            ind.unit,
                        ),
                        computed: o
                            .computed
                            .map(|x| json_number(round(x, 4)))
                            .unwrap_or(serde_json::Value::Null),
                        note: o.note.as_deref(),
                        warnings: o.warnings.iter().map(|w| site.describe(w).en).collect(),
                    }
                })
                .collect();
            JsonPeriod {
                days: info.days(),
                end: info.end.to_string(),
                id: info.id.as_str(),
                kind: info.kind,
                label: info
                    .label
                    .as_ref()
                    .map(|l| l.0.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()),
                source: JsonSource {
                    date: info.source.date.map(|d| d.to_string()),
                    issued_by: info.source.issued_by.as_deref(),
                    report: info.source.report.as_ref().map(|r| r.as_str()),
                    title: &info.source.title,
                },
                start: info.start.to_string(),
                values,
            }
        })
        .collect();
    let doc = JsonCommune {
        commune: json!({"id": c.info.id, "name": c.info.name, "kind": c.info.kind, "code": c.info.code, "population": c.info.population}),
        license: &site.config.data_license,
        periods,
        province: json!({"id": p.info.id, "name": p.info.name, "kind": p.info.kind, "code": p.info.code}),
        publisher: &site.config.publisher,
    };
    let mut out = serde_json::to_vec_pretty(&doc).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(out)
}

fn schema(fields: &[Field]) -> serde_json::Value {
    json!({
        "fields": fields.iter().map(|f| {
            let mut field = json!({"name": f.name, "type": f.kind, "description": f.description});
            if f.kind == "boolean" {
                field["trueValues"] = json!(["true"]);
                field["falseValues"] = json!(["false"]);
            }
            field
        }).collect::<Vec<_>>(),
        "missingValues": [""],
    })
}

fn csv_resource(
    name: &str,
    path: &str,
    title: &str,
    description: &str,
    fields: &[Field],
) -> serde_json::Value {
    json!({
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema(fields),
    })
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SQLITE: &str = "application/vnd.sqlite3";

/// `observations-excel.csv`: the rows of `observations.csv` after a byte-order mark.
fn excel_csv_resource() -> serde_json::Value {
    let mut r = csv_resource(
        "observations-excel",
        "observations-excel.csv",
        "Observations for Excel",
        "The same rows as observations.csv, starting with a UTF-8 byte-order mark so that Excel opens Vietnamese letters intact when the file is double-clicked.",
        OBSERVATION_FIELDS,
    );
    r["encoding"] = json!("utf-8-sig");
    r
}

/// A file that is not a table (workbook, database, JSON): described, not validated as rows.
fn file_resource(
    name: &str,
    path: &str,
    title: &str,
    description: &str,
    mediatype: &str,
) -> serde_json::Value {
    let format = path.rsplit('.').next().unwrap_or_default();
    json!({
        "name": name,
        "type": "file",
        "path": path,
        "title": title,
        "description": description,
        "format": format,
        "mediatype": mediatype,
    })
}

/// A Frictionless licence entry for common licence names.
fn license(text: &str) -> serde_json::Value {
    let normal = text.trim().to_uppercase().replace([' ', '_'], "-");
    let known = [
        ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
        (
            "CC-BY-SA-4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        (
            "CC0-1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        ("ODC-BY-1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    ];
    match known.iter().find(|(id, _)| *id == normal) {
        Some((id, url)) => json!({"name": id, "path": url, "title": text}),
        None => json!({"title": text, "name": normal.to_lowercase()}),
    }
}

/// `datapackage.json`, written resource by resource: at national scale it describes thousands
/// of files (18 MB), and a whole `serde_json::Value` of it took 150 MB at the build's peak.
fn write_datapackage(site: &Site, sink: &dyn Sink) -> io::Result<()> {
    let lang = &site.config.languages[0];
    // Fields in alphabetical order: the bytes a `serde_json::Value` (a sorted map) gave.
    // Not "tabular-data-package": the JSON, workbook and database files are not tables.
    let doc = Package {
        contributors: [json!({"title": site.config.publisher, "role": "publisher"})],
        description: site
            .config
            .description
            .as_ref()
            .map(|d| d.get(lang))
            .unwrap_or(""),
        homepage: &site.config.base_url,
        licenses: [license(&site.config.data_license)],
        name: "minhbach-data",
        profile: "data-package",
        resources: Resources(site),
        title: site.config.title.get(lang),
    };
    sink.stream("data/datapackage.json", &mut |out| {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::other)?;
        io::Write::write_all(&mut out, b"\n")?;
        io::Write::flush(&mut out)
    })
}

/// The top level of `datapackage.json`.
#[derive(Serialize)]
struct Package<'a> {
    contributors: [serde_json::Value; 1],
    description: &'a str,
    homepage: &'a str,
    licenses: [serde_json::Value; 1],
    name: &'static str,
    profile: &'static str,
    resources: Resources<'a>,
    title: &'a str,
}

/// Every resource of the package, made one at a time as it is serialised.
struct Resources<'a>(&'a Site);

impl Serialize for Resources<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        let provinces = site.provinces.iter().flat_map(|p| {
            let id = &p.info.id;
            let name = id.as_str().replace('_', "-");
            [
                ("xlsx", "Excel workbook", XLSX),
                ("sqlite", "SQLite database", SQLITE),
            ]
            .map(|(ext, kind, media)| {
                file_resource(
                    &format!("province-{name}-{ext}"),
                    &format!("provinces/{id}.{ext}"),
                    &format!("{}: {kind}", p.info.name),
                    &format!(
                        "The {kind} of this province's communes only, laid out as minhbach.{ext}."
                    ),
                    media,
                )
            })
        });
        let communes = site.communes().flat_map(|(p, c)| {
            let stem = commune_stem(p, c);
            let name = format!("{}-{}", p.info.id, c.info.id).replace('_', "-");
            [
                csv_resource(
                    &format!("observations-{name}"),
                    &format!("{stem}.csv"),
                    &format!("{}, {}", c.info.name, p.info.name),
                    "The rows of observations.csv for this commune.",
                    OBSERVATION_FIELDS,
                ),
                json!({
                    "name": format!("commune-{name}"),
                    "type": "file",
                    "path": format!("{stem}.json"),
                    "title": format!("{}, {} (JSON)", c.info.name, p.info.name),
                    "description": "The same figures as the commune's CSV, nested by period, with period labels and sources.",
                    "format": "json",
                    "mediatype": "application/json",
                    "encoding": "utf-8",
                }),
            ]
        });
        let excel = fits_excel(site.observation_count());
        serializer.collect_seq(
            national_resources(excel)
                .into_iter()
                .chain(provinces)
                .chain(communes),
        )
    }
}

/// The resources of the national files, in the order the package lists them; `excel`: with
/// `observations-excel.csv` (see [`fits_excel`]).
fn national_resources(excel: bool) -> Vec<serde_json::Value> {
    let mut resources = vec![
        csv_resource(
            "observations",
            "observations.csv",
            "Observations",
            "Every figure of every commune and period, one row per commune × period × indicator (tidy / long format).",
            OBSERVATION_FIELDS,
        ),
        csv_resource(
            "indicators",
            "indicators.csv",
            "Indicators",
            "The indicator catalogue: definitions, units, how rates are computed, targets.",
            INDICATOR_FIELDS,
        ),
        csv_resource(
            "communes",
            "communes.csv",
            "Communes",
            "Every commune with its province and the number of periods, figures and warnings published.",
            COMMUNE_FIELDS,
        ),
        csv_resource(
            "revisions",
            "revisions.csv",
            "Revisions",
            "The revision log: every value of every figure that changed after a release published it (first value, each revision, withdrawals), with the release that published each value. Empty below the header until a published figure changes.",
            archive::REVISION_FIELDS,
        ),
        file_resource(
            "minhbach-xlsx",
            "minhbach.xlsx",
            "Excel workbook",
            "Every figure as an Excel workbook: a README sheet (publisher, licence, every indicator's definition), then one sheet per indicator group, one row per commune × period × indicator, numbers as numbers and dates as dates. A group with more rows than Excel's 1,048,576 continues on numbered sheets (\"dossiers (2)\").",
            XLSX,
        ),
        file_resource(
            "minhbach-sqlite",
            "minhbach.sqlite",
            "SQLite database",
            "Every figure as a SQLite database (tables provinces, communes, periods, indicators, observations, warnings, revisions, with keys and indexes; view observations_full) for DB Browser for SQLite, Datasette or any SQL tool.",
            SQLITE,
        ),
    ];
    if excel {
        resources.insert(4, excel_csv_resource());
    }
    resources
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
    fn licence_names_map_to_open_definition_ids() {
        assert_eq!(license("CC BY 4.0")["name"], "CC-BY-4.0");
        assert_eq!(license("Giấy phép riêng")["title"], "Giấy phép riêng");
    }

    #[test]
    fn json_numbers_keep_integers_whole() {
        assert_eq!(json_number(14722.0).to_string(), "14722");
        assert_eq!(json_number(93.9646).to_string(), "93.9646");
    }
}
