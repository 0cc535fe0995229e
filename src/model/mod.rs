//! Stage 3 — model: one immutable site with every derived figure — computed rates,
//! reported-vs-computed checks, contradictions, latest values, Vietnamese order.

use crate::base::collate;
use crate::base::diagnostics::{Diagnostic, Text, t};
use crate::base::ids::*;
use crate::domain::*;
use crate::format;

use rayon::prelude::*;
use std::collections::HashMap;

pub mod history;
pub mod observations;

pub use history::History;
pub use observations::{Observations, SharedBytes, decode_sharing};

/// A contradiction in the data, shown to readers as a data-quality note.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataWarning {
    /// The reported rate differs from the one its own counts give by more than the tolerance.
    RateMismatch {
        /// Rate the commune reported.
        reported: f64,
        /// Rate computed from the counts.
        computed: f64,
    },
    /// A part is larger than its whole (e.g. completed tasks > assigned tasks).
    PartExceedsWhole {
        /// Indicator index of the part.
        part: usize,
        /// Its value.
        part_value: f64,
        /// Indicator index of the whole.
        whole: usize,
        /// Its value.
        whole_value: f64,
    },
    /// The parts of a whole add up to more than the whole.
    PartsExceedWhole {
        /// Indicator indexes of the parts.
        parts: Vec<usize>,
        /// Their sum.
        sum: f64,
        /// Indicator index of the whole.
        whole: usize,
        /// Its value.
        whole_value: f64,
    },
}

/// Where the figure shown for an observation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// As the commune reported it.
    Reported,
    /// Computed from two reported counts.
    Computed,
}

/// One indicator in one period of one commune.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
///
/// There are 8 million at national five-year scale, so the fields are narrow (72 bytes in
/// all, against 104 with `usize` indexes and growable lists): an index and a line number fit
/// in 32 bits, and notes and warnings never grow once the model is built.
pub struct Observation {
    /// Index into [`Site::indicators`] (see [`Observation::indicator`]).
    indicator: u32,
    /// The value the period file gives.
    #[serde(with = "stored::value")]
    pub reported: Option<Value>,
    /// The value computed from a ratio's counts.
    pub computed: Option<f64>,
    /// Editor's note.
    pub note: Option<Box<str>>,
    /// Contradictions involving this figure.
    #[serde(with = "stored::warnings")]
    pub warnings: Box<[DataWarning]>,
    /// Line in the period file (see [`Observation::line`]).
    line: Option<std::num::NonZeroU32>,
}

impl Observation {
    /// A figure of indicator `indicator` (an index into [`Site::indicators`]), without
    /// warnings.
    pub fn new(
        indicator: usize,
        reported: Option<Value>,
        note: Option<String>,
        line: Option<usize>,
    ) -> Self {
        Observation {
            // The catalogue is read from one YAML file of bounded size: far fewer than 2³²
            // indicators, and lines.
            indicator: u32::try_from(indicator).unwrap_or(u32::MAX),
            reported,
            computed: None,
            note: note.map(String::into_boxed_str),
            warnings: Box::default(),
            line: line
                .and_then(|l| u32::try_from(l).ok())
                .and_then(std::num::NonZeroU32::new),
        }
    }

    /// Index into [`Site::indicators`].
    pub fn indicator(&self) -> usize {
        self.indicator as usize
    }

    /// Line in the period file, when the figure comes from one.
    pub fn line(&self) -> Option<usize> {
        self.line.map(|l| l.get() as usize)
    }

