//! The national workbook, laid out for Excel whatever the site's size. While every figure fits
//! one sheet it is the long workbook of [`workbook`] (a row per commune × period × indicator).
//! Past Excel's 1,048,576 rows — a national site's year has 1.6 million figures, five years 8
//! million, and a long workbook of them is 600 MB that no one opens — it is *wide*: a README
//! sheet, a `latest` sheet with one row per commune and, for every indicator, its latest figure
//! and that figure's period, then one sheet per key indicator with a row per commune and a
//! column per reporting window. Province workbooks stay long and complete.

use super::tables::{EXCEL_MAX_ROWS, figure, fits_excel};
use super::workbook::{self, Formats, number, properties, readme, unique_name, xlsx_error};
use crate::domain::PeriodKind;
use crate::model::{Commune, Province, Site};
use crate::render::Sink;
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::io;

/// Excel's limit on a sheet's columns.
const EXCEL_MAX_COLUMNS: usize = 16_384;
/// Columns naming the commune at the left of every wide sheet.
const PLACE_COLUMNS: [(&str, f64); 4] = [
    ("province_id", 14.0),
    ("province_name", 18.0),
    ("commune_id", 16.0),
    ("commune_name", 20.0),
];
/// Header rows of a wide sheet: ids, then names (or the window's kind).
const HEAD_ROWS: u32 = 2;

/// The README's "how to read" of the wide layout.
const HOW_TO_READ: &str = "Trang web có quá nhiều số liệu cho một trang tính Excel (tối đa \
    1.048.576 dòng), nên sổ này xếp theo chiều ngang: trang latest có mỗi xã một dòng, với số \
    liệu mới nhất của từng chỉ tiêu và kỳ của số đó (cột <chỉ tiêu>_period); sau đó mỗi chỉ \
    tiêu chính một trang, mỗi xã một dòng, mỗi kỳ báo cáo một cột (đầu cột: ngày đầu/ngày cuối \
    của kỳ). Toàn bộ số liệu từng dòng có trong observations.csv, observations.parquet, \
    minhbach.sqlite và sổ Excel của từng tỉnh. Tỷ lệ ghi theo thang 0–100. / The site has more \
    figures than an Excel sheet holds (1,048,576 rows), so this workbook is wide: the latest \
    sheet has one row per commune, with every indicator's latest figure and its period (column \
    <indicator>_period); then one sheet per key indicator, one row per commune and one column \
    per reporting window (headed start/end). Every figure, row by row, is in observations.csv, \
    observations.parquet, minhbach.sqlite and each province's workbook. Rates are 0–100.";

/// Writes the national workbook of `communes` to `rel`: long while every figure fits a sheet,
/// else wide.
pub fn write_national(
    site: &Site,
    communes: &[(&Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
) -> io::Result<()> {
    write_with_limit(site, communes, sink, rel, EXCEL_MAX_ROWS)
}

/// [`write_national`] as if a sheet held `max_rows` rows, so that tests see the wide layout
/// without millions of figures.
pub fn write_with_limit(
    site: &Site,
    communes: &[(&Province, &Commune)],
    sink: &dyn Sink,
    rel: &str,
    max_rows: usize,
) -> io::Result<()> {
    let rows = site.observation_count();
    if rows < max_rows && fits_excel(rows) {
        return workbook::write(site, communes, sink, rel);
    }
    sink.file(rel, &mut |path| {
        let tmp = tempfile::tempdir()?;
        build(site, communes, tmp.path(), path).map_err(|e| xlsx_error(rel, e))
    })
}

/// True when the national workbook of `site` is wide.
pub fn is_wide(site: &Site) -> bool {
    !fits_excel(site.observation_count())
}

fn build(
    site: &Site,
    communes: &[(&Province, &Commune)],
    tmp: &std::path::Path,
    path: &std::path::Path,
) -> Result<(), XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    book.set_zip_compression_level(2);
    book.set_tempdir(tmp)?;
    book.set_properties(&properties(site, communes)?);
    readme(site, &formats, book.add_worksheet(), HOW_TO_READ)?;
    let mut used = vec!["readme".to_string()];
    let latest = book.add_worksheet_with_low_memory()?;
    latest.set_name(unique_name("latest", &mut used))?;
    latest_sheet(site, communes, &formats, latest)?;
    for i in site.headlines() {
        let sheet = book.add_worksheet_with_low_memory()?;
        sheet.set_name(unique_name(
            sheet_name(site.indicators[i].id.as_str()),
            &mut used,
        ))?;
        indicator_sheet(site, communes, i, &formats, sheet)?;
    }
    book.save(path)
}

/// An indicator id cut to Excel's 31 characters for a sheet name.
fn sheet_name(id: &str) -> &str {
    match id.char_indices().nth(workbook::SHEET_NAME_MAX) {
        Some((at, _)) => &id[..at],
        None => id,
    }
}

/// The first header row's place columns, their widths and the frozen panes of a wide sheet.
fn place_header(sheet: &mut Worksheet, formats: &Formats) -> Result<(), XlsxError> {
    for (col, (name, width)) in PLACE_COLUMNS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_string_with_format(0, col as u16, *name, &formats.header)?;
    }
    sheet.set_freeze_panes(HEAD_ROWS, PLACE_COLUMNS.len() as u16)?;
    Ok(())
}

