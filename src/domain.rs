//! Validated content: the typed facts the content states, with nothing derived yet.

use crate::base::diagnostics::{Text, t};
use crate::base::ids::*;
use chrono::NaiveDate;
use std::path::PathBuf;

/// Tolerance (percentage points) under which a reported rate agrees with its counts.
pub const RATE_TOLERANCE: f64 = 0.5;

/// Parses a `YYYY-MM-DD` date, with advice for the usual slips (19/01/2026, 2026-1-19).
pub fn parse_date(s: &str) -> Result<NaiveDate, Text> {
    let s = s.trim();
    if s.len() == 10
        && let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
    {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
        && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
    {
        let date = date.format("%Y-%m-%d");
        return Err(t(
            format!("write it as `{date}` (year-month-day)"),
            format!("hãy viết là `{date}` (năm-tháng-ngày)"),
        ));
    }
    if let [y, m, d] = parts.as_slice()
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
    {
        return match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => {
                let date = date.format("%Y-%m-%d");
                Err(t(
                    format!("write it as `{date}` (two digits for month and day)"),
                    format!("hãy viết là `{date}` (tháng và ngày đủ hai chữ số)"),
                ))
            }
            None => Err(t(
                "this day does not exist in the calendar; check the month and day",
                "ngày này không có trong lịch; hãy kiểm tra tháng và ngày",
            )),
        };
    }
    Err(t(
        "write dates as YYYY-MM-DD, e.g. 2026-01-19",
        "hãy viết ngày theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2026-01-19",
    ))
}

/// Text in each site language, ordered as `site.yaml` lists the languages.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Localized(pub Vec<(String, String)>);

impl Localized {
    /// The text in `lang`, or in the default language when `lang` has none.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| self.0.first())
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    }
}

/// What an indicator's numbers measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A number of things.
    Count,
    /// Whole Vietnamese đồng.
    Vnd,
    /// 0–100.
    Percent,
    /// Yes or no.
    Yesno,
}

impl Unit {
    /// The spelling used in content and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Vnd => "vnd",
            Unit::Percent => "percent",
            Unit::Yesno => "yesno",
        }
    }
}

/// How an indicator behaves over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// Counted within the period; only comparable between periods of the same length.
    Flow,
    /// A level at the period's end.
    Stock,
    /// A percentage.
    Rate,
}

impl IndicatorKind {
    /// The spelling used in content and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Flow => "flow",
            IndicatorKind::Stock => "stock",
            IndicatorKind::Rate => "rate",
        }
    }
}

/// Which direction is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// More is better.
    Higher,
    /// Less is better.
    Lower,
    /// Neither.
    None,
}

impl Better {
    /// The spelling used in content and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
            Better::None => "none",
        }
    }
}

/// A goal range for an indicator, when it applies and the document that sets it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    /// Lowest acceptable value.
    pub min: Option<f64>,
    /// Highest acceptable value.
    pub max: Option<f64>,
    /// Where the target comes from, in the editor's words.
    pub note: Option<Localized>,
    /// First day it applies to (a period is judged by its last day); `None`: no start.
    pub from: Option<NaiveDate>,
    /// Last day it applies to; `None`: no end.
    pub to: Option<NaiveDate>,
    /// The document that sets it (`None` for a catalogue `target:`, which names none).
    pub source: Option<TargetSource>,
}

impl Target {
    /// True when `value` lies within the target.
    pub fn is_met(&self, value: f64) -> bool {
        self.min.is_none_or(|m| value >= m) && self.max.is_none_or(|m| value <= m)
    }

    /// True when it applies to a period ending on `day`.
    pub fn applies(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// The document that sets a target.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TargetSource {
    /// Title of the document.
    pub title: String,
    /// Its number (`23/KH-UBND`).
    pub number: Option<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Who issued it.
    pub issued_by: Option<String>,
    /// Where it can be read.
    pub url: Option<String>,
    /// A report of the site that states it.
    pub report: Option<ReportPlace>,
}

/// A report of the site: its province, commune and id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReportPlace {
    /// Province.
    pub province: ProvinceId,
    /// Commune.
    pub commune: CommuneId,
    /// Report.
    pub report: ReportId,
}