    /// Adds a contradiction found while the model is built.
    fn warn(&mut self, w: DataWarning) {
        let mut list = std::mem::take(&mut self.warnings).into_vec();
        list.push(w);
        self.warnings = list.into_boxed_slice();
    }
    /// The figure to show: the computed rate when the reported one disagrees with it (or is
    /// missing), otherwise the reported figure — so what readers see is what the content says.
    pub fn value(&self) -> Option<(Value, Basis)> {
        let reported = self.reported.filter(|v| *v != Value::NotReported);
        match (reported, self.computed) {
            (Some(r), Some(c)) => match r.number() {
                Some(rn) if (rn - c).abs() > RATE_TOLERANCE => {
                    Some((Value::Number(c), Basis::Computed))
                }
                _ => Some((r, Basis::Reported)),
            },
            (Some(r), None) => Some((r, Basis::Reported)),
            (None, Some(c)) => Some((Value::Number(c), Basis::Computed)),
            (None, None) => None,
        }
    }

    /// The number shown, if any.
    pub fn number(&self) -> Option<f64> {
        self.value().and_then(|(v, _)| v.number())
    }

    /// The figure as data files and release records give it: the number shown (a computed
    /// rate rounded to 4 decimals), or `None` when not reported.
    pub fn published(&self) -> crate::domain::Published {
        match self.value() {
            Some((v, Basis::Reported)) => v.number(),
            Some((v, Basis::Computed)) => v.number().map(|x| round(x, 4)),
            None => None,
        }
    }

    /// True when the period file says the figure was not reported.
    pub fn is_not_reported(&self) -> bool {
        self.reported == Some(Value::NotReported) && self.computed.is_none()
    }
}

/// A reporting window of one commune with its observations.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    /// The window and its source.
    pub info: PeriodInfo,
    /// Observations in catalogue order.
    pub observations: Observations,
}

impl Period {
    /// The observation of indicator `index`, if the period has one.
    pub fn observation(&self, index: usize) -> Option<&Observation> {
        self.observations
            .binary_search_by_key(&index, |o| o.indicator())
            .ok()
            .map(|i| &self.observations[i])
    }

    /// Every warning of this period.
    pub fn warnings(&self) -> impl Iterator<Item = (&Observation, &DataWarning)> {
        self.observations
            .iter()
            .flat_map(|o| o.warnings.iter().map(move |w| (o, w)))
    }
}

/// A commune with its periods (oldest first) and reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Commune {
    /// Name, kind, codes.
    pub info: CommuneInfo,
    /// Periods ordered by end date, then start date, regular before cumulative.
    pub periods: Vec<Period>,
    /// Reports ordered by date.
    pub reports: Vec<Report>,
    /// For each indicator, the index of the period holding its latest figure, and that
    /// figure: kept here so that pages comparing communes never read a period's list.
    pub latest: Vec<Option<(usize, Observation)>>,
}

impl Commune {
    /// The latest figure of indicator `index` with its period.
    pub fn latest(&self, index: usize) -> Option<(&Period, &Observation)> {
        let (period, obs) = self.latest.get(index)?.as_ref()?;
        Some((self.periods.get(*period)?, obs))
    }

    /// The report with this id.
    pub fn report(&self, id: &ReportId) -> Option<&Report> {
        self.reports.iter().find(|r| &r.id == id)
    }
}

/// A province with its communes in Vietnamese order.
#[derive(Debug, Clone, PartialEq)]
pub struct Province {
    /// Name, kind, code.
    pub info: ProvinceInfo,
    /// Communes.
    pub communes: Vec<Commune>,
}

/// The whole site, built once and shared read-only by every renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Settings.
    pub config: SiteConfig,
    /// Groups in catalogue order.
    pub groups: Vec<Group>,
    /// Indicators in catalogue order.
    pub indicators: Vec<Indicator>,
    /// Provinces in Vietnamese order.
    pub provinces: Vec<Province>,
    /// Free pages by weight, then id.
    pub pages: Vec<Page>,
    /// Releases and the revisions of published figures.
    pub history: History,
    index: HashMap<IndicatorId, usize>,
    /// Figures in all communes' periods (see [`Site::observation_count`]).
    observations: usize,
}

impl Site {
    /// Derives every figure from validated content.
    pub fn build(content: Content) -> Site {
        Site::build_with(content, Vec::new())
    }

