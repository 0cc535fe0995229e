//! The built site as readers get it: pages in both languages, exact figures in each language's
//! format, warnings, charts with text alternatives, links that resolve, nothing from other hosts.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not built"))
            .clone(),
    )
    .unwrap()
}

/// Every `href="…"` and `src="…"` value of an HTML text.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Builds a fixture (or the bundled content for `"bundled"`) into a temp folder's `public/`.
fn built(case: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let content = if case == "bundled" {
        root().join("content")
    } else {
        fixture(case)
    };
    build_ok(&content, &out);
    let f = files(&out);
    (dir, f)
}

fn built_bundled() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    built("bundled")
}

#[test]
fn every_page_exists_in_both_languages() {
    let (_dir, files) = built_bundled();
    for path in [
        "index.html",
        "provinces/nghe-an/index.html",
        "communes/nghe-an/dien-chau/index.html",
        "communes/hai-phong/an-truong/index.html",
        "communes/thai-nguyen/lam-vy/index.html",
        "communes/ninh-binh/xuan-giang/index.html",
        "indicators/index.html",
        "indicators/dossiers_online_rate/index.html",
        "communes/nghe-an/dien-chau/reports/2026-01.html",
        "pages/about/index.html",
        "pages/methodology/index.html",
        "downloads/index.html",
        "404.html",
    ] {
        let vi = page(&files, path);
        let en = page(&files, &format!("en/{path}"));
        assert!(vi.contains("<html lang=\"vi\">"), "{path}");
        assert!(en.contains("<html lang=\"en\">"), "en/{path}");
        assert!(
            vi.contains("<title>") && vi.contains("class=\"skip-link\""),
            "{path}"
        );
    }
    // A report page is a file of its commune's `reports/` folder, not a folder of its own.
    let report_folders: Vec<&String> = files
        .keys()
        .filter(|k| k.contains("/reports/") && k.ends_with("/index.html"))
        .collect();
    assert!(report_folders.is_empty(), "{report_folders:?}");
    let commune = page(&files, "communes/nghe-an/dien-chau/index.html");
    assert!(
        commune.contains("href=\"../../../communes/nghe-an/dien-chau/reports/2026-01.html\""),
        "{commune}"
    );
    for f in [
        "sitemap.xml",
        "atom.xml",
        "en/atom.xml",
        "robots.txt",
        "assets/style.css",
        "assets/site.js",
    ] {
        assert!(files.contains_key(f), "{f} missing");
    }
}

#[test]
fn figures_follow_each_language_format() {
    let (_dir, files) = built_bundled();
    let vi = page(&files, "communes/hai-phong/an-truong/index.html");
    let en = page(&files, "en/communes/hai-phong/an-truong/index.html");
    assert!(
        vi.contains(">14.722<") && en.contains(">14,722<"),
        "An Trường's 14,722 dossiers"
    );
    assert!(vi.contains("99,89%") && en.contains("99.89%"));
    let dc_vi = page(&files, "communes/nghe-an/dien-chau/index.html");
    let dc_en = page(&files, "en/communes/nghe-an/dien-chau/index.html");
    // the computed 93.96% is shown, the reported 97.6% beside it, with a warning in plain words
    assert!(dc_vi.contains("93,96%") && dc_vi.contains("báo cáo ghi 97,6%"));
    assert!(dc_en.contains("93.96%") && dc_en.contains("reported as 97.6%"));
    // The warning names the rate and quotes the counts (issue 28).
    assert!(
        dc_vi.contains("Tỷ lệ hồ sơ nộp trực tuyến: xã ghi 97,6%, nhưng 903/961 hồ sơ là 93,96%")
    );
    assert!(dc_en.contains(
        "Share of dossiers submitted online: the commune reported 97.6%, but 903/961 dossiers is 93.96%"
    ));
    // money in a column of millions, standing alone in triệu / tỷ
    assert!(dc_vi.contains("(triệu đồng)") && dc_en.contains("(VND million)"));
    let xg = page(&files, "communes/ninh-binh/xuan-giang/index.html");
    assert!(
        xg.contains("2.500")
            && page(&files, "en/communes/ninh-binh/xuan-giang/index.html").contains("2,500")
    );
    assert!(
        !files
            .iter()
            .any(|(k, v)| k.ends_with(".html") && String::from_utf8_lossy(v).contains("NaN"))
    );
}

#[test]
fn charts_have_titles_text_alternatives_and_their_numbers() {
    let (_dir, files) = built_bundled();
    let html = page(&files, "communes/nghe-an/dien-chau/index.html");
    // Diễn Châu has one period: no trend of one dot (issue 28), but its figure among the
    // other communes' on a comparison strip.
    assert!(!files.contains_key("charts/nghe-an/dien-chau/dossiers_online_rate.vi.svg"));
    let svg_path = "charts/nghe-an/dien-chau/dossiers_online_rate.compare.vi.svg";
    assert!(html.contains(&format!("src=\"../../../{svg_path}\"")));
    let svg = page(&files, svg_path);
    assert!(svg.contains("<title") && svg.contains("<desc"), "{svg}");
    assert!(svg.contains("viewBox"));
    let alt = html
        .split(&format!("src=\"../../../{svg_path}\" alt=\""))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        alt.contains("Diễn Châu là 93,96%") && alt.contains("trung vị là 99,87%"),
        "{alt}"
    );
    assert!(html.contains("class=\"data chart-data\""));
    let indicator = page(&files, "indicators/dossiers_online_rate/index.html");
    assert!(indicator.contains("charts/indicators/dossiers_online_rate.vi.svg"));
}

