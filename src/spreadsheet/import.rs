//! `minhbach import`: a filled template (or its CSV export) → period files, exactly as an
//! editor would write them, checked by the same validation as hand-written content. Nothing
//! is written unless the whole sheet is valid.

use super::grid::{self, Cell, Grid};
use super::layout::{self, Column, SourceField};
use super::period_file::{self, Change, Figure, PeriodDoc, Source, Value};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Text, did_you_mean, t};
use crate::domain::{PeriodKind, Unit};
use crate::model::{Commune, Province, Site};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What `import` may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Overwrite period files whose figures differ.
    pub replace: bool,
}

/// What happens to one period file.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The file is new.
    New,
    /// The file exists and says the same.
    Unchanged,
    /// The file exists and changes (with `--replace`).
    Replaced(Vec<Change>),
}

/// One period file the sheet gives.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Where it goes.
    pub path: PathBuf,
    /// The commune's name.
    pub commune: String,
    /// Its text.
    pub text: String,
    /// New, unchanged or replaced.
    pub status: Status,
}

/// Everything the sheet gives, and every problem found in it.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Province id.
    pub province: String,
    /// Period id.
    pub period: String,
    /// The files, in the sheet's row order.
    pub files: Vec<Planned>,
    /// Communes of the province whose row is empty (or missing): `(id, name)`.
    pub not_reported: Vec<(String, String)>,
    /// Errors (nothing may be written) and warnings.
    pub problems: Diagnostics,
}

impl Plan {
    /// True when the files may be written.
    pub fn is_valid(&self) -> bool {
        !self.problems.has_errors()
    }
}

/// Reads `sheet` and plans the period files of `content` it gives.
pub fn plan(site: &Site, content: &Path, sheet: &Path, options: Options) -> Plan {
    let mut plan = Plan::default();
    let grid = match grid::read(sheet) {
        Ok(g) => g,
        Err(d) => {
            plan.problems.push(d);
            return plan;
        }
    };
    let mut reader = SheetReader {
        site,
        grid: &grid,
        file: sheet,
        problems: Vec::new(),
    };
    let rows = reader.read();
    plan.problems.extend(reader.problems);
    let Some(sheet_rows) = rows else {
        return plan;
    };
    plan.province = sheet_rows.province.info.id.as_str().to_string();
    plan.period = sheet_rows.period_id.clone();
    plan.not_reported = not_reported(sheet_rows.province, &sheet_rows.rows);
    for row in &sheet_rows.rows {
        if let Some(file) = plan_file(
            content,
            &sheet_rows,
            row,
            sheet,
            options,
            &mut plan.problems,
        ) {
            plan.files.push(file);
        }
    }
    if !plan.problems.has_errors() && !plan.files.is_empty() {
        let found = super::check::validate(content, &plan, &grid, &sheet_rows.positions(), sheet);
        plan.problems.extend(found);
    }
    plan.problems.sort();
    plan
}

/// Writes the planned files (only a valid plan; unchanged files are left alone).
pub fn write(plan: &Plan) -> std::io::Result<usize> {
    let mut written = 0;
    for file in &plan.files {
        if file.status == Status::Unchanged {
            continue;
        }
        if let Some(dir) = file.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Through a sibling temporary file, so an interrupted import leaves no half file.
        let tmp = file.path.with_extension("yaml.importing");
        std::fs::write(&tmp, &file.text)?;
        std::fs::rename(&tmp, &file.path)?;
        written += 1;
    }
    Ok(written)
}

/// One commune's row, read.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// 0-based row in the grid.
    pub index: usize,
    /// The commune.
    pub commune: &'a Commune,
    /// The period file it gives (`None`: the row is empty, not reported).
    pub doc: Option<PeriodDoc>,
}

/// The sheet, read: the province, the period and each commune's row.
#[derive(Debug, Clone)]
pub struct SheetRows<'a> {
    /// The province of the sheet.
    pub province: &'a Province,
    /// The period id.
    pub period_id: String,
    /// Rows of communes.
    pub rows: Vec<Row<'a>>,
    /// Column of each indicator id (and `source.*` key).
    pub columns: HashMap<String, usize>,
    /// Indicator id → name in English and Vietnamese.
    pub indicators: HashMap<String, Text>,
}

/// Where each commune's row and each key's column are, for messages from the validation.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Commune id → grid row.
    pub rows: HashMap<String, usize>,
    /// Key → grid column.
    pub columns: HashMap<String, usize>,
    /// Commune id → name, for messages.
    pub communes: HashMap<String, String>,
    /// Indicator id → name in English and Vietnamese, for messages.
    pub indicators: HashMap<String, Text>,
}