    /// [`Site::build`], adding communes already built by an earlier build from the same files
    /// (the checked-content cache): `(province id, commune)`.
    pub fn build_with(content: Content, built: Vec<(String, Commune)>) -> Site {
        let mut built: HashMap<String, Vec<Commune>> =
            built.into_iter().fold(HashMap::new(), |mut by, (p, c)| {
                by.entry(p).or_default().push(c);
                by
            });
        let index: HashMap<IndicatorId, usize> = content
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.id.clone(), i))
            .collect();
        let relations = Relations::new(&content.indicators, &index);
        let mut provinces: Vec<Province> = content
            .provinces
            .into_iter()
            .map(|p| {
                let mut communes: Vec<Commune> = p
                    .communes
                    .into_par_iter()
                    .map(|c| build_commune(c, &index, &relations, content.indicators.len()))
                    .collect();
                if let Some(more) = built.remove(p.info.id.as_str()) {
                    communes.extend(more);
                    // The folder order a full build reads them in, so that communes of the
                    // same name stay in the same order after the (stable) sort by name.
                    communes.sort_by(|a, b| a.info.id.cmp(&b.info.id));
                }
                collate::sort_by_name(&mut communes, |c| &c.info.name);
                Province {
                    info: p.info,
                    communes,
                }
            })
            .collect();
        collate::sort_by_name(&mut provinces, |p| &p.info.name);
        let mut pages = content.pages;
        pages.sort_by(|a, b| {
            (a.weight.is_none(), a.weight, &a.id, &a.lang).cmp(&(
                b.weight.is_none(),
                b.weight,
                &b.id,
                &b.lang,
            ))
        });
        let mut site = Site {
            config: content.site,
            groups: content.groups,
            indicators: content.indicators,
            provinces,
            pages,
            history: History::default(),
            index,
            observations: 0,
        };
        site.observations = site
            .communes()
            .flat_map(|(_, c)| &c.periods)
            .map(|period| period.observations.len())
            .sum();
        site.history = History::build(content.releases, &site);
        site
    }

    /// The same site with `release` recorded after the others (for `minhbach release`).
    pub fn with_release(mut self, release: Release) -> Site {
        let mut releases: Vec<Release> = std::mem::take(&mut self.history.releases)
            .into_iter()
            .map(|s| s.release)
            .collect();
        releases.push(release);
        self.history = History::build(releases, &self);
        self
    }

    /// Index of an indicator id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// How many figures the communes' periods hold: the rows of the national
    /// `observations.csv`, which decide whether its Excel copy fits one sheet.
    pub fn observation_count(&self) -> usize {
        self.observations
    }

    /// Every commune with its province.
    pub fn communes(&self) -> impl Iterator<Item = (&Province, &Commune)> {
        self.provinces
            .iter()
            .flat_map(|p| p.communes.iter().map(move |c| (p, c)))
    }

    /// Headline indicators' indexes, in catalogue order.
    pub fn headlines(&self) -> Vec<usize> {
        self.indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.headline)
            .map(|(n, _)| n)
            .collect()
    }

    /// Every data warning as a command-line diagnostic (English), pointing at the period file.
    pub fn warning_diagnostics(&self) -> Vec<Diagnostic> {
        self.warning_diagnostics_except(&Default::default())
    }

    /// [`Site::warning_diagnostics`] but for the communes `known` (`(province id, commune
    /// id)`), whose warnings the checked-content cache keeps with them; their periods are not
    /// read.
    pub fn warning_diagnostics_except(
        &self,
        known: &std::collections::HashSet<(String, String)>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (province, commune) in self.communes() {
            let id = (
                province.info.id.as_str().to_string(),
                commune.info.id.as_str().to_string(),
            );
            if !known.is_empty() && known.contains(&id) {
                continue;
            }
            for period in &commune.periods {
                for (obs, w) in period.warnings() {
                    let id = &self.indicators[obs.indicator()].id;
                    let mut d = Diagnostic::warning(&period.info.file, self.describe(w))
                        .key(format!("values.{id}"))
                        .help(t(
                            "the build goes on; the site shows this to readers as a data-quality note",
                            "trang vẫn được dựng; trang web nêu điều này cho người đọc như một ghi chú về chất lượng số liệu",
                        ));
                    if let Some(line) = obs.line() {
                        d = d.at(line, 3);
                    }
                    out.push(d);
                }
            }
        }
        out
    }

    /// One sentence about a warning, in both languages of the tool, each with its own number
    /// format (`24,78%` in Vietnamese, `24.78%` in English).
    pub fn describe(&self, w: &DataWarning) -> Text {
        let id = |i: usize| self.indicators[i].id.as_str();
        let vi = |x: f64| format::exact(x, "vi");
        let en = |x: f64| format::exact(x, "en");
        match w {
            DataWarning::RateMismatch { reported, computed } => {
                let c = round(*computed, 2);
                t(
                    format!(
                        "the reported rate {}% differs from the {}% its own counts give",
                        en(*reported),
                        en(c)
                    ),
                    format!(
                        "tỷ lệ báo cáo {}% khác với {}% tính từ chính các số đếm của nó",
                        vi(*reported),
                        vi(c)
                    ),
                )
            }
            DataWarning::PartExceedsWhole {
                part,
                part_value,
                whole,
                whole_value,
            } => {
                let (p, w) = (id(*part), id(*whole));
                t(
                    format!(
                        "{p} ({}) is larger than {w} ({}), of which it is a part",
                        en(*part_value),
                        en(*whole_value)
                    ),
                    format!(
                        "{p} ({}) lớn hơn {w} ({}), trong khi nó chỉ là một phần của {w}",
                        vi(*part_value),
                        vi(*whole_value)
                    ),
                )
            }
            DataWarning::PartsExceedWhole {
                parts,
                sum,
                whole,
                whole_value,
            } => {
                let ps = parts.iter().map(|p| id(*p)).collect::<Vec<_>>().join(" + ");
                let w = id(*whole);
                t(
                    format!(
                        "{ps} add up to {}, more than {w} ({})",
                        en(*sum),
                        en(*whole_value)
                    ),
                    format!(
                        "{ps} cộng lại được {}, nhiều hơn {w} ({})",
                        vi(*sum),
                        vi(*whole_value)
                    ),
                )
            }
        }
    }
}

