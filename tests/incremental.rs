//! Incremental builds: a rebuild reuses what did not change and gives the same bytes as a
//! full build; a damaged or stale cache is never trusted.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// A generated site: 2 provinces, 4 communes, 2 months.
fn site(dir: &Path) -> PathBuf {
    demo_content(dir, 2, 4, 2)
}

/// Builds and returns what it printed.
fn build_msg(content: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(content.parent().unwrap(), &args, &[]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, err) = text(&o);
    format!("{out}{err}")
}

/// Removes the stamp of the build into `out`, so that the next build goes through every
/// stage even when nothing changed (to see what it reuses).
fn forget_stamp(out: &Path) {
    let name = out.file_name().unwrap().to_str().unwrap();
    let stamp = out.with_file_name(format!(".{name}.minhbach-cache/stamp.bin"));
    std::fs::remove_file(&stamp).unwrap_or_else(|e| panic!("{}: {e}", stamp.display()));
}

/// True when the build found nothing changed and left the output as it was.
fn nothing_changed(msg: &str) -> bool {
    msg.contains("nothing changed since the last build: the output was left as it was")
}

/// Parts reused, from the summary line ("; N unchanged parts reused…"), 0 when absent.
fn reused(msg: &str) -> usize {
    msg.lines()
        .flat_map(|line| line.split("; "))
        .find_map(|part| part.strip_suffix(" unchanged parts reused from the previous build"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The latest month of the first commune (in path order) copied to the next month.
fn add_month(content: &Path) -> PathBuf {
    let mut communes: Vec<PathBuf> = walk(&content.join("communes"))
        .into_iter()
        .filter(|p| p.ends_with("commune.yaml"))
        .map(|p| p.parent().unwrap().to_path_buf())
        .collect();
    communes.sort();
    let data = communes[0].join("data");
    let mut months: Vec<PathBuf> = walk(&data);
    months.sort();
    let latest = months.last().unwrap();
    let text = std::fs::read_to_string(latest).unwrap();
    let stem = latest.file_stem().unwrap().to_str().unwrap();
    let (y, m): (i32, u32) = (stem[..4].parse().unwrap(), stem[5..7].parse().unwrap());
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let first = chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .pred_opt()
        .unwrap();
    let period = text.lines().find(|l| l.starts_with("period:")).unwrap();
    let text = text.replacen(
        period,
        &format!("period: {{start: {first}, end: {last}}}"),
        1,
    );
    let new = data.join(format!("{y:04}-{m:02}.yaml"));
    std::fs::write(&new, text).unwrap();
    new
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Asserts two outputs hold the same files with the same bytes.
fn same_site(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    let names =
        |f: &std::collections::BTreeMap<String, Vec<u8>>| f.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&fa), names(&fb));
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{k} differs from a full build");
    }
}

#[test]
fn a_new_month_rebuilds_only_what_depends_on_it_and_matches_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    let first = build_msg(&content, &out, &[]);
    assert_eq!(reused(&first), 0, "{first}");

    // nothing changed: seen at once, the output left as it is
    let again = build_msg(&content, &out, &[]);
    assert!(nothing_changed(&again), "{again}");
    // without the stamp that says so, everything that can be reused is
    forget_stamp(&out);
    let again = build_msg(&content, &out, &[]);
    let all = reused(&again);
    assert!(all > 0, "{again}");
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);

    // one commune's new month: fewer parts reused, same bytes as a full build
    let new = add_month(&content);
    let after = build_msg(&content, &out, &[]);
    let some = reused(&after);
    assert!(some > 0 && some < all, "{some} of {all}: {after}");
    std::fs::remove_dir_all(&full).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);
    let month = new.file_stem().unwrap().to_str().unwrap().to_string();
    let csv = std::fs::read_to_string(out.join("data/observations.csv")).unwrap();
    assert!(
        csv.contains(&format!(",{month},")),
        "the new month is not in the data"
    );

    // a commune removed: its pages, charts and data files go, as in a full build; a deploy
    // folder at the top of the output stays
    std::fs::create_dir_all(out.join(".git")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
    let gone = new.parent().unwrap().parent().unwrap().to_path_buf();
    std::fs::remove_dir_all(&gone).unwrap();
    let msg = build_msg(&content, &out, &[]);
    std::fs::remove_dir_all(&full).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    assert!(
        out.join(".git/HEAD").is_file(),
        "the deploy folder was removed"
    );
    std::fs::remove_dir_all(out.join(".git")).unwrap();
    same_site(&out, &full);
    let province = gone
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let id = format!("{province}/{}", gone.file_name().unwrap().to_str().unwrap());
    assert!(
        !walk(&out).iter().any(|p| p.to_string_lossy().contains(&id)),
        "files of the removed commune are left: {msg}"
    );

    // --no-cache renders everything again
    let forced = build_msg(&content, &out, &["--no-cache"]);
    assert_eq!(reused(&forced), 0, "{forced}");
}

