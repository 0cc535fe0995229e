//! `minhbach serve`: a preview server with live reload.
//!
//! The site is built as `minhbach build` builds it, incrementally, into a preview folder of
//! the user's cache ([`preview_folder`]) — never into `public/` — and the server answers only
//! with files of that folder, never with a file elsewhere on disk. A save rebuilds only what
//! depends on the files saved, so a preview of a national site stays quick and its memory
//! bounded; the next `serve` of the same site starts from what this one built. `content/` and
//! the theme folder are watched; a change rebuilds the site (debounced) and tells open pages
//! to reload through server-sent events at `/__minhbach/events`. When the content has errors,
//! the preview folder is left as it was, so the last good site stays served, and open pages
//! show the errors in an overlay, with the same text as the command line.
//!
//! The small script that listens for those events is added to HTML responses by the server
//! only; built files never contain it.

mod http;
mod previews;
mod state;
mod watch;

pub use http::{EVENTS_PATH, Refused, SCRIPT_PATH, content_type, inject, site_path};
pub use previews::{PREVIEW_KEEP_DAYS, preview_folder, remove_stale_previews};

use previews::LAST_USED;

use crate::base::diagnostics::{Lang, Text, t};
use crate::incremental::memory;
use crate::pipeline::Paths;
use crate::terminal::{self, Verbosity};
use http::{answer, events};
use state::{State, rebuild};
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex, RwLock};
use watch::follow;

/// The port used when `--port` is not given (the next free one is tried when it is taken).
pub const DEFAULT_PORT: u16 = 5757;

/// What `minhbach serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Content folder.
    pub content: PathBuf,
    /// Themes folder.
    pub themes: PathBuf,
    /// Address to listen on (loopback by default).
    pub bind: IpAddr,
    /// Port; `None` for [`DEFAULT_PORT`] or the next free one; `Some(0)` for any free port.
    pub port: Option<u16>,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Language of messages and of the overlay.
    pub lang: Lang,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address or port cannot be used (a usage error).
    Bind(Text),
    /// The folders cannot be watched.
    Watch(Text),
    /// Another `minhbach serve` is previewing the same site.
    Busy(Text),
}

/// Builds, serves and watches until the process is stopped (Ctrl-C).
pub fn run(opts: Options) -> Result<(), ServeError> {
    let lang = opts.lang;
    let preview = preview_folder(&opts.content, &opts.themes);
    // One server per site: two would rebuild the same preview folder at each save.
    let serving = preview.parent().unwrap_or(&preview).join("serve.lock");
    let _serving = match crate::write::lock(&serving) {
        Ok(Some(lock)) => Some(lock),
        Ok(None) => {
            return Err(ServeError::Busy(t(
                format!(
                    "another minhbach serve is already previewing this site (its preview folder is {}); use the address it printed, or stop it (Ctrl-C in its window) and run this again",
                    preview.display()
                ),
                format!(
                    "một minhbach serve khác đang xem trước trang này (thư mục xem trước của nó là {}); hãy dùng địa chỉ nó đã in ra, hoặc dừng nó (Ctrl-C trong cửa sổ của nó) rồi chạy lại lệnh này",
                    preview.display()
                ),
            )));
        }
        // Without a lock file (a read-only cache folder), the build says what is wrong.
        Err(_) => None,
    };
    if let Some(dir) = preview.parent() {
        // Without the mark, the folder's other times still tell its age.
        let _ = std::fs::write(dir.join(LAST_USED), b"");
    }
    for old in remove_stale_previews(&preview, std::time::SystemTime::now()) {
        let msg = t(
            format!(
                "removed the preview folder {} (no minhbach serve used it for {PREVIEW_KEEP_DAYS} days)",
                old.display()
            ),
            format!(
                "đã xóa thư mục xem trước {} ({PREVIEW_KEEP_DAYS} ngày không có minhbach serve nào dùng)",
                old.display()
            ),
        );
        if terminal::verbosity() != Verbosity::Quiet {
            anstream::eprintln!("{}", msg.get(lang));
        }
    }
    let (server, addr) = bind(&opts)?;
    let paths = Paths {
        content: opts.content.clone(),
        themes: opts.themes.clone(),
        output: preview.clone(),
        incremental: true,
    };
    let state = Arc::new(State {
        // A site built by an earlier `serve` is served until this one has built.
        ready: AtomicBool::new(preview.join("index.html").is_file()),
        root: preview.clone(),
        problems: RwLock::new(None),
        version: AtomicU64::new(0),
        clients: Mutex::new(Vec::new()),
        lang,
        shown: Mutex::new(HashSet::new()),
        memory: Mutex::new(memory::Memory::watched()),
    });
    // Watching before the first build: a change made while it runs is noted and rebuilt.
    let watching = watch::watch(&paths).map_err(ServeError::Watch)?;
    rebuild(&paths, &state, true);
    let _watcher = follow(watching, &paths, Arc::clone(&state));

    let url = url_of(addr);
    let folder = preview.display();
    let msg = t(
        format!("serving the site at {url} (preview built in {folder}; Ctrl-C to stop)"),
        format!("đang phục vụ trang tại {url} (bản xem trước dựng trong {folder}; Ctrl-C để dừng)"),
    );
    // Tests and scripts read the address from this line.
    anstream::println!("{}", msg.get(lang));
    if !addr.ip().is_loopback() {
        let warn = t(
            format!(
                "warning: listening on {}, so other computers of the network can open the preview",
                addr.ip()
            ),
            format!(
                "cảnh báo: đang nghe trên {}, các máy khác trong mạng cũng mở được bản xem trước",
                addr.ip()
            ),
        );
        anstream::eprintln!("{}", warn.get(lang));
    }
    if opts.open {
        open_browser(&url, lang);
    }
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        if request.url().split(['?', '#']).next() == Some(EVENTS_PATH) {
            std::thread::spawn(move || events(request, &state));
        } else {
            answer(request, &state);
        }
    }
    Ok(())
}

/// `http://ADDR:PORT/`, with `[…]` around an IPv6 address.
fn url_of(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    }
}

fn bind(opts: &Options) -> Result<(tiny_http::Server, SocketAddr), ServeError> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 20).collect(),
    };
    let mut last = String::new();
    for port in &ports {
        match tiny_http::Server::http(SocketAddr::new(opts.bind, *port)) {
            Ok(server) => {
                let addr = server
                    .server_addr()
                    .to_ip()
                    .unwrap_or_else(|| SocketAddr::new(opts.bind, *port));
                return Ok((server, addr));
            }
            Err(e) => last = e.to_string(),
        }
    }
    let port = ports[0];
    let bind = opts.bind;
    Err(ServeError::Bind(t(
        format!(
            "cannot listen on {bind} port {port}: {last}; the port may be in use: choose another with --port, e.g. --port 8080"
        ),
        format!(
            "không nghe được trên {bind} cổng {port}: {last}; có thể cổng đang được dùng: hãy chọn cổng khác bằng --port, ví dụ --port 8080"
        ),
    )))
}

fn open_browser(url: &str, lang: Lang) {
    if let Err(e) = open::that_detached(url) {
        let msg = t(
            format!("could not open a browser ({e}); open {url} yourself"),
            format!("không mở được trình duyệt ({e}); hãy tự mở {url}"),
        );
        anstream::eprintln!("{}", msg.get(lang));
    }
}
