//! The data files: exact figures from the content, one writer, safe swaps, same bytes.

mod common;
use common::*;

#[test]
fn bundled_content_publishes_every_figure_with_period_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let rows = csv_rows(&out.join("data/observations.csv"));

    // An Trường: 14,722 new dossiers and 22 carried over, January–May 2026.
    let received = row(
        &rows,
        &[
            ("commune_id", "an-truong"),
            ("indicator_id", "dossiers_received"),
        ],
    );
    assert_eq!(received["value"], "14722");
    assert_eq!(received["period_start"], "2026-01-01");
    assert_eq!(received["period_end"], "2026-05-31");
    assert!(received["source_title"].contains("An Trường"));
    let carried = row(
        &rows,
        &[
            ("commune_id", "an-truong"),
            ("indicator_id", "dossiers_carried_over"),
        ],
    );
    assert_eq!(carried["value"], "22");

    // Diễn Châu reported 97.6% online; its own counts (903 of 961) give 93.96%.
    let rate = row(
        &rows,
        &[
            ("commune_id", "dien-chau"),
            ("indicator_id", "dossiers_online_rate"),
        ],
    );
    assert_eq!(rate["reported_value"], "97.6");
    assert_eq!(rate["computed_value"], "93.9646");
    assert_eq!(rate["value_basis"], "computed");
    assert!(
        rate["warnings"].contains("97.6%") && rate["warnings"].contains("93.96%"),
        "{rate:?}"
    );
    assert_eq!(rate["period_days"], "19");

    // Every period file's figures are present: count the values written in the content.
    let written: usize = walkdir::WalkDir::new(root().join("content/communes"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().parent().is_some_and(|p| p.ends_with("data")))
        .map(|e| {
            let doc: serde_yaml::Value =
                serde_yaml::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
            doc["values"].as_mapping().unwrap().len()
        })
        .sum();
    let reported_rows = rows
        .iter()
        .filter(|r| r["value_basis"] != "computed" || !r["reported_value"].is_empty())
        .count();
    assert!(written > 100, "bundled content holds {written} values");
    assert!(
        reported_rows >= written,
        "{reported_rows} reported rows for {written} values written"
    );
    assert!(
        rows.iter()
            .all(|r| !r["value"].contains("NaN") && !r["source_title"].is_empty())
    );
}

/// The columns of each commune's own CSV: the national file's without those every row of it
/// repeats.
const COMMUNE_CSV_HEADER: &str = "period_id,period_start,period_end,period_days,period_kind,\
indicator_id,indicator_name,unit,value,value_basis,reported_value,computed_value,note,warnings,\
source_date,source_report,warnings_vi";

#[test]
fn each_communes_csv_has_its_own_columns_and_the_national_files_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let national = csv_rows(&out.join("data/observations.csv"));
    let communes = csv_rows(&out.join("data/communes.csv"));
    assert!(communes.len() > 1);
    let (mut notes, mut reports) = (0, 0);
    for c in &communes {
        let path = out.join("data").join(&c["csv_file"]);
        let bytes = std::fs::read(&path).unwrap();
        // UTF-8 without a byte-order mark, lines ended by CRLF, as observations.csv.
        assert!(
            bytes.starts_with(format!("{COMMUNE_CSV_HEADER}\r\n").as_bytes()),
            "{}",
            path.display()
        );
        let own = csv_rows(&path);
        let theirs: Vec<_> = national
            .iter()
            .filter(|r| r["province_id"] == c["province_id"] && r["commune_id"] == c["commune_id"])
            .collect();
        assert_eq!(own.len(), theirs.len(), "{}", path.display());
        assert_eq!(c["observations"], own.len().to_string());
        for mine in &own {
            let all = row(
                &national,
                &[
                    ("province_id", &c["province_id"]),
                    ("commune_id", &c["commune_id"]),
                    ("period_id", &mine["period_id"]),
                    ("indicator_id", &mine["indicator_id"]),
                ],
            );
            for column in [
                "value",
                "note",
                "source_report",
                "source_date",
                "warnings_vi",
            ] {
                assert_eq!(mine[column], all[column], "{column} in {}", path.display());
            }
            notes += usize::from(!mine["note"].is_empty());
            reports += usize::from(!mine["source_report"].is_empty());
        }
        // The commune's JSON: one line, compact, that parses, with every key.
        let json = std::fs::read_to_string(out.join("data").join(&c["json_file"])).unwrap();
        assert!(json.ends_with("}\n") && json.lines().count() == 1, "{json}");
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            doc["commune"]["id"].as_str(),
            Some(c["commune_id"].as_str())
        );
        assert_eq!(
            doc["province"]["id"].as_str(),
            Some(c["province_id"].as_str())
        );
        assert!(doc["commune"].as_object().unwrap().contains_key("code"));
        let periods = doc["periods"].as_array().unwrap();
        let values: usize = periods
            .iter()
            .map(|p| p["values"].as_array().unwrap().len())
            .sum();
        assert_eq!(values, own.len());
        // The columns the CSV left out are in the JSON: the source document of each period.
        for p in periods {
            let period = row(
                &national,
                &[
                    ("province_id", &c["province_id"]),
                    ("commune_id", &c["commune_id"]),
                    ("period_id", p["id"].as_str().unwrap()),
                    (
                        "indicator_id",
                        p["values"][0]["indicator"].as_str().unwrap(),
                    ),
                ],
            );
            assert_eq!(
                p["source"]["title"].as_str(),
                Some(period["source_title"].as_str())
            );
            assert!(p["source"].as_object().unwrap().contains_key("issued_by"));
        }
    }
    assert!(notes > 0 && reports > 0, "{notes} notes, {reports} reports");
}

