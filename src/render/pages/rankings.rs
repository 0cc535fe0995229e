//! Rankings of communes by their latest figure of an indicator; the national ones are made
//! once per build and shared by every page and language that shows one.

use crate::domain::{Better, Indicator, IndicatorKind};
use crate::model::{Commune, Observation, Period, Province, Site};

/// A commune's latest figure of one indicator, with where it comes from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Latest<'s> {
    pub(super) p: &'s Province,
    pub(super) c: &'s Commune,
    pub(super) period: &'s Period,
    pub(super) obs: &'s Observation,
    pub(super) x: f64,
}

/// A ranking: the communes with a latest figure, best first, and those without one.
pub(super) type Ranking<'s> = (Vec<Latest<'s>>, Vec<(&'s Province, &'s Commune)>);

/// The national ranking of each indicator, made when a page first needs it: the overview, the
/// indicator pages and the province summaries of both languages share it (each sorts every
/// commune: 3,321 at national scale). Kept as positions in `communes`.
pub(super) struct Rankings<'s> {
    communes: Vec<(&'s Province, &'s Commune)>,
    national: Vec<std::sync::OnceLock<(Vec<usize>, Vec<usize>)>>,
    site: &'s Site,
    /// Each commune's place in the Vietnamese order of names (equal names, equal places).
    name_order: std::sync::OnceLock<Vec<u32>>,
}

impl<'s> Rankings<'s> {
    pub(super) fn new(site: &'s Site) -> Self {
        Rankings {
            communes: site.communes().collect(),
            national: site.indicators.iter().map(|_| Default::default()).collect(),
            site,
            name_order: Default::default(),
        }
    }

    /// Every commune of the site ranked by its latest figure of indicator `i`.
    pub(super) fn national(&self, i: usize) -> Ranking<'s> {
        let (with, without) = self.national[i].get_or_init(|| {
            // Figures tie often (small counts): comparing names with the collator at each
            // tie, in each of 99 rankings, cost more than putting the names in order once.
            let order = self.name_order.get_or_init(|| name_order(&self.communes));
            let ind = &self.site.indicators[i];
            rank_positions_by(&self.communes, i, ind, |a, b| order[a].cmp(&order[b]))
        });
        let with = with
            .iter()
            .filter_map(|&n| {
                let (p, c) = self.communes[n];
                latest_of(p, c, i)
            })
            .collect();
        (with, without.iter().map(|&n| self.communes[n]).collect())
    }
}

/// The latest figure of indicator `i` of commune `c`, when it is a number.
pub(super) fn latest_of<'s>(p: &'s Province, c: &'s Commune, i: usize) -> Option<Latest<'s>> {
    let (period, obs) = c.latest(i)?;
    let x = obs.number()?;
    Some(Latest {
        p,
        c,
        period,
        obs,
        x,
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
    let (with, without) = rank_positions(&communes, i, ind);
    let with = with
        .iter()
        .filter_map(|&n| latest_of(communes[n].0, communes[n].1, i))
        .collect();
    (with, without.iter().map(|&n| communes[n]).collect())
}

/// [`rank_latest`] as positions in `communes`.
pub(super) fn rank_positions(
    communes: &[(&Province, &Commune)],
    i: usize,
    ind: &Indicator,
) -> (Vec<usize>, Vec<usize>) {
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
) -> (Vec<usize>, Vec<usize>) {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for (n, &(p, c)) in communes.iter().enumerate() {
        match latest_of(p, c, i) {
            Some(latest) => with.push((n, latest)),
            None => without.push(n),
        }
    }
    let descending = ind.better != Better::Lower;
    // Stable: equal figures and names keep the order given.
    with.sort_by(|(m, a), (n, b)| {
        let ord = a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal);
        (if descending { ord.reverse() } else { ord }).then_with(|| names(*m, *n))
    });
    (with.into_iter().map(|(n, _)| n).collect(), without)
}

/// The figures of a ranking, in its order.
pub(super) fn figures(with: &[Latest]) -> Vec<f64> {
    with.iter().map(|e| e.x).collect()
}

/// A commune's latest figure of indicator `i` as a number, if it has one.
pub(super) fn latest_number(c: &Commune, i: usize) -> Option<f64> {
    c.latest(i).and_then(|(_, obs)| obs.number())
}

/// True for a flow whose compared figures come from periods of different lengths, which the
/// page must say, as such figures are not directly comparable.
pub(super) fn lengths_differ(ind: &Indicator, with: &[Latest]) -> bool {
    ind.kind == IndicatorKind::Flow
        && with.first().is_some_and(|f| {
            with.iter()
                .any(|e| e.period.info.days() != f.period.info.days())
        })
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
            let x = |n: usize| latest_number(rankings.communes[n].1, i);
            ties += expected.0.windows(2).filter(|w| x(w[0]) == x(w[1])).count();
        }
        assert!(ties > 0, "some figures tie, so the names decide");
    }
}
