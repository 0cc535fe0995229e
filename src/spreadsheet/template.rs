//! `minhbach template`: the Excel workbook a province's office fills for one period — a row
//! per commune, a column per indicator of the catalogue, each cell checked as it is typed.

use super::layout::{self, Column, SourceField};
use super::period_file::{self, PeriodDoc, Source, Value};
use crate::base::diagnostics::{Diagnostic, Lang, did_you_mean, t};
use crate::base::ids::{id_rules, is_valid_id, suggest_id};
use crate::domain::{Indicator, PeriodKind, Unit};
use crate::format;
use crate::model::{Commune, Province, Site};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};
use std::path::Path;

/// What `minhbach template` was asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// Province id.
    pub province: String,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// Regular or cumulative.
    pub kind: PeriodKind,
    /// Period id; `<start>_<end>` (or `cum-<start>_<end>`) when not given.
    pub id: Option<String>,
    /// Language of headings and instructions.
    pub lang: Lang,
}

impl Request {
    /// The period id the imported files will have.
    pub fn period_id(&self) -> String {
        match (&self.id, self.kind) {
            (Some(id), _) => id.clone(),
            (None, PeriodKind::Cumulative) => format!("cum-{}_{}", self.start, self.end),
            (None, PeriodKind::Regular) => format!("{}_{}", self.start, self.end),
        }
    }
}

/// The workbook's bytes, or what is wrong with the request.
pub fn make(site: &Site, content: &Path, req: &Request) -> Result<Vec<u8>, Diagnostic> {
    let province = find_province(site, content, &req.province)?;
    check_request(content, req)?;
    build(site, province, req).map_err(|e| {
        Diagnostic::error(
            content,
            t(
                format!("the workbook could not be made: {e}"),
                format!("không tạo được sổ tính: {e}"),
            ),
        )
    })
}

/// The province asked for, or an error with the nearest id.
fn find_province<'a>(site: &'a Site, content: &Path, id: &str) -> Result<&'a Province, Diagnostic> {
    if let Some(p) = site.provinces.iter().find(|p| p.info.id.as_str() == id) {
        return Ok(p);
    }
    let known: Vec<&str> = site.provinces.iter().map(|p| p.info.id.as_str()).collect();
    let d = Diagnostic::error(
        content.join("communes"),
        t(
            format!("there is no province `{id}` in this site"),
            format!("trang này không có tỉnh `{id}`"),
        ),
    )
    .key("--province")
    .found(format!("`{id}`"))
    .expected(t(
        format!("one of: {}", known.join(", ")),
        format!("một trong: {}", known.join(", ")),
    ));
    Err(d.help_opt(did_you_mean(id, known.iter().copied())))
}

/// The dates in order and a valid period id.
fn check_request(content: &Path, req: &Request) -> Result<(), Diagnostic> {
    if req.end < req.start {
        return Err(Diagnostic::error(
            content,
            t(
                "the period ends before it starts",
                "kỳ báo cáo kết thúc trước khi bắt đầu",
            ),
        )
        .key("--end")
        .found(format!("{} → {}", req.start, req.end))
        .help(t("swap --start and --end", "đổi chỗ --start và --end")));
    }
    let id = req.period_id();
    if is_valid_id(&id) {
        return Ok(());
    }
    Err(Diagnostic::error(
        content,
        t(
            format!("the period id `{id}` is not a valid id"),
            format!("mã kỳ báo cáo `{id}` không hợp lệ"),
        ),
    )
    .key("--id")
    .expected(id_rules())
    .help(t(
        format!("use `{}`", suggest_id(&id)),
        format!("hãy dùng `{}`", suggest_id(&id)),
    )))
}

