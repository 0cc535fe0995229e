//! Building the [`Site`] from validated [`Content`]: computed rates, the reported-vs-computed
//! and part/whole checks that give figures their [`DataWarning`]s, latest values, Vietnamese
//! order.

use super::history::History;
use super::observation::Observation;
use super::reporting::rounds_of_communes;
use super::site::{Commune, Period, Province, Site};
use super::warning::DataWarning;
use crate::base::collate;
use crate::base::ids::*;
use crate::domain::*;

use rayon::prelude::*;
use std::collections::HashMap;

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
                // After the sort: the rounds name communes by their place in the province.
                let reporting = rounds_of_communes(&communes, p.info.report_due_days);
                Province {
                    info: p.info,
                    communes,
                    reporting,
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
            targets: content.targets,
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
                numerator: num,
                denominator: den,
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
    // A rate computed from a figure with a warning carries one too, naming that figure, so
    // that its readers see the doubt beside the rate (key figures, tables, every data file).
    let warned = |obs: &[Observation], i: usize| {
        obs.binary_search_by_key(&i, |o| o.indicator())
            .is_ok_and(|k| !obs[k].warnings.is_empty())
    };
    for &(rate, n, d) in &rel.ratios {
        let Ok(k) = obs.binary_search_by_key(&rate, |o| o.indicator()) else {
            continue;
        };
        if obs[k].computed.is_none() {
            continue;
        }
        for input in [n, d] {
            if warned(&obs, input) {
                obs[k].warn(DataWarning::InputWarned { input });
            }
        }
    }
    Period {
        info: p.info,
        observations: obs.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, round};
    use chrono::NaiveDate;

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
                targets: vec![],
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
            targets: vec![],
            provinces: vec![ProvinceContent {
                info: ProvinceInfo {
                    id: ProvinceId::parse("p").unwrap(),
                    name: "P".into(),
                    kind: "tinh".into(),
                    code: None,
                    targets: vec![],
                    report_due_days: None,
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
                computed: o.computed.unwrap(),
                numerator: 903.0,
                denominator: 961.0,
            }]
        );
        assert_eq!(o.value(), Some((N(o.computed.unwrap()), Basis::Computed)));
        let text = s.describe(2, &o.warnings[0]);
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
        // The rate computed from the warned count carries the doubt too, naming that count.
        assert_eq!(
            p.observation(2).unwrap().warnings.to_vec(),
            vec![DataWarning::InputWarned { input: 1 }]
        );
        assert_eq!(s.warning_diagnostics().len(), 3);
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
