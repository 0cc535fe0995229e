//! Bad, huge and hostile input ends in a clear error; an interrupted or killed build loses
//! nothing; the output folder is never a place the build must not replace.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A copy of the minimal fixture in a fresh folder, returned with its content path.
fn minimal_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    (dir, content)
}

const PERIOD_HEAD: &str = "period: {start: 2026-04-01, end: 2026-04-30}\nsource: {title: \"x\"}\n";

/// Runs `check` on `content` and returns (exit code, stderr).
fn check(content: &Path) -> (Option<i32>, String) {
    let o = run(
        content.parent().unwrap(),
        &["check", "--content", content.to_str().unwrap()],
        &[],
    );
    (o.status.code(), text(&o).1)
}

fn data_dir(content: &Path) -> std::path::PathBuf {
    content.join("communes/tinh-a/dong-c/data")
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let (_dir, content) = minimal_copy();
    let mut yaml = format!(
        "{PERIOD_HEAD}values:\n  dossiers_x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("  dossiers_x{i}: &a{i} [{refs}]\n"));
    }
    std::fs::write(data_dir(&content).join("2026-04.yaml"), yaml).unwrap();
    let started = Instant::now();
    let (code, err) = check(&content);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: the YAML repeats an alias too many times"),
        "{err}"
    );
    assert!(err.contains("data/2026-04.yaml"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let (_dir, content) = minimal_copy();
    let deep = format!(
        "{PERIOD_HEAD}values:\n  dossiers_received: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    std::fs::write(data_dir(&content).join("2026-04.yaml"), deep).unwrap();
    let report = content.join("communes/tinh-a/xa-b/reports/2026-01.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\n{}x\n", "- ".repeat(10_000))).unwrap();
    let (code, err) = check(&content);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: the YAML is nested too deeply"),
        "{err}"
    );
    let lines = text.lines().count();
    assert!(
        err.contains(&format!(
            "error: lists, quotes or HTML tags are nested too deeply\n  --> {}:{}:1",
            report.display(),
            lines + 2
        )),
        "{err}"
    );
    assert!(err.contains("expected: at most 100 levels"), "{err}");
}