/// The formats of the sheet, made once.
struct Formats {
    title: Format,
    meta_key: Format,
    meta_value: Format,
    meta_input: Format,
    group: Format,
    name: Format,
    unit: Format,
    key: Format,
    locked: Format,
    input: Format,
    input_text: Format,
    input_date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        let grey = Color::RGB(0x6B6B6B);
        let input_fill = Color::RGB(0xFFF8DC);
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            meta_key: Format::new()
                .set_font_color(grey)
                .set_align(FormatAlign::Right),
            meta_value: Format::new().set_bold(),
            meta_input: Format::new()
                .set_unlocked()
                .set_background_color(input_fill)
                .set_border(FormatBorder::Thin),
            group: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE8F3)),
            name: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            unit: Format::new().set_italic().set_font_color(grey),
            key: Format::new().set_font_color(grey).set_font_size(8),
            locked: Format::new().set_background_color(Color::RGB(0xF2F2F2)),
            input: Format::new()
                .set_unlocked()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
            input_text: Format::new()
                .set_unlocked()
                .set_num_format("@")
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
            input_date: Format::new()
                .set_unlocked()
                .set_num_format("yyyy-mm-dd")
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF)),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// The workbook: the sheet of figures first (it is what opens), then the instructions.
fn build(site: &Site, province: &Province, req: &Request) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed date: the same request gives the same bytes.
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title(province, req))
            .set_author("minhbach")
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    let columns = layout::columns(&site.groups, &site.indicators);
    let sheet = book.add_worksheet();
    sheet.set_name(layout::data_sheet(req.lang))?;
    write_header(sheet, site, province, req, &columns, &f)?;
    write_communes(sheet, site, province, req, &columns, &f)?;
    add_validations(sheet, site, province, req, &columns)?;
    sheet.set_freeze_panes(layout::FIRST_DATA_ROW, 2)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    let readme = book.add_worksheet();
    readme.set_name(layout::readme_sheet(req.lang))?;
    write_readme(readme, site, province, req, &f)?;
    book.save_to_buffer()
}

