//! The downloads for people who do not write code: the Excel workbook, the SQLite database and
//! the CSV for Excel hold exactly the figures of `observations.csv`, national and per province.

mod common;
use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (province, commune, period, indicator).
type Key = (String, String, String, String);

/// What every format must agree on for one figure.
#[derive(Debug, PartialEq)]
struct Figure {
    value: Option<f64>,
    basis: String,
    start: String,
    end: String,
}

fn number(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().unwrap())
}

/// The figures of `observations.csv`, optionally of one province only.
fn csv_figures(data: &Path, province: Option<&str>) -> BTreeMap<Key, Figure> {
    csv_rows(&data.join("observations.csv"))
        .into_iter()
        .filter(|r| province.is_none_or(|p| r["province_id"] == p))
        .map(|r| {
            let key = (
                r["province_id"].clone(),
                r["commune_id"].clone(),
                r["period_id"].clone(),
                r["indicator_id"].clone(),
            );
            let figure = Figure {
                value: number(&r["value"]),
                basis: r["value_basis"].clone(),
                start: r["period_start"].clone(),
                end: r["period_end"].clone(),
            };
            (key, figure)
        })
        .collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn cell_date(d: &Data) -> String {
    match d {
        Data::DateTime(_) => d.as_date().unwrap().to_string(),
        other => panic!("expected a date cell, found {other:?}"),
    }
}

fn cell_number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(x) => Some(*x as f64),
        Data::Empty => None,
        other => panic!("expected a number cell, found {other:?}"),
    }
}

/// Every data row of every sheet but README, and the sheet names.
fn xlsx_figures(path: &Path) -> (BTreeMap<Key, Figure>, Vec<String>) {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "README");
    let mut out = BTreeMap::new();
    for name in &names[1..] {
        let range = book.worksheet_range(name).unwrap();
        let mut rows = range.rows();
        let head: Vec<String> = rows.next().unwrap().iter().map(cell_text).collect();
        let col = |n: &str| head.iter().position(|h| h == n).unwrap();
        for row in rows {
            let key = (
                cell_text(&row[col("province_id")]),
                cell_text(&row[col("commune_id")]),
                cell_text(&row[col("period_id")]),
                cell_text(&row[col("indicator_id")]),
            );
            let figure = Figure {
                value: cell_number(&row[col("value")]),
                basis: cell_text(&row[col("value_basis")]),
                start: cell_date(&row[col("period_start")]),
                end: cell_date(&row[col("period_end")]),
            };
            assert!(out.insert(key, figure).is_none(), "a row twice in {name}");
        }
    }
    (out, names)
}