impl SheetRows<'_> {
    /// Row and column positions by commune id and key.
    pub fn positions(&self) -> Positions {
        Positions {
            rows: self
                .rows
                .iter()
                .map(|r| (r.commune.info.id.as_str().to_string(), r.index))
                .collect(),
            columns: self.columns.clone(),
            communes: self
                .rows
                .iter()
                .map(|r| {
                    (
                        r.commune.info.id.as_str().to_string(),
                        r.commune.info.name.clone(),
                    )
                })
                .collect(),
            indicators: self.indicators.clone(),
        }
    }
}

/// The period's facts from the meta row.
struct Meta {
    start: NaiveDate,
    end: NaiveDate,
    kind: PeriodKind,
    id: String,
    label: Vec<(String, String)>,
}

struct SheetReader<'a> {
    site: &'a Site,
    grid: &'a Grid,
    file: &'a Path,
    problems: Vec<Diagnostic>,
}

impl<'a> SheetReader<'a> {
    fn error(&mut self, row: usize, col: usize, message: Text) -> &mut Diagnostic {
        let d = Diagnostic::error(self.file, message).key(self.grid.address(row, col));
        self.problems.push(d);
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    /// The whole sheet, or `None` when its frame (keys, province, period) cannot be read.
    fn read(&mut self) -> Option<SheetRows<'a>> {
        let key_row = self.find_row(layout::COMMUNE_ID)?;
        let columns = self.read_keys(key_row)?;
        let meta_row = self.find_meta_row(key_row);
        let province = self.read_province(meta_row)?;
        let meta = self.read_meta(meta_row?)?;
        self.check_merged();
        let rows = self.read_rows(key_row, &columns, province, &meta);
        let mut keys = HashMap::new();
        for (col, column) in &columns {
            let key = match column {
                Column::Value(i) => self.site.indicators[*i].id.as_str().to_string(),
                Column::Source(f) => f.key().to_string(),
                _ => continue,
            };
            keys.insert(key, *col);
        }
        Some(SheetRows {
            province,
            period_id: meta.id,
            rows,
            columns: keys,
            indicators: self
                .site
                .indicators
                .iter()
                .map(|i| {
                    (
                        i.id.as_str().to_string(),
                        t(i.name.get("en"), i.name.get("vi")),
                    )
                })
                .collect(),
        })
    }

    /// The first row (of the first 20) whose first cell is `key`.
    fn find_row(&mut self, key: &str) -> Option<usize> {
        let found = (0..self.grid.rows.len().min(20))
            .find(|r| matches!(self.grid.get(*r, 0), Cell::Text(s) if s.trim() == key));
        if found.is_none() {
            self.problems.push(
                Diagnostic::error(
                    self.file,
                    t(
                        format!("the row of column keys (first cell `{key}`) is missing"),
                        format!("thiếu hàng mã cột (ô đầu là `{key}`)"),
                    ),
                )
                .help(t(
                    "the rows 1–6 of the template must stay as they were: make a new template and copy the figures into it",
                    "hàng 1–6 của mẫu phải giữ nguyên: tạo mẫu mới rồi chép số liệu vào",
                )),
            );
        }
        found
    }

    /// The meta row: the first row above the keys whose first cell is `province`.
    fn find_meta_row(&mut self, key_row: usize) -> Option<usize> {
        let found = (0..key_row).find(
            |r| matches!(self.grid.get(*r, 0), Cell::Text(s) if s.trim() == layout::META_PROVINCE),
        );
        if found.is_none() {
            self.problems.push(
                Diagnostic::error(
                    self.file,
                    t(
                        format!("the row of the period (first cell `{}`) is missing above the keys", layout::META_PROVINCE),
                        format!("thiếu hàng kỳ báo cáo (ô đầu là `{}`) phía trên hàng mã cột", layout::META_PROVINCE),
                    ),
                )
                .help(t(
                    "rows 1–6 of the template must stay as they were: make a new template and copy the figures into it",
                    "hàng 1–6 của mẫu phải giữ nguyên: tạo mẫu mới rồi chép số liệu vào",
                )),
            );
        }
        found
    }

