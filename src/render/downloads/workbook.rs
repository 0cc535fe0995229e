//! The Excel workbook (`.xlsx`): a README sheet (title, publisher, licence, every indicator's
//! definition) and one sheet per indicator group with a row per commune × period × indicator.
//! Numbers are stored as numbers and dates as dates; display formats (`#,##0`, `0.00"%"`,
//! `dd/mm/yyyy`) follow the reader's own Excel locale, so Vietnamese Excel shows `14.722`.

use crate::domain::{Indicator, Unit};
use crate::format;
use crate::model::{Commune, Site};
use crate::render::Sink;

use super::tables::{EXCEL_MAX_ROWS, figure, log, warnings_text};
use crate::base::diagnostics::Lang;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io;

/// Excel's limit on the length of a sheet name.
pub(super) const SHEET_NAME_MAX: usize = 31;

/// One sheet of a group: its name and how many data rows it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPart {
    /// Sheet name, unique in the workbook, at most 31 characters.
    pub name: String,
    /// Data rows, the header excluded.
    pub rows: usize,
}

/// Splits `rows` data rows of the group `base` across sheets of at most `max_rows` rows each
/// (one of them the header): `dossiers`, `dossiers (2)`, … Every row lands on a sheet, and a
/// group without rows still gets one sheet with its header.
pub fn split_sheets(base: &str, rows: usize, max_rows: usize) -> Vec<SheetPart> {
    let per_sheet = max_rows.saturating_sub(1).max(1);
    let parts = rows.div_ceil(per_sheet).max(1);
    (0..parts)
        .map(|i| {
            let suffix = if i == 0 {
                String::new()
            } else {
                format!(" ({})", i + 1)
            };
            let keep = SHEET_NAME_MAX - suffix.chars().count();
            let stem: String = base.chars().take(keep).collect();
            SheetPart {
                name: format!("{stem}{suffix}"),
                rows: per_sheet.min(rows - (i * per_sheet).min(rows)),
            }
        })
        .collect()
}

/// Where the `k`-th data row of a group goes: (part index, row in the sheet; 0 is the header).
pub fn place(k: usize, max_rows: usize) -> (usize, u32) {
    let per_sheet = max_rows.saturating_sub(1).max(1);
    (k / per_sheet, (k % per_sheet + 1) as u32)
}

/// The README's "how to read" of the long layout.
const HOW_TO_READ: &str = "Mỗi nhóm chỉ tiêu một trang tính, mỗi dòng là một chỉ tiêu của một \
    xã trong một kỳ. Tỷ lệ ghi theo thang 0–100. value_basis = computed: tỷ lệ do hệ thống tính \
    (100 × tử số / mẫu số cùng kỳ) vì xã không báo cáo hoặc số báo cáo lệch hơn 0,5 điểm. / \
    One sheet per indicator group, one row per indicator, commune and period. Rates are 0–100. \
    value_basis = computed: the rate recomputed from the same period's counts \
    (100 × numerator / denominator) because none was reported or the reported one differs by \
    more than 0.5 points.";

/// Columns of a group sheet, in order, with their widths.
const COLUMNS: &[(&str, f64)] = &[
    ("province_id", 14.0),
    ("province_name", 18.0),
    ("commune_id", 16.0),
    ("commune_name", 20.0),
    ("period_id", 14.0),
    ("period_start", 12.0),
    ("period_end", 12.0),
    ("period_kind", 11.0),
    ("indicator_id", 26.0),
    ("indicator_name", 40.0),
    ("value", 16.0),
    ("value_basis", 12.0),
    ("reported_value", 16.0),
    ("computed_value", 16.0),
    ("unit", 9.0),
    ("note", 30.0),
    ("warnings", 40.0),
    ("source_title", 40.0),
    ("warnings_vi", 40.0),
];

/// Formats shared by every cell of a kind.
pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) date: Format,
    pub(super) wrap: Format,
    pub(super) title: Format,
    /// Number formats by their code, made once: a new `Format` per cell costs a lookup each.
    numbers: Vec<(&'static str, Format)>,
}

