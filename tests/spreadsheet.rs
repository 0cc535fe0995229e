//! `minhbach template` and `minhbach import`: the spreadsheet a province's office fills.
//! Sheets are filled here as an office would — cell by cell in the workbook — and written back
//! with rust_xlsxwriter; the importer must give the period files an editor would write.

mod common;

use calamine::{Data, Reader};
use chrono::{Datelike, NaiveDate};
use common::{copy_dir, files, root, run, text};
use minhbach::spreadsheet::layout;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One cell as a test writes it.
#[derive(Debug, Clone, PartialEq)]
enum C {
    Num(f64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    /// A formula and its cached result.
    Formula(String, String),
}

/// A data sheet: its cells by (row, column), 0-based, and merged ranges.
#[derive(Debug, Clone, Default)]
struct Sheet {
    name: String,
    cells: BTreeMap<(u32, u16), C>,
    merged: Vec<(u32, u16, u32, u16)>,
}

impl Sheet {
    /// Reads the sheet of figures of a workbook.
    fn read(path: &Path) -> Sheet {
        let mut book = calamine::open_workbook_auto(path).unwrap();
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap();
        let mut cells = BTreeMap::new();
        for (r, row) in range.rows().enumerate() {
            for (c, d) in row.iter().enumerate() {
                let cell = match d {
                    Data::Empty => continue,
                    Data::String(s) if s.is_empty() => continue,
                    Data::String(s) => C::Text(s.clone()),
                    Data::Float(f) => C::Num(*f),
                    Data::Int(i) => C::Num(*i as f64),
                    Data::Bool(b) => C::Bool(*b),
                    Data::DateTime(dt) => C::Date(dt.as_datetime().unwrap().date()),
                    other => panic!("unexpected cell in a template: {other:?}"),
                };
                cells.insert((r0 + r as u32, (c0 as usize + c) as u16), cell);
            }
        }
        Sheet {
            name,
            cells,
            merged: vec![],
        }
    }

    /// Writes the sheet (and an instructions sheet) as a new workbook.
    fn write(&self, path: &Path) {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(&self.name).unwrap();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (&(r, c), cell) in &self.cells {
            if self.merged.iter().any(|m| m.0 == r && m.1 == c) {
                continue;
            }
            match cell {
                C::Num(x) => sheet.write_number(r, c, *x).map(|_| ()),
                C::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                C::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
                C::Date(d) => {
                    let dt = ExcelDateTime::from_ymd(
                        d.year_ce().1 as u16,
                        d.month0() as u8 + 1,
                        d.day0() as u8 + 1,
                    )
                    .unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date)
                        .map(|_| ())
                }
                C::Formula(f, result) => sheet
                    .write_formula(r, c, Formula::new(f).set_result(result))
                    .map(|_| ()),
            }
            .unwrap();
        }
        for &(r0, c0, r1, c1) in &self.merged {
            let text = match self.cells.get(&(r0, c0)) {
                Some(C::Text(s)) => s.clone(),
                Some(C::Num(x)) => x.to_string(),
                _ => String::new(),
            };
            sheet
                .merge_range(r0, c0, r1, c1, &text, &Format::new())
                .unwrap();
        }
        book.add_worksheet().set_name("Hướng dẫn").unwrap();
        book.save(path).unwrap();
    }

    /// Column of each key of the key row.
    fn keys(&self) -> HashMap<String, u16> {
        self.cells
            .iter()
            .filter(|((r, _), _)| *r == layout::KEY_ROW)
            .filter_map(|((_, c), v)| match v {
                C::Text(s) => Some((s.clone(), *c)),
                _ => None,
            })
            .collect()
    }

