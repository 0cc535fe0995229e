//! Guards against publishing placeholders and likely typing mistakes: the warnings a site made by
//! `minhbach init` gets until its placeholders are replaced, percentages typed as fractions, and
//! unknown keys (every one of a file, with the keys allowed and the likely fix), in both languages.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A new site made by `minhbach init` in a fresh folder: (tempdir, site folder).
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["init", "site"], &[]);
    assert!(o.status.success(), "{:?}", text(&o));
    let site = dir.path().join("site");
    (dir, site)
}

/// `minhbach check` in `site` with `--lang`: (exit code, stderr).
fn check(site: &Path, lang: &str) -> (Option<i32>, String) {
    let o = run(site, &["check", "--lang", lang], &[]);
    (o.status.code(), text(&o).1)
}

/// The printed block of the problem at `position` (`file:line[:column]`).
fn block<'a>(err: &'a str, position: &str) -> &'a str {
    err.split("\n\n")
        .find(|b| b.contains(&format!("{position}\n")))
        .unwrap_or_else(|| panic!("nothing at {position} in:\n{err}"))
}

#[test]
fn init_site_builds_with_warnings_that_say_what_to_replace() {
    let (_dir, site) = new_site();
    let (code, err) = check(&site, "en");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        block(&err, "content/site.yaml:8:1"),
        "warning: base_url is still an example address (example.org), not where the site will be published\n  --> content/site.yaml:8:1\n   = key: base_url\n   = found: `https://example.org/`\n   = expected: the real address of the published site, e.g. https://<your agency's domain>/nq57/\n   = help: replace it in site.yaml: the sitemap, the news feed and the links people share are made from it"
    );
    assert_eq!(
        block(&err, "content/site.yaml:11:1"),
        "warning: publisher is still the placeholder written by minhbach init\n  --> content/site.yaml:11:1\n   = key: publisher\n   = found: `THAY BẰNG TÊN CƠ QUAN CỦA BẠN / YOUR AGENCY`\n   = expected: the name of the agency that publishes the site, e.g. \"Sở Khoa học và Công nghệ tỉnh …\"\n   = help: replace `THAY BẰNG TÊN CƠ QUAN CỦA BẠN / YOUR AGENCY` in site.yaml with your agency's name: it is shown on the pages and in the data files"
    );
    assert!(
        block(&err, "content/pages/about.en.md:9:1").starts_with(
            "warning: this page still holds the placeholder text written by minhbach\n"
        ),
        "{err}"
    );
    let (_, vi) = check(&site, "vi");
    assert_eq!(
        block(&vi, "content/site.yaml:8:1"),
        "cảnh báo: base_url vẫn là địa chỉ mẫu (example.org), không phải nơi sẽ đăng trang\n  --> content/site.yaml:8:1\n   = khóa: base_url\n   = tìm thấy: `https://example.org/`\n   = cần: địa chỉ thật của trang khi đăng, ví dụ https://<tên miền của cơ quan>/nq57/\n   = gợi ý: hãy sửa trong site.yaml: sơ đồ trang (sitemap), bản tin (feed) và các đường dẫn mọi người chia sẻ đều dựa vào địa chỉ này"
    );
    assert!(
        block(&vi, "content/site.yaml:11:1")
            .starts_with("cảnh báo: publisher vẫn là chỗ điền tạm do minhbach init ghi\n"),
        "{vi}"
    );
    assert!(
        block(&vi, "content/pages/about.vi.md:9:1")
            .starts_with("cảnh báo: Trang này vẫn còn đoạn văn điền tạm do minhbach ghi\n"),
        "{vi}"
    );

    // The same warnings reach tools through JSON, and the build still succeeds.
    let o = run(&site, &["check", "--format", "json"], &[]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["valid"], true);
    let keys: Vec<(&str, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "content/site.yaml")
        .map(|d| (d["key"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(keys, [("base_url", 8), ("publisher", 11)]);
    let o = run(&site, &["build"], &[]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(err.contains("content/site.yaml:8:1"), "{err}");

    // Replaced, they are gone.
    let settings = site.join("content/site.yaml");
    replace_in(
        &settings,
        "https://example.org/",
        "https://nq57.nghean.gov.vn/",
    );
    replace_in(
        &settings,
        "THAY BẰNG TÊN CƠ QUAN CỦA BẠN / YOUR AGENCY",
        "Văn phòng UBND tỉnh",
    );
    for lang in ["vi", "en"] {
        let page = site.join(format!("content/pages/about.{lang}.md"));
        let text = std::fs::read_to_string(&page).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.contains("about.")).collect();
        std::fs::write(&page, kept.join("\n")).unwrap();
    }
    let (_, err) = check(&site, "en");
    assert!(!err.contains("other files"), "{err}");
}

#[test]
fn a_report_left_as_new_wrote_it_is_warned_at_the_placeholder_line() {
    let (_dir, site) = new_site();
    let args = [
        "new",
        "report",
        "nghe-an/dien-chau",
        "2026-02",
        "--start",
        "2026-02-01",
        "--end",
        "2026-02-28",
    ];
    assert!(run(&site, &args, &[]).status.success());
    let file = "content/communes/nghe-an/dien-chau/reports/2026-02.md";
    let (code, err) = check(&site, "en");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        block(&err, &format!("{file}:13:1")),
        format!(
            "warning: this report still holds the placeholder text written by minhbach\n  --> {file}:13:1\n   = found: \"Write here, in your own words, what the report says…\"\n   = expected: the report's own text\n   = help: replace that line with your own words, or delete it"
        )
    );
    let (_, vi) = check(&site, "vi");
    assert_eq!(
        block(&vi, &format!("{file}:13:1")),
        format!(
            "cảnh báo: Báo cáo này vẫn còn đoạn văn điền tạm do minhbach ghi\n  --> {file}:13:1\n   = tìm thấy: \"Write here, in your own words, what the report says…\"\n   = cần: nội dung thật của báo cáo\n   = gợi ý: hãy thay dòng đó bằng lời của bạn, hoặc xóa nó đi"
        )
    );
    // A report written in Vietnamese (`--lang vi`) is recognised too.
    let args = [
        &args[..3],
        &[
            "2026-03",
            "--start",
            "2026-03-01",
            "--end",
            "2026-03-31",
            "--lang",
            "vi",
        ],
    ]
    .concat();
    assert!(run(&site, &args, &[]).status.success());
    let (_, err) = check(&site, "en");
    assert!(
        block(&err, "reports/2026-03.md:13:1")
            .contains("found: \"Viết ở đây, bằng lời của mình, nội dung chính của báo cáo…\""),
        "{err}"
    );
}

#[test]
fn percentages_all_below_one_are_warned_as_fractions() {
    let (_dir, site) = new_site();
    let file = "content/communes/nghe-an/dien-chau/data/2026-02-01_2026-02-28.yaml";
    let period = "period:\n  start: 2026-02-01\n  end: 2026-02-28\nsource:\n  title: \"Báo cáo tháng 02/2026\"\nvalues:\n  dossiers_online_rate: 0.98\n  digitization_rate: 0.5\n";
    std::fs::write(site.join(file), period).unwrap();
    let (code, err) = check(&site, "en");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        block(&err, &format!("{file}:7")),
        format!(
            "warning: every percentage in this file is between 0 and 1: were they typed as fractions?\n  --> {file}:7\n   = key: values.dossiers_online_rate\n   = found: dossiers_online_rate: 0.98, digitization_rate: 0.5\n   = expected: percentages from 0 to 100: 98, not 0.98\n   = help: multiply each by 100 as the report writes it (98, not 0.98); if the report really gives percentages this small, leave them"
        )
    );
    let (_, vi) = check(&site, "vi");
    assert_eq!(
        block(&vi, &format!("{file}:7")),
        format!(
            "cảnh báo: mọi tỷ lệ phần trăm trong tệp này đều từ 0 đến 1: có phải đã ghi dạng số thập phân thay vì phần trăm?\n  --> {file}:7\n   = khóa: values.dossiers_online_rate\n   = tìm thấy: dossiers_online_rate: 0.98, digitization_rate: 0.5\n   = cần: tỷ lệ phần trăm từ 0 đến 100: 98, không phải 0.98\n   = gợi ý: hãy nhân mỗi số với 100 như báo cáo ghi (98, không phải 0.98); nếu báo cáo thật sự nêu tỷ lệ nhỏ như vậy thì giữ nguyên"
        )
    );
    // One real percentage among them: nothing to say.
    replace_in(&site.join(file), "0.5\n", "45\n");
    let (_, err) = check(&site, "en");
    assert!(!err.contains("fractions"), "{err}");
}