impl Formats {
    pub(super) fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            wrap: Format::new().set_text_wrap(),
            title: Format::new().set_bold().set_font_size(14),
            numbers: ["#,##0", "#,##0.00", "0.00\"%\"", "0"]
                .map(|code| (code, Format::new().set_num_format(code)))
                .to_vec(),
        }
    }

    /// The format of a figure of `unit`.
    fn number(&self, unit: Unit, value: f64) -> &Format {
        let code = format::spreadsheet(unit, value);
        self.numbers
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, f)| f)
            .unwrap_or(&self.wrap)
    }
}

pub(super) fn xlsx_error(rel: &str, e: XlsxError) -> io::Error {
    io::Error::other(format!("{rel}: {e}"))
}

/// Writes the workbook of `communes` (a province's, or the nation's) to `rel` through `sink`.
/// The sheets' rows wait in files of a temporary folder, not in memory (rust_xlsxwriter's
/// "low memory" sheets), and the workbook is saved where the sink puts it.
pub fn write(
    site: &Site,
    communes: &[(&crate::model::Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
) -> io::Result<()> {
    write_with_limit(site, communes, sink, rel, EXCEL_MAX_ROWS)
}

/// [`write`] with at most `max_rows` rows per sheet (header included), so that tests can see a
/// group continue on numbered sheets without writing a million rows.
pub fn write_with_limit(
    site: &Site,
    communes: &[(&crate::model::Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
    max_rows: usize,
) -> io::Result<()> {
    sink.file(rel, &mut |path| {
        let tmp = tempfile::tempdir()?;
        build(site, communes, tmp.path(), path, max_rows).map_err(|e| xlsx_error(rel, e))
    })
}

fn build(
    site: &Site,
    communes: &[(&crate::model::Province, &Commune)],
    tmp: &std::path::Path,
    path: &std::path::Path,
    max_rows: usize,
) -> Result<(), XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    // Compressing the sheets is most of the time a national workbook takes. A 200-commune,
    // 60-month province: 4.2 s and 31.8 MB at the default level 6 with inline strings; 2.9 s
    // and 37.6 MB at level 3; 2.2 s and 36.2 MB at level 2 with shared strings (below).
    book.set_zip_compression_level(2);
    book.set_tempdir(tmp)?;
    // Past 4 GB the zip needs ZIP64; Excel reads it, and small files lose only a few bytes.
    book.use_zip_large_file(true);
    book.set_properties(&properties(site, communes)?);
    readme(site, &formats, book.add_worksheet(), HOW_TO_READ)?;
    let plan = plan(site, communes, max_rows);
    let mut first_sheet = Vec::with_capacity(plan.len());
    for parts in &plan {
        first_sheet.push(book.worksheets_mut().len());
        for part in parts {
            // "Low memory": rows go to a file as they are written, like "constant memory",
            // but each text is stored once in the shared strings table. A row repeats its
            // province, commune and indicator names, so the sheets are far smaller to
            // compress, and Excel opens them faster.
            let sheet = book.add_worksheet_with_low_memory()?;
            sheet.set_name(&part.name)?;
            sheet_header(sheet, &formats, part.rows)?;
        }
    }
    let group_of: Vec<usize> = site
        .indicators
        .iter()
        .map(|ind| group_index(site, ind))
        .collect();
    let mut next_row = vec![0usize; plan.len()];
    for (p, c) in communes {
        for period in &c.periods {
            for obs in &period.observations {
                let g = group_of[obs.indicator()];
                let (part, row) = place(next_row[g], max_rows);
                next_row[g] += 1;
                let sheet = book.worksheet_from_index(first_sheet[g] + part)?;
                let cells = Cells {
                    site,
                    p,
                    c,
                    period,
                    obs,
                };
                cells.write(sheet, row, &formats)?;
            }
        }
    }
    let mut used: Vec<String> = std::iter::once("readme".to_string())
        .chain(plan.iter().flatten().map(|part| part.name.to_lowercase()))
        .collect();
    revisions_sheet(site, communes, &formats, &mut book, &mut used)?;
    book.save(path)
}

/// Columns of the revisions sheet (those of `data/revisions.csv` with the step number).
const REVISION_COLUMNS: [(&str, f64); 9] = [
    ("province_id", 16.0),
    ("commune_id", 16.0),
    ("period_id", 24.0),
    ("indicator_id", 28.0),
    ("step", 6.0),
    ("release_id", 14.0),
    ("release_date", 12.0),
    ("change", 16.0),
    ("value", 14.0),
];

/// A `revisions` sheet with the revision log, when any published figure of these communes'
/// provinces changed.
fn revisions_sheet(
    site: &Site,
    communes: &[(&crate::model::Province, &Commune)],
    formats: &Formats,
    book: &mut Workbook,
    used: &mut Vec<String>,
) -> Result<(), XlsxError> {
    let log = log(site, communes);
    if log.is_empty() {
        return Ok(());
    }
    let sheet = book.add_worksheet();
    sheet.set_name(unique_name("revisions", used))?;
    for (col, (name, width)) in REVISION_COLUMNS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        if DATE_COLUMNS.contains(&col) {
            sheet.set_column_format(col as u16, &formats.date)?;
        }
        sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, log.len() as u32, (REVISION_COLUMNS.len() - 1) as u16)?;
    for (i, r) in log.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in [
            r.key.province.as_str(),
            r.key.commune.as_str(),
            r.key.period.as_str(),
            r.key.indicator.as_str(),
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_string(row, col as u16, text)?;
        }
        sheet.write_number(row, 4, r.step as f64)?;
        if let Some(release) = r.release {
            sheet.write_string(row, 5, release.id.as_str())?;
            sheet.write_date_with_format(row, 6, excel_date(release.date)?, &formats.date)?;
        }
        sheet.write_string(row, 7, r.change)?;
        if let Some(v) = r.value {
            sheet.write_number(row, 8, v)?;
        }
    }
    Ok(())
}

/// Document properties with a fixed creation time (the latest period end), so the same
/// content gives the same bytes.
pub(super) fn properties(
    site: &Site,
    communes: &[(&crate::model::Province, &Commune)],
) -> Result<DocProperties, XlsxError> {
    let lang = &site.config.languages[0];
    let latest = communes
        .iter()
        .flat_map(|(_, c)| c.periods.iter().map(|p| p.info.end))
        .max();
    let when = match latest {
        Some(d) => excel_date(d)?,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    Ok(DocProperties::new()
        .set_title(site.config.title.get(lang))
        .set_author(&site.config.publisher)
        .set_company(&site.config.publisher)
        .set_comment(format!("Data licence: {}", site.config.data_license))
        .set_creation_datetime(&when))
}

pub(super) fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Index of an indicator's group in `site.groups` (indicators of an unknown group, which
/// validation rules out, go to the last group rather than being lost).
fn group_index(site: &Site, ind: &Indicator) -> usize {
    site.groups
        .iter()
        .position(|g| g.id == ind.group)
        .unwrap_or(site.groups.len().saturating_sub(1))
}

/// The sheets of each group, after counting its rows.
fn plan(
    site: &Site,
    communes: &[(&crate::model::Province, &Commune)],
    max_rows: usize,
) -> Vec<Vec<SheetPart>> {
    let mut counts = vec![0usize; site.groups.len().max(1)];
    for (_, c) in communes {
        for period in &c.periods {
            for obs in &period.observations {
                counts[group_index(site, &site.indicators[obs.indicator()])] += 1;
            }
        }
    }
    let mut used = vec!["readme".to_string()];
    counts
        .iter()
        .enumerate()
        .map(|(i, &rows)| {
            let base = site
                .groups
                .get(i)
                .map(|g| g.id.to_string())
                .unwrap_or_else(|| "data".into());
            let mut parts = split_sheets(&base, rows, max_rows);
            for part in &mut parts {
                part.name = unique_name(&part.name, &mut used);
            }
            parts
        })
        .collect()
}

/// `name`, or `name~2`, `name~3`… when a sheet of that name (Excel ignores case) exists.
pub(super) fn unique_name(name: &str, used: &mut Vec<String>) -> String {
    let mut candidate = name.to_string();
    let mut n = 2;
    while used.contains(&candidate.to_lowercase()) {
        let suffix = format!("~{n}");
        let stem: String = name.chars().take(SHEET_NAME_MAX - suffix.len()).collect();
        candidate = format!("{stem}{suffix}");
        n += 1;
    }
    used.push(candidate.to_lowercase());
    candidate
}

/// The columns of an observation row that hold dates (period start and end).
const DATE_COLUMNS: [usize; 2] = [5, 6];

fn sheet_header(sheet: &mut Worksheet, formats: &Formats, rows: usize) -> Result<(), XlsxError> {
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        if DATE_COLUMNS.contains(&col) {
            sheet.set_column_format(col as u16, &formats.date)?;
        }
        sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.max(1) as u32, (COLUMNS.len() - 1) as u16)?;
    Ok(())
}

/// The cells of one observation's row.
struct Cells<'a> {
    site: &'a Site,
    p: &'a crate::model::Province,
    c: &'a Commune,
    period: &'a crate::model::Period,
    obs: &'a crate::model::Observation,
}