#[test]
fn fixture_figures_are_exact_in_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&fixture("minimal"), &out);
    let rows = csv_rows(&out.join("data/observations.csv"));
    let budget = row(
        &rows,
        &[
            ("commune_id", "xa-b"),
            ("period_id", "2026-01"),
            ("indicator_id", "budget_allocated"),
        ],
    );
    assert_eq!(
        (budget["value"].as_str(), budget["note"].as_str()),
        ("1274000000", "1.274 triệu đồng")
    );
    let yes = row(&rows, &[("indicator_id", "security_level_approved")]);
    assert_eq!(yes["value"], "1");
    // a zero denominator gives no computed rate — and no NaN
    let feb: Vec<_> = rows
        .iter()
        .filter(|r| r["period_id"] == "2026-02")
        .collect();
    assert!(
        feb.iter()
            .all(|r| r["indicator_id"] != "dossiers_online_rate")
    );
    let missing = row(
        &rows,
        &[
            ("period_id", "2026-02"),
            ("indicator_id", "budget_allocated"),
        ],
    );
    assert_eq!(
        (missing["value"].as_str(), missing["value_basis"].as_str()),
        ("", "not_reported")
    );
    // a rate with no reported figure is computed: 903 / 961
    let computed = row(
        &rows,
        &[
            ("commune_id", "dong-c"),
            ("indicator_id", "dossiers_online_rate"),
        ],
    );
    assert_eq!(
        (computed["value"].as_str(), computed["value_basis"].as_str()),
        ("93.9646", "computed")
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/communes/tinh-a/xa-b.json")).unwrap())
            .unwrap();
    assert_eq!(json["commune"]["name"], "Bà Rịa");
    assert_eq!(
        json["periods"][0]["values"][0]["indicator"],
        "dossiers_received"
    );
    assert_eq!(json["periods"][0]["values"][0]["value"], 14722);
    // Keys keep the alphabetical order the file has always had, so that a reader diffing two
    // releases of it sees only changed figures.
    let text = std::fs::read_to_string(out.join("data/communes/tinh-a/xa-b.json")).unwrap();
    let in_order = |text: &str, keys: &[&str]| {
        let at: Vec<Option<usize>> = keys
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")))
            .collect();
        at.windows(2)
            .all(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a < b))
    };
    let period = &text[text.find("\"periods\"").unwrap()..];
    let values = period.find("\"values\"").unwrap();
    let first_value = &period[values..values + period[values..].find('}').unwrap()];
    assert!(in_order(&text, &["commune", "license", "periods"]));
    assert!(in_order(
        &period[..values + 9],
        &[
            "days",
            "end",
            "id",
            "kind",
            "label",
            "source",
            "date",
            "issued_by",
            "report",
            "title",
            "start",
            "values"
        ]
    ));
    assert!(in_order(
        first_value,
        &["basis", "computed", "indicator", "reported", "value"]
    ));
    let tail = &text[text.rfind("\"periods\"").unwrap()..];
    assert!(tail.rfind("\"province\":") < tail.rfind("\"publisher\":"));
    let per_commune = csv_rows(&out.join("data/communes/tinh-a/dong-c.csv"));
    assert_eq!(per_commune.len(), 3);
    let rate = row(&per_commune, &[("indicator_id", "dossiers_online_rate")]);
    assert_eq!(
        (rate["value"].as_str(), rate["value_basis"].as_str()),
        ("93.9646", "computed")
    );

    let communes = csv_rows(&out.join("data/communes.csv"));
    assert_eq!(
        communes
            .iter()
            .map(|r| r["commune_name"].as_str())
            .collect::<Vec<_>>(),
        ["Bà Rịa", "Đông Các"]
    );
    let indicators = csv_rows(&out.join("data/indicators.csv"));
    let r = row(&indicators, &[("indicator_id", "dossiers_online_rate")]);
    assert_eq!(
        (
            r["ratio_numerator"].as_str(),
            r["target_min"].as_str(),
            r["name_en"].as_str()
        ),
        ("dossiers_online", "90", "Share of dossiers online")
    );
}

