//! `minhbach init` and `minhbach new …`: what they write passes `minhbach check` and builds;
//! nothing is ever overwritten; mistakes in the arguments are explained.

mod common;
use common::*;
use std::path::Path;

fn ok(cwd: &Path, args: &[&str]) -> String {
    let o = run(cwd, args, &[]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{args:?}\n{out}\n{err}");
    out
}

/// A new site made by `minhbach init` in a fresh folder: (tempdir, site folder).
fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["init", "site"]);
    assert!(out.contains("created site/content/site.yaml"), "{out}");
    assert!(out.contains("next: cd site && minhbach serve"), "{out}");
    let site = dir.path().join("site");
    (dir, site)
}

#[test]
fn init_creates_a_site_that_checks_and_builds() {
    let (_dir, site) = new_site();
    for f in [
        "content/site.yaml",
        "content/indicators.yaml",
        "content/pages/about.vi.md",
        "content/pages/about.en.md",
        "content/communes/nghe-an/_province.yaml",
        "content/communes/nghe-an/dien-chau/commune.yaml",
        "content/communes/nghe-an/dien-chau/data/2026-01-01_2026-01-19.yaml",
        "content/communes/nghe-an/dien-chau/reports/2026-01.md",
        ".gitignore",
        "README.md",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    // the catalogue is the bundled one
    assert_eq!(
        std::fs::read(site.join("content/indicators.yaml")).unwrap(),
        std::fs::read(root().join("content/indicators.yaml")).unwrap()
    );
    let out = ok(&site, &["check"]);
    assert!(out.contains("content is valid: 0 error(s)"), "{out}");
    // no themes folder needed: the default theme is built in
    let out = ok(&site, &["build"]);
    assert!(out.contains("built public"), "{out}");
    assert!(site.join("public/index.html").is_file());
    assert!(
        site.join("public/communes/nghe-an/dien-chau/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.docx"), "mine").unwrap();
    let o = run(dir.path(), &["init", "."], &[]);
    assert_eq!(o.status.code(), Some(2));
    let (_, err) = text(&o);
    assert!(err.contains("this folder is not empty"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // in Vietnamese too
    let o = run(dir.path(), &["init", ".", "--lang", "vi"], &[]);
    assert!(
        text(&o).1.contains("thư mục này không trống"),
        "{}",
        text(&o).1
    );
}

#[test]
fn new_files_pass_check_and_list_every_indicator_to_fill_in() {
    let (_dir, site) = new_site();
    ok(
        &site,
        &["new", "province", "thai-binh", "--name", "Thái Bình"],
    );
    ok(
        &site,
        &[
            "new",
            "commune",
            "thai-binh/vu-thu",
            "--name",
            "Vũ Thư",
            "--kind",
            "xa",
        ],
    );
    let out = ok(
        &site,
        &[
            "new",
            "report",
            "thai-binh/vu-thu",
            "2026-02",
            "--start",
            "2026-02-01",
            "--end",
            "2026-02-28",
        ],
    );
    assert!(out.contains("created content/communes/thai-binh/vu-thu/reports/2026-02.md"));
    let out = ok(
        &site,
        &[
            "new",
            "period",
            "thai-binh/vu-thu",
            "--start",
            "2026-02-01",
            "--end",
            "2026-02-28",
            "--report",
            "2026-02",
        ],
    );
    assert!(out.contains("99 indicators listed"), "{out}");
    ok(
        &site,
        &[
            "new",
            "period",
            "thai-binh/vu-thu",
            "--start",
            "2025-07-01",
            "--end",
            "2026-02-28",
            "--kind",
            "cumulative",
        ],
    );
    let c = site.join("content/communes/thai-binh/vu-thu");
    assert!(c.join("data/cum-2025-07-01_2026-02-28.yaml").is_file());
    let period = c.join("data/2026-02-01_2026-02-28.yaml");
    let text_of_period = std::fs::read_to_string(&period).unwrap();

    // every indicator of the catalogue is there, commented out, with its name
    let catalogue: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("content/indicators.yaml")).unwrap(),
    )
    .unwrap();
    let indicators = catalogue["indicators"].as_sequence().unwrap();
    assert_eq!(indicators.len(), 99);
    for ind in indicators {
        let id = ind["id"].as_str().unwrap();
        let line = text_of_period
            .lines()
            .find(|l| l.starts_with(&format!("  # {id}:")))
            .unwrap_or_else(|| panic!("{id} is not listed"));
        let name = ind["name"]["en"].as_str().unwrap();
        assert!(line.contains(name), "{line}");
    }
    assert!(text_of_period.contains("issued_by: \"UBND xã Vũ Thư\""));
    assert!(text_of_period.contains("  report: 2026-02\n"));

    // as written, everything checks
    let out = ok(&site, &["check"]);
    assert!(out.contains("content is valid: 0 error(s)"), "{out}");

    // an editor fills in two figures by removing `# ` and typing the numbers
    let filled = text_of_period
        .lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("  # dossiers_received:") {
                format!("  dossiers_received: 1200{rest}")
            } else if let Some(rest) = l.strip_prefix("  # dossiers_online:") {
                format!("  dossiers_online: 1100{rest}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&period, filled).unwrap();
    ok(&site, &["check"]);
    ok(&site, &["build"]);
    let rows = csv_rows(&site.join("public/data/observations.csv"));
    let r = row(
        &rows,
        &[
            ("commune_id", "vu-thu"),
            ("period_id", "2026-02-01_2026-02-28"),
            ("indicator_id", "dossiers_online_rate"),
        ],
    );
    assert_eq!(r["value_basis"], "computed");
    assert!(r["value"].starts_with("91.66"), "{r:?}");
}

#[test]
fn nothing_is_ever_overwritten() {
    let (_dir, site) = new_site();
    let province = site.join("content/communes/nghe-an/_province.yaml");
    let before = std::fs::read(&province).unwrap();
    let o = run(&site, &["new", "province", "nghe-an"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let (_, err) = text(&o);
    assert!(
        err.contains("this file already exists; minhbach never overwrites it"),
        "{err}"
    );
    assert!(
        err.contains("content/communes/nghe-an/_province.yaml"),
        "{err}"
    );
    assert_eq!(std::fs::read(&province).unwrap(), before);

    let o = run(
        &site,
        &[
            "new",
            "period",
            "nghe-an/dien-chau",
            "--start",
            "2026-01-01",
            "--end",
            "2026-01-19",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("already exists"), "{}", text(&o).1);
    // the same window under another name would be a duplicate: refused too
    let o = run(
        &site,
        &[
            "new",
            "period",
            "nghe-an/dien-chau",
            "jan",
            "--start",
            "2026-01-01",
            "--end",
            "2026-01-19",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("already covers 2026-01-01 to 2026-01-19")
    );
    assert!(
        !site
            .join("content/communes/nghe-an/dien-chau/data/jan.yaml")
            .exists()
    );
}

#[test]
fn mistakes_in_the_arguments_are_explained() {
    let (_dir, site) = new_site();
    let cases: &[(&[&str], &str)] = &[
        (&["new", "province", "Thái Bình"], "use `thai-binh`"),
        (&["new", "commune", "nghe-an"], "as <province>/<commune>"),
        (
            &["new", "commune", "nghe-ann/xa"],
            "did you mean `nghe-an`?",
        ),
        (
            &["new", "commune", "ha-noi/xa"],
            "minhbach new province ha-noi",
        ),
        (
            &[
                "new",
                "period",
                "nghe-an/dien-cha",
                "--start",
                "2026-02-01",
                "--end",
                "2026-02-28",
            ],
            "did you mean `dien-chau`?",
        ),
        (
            &[
                "new",
                "period",
                "nghe-an/dien-chau",
                "--start",
                "01/02/2026",
                "--end",
                "2026-02-28",
            ],
            "write it as `2026-02-01` (year-month-day)",
        ),
        (
            &[
                "new",
                "period",
                "nghe-an/dien-chau",
                "--start",
                "2026-02-28",
                "--end",
                "2026-02-01",
            ],
            "check whether the two dates were swapped",
        ),
        (
            &[
                "new",
                "period",
                "nghe-an/dien-chau",
                "--start",
                "2026-02-01",
                "--end",
                "2026-02-28",
                "--report",
                "2026-1",
            ],
            "did you mean `2026-01`?",
        ),
        (
            &["new", "commune", "nghe-an/x", "--kind", "huyen"],
            "possible values",
        ),
    ];
    for (args, expected) in cases {
        let o = run(&site, args, &[]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}\n{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    // nothing was written by any of them
    let out = ok(&site, &["check"]);
    assert!(out.contains("content is valid"), "{out}");
    assert!(!site.join("content/communes/ha-noi").exists());
}

#[test]
fn a_broken_catalogue_is_reported_before_writing_a_period() {
    let (_dir, site) = new_site();
    let catalogue = site.join("content/indicators.yaml");
    let text_of = std::fs::read_to_string(&catalogue).unwrap();
    std::fs::write(&catalogue, text_of.replacen("unit: count", "unit: cout", 1)).unwrap();
    let o = run(
        &site,
        &[
            "new",
            "period",
            "nghe-an/dien-chau",
            "--start",
            "2026-02-01",
            "--end",
            "2026-02-28",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let (_, err) = text(&o);
    assert!(err.contains("indicators.yaml"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        !site
            .join("content/communes/nghe-an/dien-chau/data/2026-02-01_2026-02-28.yaml")
            .exists()
    );
}

#[test]
fn new_period_comments_follow_the_language() {
    let (_dir, site) = new_site();
    ok(
        &site,
        &[
            "new",
            "period",
            "nghe-an/dien-chau",
            "--start",
            "2026-02-01",
            "--end",
            "2026-02-28",
            "--lang",
            "vi",
        ],
    );
    let text_of = std::fs::read_to_string(
        site.join("content/communes/nghe-an/dien-chau/data/2026-02-01_2026-02-28.yaml"),
    )
    .unwrap();
    assert!(text_of.contains("Cách điền"), "{text_of}");
    assert!(text_of.contains("# Xã Diễn Châu — kỳ báo cáo 01/02/2026 đến 28/02/2026"));
    assert!(text_of.contains("# dossiers_received:"));
    assert!(text_of.contains("Hồ sơ tiếp nhận mới trong kỳ · số đếm (hồ sơ) · đếm trong kỳ"));
}
