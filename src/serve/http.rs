//! Answering requests: only files of the preview folder, HTML with the live-reload script,
//! and the server-sent events that tell open pages to reload or show problems.

use super::state::{Event, State};
use crate::base::diagnostics::{Lang, t};
use crate::render::{self};
use std::io::{self, Write};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Where the live-reload events are sent.
pub const EVENTS_PATH: &str = "/__minhbach/events";

/// The live-reload script.
pub const SCRIPT_PATH: &str = "/__minhbach/live.js";

/// A comment line sent to idle event streams, so dead connections are noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a plain path inside the site: `..`, `.`, a backslash, an encoded `/` or `\`, a NUL,
    /// bad percent-encoding or text that is not UTF-8.
    Bad,
}

/// The file a request path names inside the site, `""`-free and `/`-separated
/// (`/` → `index.html`, `/a/` → `a/index.html`), or why it is refused. Only one round of
/// percent-decoding is done, so `%252e` stays the literal text `%2e`.
pub fn site_path(url: &str) -> Result<String, Refused> {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') || raw.contains('\\') {
        return Err(Refused::Bad);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Refused::Bad);
    }
    let decoded = percent_decode(raw).ok_or(Refused::Bad)?;
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        if seg == ".." || seg == "." || seg.contains('\\') || seg.contains('\0') {
            return Err(Refused::Bad);
        }
        if !seg.is_empty() {
            segments.push(seg);
        }
    }
    let mut path = segments.join("/");
    if decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file of the site, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        "pdf" => "application/pdf",
        // the downloads journalists open in Excel and DB Browser / Datasette
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "sqlite" => "application/vnd.sqlite3",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page (before `</body>`, else at the end).
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}?v={version}\" data-version=\"{version}\" data-events=\"{EVENTS_PATH}\" defer></script>\n"
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The page served while no build has succeeded yet: the overlay says why.
fn placeholder(lang: Lang) -> Vec<u8> {
    let msg = t(
        "No version of the site could be built yet. The problems are listed above; save a fix and this page reloads by itself.",
        "Chưa dựng được phiên bản nào của trang. Các lỗi được liệt kê ở trên; sửa và lưu lại là trang tự tải lại.",
    );
    let code = match lang {
        Lang::En => "en",
        Lang::Vi => "vi",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>minhbach</title></head>\n<body><p>{}</p></body></html>\n",
        render::html::escape(msg.get(lang))
    )
    .into_bytes()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values are ASCII")
}

fn respond(
    request: tiny_http::Request,
    status: u16,
    ctype: &str,
    body: Vec<u8>,
    extra: &[(&str, &str)],
) {
    answer_with(
        request,
        tiny_http::Response::from_data(body),
        status,
        ctype,
        extra,
    );
}

/// Sends `response` with the headers every answer carries.
fn answer_with<R: io::Read>(
    request: tiny_http::Request,
    response: tiny_http::Response<R>,
    status: u16,
    ctype: &str,
    extra: &[(&str, &str)],
) {
    let mut response = response
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    for (k, v) in extra {
        response = response.with_header(header(k, v));
    }
    // A client that went away is not an error worth reporting.
    let _ = request.respond(response);
}

/// Answers one request from the last good build.
pub(super) fn answer(request: tiny_http::Request, state: &State) {
    use tiny_http::Method;
    let lang = state.lang;
    if !matches!(request.method(), Method::Get | Method::Head) {
        let msg = t(
            "only GET and HEAD are answered\n",
            "chỉ trả lời GET và HEAD\n",
        );
        let body = msg.get(lang).as_bytes().to_vec();
        respond(
            request,
            405,
            "text/plain; charset=utf-8",
            body,
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let url = request.url().to_string();
    if url.split(['?', '#']).next() == Some(SCRIPT_PATH) {
        let body = LIVE_JS.as_bytes().to_vec();
        respond(request, 200, "text/javascript; charset=utf-8", body, &[]);
        return;
    }
    let path = match site_path(&url) {
        Ok(p) => p,
        Err(Refused::Bad) => {
            let msg = t(
                "400 bad request: this address does not name a file of the site\n",
                "400 yêu cầu không hợp lệ: địa chỉ này không trỏ tới tệp nào của trang\n",
            );
            let body = msg.get(lang).as_bytes().to_vec();
            respond(request, 400, "text/plain; charset=utf-8", body, &[]);
            return;
        }
    };
    let version = state.version.load(Ordering::SeqCst);
    if !state.ready.load(Ordering::SeqCst) {
        let body = inject(&placeholder(lang), version);
        respond(request, 503, "text/html; charset=utf-8", body, &[]);
        return;
    }
    if let Some(file) = state.file(&path) {
        let ctype = content_type(&path);
        if ctype.starts_with("text/html") {
            if let Ok(bytes) = std::fs::read(&file) {
                respond(request, 200, ctype, inject(&bytes, version), &[]);
                return;
            }
        } else if let Ok(f) = std::fs::File::open(&file) {
            // Streamed: a national observations.csv is gigabytes.
            answer_with(request, tiny_http::Response::from_file(f), 200, ctype, &[]);
            return;
        }
    }
    // A folder asked without its final `/`: send the browser to it, so relative links work.
    if !path.ends_with("index.html") && state.file(&format!("{path}/index.html")).is_some() {
        let raw = url.split(['?', '#']).next().unwrap_or("/");
        let location = format!("{raw}/");
        respond(
            request,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &location)],
        );
        return;
    }
    // The site's own 404 page, in the language of the section asked for when there is one.
    let section = path.split('/').next().unwrap_or("");
    let page = state
        .file(&format!("{section}/404.html"))
        .or_else(|| state.file("404.html"))
        .and_then(|p| std::fs::read(p).ok());
    let body = match page {
        Some(p) => inject(&p, version),
        None => b"404 not found\n".to_vec(),
    };
    respond(request, 404, "text/html; charset=utf-8", body, &[]);
}

