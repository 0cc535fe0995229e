//! Incremental builds: what a build keeps so that the next one redoes only what changed.
//!
//! - [`cache`]: which inputs each part of the output was made from (render's parts reused).
//! - [`checked`]: each commune as validated and modelled, taken unread when its files are unchanged.
//! - [`stamp`]: the stamp of a finished build, so that a build with nothing to do does nothing.

pub mod cache;
pub mod checked;
pub mod stamp;
