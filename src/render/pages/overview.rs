//! The overview: every commune (or, on a large site, every province and both ends of each
//! ranking), the provinces, and the latest releases of figures.

use super::paths::{self as path, relative};
use super::rankings::{Footing, Ranking, latest_of};
use super::renderer::Renderer;
use crate::base::collate::fold;
use crate::format;
use crate::model::{Commune, Period, Province};
use crate::render::summary;
use crate::render::views::*;
use std::io;

/// Periods listed as the latest data releases on the overview.
const SHOWN_RELEASES: usize = 12;

impl Renderer<'_> {
    pub(super) fn overview(&self) -> io::Result<()> {
        let path = path::overview();
        let from = self.out(&path);
        // A large site is summarised by province, with both ends of each ranking; a small one
        // lists every commune.
        let (comparison, summary, extremes) = if self.summarised {
            (
                None,
                Some(self.province_summary(&from)),
                self.site
                    .headlines()
                    .into_iter()
                    .map(|i| self.extremes(&from, i))
                    .collect(),
            )
        } else {
            // across provinces, communes are listed by their own name in Vietnamese order
            let mut communes: Vec<(&Province, &Commune)> = self.site.communes().collect();
            communes.sort_by(|a, b| {
                crate::base::collate::compare(&a.1.info.name, &b.1.info.name)
                    .then_with(|| crate::base::collate::compare(&a.0.info.name, &b.0.info.name))
            });
            let comparison = self.comparison(&from, communes.into_iter(), None);
            (Some(comparison), None, Vec::new())
        };
        let provinces = self
            .site
            .provinces
            .iter()
            .map(|p| ProvinceLink {
                text: self.tn(
                    "province_with_count",
                    p.communes.len(),
                    &[
                        ("name", &p.info.name),
                        ("count", &format::count(p.communes.len() as f64, self.lang)),
                    ],
                ),
                href: relative(&from, &self.out(&path::province(p))),
                reporting: self.latest_round_sentence(p),
            })
            .collect();
        // Only the twelve newest are shown: the periods as new as the twelfth are described
        // (a national site has 200,000 periods, many of the same date).
        let mut dated: Vec<(chrono::NaiveDate, &Province, &Commune, &Period)> = self
            .site
            .communes()
            .flat_map(|(p, c)| c.periods.iter().map(move |period| (p, c, period)))
            .map(|(p, c, period)| {
                (
                    period.info.source.date.unwrap_or(period.info.end),
                    p,
                    c,
                    period,
                )
            })
            .collect();
        if dated.len() > SHOWN_RELEASES {
            let (_, twelfth, _) =
                dated.select_nth_unstable_by(SHOWN_RELEASES - 1, |a, b| b.0.cmp(&a.0));
            let cut = twelfth.0;
            dated.retain(|d| d.0 >= cut);
        }
        let mut releases: Vec<(chrono::NaiveDate, Release)> = dated
            .into_iter()
            .map(|(date, p, c, period)| {
                let release = Release {
                    commune: c.info.name.clone(),
                    province: p.info.name.clone(),
                    period: self.period_label(&period.info),
                    date: format::date(date, self.lang),
                    href: format!(
                        "{}#period-{}",
                        relative(&from, &self.out(&path::commune(p, c))),
                        period.info.id
                    ),
                    source: period.info.source.title.clone(),
                };
                (date, release)
            })
            .collect();
        releases.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.href.cmp(&b.1.href)));
        let periods: usize = self.site.communes().map(|(_, c)| c.periods.len()).sum();
        let figures: usize = self
            .site
            .communes()
            .flat_map(|(_, c)| &c.periods)
            .map(|p| p.observations.len())
            .sum();
        let totals = self.tf(
            "overview_totals",
            &[
                (
                    "communes",
                    &format::count(self.site.communes().count() as f64, self.lang),
                ),
                (
                    "provinces",
                    &format::count(self.site.provinces.len() as f64, self.lang),
                ),
                ("periods", &format::count(periods as f64, self.lang)),
                ("figures", &format::count(figures as f64, self.lang)),
            ],
        );
        let view = OverviewView {
            comparison,
            summary,
            extremes,
            provinces,
            releases: releases
                .into_iter()
                .take(SHOWN_RELEASES)
                .map(|(_, r)| r)
                .collect(),
            latest_release: self.site.history.latest().map(|l| Link {
                text: self.tf(
                    "latest_release",
                    &[("date", &format::date(l.release.date, self.lang))],
                ),
                href: relative(&from, &self.out(&path::release(l.release.id.as_str()))),
            }),
            totals,
            indicators_href: relative(&from, &self.out(&path::indicators())),
            downloads_href: relative(&from, &self.out(&path::downloads())),
        };
        let common = self.common(
            "overview",
            &path,
            self.t("overview"),
            self.site_view.description.clone(),
            vec![],
        );
        self.write_page("overview.html", &from, common, view)
    }

    /// The overview's table of provinces: per headline indicator, the median of the communes'
    /// latest figures and how many communes report it.
    fn province_summary(&self, from: &str) -> ProvinceSummary {
        let heads = self.site.headlines();
        let columns = heads
            .iter()
            .map(|&i| {
                let ind = &self.site.indicators[i];
                Column {
                    name: ind.name.get(self.lang).into(),
                    href: relative(from, &self.out(&path::indicator(ind))),
                    unit: self.compared_unit(ind, self.rankings.footing(i)),
                }
            })
            .collect();
        let row =
            |name: &str, href: String, communes: &[(&Province, &Commune)]| ProvinceSummaryRow {
                name: name.to_string(),
                href,
                search: fold(name),
                communes: format::count(communes.len() as f64, self.lang),
                communes_sort: communes.len(),
                cells: heads
                    .iter()
                    .map(|&i| {
                        let footing = self.rankings.footing(i);
                        let vals: Vec<f64> = communes
                            .iter()
                            .filter_map(|(p, c)| latest_of(p, c, i, footing).map(|l| l.x))
                            .collect();
                        let mut cell = self.median_cell(&self.site.indicators[i], &vals);
                        if !cell.value.is_empty() {
                            let n = format::count(vals.len() as f64, self.lang);
                            cell.count = self.tn("summary_reporting", vals.len(), &[("count", &n)]);
                        }
                        cell
                    })
                    .collect(),
            };
        let rows = self
            .site
            .provinces
            .iter()
            .map(|p| {
                let communes: Vec<(&Province, &Commune)> =
                    p.communes.iter().map(|c| (p, c)).collect();
                row(
                    &p.info.name,
                    relative(from, &self.out(&path::province(p))),
                    &communes,
                )
            })
            .collect();
        let all: Vec<(&Province, &Commune)> = self.site.communes().collect();
        let total = row(&self.t("summary_all"), String::new(), &all);
        let differing: Vec<String> = heads
            .iter()
            .filter(|&&i| self.rankings.footing(i) == Footing::Per30Days)
            .map(|&i| self.site.indicators[i].name.get(self.lang).to_string())
            .collect();
        let lengths_note = if differing.is_empty() {
            String::new()
        } else {
            self.tf(
                "summary_lengths_differ",
                &[("indicators", &differing.join(", "))],
            )
        };
        ProvinceSummary {
            columns,
            rows,
            total,
            lengths_note,
        }
    }

    /// Both ends of an indicator's national ranking, for the overview of a large site.
    fn extremes(&self, from: &str, i: usize) -> Extremes {
        let ind = &self.site.indicators[i];
        let Ranking { with, footing, .. } = self.rankings.national(i);
        let n = summary::OVERVIEW_EXTREMES;
        let ends = self.ends(from, ind, &with, n, footing);
        let count = |x: usize| format::count(x as f64, self.lang);
        Extremes {
            name: ind.name.get(self.lang).into(),
            href: relative(from, &self.out(&path::indicator(ind))),
            anchor: format!("extremes-{}", ind.id),
            unit: self.compared_unit(ind, footing),
            reporting: self.tf(
                "extremes_reporting",
                &[
                    ("count", &count(with.len())),
                    ("total", &count(self.site.communes().count())),
                ],
            ),
            lengths_note: if footing == Footing::Per30Days {
                self.t("ranking_lengths_differ")
            } else {
                String::new()
            },
            top_caption: format!(
                "{}: {}",
                self.tf("extremes_top", &[("count", &count(n))]),
                ind.name.get(self.lang)
            ),
            top: ends.top,
            top_more: ends.top_more,
            bottom_caption: format!(
                "{}: {}",
                self.tf("extremes_bottom", &[("count", &count(n))]),
                ind.name.get(self.lang)
            ),
            bottom: ends.bottom,
            bottom_more: ends.bottom_more,
        }
    }
}