/// "Nghệ An — số liệu kỳ 01/01/2026 – 19/01/2026".
fn title(province: &Province, req: &Request) -> String {
    let lang = lang_code(req.lang);
    let range = format::date_range(req.start, req.end, lang);
    match req.lang {
        Lang::Vi => format!(
            "{} — số liệu Nghị quyết 57 của các xã, kỳ {range}",
            province.info.name
        ),
        Lang::En => format!(
            "{} — Resolution 57 figures of the communes, period {range}",
            province.info.name
        ),
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

/// Rows 1–6: title, the period's facts, groups, names, units and the keys the import reads.
fn write_header(
    sheet: &mut Worksheet,
    site: &Site,
    province: &Province,
    req: &Request,
    columns: &[(String, Column)],
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = lang_code(req.lang);
    sheet.write_string_with_format(layout::TITLE_ROW, 0, title(province, req), &f.title)?;
    let kind = req.kind.as_str().to_string();
    let mut meta: Vec<(String, String, bool)> = vec![
        (
            layout::META_PROVINCE.into(),
            province.info.id.as_str().into(),
            false,
        ),
        (layout::META_PERIOD.into(), req.period_id(), false),
        (layout::META_START.into(), req.start.to_string(), false),
        (layout::META_END.into(), req.end.to_string(), false),
        (layout::META_KIND.into(), kind, false),
    ];
    // The label is the one fact an office may want to word itself ("Tháng 01/2026"); a
    // period already published keeps its own.
    let published = province
        .communes
        .iter()
        .find_map(|c| existing(c, &req.period_id()))
        .map(|d| d.label)
        .unwrap_or_default();
    for l in &site.config.languages {
        let label = published
            .iter()
            .find(|(lang, _)| lang == l)
            .map(|(_, text)| text.clone())
            .unwrap_or_default();
        meta.push((format!("{}{l}", layout::META_LABEL), label, true));
    }
    let visible = layout::visible_columns(columns);
    for ((key, value, editable), pair) in meta.iter().zip(visible.chunks(2)) {
        let [k, v] = pair else { break };
        sheet.write_string_with_format(layout::META_ROW, *k, key, &f.meta_key)?;
        let format = if *editable {
            &f.meta_input
        } else {
            &f.meta_value
        };
        sheet.write_string_with_format(layout::META_ROW, *v, value, format)?;
    }
    let mut last_group = None;
    for (c, (key, column)) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(layout::KEY_ROW, c, key, &f.key)?;
        let (name, unit, width) = heading(site, req.lang, *column);
        sheet.write_string_with_format(layout::NAME_ROW, c, &name, &f.name)?;
        sheet.write_string_with_format(layout::UNIT_ROW, c, &unit, &f.unit)?;
        sheet.set_column_width(c, width)?;
        if let Column::Value(i) = column {
            let ind = &site.indicators[*i];
            if last_group != Some(&ind.group) {
                last_group = Some(&ind.group);
                if let Some(g) = site.groups.iter().find(|g| g.id == ind.group) {
                    sheet.write_string_with_format(
                        layout::GROUP_ROW,
                        c,
                        g.name.get(lang),
                        &f.group,
                    )?;
                }
            }
            sheet.insert_note(
                layout::NAME_ROW,
                c,
                &Note::new(definition(ind, req.lang)).set_author("minhbach"),
            )?;
        }
        if let Column::Note(_) = column {
            // Notes start folded (a + button above each opens it), so figures sit side by side.
            sheet.group_columns_collapsed(c, c)?;
        }
    }
    sheet.set_row_height(layout::NAME_ROW, 60)?;
    Ok(())
}

/// A column's name, unit and width.
fn heading(site: &Site, lang: Lang, column: Column) -> (String, String, f64) {
    let code = lang_code(lang);
    match (column, lang) {
        (Column::CommuneId, Lang::Vi) => ("Mã xã".into(), String::new(), 14.0),
        (Column::CommuneId, Lang::En) => ("Commune id".into(), String::new(), 14.0),
        (Column::CommuneName, Lang::Vi) => ("Tên xã".into(), String::new(), 20.0),
        (Column::CommuneName, Lang::En) => ("Commune".into(), String::new(), 20.0),
        (Column::Value(i), _) => {
            let ind = &site.indicators[i];
            (ind.name.get(code).to_string(), unit_text(ind, lang), 16.0)
        }
        (Column::Note(i), Lang::Vi) => (
            format!("Ghi chú: {}", site.indicators[i].name.get(code)),
            "chữ".into(),
            18.0,
        ),
        (Column::Note(i), Lang::En) => (
            format!("Note: {}", site.indicators[i].name.get(code)),
            "text".into(),
            18.0,
        ),
        (Column::Source(s), _) => {
            let width = if s == SourceField::Title { 40.0 } else { 18.0 };
            let unit = match (s, lang) {
                (SourceField::Date, _) => "yyyy-mm-dd".to_string(),
                (_, Lang::Vi) => "chữ".to_string(),
                (_, Lang::En) => "text".to_string(),
            };
            (s.heading(lang).to_string(), unit, width)
        }
    }
}

/// The unit as the office reads it: "hồ sơ", "%", "đồng", "Có/Không".
fn unit_text(ind: &Indicator, lang: Lang) -> String {
    let code = lang_code(lang);
    match (ind.unit, lang) {
        (Unit::Count, _) => ind
            .unit_label
            .as_ref()
            .map(|l| l.get(code).to_string())
            .unwrap_or_else(|| {
                if lang == Lang::Vi {
                    "số".into()
                } else {
                    "number".into()
                }
            }),
        (Unit::Vnd, Lang::Vi) => "đồng".into(),
        (Unit::Vnd, Lang::En) => "đồng (VND)".into(),
        (Unit::Percent, _) => "% (0–100)".into(),
        (Unit::Yesno, _) => layout::yes_no(lang).join("/"),
    }
}

/// The note on a heading: the definition, how to type the figure, and a computed rate's inputs.
fn definition(ind: &Indicator, lang: Lang) -> String {
    let code = lang_code(lang);
    let mut text = ind.name.get(code).to_string();
    if let Some(d) = &ind.description {
        text.push_str("\n\n");
        text.push_str(d.get(code));
    }
    let how = match (ind.unit, lang) {
        (Unit::Count, Lang::Vi) => "Số nguyên ≥ 0, gõ không có dấu chấm: 14722.",
        (Unit::Count, Lang::En) => "A whole number ≥ 0, typed without separators: 14722.",
        (Unit::Vnd, Lang::Vi) => "Số đồng, số nguyên: 0,2 tỷ gõ là 200000000.",
        (Unit::Vnd, Lang::En) => "Whole đồng: 0.2 billion is typed 200000000.",
        (Unit::Percent, Lang::Vi) => "Phần trăm từ 0 đến 100: 97,6% gõ là 97,6 (không gõ 0,976).",
        (Unit::Percent, Lang::En) => "A percentage from 0 to 100: 97.6% is typed 97.6 (not 0.976).",
        (Unit::Yesno, Lang::Vi) => "Chọn Có hoặc Không.",
        (Unit::Yesno, Lang::En) => "Choose Yes or No.",
    };
    text.push_str("\n\n");
    text.push_str(how);
    if let Some((num, den)) = &ind.ratio {
        text.push_str(&match lang {
            Lang::Vi => format!(
                "\nĐể trống thì trang tự tính từ {} / {}.",
                num.as_str(),
                den.as_str()
            ),
            Lang::En => format!(
                "\nLeave it empty and the site computes it from {} / {}.",
                num.as_str(),
                den.as_str()
            ),
        });
    }
    text.push_str(match lang {
        Lang::Vi => "\nĐể trống nghĩa là chưa báo cáo (khác với 0).",
        Lang::En => "\nEmpty means not reported (not 0).",
    });
    text
}

/// One row per commune: id and name locked, every other cell open for input — and filled with
/// what the commune's period file already says, so a correction starts from the published
/// figures and importing the sheet unchanged changes nothing.
fn write_communes(
    sheet: &mut Worksheet,
    site: &Site,
    province: &Province,
    req: &Request,
    columns: &[(String, Column)],
    f: &Formats,
) -> Result<(), XlsxError> {
    let id = req.period_id();
    let note_format = f.wrap.clone().set_unlocked();
    for (r, commune) in province.communes.iter().enumerate() {
        let row = layout::FIRST_DATA_ROW + r as u32;
        let doc = existing(commune, &id);
        let figure = |i: usize| {
            let ind = site.indicators[i].id.as_str();
            doc.as_ref()
                .and_then(|d| d.values.iter().find(|(k, _)| k == ind).map(|(_, f)| f))
        };
        let source = doc.as_ref().map(|d| &d.source);
        for (c, (_, column)) in columns.iter().enumerate() {
            let c = c as u16;
            match column {
                Column::CommuneId => {
                    sheet.write_string_with_format(row, c, commune.info.id.as_str(), &f.locked)?;
                }
                Column::CommuneName => {
                    sheet.write_string_with_format(row, c, &commune.info.name, &f.locked)?;
                }
                Column::Value(i) => match figure(*i).map(|f| &f.value) {
                    Some(Value::Number(x)) => {
                        sheet.write_number_with_format(row, c, *x, &f.input)?;
                    }
                    Some(Value::Bool(b)) => {
                        let [yes, no] = layout::yes_no(req.lang);
                        sheet.write_string_with_format(
                            row,
                            c,
                            if *b { yes } else { no },
                            &f.input,
                        )?;
                    }
                    _ => {
                        sheet.write_blank(row, c, &f.input)?;
                    }
                },
                Column::Note(i) => match figure(*i).and_then(|f| f.note.as_deref()) {
                    Some(note) => {
                        sheet.write_string_with_format(row, c, note, &note_format)?;
                    }
                    None => {
                        sheet.write_blank(row, c, &note_format)?;
                    }
                },
                Column::Source(field) => write_source(sheet, row, c, *field, source, f)?,
            }
        }
    }
    Ok(())
}

/// One source cell, filled from the existing file when there is one.
fn write_source(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    field: SourceField,
    source: Option<&Source>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let text = match (field, source) {
        (SourceField::Title, Some(s)) => Some(s.title.clone()),
        (SourceField::IssuedBy, Some(s)) => s.issued_by.clone(),
        (SourceField::Report, Some(s)) => s.report.clone(),
        _ => None,
    };
    let format = match field {
        SourceField::Title => &f.wrap.clone().set_unlocked(),
        SourceField::Date => &f.input_date,
        _ => &f.input_text,
    };
    if let (SourceField::Date, Some(d)) = (field, source.and_then(|s| s.date)) {
        let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
        sheet.write_datetime_with_format(row, c, &date, format)?;
        return Ok(());
    }
    match text {
        Some(t) => sheet.write_string_with_format(row, c, t, format)?,
        None => sheet.write_blank(row, c, format)?,
    };
    Ok(())
}

/// What the commune's period file with this id says, when it has one that can be read.
fn existing(commune: &Commune, id: &str) -> Option<PeriodDoc> {
    let period = commune.periods.iter().find(|p| p.info.id.as_str() == id)?;
    let text = std::fs::read_to_string(&period.info.file).ok()?;
    period_file::read(&text)
}

/// Checks as the figure is typed: whole numbers for counts and đồng, 0–100 for percentages,
/// a list for yes/no, a date for the report date.
fn add_validations(
    sheet: &mut Worksheet,
    site: &Site,
    province: &Province,
    req: &Request,
    columns: &[(String, Column)],
) -> Result<(), XlsxError> {
    if province.communes.is_empty() {
        return Ok(());
    }
    let first = layout::FIRST_DATA_ROW;
    let last = first + province.communes.len() as u32 - 1;
    for (c, (_, column)) in columns.iter().enumerate() {
        let c = c as u16;
        let rule = match column {
            Column::Value(i) => unit_rule(site.indicators[*i].unit, req.lang, first, c)?,
            Column::Source(SourceField::Date) => date_rule(req.lang)?,
            _ => continue,
        };
        sheet.add_data_validation(first, c, last, c, &rule)?;
    }
    Ok(())
}

/// The validation for one unit; the messages say what to type.
fn unit_rule(unit: Unit, lang: Lang, row: u32, col: u16) -> Result<DataValidation, XlsxError> {
    let cell = rust_xlsxwriter::utility::row_col_to_cell(row, col);
    let (rule, message) = match unit {
        // Counts and đồng may pass 2^31 (a budget of 2,5 tỷ), beyond Excel's whole-number rule.
        Unit::Count | Unit::Vnd => (
            DataValidation::new().allow_custom(Formula::new(format!(
                "=AND(ISNUMBER({cell}),{cell}>=0,{cell}=INT({cell}))"
            ))),
            match lang {
                Lang::Vi => {
                    "Gõ một số nguyên ≥ 0, không có dấu chấm hay chữ (14722, không phải 14.722)."
                }
                Lang::En => "Type a whole number ≥ 0, without separators or words (14722).",
            },
        ),
        Unit::Percent => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)),
            match lang {
                Lang::Vi => "Gõ phần trăm từ 0 đến 100 (97,6 cho 97,6%; không gõ 0,976).",
                Lang::En => "Type a percentage from 0 to 100 (97.6 for 97.6%; not 0.976).",
            },
        ),
        Unit::Yesno => (
            DataValidation::new().allow_list_strings(&layout::yes_no(lang))?,
            match lang {
                Lang::Vi => "Chọn Có hoặc Không trong danh sách.",
                Lang::En => "Choose Yes or No from the list.",
            },
        ),
    };
    let title = match lang {
        Lang::Vi => "Số liệu không hợp lệ",
        Lang::En => "Not a valid figure",
    };
    rule.set_error_title(title)?
        .set_error_message(message)
        .map(|r| r.set_error_style(DataValidationErrorStyle::Stop))
}