fn sqlite_figures(path: &Path) -> BTreeMap<Key, Figure> {
    let db = rusqlite::Connection::open(path).unwrap();
    let broken: Vec<String> = db
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(broken.is_empty(), "foreign keys broken in {broken:?}");
    let mut stmt = db
        .prepare(
            "SELECT o.province_id, o.commune_id, o.period_id, o.indicator_id, o.value, \
             o.value_basis, p.start_date, p.end_date FROM observations o JOIN periods p \
             ON p.province_id = o.province_id AND p.commune_id = o.commune_id \
             AND p.id = o.period_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
            Figure {
                value: r.get(4)?,
                basis: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
            },
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn assert_same(what: &str, expected: &BTreeMap<Key, Figure>, found: &BTreeMap<Key, Figure>) {
    assert_eq!(expected.len(), found.len(), "{what}: number of figures");
    for (key, figure) in expected {
        assert_eq!(found.get(key), Some(figure), "{what}: {key:?}");
    }
}

/// A generated site: 2 provinces × 5 communes × 3 periods (`--communes` counts them all), built
/// into `<dir>/public`.
fn demo_site(dir: &Path) -> (PathBuf, PathBuf) {
    let content = demo_content(dir, 2, 10, 3);
    let out = dir.join("public");
    build_ok(&content, &out);
    (content, out)
}

#[test]
fn bundled_workbook_and_database_hold_every_figure_of_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let data = out.join("data");
    let expected = csv_figures(&data, None);
    assert!(expected.len() > 100);

    let (xlsx, sheets) = xlsx_figures(&data.join("minhbach.xlsx"));
    assert_same("minhbach.xlsx", &expected, &xlsx);
    // one sheet per indicator group, in the catalogue's order
    assert!(sheets.iter().any(|s| s == "public_services"), "{sheets:?}");
    assert_same(
        "minhbach.sqlite",
        &expected,
        &sqlite_figures(&data.join("minhbach.sqlite")),
    );

    // An Trường: 14,722 new dossiers, a number cell, not text
    let key = |c: &str, i: &str| {
        expected
            .keys()
            .find(|k| k.1 == c && k.3 == i)
            .unwrap()
            .clone()
    };
    assert_eq!(
        xlsx[&key("an-truong", "dossiers_received")].value,
        Some(14722.0)
    );
    // Diễn Châu's online rate: the recomputed 93.9646, kept on the 0–100 scale
    let rate = &xlsx[&key("dien-chau", "dossiers_online_rate")];
    assert_eq!(
        (rate.value, rate.basis.as_str()),
        (Some(93.9646), "computed")
    );
}

#[test]
fn readme_sheet_names_the_publisher_licence_and_every_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let mut book: Xlsx<_> = open_workbook(out.join("data/minhbach.xlsx")).unwrap();
    let readme = book.worksheet_range("README").unwrap();
    let texts: Vec<String> = readme
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    let site: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("content/site.yaml")).unwrap())
            .unwrap();
    for key in ["publisher", "data_license"] {
        let want = site[key].as_str().unwrap();
        assert!(texts.iter().any(|t| t == want), "README lacks {key} {want}");
    }
    for row in csv_rows(&out.join("data/indicators.csv")) {
        assert!(
            texts.contains(&row["indicator_id"]),
            "README lacks {}",
            row["indicator_id"]
        );
        assert!(texts.contains(&row["name"]), "README lacks {}", row["name"]);
    }
    assert!(texts.iter().any(|t| t.starts_with("100 × ")));
}

#[test]
fn per_province_files_hold_that_province_only_and_match_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = demo_site(dir.path());
    let data = out.join("data");
    let all = csv_figures(&data, None);
    assert_eq!(
        all.keys()
            .map(|k| (&k.0, &k.1))
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        10
    );
    assert_same(
        "minhbach.xlsx",
        &all,
        &xlsx_figures(&data.join("minhbach.xlsx")).0,
    );
    assert_same(
        "minhbach.sqlite",
        &all,
        &sqlite_figures(&data.join("minhbach.sqlite")),
    );
    let provinces: std::collections::BTreeSet<&String> = all.keys().map(|k| &k.0).collect();
    assert_eq!(provinces.len(), 2);
    for p in provinces {
        let expected = csv_figures(&data, Some(p));
        let base = data.join("provinces").join(p);
        let xlsx = xlsx_figures(&base.with_extension("xlsx")).0;
        assert_same(&format!("{p}.xlsx"), &expected, &xlsx);
        // No database per province (issue 29): the national one answers a province's query
        // through its index.
        assert!(!base.with_extension("sqlite").exists());
        let conn = rusqlite::Connection::open(data.join("minhbach.sqlite")).unwrap();
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT * FROM observations_full WHERE province_id = ?1",
                [p],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("USING INDEX"), "{plan}");
    }
}

