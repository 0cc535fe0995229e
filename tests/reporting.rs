//! Who has reported (issue 30, item 3): the province page, the overview and `check` show which
//! communes have not reported their province's latest round, and with `report_due_days`, who
//! reported late.

mod common;
use common::*;
use std::path::Path;

/// The text a reader sees in the `<section>` that holds the element with id `id`.
fn section(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let start = html[..at].rfind("<section").unwrap_or(at);
    let end = html[at..].find("</section>").map_or(html.len(), |e| at + e);
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A demo of one province of five communes, four months, two of them missing October.
fn demo_missing_two(dir: &Path) -> std::path::PathBuf {
    let content = dir.join("demo");
    let o = run(
        dir,
        &[
            "demo",
            "--out",
            "demo",
            "--provinces",
            "1",
            "--communes",
            "5",
            "--periods",
            "4",
            "--missing-latest",
            "2",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o).1);
    content
}

#[test]
fn a_demo_with_missing_communes_shows_who_has_not_reported_and_who_was_late() {
    let dir = tempfile::tempdir().unwrap();
    let content = demo_missing_two(dir.path());
    let site = dir.path().join("site");
    build_ok(&content, &site);

    let vi = page(&site, "provinces/ha-noi/index.html");
    let reporting = section(&vi, "reporting-heading");
    assert!(reporting.starts_with("Tình hình báo cáo"), "{reporting}");
    assert!(
        reporting.contains("Kỳ 01/10–31/10/2026 3/5 xã đã báo cáo (hạn nộp 05/11/2026)"),
        "{reporting}"
    );
    assert!(reporting.contains("2 xã chưa báo cáo"), "{reporting}");
    assert!(
        reporting.contains("1 xã báo cáo trễ hạn Tân Lập (09/11/2026)"),
        "{reporting}"
    );
    // The earlier months: every commune reported, without a date (lateness unknown).
    assert!(
        reporting.contains("Kỳ 01/09–30/09/2026 5/5 xã đã báo cáo"),
        "{reporting}"
    );
    assert!(
        reporting.contains("5 báo cáo không ghi ngày nên chưa rõ có trễ hạn hay không."),
        "{reporting}"
    );
    // The communes missing October are named and linked to their pages, the list unfolded.
    let names = missing_names(&content);
    assert_eq!(names.len(), 2, "{names:?}");
    for (id, name) in &names {
        assert!(
            vi.contains(&format!(
                "<a href=\"../../communes/ha-noi/{id}/index.html\">{name}</a>"
            )),
            "{id} is not linked"
        );
    }
    assert!(vi.contains("<details class=\"round-list\" open><summary>2 xã chưa báo cáo"));

    let en = section(
        &page(&site, "en/provinces/ha-noi/index.html"),
        "reporting-heading",
    );
    assert!(
        en.contains("Period 1 Oct – 31 Oct 2026 3 of 5 communes reported (due 5 Nov 2026)"),
        "{en}"
    );
    assert!(en.contains("2 communes have not reported"), "{en}");
    assert!(
        en.contains("1 commune reported late Tân Lập (9 Nov 2026)"),
        "{en}"
    );

    let overview = section(&page(&site, "index.html"), "provinces-heading");
    assert!(
        overview.contains("Hà Nội (5 xã, phường) 3/5 xã đã báo cáo kỳ 01/10–31/10/2026"),
        "{overview}"
    );
    let overview = section(&page(&site, "en/index.html"), "provinces-heading");
    assert!(
        overview.contains("3 of 5 communes reported for 1 Oct – 31 Oct 2026"),
        "{overview}"
    );
}

/// `(id, name)` of the demo communes without an October file.
fn missing_names(content: &Path) -> Vec<(String, String)> {
    let province = content.join("communes/ha-noi");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&province).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() || dir.join("data/2026-10.yaml").exists() {
            continue;
        }
        let yaml = std::fs::read_to_string(dir.join("commune.yaml")).unwrap();
        let name = yaml
            .lines()
            .find_map(|l| l.strip_prefix("name: "))
            .unwrap()
            .trim_matches('"')
            .to_string();
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        out.push((id, name));
    }
    out.sort();
    out
}

#[test]
fn check_lists_the_communes_missing_from_the_latest_round_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let content = demo_missing_two(dir.path());
    let names = missing_names(&content);
    let vi = run(
        dir.path(),
        &["check", "--content", "demo", "--lang", "vi"],
        &[],
    );
    assert_eq!(vi.status.code(), Some(0), "{}", text(&vi).1);
    let out = text(&vi).0;
    assert!(
        out.contains("chưa báo cáo (kỳ gần nhất của mỗi tỉnh; chỉ để biết, không phải lỗi):"),
        "{out}"
    );
    assert!(
        out.contains("  Hà Nội, kỳ 01/10–31/10/2026: 2/5 xã chưa báo cáo: "),
        "{out}"
    );
    for (_, name) in &names {
        assert!(out.contains(name.as_str()), "{name} missing from {out}");
    }
    // The verdict stays the last line.
    assert!(out.trim_end().ends_with("cảnh báo"), "{out}");

    let en = run(dir.path(), &["check", "--content", "demo"], &[]);
    assert_eq!(en.status.code(), Some(0));
    assert!(
        text(&en)
            .0
            .contains("  Hà Nội, 1 Oct – 31 Oct 2026: 2 of 5 communes have not reported: "),
        "{}",
        text(&en).0
    );

    let json = run(
        dir.path(),
        &["check", "--content", "demo", "--format", "json"],
        &[],
    );
    assert_eq!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(v["valid"], true);
    let list = v["not_reported"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{v}");
    assert_eq!(list[0]["province"], "ha-noi");
    assert_eq!(list[0]["start"], "2026-10-01");
    assert_eq!(list[0]["end"], "2026-10-31");
    assert_eq!(list[0]["reported"], 3);
    assert_eq!(list[0]["communes"], 5);
    let missing: Vec<String> = list[0]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["commune"].as_str().unwrap().to_string())
        .collect();
    let mut expected: Vec<String> = names.iter().map(|(id, _)| format!("ha-noi/{id}")).collect();
    expected.sort();
    let mut sorted = missing.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
}