/// One row per commune: for every indicator, its latest figure and the period it is from.
fn latest_sheet(
    site: &Site,
    communes: &[(&Province, &Commune)],
    formats: &Formats,
    sheet: &mut Worksheet,
) -> Result<(), XlsxError> {
    let lang = &site.config.languages[0];
    // Low-memory sheets take rows in order: every cell of a row before the next row.
    place_header(sheet, formats)?;
    let col_of = |i: usize| (PLACE_COLUMNS.len() + 2 * i) as u16;
    for (i, ind) in site.indicators.iter().enumerate() {
        sheet.set_column_width(col_of(i), 14)?;
        sheet.write_string_with_format(0, col_of(i), ind.id.as_str(), &formats.header)?;
        let period = format!("{}_period", ind.id);
        sheet.write_string_with_format(0, col_of(i) + 1, &period, &formats.header)?;
    }
    for (i, ind) in site.indicators.iter().enumerate() {
        sheet.write_string(1, col_of(i), ind.name.get(lang))?;
    }
    for (k, (p, c)) in communes.iter().enumerate() {
        let row = HEAD_ROWS + k as u32;
        write_place(sheet, row, p, c)?;
        for (i, ind) in site.indicators.iter().enumerate() {
            let Some((period, obs)) = c.latest(i) else {
                continue;
            };
            number(
                sheet,
                (row, col_of(i)),
                ind.unit,
                figure(obs).value,
                formats,
            )?;
            sheet.write_string(row, col_of(i) + 1, period.info.id.as_str())?;
        }
    }
    Ok(())
}

/// A commune's id and name cells on `row`.
fn write_place(
    sheet: &mut Worksheet,
    row: u32,
    p: &Province,
    c: &Commune,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, p.info.id.as_str())?;
    sheet.write_string(row, 1, &p.info.name)?;
    sheet.write_string(row, 2, c.info.id.as_str())?;
    sheet.write_string(row, 3, &c.info.name)?;
    Ok(())
}

/// A reporting window as a column, in the order of the columns: last day, first day, kind.
type Window = (NaiveDate, NaiveDate, PeriodKind);

/// One key indicator: a row per commune, a column per reporting window (oldest first; the
/// newest when there are more than a sheet's columns), the figure the site shows.
fn indicator_sheet(
    site: &Site,
    communes: &[(&Province, &Commune)],
    i: usize,
    formats: &Formats,
    sheet: &mut Worksheet,
) -> Result<(), XlsxError> {
    let ind = &site.indicators[i];
    let window = |p: &crate::model::Period| (p.info.end, p.info.start, p.info.kind);
    let mut windows: Vec<Window> = communes
        .iter()
        .flat_map(|(_, c)| c.periods.iter())
        .filter(|p| p.observation(i).is_some())
        .map(window)
        .collect();
    windows.sort_unstable();
    windows.dedup();
    // More windows than a sheet's columns: the newest are kept.
    let room = EXCEL_MAX_COLUMNS - PLACE_COLUMNS.len();
    let columns = &windows[windows.len().saturating_sub(room)..];
    let col_of = |k: usize| (PLACE_COLUMNS.len() + k) as u16;
    place_header(sheet, formats)?;
    for (k, (end, start, _)) in columns.iter().enumerate() {
        sheet.set_column_width(col_of(k), 12)?;
        sheet.write_string_with_format(0, col_of(k), format!("{start}/{end}"), &formats.header)?;
    }
    for (k, (_, _, kind)) in columns.iter().enumerate() {
        sheet.write_string(1, col_of(k), kind.as_str())?;
    }
    for (k, (p, c)) in communes.iter().enumerate() {
        let row = HEAD_ROWS + k as u32;
        write_place(sheet, row, p, c)?;
        for period in &c.periods {
            let Some(obs) = period.observation(i) else {
                continue;
            };
            let Ok(at) = columns.binary_search(&window(period)) else {
                continue;
            };
            number(
                sheet,
                (row, col_of(at)),
                ind.unit,
                figure(obs).value,
                formats,
            )?;
        }
    }
    Ok(())
}