#[test]
fn a_damaged_cache_or_output_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    build_msg(&content, &out, &[]);
    build_msg(&content, &full, &["--no-cache"]);
    let manifest = dir.path().join(".public.minhbach-cache/manifest.bin");
    assert!(manifest.is_file());

    // a manifest that does not decode: a full build, same bytes
    std::fs::write(&manifest, b"\x04\xff\xff").unwrap();
    forget_stamp(&out);
    let msg = build_msg(&content, &out, &[]);
    assert_eq!(reused(&msg), 0, "{msg}");
    same_site(&out, &full);

    // a file of the output changed by hand: its part is rendered again
    let csv = walk(&out.join("data/communes"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    std::fs::write(&csv, b"edited by hand\r\n").unwrap();
    let msg = build_msg(&content, &out, &[]);
    assert!(reused(&msg) > 0, "{msg}");
    same_site(&out, &full);

    // a file of the output removed: same
    std::fs::remove_file(&csv).unwrap();
    build_msg(&content, &out, &[]);
    same_site(&out, &full);
}

/// Gives every content file a time an hour ago, so that the first build may record them all
/// (a file as recent as the build that reads it is never trusted), and later edits show.
fn age(content: &Path) {
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in walk(content) {
        let file = std::fs::File::options().append(true).open(&path).unwrap();
        file.set_modified(past).unwrap();
    }
}

/// "N of M communes unchanged…" from a `--verbose` build: `(N, M)`.
fn unread(msg: &str) -> (usize, usize) {
    let line = msg
        .lines()
        .find(|l| l.contains("communes unchanged since the last build"))
        .unwrap_or_else(|| panic!("no count of unchanged communes in:\n{msg}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

/// The warnings a build printed, in order.
fn warnings(msg: &str) -> Vec<&str> {
    msg.lines()
        .filter(|l| l.starts_with("warning") || l.starts_with("  -->"))
        .collect()
}

/// A data file of a commune, with a line holding a whole number value: `(path, text, line)`
/// (the line 0-based).
fn data_file(content: &Path) -> (PathBuf, String, usize) {
    let mut data: Vec<PathBuf> = walk(&content.join("communes"))
        .into_iter()
        .filter(|p| p.parent().unwrap().ends_with("data"))
        .collect();
    data.sort();
    let path = data[0].clone();
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  dossiers_received: "))
        .unwrap();
    (path, text, line)
}

#[test]
fn unchanged_communes_are_not_read_again_and_an_edit_of_the_same_size_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    age(&content);
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    let first = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&first), (0, 4), "{first}");
    forget_stamp(&out);
    let again = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&again), (4, 4), "{again}");
    let reference = build_msg(&content, &full, &["--no-cache"]);
    assert_eq!(warnings(&again), warnings(&reference));
    same_site(&out, &full);

    // one digit changed: the file keeps its size, but not its time
    let (path, text, line) = data_file(&content);
    let old = text.lines().nth(line).unwrap();
    let last = old.chars().last().unwrap();
    let new = format!(
        "{}{}",
        &old[..old.len() - 1],
        if last == '9' { '8' } else { '9' }
    );
    std::fs::write(&path, text.replacen(old, &new, 1)).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), text.len() as u64);
    let after = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&after), (3, 4), "{after}");
    std::fs::remove_dir_all(&full).unwrap();
    let reference = build_msg(&content, &full, &["--no-cache"]);
    assert_eq!(warnings(&after), warnings(&reference));
    same_site(&out, &full);
    let value = new.rsplit(' ').next().unwrap();
    let csv = std::fs::read_to_string(out.join("data/observations.csv")).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains(",dossiers_received,") && l.contains(&format!(",{value},"))),
        "the edited figure {value} is not in the data"
    );
}

