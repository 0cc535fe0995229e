//! How every indicator moves over time, per province and for the whole site: how many
//! communes have a course, on which footing it is drawn and the median of each day, made in
//! one pass over the model for every timeline of a build.
//!
//! Why one pass: the timelines scan every commune's periods, and at national scale (3,321
//! communes × 60 months) one scan costs ~50 ms of cache misses, not arithmetic. Scanning once
//! per indicator, province and language made the national indicator pages alone take seconds
//! of an update that must put a province's month online in under two.

use super::rankings::Footing;
use crate::domain::{IndicatorKind, PeriodKind};
use crate::model::{Commune, Period, Site};
use crate::render::summary;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// A median is drawn for a day when at least this many communes have a figure for it.
pub(super) const MEDIAN_FROM: usize = 3;

/// One indicator's course in one scope (a province or the whole site).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Course {
    /// Communes with a latest figure and at least two figures of regular periods.
    pub(super) communes: usize,
    /// The footing the course is drawn on.
    pub(super) footing: Footing,
    /// Per day ending a period, the median of those communes' figures on that footing, for the
    /// days at least [`MEDIAN_FROM`] communes have one.
    pub(super) median: BTreeMap<NaiveDate, f64>,
}

/// Every indicator's course, per province and for the whole site.
#[derive(Debug)]
pub(super) struct Courses {
    /// Per indicator (catalogue order).
    national: Vec<Course>,
    /// Per province (site order), per indicator.
    provincial: Vec<Vec<Course>>,
}

impl Courses {
    /// The courses of `site`; `parallel` spreads the provinces over rayon's threads (only
    /// from outside rayon's jobs: a job waiting for this value must not be stolen into it).
    pub(super) fn of(site: &Site, parallel: bool) -> Self {
        let n = site.indicators.len();
        let flows: Vec<bool> = site
            .indicators
            .iter()
            .map(|ind| ind.kind == IndicatorKind::Flow)
            .collect();
        let tally = |p: &crate::model::Province| {
            let mut tallies: Vec<Tally> = (0..n).map(|_| Tally::default()).collect();
            let mut scratch: Vec<Vec<Figure>> = vec![Vec::new(); n];
            for c in &p.communes {
                add_commune(&mut tallies, &mut scratch, c);
            }
            tallies
        };
        let tallies: Vec<Vec<Tally>> = match parallel {
            true => site.provinces.par_iter().map(tally).collect(),
            false => site.provinces.iter().map(tally).collect(),
        };
        let national = (0..n)
            .map(|i| course(tallies.iter().map(|t| &t[i]), flows[i]))
            .collect();
        let provincial = tallies
            .iter()
            .map(|t| (0..n).map(|i| course([&t[i]], flows[i])).collect())
            .collect();
        Courses {
            national,
            provincial,
        }
    }

    /// Indicator `i` over the whole site.
    pub(super) fn national(&self, i: usize) -> &Course {
        &self.national[i]
    }

    /// Indicator `i` in the province at index `p` of the site.
    pub(super) fn provincial(&self, p: usize, i: usize) -> &Course {
        &self.provincial[p][i]
    }
}

/// A commune's figure of a regular period: the day its window ends, the figure, its days.
type Figure = (NaiveDate, f64, i64);

/// What one scope's communes give one indicator, before the footing is known.
#[derive(Debug, Default)]
struct Tally {
    communes: usize,
    /// The length of the first window seen, and whether another length was seen.
    days: Option<i64>,
    mixed: bool,
    /// Per day: each commune's figure ending that day (one per commune), with its window's days.
    by_day: HashMap<NaiveDate, Vec<(f64, i64)>>,
}

/// A commune's regular periods by (end, start): cumulative windows overlap the others and are
/// never drawn as a course over time.
pub(super) fn regular_periods(c: &Commune) -> Vec<&Period> {
    let mut periods: Vec<&Period> = c
        .periods
        .iter()
        .filter(|p| p.info.kind == PeriodKind::Regular)
        .collect();
    periods.sort_by_key(|p| (p.info.end, p.info.start));
    periods
}

/// Adds commune `c`'s regular figures to the tallies of its scope (`scratch` is reused).
fn add_commune(tallies: &mut [Tally], scratch: &mut [Vec<Figure>], c: &Commune) {
    for p in regular_periods(c) {
        for o in p.observations.iter() {
            if let (Some(x), Some(list)) = (o.number(), scratch.get_mut(o.indicator())) {
                list.push((p.info.end, x, p.info.days()));
            }
        }
    }
    for (i, figures) in scratch.iter_mut().enumerate() {
        // Only communes ranked on the indicator (a latest figure that is a number) and with a
        // course (two figures at least) are drawn and counted.
        let ranked = c.latest(i).and_then(|(_, o)| o.number()).is_some();
        if figures.len() >= 2 && ranked {
            tallies[i].add(figures);
        }
        figures.clear();
    }
}