/// `x` rounded to `places` decimals.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Part/whole links of the catalogue, by indicator index.
struct Relations {
    /// `(rate, numerator, denominator)`.
    ratios: Vec<(usize, usize, usize)>,
    /// `(part, whole)` from `part_of` and from ratios.
    parts: Vec<(usize, usize)>,
    /// `whole → parts` declared with `part_of` (declared parts of one whole do not overlap).
    declared: Vec<(usize, Vec<usize>)>,
}

impl Relations {
    fn new(indicators: &[Indicator], index: &HashMap<IndicatorId, usize>) -> Self {
        let mut ratios = Vec::new();
        let mut parts = Vec::new();
        let mut declared: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, ind) in indicators.iter().enumerate() {
            if let Some((n, d)) = &ind.ratio
                && let (Some(&n), Some(&d)) = (index.get(n), index.get(d))
            {
                ratios.push((i, n, d));
                parts.push((n, d));
            }
            if let Some(w) = &ind.part_of
                && let Some(&w) = index.get(w)
            {
                if !parts.contains(&(i, w)) {
                    parts.push((i, w));
                }
                match declared.iter_mut().find(|(whole, _)| *whole == w) {
                    Some((_, list)) => list.push(i),
                    None => declared.push((w, vec![i])),
                }
            }
        }
        declared.retain(|(_, list)| list.len() > 1);
        Relations {
            ratios,
            parts,
            declared,
        }
    }
}