#[test]
fn an_error_in_a_commune_read_from_the_cache_is_reported_and_stops_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    age(&content);
    let out = dir.path().join("public");
    build_msg(&content, &out, &[]);
    forget_stamp(&out);
    let again = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&again), (4, 4), "{again}");
    let before = files(&out);

    let (path, text, line) = data_file(&content);
    let old = text.lines().nth(line).unwrap();
    let bad = old.replace(": ", ": -");
    std::fs::write(&path, text.replacen(old, &bad, 1)).unwrap();
    let o = run(
        dir.path(),
        &[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        &[],
    );
    let (stdout, stderr) = common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("a count or amount cannot be negative"),
        "{stderr}"
    );
    let at = format!("{}:{}:3", path.display(), line + 1);
    assert!(stderr.contains(&at), "no {at} in:\n{stderr}");
    assert!(files(&out) == before, "a failed build changed the output");

    // fixed again: the other communes are still taken from the cache
    std::fs::write(&path, &text).unwrap();
    let fixed = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&fixed), (3, 4), "{fixed}");
    let full = dir.path().join("full");
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);
}

#[test]
fn a_damaged_checked_content_cache_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    age(&content);
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    build_msg(&content, &out, &[]);
    let reference = build_msg(&content, &full, &["--no-cache"]);
    let checked = dir.path().join(".public.minhbach-cache/checked");
    let mut stores: Vec<PathBuf> = walk(&checked)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    stores.sort();
    assert_eq!(stores.len(), 2, "one file per province");

    // one truncated, one garbage: their communes are read again, with the same result
    let bytes = std::fs::read(&stores[0]).unwrap();
    std::fs::write(&stores[0], &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(&stores[1], vec![0xff; bytes.len()]).unwrap();
    forget_stamp(&out);
    let msg = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&msg), (0, 4), "{msg}");
    assert_eq!(warnings(&msg), warnings(&reference));
    same_site(&out, &full);
    // and written again whole
    forget_stamp(&out);
    let msg = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&msg), (4, 4), "{msg}");

    // a cache naming a file that is gone is not trusted for that province
    let (path, _, _) = data_file(&content);
    std::fs::remove_file(&path).unwrap();
    let msg = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&msg), (2, 4), "{msg}");
    std::fs::remove_dir_all(&full).unwrap();
    let reference = build_msg(&content, &full, &["--no-cache"]);
    assert_eq!(warnings(&msg), warnings(&reference));
    same_site(&out, &full);

    // --no-cache does not read it, but writes it
    let msg = build_msg(&content, &out, &["--no-cache", "--verbose"]);
    assert_eq!(unread(&msg), (0, 4), "{msg}");
    forget_stamp(&out);
    let msg = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&msg), (4, 4), "{msg}");
}

#[test]
fn a_new_commune_and_a_removed_commune_match_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    age(&content);
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    build_msg(&content, &out, &[]);

    // a copy of a commune under a new id and name
    let mut communes: Vec<PathBuf> = walk(&content.join("communes"))
        .into_iter()
        .filter(|p| p.ends_with("commune.yaml"))
        .map(|p| p.parent().unwrap().to_path_buf())
        .collect();
    communes.sort();
    let new = communes[0].with_file_name("zz-new");
    copy_dir(&communes[0], &new);
    let yaml = std::fs::read_to_string(new.join("commune.yaml")).unwrap();
    let name = yaml.lines().find(|l| l.starts_with("name:")).unwrap();
    std::fs::write(
        new.join("commune.yaml"),
        yaml.replacen(name, "name: \"Xã Mới\"", 1),
    )
    .unwrap();
    let msg = build_msg(&content, &out, &["--verbose"]);
    assert_eq!(unread(&msg), (4, 5), "{msg}");
    let reference = build_msg(&content, &full, &["--no-cache"]);
    assert_eq!(warnings(&msg), warnings(&reference));
    same_site(&out, &full);
    assert!(
        walk(&out)
            .iter()
            .any(|p| p.to_string_lossy().contains("zz-new"))
    );

    // another commune removed: its province's cache names files that are gone
    std::fs::remove_dir_all(&communes[1]).unwrap();
    let msg = build_msg(&content, &out, &["--verbose"]);
    let (kept, all) = unread(&msg);
    assert_eq!(all, 4, "{msg}");
    assert!(kept < all, "{msg}");
    std::fs::remove_dir_all(&full).unwrap();
    let reference = build_msg(&content, &full, &["--no-cache"]);
    assert_eq!(warnings(&msg), warnings(&reference));
    same_site(&out, &full);
}