#[test]
fn without_a_due_date_nobody_is_late_and_a_quarter_and_months_are_rounds_of_their_own() {
    // The minimal fixture: xã Bà Rịa reports January and February, phường Đông Các the first
    // quarter;
    // _province.yaml sets no due date.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let site = dir.path().join("site");
    build_ok(&content, &site);
    let html = page(&site, "provinces/tinh-a/index.html");
    let reporting = section(&html, "reporting-heading");
    assert!(
        reporting.contains("Kỳ 01/01–31/03/2026 1/2 xã đã báo cáo 1 xã chưa báo cáo Bà Rịa"),
        "{reporting}"
    );
    assert!(
        reporting.contains("Kỳ 01/02–28/02/2026 1/2 xã đã báo cáo"),
        "{reporting}"
    );
    for word in ["hạn nộp", "trễ hạn", "không ghi ngày"] {
        assert!(!reporting.contains(word), "{word}: {reporting}");
    }
    let o = run(dir.path(), &["check", "--lang", "vi"], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o)
            .0
            .contains("  Tỉnh Á, kỳ 01/01–31/03/2026: 1/2 xã chưa báo cáo: Bà Rịa"),
        "{}",
        text(&o).0
    );
}

#[test]
fn a_due_date_marks_a_report_dated_after_it_late() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let province = content.join("communes/tinh-a/_province.yaml");
    replace_in(&province, "kind: tinh", "kind: tinh\nreport_due_days: 10");
    // Đông Các dated its quarter 15 April: five days after 10 April, the due day.
    let quarter = content.join("communes/tinh-a/dong-c/data/2026-q1.yaml");
    replace_in(&quarter, "source:\n", "source:\n  date: 2026-04-15\n");
    let site = dir.path().join("site");
    build_ok(&content, &site);
    let reporting = section(
        &page(&site, "provinces/tinh-a/index.html"),
        "reporting-heading",
    );
    assert!(
        reporting.contains("Kỳ 01/01–31/03/2026 1/2 xã đã báo cáo (hạn nộp 10/04/2026)"),
        "{reporting}"
    );
    assert!(
        reporting.contains("1 xã báo cáo trễ hạn Đông Các (15/04/2026)"),
        "{reporting}"
    );
}

#[test]
fn a_due_date_that_is_not_a_whole_number_of_days_is_an_error_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let province = content.join("communes/tinh-a/_province.yaml");
    replace_in(&province, "kind: tinh", "kind: tinh\nreport_due_days: -3");
    let en = run(dir.path(), &["check"], &[]);
    assert_eq!(en.status.code(), Some(1));
    let err = text(&en).1;
    assert!(
        err.contains("error: `report_due_days` must be a whole number of days from 0 to 366\n  --> content/communes/tinh-a/_province.yaml:3:1"),
        "{err}"
    );
    assert!(err.contains("found: `-3`"), "{err}");
    let vi = run(dir.path(), &["check", "--lang", "vi"], &[]);
    let err = text(&vi).1;
    assert!(
        err.contains("lỗi: `report_due_days` phải là một số ngày nguyên từ 0 đến 366"),
        "{err}"
    );
    // Text where a number belongs is the parser's "wrong kind of value", also with the line.
    replace_in(&province, "report_due_days: -3", "report_due_days: \"năm\"");
    let o = run(dir.path(), &["check"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("_province.yaml:3"), "{}", text(&o).1);
}

#[test]
fn the_bundled_site_shows_each_province_its_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_ok(&root().join("content"), &site);
    let nghe_an = section(
        &page(&site, "provinces/nghe-an/index.html"),
        "reporting-heading",
    );
    assert!(
        nghe_an.contains("Kỳ 01/01–19/01/2026 1/1 xã đã báo cáo"),
        "{nghe_an}"
    );
    // Ninh Bình's cumulative files (lũy kế) are not rounds.
    let ninh_binh = section(
        &page(&site, "provinces/ninh-binh/index.html"),
        "reporting-heading",
    );
    assert!(ninh_binh.contains("Kỳ 19/03–16/04/2026"), "{ninh_binh}");
    assert!(!ninh_binh.contains("01/07/2025"), "{ninh_binh}");
    assert_eq!(ninh_binh.matches("Kỳ ").count(), 1, "{ninh_binh}");
    let overview = section(&page(&site, "index.html"), "provinces-heading");
    assert!(
        overview.contains("Nghệ An (1 xã, phường) 1/1 xã đã báo cáo kỳ 01/01–19/01/2026"),
        "{overview}"
    );
}