#[test]
fn huge_files_and_reports_end_in_a_clear_error() {
    let (_dir, content) = minimal_copy();
    // 100 MB, written sparsely so the test stays cheap: the size alone refuses it.
    let big = std::fs::File::create(data_dir(&content).join("2026-04.yaml")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let report = content.join("communes/tinh-a/xa-b/reports/2026-01.md");
    let text = std::fs::read_to_string(&report).unwrap();
    let million = "Dòng.\n".repeat(1_000_000);
    std::fs::write(&report, format!("{text}{million}")).unwrap();
    let started = Instant::now();
    let (code, err) = check(&content);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: this file is too large to be a content file"),
        "{err}"
    );
    assert!(err.contains("found: 104857600 bytes"), "{err}");
    assert!(
        err.contains("error: this text is too long for one report or page"),
        "{err}"
    );
    assert!(err.contains("expected: at most 20000 lines"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_thousand_bad_lines_in_one_file_do_not_bury_the_rest() {
    let (_dir, content) = minimal_copy();
    let mut yaml = format!("{PERIOD_HEAD}values:\n");
    for i in 0..1000 {
        yaml.push_str(&format!("  unknown_{i}: 1\n"));
    }
    std::fs::write(data_dir(&content).join("2026-04.yaml"), yaml).unwrap();
    let (code, err) = check(&content);
    assert_eq!(code, Some(1));
    assert_eq!(err.matches("error: unknown indicator id").count(), 20);
    assert!(err.contains("… and 980 more problem(s) in"), "{err}");
    assert!(err.contains("check failed: 1000 error(s)"), "{err}");
}

#[test]
fn symlinks_out_of_content_or_theme_are_refused() {
    let (dir, content) = minimal_copy();
    std::fs::write(dir.path().join("secret.yaml"), "name: x\nkind: xa\n").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.yaml"),
        content.join("communes/tinh-a/dong-c/data/2026-04.yaml"),
    )
    .unwrap();
    let (code, err) = check(&content);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("error: symbolic links are not followed in the content folder"),
        "{err}"
    );
    std::fs::remove_file(content.join("communes/tinh-a/dong-c/data/2026-04.yaml")).unwrap();

    let themes = dir.path().join("themes");
    std::fs::create_dir_all(themes.join("default/templates")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", themes.join("default/templates/base.html")).unwrap();
    let out = dir.path().join("public");
    let o = run(
        dir.path(),
        &["build", "--themes", "themes", "--output", "public"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("symbolic links are not followed in themes"),
        "{}",
        text(&o).1
    );
    assert!(!out.exists());
}

#[test]
fn output_folders_that_are_not_ours_are_refused() {
    let (dir, _content) = minimal_copy();
    let docs = dir.path().join("Documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("thesis.docx"), "years of work").unwrap();
    let o = run(dir.path(), &["build", "--output", "Documents"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o)
            .1
            .contains("holds files that minhbach did not write")
    );
    assert!(docs.join("thesis.docx").exists());

    // The home folder, and a folder holding the repository, are refused too.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let o = run(
        dir.path(),
        &["build", "--output", home.to_str().unwrap()],
        &[("HOME", home.to_str().unwrap())],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o).1);
    assert!(text(&o).1.contains("would replace the home folder"));
    std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
    copy_dir(&fixture("minimal"), &dir.path().join("repo/site/content"));
    let o = run(
        &dir.path().join("repo/site"),
        &["build", "--output", "../../repo"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("would replace the repository folder"),
        "{}",
        text(&o).1
    );

    // In Vietnamese, the same refusal.
    let o = run(
        dir.path(),
        &["build", "--output", "Documents", "--lang", "vi"],
        &[],
    );
    assert!(text(&o).1.contains("chứa các tệp không do minhbach tạo ra"));
}

/// Starts a build of `content` into `out` that pauses with its staging folder complete.
fn paused_build(dir: &Path, content: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(dir)
        .args(["build", "--lang", "en", "--content"])
        .arg(content)
        .arg("--themes")
        .arg(root().join("themes"))
        .arg("--output")
        .arg(out)
        .env("MINHBACH_PAUSE_BEFORE_COMMIT_MS", "20000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A site built into `<dir>/public`, then a second build of it paused with its staging folder
/// complete: the paused build, the previous output's files and the staging folder.
fn paused_over_previous(
    dir: &Path,
    content: &Path,
) -> (Child, std::collections::BTreeMap<String, Vec<u8>>, PathBuf) {
    let out = dir.join("public");
    build_ok(content, &out);
    std::fs::write(out.join("index.html"), "previous site").unwrap();
    // changed, so that the build stages it again (a file it would write unchanged stays put)
    std::fs::write(out.join("sitemap.xml"), "previous site").unwrap();
    let before = files(&out);
    let staging = dir.join(".public.minhbach-staging");
    let child = paused_build(dir, content, &out);
    wait_for_staging(&staging);
    (child, before, staging)
}

/// Waits until the build's staging folder holds its finished pages: the pages exist and the
/// folder stays the same, byte for byte, for 300 ms. Existence alone is not enough: a file
/// is seen empty between its creation and its write (a busy machine once caught
/// `sitemap.xml` so, and the folder "changed" under the test).
fn wait_for_staging(staging: &Path) {
    let started = Instant::now();
    let mut seen = None;
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no finished staging folder"
        );
        let ready = staging.join("index.html").exists() && staging.join("sitemap.xml").exists();
        let now = ready.then(|| files(staging));
        let written = now
            .as_ref()
            .is_some_and(|f| f.get("sitemap.xml").is_some_and(|b| !b.is_empty()));
        if written && now == seen {
            return;
        }
        seen = now;
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

#[test]
fn ctrl_c_stops_the_build_and_keeps_the_previous_site() {
    let (dir, content) = minimal_copy();
    let out = dir.path().join("public");
    let (child, before, staging) = paused_over_previous(dir.path(), &content);
    signal(&child, libc::SIGINT);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", text(&o).1);
    assert!(text(&o).1.contains("build stopped (Ctrl-C)"));
    assert_eq!(files(&out), before);
    assert!(!staging.exists(), "staging folder left behind");
}

/// The build turns transparent huge pages off for itself (see `small_pages_only` in main.rs):
/// seen by the kernel in the paused build's `/proc/<pid>/status`.
#[test]
#[cfg(target_os = "linux")]
fn a_build_runs_without_transparent_huge_pages() {
    let (dir, content) = minimal_copy();
    let out = dir.path().join("public");
    let mut child = paused_build(dir.path(), &content, &out);
    wait_for_staging(&dir.path().join(".public.minhbach-staging"));
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        status.lines().any(|l| l == "THP_enabled:\t0"),
        "huge pages still on for the build:\n{status}"
    );
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_and_spoils_nothing() {
    let (dir, content) = minimal_copy();
    let out = dir.path().join("public");
    let (first, before, staging) = paused_over_previous(dir.path(), &content);

    // Meanwhile, a second build of the same output is refused, and touches nothing.
    let staged = files(&staging);
    let o = build(&content, &out, &[]);
    assert_eq!(o.status.code(), Some(75), "{}", text(&o).1);
    let err = text(&o).1;
    assert!(
        err.contains("another minhbach is building this output folder right now"),
        "{err}"
    );
    assert!(err.contains("wait until that build has finished"), "{err}");
    assert!(err.contains("public was left unchanged"), "{err}");
    assert_eq!(files(&staging), staged, "the first build's staging folder");
    assert_eq!(files(&out), before);
    // In Vietnamese too.
    let o = run(
        dir.path(),
        &[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--themes",
            root().join("themes").to_str().unwrap(),
            "--lang",
            "vi",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(75));
    assert!(
        text(&o)
            .1
            .contains("một minhbach khác đang dựng vào thư mục đầu ra này")
    );
    // A release is refused before it records anything: recorded now, it could not be built,
    // and running it again would find nothing new to release.
    let o = run(
        dir.path(),
        &[
            "release",
            "--content",
            content.to_str().unwrap(),
            "--themes",
            root().join("themes").to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(75), "{}", text(&o).1);
    assert!(!content.join("releases").exists(), "a release was recorded");

    // The first build is stopped; its lock goes with it, and the next build runs.
    signal(&first, libc::SIGINT);
    let o = first.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", text(&o).1);
    assert_eq!(files(&out), before);
    build_ok(&content, &out);
    assert_ne!(files(&out), before);
}

#[test]
fn kill_9_loses_nothing_and_the_next_build_cleans_up() {
    let (dir, content) = minimal_copy();
    let out = dir.path().join("public");
    let (mut child, before, staging) = paused_over_previous(dir.path(), &content);
    signal(&child, libc::SIGKILL);
    child.wait().unwrap();
    assert_eq!(files(&out), before, "the previous site changed");
    assert!(staging.exists());
    build_ok(&content, &out);
    assert!(
        !staging.exists(),
        "the next build left the stray staging folder"
    );
    assert_ne!(
        std::fs::read(out.join("index.html")).unwrap(),
        b"previous site"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    // only the incremental build's cache is left beside the output
    assert!(
        names
            .iter()
            .all(|n| !n.contains("minhbach") || n == ".public.minhbach-cache"),
        "{names:?}"
    );
}

#[test]
fn file_listing_order_does_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    // The same files created in reverse order give a different directory listing order.
    let reversed = dir.path().join("reversed");
    let all = files(&root().join("content"));
    for (rel, bytes) in all.iter().rev() {
        let path = reversed.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    build_ok(&root().join("content"), &a);
    build_ok(&reversed, &b);
    assert_eq!(files(&a), files(&b));
}
