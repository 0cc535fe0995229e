//! Any bytes as a report: front matter splitting and parsing, the size and nesting limits, then
//! Markdown to sanitised HTML for what passes them. Never a panic, never a script in the output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minhbach::load::{SourceFile, parse_document};
use minhbach::load::raw::{RawPageMeta, RawReportMeta};

/// Checks every real tag of serialised HTML. In the serialiser's output a literal `<` always
/// opens a tag (text has `&lt;`) and attribute values are double-quoted with `"` escaped, so a
/// simple scan finds every tag and attribute.
fn assert_harmless(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag_and_more = &rest[open + 1..];
        let mut in_quotes = false;
        let end = tag_and_more
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map_or(tag_and_more.len(), |(i, _)| i);
        let tag = tag_and_more[..end].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !["script", "iframe", "object", "embed", "style", "svg", "form"].contains(&name.as_str()),
            "<{name}> survived: {html}"
        );
        for attr in attributes(&tag) {
            let (key, value) = attr.split_once('=').unwrap_or((attr.as_str(), ""));
            let value = value.trim_matches('"').trim();
            assert!(!key.starts_with("on"), "event handler {key} survived: {html}");
            assert!(key != "style", "inline style survived: {html}");
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(
                    !((key == "href" || key == "src") && value.starts_with(scheme)),
                    "{scheme} URL survived: {html}"
                );
            }
        }
        rest = &tag_and_more[end.min(tag_and_more.len())..];
    }
}

/// The attributes of a tag's text (`name key="v a l" k2`), splitting on spaces outside quotes.
fn attributes(tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in tag.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c.is_whitespace() && !in_quotes {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter().skip(1).collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = || SourceFile {
        path: "content/communes/p/c/reports/r.md".into(),
        text: minhbach::load::normalize_newlines(text.to_string()),
    };
    let _ = parse_document::<RawPageMeta>(file());
    if let Ok(doc) = parse_document::<RawReportMeta>(file()) {
        assert_harmless(&minhbach::render::markdown::to_safe_html(&doc.body));
    }
});
