//! An indicator's page: its definition, the communes ranked by their latest figure with a chart
//! (on a large site, the national distribution, the provinces and both ends), and each province's
//! ranking on a page of its own.

use super::paths::{self as path, relative};
use super::rankings::{Footing, Latest, Ranking, figures, rank_latest};
use super::renderer::{Renderer, percent_range};
use super::timeline::TimelinePlace;
use crate::base::collate::fold;
use crate::domain::{Indicator, Unit, Value};
use crate::format;
use crate::model::{Commune, Province, round};
use crate::render::charts::{self, Bar, Bars, Histogram, HistogramBin};
use crate::render::downloads::registry;
use crate::render::summary;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn indicator(&self, i: usize) -> io::Result<()> {
        let ind = &self.site.indicators[i];
        let path = path::indicator(ind);
        let from = self.out(&path);
        let link_to = |id: &crate::base::ids::IndicatorId| {
            let other = &self.site.indicators[self.site.indicator_index(id.as_str()).unwrap_or(i)];
            Link {
                text: other.name.get(self.lang).into(),
                href: relative(&from, &self.out(&path::indicator(other))),
            }
        };
        let Ranking {
            with,
            without,
            footing,
        } = self.rankings.national(i);
        let lengths_note = if footing == Footing::Per30Days {
            self.t("ranking_lengths_differ")
        } else {
            String::new()
        };
        // A large site gets the national summary here and each province's full ranking on a
        // page of its own; a small one keeps every commune on this page.
        let (ranking, missing, chart, summary) = if self.summarised {
            let summary = self.indicator_summary(&from, i, &with, footing)?;
            (Vec::new(), Vec::new(), None, Some(summary))
        } else {
            let ranks = summary::ranks(&figures(&with));
            let ranking = with
                .iter()
                .zip(ranks)
                .map(|(e, r)| self.rank_row(&from, ind, e, r, footing))
                .collect();
            let missing = without
                .iter()
                .map(|(p, c)| self.commune_link(&from, p, c))
                .collect();
            let chart = self.indicator_chart(&from, ind, &with, footing)?;
            (ranking, missing, chart, None)
        };
        let timeline = self.timeline(
            &from,
            i,
            &with,
            TimelinePlace {
                chart: format!("charts/indicators/{}.over-time.{}.svg", ind.id, self.lang),
                data: registry::observations(self.site).path,
                goal: self.national_goal(i, newest(&with)),
            },
            Some(self.courses().national(i)),
        )?;
        let view = IndicatorView {
            name: ind.name.get(self.lang).into(),
            group: self
                .site
                .groups
                .iter()
                .find(|g| g.id == ind.group)
                .map(|g| g.name.get(self.lang).to_string())
                .unwrap_or_default(),
            description: ind
                .description
                .as_ref()
                .map(|d| d.get(self.lang).to_string())
                .unwrap_or_default(),
            unit: self.unit_words(ind),
            kind: self.t(&format!("kind_{}", ind.kind.as_str())),
            better: self.t(&format!("better_{}", ind.better.as_str())),
            formula: ind.ratio.as_ref().map(|(n, d)| (link_to(n), link_to(d))),
            part_of: ind.part_of.as_ref().map(link_to),
            // Kept for themes written before `targets`: the catalogue's own target.
            target: ind
                .target
                .as_ref()
                .map(|t| self.target_range(ind, t))
                .unwrap_or_default(),
            target_note: ind
                .target
                .as_ref()
                .and_then(|t| t.note.as_ref())
                .map(|n| n.get(self.lang).to_string())
                .unwrap_or_default(),
            targets: self.target_rows(&from, i),
            ranking,
            missing,
            lengths_note,
            chart,
            timeline,
            summary,
            revisions: self.revisions(
                &from,
                self.site
                    .history
                    .revisions
                    .iter()
                    .filter(|r| r.key.indicator == ind.id),
                true,
            ),
        };
        let title = ind.name.get(self.lang).to_string();
        let description = view.description.clone();
        let trail = vec![Link {
            text: self.t("indicators"),
            href: path::indicators(),
        }];
        let common = self.common("indicator", &path, title, description, trail);
        self.write_page("indicator.html", &from, common, view)
    }

    /// "Diễn Châu, Nghệ An" linking to the commune page.
    fn commune_link(&self, from: &str, p: &Province, c: &Commune) -> Link {
        Link {
            text: format!("{}, {}", c.info.name, p.info.name),
            href: relative(from, &self.out(&path::commune(p, c))),
        }
    }

    /// The national picture of an indicator on a large site: distribution, provinces, both ends.
    fn indicator_summary(
        &self,
        from: &str,
        i: usize,
        with: &[Latest],
        footing: Footing,
    ) -> io::Result<IndicatorSummary> {
        let ind = &self.site.indicators[i];
        let values = figures(with);
        let total = self.site.communes().count();
        let provinces = self
            .site
            .provinces
            .iter()
            .enumerate()
            .map(|(n, p)| {
                // The province's latest figures on the national footing, made once a build.
                let vals = self.rankings.provincial(n, i);
                let stats = summary::stats(vals);
                let without = p.communes.len() - vals.len();
                ProvinceSpread {
                    name: p.info.name.clone(),
                    href: relative(from, &self.out(&path::province(p))),
                    search: fold(&p.info.name),
                    with_data: format::count(vals.len() as f64, self.lang),
                    with_data_sort: vals.len(),
                    without_data: format::count(without as f64, self.lang),
                    without_data_sort: without,
                    median: self.median_cell(ind, vals),
                    lowest: self.figure_cell(ind, stats.map(|s| s.min)),
                    highest: self.figure_cell(ind, stats.map(|s| s.max)),
                    ranking: Link {
                        text: self.tf("province_ranking_link", &[("province", &p.info.name)]),
                        href: relative(from, &self.out(&path::indicator_province(ind, p))),
                    },
                }
            })
            .collect();
        let n = summary::INDICATOR_EXTREMES;
        let ends = self.ends(from, ind, with, n, footing);
        Ok(IndicatorSummary {
            sentence: self.spread_sentence(ind, &values, total, footing),
            distribution: self.distribution_chart(from, ind, &values, newest(with))?,
            unit: self.compared_unit(ind, footing),
            provinces,
            top_caption: self.tf(
                "extremes_top",
                &[("count", &format::count(n as f64, self.lang))],
            ),
            top: ends.top,
            top_more: ends.top_more,
            bottom_caption: self.tf(
                "extremes_bottom",
                &[("count", &format::count(n as f64, self.lang))],
            ),
            bottom: ends.bottom,
            bottom_more: ends.bottom_more,
        })
    }

    /// The ranking of one province's communes on one indicator (large sites).
    pub(super) fn indicator_province(&self, i: usize, p: &Province) -> io::Result<()> {
        let ind = &self.site.indicators[i];
        let path = path::indicator_province(ind, p);
        let from = self.out(&path);
        let Ranking {
            with,
            without,
            footing,
        } = rank_latest(p.communes.iter().map(|c| (p, c)), i, ind);
        let values = figures(&with);
        let ranks = summary::ranks(&values);
        let name = ind.name.get(self.lang).to_string();
        let timeline = self.timeline(
            &from,
            i,
            &with,
            TimelinePlace {
                chart: format!(
                    "charts/indicators/{}/{}.over-time.{}.svg",
                    ind.id, p.info.id, self.lang
                ),
                data: registry::observations(self.site).path,
                goal: self.province_goal(p, i, newest(&with)),
            },
            self.province_index(p)
                .map(|n| self.courses().provincial(n, i)),
        )?;
        let view = IndicatorProvinceView {
            name: name.clone(),
            indicator: Link {
                text: name.clone(),
                href: relative(&from, &self.out(&path::indicator(ind))),
            },
            province: Link {
                text: p.info.name.clone(),
                href: relative(&from, &self.out(&path::province(p))),
            },
            unit: self.unit_words(ind),
            unit_header: self.compared_unit(ind, footing),
            sentence: self.spread_sentence(ind, &values, p.communes.len(), footing),
            // every row is of this province: the province under each name would only repeat
            ranking: self
                .rank_rows(&from, ind, &with, &ranks, 0..with.len(), footing)
                .into_iter()
                .map(|r| RankRow {
                    province: String::new(),
                    ..r
                })
                .collect(),
            missing: without
                .iter()
                .map(|(p, c)| Link {
                    text: c.info.name.clone(),
                    href: relative(&from, &self.out(&path::commune(p, c))),
                })
                .collect(),
            lengths_note: if footing == Footing::Per30Days {
                self.t("ranking_lengths_differ")
            } else {
                String::new()
            },
            timeline,
        };
        let args = [
            ("indicator", name.as_str()),
            ("province", p.info.name.as_str()),
        ];
        let title = self.tf("indicator_province_title", &args);
        let named = self.province_named(p);
        let description = self.tf(
            "indicator_province_description",
            &[("indicator", name.as_str()), ("province", named.as_str())],
        );
        let trail = vec![
            Link {
                text: self.t("indicators"),
                href: path::indicators(),
            },
            Link {
                text: name,
                href: path::indicator(ind),
            },
        ];
        let common = self.common("indicator-province", &path, title, description, trail);
        self.write_page("indicator-province.html", &from, common, view)
    }

    /// "120 of 130 communes have a figure; median 57,06%, lowest 12%, highest 99,5%."
    fn spread_sentence(
        &self,
        ind: &Indicator,
        values: &[f64],
        total: usize,
        footing: Footing,
    ) -> String {
        let Some(s) = summary::stats(values) else {
            return self.t("spread_none");
        };
        let count = format::count(s.count as f64, self.lang);
        let total = format::count(total as f64, self.lang);
        if ind.unit == Unit::Yesno {
            let yes = values.iter().filter(|x| **x != 0.0).count();
            let yes = format::count(yes as f64, self.lang);
            return self.tf(
                "spread_sentence_yesno",
                &[("count", &count), ("total", &total), ("yes", &yes)],
            );
        }
        self.tf(
            "spread_sentence",
            &[
                ("count", &count),
                ("total", &total),
                ("median", &self.median_compared(ind, s.median, footing)),
                ("min", &self.compared_text(ind, s.min, footing)),
                ("max", &self.compared_text(ind, s.max, footing)),
            ],
        )
    }

    /// A median standing alone, on the footing of the figures it is the median of.
    fn median_compared(&self, ind: &Indicator, x: f64, footing: Footing) -> String {
        match footing {
            Footing::Per30Days => self.compared_text(ind, x, footing),
            _ => self.median_words(ind, x),
        }
    }

    /// A median standing alone: like [`Self::value_text`], but a median of counts may be a half.
    fn median_words(&self, ind: &Indicator, x: f64) -> String {
        match (ind.unit, &ind.unit_label) {
            (Unit::Count, Some(l)) => {
                format!("{} {}", format::number(x, 1, self.lang), l.get(self.lang))
            }
            (Unit::Count, None) => format::number(x, 1, self.lang),
            _ => self.value_text(ind, Value::Number(x)),
        }
    }

    /// One commune's figure (a lowest or highest) in a table whose header carries the unit.
    fn figure_cell(&self, ind: &Indicator, x: Option<f64>) -> SummaryCell {
        match x {
            Some(x) => SummaryCell {
                value: self.value_cell(ind, Value::Number(x)),
                sort: format::plain(round(x, 6)),
                count: String::new(),
            },
            None => SummaryCell::default(),
        }
    }

    /// A bin's range in words, for the rows of a distribution's data table: `10%–20%`,
    /// `200–300 triệu đồng`, and for whole numbers the numbers it holds: `3`, `100–199`.
    fn bin_text(&self, ind: &Indicator, b: &summary::Bin) -> String {
        if b.whole {
            let last = b.hi - 1.0;
            let range = if last > b.lo {
                format!(
                    "{}–{}",
                    format::count(b.lo, self.lang),
                    format::count(last, self.lang)
                )
            } else {
                format::count(b.lo, self.lang)
            };
            return match &ind.unit_label {
                Some(l) if ind.unit == Unit::Count => format!("{range} {}", l.get(self.lang)),
                _ => range,
            };
        }
        self.range_text(ind, b.lo, b.hi)
    }

    /// A range of values in words: `10%–20%`, `200–300 triệu đồng`.
    fn range_text(&self, ind: &Indicator, lo: f64, hi: f64) -> String {
        let lang = self.lang;
        let (a, b, unit) = match ind.unit {
            Unit::Percent => (format::percent(lo, lang), format::percent(hi, lang), None),
            Unit::Vnd => (
                format::money_in_millions(lo, lang),
                format::money_in_millions(hi, lang),
                Some(format::money_column_unit(lang).to_string()),
            ),
            _ => (
                format::number(lo, 2, lang),
                format::number(hi, 2, lang),
                ind.unit_label.as_ref().map(|l| l.get(lang).to_string()),
            ),
        };
        let range = if hi > lo { format!("{a}–{b}") } else { a };
        match unit {
            Some(u) => format!("{range} {u}"),
            None => range,
        }
    }

    /// The histogram of the communes' latest figures (large sites).
    fn distribution_chart(
        &self,
        from: &str,
        ind: &Indicator,
        values: &[f64],
        day: chrono::NaiveDate,
    ) -> io::Result<Option<ChartView>> {
        let Some(s) = summary::stats(values) else {
            return Ok(None);
        };
        if ind.unit == Unit::Yesno {
            return Ok(None);
        }
        let bins = summary::bins(
            values,
            percent_range(ind),
            summary::HISTOGRAM_BINS,
            ind.unit == Unit::Count,
        );
        // the first of the fullest bins, for the text alternative
        let Some(most) = bins
            .iter()
            .fold(None, |best: Option<&summary::Bin>, b| match best {
                Some(m) if m.count >= b.count => Some(m),
                _ => Some(b),
            })
        else {
            return Ok(None);
        };
        let count = |n: usize| format::count(n as f64, self.lang);
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf("chart_distribution_title", &[("indicator", &name)]);
        let alt = self.tf(
            "chart_alt_distribution",
            &[
                ("indicator", &name),
                ("count", &count(s.count)),
                ("median", &self.median_words(ind, s.median)),
                ("min", &self.value_text(ind, Value::Number(s.min))),
                ("max", &self.value_text(ind, Value::Number(s.max))),
                ("most", &count(most.count)),
                ("range", &self.bin_text(ind, most)),
            ],
        );
        let hbins: Vec<HistogramBin> = bins
            .iter()
            .map(|b| HistogramBin {
                lo: b.lo,
                hi: b.hi,
                count: b.count,
                count_label: count(b.count),
            })
            .collect();
        let i = self.site.indicator_index(ind.id.as_str()).unwrap_or(0);
        let target_label = self.national_goal(i, day);
        let format_x = |x: f64| self.axis_label(ind, x);
        let format_y = |x: f64| format::number(x, 1, self.lang);
        let svg = charts::histogram_svg(&Histogram {
            title: &title,
            description: &alt,
            bins: &hbins,
            target: target_label.as_ref().map(|(x, l)| (*x, l.as_str())),
            format_x: &format_x,
            format_y: &format_y,
        });
        let chart_path = format!(
            "charts/indicators/{}.distribution.{}.svg",
            ind.id, self.lang
        );
        self.write_chart(&chart_path, &svg)?;
        Ok(Some(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            note: self.t(if bins.iter().all(|b| b.whole) {
                "chart_bins_note_whole"
            } else {
                "chart_bins_note"
            }),
            rows: bins
                .iter()
                .map(|b| (self.bin_text(ind, b), count(b.count)))
                .collect(),
            data_href: relative(from, registry::observations(self.site).path),
        }))
    }

    fn indicator_chart(
        &self,
        from: &str,
        ind: &Indicator,
        with: &[Latest],
        footing: Footing,
    ) -> io::Result<Option<ChartView>> {
        if with.is_empty() || ind.unit == Unit::Yesno {
            return Ok(None);
        }
        let name = ind.name.get(self.lang).to_string();
        let title = self.tf("chart_compare_title", &[("indicator", &name)]);
        let labels: Vec<String> = with.iter().map(|w| w.c.info.name.clone()).collect();
        let bars: Vec<Bar> = with
            .iter()
            .zip(&labels)
            .map(|(w, label)| Bar {
                label,
                value: w.x,
                value_label: match footing {
                    Footing::Per30Days => format::number(w.x, 1, self.lang),
                    _ => self.value_cell(ind, Value::Number(w.x)),
                },
                highlight: false,
            })
            .collect();
        let best = &with[0];
        let worst = &with[with.len() - 1];
        let alt = self.tf(
            "chart_alt_compare",
            &[
                ("indicator", &name),
                ("count", &format::count(with.len() as f64, self.lang)),
                ("first", &best.c.info.name),
                ("first_value", &self.compared_text(ind, best.x, footing)),
                ("last", &worst.c.info.name),
                ("last_value", &self.compared_text(ind, worst.x, footing)),
            ],
        );
        let i = self.site.indicator_index(ind.id.as_str()).unwrap_or(0);
        let target_label = self.national_goal(i, newest(with));
        let format_x = |x: f64| self.axis_label(ind, x);
        let svg = charts::bars_svg(&Bars {
            title: &title,
            description: &alt,
            bars: &bars,
            target: target_label.as_ref().map(|(x, l)| (*x, l.as_str())),
            x_range: percent_range(ind),
            format_x: &format_x,
        });
        let chart_path = format!("charts/indicators/{}.{}.svg", ind.id, self.lang);
        self.write_chart(&chart_path, &svg)?;
        Ok(Some(ChartView {
            src: relative(from, &chart_path),
            title,
            alt,
            note: match footing {
                Footing::Per30Days => self.t("chart_bars_per_30_days"),
                _ => String::new(),
            },
            rows: with
                .iter()
                .map(|w| (w.c.info.name.clone(), self.compared_text(ind, w.x, footing)))
                .collect(),
            data_href: relative(from, registry::observations(self.site).path),
        }))
    }
}

/// The last day of the newest period among communes' latest figures: the day a target drawn
/// over all of them must apply to.
fn newest(with: &[Latest]) -> chrono::NaiveDate {
    with.iter()
        .map(|w| w.period.info.end)
        .max()
        .unwrap_or_default()
}