/// Whom a target is set for: it never applies outside this scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetScope {
    /// Every commune (`indicators.yaml`).
    National,
    /// The communes of one province (`_province.yaml`).
    Province,
    /// One commune's own plan (`commune.yaml`).
    Commune,
}

impl TargetScope {
    /// The spelling used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetScope::National => "national",
            TargetScope::Province => "province",
            TargetScope::Commune => "commune",
        }
    }
}

/// A target of one indicator for a scope (the place is where it is kept: the site, a
/// province or a commune).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScopedTarget {
    /// The indicator.
    pub indicator: IndicatorId,
    /// Whom it is for.
    pub scope: TargetScope,
    /// The goal.
    pub target: Target,
}

/// An indicator group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Group {
    /// Id.
    pub id: GroupId,
    /// Name.
    pub name: Localized,
    /// Optional description.
    pub description: Option<Localized>,
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Indicator {
    /// Id.
    pub id: IndicatorId,
    /// Group id.
    pub group: GroupId,
    /// Name.
    pub name: Localized,
    /// Optional description.
    pub description: Option<Localized>,
    /// Unit.
    pub unit: Unit,
    /// Label of a count's unit ("hồ sơ").
    pub unit_label: Option<Localized>,
    /// Flow, stock or rate.
    pub kind: IndicatorKind,
    /// Direction of improvement.
    pub better: Better,
    /// `(numerator, denominator)` for a derived rate.
    pub ratio: Option<(IndicatorId, IndicatorId)>,
    /// Target range.
    pub target: Option<Target>,
    /// Shown as a key figure with a chart on every commune page.
    pub headline: bool,
    /// A count this one is a part of.
    pub part_of: Option<IndicatorId>,
}

/// `site.yaml`, checked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteConfig {
    /// Site title.
    pub title: Localized,
    /// Site description.
    pub description: Option<Localized>,
    /// Notice shown on every page, e.g. that the data is synthetic.
    pub notice: Option<Localized>,
    /// Public address, ending in `/`.
    pub base_url: String,
    /// Languages; the first is the default.
    pub languages: Vec<String>,
    /// Who publishes.
    pub publisher: String,
    /// Licence of the data.
    pub data_license: String,
    /// Theme folder name.
    pub theme: String,
}

/// A province.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProvinceInfo {
    /// Id.
    pub id: ProvinceId,
    /// Name.
    pub name: String,
    /// `tinh` or `thanh_pho`.
    pub kind: String,
    /// Official code.
    pub code: Option<String>,
    /// The province's targets for its communes.
    pub targets: Vec<ScopedTarget>,
    /// Days after a period's end by which its report is due; `None` when the province sets none.
    pub report_due_days: Option<u32>,
}

/// A commune.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CommuneInfo {
    /// Id, unique within its province.
    pub id: CommuneId,
    /// Province id.
    pub province: ProvinceId,
    /// Name.
    pub name: String,
    /// `xa`, `phuong` or `dac_khu`.
    pub kind: String,
    /// Official code.
    pub code: Option<String>,
    /// Population.
    pub population: Option<u64>,
    /// The commune's own targets.
    pub targets: Vec<ScopedTarget>,
}

/// `regular` or `cumulative`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// The reporting period itself.
    Regular,
    /// A running total since an earlier date; not used for flow trends.
    Cumulative,
}

impl PeriodKind {
    /// The spelling used in content and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Regular => "regular",
            PeriodKind::Cumulative => "cumulative",
        }
    }
}

/// Where a period's figures come from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// Title of the source document.
    pub title: String,
    /// Issuing body.
    pub issued_by: Option<String>,
    /// Date of the document.
    pub date: Option<NaiveDate>,
    /// Report id in the commune's `reports/`.
    pub report: Option<ReportId>,
}

/// The facts about a reporting window.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeriodInfo {
    /// Id (file name).
    pub id: PeriodId,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Regular or cumulative.
    pub kind: PeriodKind,
    /// Label given by the editor.
    pub label: Option<Localized>,
    /// Source document.
    pub source: Source,
    /// The period file.
    pub file: PathBuf,
}

impl PeriodInfo {
    /// Days covered, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// A value as written in a period file.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A number.
    Number(f64),
    /// Yes or no.
    Bool(bool),
    /// Explicitly not reported (`value: null`).
    NotReported,
}

