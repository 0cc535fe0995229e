//! Rankings of communes by their latest figure of an indicator; the national ones are made
//! once per build and shared by every page and language that shows one.

use crate::domain::{Better, Indicator, IndicatorKind};
use crate::model::{Commune, Observation, Period, Province, Site};

/// How the figures of a comparison are put on a common footing, so that none is compared raw
/// with one of another kind of window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Footing {
    /// Levels and rates: compared as they are.
    AsReported,
    /// Flows, all of one and the same window: compared as they are.
    SameWindow,
    /// Flows of windows that differ: each scaled to 30 days of its period.
    Per30Days,
}

/// Days a flow is scaled to when windows of different lengths are compared.
pub(super) const FLOW_DAYS: f64 = 30.0;

impl Footing {
    /// The footing for comparing figures of `ind` from these periods.
    pub(super) fn of<'p>(ind: &Indicator, mut periods: impl Iterator<Item = &'p Period>) -> Self {
        if ind.kind != IndicatorKind::Flow {
            return Footing::AsReported;
        }
        let Some(first) = periods.next() else {
            return Footing::SameWindow;
        };
        let window = |p: &Period| (p.info.start, p.info.end);
        match periods.all(|p| window(p) == window(first)) {
            true => Footing::SameWindow,
            false => Footing::Per30Days,
        }
    }

    /// `raw`, a figure of `period`, on this footing.
    pub(super) fn apply(self, raw: f64, period: &Period) -> f64 {
        self.apply_days(raw, period.info.days())
    }

    /// [`Footing::apply`] to a figure of a window of `days` days.
    pub(super) fn apply_days(self, raw: f64, days: i64) -> f64 {
        match self {
            Footing::Per30Days => raw * FLOW_DAYS / days as f64,
            _ => raw,
        }
    }
}

/// A commune's latest figure of one indicator, with where it comes from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Latest<'s> {
    pub(super) p: &'s Province,
    pub(super) c: &'s Commune,
    pub(super) period: &'s Period,
    pub(super) obs: &'s Observation,
    /// The figure as reported (or computed).
    pub(super) raw: f64,
    /// The figure compared: `raw` on the ranking's footing.
    pub(super) x: f64,
}

/// A ranking: the communes with a latest figure, best first, those without one, and the
/// footing their figures are compared on.
#[derive(Debug, Clone)]
pub(super) struct Ranking<'s> {
    pub(super) with: Vec<Latest<'s>>,
    pub(super) without: Vec<(&'s Province, &'s Commune)>,
    pub(super) footing: Footing,
}

/// A ranking as positions in a list of communes, with its footing.
type Positions = (Vec<usize>, Vec<usize>, Footing);

/// The national ranking of each indicator, made when a page first needs it: the overview, the
/// indicator pages and the province summaries of both languages share it (each sorts every
/// commune: 3,321 at national scale). Kept as positions in `communes`. Each province's sorted
/// figures are kept too, for the key figures' ranks and medians.
pub(super) struct Rankings<'s> {
    communes: Vec<(&'s Province, &'s Commune)>,
    national: Vec<std::sync::OnceLock<Positions>>,
    /// Per province (in site order), per indicator: the figures on the national footing.
    provincial: Vec<Vec<std::sync::OnceLock<Vec<f64>>>>,
    /// Per indicator: the national figures, best first.
    national_values: Vec<std::sync::OnceLock<Vec<f64>>>,
    /// Per indicator: the national figures per 1,000 inhabitants, best first (flows only).
    per_1000: Vec<std::sync::OnceLock<Vec<f64>>>,
    site: &'s Site,
    /// Each commune's place in the Vietnamese order of names (equal names, equal places).
    name_order: std::sync::OnceLock<Vec<u32>>,
}

impl<'s> Rankings<'s> {
    pub(super) fn new(site: &'s Site) -> Self {
        let n = site.indicators.len();
        Rankings {
            communes: site.communes().collect(),
            national: (0..n).map(|_| Default::default()).collect(),
            national_values: (0..n).map(|_| Default::default()).collect(),
            per_1000: (0..n).map(|_| Default::default()).collect(),
            provincial: site
                .provinces
                .iter()
                .map(|_| (0..n).map(|_| Default::default()).collect())
                .collect(),
            site,
            name_order: Default::default(),
        }
    }