    /// Column → what it holds; every key must be known and appear once.
    fn read_keys(&mut self, row: usize) -> Option<Vec<(usize, Column)>> {
        let known: HashMap<String, Column> =
            layout::columns(&self.site.groups, &self.site.indicators)
                .into_iter()
                .collect();
        let mut out: Vec<(usize, Column)> = Vec::new();
        let width = self.grid.rows.get(row).map_or(0, Vec::len);
        for col in 0..width {
            let key = match self.grid.get(row, col) {
                Cell::Empty => continue,
                Cell::Text(s) => s.trim().to_string(),
                other => format!("{other:?}"),
            };
            let Some(column) = known.get(&key) else {
                let hint = did_you_mean(&key, known.keys().map(String::as_str));
                let d = self.error(
                    row,
                    col,
                    t(
                        format!(
                            "the column key `{key}` is not an indicator of this site's catalogue"
                        ),
                        format!("mã cột `{key}` không phải chỉ tiêu nào trong danh mục của trang"),
                    ),
                );
                d.found = Some(format!("`{key}`").into());
                d.help = Some(hint.unwrap_or_else(|| {
                    t(
                        "row 6 holds the keys the import reads: restore it from a new template",
                        "hàng 6 chứa các mã mà lệnh import đọc: lấy lại từ một mẫu mới",
                    )
                }));
                continue;
            };
            if let Some((first, _)) = out.iter().find(|(_, c)| c == column) {
                let first = self.grid.address(row, *first);
                self.error(
                    row,
                    col,
                    t(
                        format!("the column `{key}` appears twice (first at {first})"),
                        format!("cột `{key}` xuất hiện hai lần (lần đầu ở {first})"),
                    ),
                )
                .help = Some(t("delete one of the two columns", "xóa một trong hai cột"));
                continue;
            }
            out.push((col, *column));
        }
        if !out.iter().any(|(_, c)| *c == Column::CommuneId) {
            return None;
        }
        Some(out)
    }

    /// The value cell of `key` in the meta row: the first filled cell right of it that is not
    /// the next key (the template skips folded note columns, so it may be a few cells away).
    fn meta_cell(&self, row: usize, key: &str) -> Option<(usize, &'a Cell)> {
        let width = self.grid.rows.get(row).map_or(0, Vec::len);
        let at = (0..width)
            .find(|c| matches!(self.grid.get(row, *c), Cell::Text(s) if s.trim() == key))?;
        for c in at + 1..at + 4 {
            match self.grid.get(row, c) {
                Cell::Empty => continue,
                Cell::Text(s) if layout::is_meta_key(s.trim()) => break,
                cell => return Some((c, cell)),
            }
        }
        Some((at + 1, &Cell::Empty))
    }

