//! Incremental builds: what a build keeps so that the next one redoes only what changed.
//!
//! - [`cache`]: which inputs each part of the output was made from (render's parts reused).
//! - [`checked`]: each commune as validated and modelled, taken unread when its files are unchanged.
//! - [`listings`]: each commune folder's files as last listed, for a walk told what changed.
//! - [`memory`]: what `serve` keeps between its builds (the above, held in memory).
//! - [`stamp`]: the stamp of a finished build, so that a build with nothing to do does nothing.

pub mod cache;
pub mod checked;
pub mod listings;
pub mod memory;
pub mod stamp;