#[test]
fn an_update_puts_its_pages_online_before_the_bulk_downloads_and_a_kill_between_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    let first = build_msg(&content, &out, &[]);
    assert!(
        !first.contains("site updated in"),
        "a first build has one step: {first}"
    );

    let new = add_month(&content);
    let month = new.file_stem().unwrap().to_str().unwrap().to_string();
    let commune = new.parent().unwrap().parent().unwrap();
    let (province, commune) = (
        commune
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap(),
        commune.file_name().unwrap().to_str().unwrap(),
    );
    let own_csv = out.join(format!("data/communes/{province}/{commune}.csv"));
    // A row of the month: its id follows the commune in observations.csv, starts the commune's
    // own CSV's rows.
    let has_month = |path: &Path| {
        std::fs::read_to_string(path)
            .is_ok_and(|t| t.contains(&format!(",{month},")) || t.contains(&format!("\n{month},")))
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(dir.path())
        .args(["build", "--lang", "en", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .env("MINHBACH_PAUSE_BEFORE_BULK_MS", "20000")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let manifest = dir.path().join(".public.minhbach-cache/manifest.bin");
    let started = std::time::Instant::now();
    // the manifest is removed before the pages are swapped in and written again after
    while !(has_month(&own_csv) && manifest.is_file()) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the commune's files were not updated"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // pages and the commune's own files are online; the national CSV is still the previous one
    let page = out.join(format!("communes/{province}/{commune}/index.html"));
    assert!(page.is_file());
    assert!(!has_month(&out.join("data/observations.csv")));
    child.kill().unwrap();
    child.wait().unwrap();

    // the next build makes the bulk downloads and reuses the rest
    let msg = build_msg(&content, &out, &[]);
    assert!(msg.contains("site updated in"), "{msg}");
    assert!(reused(&msg) > 0, "{msg}");
    assert!(has_month(&out.join("data/observations.csv")));
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);
}

#[test]
fn a_rebuild_with_nothing_changed_leaves_the_output_as_it_was_and_reports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let content = site(dir.path());
    age(&content);
    let out = dir.path().join("public");
    let first = build_msg(&content, &out, &[]);
    assert!(!nothing_changed(&first), "{first}");
    assert!(
        !warnings(&first).is_empty(),
        "the demo content has warnings: {first}"
    );
    let times = |dir: &Path| -> Vec<(PathBuf, std::time::SystemTime)> {
        let mut all: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                let t = std::fs::metadata(&p).unwrap().modified().unwrap();
                (p, t)
            })
            .collect();
        all.sort();
        all
    };
    let (bytes, written) = (files(&out), times(&out));

    // the same warnings and counts, and not one file of the output touched
    let again = build_msg(&content, &out, &[]);
    assert!(nothing_changed(&again), "{again}");
    assert_eq!(warnings(&again), warnings(&first));
    let counts = |msg: &str| -> String {
        let line = msg.lines().find(|l| l.starts_with("built ")).unwrap();
        line[line.find(": ").unwrap()..line.find("); ").unwrap()].to_string()
    };
    assert_eq!(counts(&again), counts(&first));
    assert!(files(&out) == bytes);
    assert_eq!(times(&out), written);

    // --no-cache always builds
    let forced = build_msg(&content, &out, &["--no-cache"]);
    assert!(!nothing_changed(&forced), "{forced}");
    assert!(nothing_changed(&build_msg(&content, &out, &[])));

    // a file added deep in the content, an output file edited or removed by hand, a theme
    // folder created: each is seen, and the output ends as a full build makes it
    let full = dir.path().join("full");
    type Change<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let changes: [Change; 4] = [
        (
            "a new month",
            Box::new(|| {
                add_month(&content);
            }),
        ),
        (
            "an output page edited",
            Box::new(|| std::fs::write(out.join("index.html"), "edited").unwrap()),
        ),
        (
            "an output file removed",
            Box::new(|| std::fs::remove_file(out.join("data/communes.csv")).unwrap()),
        ),
        (
            "a themes folder made",
            Box::new(|| std::fs::create_dir_all(dir.path().join("themes/other")).unwrap()),
        ),
    ];
    for (what, change) in changes {
        change();
        let msg = build_msg(&content, &out, &[]);
        assert!(!nothing_changed(&msg), "{what}: {msg}");
        let _ = std::fs::remove_dir_all(&full);
        build_msg(&content, &full, &["--no-cache"]);
        same_site(&out, &full);
        assert!(nothing_changed(&build_msg(&content, &out, &[])), "{what}");
    }
}

