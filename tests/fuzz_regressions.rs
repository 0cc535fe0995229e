//! Inputs that fuzzing (bench/fuzz.sh) once broke, kept so they stay fixed.

mod common;
use common::*;

/// A period file with a lone carriage return inside a line: the YAML parser counted it as a
/// line break and the loader did not, so a message pointed past the end of the file.
#[test]
fn a_lone_carriage_return_is_a_line_break_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let file = content.join("communes/tinh-a/dong-c/data/2026-q1.yaml");
    std::fs::write(
        &file,
        "period:\r  start: 2026-01-01\r  end: 2026-03-31\rsource:\r  title: \"x\"\rvalues:\r  dossier_received: 5\r",
    )
    .unwrap();
    let o = run(dir.path(), &["check"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o).1;
    assert!(
        err.contains("error: unknown indicator id\n  --> content/communes/tinh-a/dong-c/data/2026-q1.yaml:7:3"),
        "{err}"
    );
}

/// The fuzzer's own input: the YAML error lies on a line that exists.
#[test]
fn the_fuzzed_period_file_gets_a_position_inside_it() {
    let text = "period:\n  start: 2026-01-01\n  label: {vi: 'a\r b'\n ]]]\n";
    let text = minhbach::load::normalize_newlines(text.to_string());
    let err = minhbach::load::parse_yaml_text::<minhbach::load::raw::RawPeriodFile>(
        std::path::Path::new("x.yaml"),
        &text,
        1,
    )
    .unwrap_err();
    let lines = text.lines().count();
    assert!(err.line.is_some_and(|l| l <= lines + 1), "{err}");
}