#[test]
fn every_unknown_key_is_named_with_the_allowed_keys_and_the_likely_fix() {
    let (_dir, site) = new_site();
    let dir = site.join("content/communes/nghe-an/xa-x");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(
        dir.join("commune.yaml"),
        "name: \"Xã X\"\nkind: xa\npopulaton: 100\n",
    )
    .unwrap();
    let period = "period:\n  start: 2026-02-01\n  end: 2026-02-28\n  kidn: regular\nsorce:\n  title: \"Báo cáo tháng 02/2026\"\nvalues:\n  dossiers_received: 961\ndossiers_online: 903\n";
    std::fs::write(dir.join("data/2026-02.yaml"), period).unwrap();
    let file = "content/communes/nghe-an/xa-x/data/2026-02.yaml";
    let (code, err) = check(&site, "en");
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        block(&err, &format!("{file}:5:1")),
        format!(
            "error: unknown key `sorce`\n  --> {file}:5:1\n   = key: sorce\n   = found: `sorce:` at the top level of the file\n   = expected: one of the keys allowed here: period, source, values\n   = help: did you mean `source`?"
        )
    );
    assert_eq!(
        block(&err, &format!("{file}:9:1")),
        format!(
            "error: unknown key `dossiers_online`\n  --> {file}:9:1\n   = key: dossiers_online\n   = found: `dossiers_online:` at the top level of the file\n   = expected: one of the keys allowed here: period, source, values\n   = help: `dossiers_online` looks like a figure written at the start of the line: indent it under `values:` with two spaces, like the other figures"
        )
    );
    assert!(
        block(&err, &format!("{file}:4:3")).contains(
            "   = key: period.kidn\n   = found: `kidn:` inside `period:`\n   = expected: one of the keys allowed here: start, end, kind, label\n   = help: did you mean `kind`?"
        ),
        "{err}"
    );
    assert!(
        block(&err, "xa-x/commune.yaml:3:1").contains("help: did you mean `population`?"),
        "{err}"
    );
    assert!(err.contains("check failed: 4 error(s)"), "{err}");
    let (_, vi) = check(&site, "vi");
    assert_eq!(
        block(&vi, &format!("{file}:9:1")),
        format!(
            "lỗi: khóa `dossiers_online` không được dùng ở đây\n  --> {file}:9:1\n   = khóa: dossiers_online\n   = tìm thấy: `dossiers_online:` ở cấp ngoài cùng của tệp\n   = cần: một trong các khóa được dùng ở đây: period, source, values\n   = gợi ý: `dossiers_online` có vẻ là một số liệu bị viết sát lề trái: hãy thụt lề vào trong `values:` bằng hai dấu cách, như các số liệu khác"
        )
    );
    assert!(
        block(&vi, &format!("{file}:5:1")).contains("   = gợi ý: có phải là `source`?"),
        "{vi}"
    );
}

#[test]
fn unknown_keys_in_front_matter_and_the_catalogue_are_named_too() {
    let (_dir, site) = new_site();
    let page = site.join("content/pages/about.en.md");
    replace_in(&page, "weight: 1\n", "wieght: 1\n");
    let catalogue = site.join("content/indicators.yaml");
    let text = std::fs::read_to_string(&catalogue).unwrap();
    let text = text.replacen("    unit: count\n", "    unit: count\n    colour: red\n", 1);
    std::fs::write(&catalogue, text).unwrap();
    let (code, err) = check(&site, "en");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        block(&err, "content/pages/about.en.md:3:1")
            .contains("   = key: wieght\n   = found: `wieght:` at the top level of the file\n   = expected: one of the keys allowed here: title, description, weight\n   = help: did you mean `weight`?"),
        "{err}"
    );
    let at = err
        .split("\n\n")
        .find(|b| b.contains("error: unknown key `colour`"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(at.contains("content/indicators.yaml:"), "{at}");
    assert!(
        at.contains("found: `colour:` inside `indicators[1]:`"),
        "{at}"
    );
}
