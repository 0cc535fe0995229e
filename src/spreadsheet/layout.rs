//! The shape of the sheet a province's office fills: which row holds what, and the key of
//! every column. `template` writes this shape and `import` reads it, so both use this file
//! and nothing else decides where a figure sits.

use crate::base::diagnostics::Lang;
use crate::domain::{Group, Indicator};

/// Row of the human title (0-based, as the writer counts).
pub const TITLE_ROW: u32 = 0;
/// Row of the period's facts as `key, value` pairs (`province`, `period`, `start`…).
pub const META_ROW: u32 = 1;
/// Row of the group names above their indicators.
pub const GROUP_ROW: u32 = 2;
/// Row of the indicator names.
pub const NAME_ROW: u32 = 3;
/// Row of the units.
pub const UNIT_ROW: u32 = 4;
/// Row of the column keys the import reads (`commune_id`, indicator ids…).
pub const KEY_ROW: u32 = 5;
/// First row of communes.
pub const FIRST_DATA_ROW: u32 = 6;

/// Key of the commune id column (also how the import finds the key row).
pub const COMMUNE_ID: &str = "commune_id";
/// Key of the commune name column.
pub const COMMUNE_NAME: &str = "commune_name";
/// Suffix of a figure's note column: `<indicator>.note` (ids never hold a dot).
pub const NOTE_SUFFIX: &str = ".note";
/// First key of the meta row (how the import finds it).
pub const META_PROVINCE: &str = "province";
/// Meta key of the period id.
pub const META_PERIOD: &str = "period";
/// Meta key of the first day.
pub const META_START: &str = "start";
/// Meta key of the last day.
pub const META_END: &str = "end";
/// Meta key of `regular` / `cumulative`.
pub const META_KIND: &str = "kind";
/// Meta key prefix of the period's label in one language: `label.vi`.
pub const META_LABEL: &str = "label.";

/// True for a key of the meta row (`province`, `start`, `label.vi`…).
pub fn is_meta_key(s: &str) -> bool {
    [META_PROVINCE, META_PERIOD, META_START, META_END, META_KIND].contains(&s)
        || s.starts_with(META_LABEL)
}

/// The name of the sheet of figures in `lang`.
pub fn data_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Số liệu",
        Lang::En => "Figures",
    }
}

/// Every name the sheet of figures may have (a sheet made in either language imports).
pub const DATA_SHEETS: [&str; 2] = ["Số liệu", "Figures"];

/// The name of the instructions sheet in `lang`.
pub fn readme_sheet(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Hướng dẫn",
        Lang::En => "Read me",
    }
}

/// One field of a period file's `source:` block, filled per commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceField {
    /// `source.title` (required when the row has figures).
    Title,
    /// `source.issued_by`.
    IssuedBy,
    /// `source.date`.
    Date,
    /// `source.report`: a report id of the commune.
    Report,
}

impl SourceField {
    /// All fields, in column order.
    pub const ALL: [SourceField; 4] = [
        SourceField::Title,
        SourceField::IssuedBy,
        SourceField::Date,
        SourceField::Report,
    ];

    /// The column key.
    pub fn key(self) -> &'static str {
        match self {
            SourceField::Title => "source.title",
            SourceField::IssuedBy => "source.issued_by",
            SourceField::Date => "source.date",
            SourceField::Report => "source.report",
        }
    }

    /// The column heading in `lang`.
    pub fn heading(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SourceField::Title, Lang::Vi) => "Tên báo cáo (nguồn số liệu)",
            (SourceField::Title, Lang::En) => "Report title (source of the figures)",
            (SourceField::IssuedBy, Lang::Vi) => "Cơ quan ban hành",
            (SourceField::IssuedBy, Lang::En) => "Issued by",
            (SourceField::Date, Lang::Vi) => "Ngày báo cáo",
            (SourceField::Date, Lang::En) => "Report date",
            (SourceField::Report, Lang::Vi) => "Mã văn bản báo cáo trên trang (nếu có)",
            (SourceField::Report, Lang::En) => "Id of the report text on the site (if any)",
        }
    }
}

/// What one column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The commune's id.
    CommuneId,
    /// The commune's name (checked against the id, to catch shifted rows).
    CommuneName,
    /// The figure of the catalogue's indicator at this index.
    Value(usize),
    /// The note on that figure.
    Note(usize),
    /// A field of the source.
    Source(SourceField),
}

/// The sheet's columns in order: id, name, then each indicator (by group, in catalogue order)
/// with its note, then the source fields.
pub fn columns(groups: &[Group], indicators: &[Indicator]) -> Vec<(String, Column)> {
    let mut out = vec![
        (COMMUNE_ID.to_string(), Column::CommuneId),
        (COMMUNE_NAME.to_string(), Column::CommuneName),
    ];
    for i in indicator_order(groups, indicators) {
        let id = indicators[i].id.as_str();
        out.push((id.to_string(), Column::Value(i)));
        out.push((format!("{id}{NOTE_SUFFIX}"), Column::Note(i)));
    }
    out.extend(
        SourceField::ALL
            .iter()
            .map(|f| (f.key().to_string(), Column::Source(*f))),
    );
    out
}

/// The columns that stay visible (notes start folded), in order: where the period's facts go,
/// a key in one and its value in the next, so none is hidden in a folded note column.
pub fn visible_columns(columns: &[(String, Column)]) -> Vec<u16> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| !matches!(c, Column::Note(_)))
        .map(|(i, _)| i as u16)
        .collect()
}

/// Indicator indices grouped by group (in the catalogue's group order), catalogue order within.
pub fn indicator_order(groups: &[Group], indicators: &[Indicator]) -> Vec<usize> {
    let mut order = Vec::with_capacity(indicators.len());
    for g in groups {
        order.extend(
            indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| ind.group == g.id)
                .map(|(i, _)| i),
        );
    }
    // An indicator whose group is missing cannot pass validation; kept last all the same.
    for i in 0..indicators.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

/// A cell's address as a person reads it: `'Số liệu'!F14`.
pub fn cell_address(sheet: &str, row: u32, col: u16) -> String {
    let cell = rust_xlsxwriter::utility::row_col_to_cell(row, col);
    if sheet.is_empty() {
        cell
    } else {
        format!("'{sheet}'!{cell}")
    }
}

/// The words for "yes" and "no" in `lang`, as the template's list offers them.
pub fn yes_no(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Vi => ["Có", "Không"],
        Lang::En => ["Yes", "No"],
    }
}

/// `Some(true)` / `Some(false)` for a yes or no written in either language.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "có" | "co" | "yes" | "true" | "đúng" => Some(true),
        "không" | "khong" | "no" | "false" | "sai" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_as_in_a_spreadsheet() {
        assert_eq!(cell_address("Số liệu", 13, 5), "'Số liệu'!F14");
        assert_eq!(cell_address("", 0, 27), "AB1");
    }

    #[test]
    fn yes_and_no_in_both_languages() {
        assert_eq!(parse_yes_no(" Có "), Some(true));
        assert_eq!(parse_yes_no("KHÔNG"), Some(false));
        assert_eq!(parse_yes_no("No"), Some(false));
        assert_eq!(parse_yes_no("1"), None);
    }
}