    fn read_province(&mut self, meta_row: Option<usize>) -> Option<&'a Province> {
        let row = meta_row?;
        let (col, cell) = self.meta_cell(row, layout::META_PROVINCE)?;
        let id = text_of(cell);
        if let Some(p) = self
            .site
            .provinces
            .iter()
            .find(|p| p.info.id.as_str() == id)
        {
            return Some(p);
        }
        let known: Vec<&str> = self
            .site
            .provinces
            .iter()
            .map(|p| p.info.id.as_str())
            .collect();
        let hint = did_you_mean(&id, known.iter().copied());
        let d = self.error(
            row,
            col,
            t(
                format!("the province `{id}` is not a province of this site"),
                format!("tỉnh `{id}` không có trong trang này"),
            ),
        );
        d.expected = Some(t(
            format!("one of: {}", known.join(", ")),
            format!("một trong: {}", known.join(", ")),
        ));
        d.help = hint;
        None
    }

    fn read_meta(&mut self, row: usize) -> Option<Meta> {
        let start = self.meta_date(row, layout::META_START);
        let end = self.meta_date(row, layout::META_END);
        let kind = match self
            .meta_cell(row, layout::META_KIND)
            .map(|(c, cell)| (c, text_of(cell)))
        {
            None => PeriodKind::Regular,
            Some((_, k)) if k.is_empty() || k == "regular" => PeriodKind::Regular,
            Some((_, k)) if k == "cumulative" => PeriodKind::Cumulative,
            Some((col, k)) => {
                self.error(
                    row,
                    col,
                    t(
                        format!("unknown period kind `{k}`"),
                        format!("loại kỳ `{k}` không hợp lệ"),
                    ),
                )
                .expected = Some(t("regular or cumulative", "regular hoặc cumulative"));
                return None;
            }
        };
        let (start, end) = (start?, end?);
        let id = match self
            .meta_cell(row, layout::META_PERIOD)
            .map(|(_, c)| text_of(c))
        {
            Some(id) if !id.is_empty() => id,
            _ if kind == PeriodKind::Cumulative => format!("cum-{start}_{end}"),
            _ => format!("{start}_{end}"),
        };
        let mut label = Vec::new();
        for l in &self.site.config.languages {
            let key = format!("{}{l}", layout::META_LABEL);
            if let Some((_, cell)) = self.meta_cell(row, &key) {
                let text = text_of(cell);
                if !text.is_empty() {
                    label.push((l.clone(), text));
                }
            }
        }
        Some(Meta {
            start,
            end,
            kind,
            id,
            label,
        })
    }

    fn meta_date(&mut self, row: usize, key: &str) -> Option<NaiveDate> {
        let Some((col, cell)) = self.meta_cell(row, key) else {
            self.problems.push(Diagnostic::error(
                self.file,
                t(
                    format!("the period row has no `{key}`"),
                    format!("hàng kỳ báo cáo thiếu `{key}`"),
                ),
            ));
            return None;
        };
        match date_of(cell) {
            Ok(d) => Some(d),
            Err((found, help)) => {
                let d = self.error(
                    row,
                    col,
                    t(
                        format!("`{key}` is not a date"),
                        format!("`{key}` không phải là ngày"),
                    ),
                );
                d.found = Some(found);
                d.expected = Some(t("a date such as 2026-01-19", "một ngày như 2026-01-19"));
                d.help = Some(help);
                None
            }
        }
    }

    /// Merged cells below the title have no single figure: each is an error.
    fn check_merged(&mut self) {
        let merged = self.grid.merged.clone();
        for (r0, c0, r1, c1) in merged {
            if (r1 as usize) < layout::META_ROW as usize {
                continue;
            }
            let range = format!(
                "{}:{}",
                self.grid.address(r0 as usize, c0 as usize),
                rust_xlsxwriter::utility::row_col_to_cell(r1, c1 as u16)
            );
            let d = self.error(
                r0 as usize,
                c0 as usize,
                t(
                    format!("the cells {range} are merged"),
                    format!("các ô {range} đã bị gộp"),
                ),
            );
            d.expected = Some(t("one figure per cell", "mỗi ô một con số"));
            d.help = Some(t(
                "select them and unmerge (Format → Merge cells → Unmerge), then type each figure in its own cell",
                "chọn các ô đó và bỏ gộp (Định dạng → Gộp ô → Bỏ gộp), rồi gõ mỗi số vào ô riêng",
            ));
        }
    }

    fn read_rows(
        &mut self,
        key_row: usize,
        columns: &[(usize, Column)],
        province: &'a Province,
        meta: &Meta,
    ) -> Vec<Row<'a>> {
        let id_col = columns
            .iter()
            .find(|(_, c)| *c == Column::CommuneId)
            .map_or(0, |(c, _)| *c);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for r in key_row + 1..self.grid.rows.len() {
            let filled = self.grid.rows[r].iter().any(|c| *c != Cell::Empty);
            if !filled {
                continue;
            }
            let id = text_of(self.grid.get(r, id_col));
            if id.is_empty() {
                self.error(
                    r,
                    id_col,
                    t(
                        "this row has figures but no commune id",
                        "hàng này có số liệu nhưng không có mã xã",
                    ),
                )
                .help = Some(t(
                    "copy the commune's id from a new template",
                    "chép mã xã từ một mẫu mới",
                ));
                continue;
            }
            let Some(commune) = province.communes.iter().find(|c| c.info.id.as_str() == id) else {
                let known: Vec<&str> = province
                    .communes
                    .iter()
                    .map(|c| c.info.id.as_str())
                    .collect();
                let hint = did_you_mean(&id, known.iter().copied());
                let d = self.error(
                    r,
                    id_col,
                    t(
                        format!("there is no commune `{id}` in {}", province.info.name),
                        format!("{} không có xã mã `{id}`", province.info.name),
                    ),
                );
                d.found = Some(format!("`{id}`").into());
                d.help = Some(hint.unwrap_or_else(|| {
                    t(
                        "add the commune first (minhbach new commune), or correct the id",
                        "thêm xã trước (minhbach new commune), hoặc sửa lại mã",
                    )
                }));
                continue;
            };
            if let Some(first) = seen.insert(id.clone(), r) {
                self.error(
                    r,
                    id_col,
                    t(
                        format!(
                            "the commune `{id}` has a second row (the first is row {})",
                            first + 1
                        ),
                        format!("xã `{id}` có hàng thứ hai (hàng đầu là hàng {})", first + 1),
                    ),
                )
                .help = Some(t(
                    "keep one row per commune: merge the two and delete one",
                    "mỗi xã một hàng: gộp số liệu hai hàng rồi xóa một hàng",
                ));
                continue;
            }
            let doc = self.read_row(r, columns, commune, meta);
            out.push(Row {
                index: r,
                commune,
                doc,
            });
        }
        out
    }

    /// One commune's figures, notes and source; `None` when it gives no figure.
    fn read_row(
        &mut self,
        r: usize,
        columns: &[(usize, Column)],
        commune: &Commune,
        meta: &Meta,
    ) -> Option<PeriodDoc> {
        let mut values: Vec<(String, Figure)> = Vec::new();
        let mut source = Source::default();
        let mut notes: HashMap<usize, String> = HashMap::new();
        let width = self.grid.rows[r].len();
        for col in 0..width {
            let cell = self.grid.get(r, col);
            if *cell == Cell::Empty {
                continue;
            }
            let Some((_, column)) = columns.iter().find(|(c, _)| *c == col) else {
                self.error(
                    r,
                    col,
                    t(
                        format!(
                            "{}: this cell has something but its column has no key",
                            commune.info.name
                        ),
                        format!(
                            "{}: ô này có nội dung nhưng cột của nó không có mã",
                            commune.info.name
                        ),
                    ),
                )
                .help = Some(t(
                    "were the figures pasted one column too far? Each figure goes under its indicator's name",
                    "có phải số liệu bị dán lệch một cột? Mỗi số phải nằm dưới tên chỉ tiêu của nó",
                ));
                continue;
            };
            match column {
                Column::CommuneId => {}
                Column::CommuneName => self.check_name(r, col, commune),
                Column::Note(i) => {
                    notes.insert(*i, text_of(cell));
                }
                Column::Value(i) => {
                    if let Some(v) = self.figure(r, col, *i, commune) {
                        values.push((
                            self.site.indicators[*i].id.as_str().to_string(),
                            Figure {
                                value: v,
                                note: None,
                            },
                        ));
                    }
                }
                Column::Source(f) => self.source_field(r, col, *f, &mut source),
            }
        }
        // Notes join their figure; a note without a figure says why it is missing.
        for (i, note) in notes {
            let id = self.site.indicators[i].id.as_str();
            match values.iter_mut().find(|(k, _)| k == id) {
                Some((_, f)) => f.note = Some(note),
                None => values.push((
                    id.to_string(),
                    Figure {
                        value: Value::Null,
                        note: Some(note),
                    },
                )),
            }
        }
        if values.is_empty() {
            return None;
        }
        let order = layout::indicator_order(&self.site.groups, &self.site.indicators);
        values.sort_by_key(|(k, _)| {
            order
                .iter()
                .position(|i| self.site.indicators[*i].id.as_str() == k)
        });
        if source.title.trim().is_empty() {
            let col = columns
                .iter()
                .find(|(_, c)| *c == Column::Source(SourceField::Title))
                .map_or(0, |(c, _)| *c);
            let d = self.error(
                r,
                col,
                t(
                    format!(
                        "{}: the row has figures but no report title",
                        commune.info.name
                    ),
                    format!(
                        "{}: hàng có số liệu nhưng chưa có tên báo cáo",
                        commune.info.name
                    ),
                ),
            );
            d.expected = Some(t(
                "the title of the commune's report the figures come from",
                "tên báo cáo của xã mà số liệu lấy từ đó",
            ));
        }
        Some(PeriodDoc {
            start: meta.start,
            end: meta.end,
            kind: meta.kind,
            label: meta.label.clone(),
            source,
            values,
        })
    }

    /// The name beside the id must be that commune's: a different one means shifted rows.
    fn check_name(&mut self, r: usize, col: usize, commune: &Commune) {
        let name = text_of(self.grid.get(r, col));
        if name.trim() == commune.info.name.trim() {
            return;
        }
        let d = self.error(
            r,
            col,
            t(
                format!(
                    "the name `{name}` is not the name of commune `{}` ({})",
                    commune.info.id.as_str(),
                    commune.info.name
                ),
                format!(
                    "tên `{name}` không phải tên của xã mã `{}` ({})",
                    commune.info.id.as_str(),
                    commune.info.name
                ),
            ),
        );
        d.help = Some(t(
            "were rows sorted or moved without their ids? Copy the rows again from a new template",
            "có phải các hàng đã bị sắp xếp hay di chuyển mà không kèm mã xã? Hãy chép lại từ một mẫu mới",
        ));
    }

    fn source_field(&mut self, r: usize, col: usize, field: SourceField, source: &mut Source) {
        let cell = self.grid.get(r, col);
        match field {
            SourceField::Title => source.title = text_of(cell),
            SourceField::IssuedBy => source.issued_by = Some(text_of(cell)),
            SourceField::Report => source.report = Some(text_of(cell)),
            SourceField::Date => match date_of(cell) {
                Ok(d) => source.date = Some(d),
                Err((found, help)) => {
                    let d = self.error(
                        r,
                        col,
                        t(
                            "the report date is not a date",
                            "ngày báo cáo không phải là ngày",
                        ),
                    );
                    d.found = Some(found);
                    d.expected = Some(t("a date such as 2026-01-19", "một ngày như 2026-01-19"));
                    d.help = Some(help);
                }
            },
        }
    }

    /// One figure cell, read by its indicator's unit.
    fn figure(&mut self, r: usize, col: usize, i: usize, commune: &Commune) -> Option<Value> {
        let ind = &self.site.indicators[i];
        match read_figure(self.grid.get(r, col), ind.unit) {
            Ok(v) => Some(v),
            Err(p) => {
                let d = self.error(
                    r,
                    col,
                    t(
                        format!(
                            "{}, {}: {}",
                            commune.info.name,
                            ind.name.get("en"),
                            p.message.en
                        ),
                        format!(
                            "{}, {}: {}",
                            commune.info.name,
                            ind.name.get("vi"),
                            p.message.vi
                        ),
                    ),
                );
                d.found = Some(p.found);
                d.expected = Some(p.expected);
                d.help = p.help;
                None
            }
        }
    }
}