impl Tally {
    /// One commune's figures, in order of (end, start).
    fn add(&mut self, figures: &[Figure]) {
        self.communes += 1;
        for &(_, _, days) in figures {
            match self.days {
                None => self.days = Some(days),
                Some(d) if d != days => self.mixed = true,
                Some(_) => {}
            }
        }
        // Two windows ending the same day count once, with the shorter: in (end, start)
        // order it is the later one.
        for (k, &(end, x, days)) in figures.iter().enumerate() {
            if figures.get(k + 1).is_some_and(|next| next.0 == end) {
                continue;
            }
            self.by_day.entry(end).or_default().push((x, days));
        }
    }
}

/// The course of one indicator over `tallies` (one per province of the scope).
fn course<'t>(tallies: impl IntoIterator<Item = &'t Tally> + Clone, flow: bool) -> Course {
    let mut communes = 0;
    let mut first: Option<i64> = None;
    let mut mixed = false;
    for t in tallies.clone() {
        communes += t.communes;
        mixed |= t.mixed;
        if let Some(d) = t.days {
            mixed |= first.is_some_and(|f| f != d);
            first = first.or(Some(d));
        }
    }
    let footing = match (flow, mixed) {
        (false, _) => Footing::AsReported,
        (true, false) => Footing::SameWindow,
        (true, true) => Footing::Per30Days,
    };
    let mut by_day: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for t in tallies {
        for (day, figures) in &t.by_day {
            let values = by_day.entry(*day).or_default();
            values.extend(figures.iter().map(|&(x, d)| footing.apply_days(x, d)));
        }
    }
    let median = by_day
        .into_iter()
        .filter(|(_, v)| v.len() >= MEDIAN_FROM)
        .filter_map(|(day, mut v)| summary::median_in_place(&mut v).map(|m| (day, m)))
        .collect();
    Course {
        communes,
        footing,
        median,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    /// A commune's figures as `add_commune` gives them: (end, figure, days), by (end, start).
    fn tally(communes: &[&[Figure]]) -> Tally {
        let mut t = Tally::default();
        for figures in communes {
            t.add(figures);
        }
        t
    }

    #[test]
    fn a_day_counts_each_commune_once_with_its_shorter_window() {
        // A quarter and its last month end on 31 March: the month (later in order) counts.
        let t = tally(&[
            &[
                (day(1, 31), 10.0, 31),
                (day(3, 31), 90.0, 90),
                (day(3, 31), 40.0, 31),
            ],
            &[(day(1, 31), 20.0, 31), (day(3, 31), 50.0, 31)],
            &[(day(1, 31), 30.0, 31), (day(3, 31), 60.0, 31)],
        ]);
        assert_eq!(t.communes, 3);
        assert!(t.mixed, "a 90-day window among 31-day ones");
        let c = course([&t], false);
        assert_eq!(c.footing, Footing::AsReported);
        assert_eq!(c.median.get(&day(3, 31)), Some(&50.0));
        assert_eq!(c.median.get(&day(1, 31)), Some(&20.0));
    }

    #[test]
    fn flows_of_windows_that_differ_are_scaled_to_30_days() {
        // Months of 31 and 28 days differ already; only equal windows keep their figures.
        let months = tally(&[
            &[(day(1, 31), 31.0, 31), (day(2, 28), 28.0, 28)],
            &[(day(1, 31), 62.0, 31), (day(2, 28), 56.0, 28)],
        ]);
        let quarters = tally(&[&[(day(3, 31), 90.0, 90), (day(6, 30), 91.0, 91)]]);
        assert_eq!(course([&months], true).footing, Footing::Per30Days);
        let same = tally(&[&[(day(1, 31), 1.0, 31), (day(3, 31), 2.0, 31)]]);
        assert_eq!(course([&same], true).footing, Footing::SameWindow);
        let both = course([&months, &quarters], true);
        assert_eq!(both.footing, Footing::Per30Days);
        assert_eq!(both.communes, 3);
        // Two communes a day at most: no median is drawn.
        assert!(both.median.is_empty());
        let three = tally(&[&[(day(1, 31), 93.0, 31), (day(2, 28), 28.0, 28)]]);
        let c = course([&months, &quarters, &three], true);
        // 31, 62 and 93 over 31 days are 30, 60 and 90 per 30 days.
        assert_eq!(c.median.get(&day(1, 31)), Some(&60.0));
    }

    #[test]
    fn no_communes_no_course() {
        let c = course([&Tally::default()], true);
        assert_eq!(c.communes, 0);
        assert!(c.median.is_empty());
    }
}
