//! The site and its places: [`Site`], [`Province`], [`Commune`] and [`Period`], with what
//! they answer without deriving anything (latest figure, warnings, communes, headlines).

use super::history::History;
use super::observation::Observation;
use super::observations::Observations;
use super::reporting::Round;
use super::warning::DataWarning;
use crate::base::ids::{IndicatorId, ReportId};
use crate::domain::{
    CommuneInfo, Group, Indicator, Page, PeriodInfo, ProvinceInfo, Report, ScopedTarget,
    SiteConfig, Target, TargetScope,
};
use chrono::NaiveDate;
use std::collections::HashMap;

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
    /// Its recent reporting rounds, most recent first, and who reported each (see
    /// [`super::reporting`]).
    pub reporting: Vec<Round>,
}

impl Province {
    /// Its latest reporting round, if any commune reported a regular window.
    pub fn latest_round(&self) -> Option<&Round> {
        self.reporting.first()
    }
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
    /// National targets (the catalogue's `targets:`).
    pub targets: Vec<ScopedTarget>,
    /// Provinces in Vietnamese order.
    pub provinces: Vec<Province>,
    /// Free pages by weight, then id.
    pub pages: Vec<Page>,
    /// Releases and the revisions of published figures.
    pub history: History,
    pub(super) index: HashMap<IndicatorId, usize>,
    /// Figures in all communes' periods (see [`Site::observation_count`]).
    pub(super) observations: usize,
}

impl Site {
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

    /// The target that applies to the figure of indicator `i` of commune `c` (of province
    /// `p`) for a period ending on `day`: the commune's own, else its province's, else the
    /// nation's (a target never reaches outside its scope), else the catalogue's `target:`.
    pub fn target<'a>(
        &'a self,
        p: &'a Province,
        c: &'a Commune,
        i: usize,
        day: NaiveDate,
    ) -> Option<(&'a Target, TargetScope)> {
        let ind = self.indicators.get(i)?;
        let scoped = |list: &'a [ScopedTarget]| {
            list.iter()
                .find(|t| t.indicator == ind.id && t.target.applies(day))
                .map(|t| (&t.target, t.scope))
        };
        scoped(&c.info.targets)
            .or_else(|| scoped(&p.info.targets))
            .or_else(|| scoped(&self.targets))
            .or_else(|| {
                ind.target
                    .as_ref()
                    .filter(|t| t.applies(day))
                    .map(|t| (t, TargetScope::National))
            })
    }

    /// Every target of indicator `i`: the nation's, then each province's and commune's, with
    /// the province and commune they are kept in.
    pub fn targets_of(
        &self,
        i: usize,
    ) -> Vec<(Option<&Province>, Option<&Commune>, &ScopedTarget)> {
        let Some(ind) = self.indicators.get(i) else {
            return Vec::new();
        };
        let mut out: Vec<(Option<&Province>, Option<&Commune>, &ScopedTarget)> = self
            .targets
            .iter()
            .filter(|t| t.indicator == ind.id)
            .map(|t| (None, None, t))
            .collect();
        for p in &self.provinces {
            out.extend(
                p.info
                    .targets
                    .iter()
                    .filter(|t| t.indicator == ind.id)
                    .map(|t| (Some(p), None, t)),
            );
            for c in &p.communes {
                out.extend(
                    c.info
                        .targets
                        .iter()
                        .filter(|t| t.indicator == ind.id)
                        .map(|t| (Some(p), Some(c), t)),
                );
            }
        }
        out
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
}