/// What is wrong with one figure cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellProblem {
    /// What is wrong.
    pub message: Text,
    /// What the cell holds.
    pub found: Text,
    /// What it should hold.
    pub expected: Text,
    /// The fix, with the figure written right when it can be worked out.
    pub help: Option<Text>,
}

/// A figure cell as a value of `unit`; text that only looks like a number in Vietnamese
/// writing is never reinterpreted, it is an error with the right way to type it.
pub fn read_figure(cell: &Cell, unit: Unit) -> Result<Value, CellProblem> {
    let expected = expected_for(unit);
    match (cell, unit) {
        (Cell::Number(x), Unit::Yesno) => Err(CellProblem {
            message: t(
                "a yes/no figure holds a number",
                "chỉ tiêu Có/Không lại chứa một số",
            ),
            found: crate::format::plain(*x).into(),
            expected,
            help: Some(t("choose Yes or No", "chọn Có hoặc Không")),
        }),
        (Cell::Number(x), _) => Ok(Value::Number(*x)),
        (Cell::Bool(b), Unit::Yesno) => Ok(Value::Bool(*b)),
        (Cell::Text(s), Unit::Yesno) => {
            layout::parse_yes_no(s).map(Value::Bool).ok_or(CellProblem {
                message: t("not a yes or no", "không phải Có hay Không"),
                found: format!("\"{s}\"").into(),
                expected,
                help: Some(t("choose Yes or No", "chọn Có hoặc Không")),
            })
        }
        (Cell::Text(s), _) => number_text(s.trim(), unit).map(Value::Number),
        (Cell::Error(e), _) => Err(CellProblem {
            message: t("the cell holds a formula error", "ô chứa lỗi công thức"),
            found: e.clone().into(),
            expected,
            help: Some(t(
                "correct the formula, or type the figure itself",
                "sửa công thức, hoặc gõ thẳng con số",
            )),
        }),
        (Cell::Date(d), _) => Err(CellProblem {
            message: t("the cell holds a date", "ô chứa một ngày tháng"),
            found: d.to_string().into(),
            expected,
            help: Some(t(
                "the spreadsheet turned the figure into a date: set the cell's format to Number and type it again",
                "bảng tính đã đổi con số thành ngày: đặt định dạng ô là Số rồi gõ lại",
            )),
        }),
        (other, _) => Err(CellProblem {
            message: t("not a figure", "không phải con số"),
            found: format!("{other:?}").into(),
            expected,
            help: None,
        }),
    }
}

