//! The parts of the `minhbach` binary that main.rs dispatches to.

pub mod args;
