//! The build as a whole: load → validate → model, then render → write.

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::render::{self, Rendered};
use crate::write::{StagedOutput, unsafe_output};
use crate::{load, validate};
use std::path::{Path, PathBuf};

/// Reads and checks `content`, returning the site model when there is no error, and every
/// diagnostic (including data warnings) either way.
pub fn load_site(content: &Path) -> (Option<Site>, Diagnostics) {
    let loaded = load::load(content);
    let (content, mut diags) = validate::validate(loaded);
    let site = content.map(Site::build);
    if let Some(site) = &site {
        diags.extend(site.warning_diagnostics());
        diags.sort();
    }
    (site, diags)
}

/// Folders a build reads and writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Content folder.
    pub content: PathBuf,
    /// Themes folder.
    pub themes: PathBuf,
    /// Output folder.
    pub output: PathBuf,
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum BuildError {
    /// The content has errors (listed in the diagnostics).
    Content(Diagnostics),
    /// The output folder is not a safe place to write.
    UnsafeOutput(String),
    /// Writing failed.
    Io(std::io::Error),
}

/// Builds the site at `paths`; the output folder is replaced only on success.
pub fn build(paths: &Paths) -> Result<(Rendered, Diagnostics, (u64, u64)), BuildError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let protected: [(&str, &Path); 2] = [("content", &paths.content), ("themes", &paths.themes)];
    if let Some(why) = unsafe_output(&paths.output, &protected, &[("current", &cwd)]) {
        return Err(BuildError::UnsafeOutput(why));
    }
    let (site, diags) = load_site(&paths.content);
    let Some(site) = site else {
        return Err(BuildError::Content(diags));
    };
    let out = StagedOutput::new(&paths.output).map_err(BuildError::Io)?;
    let rendered = render::render(&site, &paths.themes, &out).map_err(BuildError::Io)?;
    let totals = out.totals();
    out.commit().map_err(BuildError::Io)?;
    Ok((rendered, diags, totals))
}