/// What a figure cell should hold. Not `validate::values`' wording on purpose: a sheet is typed
/// in the spreadsheet's own way (97,6 in a Vietnamese Excel; Có/Không from the list), a period
/// file in YAML (97.6; true/false).
fn expected_for(unit: Unit) -> Text {
    match unit {
        Unit::Count => t(
            "a whole number ≥ 0, e.g. 14722",
            "một số nguyên ≥ 0, ví dụ 14722",
        ),
        Unit::Vnd => t(
            "whole đồng, e.g. 200000000",
            "số đồng nguyên, ví dụ 200000000",
        ),
        Unit::Percent => t(
            "a percentage 0–100, e.g. 97.6",
            "phần trăm 0–100, ví dụ 97,6",
        ),
        Unit::Yesno => t("Yes or No", "Có hoặc Không"),
    }
}

/// Text in a figure cell: a plain number (as a CSV holds it) passes; anything written the
/// Vietnamese way is an error whose help gives the figure to type.
fn number_text(s: &str, unit: Unit) -> Result<f64, CellProblem> {
    let whole = matches!(unit, Unit::Count | Unit::Vnd);
    let thousands = is_grouped(s, '.');
    if !(whole && thousands)
        && let Some(x) = plain_number(s)
    {
        return Ok(x);
    }
    let fix = suggest(s, unit);
    let help = match &fix {
        Some(x) => t(
            format!("type {x} as a number, without dots, commas, % or words"),
            format!(
                "gõ {} dưới dạng số, không có dấu chấm, dấu phẩy, % hay chữ",
                x.replace('.', ",")
            ),
        ),
        None => t(
            "type the figure as a number; say anything else in the note column beside it",
            "gõ con số dưới dạng số; điều cần giải thích ghi vào cột ghi chú bên cạnh",
        ),
    };
    Err(CellProblem {
        message: t(
            "the cell holds text, not a number",
            "ô chứa chữ, không phải con số",
        ),
        found: format!("\"{s}\"").into(),
        expected: expected_for(unit),
        help: Some(help),
    })
}