#[test]
fn database_has_keys_and_indexes_for_readers_tools() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let db = rusqlite::Connection::open(out.join("data/minhbach.sqlite")).unwrap();
    let names: Vec<String> = db
        .prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'view') ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for want in [
        "provinces",
        "communes",
        "periods",
        "indicators",
        "observations",
        "warnings",
        "observations_full",
        "observations_by_indicator_period",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} missing: {names:?}");
    }
    // the two questions readers ask most are answered from a key, not by reading every row
    let plan = |sql: &str| -> String {
        db.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let series = plan(
        "SELECT period_id, value FROM observations WHERE province_id = 'nghe-an' AND \
         commune_id = 'dien-chau' AND indicator_id = 'dossiers_online_rate'",
    );
    assert!(series.contains("USING PRIMARY KEY"), "{series}");
    let across = plan(
        "SELECT commune_id, value FROM observations WHERE indicator_id = \
         'dossiers_online_rate' AND period_id = '2026-01'",
    );
    assert!(
        across.contains("USING INDEX observations_by_indicator_period"),
        "{across}"
    );
    // with keys enforced, as DB Browser does, every row still holds
    db.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let warnings: i64 = db
        .query_row(
            "SELECT count(*) FROM warnings w JOIN observations o USING \
             (province_id, commune_id, period_id, indicator_id) WHERE o.indicator_id = \
             'dossiers_online_rate' AND message_vi <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(warnings >= 1);
}

#[test]
fn same_content_gives_the_same_workbook_database_and_csv_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (content, first) = demo_site(dir.path());
    let second = dir.path().join("again");
    build_ok(&content, &second);
    for rel in [
        "data/minhbach.xlsx",
        "data/minhbach.sqlite",
        "data/observations-excel.csv",
    ] {
        assert!(
            std::fs::read(first.join(rel)).unwrap() == std::fs::read(second.join(rel)).unwrap(),
            "{rel} differs between two builds"
        );
    }
    for (rel, bytes) in files(&first.join("data/provinces")) {
        assert_eq!(
            bytes,
            std::fs::read(second.join("data/provinces").join(&rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn csv_for_excel_is_the_csv_after_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let plain = std::fs::read(out.join("data/observations.csv")).unwrap();
    let excel = std::fs::read(out.join("data/observations-excel.csv")).unwrap();
    assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel[3..], &plain[..]);
    assert!(
        plain.ends_with(b"\r\n"),
        "rows end in CRLF, as Excel writes them"
    );
    assert!(String::from_utf8(excel).unwrap().contains("Diễn Châu"));
}

#[test]
fn an_unchanged_province_keeps_its_files_and_a_changed_one_gets_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = demo_site(dir.path());
    let provinces = out.join("data/provinces");
    let before = files(&provinces);
    let (names, times): (Vec<String>, Vec<_>) = before
        .keys()
        .map(|rel| {
            let modified = std::fs::metadata(provinces.join(rel))
                .unwrap()
                .modified()
                .unwrap();
            (rel.clone(), modified)
        })
        .unzip();
    // change one figure of one commune of the first province
    let first = names[0].split('.').next().unwrap().to_string();
    raise_first_dossier_count(&content.join("communes").join(&first));
    build_ok(&content, &out);
    for (rel, was) in names.iter().zip(&times) {
        let now = std::fs::metadata(provinces.join(rel))
            .unwrap()
            .modified()
            .unwrap();
        let bytes = std::fs::read(provinces.join(rel)).unwrap();
        if rel.starts_with(&format!("{first}.")) {
            assert_ne!(bytes, before[rel], "{rel} should hold the new figure");
        } else {
            assert_eq!(
                (now, &bytes),
                (*was, &before[rel]),
                "{rel} should be reused"
            );
        }
    }
}

#[test]
fn past_excels_row_limit_there_is_no_csv_for_excel_and_the_page_says_why() {
    let dir = tempfile::tempdir().unwrap();
    // 400 communes × 60 months: just over a million figures.
    let content = demo_content(dir.path(), 1, 400, 60);
    let out = dir.path().join("public");
    build_ok(&content, &out);
    let rows = csv::Reader::from_path(out.join("data/observations.csv"))
        .unwrap()
        .records()
        .count();
    assert!(rows > 1_048_575, "{rows} rows: not past the limit");
    assert!(out.join("data/observations.csv").is_file());
    assert!(!out.join("data/observations-excel.csv").exists());
    let package = std::fs::read_to_string(out.join("data/datapackage.json")).unwrap();
    assert!(package.contains("\"observations.csv\""));
    assert!(!package.contains("observations-excel"));
    let (vi, en) = (
        format!(
            "{}.{:03}.{:03} dòng",
            rows / 1_000_000,
            rows / 1000 % 1000,
            rows % 1000
        ),
        format!(
            "{},{:03},{:03} rows",
            rows / 1_000_000,
            rows / 1000 % 1000,
            rows % 1000
        ),
    );
    for (page, says) in [
        (
            "downloads/index.html",
            [
                vi.as_str(),
                "nhiều hơn 1.048.575 dòng một trang tính Excel chứa được",
            ],
        ),
        (
            "en/downloads/index.html",
            [en.as_str(), "more than the 1,048,575 an Excel sheet holds"],
        ),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("observations-excel.csv"), "{page}");
        for words in says {
            assert!(html.contains(words), "{page} lacks {words:?}");
        }
    }
}

#[test]
fn downloads_page_lists_every_new_file_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    for (page, words) in [
        ("downloads/index.html", "sổ tính Excel"),
        ("en/downloads/index.html", "Excel workbook"),
    ] {
        assert!(
            !html_of(&out, page).contains("provinces/nghe-an.sqlite"),
            "{page}"
        );
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(words), "{page}");
        for file in [
            "data/minhbach.xlsx",
            "data/minhbach.sqlite",
            "data/observations-excel.csv",
            "data/observations.parquet",
            "data/provinces/nghe-an.xlsx",
        ] {
            assert!(html.contains(&format!("{file}\"")), "{page} lacks {file}");
            assert!(out.join(file).is_file(), "{file}");
        }
    }
}