impl Cells<'_> {
    fn write(&self, sheet: &mut Worksheet, row: u32, formats: &Formats) -> Result<(), XlsxError> {
        let ind = &self.site.indicators[self.obs.indicator()];
        let lang = &self.site.config.languages[0];
        let info = &self.period.info;
        let fig = figure(self.obs);
        let texts: [(u16, &str); 5] = [
            (0, self.p.info.id.as_str()),
            (1, &self.p.info.name),
            (2, self.c.info.id.as_str()),
            (3, &self.c.info.name),
            (4, info.id.as_str()),
        ];
        for (col, s) in texts {
            sheet.write_string(row, col, s)?;
        }
        // The date format comes from the column (set in `sheet_header`): a format given with
        // each cell is looked up in a hash table, cell by cell.
        sheet.write_datetime(row, 5, excel_date(info.start)?)?;
        sheet.write_datetime(row, 6, excel_date(info.end)?)?;
        sheet.write_string(row, 7, info.kind.as_str())?;
        sheet.write_string(row, 8, ind.id.as_str())?;
        sheet.write_string(row, 9, ind.name.get(lang))?;
        number(sheet, (row, 10), ind.unit, fig.value, formats)?;
        sheet.write_string(row, 11, fig.basis)?;
        number(sheet, (row, 12), ind.unit, fig.reported, formats)?;
        number(sheet, (row, 13), ind.unit, fig.computed, formats)?;
        sheet.write_string(row, 14, ind.unit.as_str())?;
        if let Some(note) = self.obs.note.as_deref() {
            sheet.write_string(row, 15, note)?;
        }
        if !self.obs.warnings.is_empty() {
            sheet.write_string(row, 16, warnings_text(self.site, self.obs, Lang::En))?;
            sheet.write_string(row, 18, warnings_text(self.site, self.obs, Lang::Vi))?;
        }
        sheet.write_string(row, 17, &info.source.title)?;
        Ok(())
    }
}

