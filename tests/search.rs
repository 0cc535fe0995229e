//! "Find your commune": the search index of each language (Pagefind, under `pagefind/`), the
//! box in every page's header, the list of communes it falls back to from disk, and the same
//! bytes from the same content, in a full build and an update.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

type Files = BTreeMap<String, Vec<u8>>;

fn built_bundled() -> (tempfile::TempDir, Files) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let f = files(&out);
    (dir, f)
}

fn html(files: &Files, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap()
}

/// A Pagefind file as the browser reads it: gzip, after Pagefind's own marker.
fn unpacked(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .unwrap();
    text.strip_prefix("pagefind_dcd").unwrap().to_string()
}

/// Every record of the index, as Pagefind stores it (fragment files hold several).
fn fragments(files: &Files, lang: &str) -> Vec<serde_json::Value> {
    let prefix = format!("pagefind/fragment/{lang}_");
    let mut out = Vec::new();
    for (_, bytes) in files.iter().filter(|(k, _)| k.starts_with(&prefix)) {
        let f: serde_json::Value = serde_json::from_str(&unpacked(bytes)).unwrap();
        match f.get("url") {
            Some(_) => out.push(f),
            None => out.extend(f.as_object().unwrap().values().cloned()),
        }
    }
    out
}

/// Every record of the index: `(url, title)`, sorted.
fn records(files: &Files) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ["vi", "en"]
        .iter()
        .flat_map(|lang| fragments(files, lang))
        .map(|f| {
            let url = f["url"].as_str().unwrap().to_string();
            (url, f["meta"]["title"].as_str().unwrap().to_string())
        })
        .collect();
    out.sort();
    out
}

/// The pages of `lang` a reader searches for: overview, provinces, communes (a commune's
/// reports are sections of its record).
fn searchable_pages(files: &Files, lang: &str) -> Vec<String> {
    let prefix = if lang == "vi" { "" } else { "en/" };
    files
        .keys()
        .filter_map(|k| k.strip_prefix(prefix))
        .filter(|k| !k.starts_with("en/"))
        .filter(|k| {
            let parts: Vec<&str> = k.split('/').collect();
            *k == "index.html"
                || matches!(parts[..], ["provinces", _, "index.html"])
                || matches!(parts[..], ["communes", _, _, "index.html"])
        })
        .map(|k| format!("{prefix}{k}"))
        .collect()
}