/// One event in the text/event-stream format.
fn event_text(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str(&format!("data: {line}\n"));
    }
    out.push('\n');
    out
}

/// Streams live-reload events to one page until it goes away.
pub(super) fn events(request: tiny_http::Request, state: &State) {
    let (tx, rx) = mpsc::channel();
    // Registered before the first message, so no rebuild can fall in between.
    state
        .clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let mut w = request.into_writer();
    let mut hello = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
         Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n",
    );
    hello.push_str(&event_text(
        "hello",
        &state.version.load(Ordering::SeqCst).to_string(),
    ));
    if let Some(json) = state.problems_json() {
        hello.push_str(&event_text("problems", &json));
    }
    if send(&mut w, &hello).is_err() {
        return;
    }
    loop {
        let text = match rx.recv_timeout(HEARTBEAT) {
            Ok(Event::Reload(v)) => event_text("reload", &v.to_string()),
            Ok(Event::Problems(json)) => event_text("problems", &json),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut w, &text).is_err() {
            return;
        }
    }
}

fn send(w: &mut Box<dyn Write + Send>, text: &str) -> io::Result<()> {
    w.write_all(text.as_bytes())?;
    w.flush()
}

/// The script added to served pages: reloads on a new build, shows the overlay on errors.
const LIVE_JS: &str = r##"// minhbach serve: live reload and error overlay (added by the preview server only).
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : null;
  var url = (me && me.getAttribute("data-events")) || "/__minhbach/events";
  var box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(p) {
    hide();
    box = document.createElement("div");
    box.id = "minhbach-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.top = "0"; s.maxHeight = "85vh";
    s.overflow = "auto"; s.zIndex = "2147483647"; s.background = "#fff8f6";
    s.color = "#1a1a1a"; s.borderBottom = "4px solid #b3261e"; s.padding = "1em 1.2em";
    s.boxShadow = "0 4px 24px rgba(0,0,0,.35)"; s.font = "15px/1.45 system-ui, sans-serif";
    var close = document.createElement("button");
    close.type = "button"; close.textContent = "×"; close.title = "Đóng / Close";
    close.style.cssFloat = "right"; close.style.fontSize = "1.4em";
    close.onclick = hide;
    var h = document.createElement("strong");
    h.textContent = p.title; h.style.color = "#b3261e"; h.style.display = "block";
    var pre = document.createElement("pre");
    pre.textContent = p.text; pre.style.whiteSpace = "pre-wrap"; pre.style.margin = ".8em 0 0";
    pre.style.font = "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    box.appendChild(close); box.appendChild(h); box.appendChild(pre);
    (document.body || document.documentElement).appendChild(box);
  }
  if (!window.EventSource) { return; }
  var es = new EventSource(url);
  es.addEventListener("hello", function (e) {
    if (version !== null && e.data !== version) { location.reload(); }
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(site_path("/en/").unwrap(), "en/index.html");
        assert_eq!(site_path("/a/b.svg?x=1#y").unwrap(), "a/b.svg");
        assert_eq!(
            site_path("/communes/nghe-an/di%E1%BB%85n/").unwrap(),
            "communes/nghe-an/diễn/index.html"
        );
        assert_eq!(site_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
        for bad in [
            "/../Cargo.toml",
            "/a/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a/..%2f..%2fsite.yaml",
            "/a%2F..%2F..%2Fx",
            "/..\\x",
            "/%5c..%5cx",
            "/./index.html",
            "/a%00.html",
            "/%zz",
            "/%c3",
            "relative",
        ] {
            assert_eq!(site_path(bad), Err(Refused::Bad), "{bad}");
        }
    }

    #[test]
    fn content_types_fit_the_files() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a/chart.svg"), "image/svg+xml");
        assert_eq!(content_type("data/x.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("data/datapackage.json"), "application/json");
        assert_eq!(
            content_type("data/minhbach.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            content_type("data/provinces/nghe-an.sqlite"),
            "application/vnd.sqlite3"
        );
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/site.js"),
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", 3)).unwrap();
        assert!(
            out.contains("<p>x</p><script src=\"/__minhbach/live.js?v=3\""),
            "{out}"
        );
        assert!(out.ends_with("</body></html>"));
    }
}