#[test]
fn every_internal_link_resolves_and_nothing_loads_from_other_hosts() {
    let (dir, files) = built_bundled();
    let out = dir.path().join("public");
    let mut checked = 0;
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.ends_with("404.html"))
    {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
            {
                // only canonical/og links and links written inside report texts may leave the site
                continue;
            }
            let (file, fragment) = link
                .split_once('#')
                .map(|(f, h)| (f.to_string(), Some(h.to_string())))
                .unwrap_or((link.clone(), None));
            let target = if file.is_empty() {
                out.join(path)
            } else {
                Path::new(&out.join(path)).parent().unwrap().join(&file)
            };
            let target = target
                .canonicalize()
                .unwrap_or_else(|_| panic!("{path}: broken link {link}"));
            assert!(
                target.starts_with(out.canonicalize().unwrap()),
                "{path}: {link} leaves the site"
            );
            assert!(
                target.is_file(),
                "{path}: {link} is not a file (links must name index.html to work from disk)"
            );
            if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                let text = std::fs::read_to_string(&target).unwrap();
                assert!(
                    text.contains(&format!("id=\"{id}\"")),
                    "{path}: {link} points at a missing anchor"
                );
            }
            checked += 1;
        }
        for bad in [
            "src=\"http",
            "src=\"//",
            "rel=\"stylesheet\" href=\"http",
            "@import",
        ] {
            assert!(
                !html.contains(bad),
                "{path} loads something from another host ({bad})"
            );
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn reports_are_rendered_and_nothing_hostile_runs() {
    let (dir, _) = built("minimal");
    let out = dir.path().join("public");
    let html =
        std::fs::read_to_string(out.join("communes/tinh-a/xa-b/reports/2026-01.html")).unwrap();
    assert!(
        html.contains("<table>") && html.contains("fn-1"),
        "table and footnote rendered"
    );
    for bad in ["<script>alert", "onerror", "javascript:"] {
        assert!(!html.contains(bad), "{bad} reached the page");
    }
    assert!(html.contains("01/BC-UBND") && html.contains("02/02/2026"));
    let en =
        std::fs::read_to_string(out.join("en/communes/tinh-a/xa-b/reports/2026-01.html")).unwrap();
    assert!(en.contains("This text is in Tiếng Việt") && en.contains("2 Feb 2026"));
}

#[test]
fn tables_sort_communes_in_vietnamese_order_and_rank_ties() {
    let (dir, _) = built("minimal");
    let out = dir.path().join("public");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let (b, d) = (
        html.find(">Bà Rịa<").unwrap(),
        html.find(">Đông Các<").unwrap(),
    );
    assert!(b < d, "Bà Rịa sorts before Đông Các");
    assert!(html.contains("data-search=\"ba ria tinh a\""));
    let ranking =
        std::fs::read_to_string(out.join("indicators/dossiers_online_rate/index.html")).unwrap();
    assert!(ranking.contains("<caption") && ranking.contains("scope=\"col\""));
    let empty =
        std::fs::read_to_string(out.join("indicators/security_level_approved/index.html")).unwrap();
    assert!(
        empty.contains("Đông Các"),
        "communes without data are listed"
    );
}

#[test]
fn feeds_and_sitemap_use_the_base_url() {
    let (_dir, files) = built_bundled();
    let atom = page(&files, "atom.xml");
    // The bundled content has recorded one release (content/releases/): one entry for it.
    assert!(
        atom.contains("<link href=\"https://example.org/nq57/releases/2026-11-23/index.html\"/>"),
        "{atom}"
    );
    assert_eq!(
        atom.matches("<entry>").count(),
        1,
        "one entry per data release"
    );
    let sitemap = page(&files, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/nq57/en/communes/hai-phong/an-truong/</loc>")
    );
    assert!(sitemap.contains(
        "<loc>https://example.org/nq57/communes/nghe-an/dien-chau/reports/2026-01.html</loc>"
    ));
    assert!(page(&files, "robots.txt").contains("Sitemap: https://example.org/nq57/sitemap.xml"));
}

#[test]
fn targets_are_drawn_and_their_status_is_said_in_words() {
    let (dir, _) = built("minimal");
    let out = dir.path().join("public");
    // Bà Rịa: 14,706 of 14,722 online = 99.89% against a target of 90% or more, drawn on
    // its comparison strip (one period with the rate: no trend of one dot)
    let svg =
        std::fs::read_to_string(out.join("charts/tinh-a/xa-b/dossiers_online_rate.compare.vi.svg"))
            .unwrap();
    assert!(svg.contains("Mục tiêu 90%"), "target line label");
    // the reference line is dashed: short segments in the target colour
    assert!(
        svg.matches("stroke=\"#3D3D3D\" stroke-width=\"2\" points=")
            .count()
            > 5,
        "target drawn as a dashed reference line"
    );
    let html = std::fs::read_to_string(out.join("communes/tinh-a/xa-b/index.html")).unwrap();
    assert!(
        html.contains("status-met") && html.contains("Đạt mục tiêu ≥ 90%"),
        "status in words"
    );
    let alt = html
        .split("dossiers_online_rate.compare.vi.svg\" alt=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        alt.contains("Bà Rịa là 99,89%") && alt.contains("Kỳ gần nhất đạt mục tiêu ≥ 90%."),
        "{alt}"
    );
    // February has no rate (0 of 0 dossiers): never NaN
    assert!(!svg.contains("NaN"));
    let en = std::fs::read_to_string(out.join("en/communes/tinh-a/xa-b/index.html")).unwrap();
    assert!(en.contains("Target met: ≥ 90%"));
}
