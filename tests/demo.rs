//! `minhbach demo`: synthetic content that builds, says it is synthetic, and is reproducible.

mod common;
use common::*;

fn demo(out: &std::path::Path, seed: &str) -> std::process::Output {
    run(
        out.parent().unwrap(),
        &[
            "demo",
            "--out",
            out.to_str().unwrap(),
            "--provinces",
            "2",
            "--communes",
            "6",
            "--periods",
            "4",
            "--seed",
            seed,
        ],
        &[],
    )
}

#[test]
fn demo_content_builds_and_every_page_says_it_is_synthetic() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("demo");
    let o = demo(&content, "7");
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(text(&o).0.contains("wrote synthetic content to"));
    // `--quiet` prints only errors: nothing at all when the content is written.
    let quiet = run(
        dir.path(),
        &[
            "demo",
            "--out",
            "quiet",
            "--provinces",
            "1",
            "--communes",
            "2",
            "--periods",
            "2",
            "-q",
        ],
        &[],
    );
    assert!(quiet.status.success(), "{}", text(&quiet).1);
    assert_eq!(text(&quiet), (String::new(), String::new()));
    assert!(dir.path().join("quiet/site.yaml").is_file());
    let check = run(dir.path(), &["check", "--content", "demo"], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check).1);
    let out = dir.path().join("site");
    build_ok(&content, &out);
    let pages: Vec<_> = files(&out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .collect();
    assert!(pages.len() > 30);
    for (path, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        let notice = if path.starts_with("en/") {
            "The figures on this site are synthetic"
        } else {
            "Số liệu trên trang này là số liệu mô phỏng"
        };
        assert!(
            html.contains(notice),
            "{path} does not say the data is synthetic"
        );
    }
    // Six communes over two provinces, four months each, a report for each quarter reached.
    let all = files(&content);
    assert_eq!(all.keys().filter(|k| k.contains("/data/")).count(), 24);
    assert_eq!(
        all.keys().filter(|k| k.ends_with("commune.yaml")).count(),
        6
    );
    assert!(all.keys().any(|k| k.ends_with("reports/2026-q3.md")));
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    assert!(demo(&a, "1").status.success());
    assert!(demo(&b, "1").status.success());
    assert!(demo(&c, "2").status.success());
    assert_eq!(files(&a), files(&b));
    assert_ne!(files(&a), files(&c));
    // It never writes into a folder that already holds files.
    let again = demo(&a, "1");
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).1.contains("is not empty"));
}
