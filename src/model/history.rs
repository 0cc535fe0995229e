//! The history of published figures: what each release published, and every figure whose
//! value changed after it was first published — in a later release, or in the content since the
//! last release. Derived once, with the rest of the model, from the release records.

use crate::domain::{FigureKey, Published, Release};
use crate::model::Site;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Releases and revisions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Releases, oldest first, with what each changed.
    pub releases: Vec<ReleaseSummary>,
    /// Figures whose published value changed, in key order.
    pub revisions: Vec<Revision>,
    /// What the content changes since the last release (everything before the first).
    pub unreleased: Changes,
}

/// A release with counts of what it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseSummary {
    /// The record.
    pub release: Release,
    /// Figures published for the first time.
    pub added: usize,
    /// Figures published before with another value.
    pub revised: usize,
    /// Figures published before and withdrawn.
    pub removed: usize,
    /// Figures published in total at this release.
    pub total: usize,
}

/// How many figures a step added, revised or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changes {
    /// New figures.
    pub added: usize,
    /// Changed figures.
    pub revised: usize,
    /// Withdrawn figures.
    pub removed: usize,
}

impl Changes {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// A figure whose published value changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// Which figure.
    pub key: FigureKey,
    /// Its values, oldest first: the first publication, then each change.
    pub steps: Vec<Step>,
}

/// One value in a figure's history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Index into [`History::releases`]; `None` for the current content, not yet released.
    pub release: Option<usize>,
    /// The value; `None` when the figure was withdrawn.
    pub value: Option<Published>,
}

/// A figure's state while the releases are replayed: its value (`None` once withdrawn) and
/// the release that set it.
type Folded = HashMap<FigureKey, (Option<Published>, usize)>;

impl History {
    /// Replays `releases` in order and compares the result with `site`'s current figures.
    pub fn build(releases: Vec<Release>, site: &Site) -> History {
        let mut folded: Folded = HashMap::new();
        let mut steps: HashMap<FigureKey, Vec<Step>> = HashMap::new();
        let mut summaries = Vec::with_capacity(releases.len());
        for (i, release) in releases.into_iter().enumerate() {
            let mut counts = Changes::default();
            for (key, value) in &release.changes {
                record(
                    &mut folded,
                    &mut steps,
                    key,
                    Some(*value),
                    Some(i),
                    &mut counts,
                );
            }
            for key in &release.removed {
                record(&mut folded, &mut steps, key, None, Some(i), &mut counts);
            }
            summaries.push(ReleaseSummary {
                release,
                added: counts.added,
                revised: counts.revised,
                removed: counts.removed,
                total: folded.values().filter(|(v, _)| v.is_some()).count(),
            });
        }
        let unreleased = if summaries.is_empty() {
            // Every figure of the content is new; counted without building 8 million keys.
            Changes {
                added: site
                    .communes()
                    .flat_map(|(_, c)| &c.periods)
                    .map(|p| p.observations.len())
                    .sum(),
                ..Changes::default()
            }
        } else {
            compare_with_content(&mut folded, &mut steps, site)
        };
        let mut revisions: Vec<Revision> = steps
            .into_iter()
            .map(|(key, steps)| Revision { key, steps })
            .collect();
        revisions.sort_by(|a, b| a.key.cmp(&b.key));
        History {
            releases: summaries,
            revisions,
            unreleased,
        }
    }

    /// The revisions of one commune's figures.
    pub fn of_commune(&self, province: &str, commune: &str) -> &[Revision] {
        let start = self.revisions.partition_point(|r| {
            (r.key.province.as_str(), r.key.commune.as_str()) < (province, commune)
        });
        let len = self.revisions[start..]
            .iter()
            .take_while(|r| {
                r.key.province.as_str() == province && r.key.commune.as_str() == commune
            })
            .count();
        &self.revisions[start..start + len]
    }

    /// The latest release, if any.
    pub fn latest(&self) -> Option<&ReleaseSummary> {
        self.releases.last()
    }

    /// Every figure as published at release `index` (withdrawn ones left out), in key order.
    pub fn published_at(&self, index: usize) -> Vec<(FigureKey, Published)> {
        let mut folded: HashMap<&FigureKey, Option<Published>> = HashMap::new();
        for summary in &self.releases[..=index] {
            for (key, value) in &summary.release.changes {
                folded.insert(key, Some(*value));
            }
            for key in &summary.release.removed {
                folded.insert(key, None);
            }
        }
        let mut out: Vec<(FigureKey, Published)> = folded
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.clone(), v)))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// What a new release would record: figures new or changed since the last release, and
    /// figures withdrawn since, both in key order.
    pub fn unreleased_changes(&self, site: &Site) -> (Vec<(FigureKey, Published)>, Vec<FigureKey>) {
        let last = match self.releases.len() {
            0 => Vec::new(),
            n => self.published_at(n - 1),
        };
        let mut previous: HashMap<&FigureKey, Published> =
            last.iter().map(|(k, v)| (k, *v)).collect();
        let mut changes = Vec::new();
        for (key, value) in current(site) {
            match previous.remove(&key) {
                Some(old) if same(old, value) => {}
                _ => changes.push((key, value)),
            }
        }
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        let mut removed: Vec<FigureKey> = previous.into_keys().cloned().collect();
        removed.sort();
        (changes, removed)
    }
}

