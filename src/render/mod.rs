//! Stage 4 — render: pages, charts and data files from the immutable [`Site`], in parallel,
//! all sent through one [`Sink`].

pub mod data;

use crate::model::Site;
use crate::write::Sink;
use std::io;

/// What a render produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// SVG charts.
    pub charts: usize,
    /// Data files.
    pub data_files: usize,
}

/// Renders the whole site into `sink`.
pub fn render(site: &Site, _themes: &std::path::Path, sink: &dyn Sink) -> io::Result<Rendered> {
    let data_files = data::render(site, sink)?;
    Ok(Rendered {
        pages: 0,
        charts: 0,
        data_files,
    })
}
