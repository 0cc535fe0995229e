//! Rows of the tables pages show: figure cells (value, note, warning, revision marks), the
//! table comparing communes' latest figures, ranking rows with both ends of a ranking, and
//! medians.

use super::paths::{self as path, relative};
use super::rankings::{Footing, Latest, figures, per_1000, place_among};
use super::renderer::Renderer;
use crate::base::collate::fold;
use crate::domain::{Better, Indicator, IndicatorKind, Unit, Value};
use crate::format;
use crate::model::{Basis, Commune, Observation, Period, Province, round};
use crate::render::summary::{self, Rank};
use crate::render::views::*;

/// The interface strings of a figure cell, escaped ([`Renderer::cells_html`]).
pub(super) struct CellWords {
    no_data: String,
    revised: String,
    warning: String,
    note: String,
    computed: String,
}

impl Renderer<'_> {
    /// The table cell of one observation, with its note registered in `notes`; `sort` fills
    /// [`Cell::sort`].
    pub(super) fn cell(
        &self,
        ind: &Indicator,
        obs: &Observation,
        period: &str,
        notes: &mut Vec<Note>,
        sort: bool,
    ) -> Cell {
        let note = obs.note.as_deref().map(|text| {
            if let Some(n) = notes.iter().find(|n| n.text == text) {
                return n.number;
            }
            let number = notes.len() + 1;
            notes.push(Note {
                number,
                text: text.to_string(),
            });
            number
        });
        let (value, sort, computed) = match obs.value() {
            Some((v, basis)) => (
                self.value_cell(ind, v),
                v.number()
                    .filter(|_| sort)
                    .map(|x| format::plain(round(x, 6)))
                    .unwrap_or_default(),
                basis == Basis::Computed,
            ),
            None if obs.is_not_reported() => (self.t("not_reported"), String::new(), false),
            None => (String::new(), String::new(), false),
        };
        let reported = match (obs.value(), obs.reported) {
            (Some((_, Basis::Computed)), Some(r @ Value::Number(_))) => {
                self.tf("reported_as", &[("value", &self.value_cell(ind, r))])
            }
            _ => String::new(),
        };
        Cell {
            value,
            sort,
            period: period.to_string(),
            note,
            warning: !obs.warnings.is_empty(),
            reported,
            computed,
            revised: false,
            ..Cell::default()
        }
    }

    /// The interface strings of a figure cell, escaped once for a whole page.
    pub(super) fn cell_words(&self) -> CellWords {
        let t = |key: &str| crate::render::html::escape(&self.t(key));
        CellWords {
            no_data: t("no_data"),
            revised: t("revised_marker"),
            warning: t("data_warning"),
            note: t("note"),
            computed: t("computed_short"),
        }
    }

    /// `<td>` elements holding `cells` as the default theme's `cell.html` renders them, byte
    /// for byte (a test builds the same site through the template and compares).
    pub(super) fn cells_html(cells: impl Iterator<Item = Cell>, words: &CellWords) -> String {
        use crate::render::html::escape_into as esc;
        use std::fmt::Write;
        let mut out = String::new();
        for c in cells {
            out.push_str("<td>");
            if c.value.is_empty() {
                out.push_str("<span class=\"missing\" aria-hidden=\"true\">–</span><span class=\"visually-hidden\">");
                out.push_str(&words.no_data);
                out.push_str("</span></td>");
                continue;
            }
            out.push_str("<span class=\"v\">");
            esc(&mut out, &c.value);
            out.push_str("</span>");
            if c.revised {
                let m = &words.revised;
                let _ = write!(
                    out,
                    " <a class=\"flag revised\" href=\"#revisions-heading\" title=\"{m}\"><span aria-hidden=\"true\">✎</span><span class=\"visually-hidden\">{m}</span></a>"
                );
            }
            if c.warning {
                let w = &words.warning;
                let _ = write!(
                    out,
                    " <span class=\"flag\" title=\"{w}\"><span aria-hidden=\"true\">⚠</span><span class=\"visually-hidden\">{w}</span></span>"
                );
            }
            if let Some(n) = c.note.filter(|n| *n != 0) {
                let _ = write!(
                    out,
                    "<sup class=\"note-ref\"><a href=\"#note-{n}\"><span class=\"visually-hidden\">{} </span>{n}</a></sup>",
                    words.note
                );
            }
            if !c.reported.is_empty() {
                out.push_str("<span class=\"reported\">");
                esc(&mut out, &c.reported);
                out.push_str("</span>");
            }
            if c.computed && c.reported.is_empty() {
                out.push_str("<span class=\"computed\">");
                out.push_str(&words.computed);
                out.push_str("</span>");
            }
            if !c.period.is_empty() {
                out.push_str("<span class=\"period\">");
                esc(&mut out, &c.period);
                out.push_str("</span>");
            }
            if !c.per_1000.is_empty() {
                out.push_str("<span class=\"per-1000\">");
                esc(&mut out, &c.per_1000);
                out.push_str("</span>");
            }
            if !c.rank.is_empty() {
                out.push_str("<span class=\"rank\">");
                esc(&mut out, &c.rank);
                out.push_str("</span>");
            }
            if !c.goal.is_empty() {
                let _ = write!(out, "<span class=\"goal {}\">", c.goal_status);
                esc(&mut out, &c.goal);
                out.push_str("</span>");
            }
            out.push_str("</td>");
        }
        out
    }

    /// The table of `communes` on the headline indicators, each figure with its target status;
    /// with `ranked_in` (a province's index), with its rank among that province's communes.
    pub(super) fn comparison<'c>(
        &self,
        from: &str,
        communes: impl Iterator<Item = (&'c Province, &'c Commune)>,
        ranked_in: Option<usize>,
    ) -> Comparison {
        let heads = self.site.headlines();
        let columns = heads
            .iter()
            .map(|&i| {
                let ind = &self.site.indicators[i];
                Column {
                    name: ind.name.get(self.lang).into(),
                    href: relative(from, &self.out(&path::indicator(ind))),
                    unit: self.unit_header(ind),
                }
            })
            .collect();
        let rows = communes
            .map(|(p, c)| {
                let mut notes = Vec::new();
                let cells = heads
                    .iter()
                    .map(|&i| match c.latest(i) {
                        Some((period, obs)) => {
                            let mut cell = self.cell(
                                &self.site.indicators[i],
                                obs,
                                &self.period_label(&period.info),
                                &mut notes,
                                true,
                            );
                            cell.note = None;
                            let x = obs.number();
                            (cell.goal, cell.goal_status) = self.goal_mark((p, c), i, period, x);
                            if let (Some(n), Some(x)) = (ranked_in, x) {
                                cell.rank = self.rank_in_province(n, i, period, x);
                            }
                            cell
                        }
                        None => Cell::default(),
                    })
                    .collect();
                CommuneRow {
                    name: c.info.name.clone(),
                    href: relative(from, &self.out(&path::commune(p, c))),
                    province: p.info.name.clone(),
                    province_href: relative(from, &self.out(&path::province(p))),
                    search: fold(&format!("{} {}", c.info.name, p.info.name)),
                    cells,
                }
            })
            .collect();
        Comparison { columns, rows }
    }
}