    /// The row of a commune id.
    fn row_of(&self, commune: &str) -> u32 {
        self.cells
            .iter()
            .find(|((r, c), v)| {
                *c == 0 && *r >= layout::FIRST_DATA_ROW && **v == C::Text(commune.into())
            })
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("no row for {commune}"))
    }

    /// Sets the cell of `key` in `commune`'s row.
    fn set(&mut self, commune: &str, key: &str, cell: C) {
        let r = self.row_of(commune);
        let c = *self
            .keys()
            .get(key)
            .unwrap_or_else(|| panic!("no column {key}"));
        self.cells.insert((r, c), cell);
    }

    /// Sets the value right of the meta key `key`.
    fn set_meta(&mut self, key: &str, value: &str) {
        let c = self
            .cells
            .iter()
            .find(|((r, _), v)| *r == layout::META_ROW && **v == C::Text(key.into()))
            .map(|((_, c), _)| *c)
            .unwrap_or_else(|| panic!("no meta {key}"));
        self.cells
            .insert((layout::META_ROW, c + 1), C::Text(value.into()));
    }

    /// The address of `key` in `commune`'s row, as messages give it.
    fn address(&self, commune: &str, key: &str) -> String {
        let r = self.row_of(commune);
        let c = self.keys()[key];
        layout::cell_address(&self.name, r, c)
    }
}

/// Runs `minhbach` (English messages) and returns (success, stdout, stderr).
fn minhbach(args: &[&str]) -> (bool, String, String) {
    let o = run(&root(), args, &[]);
    let (out, err) = text(&o);
    (o.status.success(), out, err)
}

