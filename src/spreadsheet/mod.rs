//! Spreadsheets a province's office fills: the template of one period (`minhbach template`)
//! and the import of the filled sheet into period files (`minhbach import`).
//!
//! `layout` is the leaf both sides share; `grid` reads workbooks and CSV; `period_file` writes
//! and updates period files; `import` turns the grid into planned files and `check` validates
//! them with the pipeline before anything is written.

mod check;
pub mod grid;
pub mod import;
pub mod layout;
pub mod period_file;
pub mod template;
