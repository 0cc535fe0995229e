//! Data releases: `minhbach release` records every figure and the checksum of every data file;
//! later corrections are shown with both values and their dates, and each release keeps its
//! own figures.

mod common;
use calamine::Reader as _;
use common::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A copy of the minimal fixture in a temporary folder: (folder, content, output).
fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let out = dir.path().join("public");
    (dir, content, out)
}

/// Runs `minhbach release` on `content` into `out` with extra arguments.
fn release(content: &Path, out: &Path, args: &[&str]) -> (bool, String, String) {
    let o = site_command("release", content, out, &root().join("themes"), args, &[]);
    let (stdout, stderr) = text(&o);
    (o.status.success(), stdout, stderr)
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn record(content: &Path, id: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(content.join(format!("releases/{id}.yaml"))).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

const PERIOD: &str = "communes/tinh-a/dong-c/data/2026-q1.yaml";

/// Replaces `from` by `to` in the period file of Đồng C.
fn correct(content: &Path, from: &str, to: &str) {
    replace_in(&content.join(PERIOD), from, to);
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn a_release_records_every_figure_and_the_checksum_of_every_data_file_it_publishes() {
    let (_dir, content, out) = site();
    let (ok, stdout, stderr) = release(
        &content,
        &out,
        &["--date", "2026-02-01", "--note", "Số liệu quý I"],
    );
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("recorded release 2026-02-01"), "{stdout}");
    let rec = record(&content, "2026-02-01");
    assert_eq!(rec["date"].as_str(), Some("2026-02-01"));
    assert_eq!(rec["note"].as_str(), Some("Số liệu quý I"));
    assert!(
        rec.get("previous").is_none(),
        "the first release follows none"
    );
    let figure = &rec["figures"]["tinh-a"]["dong-c"]["2026-q1"];
    assert_eq!(figure["dossiers_received"].as_i64(), Some(961));
    assert_eq!(figure["dossiers_online"].as_i64(), Some(903));

    // Every data file the build published is listed, with its exact size and checksum.
    let files = rec["files"].as_mapping().unwrap();
    let published: Vec<String> = common::files(&out.join("data"))
        .into_keys()
        .map(|rel| format!("data/{rel}"))
        .collect();
    let recorded: Vec<String> = files
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(recorded, published);
    for (path, digest) in files {
        let path = out.join(path.as_str().unwrap());
        assert_eq!(
            digest["sha256"].as_str().unwrap(),
            sha256(&path),
            "{}",
            path.display()
        );
        assert_eq!(
            digest["bytes"].as_u64().unwrap(),
            std::fs::metadata(&path).unwrap().len()
        );
    }
    let archived = out.join("releases/2026-02-01/figures.csv");
    assert_eq!(rec["figures_sha256"].as_str().unwrap(), sha256(&archived));
    let rows = csv_rows(&archived);
    let r = row(
        &rows,
        &[
            ("commune_id", "dong-c"),
            ("indicator_id", "dossiers_received"),
        ],
    );
    assert_eq!(r["value"], "961");

    // The overview says which release its figures belong to.
    let overview = page(&out, "index.html");
    assert!(
        overview.contains("Số liệu theo đợt công bố ngày 01/02/2026"),
        "{overview}"
    );
    // The archive page and the release page list it, in both languages.
    assert!(page(&out, "releases/index.html").contains("Số liệu quý I"));
    let en = page(&out, "en/releases/2026-02-01/index.html");
    assert!(en.contains("Data release of 1 Feb 2026"), "{en}");
    assert!(en.contains(&sha256(&out.join("data/observations.csv"))));
    let feed = page(&out, "en/atom.xml");
    assert!(
        feed.contains("<title>Data release of 1 Feb 2026</title>"),
        "{feed}"
    );
}

#[test]
fn a_corrected_figure_shows_both_values_and_the_release_dates_everywhere() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "dossiers_received: 961", "dossiers_received: 960");
    build_ok(&content, &out);

    // Before the next release the new value is shown as not yet released.
    let commune = page(&out, "en/communes/tinh-a/dong-c/index.html");
    let corrections = &commune[commune
        .find("id=\"revisions-heading\"")
        .expect("a corrections section")..];
    assert!(
        corrections.contains("961 dossiers") || corrections.contains(">961"),
        "{corrections}"
    );
    assert!(corrections.contains("960"), "{corrections}");
    assert!(
        corrections.contains("release of 1 Feb 2026"),
        "{corrections}"
    );
    assert!(
        corrections.contains("current content, not yet released"),
        "{corrections}"
    );
    assert!(
        commune.contains("class=\"flag revised\""),
        "the corrected cell is marked"
    );
    let indicator = page(&out, "en/indicators/dossiers_received/index.html");
    assert!(
        indicator.contains("id=\"revisions-heading\""),
        "the indicator page lists it"
    );
    let log = csv_rows(&out.join("data/revisions.csv"));
    let first = row(
        &log,
        &[
            ("indicator_id", "dossiers_received"),
            ("change", "first_published"),
        ],
    );
    assert_eq!(
        (first["value"].as_str(), first["release_id"].as_str()),
        ("961", "2026-02-01")
    );
    let now = row(
        &log,
        &[("indicator_id", "dossiers_received"), ("change", "revised")],
    );
    assert_eq!(
        (now["value"].as_str(), now["release_id"].as_str()),
        ("960", "")
    );
    // The database carries the same log.
    {
        let db = rusqlite::Connection::open(out.join("data/minhbach.sqlite")).unwrap();
        let steps: Vec<(i64, Option<String>, String, Option<f64>)> = db
            .prepare(
                "SELECT step, release_id, change, value FROM revisions \
                 WHERE commune_id = 'dong-c' AND indicator_id = 'dossiers_received' ORDER BY step",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            steps,
            vec![
                (
                    1,
                    Some("2026-02-01".into()),
                    "first_published".into(),
                    Some(961.0)
                ),
                (2, None, "revised".into(), Some(960.0)),
            ]
        );
    }
    // So does the workbook, on a sheet of its own after the figures.
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("data/minhbach.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names().last().map(String::as_str),
        Some("revisions")
    );
    let sheet = book.worksheet_range("revisions").unwrap();
    let cells: Vec<String> = sheet
        .rows()
        .map(|r| format!("{}|{}|{}", r[3], r[7], r[8]))
        .collect();
    assert!(
        cells.contains(&"dossiers_received|first_published|961".to_string()),
        "{cells:?}"
    );
    assert!(
        cells.contains(&"dossiers_received|revised|960".to_string()),
        "{cells:?}"
    );
    // The rate computed from the corrected count changed too, and says so.
    row(
        &log,
        &[
            ("indicator_id", "dossiers_online_rate"),
            ("change", "revised"),
        ],
    );

    // The next release records only what changed; each release keeps its own figures.
    let (ok, stdout, _) = release(&content, &out, &["--date", "2026-03-01"]);
    assert!(ok);
    assert!(
        stdout.contains("0 new figures, 2 revised, 0 withdrawn"),
        "{stdout}"
    );
    let rec = record(&content, "2026-03-01");
    assert_eq!(rec["previous"].as_str(), Some("2026-02-01"));
    let changed = rec["figures"]["tinh-a"]["dong-c"]["2026-q1"]
        .as_mapping()
        .unwrap();
    assert_eq!(changed.len(), 2, "{changed:?}");
    let value = |id: &str| {
        let rows = csv_rows(&out.join(format!("releases/{id}/figures.csv")));
        row(
            &rows,
            &[
                ("commune_id", "dong-c"),
                ("indicator_id", "dossiers_received"),
            ],
        )["value"]
            .clone()
    };
    assert_eq!(
        value("2026-02-01"),
        "961",
        "the first release still shows what it published"
    );
    assert_eq!(value("2026-03-01"), "960");
    let log = csv_rows(&out.join("data/revisions.csv"));
    let now = row(
        &log,
        &[("indicator_id", "dossiers_received"), ("change", "revised")],
    );
    assert_eq!(
        (now["release_id"].as_str(), now["release_date"].as_str()),
        ("2026-03-01", "2026-03-01")
    );
    let second = page(&out, "en/releases/2026-03-01/index.html");
    assert!(
        second.contains("Figures this release corrected or withdrew"),
        "{second}"
    );
    let feed = page(&out, "atom.xml");
    assert!(
        feed.contains("0 số liệu mới, 2 số liệu đính chính, 0 số liệu rút lại"),
        "{feed}"
    );
}