#[test]
fn a_group_past_the_row_limit_continues_on_numbered_sheets_and_no_row_is_lost() {
    // The real limit is 1,048,576 rows; the same code with a limit of 4 rows per sheet (the
    // header and 3 figures) shows the split on the bundled content without a million rows.
    let (site, diags) = minhbach::pipeline::load_site(&root().join("content"));
    let site = site.unwrap_or_else(|| panic!("{diags:?}"));
    let communes: Vec<_> = site.communes().collect();
    let sink = minhbach::write::MemorySink::default();
    minhbach::render::downloads::workbook::write_with_limit(
        &site,
        &communes,
        &sink,
        "book.xlsx",
        4,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, &sink.into_files()["book.xlsx"]).unwrap();
    let (figures, names) = xlsx_figures(&path);
    assert!(names.contains(&"public_services".to_string()), "{names:?}");
    assert!(
        names.contains(&"public_services (2)".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"public_services (10)".to_string()),
        "{names:?}"
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    for name in &names[1..] {
        let rows = book.worksheet_range(name).unwrap().rows().count();
        assert!((2..=4).contains(&rows), "{name} has {rows} rows");
    }
    // Every figure of observations.csv is on exactly one sheet (xlsx_figures refuses doubles).
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    assert_eq!(figures, csv_figures(&out.join("data"), None));
    // The model's count of figures is the national CSV's rows (it decides the Excel copy).
    let rows = csv_rows(&out.join("data/observations.csv")).len();
    assert!(rows > 100, "{rows}");
    assert_eq!(site.observation_count(), rows);
}

/// Every data file a build writes is one the download registry names, and every download the
/// registry names for this site is written: the registry is the one list of downloads.
#[test]
fn the_registry_names_exactly_the_data_files_a_build_writes() {
    use minhbach::render::downloads::registry::{self, Level, Place};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let content = root().join("content");
    build_ok(&content, &out);
    let (site, _) = minhbach::pipeline::load_site(&content);
    let site = site.expect("the bundled content builds");
    let mut expected: Vec<String> = Vec::new();
    for d in registry::ALL.iter().filter(|d| d.made(&site)) {
        match d.level {
            Level::National => expected.push(d.path(Place::default())),
            Level::Province => {
                expected.extend(site.provinces.iter().map(|p| d.path(Place::province(p))))
            }
            Level::Commune => {
                expected.extend(site.communes().map(|(p, c)| d.path(Place::commune(p, c))))
            }
            Level::Release => expected.extend(
                site.history
                    .releases
                    .iter()
                    .map(|r| d.path(Place::release(r.release.id.as_str()))),
            ),
        }
    }
    expected.sort();
    let written: Vec<String> = files(&out)
        .into_keys()
        .filter(|rel| rel.starts_with("data/") || rel.ends_with("/figures.csv"))
        .collect();
    assert!(
        !site.history.releases.is_empty(),
        "the bundled site has a release"
    );
    assert_eq!(written, expected);
}

fn html_of(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap()
}

/// Every row of a Parquet file as CSV cells would write them: an empty string for a null,
/// dates as `YYYY-MM-DD`, numbers in Rust's shortest form.
fn parquet_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(_, field)| match field {
                    Field::Null => String::new(),
                    Field::Str(s) => s.clone(),
                    Field::Date(d) => (epoch + chrono::Days::new(*d as u64)).to_string(),
                    Field::Long(x) => x.to_string(),
                    Field::Double(x) => x.to_string(),
                    other => panic!("unexpected {other:?}"),
                })
                .collect()
        })
        .collect();
    (names, rows)
}