#[test]
fn a_correction_after_a_release_changes_every_pages_citation_in_an_update_too() {
    // The bundled content has a release record: its figures are all released.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root().join("content"), &content);
    let (out, full) = (dir.path().join("public"), dir.path().join("full"));
    build_msg(&content, &out, &[]);
    let other = "en/communes/hai-phong/an-truong/index.html";
    let page = std::fs::read_to_string(out.join(other)).unwrap();
    assert!(!page.contains("with corrections made since"), "{page}");

    // Diễn Châu corrects one figure: every page now cites the release "with corrections
    // made since", An Trường's too, though none of its own files changed.
    let file = content.join("communes/nghe-an/dien-chau/data/2026-01-01_2026-01-19.yaml");
    replace_in(
        &file,
        "\n  dossiers_received: 961\n",
        "\n  dossiers_received: 962\n",
    );
    build_msg(&content, &out, &[]);
    build_msg(&content, &full, &["--no-cache"]);
    let page = std::fs::read_to_string(out.join(other)).unwrap();
    assert!(page.contains("with corrections made since"), "{page}");
    same_site(&out, &full);
}

/// Counts what a build says it took from the checked-content cache.
#[derive(Default)]
struct Unread(std::sync::Mutex<Option<(usize, usize)>>);

impl minhbach::pipeline::Progress for Unread {
    fn reused(&self, reused: usize, communes: usize) {
        *self.0.lock().unwrap() = Some((reused, communes));
    }
}

/// An aged generated site in `dir` for builds through the library, as `serve` makes them:
/// `(content, output, a folder for full builds, the build's paths)`.
fn kept_site(dir: &Path) -> (PathBuf, PathBuf, PathBuf, minhbach::pipeline::Paths) {
    let content = site(dir);
    age(&content);
    let (out, full) = (dir.join("public"), dir.join("full"));
    let paths = minhbach::pipeline::Paths {
        content: content.clone(),
        themes: dir.join("themes"),
        output: out.clone(),
        incremental: true,
    };
    (content, out, full, paths)
}

