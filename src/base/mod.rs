//! Leaves every stage may use: problems and two-language messages, validated ids, Vietnamese
//! order. They import nothing of the pipeline.

pub mod collate;
pub mod diagnostics;
pub mod ids;
pub mod placeholders;