#[test]
fn a_withdrawn_figure_stays_visible() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "  dossiers_online: 903\n", "");
    build_ok(&content, &out);
    let log = csv_rows(&out.join("data/revisions.csv"));
    let gone = row(
        &log,
        &[("indicator_id", "dossiers_online"), ("change", "withdrawn")],
    );
    assert_eq!(gone["value"], "");
    let commune = page(&out, "en/communes/tinh-a/dong-c/index.html");
    assert!(commune.contains("Withdrawn"), "{commune}");
}

#[test]
fn nothing_changed_means_no_new_record() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    let (ok, stdout, _) = release(&content, &out, &["--date", "2026-02-02"]);
    assert!(ok);
    assert!(stdout.contains("nothing to release"), "{stdout}");
    let records = std::fs::read_dir(content.join("releases")).unwrap().count();
    assert_eq!(records, 1);
}

#[test]
fn a_second_release_on_the_same_day_gets_its_own_id() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "dossiers_received: 961", "dossiers_received: 962");
    let (ok, stdout, _) = release(&content, &out, &["--date", "2026-02-01"]);
    assert!(ok, "{stdout}");
    assert_eq!(
        record(&content, "2026-02-01-2")["previous"].as_str(),
        Some("2026-02-01")
    );
}

#[test]
fn a_release_dated_before_the_latest_is_refused() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "dossiers_received: 961", "dossiers_received: 962");
    let (ok, _, stderr) = release(&content, &out, &["--date", "2026-01-15"]);
    assert!(!ok);
    assert!(
        stderr.contains("would come before the latest release"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(content.join("releases")).unwrap().count(),
        1
    );
}