    /// Every commune of the site ranked by its latest figure of indicator `i`.
    pub(super) fn national(&self, i: usize) -> Ranking<'s> {
        let (with, without, footing) = self.positions(i);
        let with = with
            .iter()
            .filter_map(|&n| {
                let (p, c) = self.communes[n];
                latest_of(p, c, i, *footing)
            })
            .collect();
        Ranking {
            with,
            without: without.iter().map(|&n| self.communes[n]).collect(),
            footing: *footing,
        }
    }

    /// The national ranking of indicator `i` as positions in the site's communes.
    fn positions(&self, i: usize) -> &Positions {
        self.national[i].get_or_init(|| {
            // Figures tie often (small counts): comparing names with the collator at each
            // tie, in each of 99 rankings, cost more than putting the names in order once.
            let order = self.name_order.get_or_init(|| name_order(&self.communes));
            let ind = &self.site.indicators[i];
            rank_positions_by(&self.communes, i, ind, |a, b| order[a].cmp(&order[b]))
        })
    }

    /// The footing of the national comparison of indicator `i`.
    pub(super) fn footing(&self, i: usize) -> Footing {
        // Read from the positions: a whole `Ranking` is 3,321 lookups, and every figure of
        // every commune table asks for its footing.
        self.positions(i).2
    }

    /// The figures of province `p` (its index in the site) for indicator `i`, on the national
    /// footing, from best to worst.
    pub(super) fn provincial(&self, p: usize, i: usize) -> &[f64] {
        self.provincial[p][i].get_or_init(|| {
            let footing = self.footing(i);
            let province = &self.site.provinces[p];
            let mut values: Vec<f64> = province
                .communes
                .iter()
                .filter_map(|c| latest_of(province, c, i, footing).map(|l| l.x))
                .collect();
            sort_best_first(&mut values, &self.site.indicators[i]);
            values
        })
    }

    /// The national figures for indicator `i`, from best to worst.
    pub(super) fn national_values(&self, i: usize) -> &[f64] {
        self.national_values[i].get_or_init(|| figures(&self.national(i).with))
    }

    /// The national figures of flow `i` per 1,000 inhabitants (on the national footing), of the
    /// communes that give their population, from best to worst; empty for other kinds.
    pub(super) fn per_1000(&self, i: usize) -> &[f64] {
        self.per_1000[i].get_or_init(|| {
            let ind = &self.site.indicators[i];
            if ind.kind != IndicatorKind::Flow {
                return Vec::new();
            }
            let mut values: Vec<f64> = self
                .national(i)
                .with
                .iter()
                .filter_map(|l| per_1000(l.x, l.c))
                .collect();
            sort_best_first(&mut values, ind);
            values
        })
    }
}

/// Figure `x` of commune `c` per 1,000 inhabitants, when it gives a population.
pub(super) fn per_1000(x: f64, c: &Commune) -> Option<f64> {
    let people = c.info.population.filter(|n| *n > 0)? as f64;
    Some(x * 1000.0 / people)
}

/// Sorts figures of `ind` from best to worst.
fn sort_best_first(values: &mut [f64], ind: &Indicator) {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    if ind.better != Better::Lower {
        values.reverse();
    }
}

/// The latest figure of indicator `i` of commune `c` on `footing`, when it is a number.
pub(super) fn latest_of<'s>(
    p: &'s Province,
    c: &'s Commune,
    i: usize,
    footing: Footing,
) -> Option<Latest<'s>> {
    let (period, obs) = c.latest(i)?;
    let raw = obs.number()?;
    Some(Latest {
        p,
        c,
        period,
        obs,
        raw,
        x: footing.apply(raw, period),
    })
}

/// The communes that have a latest figure of indicator `i`, best first (ties in Vietnamese
/// order of names, then in the order given), and those that have none, in the order given.
pub(super) fn rank_latest<'s>(
    communes: impl Iterator<Item = (&'s Province, &'s Commune)>,
    i: usize,
    ind: &Indicator,
) -> Ranking<'s> {
    let communes: Vec<(&Province, &Commune)> = communes.collect();
    let (with, without, footing) = rank_positions(&communes, i, ind);
    let with = with
        .iter()
        .filter_map(|&n| latest_of(communes[n].0, communes[n].1, i, footing))
        .collect();
    Ranking {
        with,
        without: without.iter().map(|&n| communes[n]).collect(),
        footing,
    }
}

/// [`rank_latest`] as positions in `communes`.
pub(super) fn rank_positions(
    communes: &[(&Province, &Commune)],
    i: usize,
    ind: &Indicator,
) -> Positions {
    rank_positions_by(communes, i, ind, |a, b| {
        crate::base::collate::compare(&communes[a].1.info.name, &communes[b].1.info.name)
    })
}