impl Value {
    /// The number, if any (yes = 1, no = 0 for yes/no indicators).
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n),
            Value::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
            Value::NotReported => None,
        }
    }
}

/// One reported figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reported {
    /// Indicator.
    pub indicator: IndicatorId,
    /// Value.
    pub value: Value,
    /// Editor's note.
    pub note: Option<String>,
    /// Line in the period file.
    pub line: Option<usize>,
}

/// A period file: the window and its reported figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodData {
    /// The window.
    pub info: PeriodInfo,
    /// The figures, in file order.
    pub values: Vec<Reported>,
}

/// A published report text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Id (file name).
    pub id: ReportId,
    /// Title.
    pub title: String,
    /// Document number.
    pub number: Option<String>,
    /// Issuing body.
    pub issued_by: String,
    /// Signatory.
    pub signed_by: Option<String>,
    /// Date issued.
    pub date: NaiveDate,
    /// Period covered: first day.
    pub start: NaiveDate,
    /// Period covered: last day.
    pub end: NaiveDate,
    /// Language of the text.
    pub language: String,
    /// Markdown body.
    pub body: String,
    /// The file.
    pub file: PathBuf,
}

/// A commune with everything its folder holds.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneContent {
    /// The commune.
    pub info: CommuneInfo,
    /// Its period files.
    pub periods: Vec<PeriodData>,
    /// Its reports.
    pub reports: Vec<Report>,
}

/// A province with its communes.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceContent {
    /// The province.
    pub info: ProvinceInfo,
    /// Its communes.
    pub communes: Vec<CommuneContent>,
}

/// A free page in one language.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page {
    /// Id.
    pub id: PageId,
    /// Language.
    pub lang: String,
    /// Title.
    pub title: String,
    /// Summary for search engines and link previews.
    pub description: Option<String>,
    /// Menu order.
    pub weight: Option<i64>,
    /// Markdown body.
    pub body: String,
}

/// All validated content.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// Site settings.
    pub site: SiteConfig,
    /// Indicator groups in catalogue order.
    pub groups: Vec<Group>,
    /// Indicators in catalogue order.
    pub indicators: Vec<Indicator>,
    /// National targets (`targets:` of the catalogue).
    pub targets: Vec<ScopedTarget>,
    /// Provinces.
    pub provinces: Vec<ProvinceContent>,
    /// Free pages.
    pub pages: Vec<Page>,
    /// Data releases, oldest first.
    pub releases: Vec<Release>,
}

/// Which figure: a commune's indicator in one period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FigureKey {
    /// Province.
    pub province: ProvinceId,
    /// Commune.
    pub commune: CommuneId,
    /// Period.
    pub period: PeriodId,
    /// Indicator (possibly one the catalogue no longer has).
    pub indicator: IndicatorId,
}

/// A published figure: the number shown, or `None` when the commune explicitly did not report it.
pub type Published = Option<f64>;

/// Size and SHA-256 of a data file as a release published it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileDigest {
    /// Path inside the output folder, e.g. `data/observations.csv`.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256, lowercase hexadecimal.
    pub sha256: String,
}

/// A data release recorded in `releases/<id>.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// Id (file name).
    pub id: ReleaseId,
    /// Publication date.
    pub date: NaiveDate,
    /// The release it follows (none for the first).
    pub previous: Option<ReleaseId>,
    /// What the publisher said about it.
    pub note: Option<Localized>,
    /// The data files published, in path order.
    pub files: Vec<FileDigest>,
    /// SHA-256 of the archived `figures.csv`, when recorded.
    pub figures_sha256: Option<String>,
    /// Figures new or changed since the previous release, in key order.
    pub changes: Vec<(FigureKey, Published)>,
    /// Figures removed since the previous release, in key order.
    pub removed: Vec<FigureKey>,
    /// The record file.
    pub file: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_with_advice() {
        assert_eq!(
            parse_date("2026-01-19"),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 19).unwrap())
        );
        assert_eq!(
            parse_date("19/01/2026").unwrap_err(),
            "write it as `2026-01-19` (year-month-day)"
        );
        assert_eq!(
            parse_date("2026-1-9").unwrap_err(),
            "write it as `2026-01-09` (two digits for month and day)"
        );
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(parse_date("soon").is_err());
    }
}
