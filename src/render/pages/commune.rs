//! A commune's page: key figures with their trend charts, every figure by group and period,
//! notes, warnings, reports and corrections.

use super::paths::{self as path, relative};
use super::rankings::{Footing, per_1000, place_among};
use super::renderer::{Renderer, percent_range};
use crate::domain::{Better, IndicatorKind, PeriodKind, Unit, Value};
use crate::format;
use crate::model::{Basis, Commune, Observation, Period, Province, round};
use crate::render::charts::{self, Shape, Strip, Trend, TrendPoint};
use crate::render::downloads::registry::{self, Place};
use crate::render::summary;
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
                let n = format::count(rows.len() as f64, self.lang);
                groups.push(GroupTable {
                    name: group.name.get(self.lang).into(),
                    anchor: format!("group-{}", group.id),
                    count: self.tn("group_count", rows.len(), &[("count", &n)]),
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
            &[
                ("name", &self.commune_named(c)),
                ("province", &self.province_named(p)),
            ],
        );
        let trail = vec![Link {
            text: p.info.name.clone(),
            href: path::province(p),
        }];
        let common = self.common("commune", &path, title, description, trail);
        self.write_page("commune.html", &from, common, view)
    }

    /// The commune's regular periods with a figure of indicator `i`, oldest first: what a trend
    /// and a change compare. Cumulative windows overlap one another, so they never are.
    fn comparable_periods<'c>(&self, c: &'c Commune, i: usize) -> Vec<(&'c Period, f64)> {
        c.periods
            .iter()
            .filter(|p| p.info.kind == PeriodKind::Regular)
            .filter_map(|p| {
                p.observation(i)
                    .and_then(Observation::number)
                    .map(|x| (p, x))
            })
            .collect()
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
                compare: Vec::new(),
                change: String::new(),
                strip: None,
                chart: None,
            });
        };
        let reported = match (basis, obs.reported) {
            (Basis::Computed, Some(r @ Value::Number(_))) => {
                self.tf("reported_as", &[("value", &self.value_text(ind, r))])
            }
            _ => String::new(),
        };
        let x = value.number();
        let goal = self.goal(from, (p, c), i, period, x);
        let (compare, strip) = match x {
            Some(x) if ind.unit != Unit::Yesno => {
                self.where_it_stands(from, (p, c), i, period, x, data_href)?
            }
            _ => (Vec::new(), None),
        };
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
            compare,
            change: self.change(c, i, period),
            strip,
            chart: self.trend_chart(from, p, c, i, data_href)?,
        })
    }

    /// Where figure `x` of the commune stands among the others: its rank and the median in its
    /// province and on the site (each among the communes with a figure, on one footing), and
    /// the strip that draws it among them with the median and its target.
    fn where_it_stands(
        &self,
        from: &str,
        (p, c): (&Province, &Commune),
        i: usize,
        period: &Period,
        x: f64,
        data_href: &str,
    ) -> io::Result<(Vec<String>, Option<ChartView>)> {
        let ind = &self.site.indicators[i];
        let footing = self.rankings.footing(i);
        let cx = footing.apply(x, period);
        let national = self.rankings.national_values(i);
        let provincial = self
            .province_index(p)
            .map(|n| self.rankings.provincial(n, i))
            .unwrap_or_default();
        let line = |values: &[f64], key: &str, unranked: &str| -> String {
            let median = summary::stats(values)
                .map(|s| self.compared_text(ind, s.median, footing))
                .unwrap_or_default();
            let count = format::count(values.len() as f64, self.lang);
            let args = |rank: String| {
                vec![
                    ("rank", rank),
                    ("count", count.clone()),
                    ("median", median.clone()),
                    ("province", self.province_named(p)),
                ]
            };
            let tf = |key: &str, args: Vec<(&str, String)>| {
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                self.tf(key, &args)
            };
            match ind.better {
                Better::None => tf(unranked, args(String::new())),
                _ => {
                    let (rank, _) = place_among(values, cx, ind);
                    tf(key, args(format::count(rank as f64, self.lang)))
                }
            }
        };
        let mut compare = Vec::new();
        // A province of one commune with a figure says nothing; nor does it when it is the site.
        if provincial.len() >= 2 && provincial.len() < national.len() {
            compare.push(line(
                provincial,
                "compare_province",
                "compare_province_unranked",
            ));
        }
        if national.len() >= 2 {
            compare.push(line(national, "compare_site", "compare_site_unranked"));
        }
        if let Some(text) = self.per_1000_line(c, i, cx, footing) {
            compare.push(text);
        }
        if national.len() < 2 {
            return Ok((compare, None));
        }
        let strip = self.strip_chart(
            from,
            (p, c),
            i,
            period,
            (x, cx),
            national,
            footing,
            data_href,
        )?;
        Ok((compare, Some(strip)))
    }

    /// "Tính trên 1.000 dân: 2,5 hồ sơ / 30 ngày · hạng 3/12 xã có số dân · trung vị 2,1": a
    /// flow against the others per 1,000 inhabitants, when the commune and at least one other
    /// give their population. `cx` is the figure on the site's `footing`.
    fn per_1000_line(&self, c: &Commune, i: usize, cx: f64, footing: Footing) -> Option<String> {
        let ind = &self.site.indicators[i];
        let mine = per_1000(cx, c)?;
        let values = self.rankings.per_1000(i);
        if values.len() < 2 {
            return None;
        }
        let text = |v: f64| self.per_1000_text(ind, v, footing);
        let median = summary::stats(values).map(|s| text(s.median))?;
        let count = format::count(values.len() as f64, self.lang);
        let (key, rank) = match ind.better {
            Better::None => ("compare_per_1000_unranked", String::new()),
            _ => (
                "compare_per_1000",
                format::count(place_among(values, mine, ind).0 as f64, self.lang),
            ),
        };
        Some(self.tf(
            key,
            &[
                ("value", &text(mine)),
                ("rank", &rank),
                ("count", &count),
                ("median", &median),
            ],
        ))
    }

    /// The strip of a key figure: the commune's figure among the site's, the median and the
    /// target that applies to it.
    #[allow(clippy::too_many_arguments)]
    fn strip_chart(
        &self,
        from: &str,
        (p, c): (&Province, &Commune),
        i: usize,
        period: &Period,
        (x, cx): (f64, f64),
        values: &[f64],
        footing: Footing,
        data_href: &str,
    ) -> io::Result<ChartView> {
        let ind = &self.site.indicators[i];
        let name = ind.name.get(self.lang).to_string();
        let stats = summary::stats(values);
        let text = |v: f64| self.compared_text(ind, v, footing);
        let this_label = format!("{} {}", c.info.name, text(cx));
        let median = stats.map(|s| {
            (
                s.median,
                self.tf("chart_median_label", &[("value", &text(s.median))]),
            )
        });
        // A target is drawn only where the figures are as reported: it is set on them.
        let target = match footing {
            Footing::Per30Days => None,
            _ => self.chart_goal((p, c), i, period),
        };
        let count = format::count(values.len() as f64, self.lang);
        let title = self.tf(
            "chart_strip_title",
            &[
                ("indicator", &name),
                ("commune", &c.info.name),
                ("count", &count),
            ],
        );
        let mut alt = self.tf(
            "chart_alt_strip",
            &[
                ("indicator", &name),
                ("commune", &self.commune_named(c)),
                ("value", &text(cx)),
                ("count", &count),
                ("median", &stats.map(|s| text(s.median)).unwrap_or_default()),
                ("min", &stats.map(|s| text(s.min)).unwrap_or_default()),
                ("max", &stats.map(|s| text(s.max)).unwrap_or_default()),
            ],
        );
        if let Some((t, _)) = self.site.target(p, c, i, period.info.end)
            && footing != Footing::Per30Days
        {
            let key = if t.is_met(x) {
                "chart_alt_target_met"
            } else {
                "chart_alt_target_not_met"
            };
            alt = format!(
                "{alt} {}",
                self.tf(key, &[("target", &self.target_range(ind, t))])
            );
        }
        let format_x = |v: f64| self.axis_label(ind, v);
        let svg = charts::strip_svg(&Strip {
            title: &title,
            description: &alt,
            values,
            this: (cx, &this_label),
            median: median.as_ref().map(|(v, l)| (*v, l.as_str())),
            target: target.as_ref().map(|(v, l)| (*v, l.as_str())),
            x_range: percent_range(ind),
            format_x: &format_x,
        });
        let chart_path = format!(
            "charts/{}/{}/{}.compare.{}.svg",
            p.info.id, c.info.id, ind.id, self.lang
        );
        self.write_chart(&chart_path, &svg)?;
        let mut rows = vec![(c.info.name.clone(), text(cx))];
        if let Some(s) = stats {
            rows.extend([
                (self.t("median"), text(s.median)),
                (self.t("lowest"), text(s.min)),
                (self.t("highest"), text(s.max)),
            ]);
        }
        if let Some((v, label)) = &target {
            rows.push((label.clone(), self.value_text(ind, Value::Number(*v))));
        }
        Ok(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            // How to read the strip is said once, above the key figures; only what differs
            // from it is said here.
            note: match footing {
                Footing::Per30Days => self.t("chart_strip_per_30_days"),
                _ if values.len() > charts::STRIP_MAX_DOTS => self.t("chart_strip_note_box"),
                _ => String::new(),
            },
            rows,
            data_href: data_href.to_string(),
        })
    }

    /// The change of the figure since the commune's previous regular period: "+2,3 điểm % so
    /// với Tháng 12/2025" (flows of periods of different lengths per 30 days, said so); empty
    /// when the latest figure is a running total or there is no period before it.
    fn change(&self, c: &Commune, i: usize, latest: &Period) -> String {
        let ind = &self.site.indicators[i];
        if latest.info.kind != PeriodKind::Regular || ind.unit == Unit::Yesno {
            return String::new();
        }
        let series = self.comparable_periods(c, i);
        let Some(at) = series.iter().position(|(p, _)| std::ptr::eq(*p, latest)) else {
            return String::new();
        };
        let Some(&(before, b)) = at.checked_sub(1).and_then(|k| series.get(k)) else {
            return String::new();
        };
        let x = series[at].1;
        let per_30 = ind.kind == IndicatorKind::Flow && before.info.days() != latest.info.days();
        let (x, b) = match per_30 {
            true => (
                Footing::Per30Days.apply(x, latest),
                Footing::Per30Days.apply(b, before),
            ),
            false => (x, b),
        };
        let delta = x - b;
        let period = self.period_label(&before.info);
        if round(delta, 6) == 0.0 {
            return self.tf("change_none", &[("period", &period)]);
        }
        let amount = match (ind.unit, per_30) {
            (Unit::Percent, _) => format::points(delta, self.lang),
            (_, true) => {
                let sign = if delta > 0.0 { "+" } else { "" };
                format!(
                    "{sign}{}",
                    self.compared_text(ind, delta, Footing::Per30Days)
                )
            }
            _ => {
                let sign = if delta > 0.0 { "+" } else { "" };
                format!("{sign}{}", self.value_text(ind, Value::Number(delta)))
            }
        };
        self.tf("change_since", &[("change", &amount), ("period", &period)])
    }

    /// A commune's trend: drawn only from three regular periods on (fewer say nothing a table
    /// does not); flows of periods of different lengths per 30 days.
    fn trend_chart(
        &self,
        from: &str,
        p: &Province,
        c: &Commune,
        i: usize,
        data_href: &str,
    ) -> io::Result<Option<ChartView>> {
        let ind = &self.site.indicators[i];
        let series = self.comparable_periods(c, i);
        if series.len() < MIN_TREND_PERIODS || ind.unit == Unit::Yesno {
            return Ok(None);
        }
        let differ = series
            .iter()
            .any(|(p, _)| p.info.days() != series[0].0.info.days());
        let footing = match ind.kind == IndicatorKind::Flow && differ {
            true => Footing::Per30Days,
            false => Footing::AsReported,
        };
        let series: Vec<(&Period, f64)> = series
            .into_iter()
            .map(|(p, x)| (p, footing.apply(x, p)))
            .collect();
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf(
            "chart_trend_title",
            &[("indicator", &name), ("commune", &c.info.name)],
        );
        let fmt = |x: f64| self.compared_text(ind, x, footing);
        let (first, last) = (series[0], series[series.len() - 1]);
        let change = if ind.unit == Unit::Percent {
            format::points(last.1 - first.1, self.lang)
        } else {
            fmt(last.1 - first.1)
        };
        let mut alt = self.tf(
            "chart_alt_trend",
            &[
                ("indicator", &name),
                ("first", &fmt(first.1)),
                ("first_period", &self.period_label(&first.0.info)),
                ("last", &fmt(last.1)),
                ("last_period", &self.period_label(&last.0.info)),
                ("change", &change),
            ],
        );
        let target = self.site.target(p, c, i, last.0.info.end);
        if let Some((t, _)) = target
            && footing != Footing::Per30Days
        {
            let met = if t.is_met(last.1) {
                "chart_alt_target_met"
            } else {
                "chart_alt_target_not_met"
            };
            let range = self.target_range(ind, t);
            alt = format!("{alt} {}", self.tf(met, &[("target", &range)]));
        }
        let note = match footing {
            Footing::Per30Days => self.t("chart_flow_lengths_differ"),
            _ => String::new(),
        };
        let points: Vec<TrendPoint> = series
            .iter()
            .map(|(p, x)| TrendPoint {
                start: p.info.start,
                end: p.info.end,
                value: *x,
                label: match footing {
                    Footing::Per30Days => format::number(*x, 1, self.lang),
                    _ => self.value_cell(ind, Value::Number(*x)),
                },
            })
            .collect();
        let target_label = match footing {
            Footing::Per30Days => None,
            _ => self.chart_goal((p, c), i, last.0),
        };
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

/// A trend is drawn from this many regular periods on.
const MIN_TREND_PERIODS: usize = 3;
