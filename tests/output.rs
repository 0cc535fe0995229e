//! Terminal output: `check --format json`, `--quiet`, `--verbose`, warnings grouped by commune,
//! colours only where they belong (never with NO_COLOR), completions and the manual page.

mod common;
use common::*;
use std::process::Command;

/// Runs minhbach without the NO_COLOR that `common::run` sets, with `envs`.
fn run_raw(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minhbach"));
    cmd.current_dir(root())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

const MINIMAL: &str = "tests/fixtures/minimal/content";
const ERRORS: &str = "tests/fixtures/errors/content";

#[test]
fn check_json_lists_errors_with_file_line_key_in_both_languages() {
    let o = run(
        &root(),
        &["check", "--content", ERRORS, "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let (out, err) = text(&o);
    assert!(err.is_empty(), "JSON mode writes nothing else: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["valid"], false);
    assert_eq!(v["content"], ERRORS);
    let list = v["diagnostics"].as_array().unwrap();
    let errors = list.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(v["errors"].as_u64().unwrap() as usize, errors);
    assert!(errors >= 10, "{out}");
    let typo = list
        .iter()
        .find(|d| d["key"] == "values.dossier_received")
        .expect("the unknown id is listed");
    assert!(
        typo["file"]
            .as_str()
            .unwrap()
            .ends_with("xa-b/data/2026-01.yaml")
    );
    assert_eq!(typo["line"], 8);
    assert_eq!(typo["column"], 3);
    assert_eq!(typo["commune"], "tinh-a/xa-b");
    assert_eq!(typo["message"]["en"], "unknown indicator id");
    assert_eq!(typo["message"]["vi"], "mã chỉ tiêu không có trong danh mục");
    assert_eq!(typo["help"]["en"], "did you mean `dossiers_received`?");
    assert_eq!(typo["found"]["en"], "`dossier_received`");
    for d in list {
        for field in [
            "severity", "file", "line", "column", "key", "message", "found", "expected", "help",
            "commune",
        ] {
            assert!(d.get(field).is_some(), "{field} missing in {d}");
        }
    }
}

#[test]
fn check_json_on_valid_content_gives_the_warnings_and_exit_0() {
    let o = run(
        &root(),
        &["check", "--content", MINIMAL, "--format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&text(&o).0).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["errors"], 0);
    assert_eq!(v["warnings"], 1);
    let w = &v["diagnostics"][0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["key"], "values.dossiers_online_rate");
    assert_eq!(w["line"], 12);
    assert!(w["message"]["en"].as_str().unwrap().contains("97.6%"));
}

#[test]
fn warnings_are_grouped_by_commune_with_a_total() {
    let o = run(&root(), &["check", "--content", MINIMAL], &[]);
    let (_, err) = text(&o);
    assert!(err.contains("── tinh-a/xa-b: 1 warning ──"), "{err}");
    assert!(err.contains("total: 1 warning in 1 commune"), "{err}");
    let o = run(
        &root(),
        &["check", "--content", MINIMAL, "--lang", "vi"],
        &[],
    );
    let (_, err) = text(&o);
    assert!(err.contains("── tinh-a/xa-b: 1 cảnh báo ──"), "{err}");
    assert!(err.contains("tổng cộng: 1 cảnh báo ở 1 xã"), "{err}");
    // Figures in a Vietnamese message use Vietnamese separators, as on the pages.
    assert!(
        err.contains("Tỷ lệ hồ sơ trực tuyến: xã ghi 97,6%, nhưng 14.706/14.722 là 99,89%"),
        "{err}"
    );
}

#[test]
fn quiet_prints_only_errors_and_verbose_the_stages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let themes = root().join("themes");
    let base = [
        "build",
        "--content",
        MINIMAL,
        "--themes",
        themes.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    let mut quiet = base.to_vec();
    quiet.push("--quiet");
    let o = run(&root(), &quiet, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o), (String::new(), String::new()));
    assert!(out.join("index.html").is_file());

    let o = run(&root(), &["check", "--content", MINIMAL, "-q"], &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(text(&o), (String::new(), String::new()));
    // errors are still printed
    let o = run(&root(), &["check", "--content", ERRORS, "--quiet"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("error: unknown indicator id"));

    // (--no-cache: with nothing changed since the quiet build, there would be no stages)
    let mut verbose = base.to_vec();
    verbose.extend(["--verbose", "--no-cache"]);
    let o = run(&root(), &verbose, &[]);
    let (stdout, err) = text(&o);
    assert!(stdout.contains("built "), "{stdout}");
    assert!(
        err.contains("read and checked 11 content files in"),
        "{err}"
    );
    assert!(err.contains("pages,"), "{err}");
    if cfg!(target_os = "linux") {
        assert!(err.contains("  load: ") && err.contains(" MB)"), "{err}");
        assert!(err.contains("(peak memory so far "), "{err}");
    }

    // In Vietnamese, "trong 0,12 giây: … (N tệp, 0,1 MB)": a comma before any decimals.
    let mut vi = base.to_vec();
    vi.extend(["--lang", "vi"]);
    let (stdout, err) = text(&run(&root(), &vi, &[]));
    let all = format!("{stdout}{err}");
    let line = all
        .lines()
        .find(|l| l.contains("đã dựng"))
        .unwrap_or_default();
    for after in [" trong ", " tệp, "] {
        let figure = line.split(after).nth(1).and_then(|r| r.split(' ').next());
        assert!(
            figure.is_some_and(|f| !f.is_empty() && !f.contains('.')),
            "{all}"
        );
    }

    let o = run(&root(), &["check", "--quiet", "--verbose"], &[]);
    assert_eq!(o.status.code(), Some(2), "the two cannot go together");
}

#[test]
fn the_summary_is_one_line_and_no_progress_is_drawn_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let o = build(&fixture("minimal"), &dir.path().join("public"), &[]);
    let (out, err) = text(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("pages,") && out.contains("charts,") && out.contains("data files"));
    assert!(
        out.contains("1 warning(s)") && out.contains(" s: "),
        "{out}"
    );
    assert!(!err.contains('\r') && !err.contains("wrote"), "{err}");
}

#[test]
fn colours_only_when_forced_and_never_with_no_color() {
    let args = ["check", "--content", MINIMAL, "--lang", "en"];
    // a pipe is not a terminal: no colours
    let plain = run_raw(&args, &[]);
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'));
    // CLICOLOR_FORCE asks for them anyway
    let forced = run_raw(&args, &[("CLICOLOR_FORCE", "1")]);
    let err = String::from_utf8_lossy(&forced.stderr);
    assert!(err.contains("\u{1b}["), "{err}");
    // NO_COLOR wins over everything
    let never = run_raw(&args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    let (out, err) = (
        String::from_utf8_lossy(&never.stdout),
        String::from_utf8_lossy(&never.stderr),
    );
    assert!(!err.contains('\u{1b}') && !out.contains('\u{1b}'), "{err}");
    assert!(
        err.contains("warning: Share of dossiers online: the commune reported 97.6%"),
        "{err}"
    );
}

#[test]
fn completions_and_the_manual_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = run(&root(), &["completions", shell], &[]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = text(&o).0;
        for word in ["minhbach", "serve", "check", "init", "format"] {
            assert!(out.contains(word), "{shell} completion lacks {word}");
        }
    }
    let o = run(&root(), &["man"], &[]);
    assert_eq!(o.status.code(), Some(0));
    let page = text(&o).0;
    assert!(
        page.starts_with(".ie") || page.contains(".TH minhbach"),
        "{page}"
    );
    assert!(
        page.contains("serve") && page.contains("\\-\\-lang"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &root(),
        &["man", "--dir", dir.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    for f in [
        "minhbach.1",
        "minhbach-serve.1",
        "minhbach-new.1",
        "minhbach-new-period.1",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
}