/// A figure as a number cell with its unit's display format; an empty cell when there is none.
pub(super) fn number(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    unit: Unit,
    value: Option<f64>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if let Some(x) = value.filter(|x| x.is_finite()) {
        sheet.write_number_with_format(row, col, x, formats.number(unit, x))?;
    }
    Ok(())
}

/// The README sheet: what the workbook is, who publishes it, under which licence, and every
/// indicator's definition. Labels are in Vietnamese and English.
pub(super) fn readme(
    site: &Site,
    formats: &Formats,
    sheet: &mut Worksheet,
    how_to_read: &str,
) -> Result<(), XlsxError> {
    let lang = &site.config.languages[0];
    sheet.set_name("README")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 60)?;
    sheet.write_string_with_format(0, 0, site.config.title.get(lang), &formats.title)?;
    let about = [
        ("Đơn vị công bố / Publisher", site.config.publisher.clone()),
        (
            "Giấy phép dữ liệu / Data licence",
            site.config.data_license.clone(),
        ),
        ("Trang web / Website", site.config.base_url.clone()),
        (
            "Nguồn / Source",
            "Báo cáo của từng xã; cột source_title ghi văn bản nguồn của mỗi số liệu. / \
             Each commune's reports; the source_title column names the document of every figure."
                .into(),
        ),
        ("Cách đọc / How to read", how_to_read.to_string()),
    ];
    for (i, (label, text)) in about.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &formats.header)?;
        sheet.write_string_with_format(row, 1, text, &formats.wrap)?;
    }
    indicator_table(site, formats, sheet, 3 + about.len() as u32)
}