/// `14722`, `-3`, `97.6`: digits with at most one dot.
fn plain_number(s: &str) -> Option<f64> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut parts = body.split('.');
    let int = parts.next()?;
    let frac = parts.next();
    if parts.next().is_some() || int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    s.parse().ok()
}

/// `14.722` or `1.274.000`: groups of three after the first, separated by `sep`.
fn is_grouped(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The figure a Vietnamese-written text most likely means: `14.722` → 14722, `97,6%` → 97.6,
/// `0,2 tỷ` → 200000000.
fn suggest(s: &str, unit: Unit) -> Option<String> {
    let lower = s.to_lowercase();
    let (number, factor) = [
        ("tỷ", 1e9),
        ("ty", 1e9),
        ("triệu", 1e6),
        ("trieu", 1e6),
        ("nghìn", 1e3),
        ("ngàn", 1e3),
    ]
    .iter()
    .find_map(|(w, f)| lower.strip_suffix(w).map(|n| (n.to_string(), *f)))
    .unwrap_or((lower.clone(), 1.0));
    let number = number
        .trim()
        .trim_end_matches("đồng")
        .trim_end_matches('%')
        .trim()
        .replace(' ', "");
    let value = if is_grouped(&number, '.') {
        number.replace('.', "").parse::<f64>().ok()?
    } else if is_grouped(&number, ',') && matches!(unit, Unit::Count | Unit::Vnd) {
        number.replace(',', "").parse::<f64>().ok()?
    } else {
        number.replace(',', ".").parse::<f64>().ok()?
    };
    let value = value * factor;
    if !value.is_finite() {
        return None;
    }
    Some(crate::format::plain((value * 1e6).round() / 1e6))
}

/// A date cell, or ISO text; other text is an error with the way to type it (and, when the
/// text reads as day/month/year, the date it most likely means).
fn date_of(cell: &Cell) -> Result<NaiveDate, (Text, Text)> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Text(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            let found: Text = format!("\"{s}\"").into();
            let help = match NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y") {
                Ok(d) => t(
                    format!("if it means {}, type {d} (year-month-day) or enter it as a date cell: text such as {s} can be read two ways", crate::format::date(d, "en")),
                    format!("nếu là ngày {}, hãy gõ {d} (năm-tháng-ngày) hoặc nhập dạng ô ngày tháng: chữ như {s} có thể hiểu theo hai cách", crate::format::date(d, "vi")),
                ),
                Err(_) => t(
                    "type the date as 2026-01-19 (year-month-day), or enter it as a date cell",
                    "gõ ngày dạng 2026-01-19 (năm-tháng-ngày), hoặc nhập dạng ô ngày tháng",
                ),
            };
            (found, help)
        }),
        other => Err((
            format!("{other:?}").into(),
            t("type the date as 2026-01-19", "gõ ngày dạng 2026-01-19"),
        )),
    }
}

/// A cell as text: text trimmed, a number as written plainly.
fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_string(),
        Cell::Number(x) => crate::format::plain(*x),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Error(e) => e.clone(),
    }
}