#[test]
fn datapackage_describes_every_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&fixture("minimal"), &out);
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    let resources = pkg["resources"].as_array().unwrap();
    // A resource's path, or the paths of its parts.
    let paths_of = |r: &serde_json::Value| -> Vec<String> {
        match r["path"].as_array() {
            Some(parts) => parts
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect(),
            None => vec![r["path"].as_str().unwrap().to_string()],
        }
    };
    let paths: Vec<String> = resources.iter().flat_map(paths_of).collect();
    // Each commune's own files are rows of the communes resource, not resources: the package
    // stays small at national scale. Their CSV files are the parts of one resource, which
    // gives their columns.
    let communes = csv_rows(&out.join("data/communes.csv"));
    let own_csv: Vec<String> = communes.iter().map(|r| r["csv_file"].clone()).collect();
    let own_json: Vec<String> = communes.iter().map(|r| r["json_file"].clone()).collect();
    assert_eq!(own_csv.len(), 2);
    let parts = resources
        .iter()
        .find(|r| r["name"] == "commune-observations")
        .unwrap();
    assert_eq!(paths_of(parts), own_csv);
    for (file, _) in files(&out.join("data")) {
        if file != "datapackage.json" {
            let described = paths.iter().filter(|p| **p == file).count();
            assert!(
                described + usize::from(own_json.contains(&file)) == 1,
                "{file} is not described in datapackage.json exactly once"
            );
        }
    }
    for r in resources.iter().filter(|r| r["format"] == "csv") {
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        for path in paths_of(r) {
            let header = csv::Reader::from_path(out.join("data").join(&path))
                .unwrap()
                .headers()
                .unwrap()
                .clone();
            assert_eq!(
                header.iter().collect::<Vec<_>>(),
                fields,
                "schema of {path}"
            );
        }
        assert!(
            r["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| !f["description"].as_str().unwrap().is_empty())
        );
    }
    assert_eq!(pkg["licenses"][0]["name"], "CC-BY-4.0");
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&fixture("minimal"), &out);
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
    let before = files(&out);
    let o = build(&fixture("errors"), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("was left unchanged"));
    assert_eq!(files(&out), before);
    let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    leftovers.sort();
    // the output and the incremental build's cache beside it, nothing else
    assert_eq!(
        leftovers,
        vec![
            std::ffi::OsString::from(".public.minhbach-cache"),
            std::ffi::OsString::from("public")
        ],
        "stray folders left: {leftovers:?}"
    );
    // a successful rebuild keeps the deploy .git folder
    build_ok(&fixture("minimal"), &out);
    assert!(out.join(".git/HEAD").exists());
}

#[test]
fn same_input_same_bytes_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(
        build(&root().join("content"), &a, &[("RAYON_NUM_THREADS", "1")])
            .status
            .success()
    );
    assert!(
        build(&root().join("content"), &b, &[("RAYON_NUM_THREADS", "4")])
            .status
            .success()
    );
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 10);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{k} differs between builds");
    }
}

#[test]
fn the_national_file_is_every_commune_file_in_commune_order() {
    // More communes than the renderer takes at once, so the chunks' order is exercised.
    let dir = tempfile::tempdir().unwrap();
    let content = demo_content(dir.path(), 2, 140, 2);
    let out = dir.path().join("public");
    build_ok(&content, &out);
    let national = csv_rows(&out.join("data/observations.csv"));
    let communes = csv_rows(&out.join("data/communes.csv"));
    assert_eq!(communes.len(), 140);
    let mut rest = national.as_slice();
    for c in &communes {
        let path = out.join(format!(
            "data/communes/{}/{}.csv",
            c["province_id"], c["commune_id"]
        ));
        let own = csv_rows(&path);
        assert!(own.len() > 10, "{}", path.display());
        let (rows, after) = rest.split_at(own.len());
        // Its rows, in order, are the national file's next ones for this commune, with every
        // column the commune's file keeps equal.
        for (mine, all) in own.iter().zip(rows) {
            assert_eq!(
                (&all["province_id"], &all["commune_id"]),
                (&c["province_id"], &c["commune_id"])
            );
            for (column, value) in mine {
                assert_eq!(&all[column], value, "{column} in {}", path.display());
            }
        }
        rest = after;
    }
    assert!(
        rest.is_empty(),
        "observations.csv is not the commune files in order"
    );
}
