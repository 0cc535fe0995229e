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
    /// Extension: national targets, each with the document that sets it.
    #[serde(default)]
    pub targets: Vec<RawTargetEntry>,
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

/// Extension: a target that a document sets (`targets:` in `indicators.yaml`,
/// `_province.yaml` or `commune.yaml`, for the nation, the province or the commune).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargetEntry {
    pub indicator: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The calendar year it applies to (periods ending in that year).
    pub year: Option<i64>,
    /// First day it applies to.
    pub from: Option<String>,
    /// Last day it applies to.
    pub to: Option<String>,
    pub source: RawTargetSource,
    pub note: Option<RawLocalized>,
}

/// The document that sets a target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargetSource {
    pub title: String,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issued_by: Option<String>,
    /// Where the document can be read (`https://…`).
    pub url: Option<String>,
    /// A report of the site that states it: `<province>/<commune>/<report-id>`.
    pub report: Option<String>,
}

/// `_province.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvince {
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    /// Extension: the province's own targets for its communes.
    #[serde(default)]
    pub targets: Vec<RawTargetEntry>,
    /// Extension: a report is due this many days after its period's end (a number here, so
    /// that `-3` or `2.5` reach the validator's own message rather than the parser's).
    pub report_due_days: Option<f64>,
}

/// `commune.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommune {
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub population: Option<u64>,
    /// Extension: the commune's own targets (from its own plan).
    #[serde(default)]
    pub targets: Vec<RawTargetEntry>,
}

/// `data/<period-id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriodFile {
    pub period: RawPeriod,
    pub source: RawSource,
    /// Kept in file order so every value can be checked against the catalogue in turn.
    pub values: RawValues,
}

/// The `values:` block: indicator id → figure, in file order.
///
/// Held compactly (a national site has millions of figures; a `serde_yaml::Mapping` costs
/// ~200 bytes per entry, this ~60), with anything unusual kept as YAML for the validator.
#[derive(Debug, Clone, Default)]
pub struct RawValues(pub Vec<(RawKey, RawFigure)>);

/// A key of the `values:` block.
#[derive(Debug, Clone, PartialEq)]
pub enum RawKey {
    /// Text, as an indicator id must be.
    Id(Box<str>),
    /// Anything else (a number, a list…), kept to report it.
    Other(Box<serde_yaml::Value>),
}

/// A figure as written: the usual scalars inline, anything else as YAML.
#[derive(Debug, Clone, PartialEq)]
pub enum RawFigure {
    /// `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(serde_yaml::Number),
    /// Text, a `{value, note}` block, a list…
    Other(Box<serde_yaml::Value>),
}

impl RawFigure {
    /// The figure as a YAML value.
    pub fn to_yaml(&self) -> std::borrow::Cow<'_, serde_yaml::Value> {
        use std::borrow::Cow;
        match self {
            RawFigure::Null => Cow::Owned(serde_yaml::Value::Null),
            RawFigure::Bool(b) => Cow::Owned(serde_yaml::Value::Bool(*b)),
            RawFigure::Number(n) => Cow::Owned(serde_yaml::Value::Number(n.clone())),
            RawFigure::Other(v) => Cow::Borrowed(v),
        }
    }
}

impl<'de> Deserialize<'de> for RawValues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ValuesVisitor)
    }
}

struct ValuesVisitor;

impl<'de> serde::de::Visitor<'de> for ValuesVisitor {
    type Value = RawValues;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a block of indicator ids and figures")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<RawValues, E> {
        Ok(RawValues::default())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawValues, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0).min(256));
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            let key = match key {
                serde_yaml::Value::String(s) => RawKey::Id(s.into_boxed_str()),
                other => RawKey::Other(Box::new(other)),
            };
            if let RawKey::Id(id) = &key
                && !seen.insert(id.clone())
            {
                // serde_yaml's own wording, which the loader turns into a message
                return Err(serde::de::Error::custom(format!(
                    "duplicate entry with key \"{id}\""
                )));
            }
            let figure = match map.next_value::<serde_yaml::Value>()? {
                serde_yaml::Value::Null => RawFigure::Null,
                serde_yaml::Value::Bool(b) => RawFigure::Bool(b),
                serde_yaml::Value::Number(n) => RawFigure::Number(n),
                other => RawFigure::Other(Box::new(other)),
            };
            out.push((key, figure));
        }
        out.shrink_to_fit();
        Ok(RawValues(out))
    }
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

/// Something per province → commune → period, as a release record nests its figures.
pub type ByPeriod<T> = BTreeMap<String, BTreeMap<String, BTreeMap<String, T>>>;

/// `releases/<release-id>.yaml`: what one data release published (written by `minhbach
/// release`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelease {
    pub date: String,
    pub previous: Option<String>,
    pub note: Option<RawLocalized>,
    /// Data files published with the release, by path inside the output folder.
    #[serde(default)]
    pub files: BTreeMap<String, RawFileDigest>,
    /// SHA-256 of the release's archived `figures.csv`.
    pub figures_sha256: Option<String>,
    /// Figures new or changed since the previous release: province → commune → period →
    /// indicator → value (`null` when explicitly not reported).
    #[serde(default)]
    pub figures: ByPeriod<BTreeMap<String, Option<f64>>>,
    /// Figures published before and gone from the content since: province → commune →
    /// period → indicator ids.
    #[serde(default)]
    pub removed: ByPeriod<Vec<String>>,
}

/// Size and SHA-256 of a published data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFileDigest {
    pub bytes: u64,
    pub sha256: String,
}
