//! Helpers shared by the integration tests: run the real binary on fixture sites.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's content folder.
pub fn fixture(case: &str) -> PathBuf {
    root().join("tests/fixtures").join(case).join("content")
}

/// Runs `minhbach` with `args` in `cwd`; messages in English unless `args` choose `--lang`.
pub fn run(cwd: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minhbach"));
    cmd.current_dir(cwd).args(args).env("NO_COLOR", "1");
    if !args.contains(&"--lang") && !args.is_empty() {
        cmd.args(["--lang", "en"]);
    }
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("the minhbach binary runs")
}

/// Builds `content` with the repository's themes into `out`.
pub fn build(content: &Path, out: &Path, envs: &[(&str, &str)]) -> Output {
    site_command("build", content, out, &root().join("themes"), &[], envs)
}

/// Runs `minhbach <command>` on `content` with `themes` into `out` (from its parent folder),
/// with `extra` arguments.
pub fn site_command(
    command: &str,
    content: &Path,
    out: &Path,
    themes: &Path,
    extra: &[&str],
    envs: &[(&str, &str)],
) -> Output {
    let mut args = vec![
        command,
        "--content",
        content.to_str().unwrap(),
        "--themes",
        themes.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(out.parent().unwrap(), &args, envs)
}

/// Text of stdout and stderr.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Builds and asserts success, returning stdout.
pub fn build_ok(content: &Path, out: &Path) -> String {
    let o = build(content, out, &[]);
    let (stdout, stderr) = text(&o);
    assert!(o.status.success(), "build failed:\n{stdout}\n{stderr}");
    stdout
}

/// Replaces `from` by `to` in the file at `path`. Panics when `from` is not there: an edit
/// that did not apply would leave the test checking nothing.
pub fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains(from), "{from:?} is not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Copies every file under `from` into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Every file under `dir`, by relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Reads a CSV into rows of (header → value).
pub fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The row of `rows` matching every `(column, value)`.
pub fn row<'a>(
    rows: &'a [BTreeMap<String, String>],
    filters: &[(&str, &str)],
) -> &'a BTreeMap<String, String> {
    let found: Vec<_> = rows
        .iter()
        .filter(|r| {
            filters
                .iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one row matching {filters:?}, found {}",
        found.len()
    );
    found[0]
}

/// Generates `minhbach demo` content into `<dir>/content` (`communes` counts all provinces').
#[allow(dead_code)]
pub fn demo_content(dir: &Path, provinces: u32, communes: u32, periods: u32) -> PathBuf {
    let (p, c, m) = (
        provinces.to_string(),
        communes.to_string(),
        periods.to_string(),
    );
    let args = [
        "demo",
        "--out",
        "content",
        "--provinces",
        &p,
        "--communes",
        &c,
        "--periods",
        &m,
    ];
    let made = run(dir, &args, &[]);
    assert!(made.status.success(), "{:?}", text(&made));
    dir.join("content")
}
