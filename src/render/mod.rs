//! Stage 4 — render: pages, charts and data files from the immutable [`Site`], in parallel,
//! all sent through one [`Sink`].

pub mod charts;
pub mod downloads;
pub mod feeds;
pub mod html;
pub mod markdown;
pub mod pages;
pub mod search;
mod sink;
pub mod summary;
pub mod theme;
pub mod views;

use crate::model::Site;
pub use downloads::Bulk;
use rayon::slice::ParallelSliceMut;
pub use sink::{Fresh, Key, Parts, Scope, Sink};
use std::io;
use std::path::Path;
use std::sync::atomic::Ordering;

/// What a render produced.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// SVG charts.
    pub charts: usize,
    /// Data files.
    pub data_files: usize,
    /// Parts of the site taken unchanged from the previous build.
    pub reused: usize,
    /// True when nothing had changed since the previous build, which was left as it was.
    pub unchanged: bool,
}

/// A sink that remembers which HTML pages were written (for the sitemap) and counts charts,
/// whether rendered now or reused from the previous build.
struct Recording<'a> {
    inner: &'a dyn Sink,
    pages: std::sync::Mutex<Vec<String>>,
    charts: std::sync::atomic::AtomicUsize,
}

impl Recording<'_> {
    fn note(&self, rel: &str) {
        if rel.ends_with(".html") {
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.to_string());
        } else if rel.ends_with(".svg") {
            self.charts.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Sink for Recording<'_> {
    fn size(&self, rel: &str) -> Option<u64> {
        self.inner.size(rel)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.note(rel);
        self.inner.write(rel, bytes)
    }

    fn stream(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.inner.stream(rel, fill)
    }

    fn reuse(&self, rel: &str, from: &Path, len: u64) -> io::Result<()> {
        self.note(rel);
        self.inner.reuse(rel, from, len)
    }

    fn file(&self, rel: &str, make: &mut dyn FnMut(&Path) -> io::Result<()>) -> io::Result<()> {
        self.inner.file(rel, make)
    }
}

/// Renders the whole site into `sink`, with the theme named in site.yaml from `themes`.
pub fn render(site: &Site, themes: &Path, sink: &dyn Sink) -> io::Result<Rendered> {
    let rendered = render_with(site, themes, sink, &mut Fresh, Bulk::Inline)?;
    index_search(&search_records(site, themes)?, sink, &Fresh)?;
    Ok(rendered)
}

/// The records of the search index, which [`index_search`] makes once the caller has freed
/// what it no longer needs: at national scale the model (1.2 GB) and Pagefind's index of one
/// language (0.5 GB) would otherwise be held at once.
pub fn search_records(site: &Site, themes: &Path) -> io::Result<Vec<search::Record>> {
    let theme = theme::Theme::load(themes, &site.config.theme, &site.config.languages)?;
    Ok(search::records(site, &theme))
}

/// Makes the search index of `records` (from [`search_records`]) into `sink`, or takes it
/// from the previous output when no name and no report text changed.
pub fn index_search(
    records: &[search::Record],
    sink: &dyn Sink,
    parts: &dyn Parts,
) -> io::Result<()> {
    search::render_records(records, sink, parts)
}

/// [`render`] but the search index ([`index_search`]), reusing from the previous output what
/// `parts` finds unchanged; with [`Bulk::Later`], without the bulk downloads, which
/// [`render_bulk`] makes afterwards with the search index.
pub fn render_with(
    site: &Site,
    themes: &Path,
    sink: &dyn Sink,
    parts: &mut dyn Parts,
    bulk: Bulk,
) -> io::Result<Rendered> {
    let theme = theme::Theme::load(themes, &site.config.theme, &site.config.languages)?;
    parts.add_site_wide(&theme.key());
    // Every page's "how to cite" says whether any figure changed since the latest release:
    // one commune's correction changes the other communes' pages too.
    parts.add_site_wide(&[u8::from(site.history.unreleased.is_empty())]);
    let parts = &*parts;
    for (path, bytes) in &theme.statics {
        sink.write(path, bytes)?;
    }
    let recording = Recording {
        inner: sink,
        pages: Default::default(),
        charts: Default::default(),
    };
    // The national data file is written in order by one thread; pages fill the other cores.
    let (data_files, counts) = rayon::join(
        || downloads::render(site, sink, parts, bulk),
        || pages::render(site, &theme, &recording, parts),
    );
    let (data_files, _) = (data_files?, counts?);
    pages::render_downloads(site, &theme, &recording)?;
    let charts = recording.charts.load(Ordering::Relaxed);
    let mut pages = recording
        .pages
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    pages.par_sort_unstable();
    feeds::render(site, &pages, sink)?;
    let archived = downloads::render_releases(site, sink)?;
    Ok(Rendered {
        pages: pages.len(),
        charts,
        data_files: data_files + archived,
        reused: 0,
        unchanged: false,
    })
}

/// The bulk downloads that [`render_with`] left for later (national CSV, workbooks and
/// databases), then the search index (with the theme named in site.yaml from `themes`);
/// returns how many data files. Each commune's CSV must already be in the output.
pub fn render_bulk(
    site: &Site,
    themes: &Path,
    sink: &dyn Sink,
    parts: &dyn Parts,
) -> io::Result<usize> {
    let theme = theme::Theme::load(themes, &site.config.theme, &site.config.languages)?;
    let data_files = downloads::render_bulk(site, sink, parts)?;
    pages::render_downloads(site, &theme, sink)?;
    // Like the bulk downloads, the index waits for an update's pages to be online.
    index_search(&search::records(site, &theme), sink, parts)?;
    Ok(data_files)
}