/// The report date must be a date.
fn date_rule(lang: Lang) -> Result<DataValidation, XlsxError> {
    let from = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let to = ExcelDateTime::from_ymd(2100, 12, 31)?;
    let message = match lang {
        Lang::Vi => "Gõ một ngày, ví dụ 2026-01-19.",
        Lang::En => "Type a date, for example 2026-01-19.",
    };
    DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_error_message(message)
}

/// The instructions sheet, in the request's language.
fn write_readme(
    sheet: &mut Worksheet,
    site: &Site,
    province: &Province,
    req: &Request,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lines: Vec<String> = match req.lang {
        Lang::Vi => vec![
            title(province, req),
            String::new(),
            format!(
                "1. Ở trang «{}», mỗi hàng là một xã; mỗi cột là một chỉ tiêu (tên, đơn vị; di chuột vào tên để xem định nghĩa).",
                layout::data_sheet(req.lang)
            ),
            "2. Gõ số liệu như báo cáo của xã ghi, dạng số: 14722 (không gõ 14.722), 97,6 cho 97,6%, 200000000 cho 0,2 tỷ đồng.".into(),
            "3. Ô để trống nghĩa là xã chưa báo cáo chỉ tiêu đó — không phải số 0. Hàng để trống hết nghĩa là xã chưa báo cáo kỳ này.".into(),
            "4. Cột «Ghi chú» bên phải mỗi chỉ tiêu đang được thu gọn: bấm nút dấu cộng phía trên để mở, rồi ghi điều cần nói về con số, như báo cáo ghi.".into(),
            "5. Các cột cuối: tên báo cáo của xã (bắt buộc khi hàng có số liệu), cơ quan ban hành, ngày báo cáo.".into(),
            "6. Không sửa hàng 1–6, mã xã, tên xã. Lưu dưới dạng .xlsx (hoặc xuất CSV UTF-8).".into(),
            "7. Nhập vào trang: minhbach import <tệp này> --dry-run (xem trước), rồi minhbach import <tệp này>, minhbach check, minhbach build.".into(),
            String::new(),
            format!("Tỉnh: {} ({}) · {} xã", province.info.name, province.info.id.as_str(), province.communes.len()),
            format!("Kỳ: {} · mã kỳ {}", format::date_range(req.start, req.end, "vi"), req.period_id()),
            format!("Danh mục: {} chỉ tiêu trong {} nhóm", site.indicators.len(), site.groups.len()),
        ],
        Lang::En => vec![
            title(province, req),
            String::new(),
            format!(
                "1. On the sheet “{}”, each row is a commune and each column an indicator (name, unit; hover the name for its definition).",
                layout::data_sheet(req.lang)
            ),
            "2. Type the figures as the commune's report gives them, as numbers: 14722 (not 14,722 as text), 97.6 for 97.6%, 200000000 for VND 0.2 billion.".into(),
            "3. An empty cell means the commune did not report that figure — not 0. An empty row means the commune has not reported this period.".into(),
            "4. The “Note” column right of each figure starts folded: open it with the plus button above, and write what must be said about the figure, as the report says it.".into(),
            "5. The last columns: the commune's report title (required when the row has figures), who issued it, its date.".into(),
            "6. Do not edit rows 1–6, the commune ids or names. Save as .xlsx (or export CSV UTF-8).".into(),
            "7. Import: minhbach import <this file> --dry-run (preview), then minhbach import <this file>, minhbach check, minhbach build.".into(),
            String::new(),
            format!("Province: {} ({}) · {} communes", province.info.name, province.info.id.as_str(), province.communes.len()),
            format!("Period: {} · period id {}", format::date_range(req.start, req.end, "en"), req.period_id()),
            format!("Catalogue: {} indicators in {} groups", site.indicators.len(), site.groups.len()),
        ],
    };
    sheet.set_column_width(0, 120)?;
    for (r, line) in lines.iter().enumerate() {
        let format = if r == 0 { &f.title } else { &f.wrap };
        sheet.write_string_with_format(r as u32, 0, line, format)?;
    }
    Ok(())
}