/// Applies one published value (`None`: withdrawn) to the replay, noting a step in the
/// figure's history when it changes a value published before.
fn record(
    folded: &mut Folded,
    steps: &mut HashMap<FigureKey, Vec<Step>>,
    key: &FigureKey,
    value: Option<Published>,
    release: Option<usize>,
    counts: &mut Changes,
) {
    match folded.entry(key.clone()) {
        Entry::Vacant(slot) => {
            if value.is_some() {
                counts.added += 1;
                if let Some(r) = release {
                    slot.insert((value, r));
                }
            }
        }
        Entry::Occupied(mut slot) => {
            let (old, set_by) = *slot.get();
            let unchanged = match (old, value) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            };
            if unchanged {
                return;
            }
            match (old, value) {
                (None, Some(_)) => counts.added += 1,
                (Some(_), None) => counts.removed += 1,
                _ => counts.revised += 1,
            }
            steps
                .entry(key.clone())
                .or_insert_with(|| {
                    vec![Step {
                        release: Some(set_by),
                        value: old,
                    }]
                })
                .push(Step { release, value });
            if let Some(r) = release {
                slot.insert((value, r));
            }
        }
    }
}

/// Notes, as steps without a release, every difference between the last release and the
/// content; returns how many figures differ.
fn compare_with_content(
    folded: &mut Folded,
    steps: &mut HashMap<FigureKey, Vec<Step>>,
    site: &Site,
) -> Changes {
    let mut counts = Changes::default();
    let mut seen: Vec<FigureKey> = Vec::new();
    for (key, value) in current(site) {
        record(folded, steps, &key, Some(value), None, &mut counts);
        seen.push(key);
    }
    for key in seen {
        folded.remove(&key);
    }
    let mut gone: Vec<FigureKey> = folded
        .iter()
        .filter(|(_, (v, _))| v.is_some())
        .map(|(k, _)| k.clone())
        .collect();
    gone.sort();
    for key in gone {
        record(folded, steps, &key, None, None, &mut counts);
    }
    counts
}

/// Two published values are the same figure (both numbers equal, or both not reported).
fn same(a: Published, b: Published) -> bool {
    a == b
}

/// Every figure the content publishes now.
fn current(site: &Site) -> impl Iterator<Item = (FigureKey, Published)> + '_ {
    site.communes().flat_map(move |(p, c)| {
        c.periods.iter().flat_map(move |period| {
            period.observations.iter().map(move |obs| {
                (
                    FigureKey {
                        province: p.info.id.clone(),
                        commune: c.info.id.clone(),
                        period: period.info.id.clone(),
                        indicator: site.indicators[obs.indicator()].id.clone(),
                    },
                    obs.published(),
                )
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state a replay folds figures into, with `record` as one call.
    #[derive(Default)]
    struct Replay {
        folded: Folded,
        steps: HashMap<FigureKey, Vec<Step>>,
        counts: Changes,
    }

    impl Replay {
        fn record(&mut self, k: &FigureKey, value: Option<Published>, release: Option<usize>) {
            record(
                &mut self.folded,
                &mut self.steps,
                k,
                value,
                release,
                &mut self.counts,
            );
        }
    }

    fn key(period: &str, indicator: &str) -> FigureKey {
        FigureKey {
            province: crate::base::ids::ProvinceId::parse("p").unwrap(),
            commune: crate::base::ids::CommuneId::parse("c").unwrap(),
            period: crate::base::ids::PeriodId::parse(period).unwrap(),
            indicator: crate::base::ids::IndicatorId::parse(indicator).unwrap(),
        }
    }

    #[test]
    fn a_changed_value_keeps_its_first_publication_and_each_change() {
        let mut r = Replay::default();
        let k = key("2026-01", "x");
        r.record(&k, Some(Some(97.6)), Some(0));
        r.record(&k, Some(Some(97.6)), Some(1));
        assert!(r.steps.is_empty(), "the same value again is not a revision");
        r.record(&k, Some(Some(96.0)), Some(2));
        r.record(&k, None, None);
        assert_eq!(
            r.steps[&k],
            vec![
                Step {
                    release: Some(0),
                    value: Some(Some(97.6))
                },
                Step {
                    release: Some(2),
                    value: Some(Some(96.0))
                },
                Step {
                    release: None,
                    value: None
                },
            ]
        );
        assert_eq!(
            r.counts,
            Changes {
                added: 1,
                revised: 1,
                removed: 1
            }
        );
    }

    #[test]
    fn a_figure_reported_later_after_not_reported_is_a_revision() {
        let mut r = Replay::default();
        let k = key("2026-01", "x");
        r.record(&k, Some(None), Some(0));
        r.record(&k, Some(Some(5.0)), Some(1));
        assert_eq!(r.steps[&k].len(), 2);
        assert_eq!(r.counts.revised, 1);
    }
}