impl Renderer<'_> {
    /// "hạng 2/4 ở Nghệ An": where figure `raw` of `period` stands among the figures of
    /// indicator `i` of province `n` (on the site's footing); empty when fewer than two
    /// communes have one or the indicator has no better direction.
    fn rank_in_province(&self, n: usize, i: usize, period: &Period, raw: f64) -> String {
        let ind = &self.site.indicators[i];
        let values = self.rankings.provincial(n, i);
        if values.len() < 2 || ind.better == Better::None {
            return String::new();
        }
        let x = self.rankings.footing(i).apply(raw, period);
        let (rank, count) = place_among(values, x, ind);
        self.tf(
            "cell_rank",
            &[
                ("rank", &format::count(rank as f64, self.lang)),
                ("count", &format::count(count as f64, self.lang)),
                ("province", &self.site.provinces[n].info.name),
            ],
        )
    }

    /// The first and last `n` rows of a ranking, with what they leave out of the ties at the cut.
    pub(super) fn ends(
        &self,
        from: &str,
        ind: &Indicator,
        with: &[Latest],
        n: usize,
        footing: Footing,
    ) -> Ends {
        let values = figures(with);
        let ranks = summary::ranks(&values);
        let (top, bottom) = summary::ends(with.len(), n);
        let shown = [top.clone(), bottom.clone()];
        let more = |at: Option<usize>| {
            let Some(at) = at else {
                return String::new();
            };
            let hidden = summary::hidden_ties(&values, at, &shown);
            if hidden == 0 {
                return String::new();
            }
            let rank = ranks.get(at).map(Rank::label).unwrap_or_default();
            self.tn(
                "extremes_more_tied",
                hidden,
                &[
                    ("count", &format::count(hidden as f64, self.lang)),
                    ("rank", &rank),
                ],
            )
        };
        let top_last = top.end.checked_sub(1);
        let bottom_first = (!bottom.is_empty()).then_some(bottom.start);
        // One run of ties across the cut of both lists is said once, under the top list.
        let same_run = match (top_last, bottom_first) {
            (Some(a), Some(b)) => values.get(a) == values.get(b),
            _ => false,
        };
        Ends {
            top_more: more(top_last),
            bottom_more: if same_run {
                String::new()
            } else {
                more(bottom_first)
            },
            top: self.rank_rows(from, ind, with, &ranks, top, footing),
            bottom: self.rank_rows(from, ind, with, &ranks, bottom, footing),
        }
    }

    /// A row of a ranking: the commune's latest figure with its period and its rank.
    pub(super) fn rank_row(
        &self,
        from: &str,
        ind: &Indicator,
        e: &Latest,
        rank: Rank,
        footing: Footing,
    ) -> RankRow {
        let mut notes = Vec::new();
        let mut cell = self.cell(
            ind,
            e.obs,
            &self.period_label(&e.period.info),
            &mut notes,
            true,
        );
        // notes are listed on the commune page only
        cell.note = None;
        if footing == Footing::Per30Days {
            // Compared per 30 days; the figure as reported and its window beside it.
            let days = format::length(e.period.info.start, e.period.info.end, self.lang);
            cell.reported = self.tf(
                "per_30_days_from",
                &[
                    ("value", &self.value_text(ind, Value::Number(e.raw))),
                    ("days", &days),
                ],
            );
            cell.value = self.compared_text(ind, e.x, footing);
            cell.sort = format::plain(round(e.x, 6));
        }
        if ind.kind == IndicatorKind::Flow
            && let Some(v) = per_1000(e.x, e.c)
        {
            cell.per_1000 = self.per_1000_text(ind, v, footing);
        }
        RankRow {
            rank: rank.label(),
            name: e.c.info.name.clone(),
            href: relative(from, &self.out(&path::commune(e.p, e.c))),
            province: e.p.info.name.clone(),
            search: fold(&format!("{} {}", e.c.info.name, e.p.info.name)),
            cell,
            length: format::length(e.period.info.start, e.period.info.end, self.lang),
        }
    }

    /// Rows of the ranking `with` (ranked by `ranks`) at the positions `range`.
    pub(super) fn rank_rows(
        &self,
        from: &str,
        ind: &Indicator,
        with: &[Latest],
        ranks: &[Rank],
        range: std::ops::Range<usize>,
        footing: Footing,
    ) -> Vec<RankRow> {
        with.get(range.clone())
            .unwrap_or_default()
            .iter()
            .zip(ranks.get(range).unwrap_or_default())
            .map(|(e, r)| self.rank_row(from, ind, e, *r, footing))
            .collect()
    }

    /// The median of `values` in a table whose header carries the unit; for yes/no indicators,
    /// how many say yes (a median of yes and no says nothing).
    pub(super) fn median_cell(&self, ind: &Indicator, values: &[f64]) -> SummaryCell {
        let Some(s) = summary::stats(values) else {
            return SummaryCell::default();
        };
        if ind.unit == Unit::Yesno {
            let yes = values.iter().filter(|x| **x != 0.0).count();
            return SummaryCell {
                value: self.tf(
                    "summary_yes",
                    &[
                        ("yes", &format::count(yes as f64, self.lang)),
                        ("count", &format::count(s.count as f64, self.lang)),
                    ],
                ),
                sort: format::plain(round(100.0 * yes as f64 / s.count as f64, 6)),
                count: String::new(),
            };
        }
        let value = match ind.unit {
            Unit::Count => format::number(s.median, 1, self.lang),
            _ => self.value_cell(ind, Value::Number(s.median)),
        };
        SummaryCell {
            value,
            sort: format::plain(round(s.median, 6)),
            count: String::new(),
        }
    }
}

/// Both ends of a ranking, ready for a view.
pub(super) struct Ends {
    pub(super) top: Vec<RankRow>,
    pub(super) top_more: String,
    pub(super) bottom: Vec<RankRow>,
    pub(super) bottom_more: String,
}