/// Communes of the province without a row that gives figures, in the province's order.
fn not_reported(province: &Province, rows: &[Row]) -> Vec<(String, String)> {
    province
        .communes
        .iter()
        .filter(|c| {
            !rows
                .iter()
                .any(|r| r.doc.is_some() && r.commune.info.id == c.info.id)
        })
        .map(|c| (c.info.id.as_str().to_string(), c.info.name.clone()))
        .collect()
}

/// The file a reported row gives: new, unchanged, replaced — or a problem when it would
/// overwrite different figures without `--replace`.
fn plan_file(
    content: &Path,
    sheet: &SheetRows,
    row: &Row,
    file: &Path,
    options: Options,
    problems: &mut Diagnostics,
) -> Option<Planned> {
    let doc = row.doc.as_ref()?;
    let path = content
        .join("communes")
        .join(sheet.province.info.id.as_str())
        .join(row.commune.info.id.as_str())
        .join("data")
        .join(format!("{}.yaml", sheet.period_id));
    let name = row.commune.info.name.clone();
    let comment = format!(
        "{} — imported from {} / nhập từ bảng tính",
        name,
        file.file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default()
    );
    let Ok(existing) = std::fs::read_to_string(&path) else {
        return Some(Planned {
            path,
            commune: name,
            text: period_file::render(doc, &comment),
            status: Status::New,
        });
    };
    let old = period_file::read(&existing);
    let changed = match &old {
        Some(old) => period_file::changes(old, doc),
        None => vec![Change {
            key: "*".into(),
            old: Some(
                t(
                    "(a file this import cannot read)",
                    "(tệp mà lệnh import không đọc được)",
                )
                .en,
            ),
            new: None,
        }],
    };
    if changed.is_empty() {
        return Some(Planned {
            path,
            commune: name,
            text: existing,
            status: Status::Unchanged,
        });
    }
    if !options.replace {
        let list: Vec<String> = changed.iter().map(describe_change).collect();
        problems.push(
            Diagnostic::error(
                &path,
                t(
                    format!("{name}: this period file already exists with different figures"),
                    format!("{name}: tệp kỳ báo cáo này đã có, với số liệu khác"),
                ),
            )
            .found(list.join("; "))
            .help(t(
                "check the changes; to overwrite, run the import again with --replace",
                "kiểm tra các thay đổi; muốn ghi đè thì chạy lại lệnh import với --replace",
            )),
        );
        return None;
    }
    Some(Planned {
        path,
        commune: name,
        text: period_file::update(&existing, doc),
        status: Status::Replaced(changed),
    })
}

/// `values.x: 960 → 961`.
pub fn describe_change(c: &Change) -> String {
    format!(
        "{}: {} → {}",
        c.key,
        c.old.as_deref().unwrap_or("∅"),
        c.new.as_deref().unwrap_or("∅")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn plain_numbers_in_text_pass() {
        assert_eq!(
            read_figure(&text("14722"), Unit::Count),
            Ok(Value::Number(14722.0))
        );
        assert_eq!(
            read_figure(&text("97.6"), Unit::Percent),
            Ok(Value::Number(97.6))
        );
        assert_eq!(read_figure(&text("Có"), Unit::Yesno), Ok(Value::Bool(true)));
    }

    #[test]
    fn vietnamese_writing_is_an_error_with_the_figure_to_type() {
        let help = |s: &str, unit| read_figure(&text(s), unit).unwrap_err().help.unwrap().en;
        assert_eq!(
            help("14.722", Unit::Count),
            "type 14722 as a number, without dots, commas, % or words"
        );
        assert!(help("97,6%", Unit::Percent).starts_with("type 97.6 "));
        assert!(help("0,2 tỷ", Unit::Vnd).starts_with("type 200000000 "));
        assert!(help("1.274 triệu", Unit::Vnd).starts_with("type 1274000000 "));
        assert!(
            read_figure(&text("abc"), Unit::Count)
                .unwrap_err()
                .help
                .unwrap()
                .en
                .starts_with("type the figure")
        );
    }

    #[test]
    fn error_and_date_cells_are_errors() {
        assert!(read_figure(&Cell::Error("#DIV/0!".into()), Unit::Count).is_err());
        let d = NaiveDate::from_ymd_opt(2026, 1, 3).unwrap();
        assert!(read_figure(&Cell::Date(d), Unit::Count).is_err());
        assert!(read_figure(&Cell::Number(1.0), Unit::Yesno).is_err());
    }
}