#[test]
fn the_parquet_file_holds_every_row_and_column_of_the_csv_typed() {
    let dir = tempfile::tempdir().unwrap();
    // 70 communes: two row groups of 64 communes and fewer.
    let content = demo_content(dir.path(), 1, 70, 2);
    let out = dir.path().join("public");
    build_ok(&content, &out);
    for site in [out.clone(), {
        let bundled = dir.path().join("bundled");
        build_ok(&root().join("content"), &bundled);
        bundled
    }] {
        let data = site.join("data");
        let mut reader = csv::Reader::from_path(data.join("observations.csv")).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let expected: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let (names, found) = parquet_rows(&data.join("observations.parquet"));
        assert_eq!(names, header);
        assert_eq!(found.len(), expected.len());
        for (i, (want, got)) in expected.iter().zip(&found).enumerate() {
            for ((name, want), got) in header.iter().zip(want).zip(got) {
                // Numbers are compared as numbers: "99.0" and "99" are the same figure.
                let same = match (want.parse::<f64>(), got.parse::<f64>()) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => want == got,
                };
                assert!(same, "row {i}, {name}: CSV {want:?}, Parquet {got:?}");
            }
        }
    }
    // Typed: dates, whole numbers and floats are not text.
    use parquet::basic::{LogicalType, Type};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = std::fs::File::open(out.join("data/observations.parquet")).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let column = |name: &str| {
        schema
            .columns()
            .iter()
            .find(|c| c.name() == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        column("period_start").logical_type_ref(),
        Some(&LogicalType::Date)
    );
    assert_eq!(column("period_days").physical_type(), Type::INT64);
    assert_eq!(column("value").physical_type(), Type::DOUBLE);
    assert_eq!(
        column("commune_name").logical_type_ref(),
        Some(&LogicalType::String)
    );
    assert_eq!(reader.metadata().num_row_groups(), 2);
}

/// The `(size · rows)` the downloads page gives after `file`'s link.
fn details_on_page(html: &str, file: &str) -> String {
    let link = format!("{file}\">");
    let at = html
        .find(&link)
        .unwrap_or_else(|| panic!("no link to {file}"))
        + link.len();
    let rest = &html[at..];
    let open = rest.find("<span class=\"file-details\">(").unwrap() + 28;
    rest[open..open + rest[open..].find(")</span>").unwrap()].to_string()
}

#[test]
fn the_downloads_page_gives_each_files_size_as_online_also_after_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let (content, out) = demo_site(dir.path());
    let check = |when: &str| {
        let html = html_of(&out, "downloads/index.html");
        let figures = csv_rows(&out.join("data/observations.csv")).len();
        for file in [
            "observations.csv",
            "minhbach.xlsx",
            "minhbach.sqlite",
            "observations.parquet",
        ] {
            let size = std::fs::metadata(out.join("data").join(file))
                .unwrap()
                .len();
            let want = format!(
                "{} · {} dòng",
                minhbach::format::file_size(size, "vi"),
                minhbach::format::count(figures as f64, "vi")
            );
            assert_eq!(details_on_page(&html, file), want, "{file} {when}");
        }
    };
    check("after the first build");
    // One more figure in one commune: an update, whose bulk downloads come after the pages.
    raise_first_dossier_count(&content.join("communes"));
    build_ok(&content, &out);
    check("after an update");
}

