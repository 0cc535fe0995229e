//! A filled sheet as a grid of cells, whatever it was saved as: an Excel or LibreOffice
//! workbook (read with calamine) or a CSV export (read with the csv crate).

use super::layout;
use crate::base::diagnostics::{Diagnostic, t};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::path::Path;

/// One cell as the importer needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing typed.
    Empty,
    /// A number.
    Number(f64),
    /// Text (everything in a CSV).
    Text(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date cell.
    Date(NaiveDate),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

/// The sheet of figures.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The sheet's name (empty for a CSV), for cell addresses.
    pub sheet: String,
    /// Rows of cells, from the first row of the sheet.
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges: (first row, first column, last row, last column), 0-based.
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// True when the grid came from a CSV (all cells are text).
    pub from_csv: bool,
}

impl Grid {
    /// The cell at `(row, col)`, empty beyond the grid.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// The address of a cell, as the reader sees it.
    pub fn address(&self, row: usize, col: usize) -> String {
        layout::cell_address(&self.sheet, row as u32, col as u16)
    }
}

/// Reads `path` by its extension: `.xlsx`, `.xlsm`, `.xls`, `.ods` or `.csv`.
pub fn read(path: &Path) -> Result<Grid, Diagnostic> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        _ => Err(Diagnostic::error(
            path,
            t(
                "this file is neither a spreadsheet nor a CSV",
                "tệp này không phải bảng tính hay CSV",
            ),
        )
        .found(format!(".{ext}"))
        .expected(t(
            ".xlsx (Excel, LibreOffice), .ods or .csv",
            ".xlsx (Excel, LibreOffice), .ods hoặc .csv",
        ))
        .help(t(
            "save the filled template as .xlsx, or export its first sheet as CSV UTF-8",
            "lưu mẫu đã điền dưới dạng .xlsx, hoặc xuất trang đầu dưới dạng CSV UTF-8",
        ))),
    }
}

/// A workbook: the sheet named as the template names it, else the first with a key row.
fn read_workbook(path: &Path) -> Result<Grid, Diagnostic> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| unreadable(path, &e))?;
    let names = book.sheet_names();
    let mut candidates: Vec<String> = names
        .iter()
        .filter(|n| layout::DATA_SHEETS.contains(&n.as_str()))
        .cloned()
        .collect();
    candidates.extend(
        names
            .iter()
            .filter(|n| !layout::DATA_SHEETS.contains(&n.as_str()))
            .cloned(),
    );
    for name in candidates {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let rows = grid_rows(&range);
        let has_keys = rows
            .iter()
            .take(20)
            .any(|r| matches!(r.first(), Some(Cell::Text(s)) if s.trim() == layout::COMMUNE_ID));
        if !has_keys {
            continue;
        }
        let merged = match &mut book {
            calamine::Sheets::Xlsx(x) => x
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect(),
            _ => Vec::new(),
        };
        return Ok(Grid {
            sheet: name,
            rows,
            merged,
            from_csv: false,
        });
    }
    Err(no_key_row(path))
}

/// The cells of a calamine range from A1, whatever cell the range starts at.
fn grid_rows(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; c0 as usize];
        cells.extend(row.iter().map(cell_of));
        rows.push(cells);
    }
    rows
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => Cell::Date(d.date()),
            None => Cell::Error(dt.to_string()),
        },
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// A CSV export: UTF-8 (a BOM is fine), separated by commas or semicolons.
fn read_csv(path: &Path) -> Result<Grid, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e))?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, &e))?;
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    let grid = Grid {
        sheet: String::new(),
        rows,
        merged: Vec::new(),
        from_csv: true,
    };
    let has_keys = grid
        .rows
        .iter()
        .take(20)
        .any(|r| matches!(r.first(), Some(Cell::Text(s)) if s.trim() == layout::COMMUNE_ID));
    if has_keys {
        Ok(grid)
    } else {
        Err(no_key_row(path))
    }
}

fn unreadable(path: &Path, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            format!("this file cannot be read: {e}"),
            format!("không đọc được tệp này: {e}"),
        ),
    )
    .help(t(
        "open it in Excel or LibreOffice and save it again as .xlsx",
        "mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng .xlsx",
    ))
}

/// The CSV is in an old encoding: say which line, and how to save it as UTF-8.
fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let at = e.valid_up_to();
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    Diagnostic::error(
        path,
        t(
            "this CSV is not in UTF-8, so its Vietnamese letters cannot be read",
            "tệp CSV này không ở mã UTF-8 nên không đọc được chữ tiếng Việt",
        ),
    )
    .at(line, 1)
    .found(t(
        format!("byte 0x{:02X} at line {line}: an older encoding (Windows-1258, TCVN3 or another)", bytes[at]),
        format!("byte 0x{:02X} ở dòng {line}: một bảng mã cũ (Windows-1258, TCVN3 hoặc khác)", bytes[at]),
    ))
    .expected(t("UTF-8 text", "văn bản mã UTF-8"))
    .help(t(
        "in Excel: File → Save As → “CSV UTF-8 (Comma delimited)”; in LibreOffice: Save As → Text CSV, character set Unicode (UTF-8); or import the .xlsx itself",
        "trong Excel: Tệp → Lưu thành → «CSV UTF-8 (Comma delimited)»; trong LibreOffice: Lưu thành → Text CSV, bộ ký tự Unicode (UTF-8); hoặc nhập thẳng tệp .xlsx",
    ))
}

fn no_key_row(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            format!("no sheet here has the row of column keys (a first cell `{}`)", layout::COMMUNE_ID),
            format!("không trang nào có hàng mã cột (ô đầu là `{}`)", layout::COMMUNE_ID),
        ),
    )
    .expected(t(
        "a sheet made by `minhbach template`, its rows 1–6 as they were",
        "một trang tạo bằng `minhbach template`, giữ nguyên hàng 1–6",
    ))
    .help(t(
        "make a new template with `minhbach template --province … --start … --end …` and copy the figures into it",
        "tạo mẫu mới bằng `minhbach template --province … --start … --end …` rồi chép số liệu vào",
    ))
}
