//! Targets in words: whether a figure meets the target that applies to it (and by how much it
//! falls short), whose target it is and for when, and the document that sets it — for key
//! figures, charts and the indicator page.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::domain::{Indicator, Target, TargetScope, TargetSource, Unit, Value};
use crate::format;
use crate::model::{Commune, Period, Province};
use crate::render::views::{Link, TargetRow, TargetView};

impl Renderer<'_> {
    /// Figure `x` of indicator `i` in `period` of commune `c` against its target, in words;
    /// "no target published" when none applies.
    pub(super) fn goal(
        &self,
        from: &str,
        (p, c): (&Province, &Commune),
        i: usize,
        period: &Period,
        x: Option<f64>,
    ) -> TargetView {
        let ind = &self.site.indicators[i];
        let Some((target, scope)) = self.site.target(p, c, i, period.info.end) else {
            return TargetView {
                status: "none",
                text: self.t("goal_none"),
                scope: String::new(),
                source: None,
            };
        };
        let range = self.target_range(ind, target);
        let (status, text) = match x {
            Some(x) if target.is_met(x) => ("met", self.tf("goal_met", &[("range", &range)])),
            Some(x) => {
                let (key, gap) = match target.min {
                    Some(min) if x < min => ("goal_short", min - x),
                    _ => ("goal_over", x - target.max.unwrap_or(x)),
                };
                let gap = self.gap_text(ind, gap);
                ("not_met", self.tf(key, &[("range", &range), ("gap", &gap)]))
            }
            None => ("none", self.tf("goal_unknown", &[("range", &range)])),
        };
        TargetView {
            status,
            text,
            scope: self.goal_scope(scope, p, c, target),
            source: target.source.as_ref().map(|s| self.goal_source(from, s)),
        }
    }

    /// The figure against its target in a few words, for a table cell ("✓ đạt mục tiêu ≥ 95%"),
    /// with its status (`met`, `not_met`); empty without a target or a figure.
    pub(super) fn goal_mark(
        &self,
        (p, c): (&Province, &Commune),
        i: usize,
        period: &Period,
        x: Option<f64>,
    ) -> (String, &'static str) {
        let (Some(x), Some((target, _))) = (x, self.site.target(p, c, i, period.info.end)) else {
            return (String::new(), "");
        };
        let range = self.target_range(&self.site.indicators[i], target);
        match target.is_met(x) {
            true => (self.tf("goal_mark_met", &[("range", &range)]), "met"),
            false => (
                self.tf("goal_mark_not_met", &[("range", &range)]),
                "not_met",
            ),
        }
    }

    /// A target's range: `≥ 80%`, `≤ 5 hồ sơ`, `80%–90%`.
    pub(super) fn target_range(&self, ind: &Indicator, t: &Target) -> String {
        let v = |x: f64| self.value_text(ind, Value::Number(x));
        match (t.min, t.max) {
            (Some(a), Some(b)) => self.tf("range_between", &[("min", &v(a)), ("max", &v(b))]),
            (Some(a), None) => self.tf("range_min", &[("min", &v(a))]),
            (None, Some(b)) => self.tf("range_max", &[("max", &v(b))]),
            (None, None) => String::new(),
        }
    }

    /// How far a figure is from its target: `5,2 điểm %`, `12 hồ sơ`, `50 triệu đồng`.
    fn gap_text(&self, ind: &Indicator, gap: f64) -> String {
        match ind.unit {
            Unit::Percent => format::points(gap, self.lang)
                .trim_start_matches('+')
                .to_string(),
            _ => self.value_text(ind, Value::Number(gap)),
        }
    }

    /// Whose target and for when: "mục tiêu của tỉnh Thái Nguyên, năm 2026".
    fn goal_scope(&self, scope: TargetScope, p: &Province, c: &Commune, t: &Target) -> String {
        let whose = match scope {
            TargetScope::National => self.t("goal_scope_national"),
            TargetScope::Province => self.tf(
                "goal_scope_province",
                &[("province", &self.province_named(p))],
            ),
            TargetScope::Commune => {
                self.tf("goal_scope_commune", &[("commune", &self.commune_named(c))])
            }
        };
        match self.target_when(t) {
            Some(when) => format!("{whose}, {when}"),
            None => whose,
        }
    }

    /// The days a target applies to in words: "năm 2026", "từ 01/01/2026 đến 30/06/2026".
    pub(super) fn target_when(&self, t: &Target) -> Option<String> {
        use chrono::Datelike;
        let d = |x| format::date(x, self.lang);
        Some(match (t.from, t.to) {
            (Some(f), Some(to))
                if f.year() == to.year()
                    && (f.month(), f.day(), to.month(), to.day()) == (1, 1, 12, 31) =>
            {
                self.tf("when_year", &[("year", &f.year().to_string())])
            }
            (Some(f), Some(to)) => self.tf("when_between", &[("from", &d(f)), ("to", &d(to))]),
            (Some(f), None) => self.tf("when_from", &[("from", &d(f))]),
            (None, Some(to)) => self.tf("when_until", &[("to", &d(to))]),
            (None, None) => return None,
        })
    }

    /// The document that sets a target, linked to where it can be read: its report on this
    /// site, else its address.
    pub(super) fn goal_source(&self, from: &str, s: &TargetSource) -> Link {
        let mut text = s.title.clone();
        if let Some(n) = &s.number {
            text = self.tf("document_number", &[("document", &text), ("number", n)]);
        }
        if let Some(d) = s.date {
            let date = format::date(d, self.lang);
            text = self.tf("document_date", &[("document", &text), ("date", &date)]);
        }
        if let Some(by) = &s.issued_by {
            text = self.tf("document_issuer", &[("document", &text), ("issuer", by)]);
        }
        let report = s.report.as_ref().and_then(|r| {
            let p = self
                .site
                .provinces
                .iter()
                .find(|p| p.info.id == r.province)?;
            let c = p.communes.iter().find(|c| c.info.id == r.commune)?;
            Some(relative(
                from,
                &self.out(&path::report(p, c, r.report.as_str())),
            ))
        });
        Link {
            text: self.tf("goal_source", &[("document", &text)]),
            href: report.or_else(|| s.url.clone()).unwrap_or_default(),
        }
    }

    /// Every target of indicator `i`, for its page: whose, the range, when, and the document.
    pub(super) fn target_rows(&self, from: &str, i: usize) -> Vec<TargetRow> {
        let ind = &self.site.indicators[i];
        let mut rows: Vec<TargetRow> = Vec::new();
        if let Some(t) = &ind.target {
            rows.push(TargetRow {
                scope: self.t("goal_scope_national"),
                range: self.target_range(ind, t),
                when: self.target_when(t).unwrap_or_default(),
                source: None,
                note: t
                    .note
                    .as_ref()
                    .map(|n| n.get(self.lang).to_string())
                    .unwrap_or_default(),
            });
        }
        for (p, c, st) in self.site.targets_of(i) {
            let t = &st.target;
            let scope = match (p, c) {
                (Some(p), Some(c)) => self.tf(
                    "goal_scope_commune_of",
                    &[("commune", &c.info.name), ("province", &p.info.name)],
                ),
                (Some(p), None) => self.tf(
                    "goal_scope_province",
                    &[("province", &self.province_named(p))],
                ),
                _ => self.t("goal_scope_national"),
            };
            rows.push(TargetRow {
                scope,
                range: self.target_range(ind, t),
                when: self.target_when(t).unwrap_or_default(),
                source: t.source.as_ref().map(|s| self.goal_source(from, s)),
                note: t
                    .note
                    .as_ref()
                    .map(|n| n.get(self.lang).to_string())
                    .unwrap_or_default(),
            });
        }
        rows
    }

    /// The target drawn on a chart of one commune's figures: the one that applies to its
    /// latest period. Its value and a label such as "Mục tiêu 90%".
    pub(super) fn chart_goal(
        &self,
        (p, c): (&Province, &Commune),
        i: usize,
        period: &Period,
    ) -> Option<(f64, String)> {
        let (t, _) = self.site.target(p, c, i, period.info.end)?;
        self.goal_line(&self.site.indicators[i], t)
    }

    /// The line a chart draws for target `t`.
    pub(super) fn goal_line(&self, ind: &Indicator, t: &Target) -> Option<(f64, String)> {
        let x = t.min.or(t.max)?;
        let label = self.tf(
            "chart_target_label",
            &[("value", &self.value_cell(ind, Value::Number(x)))],
        );
        Some((x, label))
    }

    /// The target a chart comparing every commune draws: only one that applies to all of them
    /// (the nation's, or the catalogue's) on `day`; a province's target is not drawn there.
    pub(super) fn national_goal(&self, i: usize, day: chrono::NaiveDate) -> Option<(f64, String)> {
        let ind = &self.site.indicators[i];
        let national = self
            .site
            .targets
            .iter()
            .find(|t| t.indicator == ind.id && t.target.applies(day))
            .map(|t| &t.target)
            .or(ind.target.as_ref().filter(|t| t.applies(day)))?;
        self.goal_line(ind, national)
    }

    /// The target a chart of the communes of province `p` draws on `day`: the province's own,
    /// else the nation's (a commune's own target is not drawn over the others).
    pub(super) fn province_goal(
        &self,
        p: &Province,
        i: usize,
        day: chrono::NaiveDate,
    ) -> Option<(f64, String)> {
        let ind = &self.site.indicators[i];
        let own = p
            .info
            .targets
            .iter()
            .find(|t| t.indicator == ind.id && t.target.applies(day));
        match own {
            Some(t) => self.goal_line(ind, &t.target),
            None => self.national_goal(i, day),
        }
    }
}