fn build_commune(
    c: CommuneContent,
    index: &HashMap<IndicatorId, usize>,
    rel: &Relations,
    n_indicators: usize,
) -> Commune {
    let mut periods: Vec<Period> = c
        .periods
        .into_iter()
        .map(|p| build_period(p, index, rel))
        .collect();
    periods.sort_by(|a, b| {
        (a.info.end, a.info.start, a.info.kind, &a.info.id).cmp(&(
            b.info.end,
            b.info.start,
            b.info.kind,
            &b.info.id,
        ))
    });
    let latest = (0..n_indicators)
        .map(|i| {
            periods
                .iter()
                .enumerate()
                .filter(|(_, p)| p.observation(i).is_some_and(|o| o.value().is_some()))
                // latest end date first; at the same end, the regular window; then the shorter one
                .max_by_key(|(_, p)| (p.info.end, p.info.kind == PeriodKind::Regular, p.info.start))
                .and_then(|(n, p)| Some((n, p.observation(i)?.clone())))
        })
        .collect();
    let mut reports = c.reports;
    reports.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    Commune {
        info: c.info,
        periods,
        reports,
        latest,
    }
}

fn build_period(p: PeriodData, index: &HashMap<IndicatorId, usize>, rel: &Relations) -> Period {
    // Sized up front (the figures, plus a computed rate per ratio at most): collected through
    // a filter, the list grew by doubling, up to 60% more room than it needs, for 8 million
    // figures at national five-year scale. (Shrinking afterwards raised the peak instead:
    // the allocator keeps the larger blocks' pages.)
    let mut obs: Vec<Observation> = Vec::with_capacity(p.values.len() + rel.ratios.len());
    obs.extend(p.values.into_iter().filter_map(|r| {
        let i = *index.get(&r.indicator)?;
        Some(Observation::new(i, Some(r.value), r.note, r.line))
    }));
    obs.sort_by_key(|o| o.indicator);
    let reported = |obs: &[Observation], i: usize| -> Option<f64> {
        obs.binary_search_by_key(&i, |o| o.indicator())
            .ok()
            .and_then(|k| obs[k].reported)
            .and_then(Value::number)
    };
    for &(rate, n, d) in &rel.ratios {
        let (Some(num), Some(den)) = (reported(&obs, n), reported(&obs, d)) else {
            continue;
        };
        if den <= 0.0 {
            continue; // a zero denominator gives no rate, never a division by zero
        }
        let computed = 100.0 * num / den;
        let k = match obs.binary_search_by_key(&rate, |o| o.indicator()) {
            Ok(k) => k,
            Err(k) => {
                obs.insert(k, Observation::new(rate, None, None, None));
                k
            }
        };
        obs[k].computed = Some(computed);
        if let Some(r) = obs[k].reported.and_then(Value::number)
            && (r - computed).abs() > RATE_TOLERANCE
        {
            obs[k].warn(DataWarning::RateMismatch {
                reported: r,
                computed,
            });
        }
    }
    let mut warnings: Vec<(usize, DataWarning)> = Vec::new();
    for &(part, whole) in &rel.parts {
        if let (Some(pv), Some(wv)) = (reported(&obs, part), reported(&obs, whole))
            && pv > wv
        {
            warnings.push((
                part,
                DataWarning::PartExceedsWhole {
                    part,
                    part_value: pv,
                    whole,
                    whole_value: wv,
                },
            ));
        }
    }
    for (whole, parts) in &rel.declared {
        let Some(wv) = reported(&obs, *whole) else {
            continue;
        };
        let present: Vec<(usize, f64)> = parts
            .iter()
            .filter_map(|&p| reported(&obs, p).map(|v| (p, v)))
            .collect();
        let sum: f64 = present.iter().map(|(_, v)| v).sum();
        let any_alone_exceeds = present.iter().any(|(_, v)| *v > wv);
        if present.len() > 1 && sum > wv && !any_alone_exceeds {
            let parts = present.iter().map(|(p, _)| *p).collect();
            warnings.push((
                *whole,
                DataWarning::PartsExceedWhole {
                    parts,
                    sum,
                    whole: *whole,
                    whole_value: wv,
                },
            ));
        }
    }
    for (at, w) in warnings {
        if let Ok(k) = obs.binary_search_by_key(&at, |o| o.indicator()) {
            obs[k].warn(w);
        }
    }
    Period {
        info: p.info,
        observations: obs.into(),
    }
}

