//! The command line: exit codes, error listings, safe output folders.

mod common;
use common::*;

#[test]
fn check_lists_every_error_with_file_line_and_key() {
    let o = run(
        &root(),
        &["check", "--content", "tests/fixtures/errors/content"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let (_, err) = text(&o);
    let expect = [
        // (position, message, detail) — one bad file never hides another's errors
        (
            "xa-b/data/2026-01.yaml:8:3",
            "unknown indicator id",
            "did you mean `dossiers_received`?",
        ),
        (
            "xa-b/data/2026-01.yaml:9:3",
            "a count or amount cannot be negative",
            "found: -3",
        ),
        (
            "xa-b/data/2026-01.yaml:10:3",
            "a percentage must be between 0 and 100",
            "found: 120",
        ),
        (
            "xa-b/data/2026-01.yaml:11:3",
            "this value is text, not a number",
            "key: values.budget_allocated",
        ),
        (
            "xa-b/data/2026-01.yaml:12:3",
            "a yes/no indicator needs true or false",
            "key: values.security_level_approved",
        ),
        (
            "xa-b/data/2026-01.yaml:6:3",
            "the source names a report that does not exist",
            "found: `2026-1`",
        ),
        (
            "xa-b/data/2026-02.yaml:3:3",
            "this is not a valid date",
            "write it as `2026-02-19` (year-month-day)",
        ),
        (
            "xa-b/data/2026-02.yaml:4:3",
            "`period.kind` has a value that is not allowed",
            "one of: regular, cumulative",
        ),
        (
            "xa-b/data/2026-02.yaml:8:3",
            "this must be a whole number",
            "write it without one: 14722",
        ),
        (
            "dong-c/data/2026-q1.yaml:6:3",
            "unknown key `colour`",
            "expected: one of the keys allowed here: title, issued_by, date, report",
        ),
        (
            "dong-c/data/broken.yaml:3:1",
            "the YAML syntax is broken",
            "use spaces",
        ),
        (
            "dong-c/data/Bad_Name.yaml",
            "this file or folder name is not a valid id",
            "rename it, e.g. `bad_name`",
        ),
        ("dong-c/commune.yaml:1:1", "this file is empty", "delete it"),
        (
            "xa-b/data/2026-03.yml",
            "this file is not in a place minhbach reads",
            "rename it to `2026-03.yaml`",
        ),
        (
            "xa-b/reports/2026-01.md:2:1",
            "a required key is missing",
            "add `date:`",
        ),
        (
            "xa-b/reports/nofront.md:1:1",
            "front matter is missing or not closed",
            "`---`",
        ),
        (
            "xa-d/commune.yaml:2:1",
            "`kind` has a value that is not allowed",
            "one of: xa, phuong, dac_khu",
        ),
        (
            "pages/latin.vi.md:1:1",
            "this file is not UTF-8 text",
            "UTF-8",
        ),
        (
            "dong-c/data/2026-q2.yaml:9:3",
            "the same key appears twice",
            "keep one of the two lines",
        ),
        (
            "dong-c/data/2026-q3.yaml:1:9",
            "wrong kind of value",
            "expected a block of keys",
        ),
        (
            "xa-b/data/2026-02.yaml:9:3",
            "this value is text, not a number",
            "give the two counts under their own ids",
        ),
        (
            "tinh-a/Xã Mới\n",
            "this file or folder name is not a valid id",
            "rename it, e.g. `xa-moi`",
        ),
    ];
    for (position, message, detail) in expect {
        let block = err
            .split("\n\n")
            .find(|b| b.contains(position) && b.contains(message))
            .unwrap_or_else(|| panic!("no error `{message}` at {position} in:\n{err}"));
        assert!(
            block.contains(detail),
            "error at {position} lacks `{detail}`:\n{block}"
        );
    }
    assert!(
        err.contains(&format!("check failed: {} error(s)", expect.len())),
        "{err}"
    );
    // A folder with a bad name is one error, not one per file inside it.
    assert_eq!(err.matches("Xã Mới").count(), 2, "{err}");
}

#[test]
fn messages_follow_the_site_language_or_lang() {
    let args = ["check", "--content", "tests/fixtures/errors/content"];
    let vi = run(&root(), &[&args[..], &["--lang", "vi"]].concat(), &[]);
    let (_, err) = text(&vi);
    assert_eq!(vi.status.code(), Some(1));
    let block = err
        .split("\n\n")
        .find(|b| b.contains("xa-b/data/2026-01.yaml:8:3"))
        .unwrap_or_else(|| panic!("{err}"));
    assert_eq!(
        block,
        "lỗi: mã chỉ tiêu không có trong danh mục\n  --> tests/fixtures/errors/content/communes/tinh-a/xa-b/data/2026-01.yaml:8:3\n   = khóa: values.dossier_received\n   = tìm thấy: `dossier_received`\n   = cần: một mã đã khai báo trong indicators.yaml\n   = gợi ý: có phải là `dossiers_received`?"
    );
    assert!(
        err.contains("hãy viết là `2026-02-19` (năm-tháng-ngày)"),
        "{err}"
    );
    assert!(
        err.contains("kiểm tra không đạt: 22 lỗi, 0 cảnh báo"),
        "{err}"
    );
    // Without --lang, the site's first language (vi) is used.
    let default = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(text(&default).1, err);
    let en = run(&root(), &[&args[..], &["--lang", "en"]].concat(), &[]);
    assert!(text(&en).1.contains("error: unknown indicator id"));
}

#[test]
fn end_before_start_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let file = content.join("communes/tinh-a/dong-c/data/2026-q1.yaml");
    replace_in(&file, "end: 2026-03-31", "end: 2025-12-31");
    let o = run(dir.path(), &["check"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let (_, err) = text_of(&o);
    assert!(err.contains("error: the period ends before it starts\n  --> content/communes/tinh-a/dong-c/data/2026-q1.yaml:3:3"), "{err}");
    assert!(
        err.contains("found: start 2026-01-01, end 2025-12-31"),
        "{err}"
    );
}

fn text_of(o: &std::process::Output) -> (String, String) {
    text(o)
}

#[test]
fn check_passes_valid_content_and_reports_data_warnings() {
    let o = run(
        &root(),
        &["check", "--content", "tests/fixtures/minimal/content"],
        &[],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        out.contains("content is valid: 0 error(s), 1 warning(s)"),
        "{out}"
    );
    assert!(
        err.contains(
            "warning: Share of dossiers online: the commune reported 97.6%, but 14,706/14,722 is 99.89%"
        ),
        "{err}"
    );
    assert!(err.contains("xa-b/data/2026-01.yaml:12:3"), "{err}");
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(
        run(&root(), &["build", "--no-such-flag"], &[])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&root(), &["frobnicate"], &[]).status.code(), Some(2));
    let help = run(&root(), &["--help"], &[]);
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help).0.contains("build"));
}

#[test]
fn refuses_an_output_folder_over_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let before = files(&content);
    for out in ["content", "content/public", "."] {
        let o = run(dir.path(), &["build", "--output", out], &[]);
        assert_eq!(o.status.code(), Some(2), "output {out} accepted");
        assert!(text(&o).1.contains("choose another --output folder"));
    }
    assert_eq!(files(&content), before, "content was touched");
}

#[test]
fn missing_content_folder_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["check"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("the content folder does not exist"));
}
