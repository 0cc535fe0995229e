//! Targets as content: each names the document that sets it, applies only within its scope
//! (the nation, a province, one commune) and its days, and every key figure says in words
//! whether it is met — or that no target was published.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The minimal fixture with a second province (a copy of the first, without targets) and
/// targets for the first province and for one of its communes.
fn site_with_targets(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    copy_dir(&fixture("minimal"), &content);
    let communes = content.join("communes");
    copy_dir(&communes.join("tinh-a"), &communes.join("tinh-b"));
    replace_in(&communes.join("tinh-b/_province.yaml"), "Tỉnh Á", "Tỉnh Bê");
    append(
        &communes.join("tinh-a/_province.yaml"),
        "targets:
  - indicator: dossiers_online_rate
    min: 95
    year: 2026
    source:
      title: \"Kế hoạch chuyển đổi số năm 2026\"
      number: \"5/KH-UBND\"
      date: 2026-01-10
      issued_by: \"UBND tỉnh Á\"
      url: \"https://example.org/ke-hoach-5\"
",
    );
    append(
        &communes.join("tinh-a/xa-b/commune.yaml"),
        "targets:
  - indicator: dossiers_online_rate
    min: 99.5
    from: 2026-01-01
    to: 2026-01-31
    source: {title: \"Báo cáo tháng 01/2026\", report: tinh-a/xa-b/2026-01}
",
    );
    content
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The key figure's target lines, without tags.
fn goal_lines(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("<p class=\"target ").skip(1) {
        let part = &part[part.find('>').unwrap() + 1..];
        let end = part.find("</p>").unwrap();
        out.push(strip_tags(&part[..end]));
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in s.chars() {
        match ch {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of `html`, each tag a space.
fn words(html: &str) -> String {
    strip_tags(&html.replace('<', " <"))
}

#[test]
fn a_target_applies_only_within_its_scope_and_days() {
    let dir = tempfile::tempdir().unwrap();
    let content = site_with_targets(dir.path());
    let out = dir.path().join("public");
    build_ok(&content, &out);

    // Bà Rịa's own target (January only) wins over its province's: 14706/14722 = 99.89%.
    let own = page(&out, "communes/tinh-a/xa-b/index.html");
    assert_eq!(
        goal_lines(&own),
        ["✓ Đạt mục tiêu ≥ 99,5% (mục tiêu riêng của xã Bà Rịa, từ 01/01/2026 đến 31/01/2026)"]
    );
    assert!(
        own.contains("<a href=\"../../../communes/tinh-a/xa-b/reports/2026-01.html\">Theo Báo cáo tháng 01/2026</a>"),
        "the source links to the report that states it"
    );
    // Đông Các has no target of its own: its province's applies (903/961 = 93.96%).
    let province = page(&out, "communes/tinh-a/dong-c/index.html");
    assert_eq!(
        goal_lines(&province),
        ["✗ Chưa đạt mục tiêu ≥ 95%: còn thiếu 1,04 điểm % (mục tiêu của Tỉnh Á, năm 2026)"]
    );
    assert!(province.contains(
        "<a href=\"https://example.org/ke-hoach-5\">Theo Kế hoạch chuyển đổi số năm 2026, số 5/KH-UBND, ngày 10/01/2026 (UBND tỉnh Á)</a>"
    ));
    // Tỉnh Á's target never reaches Tỉnh Bê: the catalogue's national target applies there.
    let other = page(&out, "communes/tinh-b/dong-c/index.html");
    assert_eq!(
        goal_lines(&other),
        ["✓ Đạt mục tiêu ≥ 90% (mục tiêu chung cả nước)"]
    );
    // In English too.
    let en = page(&out, "en/communes/tinh-a/dong-c/index.html");
    assert_eq!(
        goal_lines(&en),
        ["✗ Target not met: ≥ 95%, 1.04 pp short (target set for Tỉnh Á, in 2026)"]
    );

    // The indicator page lists every target with its document; targets.csv has them all.
    let indicator = page(&out, "indicators/dossiers_online_rate/index.html");
    for s in [
        "mục tiêu chung cả nước",
        "mục tiêu của Tỉnh Á, năm 2026",
        "Bà Rịa, Tỉnh Á",
    ] {
        assert!(indicator.contains(s), "indicator page lacks {s}");
    }
    let rows = csv_rows(&out.join("data/targets.csv"));
    let scopes: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["scope"].as_str(),
                r["province_id"].as_str(),
                r["commune_id"].as_str(),
                r["target_min"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        scopes,
        [
            ("national", "", "", "90"),
            ("province", "tinh-a", "", "95"),
            ("commune", "tinh-a", "xa-b", "99.5"),
        ]
    );
    assert_eq!(rows[1]["applies_from"], "2026-01-01");
    assert_eq!(rows[1]["applies_to"], "2026-12-31");
    assert_eq!(rows[2]["source_report"], "tinh-a/xa-b/2026-01");
}

#[test]
fn the_province_page_ranks_each_commune_and_sets_its_median_against_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let content = site_with_targets(dir.path());
    let out = dir.path().join("public");
    build_ok(&content, &out);

    let html = page(&out, "provinces/tinh-a/index.html");
    // The communes' table, after the reporting section (which links names too).
    let table = html
        .find("id=\"communes-heading\"")
        .expect("the communes' section");
    let row = |name: &str| {
        let at = table
            + html[table..]
                .find(&format!(">{name}</a>"))
                .unwrap_or_else(|| panic!("no row {name}"));
        let end = at + html[at..].find("</tr>").unwrap();
        strip_tags(&html[at..end])
    };
    // Each commune's figure with its rank in the province and the target that applies to it.
    let b = row("Bà Rịa");
    assert!(
        b.contains("99,89%") && b.contains("hạng 1/2 ở Tỉnh Á"),
        "{b}"
    );
    assert!(
        b.contains("✓ đạt mục tiêu ≥ 99,5%"),
        "Bà Rịa's own target: {b}"
    );
    let d = row("Đông Các");
    assert!(
        d.contains("93,96%") && d.contains("hạng 2/2 ở Tỉnh Á"),
        "{d}"
    );
    assert!(
        d.contains("✗ chưa đạt mục tiêu ≥ 95%"),
        "the province's target: {d}"
    );
    // The province's median against the site's, and how many communes meet their target.
    let glance = {
        let at = html.find("id=\"glance\"").expect("a glance table");
        words(&html[at..at + html[at..].find("</table>").unwrap()])
    };
    assert!(
        glance.contains("Trung vị của Tỉnh Á Trung vị của các xã trên trang Mục tiêu"),
        "{glance}"
    );
    assert!(
        glance.contains("96,93% 2 xã báo cáo 96,93% 4 xã báo cáo 1/2 xã đạt mục tiêu"),
        "{glance}"
    );
    // Tỉnh Bê has no target of its own: the national one applies to both its communes.
    let other = page(&out, "en/provinces/tinh-b/index.html");
    assert!(
        words(&other).contains("2 of 2 communes meet their target"),
        "{}",
        words(&other)
    );
}

#[test]
fn a_key_figure_without_a_target_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    replace_in(
        &content.join("indicators.yaml"),
        "    target: {min: 90, note: {vi: \"Mục tiêu thử\", en: \"Test target\"}}\n",
        "",
    );
    let out = dir.path().join("public");
    build_ok(&content, &out);
    let html = page(&out, "communes/tinh-a/dong-c/index.html");
    assert_eq!(goal_lines(&html), ["Chưa có mục tiêu được công bố"]);
    let en = page(&out, "en/communes/tinh-a/dong-c/index.html");
    assert_eq!(goal_lines(&en), ["No target published"]);
}

#[test]
fn a_wrong_target_is_an_error_naming_the_line_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    append(
        &content.join("communes/tinh-a/_province.yaml"),
        "targets:
  - indicator: dossiers_online_rat
    min: 95
    source: {title: \"Kế hoạch\"}
  - indicator: dossiers_online_rate
    min: 95
    year: 2026
    from: 2026-01-01
    source: {title: \"Kế hoạch\"}
  - indicator: dossiers_online_rate
    min: 120
    source: {title: \"Kế hoạch\"}
  - indicator: dossiers_online_rate
    min: 90
    source: {title: \"Kế hoạch\", report: tinh-a/xa-b/2099-01}
  - indicator: dossiers_online_rate
    min: 80
    year: 2026
    source: {title: \"Kế hoạch khác\"}
",
    );
    let o = run(
        &root(),
        &[
            "--lang",
            "en",
            "check",
            "--content",
            content.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let (_, err) = text(&o);
    for (at, what) in [
        (
            "_province.yaml:4:5",
            "this target names an indicator the catalogue does not have",
        ),
        ("_province.yaml:4:5", "did you mean `dossiers_online_rate`?"),
        (
            "_province.yaml:9:5",
            "a target has either `year:` or `from:`/`to:`, not both",
        ),
        (
            "_province.yaml:13:5",
            "the target is outside the possible values",
        ),
        (
            "_province.yaml:17:5",
            "a target's source names a report the site does not have",
        ),
        (
            "_province.yaml:18:5",
            "two targets of the same indicator apply to the same days",
        ),
    ] {
        let found = err
            .split("\n\n")
            .any(|block| block.contains(at) && block.contains(what));
        assert!(found, "no `{what}` at {at} in:\n{err}");
    }
}