/// The forms the checked-content cache stores [`Value`] and [`DataWarning`] in: their own
/// serde forms are made for JSON (untagged, internally tagged), which a binary format that
/// does not describe itself cannot read back.
mod stored {
    use super::DataWarning;
    use crate::domain::Value;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    enum StoredValue {
        Number(f64),
        Bool(bool),
        NotReported,
    }

    #[derive(Serialize, Deserialize)]
    enum StoredWarning {
        RateMismatch(f64, f64),
        PartExceedsWhole(usize, f64, usize, f64),
        PartsExceedWhole(Vec<usize>, f64, usize, f64),
    }

    pub mod value {
        use super::*;

        pub fn serialize<S: Serializer>(v: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
            v.map(|v| match v {
                Value::Number(x) => StoredValue::Number(x),
                Value::Bool(b) => StoredValue::Bool(b),
                Value::NotReported => StoredValue::NotReported,
            })
            .serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
            Ok(Option::<StoredValue>::deserialize(d)?.map(|v| match v {
                StoredValue::Number(x) => Value::Number(x),
                StoredValue::Bool(b) => Value::Bool(b),
                StoredValue::NotReported => Value::NotReported,
            }))
        }
    }

    pub mod warnings {
        use super::*;

        pub fn serialize<S: Serializer>(list: &[DataWarning], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(list.iter().map(|w| match w.clone() {
                DataWarning::RateMismatch { reported, computed } => {
                    StoredWarning::RateMismatch(reported, computed)
                }
                DataWarning::PartExceedsWhole {
                    part,
                    part_value,
                    whole,
                    whole_value,
                } => StoredWarning::PartExceedsWhole(part, part_value, whole, whole_value),
                DataWarning::PartsExceedWhole {
                    parts,
                    sum,
                    whole,
                    whole_value,
                } => StoredWarning::PartsExceedWhole(parts, sum, whole, whole_value),
            }))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Box<[DataWarning]>, D::Error> {
            Ok(Vec::<StoredWarning>::deserialize(d)?
                .into_iter()
                .map(|w| match w {
                    StoredWarning::RateMismatch(reported, computed) => {
                        DataWarning::RateMismatch { reported, computed }
                    }
                    StoredWarning::PartExceedsWhole(part, part_value, whole, whole_value) => {
                        DataWarning::PartExceedsWhole {
                            part,
                            part_value,
                            whole,
                            whole_value,
                        }
                    }
                    StoredWarning::PartsExceedWhole(parts, sum, whole, whole_value) => {
                        DataWarning::PartsExceedWhole {
                            parts,
                            sum,
                            whole,
                            whole_value,
                        }
                    }
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn an_observation_is_72_bytes_and_keeps_its_index_line_and_note() {
        // 8 million of them at national five-year scale: every 8 bytes is 64 MB.
        assert_eq!(std::mem::size_of::<Observation>(), 72);
        let o = Observation::new(41, None, Some("theo báo cáo".into()), Some(3));
        assert_eq!(
            (o.indicator(), o.line(), o.note.as_deref()),
            (41, Some(3), Some("theo báo cáo"))
        );
        assert_eq!(Observation::new(0, None, None, Some(0)).line(), None);
    }

    fn ind(id: &str, unit: Unit, ratio: Option<(&str, &str)>, part_of: Option<&str>) -> Indicator {
        Indicator {
            id: IndicatorId::parse(id).unwrap(),
            group: GroupId::parse("g").unwrap(),
            name: Localized(vec![("vi".into(), id.into())]),
            description: None,
            unit,
            unit_label: None,
            kind: if unit == Unit::Percent {
                IndicatorKind::Rate
            } else {
                IndicatorKind::Stock
            },
            better: Better::Higher,
            ratio: ratio.map(|(a, b)| {
                (
                    IndicatorId::parse(a).unwrap(),
                    IndicatorId::parse(b).unwrap(),
                )
            }),
            target: None,
            headline: false,
            part_of: part_of.map(|p| IndicatorId::parse(p).unwrap()),
        }
    }

    fn period(
        id: &str,
        start: (i32, u32, u32),
        end: (i32, u32, u32),
        kind: PeriodKind,
        values: &[(&str, Value)],
    ) -> PeriodData {
        let d = |(y, m, dd): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        PeriodData {
            info: PeriodInfo {
                id: PeriodId::parse(id).unwrap(),
                start: d(start),
                end: d(end),
                kind,
                label: None,
                source: Source {
                    title: "t".into(),
                    issued_by: None,
                    date: None,
                    report: None,
                },
                file: "f.yaml".into(),
            },
            values: values
                .iter()
                .map(|(i, v)| Reported {
                    indicator: IndicatorId::parse(i).unwrap(),
                    value: *v,
                    note: None,
                    line: Some(1),
                })
                .collect(),
        }
    }

    fn site(periods: Vec<PeriodData>) -> Site {
        let indicators = vec![
            ind("received", Unit::Count, None, None),
            ind("online", Unit::Count, None, None),
            ind(
                "online_rate",
                Unit::Percent,
                Some(("online", "received")),
                None,
            ),
            ind("assigned", Unit::Count, None, None),
            ind("completed", Unit::Count, None, Some("assigned")),
            ind("in_progress", Unit::Count, None, Some("assigned")),
        ];
        let commune = CommuneContent {
            info: CommuneInfo {
                id: CommuneId::parse("c").unwrap(),
                province: ProvinceId::parse("p").unwrap(),
                name: "C".into(),
                kind: "xa".into(),
                code: None,
                population: None,
            },
            periods,
            reports: vec![],
        };
        Site::build(Content {
            site: SiteConfig {
                title: Localized(vec![]),
                description: None,
                notice: None,
                base_url: "https://x/".into(),
                languages: vec!["vi".into()],
                publisher: "p".into(),
                data_license: "l".into(),
                theme: "default".into(),
            },
            groups: vec![],
            indicators,
            provinces: vec![ProvinceContent {
                info: ProvinceInfo {
                    id: ProvinceId::parse("p").unwrap(),
                    name: "P".into(),
                    kind: "tinh".into(),
                    code: None,
                },
                communes: vec![commune],
            }],
            pages: vec![],
            releases: vec![],
        })
    }

    const N: fn(f64) -> Value = Value::Number;

    #[test]
    fn a_built_commune_reads_back_the_same_from_the_cache_form() {
        let s = site(vec![period(
            "p1",
            (2026, 1, 1),
            (2026, 1, 31),
            PeriodKind::Regular,
            &[
                ("received", N(961.0)),
                ("online", N(903.0)),
                ("online_rate", N(97.6)),
                ("assigned", N(5.0)),
                ("completed", N(6.0)),
                ("in_progress", Value::NotReported),
            ],
        )]);
        let commune = &s.provinces[0].communes[0];
        assert!(commune.periods[0].warnings().count() >= 2);
        let bytes = postcard::to_stdvec(commune).unwrap();
        let back: Commune = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(&back, commune);
    }

    #[test]
    fn computes_ratio_and_flags_a_reported_rate_that_disagrees() {
        // Diễn Châu, January 2026: 903 online of 961 received, reported as 97.6%.
        let s = site(vec![period(
            "p1",
            (2026, 1, 1),
            (2026, 1, 19),
            PeriodKind::Regular,
            &[
                ("received", N(961.0)),
                ("online", N(903.0)),
                ("online_rate", N(97.6)),
            ],
        )]);
        let c = &s.provinces[0].communes[0];
        let o = c.periods[0].observation(2).unwrap();
        assert_eq!(round(o.computed.unwrap(), 2), 93.96);
        assert_eq!(
            o.warnings.to_vec(),
            vec![DataWarning::RateMismatch {
                reported: 97.6,
                computed: o.computed.unwrap()
            }]
        );
        assert_eq!(o.value(), Some((N(o.computed.unwrap()), Basis::Computed)));
        let text = s.describe(&o.warnings[0]);
        assert!(
            text.en.contains("97.6%") && text.en.contains("93.96%"),
            "{}",
            text.en
        );
        assert!(
            text.vi.contains("97,6%") && text.vi.contains("93,96%"),
            "{}",
            text.vi
        );
    }

    #[test]
    fn a_rate_within_tolerance_is_shown_as_reported() {
        let s = site(vec![period(
            "p1",
            (2026, 1, 1),
            (2026, 1, 31),
            PeriodKind::Regular,
            &[
                ("received", N(903.0)),
                ("online", N(217.0)),
                ("online_rate", N(24.0)),
            ],
        )]);
        let o = s.provinces[0].communes[0].periods[0]
            .observation(2)
            .unwrap();
        assert!(o.warnings.is_empty());
        assert_eq!(o.value(), Some((N(24.0), Basis::Reported)));
    }

    #[test]
    fn zero_denominator_gives_no_value_and_no_nan() {
        let s = site(vec![period(
            "p1",
            (2026, 1, 1),
            (2026, 1, 31),
            PeriodKind::Regular,
            &[("received", N(0.0)), ("online", N(0.0))],
        )]);
        let p = &s.provinces[0].communes[0].periods[0];
        assert!(p.observation(2).is_none());
        let s = site(vec![period(
            "p1",
            (2026, 1, 1),
            (2026, 1, 31),
            PeriodKind::Regular,
            &[
                ("received", N(0.0)),
                ("online", N(0.0)),
                ("online_rate", N(50.0)),
            ],
        )]);
        let o = s.provinces[0].communes[0].periods[0]
            .observation(2)
            .unwrap();
        assert_eq!(
            (o.computed, o.value()),
            (None, Some((N(50.0), Basis::Reported)))
        );
    }

    #[test]
    fn parts_larger_than_their_whole_are_warnings() {
        let s = site(vec![period(
            "p1",
            (2026, 1, 1),
            (2026, 1, 31),
            PeriodKind::Regular,
            &[
                ("received", N(10.0)),
                ("online", N(12.0)),
                ("assigned", N(34.0)),
                ("completed", N(34.0)),
                ("in_progress", N(34.0)),
            ],
        )]);
        let p = &s.provinces[0].communes[0].periods[0];
        assert!(matches!(
            p.observation(1).unwrap().warnings[0],
            DataWarning::PartExceedsWhole {
                part_value: 12.0,
                whole_value: 10.0,
                ..
            }
        ));
        assert!(
            matches!(&p.observation(3).unwrap().warnings[0], DataWarning::PartsExceedWhole { sum, .. } if *sum == 68.0)
        );
        assert_eq!(s.warning_diagnostics().len(), 2);
    }

    #[test]
    fn latest_prefers_later_end_then_regular_window() {
        let s = site(vec![
            period(
                "a",
                (2026, 1, 1),
                (2026, 1, 31),
                PeriodKind::Regular,
                &[("received", N(1.0))],
            ),
            period(
                "b",
                (2025, 7, 1),
                (2026, 3, 31),
                PeriodKind::Cumulative,
                &[("received", N(9.0))],
            ),
            period(
                "c",
                (2026, 3, 1),
                (2026, 3, 31),
                PeriodKind::Regular,
                &[("received", N(3.0)), ("online", Value::NotReported)],
            ),
        ]);
        let c = &s.provinces[0].communes[0];
        assert_eq!(c.latest(0).unwrap().0.info.id.as_str(), "c");
        assert!(
            c.latest(1).is_none(),
            "a figure that was not reported is not a latest value"
        );
        assert_eq!(
            c.periods
                .iter()
                .map(|p| p.info.id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }
}
