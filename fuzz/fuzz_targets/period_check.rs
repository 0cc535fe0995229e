//! Any bytes as one period file of a small valid site, through load, validate and the model
//! (derived figures, warnings, positions of every message). Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A copy of the minimal fixture, made once per fuzzing process.
fn site() -> &'static PathBuf {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp folder");
            let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal/content");
            let to = dir.path().join("content");
            copy(&from, &to);
            (dir, to)
        })
        .1
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let content = site();
    let file = content.join("communes/tinh-a/dong-c/data/2026-q1.yaml");
    std::fs::write(&file, data).expect("write");
    let (site, diags) = minhbach::pipeline::load_site(content);
    for d in diags.iter() {
        let _ = d.display(minhbach::base::diagnostics::Lang::Vi).to_string();
    }
    if let Some(site) = site {
        let _ = site.warning_diagnostics();
    }
});
