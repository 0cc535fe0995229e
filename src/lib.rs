//! minhbach — a static site generator for public transparency dashboards of Vietnamese communes.
//!
//! The build is a pipeline, one module per stage:
//! [`load`] → [`validate`] → [`model`] → [`render`] → [`write`].

// Diagnostics are returned on the (rare) error path of file loading; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod checked;
pub mod collate;
pub mod demo;
pub mod diagnostics;
pub mod domain;
pub mod format;
pub mod ids;
pub mod limits;
pub mod load;
pub mod locate;
pub mod model;
pub mod pipeline;
pub mod raw;
pub mod release;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod stamp;
pub mod terminal;
pub mod validate;
pub mod write;
