//! minhbach — a static site generator for public transparency dashboards of Vietnamese communes.
//!
//! The build is a pipeline, one module per stage, each taking the previous stage's output:
//! [`load`] (files → raw structs) → [`validate`] (→ [`domain::Content`]) → [`model`]
//! (→ [`model::Site`]) → [`render`] (pages, charts, downloads into a [`render::Sink`]) →
//! [`write`] (a staging folder swapped in on success). [`pipeline`] runs them;
//! [`incremental`] keeps what lets the next build redo only what changed. `docs/architecture.md`
//! walks through the tree.

// Diagnostics are returned on the (rare) error path of file loading; boxing them would only add noise.
#![allow(clippy::result_large_err)]

// Leaves every stage may use.
pub mod base;

// The stages, in pipeline order, and the content types validation gives the model.
pub mod load;

pub mod domain;

pub mod format;

pub mod validate;

pub mod model;

pub mod render;

pub mod write;

// What runs the stages, and what lets the next build redo only what changed.
pub mod incremental;

pub mod pipeline;

// What the subcommands do besides building.
pub mod demo;
pub mod release;
pub mod scaffold;
pub mod serve;
pub mod spreadsheet;
pub mod terminal;