/// One row per indicator: id, group, name in each site language, unit, kind, definition and
/// how a rate is computed.
fn indicator_table(
    site: &Site,
    formats: &Formats,
    sheet: &mut Worksheet,
    top: u32,
) -> Result<(), XlsxError> {
    let langs = &site.config.languages;
    let mut head: Vec<String> = vec!["indicator_id".into(), "group_id".into()];
    head.extend(langs.iter().map(|l| format!("name_{l}")));
    head.extend(
        [
            "unit",
            "unit_label",
            "indicator_kind",
            "description",
            "computed_as",
        ]
        .map(String::from),
    );
    for (col, name) in head.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, name, &formats.header)?;
        if col >= 2 {
            sheet.set_column_width(col as u16, 30)?;
        }
    }
    for (i, ind) in site.indicators.iter().enumerate() {
        let row = top + 1 + i as u32;
        let mut cells: Vec<String> = vec![ind.id.to_string(), ind.group.to_string()];
        cells.extend(langs.iter().map(|l| ind.name.get(l).to_string()));
        cells.push(ind.unit.as_str().into());
        cells.push(
            ind.unit_label
                .as_ref()
                .map(|u| u.get(&langs[0]).to_string())
                .unwrap_or_default(),
        );
        cells.push(ind.kind.as_str().into());
        cells.push(
            ind.description
                .as_ref()
                .map(|d| d.get(&langs[0]).to_string())
                .unwrap_or_default(),
        );
        cells.push(
            ind.ratio
                .as_ref()
                .map(|(n, d)| format!("100 × {n} / {d}"))
                .unwrap_or_default(),
        );
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string(row, col as u16, text)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_that_fit_stay_on_one_sheet() {
        assert_eq!(
            split_sheets("dossiers", 4, 5),
            vec![SheetPart {
                name: "dossiers".into(),
                rows: 4
            }]
        );
        assert_eq!(split_sheets("budget", 0, 5)[0].rows, 0);
    }

    #[test]
    fn rows_past_the_limit_go_to_numbered_sheets_and_none_is_lost() {
        // 4 data rows per sheet (5 with the header): 10 rows → 4 + 4 + 2
        let parts = split_sheets("dossiers", 10, 5);
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["dossiers", "dossiers (2)", "dossiers (3)"]);
        assert_eq!(parts.iter().map(|p| p.rows).collect::<Vec<_>>(), [4, 4, 2]);
        for k in 0..10 {
            let (part, row) = place(k, 5);
            assert!(part < parts.len() && row >= 1 && row as usize <= parts[part].rows);
        }
        assert_eq!(place(3, 5), (0, 4));
        assert_eq!(place(4, 5), (1, 1));
        assert_eq!(place(9, 5), (2, 2));
        // exactly full
        assert_eq!(split_sheets("x", 8, 5).len(), 2);
    }

    #[test]
    fn sheet_names_fit_excel_and_stay_unique() {
        let long = "a".repeat(64);
        let parts = split_sheets(&long, 3, 2);
        assert!(parts.iter().all(|p| p.name.chars().count() <= 31));
        assert!(parts[2].name.ends_with(" (3)"));
        let mut used = vec!["readme".to_string()];
        assert_eq!(unique_name("README", &mut used), "README~2");
        let full = "a".repeat(31);
        assert_eq!(unique_name(&full, &mut used), full);
        assert_eq!(
            unique_name(&full, &mut used),
            format!("{}~2", "a".repeat(29))
        );
    }
}
