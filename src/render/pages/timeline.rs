//! Several communes of one indicator over time, on an indicator page (the whole site) or an
//! indicator-province page: every commune when they are few, else the median with both ends of
//! the ranking — as a chart and as its table.

use super::courses::{Course, regular_periods};
use super::paths::relative;
use super::rankings::{Footing, Latest};
use super::renderer::{Renderer, percent_range};
use crate::domain::{Indicator, Unit};
use crate::format;
use crate::model::{Commune, Period};
use crate::render::charts::{self, Line, Lines, TrendPoint};
use crate::render::views::{TimelineRow, TimelineView};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io;

/// Up to this many communes are drawn one by one; beyond, the median and both ends.
const ALL_UP_TO: usize = 6;
/// Communes drawn at each end of the ranking when there are more.
const ENDS: usize = 3;

/// One commune's regular figures, oldest first, on the chart's footing.
struct History<'s> {
    name: String,
    figures: Vec<(&'s Period, f64)>,
}

/// Where a timeline is written and what it draws a target from.
pub(super) struct TimelinePlace<'a> {
    /// The chart's file, from the output root.
    pub(super) chart: String,
    /// The data file behind it, from the output root.
    pub(super) data: &'a str,
    /// The target line: value and label, when one applies to every commune drawn.
    pub(super) goal: Option<(f64, String)>,
}

