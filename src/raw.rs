//! The content files exactly as users write them (SPEC §1), before validation.
//!
//! Structs deny unknown keys so a misspelt key is an error rather than silently ignored.
//! Ids and dates stay strings here: the validate stage checks them and reports every problem.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Text in several languages (`{vi: "...", en: "..."}`), or one text for all languages.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum RawLocalized {
    /// Per-language texts keyed by language code.
    PerLanguage(BTreeMap<String, String>),
    /// The same text in every language.
    Same(String),
}

/// `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: RawLocalized,
    pub description: Option<RawLocalized>,
    /// A notice shown on every page (e.g. "the data is synthetic").
    pub notice: Option<RawLocalized>,
    pub base_url: String,
    pub languages: Vec<String>,
    pub publisher: String,
    pub data_license: String,
    pub theme: Option<String>,
}

/// `indicators.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogue {
    pub groups: Vec<RawGroup>,
    pub indicators: Vec<RawIndicator>,
}

/// One indicator group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub id: String,
    pub name: RawLocalized,
    pub description: Option<RawLocalized>,
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: String,
    pub group: String,
    pub name: RawLocalized,
    pub description: Option<RawLocalized>,
    pub unit: String,
    pub unit_label: Option<RawLocalized>,
    pub kind: String,
    pub better: Option<String>,
    pub ratio: Option<Vec<String>>,
    pub target: Option<RawTarget>,
    #[serde(default)]
    pub headline: bool,
    /// Extension: this count is a part of another count (a warning when it is larger).
    pub part_of: Option<String>,
}

/// A target range for an indicator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub note: Option<RawLocalized>,
}

/// `_province.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvince {
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
}

/// `commune.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommune {
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub population: Option<u64>,
}

/// `data/<period-id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriodFile {
    pub period: RawPeriod,
    pub source: RawSource,
    /// Kept as a YAML mapping so every value can be checked against the catalogue in turn.
    pub values: serde_yaml::Mapping,
}

/// The `period:` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub start: String,
    pub end: String,
    pub kind: Option<String>,
    pub label: Option<RawLocalized>,
}

/// The `source:` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub issued_by: Option<String>,
    pub date: Option<String>,
    pub report: Option<String>,
}

/// Front matter of `reports/<report-id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReportMeta {
    pub title: String,
    pub number: Option<String>,
    pub issued_by: String,
    pub signed_by: Option<String>,
    pub date: String,
    pub period: RawDateRange,
    pub language: Option<String>,
}

/// `{start, end}` in front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDateRange {
    pub start: String,
    pub end: String,
}

/// Front matter of `pages/<page-id>.<lang>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    pub title: String,
    pub description: Option<String>,
    /// Order in menus (smaller first); pages without it come last, by id.
    pub weight: Option<i64>,
}
