//! Vietnamese is complete (issue 28): no interface string of `en.yaml` appears on a Vietnamese
//! page or chart of the bundled site or of a large `minhbach demo` site, and the two languages
//! name places as their grammar does ("xã Diễn Châu", "Diễn Châu commune").

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The words readers see in an HTML or SVG text: text nodes, and the attributes that are read
/// out or shown (`alt`, `title`, `aria-label`, `placeholder`, a meta `content`).
fn seen_text(markup: &str) -> String {
    let mut out = String::new();
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        let after = &rest[lt..];
        // Scripts and styles are not read.
        for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
            if after.starts_with(open)
                && let Some(end) = after.find(close)
            {
                rest = &after[end + close.len()..];
                continue;
            }
        }
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        for attr in [
            "alt=\"",
            "title=\"",
            "aria-label=\"",
            "placeholder=\"",
            "content=\"",
        ] {
            let mut t = tag;
            while let Some(i) = t.find(attr) {
                t = &t[i + attr.len()..];
                if let Some(end) = t.find('"') {
                    out.push_str(&t[..end]);
                    out.push(' ');
                }
            }
        }
        rest = &after[gt + 1..];
    }
    out.push_str(rest);
    out.replace("&#39;", "'").replace("&amp;", "&")
}

/// Phrases of `en.yaml` that `vi.yaml` never says: the literal parts of each English string
/// (the parts between its `{placeholders}`) of two words or more, or of one long word.
fn english_phrases() -> Vec<String> {
    let load = |lang: &str| -> BTreeMap<String, String> {
        let path = root().join(format!("themes/default/i18n/{lang}.yaml"));
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (en, vi) = (load("en"), load("vi"));
    let vi_all: String = vi.values().cloned().collect::<Vec<_>>().join("\n");
    let mut phrases: Vec<String> = Vec::new();
    for text in en.values() {
        let mut literal = String::new();
        let mut depth = 0;
        for ch in text.chars() {
            match ch {
                '{' => {
                    depth += 1;
                    literal.push('\u{0}');
                }
                '}' => depth -= 1,
                _ if depth == 0 => literal.push(ch),
                _ => {}
            }
        }
        for part in literal.split([
            '\u{0}', '(', ')', ':', ';', '.', ',', '·', '—', '“', '”', '"',
        ]) {
            let part = part.trim();
            let words = part.split_whitespace().count();
            let long_word = words == 1 && part.chars().count() >= 9;
            let latin = part.chars().all(|c| c.is_ascii() || c == '’' || c == '–');
            if (words >= 2 || long_word) && latin && !vi_all.contains(part) {
                phrases.push(part.to_string());
            }
        }
    }
    phrases.sort();
    phrases.dedup();
    phrases
}

/// Every Vietnamese page and chart of the site built into `out` that shows an English phrase.
fn english_on_vietnamese_pages(out: &Path, phrases: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, bytes) in files(out) {
        let vietnamese = !rel.starts_with("en/")
            && (rel.ends_with(".html") || rel.ends_with(".vi.svg"))
            && !rel.starts_with("pagefind/");
        if !vietnamese {
            continue;
        }
        let text = seen_text(&String::from_utf8_lossy(&bytes));
        for p in phrases {
            let hit = text.match_indices(p.as_str()).any(|(i, _)| {
                // whole words only
                let before = text[..i].chars().next_back();
                let after = text[i + p.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            });
            if hit {
                found.push(format!("{rel}: “{p}”"));
            }
        }
    }
    found
}

#[test]
fn vietnamese_pages_show_no_english_interface_string() {
    let phrases = english_phrases();
    assert!(
        phrases.len() > 100,
        "the test looks for enough phrases: {}",
        phrases.len()
    );
    assert!(phrases.iter().any(|p| p == "No target published"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundled");
    build_ok(&root().join("content"), &out);
    let found = english_on_vietnamese_pages(&out, &phrases);
    assert!(
        found.is_empty(),
        "English on Vietnamese pages:\n{}",
        found.join("\n")
    );

    // A site large enough to be summarised (province tables, rankings on pages of their own).
    let content = demo_content(dir.path(), 3, 240, 2);
    let out = dir.path().join("demo");
    build_ok(&content, &out);
    let found = english_on_vietnamese_pages(&out, &phrases);
    assert!(
        found.is_empty(),
        "English on Vietnamese pages:\n{}",
        found.join("\n")
    );
}

#[test]
fn each_language_names_places_as_its_grammar_does() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let vi = read("communes/nghe-an/dien-chau/index.html");
    assert!(
        vi.contains("của xã Diễn Châu, tỉnh Nghệ An"),
        "vi description"
    );
    let en = read("en/communes/nghe-an/dien-chau/index.html");
    assert!(
        en.contains("for Diễn Châu commune, Nghệ An province"),
        "en description"
    );
    let city = read("provinces/hai-phong/index.html");
    assert!(city.contains("thuộc thành phố Hải Phòng"));
    // A singular form exists in English only: Vietnamese says "1 chỉ tiêu", never "1 indicator".
    let groups = read("communes/ninh-binh/xuan-giang/index.html");
    assert!(!groups.contains("1 indicator"));
}