/// Makes the template of `province` for a period, returns its path.
fn template(content: &Path, dir: &Path, province: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(format!(
        "{province}-{}.xlsx",
        extra.join("_").replace(['-', ' '], "")
    ));
    // The office's sheet is in Vietnamese, whatever language the messages are in.
    let mut args = vec![
        "--lang",
        "vi",
        "template",
        "--content",
        content.to_str().unwrap(),
        "--province",
        province,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (ok, stdout, stderr) = minhbach(&args);
    assert!(ok, "template failed:\n{stdout}\n{stderr}");
    out
}

fn import(content: &Path, sheet: &Path, extra: &[&str]) -> (bool, String, String) {
    let mut args = vec![
        "import",
        sheet.to_str().unwrap(),
        "--content",
        content.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    minhbach(&args)
}

/// A period file of the bundled site, read as the test fills it in.
struct Bundled {
    province: String,
    commune: String,
    id: String,
    yaml: serde_yaml::Value,
}

fn bundled_periods(content: &Path) -> Vec<Bundled> {
    files(&content.join("communes"))
        .into_iter()
        .filter(|(rel, _)| rel.contains("/data/"))
        .map(|(rel, bytes)| {
            let parts: Vec<&str> = rel.split('/').collect();
            Bundled {
                province: parts[0].into(),
                commune: parts[1].into(),
                id: parts[3].trim_end_matches(".yaml").into(),
                yaml: serde_yaml::from_slice(&bytes).unwrap(),
            }
        })
        .collect()
}

fn date(v: &serde_yaml::Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

/// Writes a bundled period's figures, notes, label and source into the template's cells.
fn fill(sheet: &mut Sheet, p: &Bundled) {
    let y = &p.yaml;
    if let Some(label) = y["period"]["label"].as_mapping() {
        for (lang, text) in label {
            sheet.set_meta(
                &format!("label.{}", lang.as_str().unwrap()),
                text.as_str().unwrap(),
            );
        }
    }
    let s = &y["source"];
    let c = &p.commune;
    sheet.set(
        c,
        "source.title",
        C::Text(s["title"].as_str().unwrap().into()),
    );
    if let Some(by) = s["issued_by"].as_str() {
        sheet.set(c, "source.issued_by", C::Text(by.into()));
    }
    if !s["date"].is_null() {
        sheet.set(c, "source.date", C::Date(date(&s["date"])));
    }
    if let Some(r) = s["report"].as_str() {
        sheet.set(c, "source.report", C::Text(r.into()));
    }
    for (k, v) in y["values"].as_mapping().unwrap() {
        let k = k.as_str().unwrap();
        let (value, note) = match v.as_mapping() {
            Some(m) => (
                m.get("value").cloned().unwrap_or_default(),
                m.get("note").and_then(|n| n.as_str()),
            ),
            None => (v.clone(), None),
        };
        match value {
            serde_yaml::Value::Number(n) => sheet.set(c, k, C::Num(n.as_f64().unwrap())),
            serde_yaml::Value::Bool(b) => {
                sheet.set(c, k, C::Text(if b { "Có" } else { "Không" }.into()))
            }
            serde_yaml::Value::Null => {}
            other => panic!("{k}: {other:?}"),
        }
        if let Some(note) = note {
            sheet.set(c, &format!("{k}.note"), C::Text(note.into()));
        }
    }
}

/// Every bundled period goes through a template filled cell by cell and `import` into a copy
/// without period files: the site built from it is byte for byte the bundled site.
#[test]
fn the_bundled_figures_round_trip_through_the_template_to_the_same_site() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("content");
    copy_dir(&root().join("content"), &empty);
    let periods = bundled_periods(&root().join("content"));
    assert_eq!(periods.len(), 9, "the bundled site's period files");
    for p in &periods {
        std::fs::remove_file(empty.join(format!(
            "communes/{}/{}/data/{}.yaml",
            p.province, p.commune, p.id
        )))
        .unwrap();
    }
    for p in &periods {
        let y = &p.yaml["period"];
        let (start, end) = (y["start"].as_str().unwrap(), y["end"].as_str().unwrap());
        let mut extra = vec!["--start", start, "--end", end, "--id", &p.id];
        if y["kind"].as_str() == Some("cumulative") {
            extra.push("--cumulative");
        }
        let path = template(&empty, dir.path(), &p.province, &extra);
        let mut sheet = Sheet::read(&path);
        fill(&mut sheet, p);
        let filled = dir
            .path()
            .join(format!("{}-{}-filled.xlsx", p.province, p.id));
        sheet.write(&filled);
        let (ok, stdout, stderr) = import(&empty, &filled, &[]);
        assert!(ok, "{}: import failed:\n{stdout}\n{stderr}", p.id);
        assert!(stdout.contains("new"), "{stdout}");
    }
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    common::build_ok(&root().join("content"), &a);
    common::build_ok(&empty, &b);
    let (fa, fb) = (files(&a), files(&b));
    let differ: Vec<&String> = fa
        .keys()
        .chain(fb.keys())
        .filter(|k| fa.get(*k) != fb.get(*k))
        .collect();
    assert!(fa.len() > 100);
    assert!(
        differ.is_empty(),
        "{} files differ, e.g. {:?}",
        differ.len(),
        &differ[..differ.len().min(10)]
    );
}

/// A copy of the bundled site, a template of Nghệ An for one month, and Diễn Châu's row with a
/// report title and two figures: a valid sheet the malformed cases start from.
fn base(dir: &Path) -> (PathBuf, Sheet) {
    let content = dir.join("content");
    copy_dir(&root().join("content"), &content);
    let path = template(
        &content,
        dir,
        "nghe-an",
        &["--start", "2026-02-01", "--end", "2026-02-28"],
    );
    let mut sheet = Sheet::read(&path);
    sheet.set(
        "dien-chau",
        "source.title",
        C::Text("Báo cáo tháng 02/2026".into()),
    );
    sheet.set("dien-chau", "dossiers_received", C::Num(1000.0));
    sheet.set("dien-chau", "dossiers_online", C::Num(950.0));
    (content, sheet)
}

/// Each malformed sheet: a name, the damage, and what the error must say (`{cell}` is the
/// address of the damaged figure when the case names one).
type Damage = fn(&mut Sheet);

fn cases() -> Vec<(&'static str, Damage, Vec<&'static str>)> {
    vec![
        (
            "text with thousands dots",
            |s| s.set("dien-chau", "dossiers_received", C::Text("14.722".into())),
            vec![
                "'Số liệu'!",
                "the cell holds text, not a number",
                "type 14722 as a number",
            ],
        ),
        (
            "percent written the Vietnamese way",
            |s| s.set("dien-chau", "dossiers_online_rate", C::Text("97,6%".into())),
            vec!["type 97.6 as a number"],
        ),
        (
            "money in words",
            |s| s.set("dien-chau", "budget_allocated", C::Text("0,2 tỷ".into())),
            vec!["type 200000000 as a number"],
        ),
        (
            "words in a count",
            |s| s.set("dien-chau", "plans_issued", C::Text("ba kế hoạch".into())),
            vec!["the cell holds text", "note column"],
        ),
        (
            "figures pasted one column too far",
            |s| {
                let width = s.keys().values().copied().max().unwrap();
                let r = s.row_of("dien-chau");
                s.cells.insert((r, width + 1), C::Num(5.0));
            },
            vec!["its column has no key", "pasted one column too far"],
        ),
        (
            "an unknown commune",
            |s| {
                let r = s.row_of("dien-chau");
                s.cells.insert((r, 0), C::Text("dien-chao".into()));
            },
            vec![
                "there is no commune `dien-chao` in Nghệ An",
                "did you mean `dien-chau`?",
            ],
        ),
        (
            "the id column's key removed",
            |s| {
                s.cells.remove(&(layout::KEY_ROW, 0));
            },
            vec!["no sheet here has the row of column keys (a first cell `commune_id`)"],
        ),
        (
            "a commune twice",
            |s| {
                let r = s.row_of("dien-chau");
                let row: Vec<((u32, u16), C)> = s
                    .cells
                    .iter()
                    .filter(|((rr, _), _)| *rr == r)
                    .map(|(k, v)| (*k, v.clone()))
                    .collect();
                for ((_, c), v) in row {
                    s.cells.insert((r + 1, c), v);
                }
            },
            vec!["has a second row (the first is row 7)"],
        ),
        (
            "a formula error",
            |s| {
                s.set(
                    "dien-chau",
                    "dossiers_resolved",
                    C::Formula("=1/0".into(), "#DIV/0!".into()),
                )
            },
            vec!["formula error", "#DIV/0!"],
        ),
        (
            "merged cells",
            |s| {
                let r = s.row_of("dien-chau");
                let c = s.keys()["dossiers_received"];
                s.merged.push((r, c, r, c + 2));
            },
            vec!["are merged", "unmerge"],
        ),
        (
            "a date typed as text",
            |s| s.set("dien-chau", "source.date", C::Text("28/02/2026".into())),
            vec![
                "the report date is not a date",
                "if it means 28 Feb 2026, type 2026-02-28",
            ],
        ),
        (
            "a date in a count",
            |s| {
                s.set(
                    "dien-chau",
                    "plans_issued",
                    C::Date(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
                )
            },
            vec!["the cell holds a date"],
        ),
        (
            "a number in a yes/no",
            |s| s.set("dien-chau", "security_level_approved", C::Num(1.0)),
            vec!["a yes/no figure holds a number"],
        ),
        (
            "a yes/no in words",
            |s| {
                s.set(
                    "dien-chau",
                    "security_level_approved",
                    C::Text("Có lẽ".into()),
                )
            },
            vec!["not a yes or no"],
        ),
        (
            "a percentage over 100",
            |s| s.set("dien-chau", "digitization_rate", C::Num(120.0)),
            vec!["Diễn Châu, Dossier digitisation rate", "between 0 and 100"],
        ),
        (
            "a negative count",
            |s| s.set("dien-chau", "plans_issued", C::Num(-3.0)),
            vec!["-3"],
        ),
        (
            "figures without a report title",
            |s| {
                let r = s.row_of("dien-chau");
                let c = s.keys()["source.title"];
                s.cells.remove(&(r, c));
            },
            vec!["the row has figures but no report title"],
        ),
        (
            "rows moved without their ids",
            |s| s.set("dien-chau", "commune_name", C::Text("Quỳnh Lưu".into())),
            vec![
                "the name `Quỳnh Lưu` is not the name of commune `dien-chau`",
                "sorted or moved",
            ],
        ),
        (
            "a misspelt column key",
            |s| {
                let c = s.keys()["dossiers_received"];
                s.cells
                    .insert((layout::KEY_ROW, c), C::Text("dossiers_recieved".into()));
            },
            vec![
                "the column key `dossiers_recieved` is not an indicator",
                "did you mean `dossiers_received`?",
            ],
        ),
        (
            "another province's id",
            |s| s.set_meta("province", "nghe-anh"),
            vec![
                "the province `nghe-anh` is not a province of this site",
                "did you mean `nghe-an`?",
            ],
        ),
        (
            "the period's start as text",
            |s| s.set_meta("start", "01/02/2026"),
            vec!["`start` is not a date"],
        ),
    ]
}

/// Twenty-one malformed sheets: each gives an error naming the cell, and nothing is written.
#[test]
fn malformed_sheets_name_the_cell_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (content, good) = base(dir.path());
    let before = files(&content);
    let mut failures = Vec::new();
    for (i, (name, damage, expected)) in cases().into_iter().enumerate() {
        let mut sheet = good.clone();
        damage(&mut sheet);
        let path = dir.path().join(format!("case-{i}.xlsx"));
        sheet.write(&path);
        let (ok, stdout, stderr) = import(&content, &path, &[]);
        let all = format!("{stdout}{stderr}");
        if ok || !all.contains("nothing was written") {
            failures.push(format!("{name}: the import did not fail:\n{all}"));
            continue;
        }
        if !all.contains("'Số liệu'!") && !name.contains("key removed") {
            failures.push(format!("{name}: no cell named:\n{all}"));
        }
        for e in expected {
            if !all.contains(e) {
                failures.push(format!("{name}: missing {e:?} in:\n{all}"));
            }
        }
        assert_eq!(files(&content), before, "{name}: the content changed");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The damaged cell is named exactly, with the commune and the indicator by name.
#[test]
fn an_error_names_the_cell_the_commune_and_the_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let (content, mut sheet) = base(dir.path());
    sheet.set("dien-chau", "dossiers_received", C::Text("14.722".into()));
    let cell = sheet.address("dien-chau", "dossiers_received");
    let path = dir.path().join("bad.xlsx");
    sheet.write(&path);
    let (ok, _, stderr) = import(&content, &path, &[]);
    assert!(!ok);
    assert!(stderr.contains(&format!("key: {cell}")), "{stderr}");
    assert!(
        stderr.contains("Diễn Châu, New dossiers received"),
        "{stderr}"
    );
    assert!(stderr.contains("found: \"14.722\""), "{stderr}");
    let vi = run(
        &root(),
        &[
            "--lang",
            "vi",
            "import",
            path.to_str().unwrap(),
            "--content",
            content.to_str().unwrap(),
        ],
        &[],
    );
    let (_, err) = text(&vi);
    assert!(err.contains("ô chứa chữ, không phải con số"), "{err}");
    assert!(err.contains("gõ 14722 dưới dạng số"), "{err}");
    assert!(err.contains("chưa ghi tệp nào"), "{err}");
}

/// A CSV in an old Vietnamese encoding is refused with the way to save it as UTF-8.
#[test]
fn a_csv_in_windows_1258_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (content, sheet) = base(dir.path());
    let csv = to_csv(&sheet);
    // Letters Windows-1258 writes with a combining tone mark come out as character
    // references; the file is in the old encoding all the same.
    let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&csv);
    assert!(std::str::from_utf8(&bytes).is_err());
    let path = dir.path().join("old.csv");
    std::fs::write(&path, &bytes).unwrap();
    let (ok, _, stderr) = import(&content, &path, &[]);
    assert!(!ok);
    assert!(stderr.contains("this CSV is not in UTF-8"), "{stderr}");
    assert!(stderr.contains("CSV UTF-8"), "{stderr}");
}

/// The sheet as an online spreadsheet exports it: every cell as text, dates as 2026-02-28.
fn to_csv(sheet: &Sheet) -> String {
    let rows = sheet.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let cols = sheet.cells.keys().map(|(_, c)| *c).max().unwrap_or(0);
    let mut out = csv::Writer::from_writer(Vec::new());
    for r in 0..=rows {
        let record: Vec<String> = (0..=cols)
            .map(|c| match sheet.cells.get(&(r, c)) {
                None => String::new(),
                Some(C::Num(x)) => minhbach::format::plain(*x),
                Some(C::Text(s)) => s.clone(),
                Some(C::Bool(b)) => b.to_string(),
                Some(C::Date(d)) => d.to_string(),
                Some(C::Formula(_, v)) => v.clone(),
            })
            .collect();
        out.write_record(&record).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

/// The CSV export of a sheet imports to the same file as the workbook; `--dry-run` writes
/// nothing; an empty row is "not reported", never zero.
#[test]
fn a_csv_export_imports_like_the_workbook_and_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (content, mut sheet) = base(dir.path());
    sheet.set(
        "dien-chau",
        "dossiers_online.note",
        C::Text("qua Cổng dịch vụ công".into()),
    );
    sheet.set(
        "dien-chau",
        "source.date",
        C::Date(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
    );
    let xlsx = dir.path().join("feb.xlsx");
    sheet.write(&xlsx);
    let csv = dir.path().join("feb.csv");
    std::fs::write(&csv, format!("\u{feff}{}", to_csv(&sheet))).unwrap();
    let target = content.join("communes/nghe-an/dien-chau/data/2026-02-01_2026-02-28.yaml");

    let before = files(&content);
    let (ok, stdout, stderr) = import(&content, &xlsx, &["--dry-run"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("dry run: 1 file(s) would be written"),
        "{stdout}"
    );
    assert_eq!(files(&content), before, "--dry-run wrote something");

    let (ok, stdout, stderr) = import(&content, &xlsx, &[]);
    assert!(ok, "{stdout}{stderr}");
    let from_xlsx = std::fs::read_to_string(&target).unwrap();
    assert!(
        from_xlsx.contains("  dossiers_received: 1000\n"),
        "{from_xlsx}"
    );
    assert!(
        from_xlsx.contains("  dossiers_online: {value: 950, note: \"qua Cổng dịch vụ công\"}\n"),
        "{from_xlsx}"
    );
    assert!(from_xlsx.contains("  date: 2026-03-02\n"), "{from_xlsx}");
    assert!(
        !from_xlsx.contains("plans_issued"),
        "an empty cell must not become a figure"
    );
    std::fs::remove_file(&target).unwrap();

    let (ok, stdout, stderr) = import(&content, &csv, &[]);
    assert!(ok, "{stdout}{stderr}");
    let from_csv = std::fs::read_to_string(&target).unwrap();
    assert_eq!(from_csv.replace("feb.csv", "feb.xlsx"), from_xlsx);

    // The same sheet again: the file is unchanged, and not rewritten.
    let (ok, stdout, _) = import(&content, &csv, &[]);
    assert!(ok);
    assert!(stdout.contains("unchanged"), "{stdout}");
    let (ok, stdout, stderr) = minhbach(&["check", "--content", content.to_str().unwrap()]);
    assert!(ok, "{stdout}{stderr}");
}

/// Different figures in an existing file: refused without `--replace`; with it, the changes
/// are listed old → new and the file keeps its comments and untouched lines.
#[test]
fn replacing_figures_needs_replace_lists_the_changes_and_keeps_comments() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root().join("content"), &content);
    let file = content.join("communes/nghe-an/dien-chau/data/2026-01-01_2026-01-19.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let p = bundled_periods(&root().join("content"))
        .into_iter()
        .find(|p| p.commune == "dien-chau")
        .unwrap();
    let path = template(
        &content,
        dir.path(),
        "nghe-an",
        &["--start", "2026-01-01", "--end", "2026-01-19"],
    );
    let mut sheet = Sheet::read(&path);
    fill(&mut sheet, &p);
    sheet.set("dien-chau", "dossiers_received", C::Num(962.0));
    let filled = dir.path().join("corrected.xlsx");
    sheet.write(&filled);

    let (ok, _, stderr) = import(&content, &filled, &[]);
    assert!(!ok);
    assert!(
        stderr.contains("this period file already exists with different figures"),
        "{stderr}"
    );
    assert!(
        stderr.contains("values.dossiers_received: 961 → 962"),
        "{stderr}"
    );
    assert!(stderr.contains("--replace"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    let (ok, stdout, stderr) = import(&content, &filled, &["--replace"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("replaced"), "{stdout}");
    assert!(
        stdout.contains("values.dossiers_received: 961 → 962"),
        "{stdout}"
    );
    let updated = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        updated,
        original.replace("  dossiers_received: 961\n", "  dossiers_received: 962\n")
    );
}

/// The template opens as its users need: Vietnamese headings, the ids locked, validation on
/// the figure cells, and the same bytes for the same request.
#[test]
fn the_template_is_vietnamese_protected_validated_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let content = root().join("content");
    let a = template(
        &content,
        dir.path(),
        "hai-phong",
        &["--start", "2026-07-01", "--end", "2026-07-31"],
    );
    let bytes = std::fs::read(&a).unwrap();
    let b = dir.path().join("again.xlsx");
    let again = |lang: &str| {
        minhbach(&[
            "--lang",
            lang,
            "template",
            "--content",
            content.to_str().unwrap(),
            "--province",
            "hai-phong",
            "--start",
            "2026-07-01",
            "--end",
            "2026-07-31",
            "--out",
            b.to_str().unwrap(),
        ])
    };
    let (ok, _, _) = again("vi");
    assert!(ok);
    assert_eq!(
        std::fs::read(&b).unwrap(),
        bytes,
        "same request, same bytes"
    );
    let sheet = Sheet::read(&a);
    assert_eq!(sheet.name, "Số liệu");
    assert_eq!(sheet.cells[&(layout::NAME_ROW, 0)], C::Text("Mã xã".into()));
    assert_eq!(
        sheet.cells[&(sheet.row_of("an-truong"), 1)],
        C::Text("An Trường".into())
    );
    let keys = sheet.keys();
    let c = keys["dossiers_received"];
    assert_eq!(
        sheet.cells[&(layout::NAME_ROW, c)],
        C::Text("Hồ sơ tiếp nhận mới trong kỳ".into())
    );
    // The sheet's XML: protected, validations by unit, the yes/no list in Vietnamese.
    let mut zip = zip_text(&a, "xl/worksheets/sheet1.xml");
    assert!(zip.contains("<sheetProtection"), "protected");
    assert!(zip.contains("type=\"decimal\""), "percent validation");
    assert!(
        zip.contains("&quot;Có,Không&quot;") || zip.contains("\"Có,Không\""),
        "yes/no list"
    );
    zip = zip_text(&a, "xl/comments1.xml");
    assert!(
        zip.contains("Để trống nghĩa là chưa báo cáo"),
        "definitions as notes"
    );
    // An existing file is never overwritten.
    let (ok, _, stderr) = again("en");
    assert!(!ok);
    assert!(stderr.contains("already exists"), "{stderr}");
}

/// One file of the workbook's zip, as text.
fn zip_text(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// A workbook saved by LibreOffice (tests/fixtures/spreadsheets/README.md) imports like ours;
/// one with text in a number cell is refused at that cell.
#[test]
fn sheets_saved_by_libreoffice_import_and_their_errors_name_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root().join("content"), &content);
    let fixtures = root().join("tests/fixtures/spreadsheets");
    let before = files(&content);
    let (ok, _, stderr) = import(
        &content,
        &fixtures.join("libreoffice-text-in-number.xlsx"),
        &[],
    );
    assert!(!ok);
    assert!(stderr.contains("key: 'text-in-number'!DC7"), "{stderr}");
    assert!(stderr.contains("found: \"1.000 hồ sơ\""), "{stderr}");
    assert_eq!(files(&content), before);

    let (ok, stdout, stderr) = import(&content, &fixtures.join("libreoffice-valid.xlsx"), &[]);
    assert!(ok, "{stdout}{stderr}");
    let text = std::fs::read_to_string(
        content.join("communes/nghe-an/dien-chau/data/2026-02-01_2026-02-28.yaml"),
    )
    .unwrap();
    for line in [
        "  date: 2026-03-02\n",
        "  dossiers_received: 1000\n",
        "  dossiers_online: {value: 950, note: \"qua Cổng Dịch vụ công\"}\n",
        "  digitization_rate: 99.5\n",
        "  security_level_approved: true\n",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
}

/// A template of a period already published holds its figures, notes, label and source: an
/// office corrects from what is online, and importing it untouched changes nothing.
#[test]
fn a_template_of_a_published_period_is_filled_and_imports_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root().join("content"), &content);
    let before = files(&content);
    for p in bundled_periods(&content) {
        let y = &p.yaml["period"];
        let (start, end) = (y["start"].as_str().unwrap(), y["end"].as_str().unwrap());
        let mut extra = vec!["--start", start, "--end", end, "--id", &p.id];
        if y["kind"].as_str() == Some("cumulative") {
            extra.push("--cumulative");
        }
        let path = template(&content, dir.path(), &p.province, &extra);
        let sheet = Sheet::read(&path);
        if let Some(n) = p.yaml["values"]["dossiers_received"].as_f64() {
            assert_eq!(
                sheet
                    .cells
                    .get(&(sheet.row_of(&p.commune), sheet.keys()["dossiers_received"])),
                Some(&C::Num(n))
            );
        }
        let (ok, stdout, stderr) = import(&content, &path, &[]);
        assert!(ok, "{}: {stdout}{stderr}", p.id);
        assert!(
            stdout.contains("unchanged") && !stdout.contains("new "),
            "{}: {stdout}",
            p.id
        );
    }
    let after = files(&content);
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{k} changed");
    }
}