#[test]
fn past_a_sheets_rows_the_national_workbook_is_wide_with_every_communes_latest_figure() {
    // The real limit is 1,048,576 rows; a limit of 4 shows the wide layout on the bundled site.
    let (site, diags) = minhbach::pipeline::load_site(&root().join("content"));
    let site = site.unwrap_or_else(|| panic!("{diags:?}"));
    let communes: Vec<_> = site.communes().collect();
    let sink = minhbach::write::MemorySink::default();
    minhbach::render::downloads::wide::write_with_limit(&site, &communes, &sink, "book.xlsx", 4)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    std::fs::write(&path, &sink.into_files()["book.xlsx"]).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let headlines: Vec<String> = site
        .headlines()
        .into_iter()
        .map(|i| site.indicators[i].id.to_string())
        .collect();
    let mut want = vec!["README".to_string(), "latest".to_string()];
    want.extend(headlines.iter().cloned());
    assert_eq!(names, want);

    // `latest`: a row per commune, every indicator's latest figure and its period.
    let latest = book.worksheet_range("latest").unwrap();
    let rows: Vec<&[Data]> = latest.rows().collect();
    let header: Vec<String> = rows[0].iter().map(cell_text).collect();
    assert_eq!(rows.len(), 2 + communes.len());
    for (k, (_, c)) in communes.iter().enumerate() {
        let row = rows[2 + k];
        assert_eq!(cell_text(&row[2]), c.info.id.as_str());
        for (i, ind) in site.indicators.iter().enumerate() {
            let col = header.iter().position(|h| h == ind.id.as_str()).unwrap();
            let shown = cell_number(&row[col]);
            let period = cell_text(&row[col + 1]);
            match c.latest(i) {
                Some((p, obs)) => {
                    assert_eq!(shown, obs.published(), "{} {}", c.info.id, ind.id);
                    assert_eq!(period, p.info.id.as_str());
                }
                None => assert_eq!((shown, period.as_str()), (None, "")),
            }
        }
    }
    // Diễn Châu's online rate, recomputed: 93.9646 from its January report.
    let dc = communes
        .iter()
        .position(|(_, c)| c.info.id.as_str() == "dien-chau")
        .unwrap();
    let col = header
        .iter()
        .position(|h| h == "dossiers_online_rate")
        .unwrap();
    assert_eq!(cell_number(&rows[2 + dc][col]), Some(93.9646));

    // A key indicator's sheet: a column per window, each figure under its own.
    let sheet = book.worksheet_range("dossiers_online_rate").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let head: Vec<String> = rows[0].iter().map(cell_text).collect();
    let at = head
        .iter()
        .position(|h| h == "2026-01-01/2026-01-19")
        .unwrap();
    assert_eq!(cell_text(&rows[1][at]), "regular");
    assert_eq!(cell_number(&rows[2 + dc][at]), Some(93.9646));
    let filled = rows[2..]
        .iter()
        .flat_map(|r| r[4..].iter())
        .filter(|d| !matches!(d, Data::Empty))
        .count();
    let figures = communes
        .iter()
        .flat_map(|(_, c)| c.periods.iter())
        .filter(|p| {
            p.observation(site.headlines()[2])
                .is_some_and(|o| o.published().is_some())
        })
        .count();
    assert_eq!(
        site.indicators[site.headlines()[2]].id.as_str(),
        "dossiers_online_rate"
    );
    assert_eq!(filled, figures, "every figure of the indicator, once");
}

