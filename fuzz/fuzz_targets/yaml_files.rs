//! Any bytes as any YAML content file: parsing either succeeds or gives a diagnostic whose
//! position lies inside the file; it never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minhbach::load::parse_yaml_text;
use minhbach::load::raw::{RawCatalogue, RawCommune, RawPeriodFile, RawProvince, RawSite};
use std::path::Path;

fn within(text: &str, d: &minhbach::base::diagnostics::Diagnostic) {
    if let Some(line) = d.line {
        assert!(line >= 1 && line <= text.lines().count().max(1) + 1, "line {line} outside the file");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As the loader reads files: every line break a `\n`.
    let text = &minhbach::load::normalize_newlines(text.to_string());
    let path = Path::new("content/x.yaml");
    if let Err(d) = parse_yaml_text::<RawPeriodFile>(path, text, 1) {
        within(text, &d);
    }
    if let Err(d) = parse_yaml_text::<RawSite>(path, text, 1) {
        within(text, &d);
    }
    if let Err(d) = parse_yaml_text::<RawCatalogue>(path, text, 1) {
        within(text, &d);
    }
    let _ = parse_yaml_text::<RawCommune>(path, text, 1);
    let _ = parse_yaml_text::<RawProvince>(path, text, 1);
    for key in [&["values", "dossiers_received"][..], &["period", "end"], &["source"]] {
        let _ = minhbach::load::locate::key_position(text, key, 1);
    }
});