#[test]
fn each_language_has_an_index_of_its_communes_provinces_and_reports() {
    let (_dir, files) = built_bundled();
    for f in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"] {
        assert!(files.contains_key(&format!("pagefind/{f}")), "{f}");
    }
    // Pagefind's ready-made interfaces are not written: the theme has its own box.
    assert!(!files.keys().any(|k| k.contains("pagefind-ui")));
    let entry: serde_json::Value =
        serde_json::from_slice(&files["pagefind/pagefind-entry.json"]).unwrap();
    let records = records(&files);
    for (lang, wasm) in [("vi", "unknown"), ("en", "en")] {
        let l = &entry["languages"][lang];
        let hash = l["hash"].as_str().unwrap();
        assert!(files.contains_key(&format!("pagefind/pagefind.{hash}.pf_meta")));
        assert!(files.contains_key(&format!("pagefind/wasm.{wasm}.pagefind")));
        let pages = searchable_pages(&files, lang);
        assert_eq!(pages.len(), 9, "{pages:?}");
        assert_eq!(l["page_count"].as_u64(), Some(pages.len() as u64));
        let mut urls: Vec<&String> = records
            .iter()
            .map(|(u, _)| u)
            .filter(|u| (lang == "en") == u.starts_with("en/"))
            .collect();
        urls.sort();
        assert_eq!(urls, pages.iter().collect::<Vec<_>>());
    }
    let title = |url: &str| {
        records
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, t)| t.as_str())
    };
    let dien_chau = "communes/nghe-an/dien-chau/index.html";
    assert_eq!(title(dien_chau), Some("Xã Diễn Châu, Nghệ An"));
    assert_eq!(
        title(&format!("en/{dien_chau}")),
        Some("Diễn Châu, Nghệ An · Commune")
    );
    assert_eq!(title("provinces/nghe-an/index.html"), Some("Tỉnh Nghệ An"));
    // Each report is a section of its commune's record, under a heading with the report's
    // id, and the record names the folder of the report pages the box links to.
    for (lang, prefix) in [("vi", ""), ("en", "en/")] {
        let record = fragments(&files, lang)
            .into_iter()
            .find(|f| f["url"] == format!("{prefix}{dien_chau}"))
            .expect("Diễn Châu's record");
        let folder = record["meta"]["reports"].as_str().unwrap();
        assert_eq!(
            folder,
            format!("{prefix}communes/nghe-an/dien-chau/reports/")
        );
        let anchors: Vec<(&str, &str)> = record["anchors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["id"].as_str().unwrap(), a["text"].as_str().unwrap()))
            .collect();
        let reports: Vec<String> = files
            .keys()
            .filter_map(|k| k.strip_prefix(folder))
            .filter_map(|k| k.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        assert!(!reports.is_empty());
        assert_eq!(
            anchors
                .iter()
                .map(|(id, _)| id.to_string())
                .collect::<Vec<_>>(),
            reports,
            "{lang}: one section per report page, with its id"
        );
        let (_, heading) = anchors.iter().find(|(id, _)| *id == "2026-01").unwrap();
        assert!(heading.starts_with("Báo cáo kết quả lãnh đạo"), "{heading}");
    }
}

#[test]
fn report_texts_are_searchable_and_d_with_stroke_is_also_spelled_with_d() {
    let (_dir, files) = built_bundled();
    let f = fragments(&files, "vi")
        .into_iter()
        .find(|f| f["url"] == "communes/nghe-an/dien-chau/index.html")
        .expect("Diễn Châu is indexed");
    let content = f["content"].as_str().unwrap();
    assert!(content.contains("UBND xã Diễn Châu"), "{content}");
    assert!(content.contains("vùng lõm sóng"), "{content}");
    // "chuyen doi so" finds "chuyển đổi số": Pagefind drops the accents, the build adds the
    // words with đ spelled with d.
    let plain = f["meta"]["plain"].as_str().unwrap();
    assert!(plain.split(' ').any(|w| w == "doi"), "{plain}");
}

#[test]
fn every_page_has_the_search_box_and_a_link_to_the_list_of_communes() {
    let (_dir, files) = built_bundled();
    let mut kinds = std::collections::BTreeSet::new();
    for (path, bytes) in files.iter().filter(|(k, _)| k.ends_with(".html")) {
        let page = String::from_utf8(bytes.clone()).unwrap();
        let kind = page
            .split("<body class=\"kind-")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{path}: no page kind"));
        kinds.insert(kind.to_string());
        assert!(
            page.contains("role=\"search\"") && page.contains("id=\"site-search-input\""),
            "{path}: no search box"
        );
        assert!(
            page.contains("<label for=\"site-search-input\">"),
            "{path}: the box has no label"
        );
        let list = page
            .split("class=\"site-search-list\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{path}: no link to the list of communes"));
        if kind != "404" {
            let dir = Path::new(path).parent().unwrap();
            let target = dir.join(list);
            let mut parts: Vec<&str> = Vec::new();
            for c in target.iter().map(|c| c.to_str().unwrap()) {
                match c {
                    ".." => drop(parts.pop()),
                    c => parts.push(c),
                }
            }
            let lang_list = if path.starts_with("en/") {
                "en/communes/index.html"
            } else {
                "communes/index.html"
            };
            assert_eq!(parts.join("/"), lang_list, "{path}: {list}");
        }
    }
    for kind in [
        "overview",
        "province",
        "commune",
        "indicator",
        "indicators",
        "report",
        "page",
        "downloads",
        "communes",
        "404",
    ] {
        assert!(kinds.contains(kind), "no {kind} page: {kinds:?}");
    }
    // The search words are labelled in the page's language.
    assert!(html(&files, "index.html").contains("Tìm xã, phường, tỉnh hoặc báo cáo"));
    assert!(html(&files, "en/index.html").contains("Find a commune, province or report"));
}

#[test]
fn the_list_of_communes_links_every_commune_and_can_be_filtered_without_accents() {
    let (_dir, files) = built_bundled();
    for (list, prefix) in [
        ("communes/index.html", "../communes/"),
        ("en/communes/index.html", "../../en/communes/"),
    ] {
        let page = html(&files, list);
        for commune in [
            "nghe-an/dien-chau",
            "thai-nguyen/lam-vy",
            "ninh-binh/xuan-giang",
            "hai-phong/an-truong",
        ] {
            assert!(
                page.contains(&format!("href=\"{prefix}{commune}/index.html\"")),
                "{list}: {commune}"
            );
        }
        assert!(page.contains("data-search=\"dien chau nghe an\""), "{list}");
        assert!(page.contains("data-filter-from-address=\"q\""), "{list}");
    }
}

#[test]
fn the_same_content_gives_the_same_index_and_an_update_the_index_of_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = demo_content(dir.path(), 2, 3, 4);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_ok(&content, &a);
    build_ok(&content, &b);
    let index = |out: &Path| -> Files {
        files(out)
            .into_iter()
            .filter(|(k, _)| k.starts_with("pagefind/"))
            .collect()
    };
    let first = index(&a);
    assert!(first.len() > 5, "{:?}", first.keys());
    assert!(first == index(&b), "two builds gave different indexes");

    // A report's new words: an update of `a` makes the index a full build makes.
    let report = walkdir::WalkDir::new(content.join("communes"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .min()
        .expect("the demo has reports");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\nXuânthu kiểmtra từmới.\n")).unwrap();
    build_ok(&content, &a);
    std::fs::remove_dir_all(&b).unwrap();
    build_ok(&content, &b);
    let updated = index(&a);
    assert!(updated != first, "the index did not change with the report");
    assert!(
        updated == index(&b),
        "the update's index differs from a full build's"
    );
    assert!(
        fragments(&updated, "vi")
            .iter()
            .any(|f| f["content"].as_str().unwrap().contains("Xuânthu")),
        "the new words are not in the index"
    );
}