#[test]
fn past_about_a_gigabyte_the_national_csv_and_database_are_published_gzip_compressed() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let content = demo_content(dir.path(), 2, 10, 3);
    let out = dir.path().join("public");
    // The real limit is 3 million figures; 100 shows the same on a small site.
    let env = [("MINHBACH_GZIP_FROM_ROWS", "100")];
    let built = build(&content, &out, &env);
    assert!(built.status.success(), "{:?}", text(&built));
    let data = out.join("data");
    assert!(!data.join("observations.csv").exists());
    let mut csv = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(data.join("observations.csv.gz")).unwrap())
        .read_to_string(&mut csv)
        .unwrap();
    // The same bytes as the CSV of a build below the limit.
    let plain = dir.path().join("plain");
    build_ok(&content, &plain);
    assert_eq!(
        csv,
        std::fs::read_to_string(plain.join("data/observations.csv")).unwrap()
    );
    // The database too: unpacked, it is the database of a build below the limit.
    assert!(!data.join("minhbach.sqlite").exists());
    let unpacked = dir.path().join("unpacked.sqlite");
    std::io::copy(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(data.join("minhbach.sqlite.gz")).unwrap(),
        ),
        &mut std::fs::File::create(&unpacked).unwrap(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(&unpacked).unwrap(),
        std::fs::read(plain.join("data/minhbach.sqlite")).unwrap()
    );
    let db = rusqlite::Connection::open(&unpacked).unwrap();
    let count: i64 = db
        .query_row("SELECT count(*) FROM observations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        count as usize,
        csv_rows(&plain.join("data/observations.csv")).len()
    );
    assert_same(
        "minhbach.sqlite.gz",
        &csv_figures(&plain.join("data"), None),
        &sqlite_figures(&unpacked),
    );
    let package = std::fs::read_to_string(data.join("datapackage.json")).unwrap();
    assert!(
        package.contains("\"path\": \"observations.csv.gz\""),
        "{package}"
    );
    assert!(package.contains("\"compression\": \"gz\""));
    assert!(!package.contains("\"path\": \"observations.csv\""));
    let pkg: serde_json::Value = serde_json::from_str(&package).unwrap();
    let resources = pkg["resources"].as_array().unwrap();
    let database = resources
        .iter()
        .find(|r| r["path"] == "minhbach.sqlite.gz")
        .expect("the compressed database is described");
    assert_eq!(
        (&database["format"], &database["compression"]),
        (&serde_json::json!("sqlite"), &serde_json::json!("gz"))
    );
    assert!(!resources.iter().any(|r| r["path"] == "minhbach.sqlite"));
    let page = html_of(&out, "downloads/index.html");
    assert!(page.contains("data/observations.csv.gz\""));
    assert!(page.contains("nén gzip"));
    assert!(page.contains("data/minhbach.sqlite.gz\""));
    assert!(!page.contains("data/minhbach.sqlite\""));
    assert!(page.contains("phải giải nén trước khi mở"));
    let page_en = html_of(&out, "en/downloads/index.html");
    assert!(page_en.contains("unpack it before opening it"));
    let indicator = html_of(&out, "indicators/dossiers_received/index.html");
    assert!(indicator.contains("data/observations.csv.gz\""));
    assert!(!indicator.contains("data/observations.csv\""));
    // An update keeps them whole and the same for the same figures.
    let before = std::fs::read(data.join("observations.csv.gz")).unwrap();
    let database = std::fs::read(data.join("minhbach.sqlite.gz")).unwrap();
    let again = build(&content, &out, &env);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read(data.join("observations.csv.gz")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(data.join("minhbach.sqlite.gz")).unwrap(),
        database
    );
    // And a build from scratch gives the same bytes.
    let fresh = dir.path().join("fresh");
    assert!(build(&content, &fresh, &env).status.success());
    assert_eq!(
        std::fs::read(fresh.join("data/minhbach.sqlite.gz")).unwrap(),
        database
    );
}

/// Changes one figure of the first period file under `dir`: its dossiers received gain a
/// leading 1.
fn raise_first_dossier_count(dir: &Path) {
    let data_file = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.path().extension().is_some_and(|x| x == "yaml")
                && e.path().parent().unwrap().ends_with("data")
        })
        .unwrap()
        .into_path();
    replace_in(&data_file, "dossiers_received: ", "dossiers_received: 1");
}