#[test]
fn a_process_that_keeps_its_memory_between_builds_gives_the_same_bytes() {
    use minhbach::incremental::memory::Memory;
    use minhbach::pipeline::{build_keeping, build_with};
    let dir = tempfile::tempdir().unwrap();
    let (content, out, full, paths) = kept_site(dir.path());
    let mut memory = Memory::default();
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    assert_eq!(
        memory.communes(),
        4,
        "every commune is kept for the next build"
    );

    // The checked-content cache on disk is gone: the unchanged communes come from memory.
    let checked = dir.path().join(".public.minhbach-cache/checked");
    std::fs::remove_dir_all(&checked).unwrap();
    add_month(&content);
    let progress = Unread::default();
    build_keeping(&paths, &progress, Some(&mut memory)).unwrap();
    assert_eq!(*progress.0.lock().unwrap(), Some((3, 4)));
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);
    // The commune read again is kept too (its files are older than the build's start).
    assert_eq!(memory.communes(), 4);

    // The output is the process's own between two of its builds: a page edited there by hand
    // is not looked for (what `serve` relies on to skip 150,000 checks at national scale)…
    let mut csvs: Vec<PathBuf> = walk(&out.join("data/communes"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    csvs.sort();
    // The last commune's: the months are added to the first one.
    let csv = csvs.pop().unwrap();
    let (province, commune) = (
        csv.parent().unwrap().file_name().unwrap(),
        csv.file_stem().unwrap(),
    );
    let page = out
        .join("communes")
        .join(province)
        .join(commune)
        .join("index.html");
    let good = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"edited by hand").unwrap();
    add_month(&content);
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), b"edited by hand");

    // …but once another build has written the output, its files are checked again (the edit
    // is made again: the last build's stamp recorded the file as it found it).
    std::fs::write(&page, b"edited by hand").unwrap();
    build_with(&paths, &minhbach::pipeline::Silent).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), good);
    std::fs::remove_file(&csv).unwrap();
    add_month(&content);
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);

    // A build that fails leaves nothing in memory; the next one reads the caches on disk.
    let month = add_month(&content);
    std::fs::write(&month, "period: [\n").unwrap();
    assert!(build_keeping(&paths, &Unread::default(), Some(&mut memory)).is_err());
    assert_eq!(memory.communes(), 0);
    std::fs::remove_file(&month).unwrap();
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);
}

#[test]
fn a_watched_build_lists_again_only_the_commune_folders_it_is_told_of() {
    use minhbach::incremental::memory::Memory;
    use minhbach::pipeline::build_keeping;
    let dir = tempfile::tempdir().unwrap();
    let (content, out, full, paths) = kept_site(dir.path());
    let rel = |path: &Path| path.strip_prefix(&content).unwrap().to_path_buf();
    let mut memory = Memory::watched();
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    assert_eq!(memory.listed(), 4, "every commune folder's listing is kept");

    // A new month, as a file watcher reports it: seen, same bytes as a full build.
    let month = add_month(&content);
    memory.note_change(&rel(&month));
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);

    // The listings stand in for the folders no change was reported in: a month added behind
    // the watcher's back is not seen…
    let unseen = add_month(&content);
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    assert_ne!(files(&out), files(&full));
    // …until the watcher says it lost track: then every folder is listed again.
    memory.note_lost_track();
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    same_site(&out, &full);

    // A folder created, removed or renamed above the communes' may have replaced any of them.
    memory.note_change(Path::new("communes"));
    std::fs::remove_file(&unseen).unwrap();
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    build_msg(&content, &full, &["--no-cache"]);
    same_site(&out, &full);

    // A file that does not parse: the build fails, the listings stay for the fix (they say
    // which files there are, whatever the files say).
    let bad = add_month(&content);
    std::fs::write(&bad, "period: [\n").unwrap();
    memory.note_change(&rel(&bad));
    assert!(build_keeping(&paths, &Unread::default(), Some(&mut memory)).is_err());
    assert_eq!(memory.listed(), 4);
    std::fs::remove_file(&bad).unwrap();
    memory.note_change(&rel(&bad));
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    same_site(&out, &full);

    // A file out of place: its folder is listed again at every walk, to report it again.
    let stray = bad.parent().unwrap().parent().unwrap().join("notes.txt");
    std::fs::write(&stray, "notes").unwrap();
    memory.note_change(&rel(&stray));
    assert!(build_keeping(&paths, &Unread::default(), Some(&mut memory)).is_err());
    assert_eq!(memory.listed(), 3);
    let again = build_keeping(&paths, &Unread::default(), Some(&mut memory));
    let Err(minhbach::pipeline::BuildError::Content(diags)) = again else {
        panic!("the stray file is reported again");
    };
    assert!(diags.iter().any(|d| d.file == stray), "{diags:?}");
    std::fs::remove_file(&stray).unwrap();
    memory.note_change(&rel(&stray));
    build_keeping(&paths, &Unread::default(), Some(&mut memory)).unwrap();
    same_site(&out, &full);
}
