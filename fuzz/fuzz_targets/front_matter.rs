//! Any bytes as a report: front matter splitting and parsing, the size and nesting limits, then
//! Markdown to sanitised HTML for what passes them. Never a panic, never a script in the output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minhbach::load::{SourceFile, parse_document};
use minhbach::raw::{RawPageMeta, RawReportMeta};

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
        let html = minhbach::render::markdown::to_safe_html(&doc.body);
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "script survived: {html}");
        // Text may mention `javascript:`; an attribute value (always double-quoted) may not.
        for url in ["=\"javascript:", "=\"data:", "=\"vbscript:"] {
            assert!(!lower.contains(url), "a {url} URL survived: {html}");
        }
        assert!(!lower.contains("<iframe") && !lower.contains("<object"), "{html}");
    }
});