impl Renderer<'_> {
    /// The time chart of indicator `i` for `ranked` (the communes of a scope with a latest
    /// figure, best first), with its table; `None` when fewer than one commune has two regular
    /// periods, or for yes/no figures.
    pub(super) fn timeline<'s>(
        &self,
        from: &str,
        i: usize,
        ranked: &[Latest<'s>],
        place: TimelinePlace,
        course: Option<&Course>,
    ) -> io::Result<Option<TimelineView>> {
        let ind = &self.site.indicators[i];
        if ind.unit == Unit::Yesno {
            return Ok(None);
        }
        let Some(course) = course.filter(|c| c.communes > 0) else {
            return Ok(None);
        };
        let footing = course.footing;
        let with_course = |l: &Latest<'s>| {
            let figures = regular_figures(l.c, i);
            (figures.len() >= 2).then(|| History {
                name: l.c.info.name.clone(),
                figures,
            })
        };
        // Only the communes drawn are read again: the course counted and took the median of
        // all of them once for the whole build.
        let mut histories: Vec<History<'s>> = if course.communes <= ALL_UP_TO {
            ranked.iter().filter_map(with_course).collect()
        } else {
            let mut ends: Vec<History> = ranked.iter().filter_map(with_course).take(ENDS).collect();
            let mut last: Vec<History> = ranked
                .iter()
                .rev()
                .filter_map(with_course)
                .take(ENDS)
                .collect();
            last.reverse();
            ends.extend(last);
            ends
        };
        for h in &mut histories {
            for (p, x) in &mut h.figures {
                *x = footing.apply(*x, p);
            }
        }
        let median = &course.median;
        let drawn: &[History] = &histories;
        let median_name = self.t("timeline_median");
        let median_drawn = median.len() >= 2;
        // The median is drawn first in the table, as its own column.
        let mut columns: Vec<String> = Vec::new();
        if median_drawn {
            columns.push(median_name.clone());
        }
        columns.extend(drawn.iter().map(|h| h.name.clone()));

        let point = |p: &Period, x: f64| TrendPoint {
            start: p.info.start,
            end: p.info.end,
            value: x,
            label: String::new(),
        };
        let median_points: Vec<TrendPoint> = median
            .iter()
            .map(|(day, x)| TrendPoint {
                start: *day,
                end: *day,
                value: *x,
                label: String::new(),
            })
            .collect();
        let commune_points: Vec<Vec<TrendPoint>> = drawn
            .iter()
            .map(|h| h.figures.iter().map(|(p, x)| point(p, *x)).collect())
            .collect();
        let mut lines: Vec<Line> = Vec::new();
        if median_drawn {
            lines.push(Line {
                name: &median_name,
                points: &median_points,
                emphasis: true,
            });
        }
        lines.extend(drawn.iter().zip(&commune_points).map(|(h, points)| Line {
            name: &h.name,
            points,
            emphasis: false,
        }));

        let name = ind.name.get(self.lang).to_string();
        let all = drawn.len() == course.communes;
        // A chart saved on its own still says its figures are not as reported.
        let title_key = match footing {
            Footing::Per30Days => "timeline_title_per_30_days",
            _ => "timeline_title",
        };
        let title = self.tf(title_key, &[("indicator", &name)]);
        let rows = self.timeline_rows(ind, footing, median_drawn.then_some(median), drawn);
        let alt = self.timeline_alt(ind, footing, drawn, course.communes, median_drawn);
        let mut note = Vec::new();
        if !all {
            note.push(self.tf(
                "timeline_note_ends",
                &[
                    ("ends", &format::count(ENDS as f64, self.lang)),
                    ("count", &format::count(course.communes as f64, self.lang)),
                ],
            ));
        }
        if footing == Footing::Per30Days {
            note.push(self.t("timeline_per_30_days"));
        }
        let goal = match footing {
            Footing::Per30Days => None,
            _ => place.goal,
        };
        let format_y = |x: f64| self.axis_label(ind, x);
        let lang = self.lang;
        let format_date = |d: NaiveDate| format::date(d, lang);
        let svg = charts::lines_svg(&Lines {
            title: &title,
            description: &alt,
            lines: &lines,
            target: goal.as_ref().map(|(x, l)| (*x, l.as_str())),
            y_range: percent_range(ind),
            format_y: &format_y,
            format_date: &format_date,
        });
        self.write_chart(&place.chart, &svg)?;
        Ok(Some(TimelineView {
            src: relative(from, &place.chart),
            title,
            alt,
            note: note.join(" "),
            first: self.t("timeline_period"),
            columns,
            rows,
            data_href: relative(from, place.data),
        }))
    }

    /// The table of a timeline: one row per day a drawn figure ends on, oldest first.
    fn timeline_rows(
        &self,
        ind: &Indicator,
        footing: Footing,
        median: Option<&BTreeMap<NaiveDate, f64>>,
        drawn: &[History],
    ) -> Vec<TimelineRow> {
        let mut days: BTreeMap<NaiveDate, Vec<&Period>> = BTreeMap::new();
        for h in drawn {
            for (p, _) in &h.figures {
                days.entry(p.info.end).or_default().push(p);
            }
        }
        let text = |x: Option<f64>| {
            x.map(|x| self.compared_text(ind, x, footing))
                .unwrap_or_default()
        };
        days.into_iter()
            .map(|(day, periods)| {
                // A day all of whose periods are the same window is named by that window.
                let same = periods
                    .iter()
                    .all(|p| p.info.start == periods[0].info.start);
                let period = match same {
                    true => self.period_label(&periods[0].info),
                    false => self.tf("timeline_until", &[("date", &format::date(day, self.lang))]),
                };
                let mut values = Vec::new();
                if let Some(m) = median {
                    values.push(text(m.get(&day).copied()));
                }
                values.extend(drawn.iter().map(|h| {
                    text(
                        h.figures
                            .iter()
                            .rev()
                            .find(|(p, _)| p.info.end == day)
                            .map(|(_, x)| *x),
                    )
                }));
                TimelineRow { period, values }
            })
            .collect()
    }

    /// What a timeline shows, in words: who is drawn, over which days, each one's first and
    /// last figure.
    fn timeline_alt(
        &self,
        ind: &Indicator,
        footing: Footing,
        drawn: &[History],
        of: usize,
        median: bool,
    ) -> String {
        let fmt = |x: f64| self.compared_text(ind, x, footing);
        let each: Vec<String> = drawn
            .iter()
            .filter_map(|h| {
                let (first, last) = (h.figures.first()?, h.figures.last()?);
                Some(self.tf(
                    "timeline_alt_commune",
                    &[
                        ("commune", &h.name),
                        ("first", &fmt(first.1)),
                        ("first_period", &self.period_label(&first.0.info)),
                        ("last", &fmt(last.1)),
                        ("last_period", &self.period_label(&last.0.info)),
                    ],
                ))
            })
            .collect();
        let mut alt = self.tf(
            "timeline_alt",
            &[
                ("indicator", ind.name.get(self.lang)),
                ("count", &format::count(drawn.len() as f64, self.lang)),
                ("of", &format::count(of as f64, self.lang)),
                ("communes", &each.join("; ")),
            ],
        );
        if median {
            alt.push(' ');
            alt.push_str(&self.t("timeline_alt_median"));
        }
        alt
    }
}

/// A commune's regular periods with a figure of indicator `i`, oldest first.
fn regular_figures(c: &Commune, i: usize) -> Vec<(&Period, f64)> {
    regular_periods(c)
        .into_iter()
        .filter_map(|p| p.observation(i)?.number().map(|x| (p, x)))
        .collect()
}
