//! A commune's page: key figures with their trend charts, every figure by group and period,
//! notes, warnings, reports and corrections.

use super::paths::{self as path, relative};
use super::renderer::{Renderer, percent_range};
use crate::domain::{IndicatorKind, PeriodKind, Unit, Value};
use crate::format;
use crate::model::{Basis, Commune, Observation, Period, Province};
use crate::render::charts::{self, Shape, Trend, TrendPoint};
use crate::render::downloads::registry::{self, Place};
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn commune(&self, p: &Province, c: &Commune) -> io::Result<()> {
        let path = path::commune(p, c);
        let from = self.out(&path);
        let place = Place::commune(p, c);
        let data_href = relative(&from, &registry::COMMUNE_CSV.path(place));
        // Numbered in page order; a key figure links to the first warning on its figure.
        let mut warned: Vec<(&Period, usize)> = Vec::new();
        let warnings: Vec<WarningView> = c
            .periods
            .iter()
            .flat_map(|period| period.warnings().map(move |(o, w)| (period, o, w)))
            .enumerate()
            .map(|(n, (period, o, w))| {
                warned.push((period, o.indicator()));
                WarningView {
                    anchor: format!("warning-{}", n + 1),
                    period: self.period_label(&period.info),
                    text: self.warning_text(o.indicator(), w),
                }
            })
            .collect();
        let warning_of = |period: &Period, i: usize| {
            let n = warned
                .iter()
                .position(|(p, x)| std::ptr::eq(*p, period) && *x == i)?;
            Some(Link {
                text: self.t("key_warning"),
                href: format!("#warning-{}", n + 1),
            })
        };
        let key_figures = self
            .site
            .headlines()
            .into_iter()
            .map(|i| self.key_figure(&from, p, c, i, &data_href, &warning_of))
            .collect::<io::Result<Vec<_>>>()?;
        let periods = c
            .periods
            .iter()
            .map(|period| PeriodHead {
                anchor: format!("period-{}", period.info.id),
                label: self.period_label(&period.info),
                dates: self.period_dates(&period.info),
                length: format::length(period.info.start, period.info.end, self.lang),
                cumulative: period.info.kind == PeriodKind::Cumulative,
                source: period.info.source.title.clone(),
                report: period
                    .info
                    .source
                    .report
                    .as_ref()
                    .and_then(|r| c.report(r))
                    .map(|r| Link {
                        text: r.title.clone(),
                        href: relative(&from, &self.out(&path::report(p, c, r.id.as_str()))),
                    }),
            })
            .collect();
        let corrected = self
            .site
            .history
            .of_commune(p.info.id.as_str(), c.info.id.as_str());
        let revised = |period: &Period, i: usize| {
            let ind = &self.site.indicators[i].id;
            corrected
                .iter()
                .any(|r| r.key.period == period.info.id && &r.key.indicator == ind)
        };
        let mut notes = Vec::new();
        let mut groups = Vec::new();
        let words = self.cell_words();
        for group in &self.site.groups {
            let rows: Vec<IndicatorRow> = self
                .site
                .indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| ind.group == group.id)
                .filter(|(i, _)| c.periods.iter().any(|p| p.observation(*i).is_some()))
                .map(|(i, ind)| {
                    let cells = c.periods.iter().map(|period| match period.observation(i) {
                        Some(obs) => Cell {
                            revised: !corrected.is_empty() && revised(period, i),
                            // `sort` is for sortable tables; the default commune table is not one.
                            ..self.cell(ind, obs, "", &mut notes, !self.cells_in_rust)
                        },
                        None => Cell::default(),
                    });
                    let (cells, cells_html) = match self.cells_in_rust {
                        true => (Vec::new(), Self::cells_html(cells, &words)),
                        false => (cells.collect(), String::new()),
                    };
                    IndicatorRow {
                        name: ind.name.get(self.lang).into(),
                        href: relative(&from, &self.out(&path::indicator(ind))),
                        unit: self.unit_header(ind),
                        cells,
                        cells_html,
                    }
                })
                .collect();
            if !rows.is_empty() {
                groups.push(GroupTable {
                    name: group.name.get(self.lang).into(),
                    anchor: format!("group-{}", group.id),
                    rows,
                });
            }
        }
        let reports = c
            .reports
            .iter()
            .rev()
            .map(|r| Link {
                text: format!("{} ({})", r.title, format::date(r.date, self.lang)),
                href: relative(&from, &self.out(&path::report(p, c, r.id.as_str()))),
            })
            .collect();
        let data_files = vec![
            Link {
                text: self.t("download_csv"),
                href: data_href.clone(),
            },
            Link {
                text: self.t("download_json"),
                href: relative(&from, &registry::COMMUNE_JSON.path(place)),
            },
        ];
        let view = CommuneView {
            name: c.info.name.clone(),
            kind: self.t(&format!("commune_kind_{}", c.info.kind)),
            province: Link {
                text: p.info.name.clone(),
                href: relative(&from, &self.out(&path::province(p))),
            },
            population: c
                .info
                .population
                .map(|x| format::count(x as f64, self.lang))
                .unwrap_or_default(),
            key_figures,
            periods,
            groups,
            notes,
            warnings,
            reports,
            data_files,
            revisions: self.revisions(&from, corrected.iter(), false),
        };
        let title = format!("{}, {}", c.info.name, p.info.name);
        let description = self.tf(
            "commune_description",
            &[("name", &c.info.name), ("province", &p.info.name)],
        );
        let trail = vec![Link {
            text: p.info.name.clone(),
            href: path::province(p),
        }];
        let common = self.common("commune", &path, title, description, trail);
        self.write_page("commune.html", &from, common, view)
    }

    /// Periods used for a trend: regular windows, or cumulative ones when there is nothing else.
    fn trend_periods<'c>(&self, c: &'c Commune, i: usize) -> Vec<(&'c Period, f64)> {
        let with_value = |kind: PeriodKind| -> Vec<(&'c Period, f64)> {
            c.periods
                .iter()
                .filter(|p| p.info.kind == kind)
                .filter_map(|p| {
                    p.observation(i)
                        .and_then(Observation::number)
                        .map(|x| (p, x))
                })
                .collect()
        };
        let regular = with_value(PeriodKind::Regular);
        if regular.is_empty() {
            with_value(PeriodKind::Cumulative)
        } else {
            regular
        }
    }

    fn key_figure(
        &self,
        from: &str,
        p: &Province,
        c: &Commune,
        i: usize,
        data_href: &str,
        warning_of: &dyn Fn(&Period, usize) -> Option<Link>,
    ) -> io::Result<KeyFigure> {
        let ind = &self.site.indicators[i];
        let name = ind.name.get(self.lang).to_string();
        let href = relative(from, &self.out(&path::indicator(ind)));
        let latest = c.latest(i).and_then(|(period, obs)| {
            obs.value()
                .map(|(value, basis)| (period, obs, value, basis))
        });
        let Some((period, obs, value, basis)) = latest else {
            let goal = TargetView {
                status: "none",
                text: String::new(),
                scope: String::new(),
                source: None,
            };
            return Ok(KeyFigure {
                name,
                href,
                value: self.t("no_data"),
                period: String::new(),
                reported: String::new(),
                target: String::new(),
                status: "none",
                goal,
                warning: None,
                chart: None,
            });
        };
        let reported = match (basis, obs.reported) {
            (Basis::Computed, Some(r @ Value::Number(_))) => {
                self.tf("reported_as", &[("value", &self.value_text(ind, r))])
            }
            _ => String::new(),
        };
        let goal = self.goal(from, (p, c), i, period, value.number());
        let chart = self.trend_chart(from, p, c, i, data_href)?;
        Ok(KeyFigure {
            name,
            href,
            value: self.value_text(ind, value),
            period: self.period_label(&period.info),
            reported,
            target: goal.text.clone(),
            status: goal.status,
            goal,
            warning: warning_of(period, i),
            chart,
        })
    }

    fn trend_chart(
        &self,
        from: &str,
        p: &Province,
        c: &Commune,
        i: usize,
        data_href: &str,
    ) -> io::Result<Option<ChartView>> {
        let ind = &self.site.indicators[i];
        let series = self.trend_periods(c, i);
        if series.is_empty() {
            return Ok(None);
        }
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf(
            "chart_trend_title",
            &[("indicator", &name), ("commune", &c.info.name)],
        );
        let fmt = |x: f64| self.value_text(ind, Value::Number(x));
        let (first, last) = (series[0], series[series.len() - 1]);
        let mut alt = if series.len() == 1 {
            self.tf(
                "chart_alt_single",
                &[
                    ("indicator", &name),
                    ("value", &fmt(first.1)),
                    ("period", &self.period_label(&first.0.info)),
                ],
            )
        } else {
            let change = if ind.unit == Unit::Percent {
                format::points(last.1 - first.1, self.lang)
            } else {
                self.value_text(ind, Value::Number(last.1 - first.1))
            };
            self.tf(
                "chart_alt_trend",
                &[
                    ("indicator", &name),
                    ("first", &fmt(first.1)),
                    ("first_period", &self.period_label(&first.0.info)),
                    ("last", &fmt(last.1)),
                    ("last_period", &self.period_label(&last.0.info)),
                    ("change", &change),
                ],
            )
        };
        if let Some((t, _)) = self.site.target(p, c, i, last.0.info.end) {
            let met = if t.is_met(last.1) {
                "chart_alt_target_met"
            } else {
                "chart_alt_target_not_met"
            };
            let range = self.target_range(ind, t);
            alt = format!("{alt} {}", self.tf(met, &[("target", &range)]));
        }
        let lengths: Vec<i64> = series.iter().map(|(p, _)| p.info.days()).collect();
        let differ = lengths.iter().any(|l| *l != lengths[0]);
        let note = if series.len() == 1 {
            self.t("chart_single_period")
        } else if ind.kind == IndicatorKind::Flow && differ {
            self.t("chart_flow_lengths_differ")
        } else if series[0].0.info.kind == PeriodKind::Cumulative {
            self.t("chart_cumulative")
        } else {
            String::new()
        };
        let points: Vec<TrendPoint> = series
            .iter()
            .map(|(p, x)| TrendPoint {
                start: p.info.start,
                end: p.info.end,
                value: *x,
                label: self.value_cell(ind, Value::Number(*x)),
            })
            .collect();
        let target_label = self.chart_goal((p, c), i, last.0);
        let format_y = |x: f64| self.axis_label(ind, x);
        let lang = self.lang;
        let format_date = |d: chrono::NaiveDate| format::date(d, lang);
        let svg = charts::trend_svg(&Trend {
            title: &title,
            description: &alt,
            points: &points,
            shape: if ind.kind == IndicatorKind::Flow {
                Shape::Span
            } else {
                Shape::Level
            },
            target: target_label.as_ref().map(|(x, l)| (*x, l.as_str())),
            y_range: percent_range(ind),
            format_y: &format_y,
            format_date: &format_date,
        });
        let chart_path = format!(
            "charts/{}/{}/{}.{}.svg",
            p.info.id, c.info.id, ind.id, self.lang
        );
        self.write_chart(&chart_path, &svg)?;
        Ok(Some(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            note,
            rows: series
                .iter()
                .map(|(p, x)| (self.period_label(&p.info), fmt(*x)))
                .collect(),
            data_href: data_href.to_string(),
        }))
    }
}