#[test]
fn a_missing_record_in_the_chain_is_an_error_that_says_which_file_to_restore() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "dossiers_received: 961", "dossiers_received: 962");
    assert!(release(&content, &out, &["--date", "2026-03-01"]).0);
    let before = files(&out);
    std::fs::remove_file(content.join("releases/2026-02-01.yaml")).unwrap();
    let o = build(&content, &out, &[]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2026-03-01.yaml"), "{stderr}");
    assert!(
        stderr.contains("content/releases/2026-02-01.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("restore"), "{stderr}");
    assert_eq!(
        files(&out),
        before,
        "a failed build leaves the site as it was"
    );
}

#[test]
fn a_damaged_record_is_an_error_with_its_line() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    let path = content.join("releases/2026-02-01.yaml");
    replace_in(&path, "dossiers_received: 961", "dossiers_received: .nan");
    let o = build(&content, &out, &[]);
    let (_, stderr) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    let line = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .position(|l| l.contains(".nan"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("2026-02-01.yaml:{line}")),
        "{stderr}"
    );
    assert!(stderr.contains("not a finite number"), "{stderr}");
}

#[test]
fn pages_with_figures_say_how_to_cite_them() {
    let (_dir, content, out) = site();
    build_ok(&content, &out);
    let commune = page(&out, "communes/tinh-a/dong-c/index.html");
    assert!(commune.contains("Cách trích dẫn"), "{commune}");
    assert!(commune.contains("số liệu chưa được ghi thành đợt công bố"));
    let feed = page(&out, "atom.xml");
    assert!(
        feed.contains("#period-2026-q1"),
        "without releases, one entry per period: {feed}"
    );
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    let commune = page(&out, "en/communes/tinh-a/dong-c/index.html");
    let cite = &commune[commune.find("id=\"cite-heading\"").unwrap()..];
    assert!(cite.contains("data release of 1 Feb 2026"), "{cite}");
    assert!(
        cite.contains("communes/tinh-a/dong-c/"),
        "the page's address: {cite}"
    );
    assert!(cite.contains("Licence:"), "{cite}");
    let free_page = std::fs::read_dir(out.join("en/pages"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let free = std::fs::read_to_string(free_page.path().join("index.html")).unwrap();
    assert!(
        !free.contains("cite-heading"),
        "pages without figures have no citation block"
    );
}

#[test]
fn the_same_releases_give_the_same_bytes() {
    let (dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "dossiers_received: 961", "dossiers_received: 962");
    assert!(release(&content, &out, &["--date", "2026-03-01"]).0);
    let again = dir.path().join("again");
    build_ok(&content, &again);
    assert_eq!(files(&out), files(&again));
}

#[test]
fn a_commune_removed_after_a_release_is_listed_as_withdrawn() {
    let (_dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    std::fs::remove_dir_all(content.join("communes/tinh-a/dong-c")).unwrap();
    build_ok(&content, &out);
    let log = csv_rows(&out.join("data/revisions.csv"));
    let gone = row(
        &log,
        &[
            ("commune_id", "dong-c"),
            ("indicator_id", "dossiers_received"),
            ("change", "withdrawn"),
        ],
    );
    assert_eq!(gone["release_id"], "");
    let indicator = page(&out, "en/indicators/dossiers_received/index.html");
    assert!(
        indicator.contains("<code>tinh-a/dong-c</code>"),
        "{indicator}"
    );
    assert!(indicator.contains("Withdrawn"));
}

/// A themes folder whose `default` theme overrides `cell.html` with the same markup, so that
/// the commune tables go through the template instead of the default theme's Rust copy of it.
fn cells_through_template(dir: &Path) -> PathBuf {
    let themes = dir.join("themes-through-template");
    let cell = std::fs::read_to_string(root().join("themes/default/templates/cell.html")).unwrap();
    std::fs::create_dir_all(themes.join("default/templates")).unwrap();
    std::fs::write(
        themes.join("default/templates/cell.html"),
        format!("{cell}{{# the default cell, as a theme's own #}}\n"),
    )
    .unwrap();
    themes
}

/// Every page of `content` built with `themes` (the repository's when `None`).
fn pages_with(content: &Path, out: &Path, themes: Option<&Path>) -> Vec<(String, Vec<u8>)> {
    let themes = themes.map_or_else(|| root().join("themes"), Path::to_path_buf);
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let o = site_command("build", content, out, &themes, &["--no-cache"], &[]);
    assert!(o.status.success(), "{:?}", text(&o));
    files(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .collect()
}

#[test]
fn commune_tables_made_in_rust_are_the_cell_template_byte_for_byte() {
    // The minimal site with a corrected figure (a revised cell), and the bundled site (notes,
    // data warnings, reported and computed rates, missing figures).
    let (dir, content, out) = site();
    assert!(release(&content, &out, &["--date", "2026-02-01"]).0);
    correct(&content, "dossiers_received: 961", "dossiers_received: 960");
    let themes = cells_through_template(dir.path());
    let bundled = root().join("content");
    for (content, marks) in [
        (
            content.as_path(),
            &["class=\"flag revised\"", "class=\"missing\""][..],
        ),
        (
            bundled.as_path(),
            &[
                "class=\"reported\"",
                "class=\"computed\"",
                "class=\"note-ref\"",
                "<span class=\"flag\"",
                "class=\"missing\"",
            ][..],
        ),
    ] {
        let fast = pages_with(content, &dir.path().join("fast/public"), None);
        let slow = pages_with(content, &dir.path().join("slow/public"), Some(&themes));
        let communes = |pages: &[(String, Vec<u8>)]| -> String {
            pages
                .iter()
                .filter(|(rel, _)| rel.contains("communes/") && !rel.contains("/reports/"))
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .collect()
        };
        let all = communes(&fast);
        for mark in marks {
            assert!(all.contains(mark), "{mark} is in some commune table");
        }
        assert_eq!(fast.len(), slow.len());
        for ((rel, a), (_, b)) in fast.iter().zip(&slow) {
            assert!(a == b, "{rel} differs between the two ways of making cells");
        }
    }
}
