//! `minhbach serve`: the preview server as a browser meets it — real HTTP requests to the real
//! binary, the live-reload event stream, path traversal attempts over a raw socket.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `minhbach serve` on a free port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    port: u16,
    /// The user's cache folder (`XDG_CACHE_HOME`), where the preview is built.
    cache: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the minimal fixture (plus a secret file beside it) in a fresh folder.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET-4711").unwrap();
    (dir, content)
}

fn serve(cwd: &Path) -> Server {
    serve_with_cache(cwd, tempfile::tempdir().unwrap())
}

/// Starts `minhbach serve` of the site in `cwd` on any free port, with `cache` as the user's
/// cache folder; standard output piped, standard error as `stderr` says.
fn spawn_serve(cwd: &Path, cache: &Path, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .current_dir(cwd)
        .args(["serve", "--port", "0", "--lang", "en", "--themes"])
        .arg(root().join("themes"))
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", cache)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the minhbach binary runs")
}

/// [`serve`] with `cache` as the user's cache folder (a later server may be given it again).
fn serve_with_cache(cwd: &Path, cache: tempfile::TempDir) -> Server {
    let mut child = spawn_serve(cwd, cache.path(), Stdio::null());
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find("http://") {
                let url: String = line[at..].split_whitespace().next().unwrap().into();
                let _ = tx.send(url);
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("serve prints the address it listens on");
    assert!(url.starts_with("http://127.0.0.1:"), "not loopback: {url}");
    let port = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Server {
        child,
        url,
        port,
        cache,
    }
}

impl Server {
    /// The preview folder the server builds into (the only one under its cache folder).
    fn preview(&self) -> PathBuf {
        let previews: Vec<PathBuf> = std::fs::read_dir(self.cache.path().join("minhbach"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(previews.len(), 1, "{previews:?}");
        previews[0].join("site")
    }

    /// Stops the server, handing back its cache folder.
    fn stop(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let cache = tempfile::tempdir().unwrap();
        std::mem::replace(&mut self.cache, cache)
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// (status, content type, body) of a GET.
fn get(url: &str) -> (u16, String, String) {
    let mut resp = agent().get(url).call().expect("the server answers");
    let ctype = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let status = resp.status().as_u16();
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    (status, ctype, body)
}

/// Sends `request_target` exactly as written (no client normalisation), returns the response.
fn raw_get(port: u16, request_target: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {request_target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn serves_the_built_site_with_the_right_content_types() {
    let (dir, _) = site();
    let server = serve(dir.path());
    let base = &server.url;

    let (status, ctype, body) = get(base);
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(body.contains("Bảng số liệu thử"), "{body}");
    // the live-reload script is added by the server, just before </body>
    assert!(
        body.contains("<script src=\"/__minhbach/live.js?v=1\" data-version=\"1\""),
        "{body}"
    );
    assert!(body.trim_end().ends_with("</body>\n</html>") || body.contains("</script>\n</body>"));

    let (status, ctype, body) = get(&format!("{base}en/index.html"));
    assert_eq!((status, ctype.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("Test dashboard"));

    for (path, expected) in [
        ("data/observations.csv", "text/csv; charset=utf-8"),
        ("data/datapackage.json", "application/json"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("atom.xml", "application/xml; charset=utf-8"),
        ("assets/style.css", "text/css; charset=utf-8"),
        ("assets/site.js", "text/javascript; charset=utf-8"),
        ("__minhbach/live.js", "text/javascript; charset=utf-8"),
    ] {
        let (status, ctype, _) = get(&format!("{base}{path}"));
        assert_eq!((status, ctype.as_str()), (200, expected), "{path}");
    }
    let (_, _, csv) = get(&format!("{base}data/observations.csv"));
    assert!(csv.contains("dossiers_received"), "{csv}");
    // a chart: find one in the commune page and fetch it
    let (_, _, commune) = get(&format!("{base}communes/tinh-a/xa-b/index.html"));
    let svg = commune
        .split('"')
        .find(|s| s.ends_with(".svg"))
        .expect("the commune page shows a chart");
    let svg = svg.trim_start_matches("../");
    let (status, ctype, body) = get(&format!("{base}{svg}"));
    assert_eq!((status, ctype.as_str()), (200, "image/svg+xml"), "{svg}");
    assert!(body.contains("<svg"));
    // only HTML gets the script
    assert!(!body.contains("__minhbach"));

    // a folder without its final slash is redirected (ureq follows), a missing page is a 404
    let (status, _, body) = get(&format!("{base}en"));
    assert_eq!(status, 200);
    assert!(body.contains("Test dashboard"));
    let (status, ctype, body) = get(&format!("{base}no/such/page.html"));
    assert_eq!((status, ctype.as_str()), (404, "text/html; charset=utf-8"));
    assert!(body.contains("<html"), "the site's 404 page: {body}");

    // only GET and HEAD
    let resp = agent()
        .post(&format!("{base}index.html"))
        .send("x")
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);

    // the preview is built in the user's cache: nothing written beside the content
    assert!(server.preview().join("index.html").is_file());
    assert!(server.preview().join("data/observations.csv").is_file());
    assert!(!dir.path().join("public").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn refuses_paths_outside_the_site() {
    let (dir, _) = site();
    let server = serve(dir.path());
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/assets%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5c..%5csecret.txt",
        "/./index.html",
        "/content/site.yaml",
        "/../content/site.yaml",
        "/%2e%2e/content/site.yaml",
        "/index.html%00.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "//etc/passwd",
    ] {
        let response = raw_get(server.port, target);
        let status = response.split_whitespace().nth(1).unwrap_or("");
        assert!(
            status == "400" || status == "404",
            "{target} answered {status}:\n{response}"
        );
        assert!(!response.contains("TOP-SECRET"), "{target} leaked a file");
        assert!(!response.contains("base_url"), "{target} leaked site.yaml");
        assert!(!response.contains("root:"), "{target} leaked /etc/passwd");
    }
    // in the preview folder, neither its hidden marker nor a link leading out is served
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        server.preview().join("leak.txt"),
    )
    .unwrap();
    assert!(server.preview().join(".minhbach-output").exists());
    for target in ["/leak.txt", "/.minhbach-output"] {
        let response = raw_get(server.port, target);
        assert!(
            response.starts_with("HTTP/1.1 404"),
            "{target}:\n{response}"
        );
        assert!(!response.contains("TOP-SECRET"), "{target} leaked a file");
    }
    // the server is still fine afterwards
    assert!(raw_get(server.port, "/index.html").starts_with("HTTP/1.1 200"));
}

/// Reads a server-sent event stream into (arrival time, event name, data) messages.
fn events(url: &str) -> mpsc::Receiver<(Instant, String, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent
        .get(&format!("{url}__minhbach/events"))
        .call()
        .expect("the event stream opens");
    assert_eq!(resp.status().as_u16(), 200);
    let ctype = resp
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(ctype.starts_with("text/event-stream"), "{ctype}");
    let reader = BufReader::new(resp.into_body().into_reader());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (mut name, mut data) = (String::new(), String::new());
        for line in reader.lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty() && !name.is_empty() {
                let msg = (
                    Instant::now(),
                    std::mem::take(&mut name),
                    std::mem::take(&mut data),
                );
                if tx.send(msg).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// The next event called `name`, skipping others; panics after `timeout`.
fn next_event(
    rx: &mpsc::Receiver<(Instant, String, String)>,
    name: &str,
    timeout: Duration,
) -> (Instant, String) {
    let until = Instant::now() + timeout;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((at, n, data)) if n == name => return (at, data),
            Ok(_) => continue,
            Err(_) => panic!("no `{name}` event within {timeout:?}"),
        }
    }
}

#[test]
fn a_change_reloads_open_pages_within_two_seconds_and_errors_show_in_an_overlay() {
    let (dir, content) = site();
    let server = serve(dir.path());
    let base = server.url.clone();
    let page = format!("{base}communes/tinh-a/xa-b/index.html");
    let (_, _, before) = get(&page);
    assert!(before.contains("14.722"), "{before}");

    let rx = events(&base);
    let (_, version) = next_event(&rx, "hello", Duration::from_secs(20));
    assert_eq!(version, "1");

    // 1. an editor changes a number: a reload reaches the open page within 2 s
    let file = content.join("communes/tinh-a/xa-b/data/2026-01.yaml");
    let written = Instant::now();
    replace_in(
        &file,
        "dossiers_received: 14722",
        "dossiers_received: 15151",
    );
    let (at, version) = next_event(&rx, "reload", Duration::from_secs(30));
    let took = at.duration_since(written);
    eprintln!("reload signal {took:?} after the write");
    assert!(
        took < Duration::from_secs(2),
        "the reload signal took {took:?}"
    );
    assert_eq!(version, "2");
    let (_, _, after) = get(&page);
    assert!(after.contains("15.151"), "{after}");
    assert!(!after.contains("14.722"));
    assert!(after.contains("data-version=\"2\""));

    // 2. a typo: the page gets the same message as the command line; the last good site stays
    replace_in(&file, "dossiers_received: 15151", "dossier_received: 15151");
    let (_, problems) = next_event(&rx, "problems", Duration::from_secs(30));
    let overlay: serde_json::Value = serde_json::from_str(&problems).unwrap();
    let shown = overlay["text"].as_str().unwrap();
    assert!(shown.contains("error: unknown indicator id"), "{shown}");
    assert!(shown.contains("xa-b/data/2026-01.yaml:10:3"), "{shown}");
    assert!(shown.contains("key: values.dossier_received"), "{shown}");
    assert!(
        shown.contains("did you mean `dossiers_received`?"),
        "{shown}"
    );
    assert!(
        overlay["title"]
            .as_str()
            .unwrap()
            .contains("last good version")
    );
    let check = run(dir.path(), &["check", "--content", "content"], &[]);
    let (_, cli) = common::text(&check);
    for line in shown.lines().filter(|l| !l.is_empty()) {
        assert!(
            cli.contains(line),
            "overlay line not in the CLI output: {line}\n{cli}"
        );
    }
    let (status, _, still) = get(&page);
    assert_eq!(status, 200);
    assert!(still.contains("15.151"), "the last good site is served");
    // a page opened now learns about the problem as soon as it connects
    let late = events(&base);
    next_event(&late, "hello", Duration::from_secs(20));
    let (_, again) = next_event(&late, "problems", Duration::from_secs(20));
    assert_eq!(again, problems);

    // 3. the fix brings the page back
    replace_in(&file, "dossier_received: 15151", "dossiers_received: 16161");
    let (_, version) = next_event(&rx, "reload", Duration::from_secs(30));
    assert_eq!(version, "3");
    let (_, _, fixed) = get(&page);
    assert!(fixed.contains("16.161"), "{fixed}");
}

#[test]
fn a_save_rebuilds_only_what_it_changes_and_a_new_server_starts_from_the_preview() {
    let (dir, content) = site();
    let server = serve(dir.path());
    let base = server.url.clone();
    let preview = server.preview();
    let mtime = |rel: &str| {
        std::fs::metadata(preview.join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let changed = "communes/tinh-a/xa-b/index.html";
    let untouched = "communes/tinh-a/dong-c/index.html";
    let before = (mtime(changed), mtime(untouched));
    // file times are compared: let the clock move past the build's
    std::thread::sleep(Duration::from_millis(50));

    let rx = events(&base);
    next_event(&rx, "hello", Duration::from_secs(20));
    let file = content.join("communes/tinh-a/xa-b/data/2026-01.yaml");
    replace_in(
        &file,
        "dossiers_received: 14722",
        "dossiers_received: 15151",
    );
    next_event(&rx, "reload", Duration::from_secs(30));
    let (_, _, page) = get(&format!("{base}{changed}"));
    assert!(page.contains("15.151"), "{page}");
    assert_ne!(
        mtime(changed),
        before.0,
        "the edited commune's page is rebuilt"
    );
    assert_eq!(
        mtime(untouched),
        before.1,
        "another commune's page is reused"
    );

    // a new server of the same site, with nothing changed, serves the preview as it is
    let after = mtime(changed);
    let cache = server.stop();
    let again = serve_with_cache(dir.path(), cache);
    assert_eq!(again.preview(), preview);
    let (status, _, page) = get(&format!("{}{changed}", again.url));
    assert_eq!(status, 200);
    assert!(page.contains("15.151"), "{page}");
    assert_eq!(mtime(changed), after, "nothing was rebuilt");
}

#[test]
fn a_taken_port_is_a_usage_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let (dir, _) = site();
    let o = run(dir.path(), &["serve", "--port", &port], &[]);
    assert_eq!(o.status.code(), Some(2));
    let (_, err) = text(&o);
    assert!(err.contains("choose another with --port"), "{err}");
}

#[test]
fn a_second_server_of_the_same_site_is_refused_until_the_first_stops() {
    let (dir, _) = site();
    let server = serve(dir.path());
    let preview = server.preview();
    let themes = root().join("themes");
    let o = run(
        dir.path(),
        &["serve", "--port", "0", "--themes", themes.to_str().unwrap()],
        &[("XDG_CACHE_HOME", server.cache.path().to_str().unwrap())],
    );
    assert_eq!(o.status.code(), Some(75), "{}", text(&o).1);
    let (_, err) = text(&o);
    assert!(
        err.contains("another minhbach serve is already previewing this site"),
        "{err}"
    );
    assert!(err.contains(&preview.display().to_string()), "{err}");
    assert!(err.contains("use the address it printed"), "{err}");
    // the first server is undisturbed
    let (status, _, page) = get(&server.url);
    assert_eq!(status, 200);
    assert!(page.contains("<html"), "{page}");

    let cache = server.stop();
    let again = serve_with_cache(dir.path(), cache);
    assert_eq!(get(&again.url).0, 200);
}

/// A `minhbach serve` of the site in `cwd` whose every output line (both streams) arrives on
/// the returned channel.
fn serve_talking(cwd: &Path, cache: &Path) -> (Child, mpsc::Receiver<String>) {
    let mut child = spawn_serve(cwd, cache, Stdio::piped());
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    for stream in [Box::new(out) as Box<dyn Read + Send>, Box::new(err)] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    (child, rx)
}

/// The lines printed until one containing `end`, and those of the other stream that were
/// printed before it (already in their pipe, read by another thread).
fn lines_until(rx: &mpsc::Receiver<String>, end: &str) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no line with {end:?} after {lines:#?}"));
        let done = line.contains(end);
        lines.push(line);
        if done {
            break;
        }
    }
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(300)) {
        lines.push(line);
    }
    lines
}

#[test]
fn a_rebuild_prints_only_the_warnings_it_brings() {
    let (dir, content) = site();
    let cache = tempfile::tempdir().unwrap();
    let (mut child, rx) = serve_talking(dir.path(), cache.path());
    // The first build prints the site's one warning (a rate its own counts do not give).
    let first = lines_until(&rx, "built in").join("\n");
    assert_eq!(
        first
            .matches("warning: Share of dossiers online: the commune reported")
            .count(),
        1,
        "{first}"
    );
    assert!(first.contains("97.6%"), "{first}");
    assert!(
        first.contains("; 1 warning(s)\n") || first.ends_with("; 1 warning(s)"),
        "{first}"
    );

    // A save that brings no warning prints none, and says the known one was left out.
    let other = content.join("communes/tinh-a/dong-c/data/2026-q1.yaml");
    replace_in(&other, "dossiers_online: 903", "dossiers_online: 904");
    let second = lines_until(&rx, "rebuilt in").join("\n");
    assert!(!second.contains("warning: "), "{second}");
    assert!(
        second.contains("1 warning(s), 1 warning(s) as at the last build, not printed again"),
        "{second}"
    );

    // A save that brings a warning prints that one only.
    replace_in(
        &other,
        "dossiers_online: 904",
        "dossiers_online: 903\n  dossiers_online_rate: 50",
    );
    let third = lines_until(&rx, "rebuilt in").join("\n");
    assert_eq!(
        third
            .matches("warning: Share of dossiers online: the commune reported")
            .count(),
        1,
        "{third}"
    );
    assert!(third.contains("50%") && !third.contains("97.6%"), "{third}");
    assert!(
        third.contains("2 warning(s), 1 warning(s) as at the last build, not printed again"),
        "{third}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn files_added_removed_and_edited_in_any_commune_show_after_the_reload() {
    let (dir, content) = site();
    let server = serve(dir.path());
    let base = server.url.clone();
    let rx = events(&base);
    next_event(&rx, "hello", Duration::from_secs(20));
    let page = |commune: &str| get(&format!("{base}communes/tinh-a/{commune}/index.html")).2;

    // a new month in one commune
    let march = content.join("communes/tinh-a/xa-b/data/2026-03.yaml");
    std::fs::write(
        &march,
        "period:\n  start: 2026-03-01\n  end: 2026-03-31\nsource:\n  title: \"Báo cáo tháng 03/2026\"\nvalues:\n  dossiers_received: 17171\n",
    )
    .unwrap();
    next_event(&rx, "reload", Duration::from_secs(30));
    assert!(page("xa-b").contains("17.171"), "{}", page("xa-b"));

    // an edit in another commune, then one in the first again
    replace_in(
        &content.join("communes/tinh-a/dong-c/data/2026-q1.yaml"),
        "dossiers_received: 961",
        "dossiers_received: 962",
    );
    next_event(&rx, "reload", Duration::from_secs(30));
    assert!(page("dong-c").contains("962"), "{}", page("dong-c"));
    replace_in(&march, "17171", "18181");
    next_event(&rx, "reload", Duration::from_secs(30));
    assert!(page("xa-b").contains("18.181"), "{}", page("xa-b"));

    // the month removed
    std::fs::remove_file(&march).unwrap();
    next_event(&rx, "reload", Duration::from_secs(30));
    let now = page("xa-b");
    assert!(!now.contains("18.181") && !now.contains("2026-03"), "{now}");
    drop(server);
}
