//! A province's page: how its communes do on the headline indicators against the site's, then
//! each commune's figures with its rank in the province and its target status.

use super::paths::{self as path, relative};
use super::rankings::{Footing, latest_of};
use super::renderer::Renderer;
use crate::domain::{Unit, Value};
use crate::format;
use crate::model::{Province, round};
use crate::render::downloads::registry::{self, Level, Place};
use crate::render::summary;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn province(&self, p: &Province) -> io::Result<()> {
        let path = path::province(p);
        let from = self.out(&path);
        let n = self.province_index(p);
        let communes = self.site.communes().count();
        let view = ProvinceView {
            name: p.info.name.clone(),
            code: p.info.code.clone().unwrap_or_default(),
            glance: n.map(|n| self.glance(&from, p, n)).unwrap_or_default(),
            glance_heading: self.tf("glance_heading", &[("province", &p.info.name)]),
            glance_province: self.tf("glance_province", &[("province", &p.info.name)]),
            glance_caption: self.tf(
                "glance_caption",
                &[
                    ("province", &self.province_named(p)),
                    ("count", &format::count(communes as f64, self.lang)),
                ],
            ),
            comparison: self.comparison(&from, p.communes.iter().map(|c| (p, c)), n),
            files: registry::of(Level::Province)
                .map(|d| Link {
                    text: d.format.label().to_string(),
                    href: relative(&from, &d.path(Place::province(p))),
                })
                .collect(),
            downloads: Link {
                text: self.t("downloads"),
                href: relative(&from, &self.out(&path::downloads())),
            },
            reporting: self.rounds(&from, p),
        };
        let title = p.info.name.clone();
        let description = self.tf("province_description", &[("name", &self.province_named(p))]);
        let common = self.common("province", &path, title, description, vec![]);
        self.write_page("province.html", &from, common, view)
    }

    /// The headline indicators of province `p` (its index `n`): its median against the site's,
    /// on the site's footing, and how many of its communes meet their target.
    fn glance(&self, from: &str, p: &Province, n: usize) -> Vec<ProvinceFigure> {
        self.site
            .headlines()
            .into_iter()
            .map(|i| {
                let ind = &self.site.indicators[i];
                let footing = self.rankings.footing(i);
                let median = |values: &[f64]| -> SummaryCell {
                    if ind.unit == Unit::Yesno || values.is_empty() {
                        return self.median_cell(ind, values);
                    }
                    let Some(s) = summary::stats(values) else {
                        return SummaryCell::default();
                    };
                    let value = match footing {
                        Footing::Per30Days => format::number(s.median, 1, self.lang),
                        _ => self.value_cell(ind, Value::Number(s.median)),
                    };
                    SummaryCell {
                        value,
                        sort: format::plain(round(s.median, 6)),
                        count: self.tn(
                            "summary_reporting",
                            s.count,
                            &[("count", &format::count(s.count as f64, self.lang))],
                        ),
                    }
                };
                ProvinceFigure {
                    name: ind.name.get(self.lang).into(),
                    href: relative(from, &self.out(&path::indicator(ind))),
                    unit: self.compared_unit(ind, footing),
                    province: median(self.rankings.provincial(n, i)),
                    site: median(self.rankings.national_values(i)),
                    targets: self.targets_met(p, i),
                }
            })
            .collect()
    }

    /// "3/4 xã đạt mục tiêu": how many of the communes of `p` with a latest figure of
    /// indicator `i` meet the target that applies to each; "no target" when none applies.
    fn targets_met(&self, p: &Province, i: usize) -> String {
        let (mut met, mut with_target) = (0, 0);
        for c in &p.communes {
            let Some(l) = latest_of(p, c, i, Footing::AsReported) else {
                continue;
            };
            let Some((target, _)) = self.site.target(p, c, i, l.period.info.end) else {
                continue;
            };
            with_target += 1;
            met += usize::from(target.is_met(l.raw));
        }
        if with_target == 0 {
            return self.t("goal_none");
        }
        self.tn(
            "targets_met",
            with_target,
            &[
                ("met", &format::count(met as f64, self.lang)),
                ("count", &format::count(with_target as f64, self.lang)),
            ],
        )
    }
}