/// Each commune's place in the Vietnamese order of names, equal names sharing theirs.
pub(super) fn name_order(communes: &[(&Province, &Commune)]) -> Vec<u32> {
    let name = |n: usize| communes[n].1.info.name.as_str();
    let mut sorted: Vec<usize> = (0..communes.len()).collect();
    sorted.sort_by(|&a, &b| crate::base::collate::compare(name(a), name(b)));
    let mut order = vec![0; communes.len()];
    let mut place = 0;
    for (k, &n) in sorted.iter().enumerate() {
        if k > 0 && crate::base::collate::compare(name(sorted[k - 1]), name(n)).is_ne() {
            place += 1;
        }
        order[n] = place;
    }
    order
}

/// [`rank_positions`] with equal figures in the order of `names` (by position).
pub(super) fn rank_positions_by(
    communes: &[(&Province, &Commune)],
    i: usize,
    ind: &Indicator,
    names: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Positions {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for (n, &(p, c)) in communes.iter().enumerate() {
        match latest_of(p, c, i, Footing::AsReported) {
            Some(latest) => with.push((n, latest)),
            None => without.push(n),
        }
    }
    let footing = Footing::of(ind, with.iter().map(|(_, l)| l.period));
    for (_, l) in &mut with {
        l.x = footing.apply(l.raw, l.period);
    }
    let descending = ind.better != Better::Lower;
    // Stable: equal figures and names keep the order given.
    with.sort_by(|(m, a), (n, b)| {
        let ord = a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal);
        (if descending { ord.reverse() } else { ord }).then_with(|| names(*m, *n))
    });
    (with.into_iter().map(|(n, _)| n).collect(), without, footing)
}

/// The figures of a ranking, in its order.
pub(super) fn figures(with: &[Latest]) -> Vec<f64> {
    with.iter().map(|e| e.x).collect()
}

/// Where figure `x` of `ind` stands among `values` (sorted best first): its rank (ties share
/// the best place) and how many there are.
pub(super) fn place_among(values: &[f64], x: f64, ind: &Indicator) -> (usize, usize) {
    let better = |v: f64| match ind.better {
        Better::Lower => v < x,
        _ => v > x,
    };
    (
        values.iter().filter(|v| better(**v)).count() + 1,
        values.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_rankings_break_ties_as_the_collator_does() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let scale = crate::demo::Scale {
            provinces: 3,
            communes: 90,
            periods: 2,
            seed: 7,
            missing_latest: 0,
        };
        crate::demo::generate(&content, scale).unwrap();
        // The stages before render, run by hand: render knows nothing of the pipeline.
        let (content, _) = crate::validate::validate(crate::load::load(&content));
        let site = Site::build(content.expect("the demo content builds"));
        let rankings = Rankings::new(&site);
        let mut ties = 0;
        for (i, ind) in site.indicators.iter().enumerate() {
            let expected = rank_positions(&rankings.communes, i, ind);
            rankings.national(i);
            assert_eq!(rankings.national[i].get(), Some(&expected), "{}", ind.id);
            let x = |n: usize| {
                let (p, c) = rankings.communes[n];
                latest_of(p, c, i, expected.2).map(|l| l.x)
            };
            ties += expected.0.windows(2).filter(|w| x(w[0]) == x(w[1])).count();
        }
        assert!(ties > 0, "some figures tie, so the names decide");
    }

    #[test]
    fn a_commune_ranks_after_those_better_than_it_and_ties_share_a_place() {
        let ind = |better| Indicator {
            id: crate::base::ids::IndicatorId::parse("x").unwrap(),
            group: crate::base::ids::GroupId::parse("g").unwrap(),
            name: crate::domain::Localized(vec![]),
            description: None,
            unit: crate::domain::Unit::Percent,
            unit_label: None,
            kind: IndicatorKind::Rate,
            better,
            ratio: None,
            target: None,
            headline: true,
            part_of: None,
        };
        let high = [100.0, 96.1, 96.1, 24.0];
        assert_eq!(place_among(&high, 96.1, &ind(Better::Higher)), (2, 4));
        assert_eq!(place_among(&high, 24.0, &ind(Better::Higher)), (4, 4));
        let low = [1.0, 2.0, 2.0, 9.0];
        assert_eq!(place_among(&low, 9.0, &ind(Better::Lower)), (4, 4));
        assert_eq!(place_among(&low, 2.0, &ind(Better::Lower)), (2, 4));
    }
}
