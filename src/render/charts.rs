//! Charts as standalone, accessible SVG documents drawn with `plotters`.
//!
//! The caller formats every number and writes every word (in the page's language); this module
//! only lays them out. Every chart is a complete SVG document with a `viewBox` and no fixed size,
//! so it scales from a 360 px phone to a wide screen; it carries `<title>` and `<desc>` for
//! assistive technology, an Okabe–Ito palette that stays distinguishable in greyscale, and a
//! `prefers-color-scheme: dark` style block. The same input always gives the same bytes.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A point at each period's end date, the points joined by a line (stocks, rates).
    Level,
    /// A flat segment from the start to the end of each period at its value (flows), with end
    /// caps; different periods are never joined, so periods of different length look different.
    Span,
}

/// One observation of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period.
    pub end: NaiveDate,
    /// The value; non-finite values are skipped.
    pub value: f64,
    /// The formatted value, e.g. `97,6%`, shown next to the last point.
    pub label: String,
}

/// A time series chart.
pub struct Trend<'a> {
    /// Goes into `<title>` and is shown at the top.
    pub title: &'a str,
    /// Text alternative; goes into `<desc>`.
    pub description: &'a str,
    /// Sorted by end date; one point is allowed (a single marker is drawn).
    pub points: &'a [TrendPoint],
    /// How the series is drawn.
    pub shape: Shape,
    /// Reference line: value and short label, e.g. `Mục tiêu 100%`.
    pub target: Option<(f64, &'a str)>,
    /// Value axis range, e.g. `Some((0.0, 100.0))` for a percentage; `None` = from 0 to about
    /// 1.1 × the largest value, rounded to a nice number. Widened if the data fall outside.
    pub y_range: Option<(f64, f64)>,
    /// Value axis tick labels in the page's number format, e.g. `14.722`, `50%`.
    pub format_y: &'a dyn Fn(f64) -> String,
    /// Date axis tick labels, e.g. `01/2026` or `19/01/2026`.
    pub format_date: &'a dyn Fn(NaiveDate) -> String,
}

/// One row of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar<'a> {
    /// Row name, e.g. a commune name (long names are cut at 28 characters with `…`).
    pub label: &'a str,
    /// The value; a non-finite value draws the row without a bar.
    pub value: f64,
    /// The formatted value shown at the end of the bar.
    pub value_label: String,
    /// Drawn in vermillion, hatched and outlined, with a bold name.
    pub highlight: bool,
}

/// A horizontal bar chart, one row per bar, in the given order.
pub struct Bars<'a> {
    /// Goes into `<title>` and is shown at the top.
    pub title: &'a str,
    /// Text alternative; goes into `<desc>`.
    pub description: &'a str,
    /// Already sorted by the caller.
    pub bars: &'a [Bar<'a>],
    /// Reference line: value and short label.
    pub target: Option<(f64, &'a str)>,
    /// Value axis range; `None` = from 0 to about 1.1 × the largest value, rounded.
    pub x_range: Option<(f64, f64)>,
    /// Value axis tick labels in the page's number format.
    pub format_x: &'a dyn Fn(f64) -> String,
}

/// One bar of a distribution chart: how many figures fall between two values.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramBin {
    /// Lower edge (included).
    pub lo: f64,
    /// Upper edge (excluded, except for the last bin); equal to `lo` for a bin of equal figures.
    pub hi: f64,
    /// Number of figures in the bin.
    pub count: usize,
    /// The count formatted, shown above the bar when it fits.
    pub count_label: String,
}

/// A distribution chart: vertical bars of equal width side by side over a value axis.
pub struct Histogram<'a> {
    /// Goes into `<title>` and is shown at the top.
    pub title: &'a str,
    /// Text alternative; goes into `<desc>`.
    pub description: &'a str,
    /// Bins in increasing order of value, side by side.
    pub bins: &'a [HistogramBin],
    /// Reference line across the value axis: value and short label.
    pub target: Option<(f64, &'a str)>,
    /// Value axis tick labels (the bin edges) in the page's number format.
    pub format_x: &'a dyn Fn(f64) -> String,
    /// Count axis tick labels in the page's number format.
    pub format_y: &'a dyn Fn(f64) -> String,
}

// ---------------------------------------------------------------------------------------------
// Design constants. The charts are designed at 640 px wide and scale with their container.

const WIDTH: u32 = 480;
const TREND_HEIGHT: u32 = 320;
const PAD: i32 = 12;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
const TITLE_PX: f64 = 19.0;
const TITLE_LINE: i32 = 24;
const TITLE_LINES: usize = 2;
const TEXT_PX: f64 = 17.0;
/// Counts over the bars of a histogram.
const COUNT_PX: f64 = 15.0;
const LINE: i32 = 22;
const TICK: i32 = 4;
/// Height of the date / value axis label area under a plot.
const AXIS_AREA: i32 = 2 * TICK + 20 + 6;
const ROW: i32 = 36;
const BAR: i32 = 24;
const NAME_CHARS: usize = 22;
const VALUE_CHARS: usize = 18;
const TARGET_CHARS: usize = 24;
const MAX_TICKS: usize = 6;

// Colours: plotters writes them as `#RRGGBB`; the dark-mode style block selects on them.
const BG: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
const INK: RGBColor = RGBColor(0x1F, 0x1F, 0x1F);
const SUB: RGBColor = RGBColor(0x4A, 0x4A, 0x4A);
const GRID: RGBColor = RGBColor(0xDE, 0xDE, 0xDE);
const TARGET: RGBColor = RGBColor(0x3D, 0x3D, 0x3D);
const DATA: RGBColor = RGBColor(0x00, 0x72, 0xB2); // Okabe–Ito blue
const HIGHLIGHT: RGBColor = RGBColor(0xD5, 0x5E, 0x00); // Okabe–Ito vermillion
const HATCH: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

const STYLE: &str = "@media (prefers-color-scheme: dark) {\
rect[fill=\"#FFFFFF\"] { fill: #16181D; }\
[fill=\"#1F1F1F\"] { fill: #ECECEC; }\
[stroke=\"#1F1F1F\"] { stroke: #ECECEC; }\
[fill=\"#4A4A4A\"] { fill: #C4C4C4; }\
[stroke=\"#4A4A4A\"] { stroke: #9E9E9E; }\
[stroke=\"#DEDEDE\"] { stroke: #3A3F47; }\
[fill=\"#3D3D3D\"] { fill: #D2D2D2; }\
[stroke=\"#3D3D3D\"] { stroke: #D2D2D2; }\
[fill=\"#0072B2\"] { fill: #56B4E9; }\
[stroke=\"#0072B2\"] { stroke: #56B4E9; }\
}";

type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), String>;

fn draw_err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

// ---------------------------------------------------------------------------------------------
// Trend

/// Draws a time series as a standalone SVG document.
pub fn trend_svg(chart: &Trend) -> String {
    let mut points: Vec<&TrendPoint> = chart
        .points
        .iter()
        .filter(|p| p.value.is_finite())
        .collect();
    points.sort_by_key(|p| (p.end, p.start));
    let title = title_lines(chart.title);
    if points.is_empty() {
        return empty_svg(chart.title, chart.description, &title);
    }
    let plan = plan_trend(chart, &points, &title);
    render(WIDTH, plan.height, chart.title, chart.description, |root| {
        draw_title(root, &title)?;
        draw_trend(root, chart, &points, &plan)
    })
}

struct TrendPlan {
    height: u32,
    top: i32,
    right: i32,
    y_area: i32,
    x_axis: Axis,
    y_axis: Axis,
    x_labels: Vec<(f64, String)>,
    target: Option<(f64, String)>,
    last_label: String,
}

fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn plan_trend(chart: &Trend, points: &[&TrendPoint], title: &[String]) -> TrendPlan {
    let height = TREND_HEIGHT;
    let target = chart
        .target
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (v, truncate(&clean(l), TARGET_CHARS)));
    let last_label = points
        .last()
        .map(|p| truncate(&clean(&p.label), VALUE_CHARS))
        .unwrap_or_default();

    // Value axis: its tick spacing depends only on the plot height, known from the layout.
    let top = PAD + title.len() as i32 * TITLE_LINE + 10 + LINE / 2;
    let plot_h = (height as i32 - top - AXIS_AREA - PAD / 2).max(40);
    let values: Vec<f64> = points
        .iter()
        .map(|p| p.value)
        .chain(target.as_ref().map(|t| t.0))
        .collect();
    let format_y = chart.format_y;
    let y_axis = value_axis(&values, chart.y_range, &|ticks, axis| {
        ticks.len() < 2 || axis.step_px(plot_h) >= f64::from(LINE)
    });
    let y_tick_width = y_axis
        .ticks
        .iter()
        .map(|&v| text_width(&clean(&format_y(v)), TEXT_PX, false))
        .fold(0.0, f64::max);

    // Date axis: candidate ticks are the dates the data are about.
    let (lo, hi) = match chart.shape {
        Shape::Level => (day(points[0].end), day(points[points.len() - 1].end)),
        Shape::Span => {
            let lo = points
                .iter()
                .map(|p| day(p.start.min(p.end)))
                .min()
                .unwrap_or(0);
            let hi = points
                .iter()
                .map(|p| day(p.end.max(p.start)))
                .max()
                .unwrap_or(0);
            (lo, hi)
        }
    };
    let (x_lo, x_hi) = if lo == hi {
        (f64::from(lo) - 30.0, f64::from(hi) + 30.0)
    } else if points.len() == 1 {
        // A single period: show it as a period, with room on both sides.
        let pad = (f64::from(hi - lo) * 0.15).max(3.0);
        (f64::from(lo) - pad, f64::from(hi) + pad)
    } else {
        let span = f64::from(hi - lo);
        let pad = match chart.shape {
            Shape::Level => (span * 0.04).max(1.0),
            Shape::Span => (span * 0.02).max(1.0),
        };
        (f64::from(lo) - pad, f64::from(hi))
    };
    let mut candidates: Vec<i32> = match chart.shape {
        Shape::Level => points.iter().map(|p| day(p.end)).collect(),
        Shape::Span => points
            .iter()
            .flat_map(|p| [day(p.start), day(p.end)])
            .collect(),
    };
    candidates.sort_unstable();
    candidates.dedup();
    let format_date = chart.format_date;
    let labelled: Vec<(f64, String, f64)> = candidates
        .iter()
        .filter_map(|&d| NaiveDate::from_num_days_from_ce_opt(d).map(|date| (d, date)))
        .map(|(d, date)| {
            let text = clean(&format_date(date));
            let w = text_width(&text, TEXT_PX, false);
            (f64::from(d), text, w)
        })
        .collect();

    // Margins: the right one holds the last value's label and the target's label.
    let last_tick_half = labelled.last().map(|l| l.2 / 2.0).unwrap_or(0.0);
    let first_tick_half = labelled.first().map(|l| l.2 / 2.0).unwrap_or(0.0);
    let margin_labels = text_width(&last_label, TEXT_PX, true).max(
        target
            .as_ref()
            .map(|t| text_width(&t.1, TEXT_PX, false))
            .unwrap_or(0.0),
    );
    let right = (margin_labels + 18.0)
        .max(last_tick_half + 4.0)
        .max(16.0)
        .ceil() as i32;
    let y_area = (y_tick_width + f64::from(2 * TICK) + 6.0)
        .max(first_tick_half - f64::from(PAD) + 4.0)
        .ceil() as i32;
    let plot_w = (WIDTH as i32 - PAD - y_area - right).max(40);
    let x_axis_px = Axis {
        lo: x_lo,
        hi: x_hi,
        ticks: vec![],
    };
    let x_labels = pick_ticks(&labelled, |v| x_axis_px.to_px(v, plot_w));
    let x_axis = Axis {
        ticks: x_labels.iter().map(|l| l.0).collect(),
        ..x_axis_px
    };

    TrendPlan {
        height,
        top,
        right,
        y_area,
        x_axis,
        y_axis,
        x_labels,
        target,
        last_label,
    }
}

/// Keeps the first and last candidate and as many in between as fit without overlapping,
/// at most [`MAX_TICKS`].
fn pick_ticks(cands: &[(f64, String, f64)], px: impl Fn(f64) -> f64) -> Vec<(f64, String)> {
    let fits = |a: &(f64, String, f64), b: &(f64, String, f64)| {
        (px(b.0) - px(a.0)).abs() >= (a.2 + b.2) / 2.0 + 14.0
    };
    let Some(last) = cands.last() else {
        return vec![];
    };
    let mut chosen: Vec<&(f64, String, f64)> = Vec::new();
    if cands.len() > 1 && fits(&cands[0], last) {
        chosen.push(&cands[0]);
        for c in &cands[1..cands.len() - 1] {
            if chosen.len() + 1 >= MAX_TICKS {
                break;
            }
            if chosen.last().is_none_or(|p| fits(p, c)) && fits(c, last) {
                chosen.push(c);
            }
        }
    }
    chosen.push(last);
    chosen.into_iter().map(|c| (c.0, c.1.clone())).collect()
}

fn draw_trend(root: &Root, chart: &Trend, points: &[&TrendPoint], plan: &TrendPlan) -> DrawResult {
    let mut ctx = ChartBuilder::on(root)
        .margin_top(plan.top)
        .margin_right(plan.right)
        .margin_left(PAD)
        .margin_bottom(PAD / 2)
        .x_label_area_size(AXIS_AREA)
        .y_label_area_size(plan.y_area)
        .build_cartesian_2d(plan.x_axis.clone(), plan.y_axis.clone())
        .map_err(draw_err)?;

    let x_label = |v: &f64| {
        plan.x_labels
            .iter()
            .find(|l| (l.0 - v).abs() < 0.5)
            .map(|l| l.1.clone())
            .unwrap_or_default()
    };
    let y_label = |v: &f64| clean(&(chart.format_y)(*v));
    ctx.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(SUB.stroke_width(1))
        .set_all_tick_mark_size(TICK)
        .label_style(text_style(TEXT_PX, false, SUB, HPos::Center, VPos::Center))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .draw()
        .map_err(draw_err)?;

    let coord = ctx.as_coord_spec().clone();
    let at = |d: NaiveDate, v: f64| coord.translate(&(f64::from(day(d)), v));
    let (plot_left, _) = coord.translate(&(plan.x_axis.lo, plan.y_axis.lo));
    let (plot_right, _) = coord.translate(&(plan.x_axis.hi, plan.y_axis.lo));

    // Target line first, so the data are drawn over it.
    let mut target_at = None;
    if let Some((value, label)) = &plan.target {
        let (_, y) = at(points[0].end, *value);
        root.draw(&DashedPathElement::new(
            vec![(plot_left, y), (plot_right, y)],
            7,
            5,
            TARGET.stroke_width(2),
        ))
        .map_err(draw_err)?;
        target_at = Some((y, label.as_str(), text_width(label, TEXT_PX, false)));
    }

    match chart.shape {
        Shape::Level => {
            let data: Vec<(f64, f64)> = points
                .iter()
                .map(|p| (f64::from(day(p.end)), p.value))
                .collect();
            if data.len() > 1 {
                ctx.draw_series(LineSeries::new(data.iter().copied(), DATA.stroke_width(3)))
                    .map_err(draw_err)?;
            }
            // Smaller markers when the points are dense, so they do not merge into a blob.
            let spacing = f64::from(plot_right - plot_left) / data.len() as f64;
            let radius: u32 = if spacing >= 16.0 {
                5
            } else if spacing >= 8.0 {
                3
            } else {
                2
            };
            ctx.draw_series(data.iter().map(|&c| Circle::new(c, radius, DATA.filled())))
                .map_err(draw_err)?;
        }
        Shape::Span => {
            for p in points {
                let (mut x0, y) = at(p.start.min(p.end), p.value);
                let (mut x1, _) = at(p.end.max(p.start), p.value);
                if x1 - x0 >= 8 {
                    // A hair of space so that adjacent periods never look joined.
                    x0 += 1;
                    x1 -= 1;
                } else {
                    let mid = (x0 + x1) / 2;
                    x0 = mid - 3;
                    x1 = mid + 3;
                }
                let path = vec![
                    (x0, y - 6),
                    (x0, y + 6),
                    (x0, y),
                    (x1, y),
                    (x1, y - 6),
                    (x1, y + 6),
                ];
                root.draw(&PathElement::new(path, DATA.stroke_width(3)))
                    .map_err(draw_err)?;
            }
        }
    }

    // Labels: the last value next to its point, the target's name at the end of its line.
    let Some(last) = points.last() else {
        return Ok(());
    };
    let (lx, ly) = at(last.end.max(last.start), last.value);
    let last_w = text_width(&plan.last_label, TEXT_PX, true);
    let mut last_pos = (lx + 10, ly, HPos::Left, VPos::Center);
    let mut target_pos = target_at.map(|(y, _, _)| (plot_right + 8, y));
    if let (Some((ty, _, tw)), Some((tx, _))) = (target_at, target_pos) {
        let last_left = f64::from(last_pos.0);
        let overlap_x = last_left < f64::from(tx) + tw && f64::from(tx) < last_left + last_w;
        let dy = (ly - ty).abs();
        let target_value = plan.target.as_ref().map(|t| t.0).unwrap_or(0.0);
        if overlap_x && dy < LINE {
            // Both labels in the right margin: push them apart vertically.
            let shift = (LINE - dy + 1) / 2;
            let (new_ly, new_ty) = if last.value > target_value {
                (ly - shift, ty + shift)
            } else {
                (ly + shift, ty - shift)
            };
            last_pos.1 = new_ly;
            target_pos = Some((tx, new_ty));
        } else if lx + 10 < plot_right && dy < LINE / 2 + 2 {
            // The label sits inside the plot, on the target line: move it off the line.
            last_pos = if last.value > target_value {
                (lx, ly - 9, HPos::Center, VPos::Bottom)
            } else {
                (lx, ly + 9, HPos::Center, VPos::Top)
            };
        }
    }
    let bounds = |y: i32| y.clamp(LINE / 2, plan.height as i32 - LINE / 2);
    if let (Some((_, label, _)), Some((tx, ty))) = (target_at, target_pos) {
        let style = text_style(TEXT_PX, false, TARGET, HPos::Left, VPos::Center);
        root.draw(&Text::new(label, (tx, bounds(ty)), style))
            .map_err(draw_err)?;
    }
    let style = text_style(TEXT_PX, true, INK, last_pos.2, last_pos.3);
    root.draw(&Text::new(
        plan.last_label.as_str(),
        (last_pos.0, bounds(last_pos.1)),
        style,
    ))
    .map_err(draw_err)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bars

/// Draws a horizontal bar chart as a standalone SVG document; its height grows with the rows.
pub fn bars_svg(chart: &Bars) -> String {
    let title = title_lines(chart.title);
    if chart.bars.is_empty() {
        return empty_svg(chart.title, chart.description, &title);
    }
    let rows: Vec<BarRow> = chart
        .bars
        .iter()
        .map(|b| BarRow {
            name: truncate(&clean(b.label), NAME_CHARS),
            value: b.value.is_finite().then_some(b.value),
            label: truncate(&clean(&b.value_label), VALUE_CHARS),
            highlight: b.highlight,
        })
        .collect();
    let target = chart
        .target
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (v, truncate(&clean(l), TARGET_CHARS)));

    let name_w = rows
        .iter()
        .map(|r| text_width(&r.name, TEXT_PX, r.highlight))
        .fold(0.0, f64::max);
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, TEXT_PX, r.highlight))
        .fold(0.0, f64::max);
    let left = PAD + name_w.ceil() as i32 + 10;
    let right = (label_w + 18.0).ceil() as i32;
    let plot_w = (WIDTH as i32 - left - right).max(40);
    let top =
        PAD + title.len() as i32 * TITLE_LINE + 8 + if target.is_some() { LINE + 4 } else { 4 };
    let height = (top + rows.len() as i32 * ROW + AXIS_AREA + PAD / 2) as u32;

    let values: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.value)
        .chain(target.as_ref().map(|t| t.0))
        .collect();
    let format_x = chart.format_x;
    let x_axis = value_axis(&values, chart.x_range, &|ticks, axis| {
        let widest = ticks
            .iter()
            .map(|&v| text_width(&clean(&format_x(v)), TEXT_PX, false))
            .fold(0.0, f64::max);
        ticks.len() < 2 || axis.step_px(plot_w) >= widest + 14.0
    });
    let plan = BarsPlan {
        top,
        left,
        right,
        x_axis,
        target,
    };
    render(WIDTH, height, chart.title, chart.description, |root| {
        draw_title(root, &title)?;
        draw_bars(root, chart, &rows, &plan)
    })
}

struct BarRow {
    name: String,
    value: Option<f64>,
    label: String,
    highlight: bool,
}

struct BarsPlan {
    top: i32,
    left: i32,
    right: i32,
    x_axis: Axis,
    target: Option<(f64, String)>,
}

fn draw_bars(root: &Root, chart: &Bars, rows: &[BarRow], plan: &BarsPlan) -> DrawResult {
    let n = rows.len() as f64;
    let y_axis = Axis {
        lo: 0.0,
        hi: n,
        ticks: vec![],
    };
    let mut ctx = ChartBuilder::on(root)
        .margin_top(plan.top)
        .margin_right(plan.right)
        .margin_left(plan.left)
        .margin_bottom(PAD / 2)
        .x_label_area_size(AXIS_AREA)
        .build_cartesian_2d(plan.x_axis.clone(), y_axis)
        .map_err(draw_err)?;
    let x_label = |v: &f64| clean(&(chart.format_x)(*v));
    ctx.configure_mesh()
        .disable_y_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(SUB.stroke_width(1))
        .set_all_tick_mark_size(TICK)
        .label_style(text_style(TEXT_PX, false, SUB, HPos::Center, VPos::Center))
        .x_label_formatter(&x_label)
        .draw()
        .map_err(draw_err)?;

    let lo = plan.x_axis.lo;
    let zero = 0.0_f64.clamp(lo, plan.x_axis.hi);
    let (x_zero, plot_top) = ctx.backend_coord(&(zero, n));
    let (_, plot_bottom) = ctx.backend_coord(&(zero, 0.0));
    root.draw(&PathElement::new(
        vec![(x_zero, plot_top), (x_zero, plot_bottom)],
        SUB.stroke_width(1),
    ))
    .map_err(draw_err)?;

    let target_x = plan
        .target
        .as_ref()
        .map(|(v, _)| ctx.backend_coord(&(*v, 0.0)).0);
    for (i, row) in rows.iter().enumerate() {
        let (_, row_top) = ctx.backend_coord(&(lo, n - i as f64));
        let (_, row_bottom) = ctx.backend_coord(&(lo, n - i as f64 - 1.0));
        let cy = (row_top + row_bottom) / 2;
        let (y0, y1) = (cy - BAR / 2, cy + BAR / 2);
        let mut label_x = x_zero + 6;
        if let Some(value) = row.value {
            let (xv, _) = ctx.backend_coord(&(value, 0.0));
            let (x0, x1) = (xv.min(x_zero), xv.max(x_zero));
            let fill = if row.highlight { HIGHLIGHT } else { DATA };
            if x1 > x0 {
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()))
                    .map_err(draw_err)?;
            }
            if row.highlight {
                draw_hatch(root, (x0, y0), (x1, y1))?;
                root.draw(&Rectangle::new(
                    [(x0, y0), (x1.max(x0 + 2), y1)],
                    INK.stroke_width(2),
                ))
                .map_err(draw_err)?;
            }
            label_x = x1 + 6;
        }
        // Keep the value label clear of the dashed target line.
        if let Some(tx) = target_x {
            let w = text_width(&row.label, TEXT_PX, row.highlight).ceil() as i32;
            if label_x <= tx + 4 && tx < label_x + w {
                label_x = tx + 6;
            }
        }
        let name_style = text_style(TEXT_PX, row.highlight, INK, HPos::Right, VPos::Center);
        root.draw(&Text::new(
            row.name.as_str(),
            (plan.left - 10, cy),
            name_style,
        ))
        .map_err(draw_err)?;
        let label_style = text_style(TEXT_PX, row.highlight, INK, HPos::Left, VPos::Center);
        root.draw(&Text::new(row.label.as_str(), (label_x, cy), label_style))
            .map_err(draw_err)?;
    }

    if let (Some((_, label)), Some(tx)) = (&plan.target, target_x) {
        root.draw(&DashedPathElement::new(
            vec![(tx, plot_top - 6), (tx, plot_bottom)],
            7,
            5,
            TARGET.stroke_width(2),
        ))
        .map_err(draw_err)?;
        let w = text_width(label, TEXT_PX, false);
        let half = (w / 2.0).ceil() as i32;
        let right_edge = WIDTH as i32 - PAD / 2;
        let (x, h) = if tx + half > right_edge {
            ((tx + 6).min(right_edge), HPos::Right)
        } else if tx - half < PAD {
            ((tx - 6).max(PAD), HPos::Left)
        } else {
            (tx, HPos::Center)
        };
        let style = text_style(TEXT_PX, false, TARGET, h, VPos::Bottom);
        root.draw(&Text::new(label.as_str(), (x, plot_top - 10), style))
            .map_err(draw_err)?;
    }
    Ok(())
}

/// White diagonal stripes across a highlighted bar, so it differs by pattern, not colour alone.
fn draw_hatch(root: &Root, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) -> DrawResult {
    const GAP: i32 = 8;
    let mut k = x0 + y0 + GAP / 2;
    while k < x1 + y1 {
        // Points with x + y = k inside the rectangle.
        let xa = x0.max(k - y1);
        let xb = x1.min(k - y0);
        if xb - xa >= 2 {
            root.draw(&PathElement::new(
                vec![(xa, k - xa), (xb, k - xb)],
                HATCH.stroke_width(2),
            ))
            .map_err(draw_err)?;
        }
        k += GAP;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Histogram

/// Draws a distribution (how many communes fall in each range of values) as a standalone SVG
/// document of fixed height, whatever the number of communes behind it.
pub fn histogram_svg(chart: &Histogram) -> String {
    let title = title_lines(chart.title);
    let bins: Vec<&HistogramBin> = chart
        .bins
        .iter()
        .filter(|b| b.lo.is_finite() && b.hi.is_finite() && b.hi >= b.lo)
        .collect();
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        return empty_svg(chart.title, chart.description, &title);
    };
    // A single bin of equal figures has no width: give it one around its value.
    let (lo, hi) = if last.hi > first.lo {
        (first.lo, last.hi)
    } else {
        let half = (first.lo.abs() * 0.1).max(1.0);
        (first.lo - half, first.lo + half)
    };
    let target = chart
        .target
        .filter(|(v, _)| v.is_finite() && (lo..=hi).contains(v))
        .map(|(v, l)| (v, truncate(&clean(l), TARGET_CHARS)));
    let top =
        PAD + title.len() as i32 * TITLE_LINE + 10 + if target.is_some() { LINE + 4 } else { 4 };
    let height = TREND_HEIGHT + if target.is_some() { LINE as u32 } else { 0 };
    let plot_h = (height as i32 - top - AXIS_AREA - PAD / 2).max(40);
    let counts: Vec<f64> = bins.iter().map(|b| b.count as f64).collect();
    let format_y = chart.format_y;
    let y_axis = value_axis(&counts, None, &|ticks, axis| {
        ticks.len() < 2 || axis.step_px(plot_h) >= f64::from(LINE)
    });
    let y_area = y_axis
        .ticks
        .iter()
        .map(|&v| text_width(&clean(&format_y(v)), TEXT_PX, false))
        .fold(0.0, f64::max);
    let mut edges: Vec<f64> = bins.iter().map(|b| b.lo).collect();
    edges.push(last.hi);
    edges.dedup();
    let labelled: Vec<(f64, String, f64)> = edges
        .iter()
        .map(|&e| {
            let text = clean(&(chart.format_x)(e));
            let w = text_width(&text, TEXT_PX, false);
            (e, text, w)
        })
        .collect();
    let first_half = labelled.first().map(|l| l.2 / 2.0).unwrap_or(0.0);
    let last_half = labelled.last().map(|l| l.2 / 2.0).unwrap_or(0.0);
    let y_area = (y_area + f64::from(2 * TICK) + 6.0)
        .max(first_half - f64::from(PAD) + 4.0)
        .ceil() as i32;
    let right = (last_half + 4.0).max(16.0).ceil() as i32;
    let plot_w = (WIDTH as i32 - PAD - y_area - right).max(40);
    let x_px = Axis {
        lo,
        hi,
        ticks: vec![],
    };
    let x_labels = stride_ticks(&labelled, |v| x_px.to_px(v, plot_w));
    let plan = HistogramPlan {
        top,
        right,
        y_area,
        x_axis: Axis {
            ticks: x_labels.iter().map(|l| l.0).collect(),
            ..x_px
        },
        y_axis,
        x_labels,
        target,
    };
    render(WIDTH, height, chart.title, chart.description, |root| {
        draw_title(root, &title)?;
        draw_histogram(root, chart, &bins, &plan)
    })
}

/// Every edge, or every second, third… edge from the first, whichever is the first stride whose
/// labels fit without overlapping: regular steps read better than a gap in the middle.
fn stride_ticks(cands: &[(f64, String, f64)], px: impl Fn(f64) -> f64) -> Vec<(f64, String)> {
    let fits = |a: &(f64, String, f64), b: &(f64, String, f64)| {
        (px(b.0) - px(a.0)).abs() >= (a.2 + b.2) / 2.0 + 14.0
    };
    for stride in 1..=cands.len().max(1) {
        let chosen: Vec<&(f64, String, f64)> = cands.iter().step_by(stride).collect();
        if chosen.windows(2).all(|w| fits(w[0], w[1])) {
            return chosen.into_iter().map(|c| (c.0, c.1.clone())).collect();
        }
    }
    cands
        .first()
        .map(|c| vec![(c.0, c.1.clone())])
        .unwrap_or_default()
}

struct HistogramPlan {
    top: i32,
    right: i32,
    y_area: i32,
    x_axis: Axis,
    y_axis: Axis,
    x_labels: Vec<(f64, String)>,
    target: Option<(f64, String)>,
}

fn draw_histogram(
    root: &Root,
    chart: &Histogram,
    bins: &[&HistogramBin],
    plan: &HistogramPlan,
) -> DrawResult {
    let mut ctx = ChartBuilder::on(root)
        .margin_top(plan.top)
        .margin_right(plan.right)
        .margin_left(PAD)
        .margin_bottom(PAD / 2)
        .x_label_area_size(AXIS_AREA)
        .y_label_area_size(plan.y_area)
        .build_cartesian_2d(plan.x_axis.clone(), plan.y_axis.clone())
        .map_err(draw_err)?;
    let x_label = |v: &f64| {
        plan.x_labels
            .iter()
            .find(|l| (l.0 - v).abs() <= (plan.x_axis.hi - plan.x_axis.lo) * 1e-9)
            .map(|l| l.1.clone())
            .unwrap_or_default()
    };
    let y_label = |v: &f64| clean(&(chart.format_y)(*v));
    ctx.configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(SUB.stroke_width(1))
        .set_all_tick_mark_size(TICK)
        .label_style(text_style(TEXT_PX, false, SUB, HPos::Center, VPos::Center))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .draw()
        .map_err(draw_err)?;

    let at = |x: f64, y: f64| ctx.backend_coord(&(x, y));
    let (_, plot_top) = at(plan.x_axis.lo, plan.y_axis.hi);
    let (_, plot_bottom) = at(plan.x_axis.lo, plan.y_axis.lo);
    for bin in bins {
        let (lo, hi) = if bin.hi > bin.lo {
            (bin.lo, bin.hi)
        } else {
            let quarter = (plan.x_axis.hi - plan.x_axis.lo) / 4.0;
            (bin.lo - quarter, bin.lo + quarter)
        };
        let (x0, y) = at(lo, bin.count as f64);
        let (x1, y0) = at(hi, 0.0);
        // A hair of space between neighbours, so that each bar reads as its own range.
        let (x0, x1) = if x1 - x0 > 4 {
            (x0 + 1, x1 - 1)
        } else {
            (x0, x1)
        };
        if bin.count > 0 && y < y0 {
            root.draw(&Rectangle::new([(x0, y), (x1, y0)], DATA.filled()))
                .map_err(draw_err)?;
        }
        // Counts above the bars in a smaller size, so that four digits fit over a tenth of
        // the width; a count that does not fit is left to the data table.
        let label = truncate(&clean(&bin.count_label), VALUE_CHARS);
        if bin.count > 0 && text_width(&label, COUNT_PX, false) <= f64::from(x1 - x0 + 12) {
            let style = text_style(COUNT_PX, false, INK, HPos::Center, VPos::Bottom);
            root.draw(&Text::new(label, ((x0 + x1) / 2, y - 4), style))
                .map_err(draw_err)?;
        }
    }
    if let Some((value, label)) = &plan.target {
        let (tx, _) = at(*value, 0.0);
        root.draw(&DashedPathElement::new(
            vec![(tx, plot_top - 6), (tx, plot_bottom)],
            7,
            5,
            TARGET.stroke_width(2),
        ))
        .map_err(draw_err)?;
        let half = (text_width(label, TEXT_PX, false) / 2.0).ceil() as i32;
        let right_edge = WIDTH as i32 - PAD / 2;
        let (x, h) = if tx + half > right_edge {
            ((tx + 6).min(right_edge), HPos::Right)
        } else if tx - half < PAD {
            ((tx - 6).max(PAD), HPos::Left)
        } else {
            (tx, HPos::Center)
        };
        let style = text_style(TEXT_PX, false, TARGET, h, VPos::Bottom);
        root.draw(&Text::new(label.as_str(), (x, plot_top - 10), style))
            .map_err(draw_err)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Axes

/// A linear axis with the tick values chosen by this module (plotters draws the mesh from them).
#[derive(Clone, Debug)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    fn to_px(&self, v: f64, len: i32) -> f64 {
        (v - self.lo) / (self.hi - self.lo) * f64::from(len)
    }

    /// Distance in pixels between two ticks when the axis is `len` pixels long.
    fn step_px(&self, len: i32) -> f64 {
        match self.ticks.as_slice() {
            [a, b, ..] => self.to_px(*b, len) - self.to_px(*a, len),
            _ => f64::INFINITY,
        }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        let px = f64::from(limit.0) + t * f64::from(limit.1 - limit.0);
        if px.is_finite() {
            px.round() as i32
        } else {
            limit.0
        }
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Only bold points: one grid line per labelled tick, no light lines in between.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// Nice tick steps: 1, 2, 2.5, 5 × 10^k, in increasing order from the first one at least `raw`.
fn nice_steps(raw: f64) -> impl Iterator<Item = f64> {
    let exp = raw.log10().floor() as i32;
    (exp..exp + 12)
        .flat_map(|e| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(e)))
        .filter(move |s| *s >= raw * 0.999_999)
}

/// A value axis covering `values` (which include the target), from the given range if it holds
/// them all, else from zero to about 1.1 × the largest value, widened to nice tick values.
/// `fits` says whether a set of ticks can be labelled without overlaps.
fn value_axis(
    values: &[f64],
    given: Option<(f64, f64)>,
    fits: &dyn Fn(&[f64], &Axis) -> bool,
) -> Axis {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if min.is_finite() && max.is_finite() {
        (min, max)
    } else {
        (0.0, 0.0)
    };
    let given = given.filter(|(a, b)| a.is_finite() && b.is_finite() && a < b);
    let (lo, hi, fixed) = match given {
        Some((a, b)) if a <= min && max <= b => (a, b, true),
        Some((a, b)) => (a.min(min), b.max(max), false),
        None => {
            let lo = if min < 0.0 { min * 1.1 } else { 0.0 };
            let hi = if max > 0.0 { max * 1.1 } else { 0.0 };
            (lo, hi, false)
        }
    };
    let (lo, hi) = if hi - lo > 0.0 {
        (lo, hi)
    } else {
        (lo, lo + 1.0)
    };
    for step in nice_steps((hi - lo) / (MAX_TICKS - 1) as f64) {
        let (a, b) = if fixed {
            (lo, hi)
        } else {
            (
                (lo / step + 1e-9).floor() * step,
                (hi / step - 1e-9).ceil() * step,
            )
        };
        let first = (a / step - 1e-9).ceil() as i64;
        let last = (b / step + 1e-9).floor() as i64;
        if last < first || last - first + 1 > MAX_TICKS as i64 {
            continue;
        }
        let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step + 0.0).collect();
        let axis = Axis {
            lo: a,
            hi: b,
            ticks,
        };
        if fits(&axis.ticks, &axis) {
            return axis;
        }
    }
    Axis {
        lo,
        hi,
        ticks: vec![lo],
    }
}

// ---------------------------------------------------------------------------------------------
// Text and document

fn text_style(px: f64, bold: bool, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    // The SVG backend writes `font-size` as size / 1.24.
    TextStyle {
        font: FontDesc::new(FontFamily::Name(FONT), px * 1.24, weight),
        color: color.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

/// A conservative width estimate: 0.6 em a character (0.65 em in bold).
fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    text.chars().count() as f64 * px * if bold { 0.65 } else { 0.6 }
}

/// Removes characters that are not allowed in XML and flattens line breaks.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn escape(text: &str) -> String {
    super::html::escape(&clean(text))
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The title wrapped on words into at most [`TITLE_LINES`] lines that fit the width.
fn title_lines(title: &str) -> Vec<String> {
    let max = ((f64::from(WIDTH) - f64::from(2 * PAD)) / (TITLE_PX * 0.65)).floor() as usize;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut cut = false;
    for word in clean(title).split_whitespace() {
        let mut word = word.to_string();
        loop {
            let len = line.chars().count();
            let need = if len == 0 { 0 } else { len + 1 };
            if need + word.chars().count() <= max {
                if len > 0 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if len > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A single word longer than a line: break it.
            let head: String = word.chars().take(max).collect();
            word = word.chars().skip(max).collect();
            lines.push(head);
        }
        if lines.len() >= TITLE_LINES {
            cut = true;
            break;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > TITLE_LINES || (cut && lines.len() >= TITLE_LINES) {
        lines.truncate(TITLE_LINES);
        if let Some(last) = lines.last_mut() {
            let mut shorter: String = last.chars().take(max.saturating_sub(1)).collect();
            shorter.truncate(shorter.trim_end().len());
            shorter.push('…');
            *last = shorter;
        }
    }
    lines
}

fn draw_title(root: &Root, lines: &[String]) -> DrawResult {
    for (i, line) in lines.iter().enumerate() {
        let style = text_style(TITLE_PX, true, INK, HPos::Left, VPos::Top);
        root.draw(&Text::new(
            line.as_str(),
            (PAD, PAD + i as i32 * TITLE_LINE),
            style,
        ))
        .map_err(draw_err)?;
    }
    Ok(())
}

/// Draws with plotters into a string and wraps the result as an accessible document; a drawing
/// error gives the title-only document.
fn render(
    width: u32,
    height: u32,
    title: &str,
    desc: &str,
    draw: impl FnOnce(&Root) -> DrawResult,
) -> String {
    let mut buf = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
        root.fill(&BG)
            .map_err(draw_err)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(draw_err))
    };
    match result {
        Ok(()) => document(width, height, title, desc, &buf),
        Err(e) => fallback(title, desc, &e),
    }
}

fn empty_svg(title: &str, desc: &str, lines: &[String]) -> String {
    let height = (2 * PAD + lines.len().max(1) as i32 * TITLE_LINE) as u32;
    render(WIDTH, height, title, desc, |root| draw_title(root, lines))
}

fn fallback(title: &str, desc: &str, error: &str) -> String {
    let height = 2 * PAD + TITLE_LINE;
    let body = format!(
        "<!-- chart not drawn: {} -->\n<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\" fill=\"#FFFFFF\"/>\n\
         <text x=\"{PAD}\" y=\"{}\" font-family=\"{}\" font-size=\"{TITLE_PX}\" font-weight=\"bold\" fill=\"#1F1F1F\">{}</text>\n</svg>\n",
        escape(error).replace("--", "- -"),
        PAD + TITLE_LINE - 6,
        escape(FONT),
        escape(&truncate(&clean(title), 60)),
    );
    document(WIDTH, height as u32, title, desc, &format!("<svg>{body}"))
}

/// Replaces plotters' root element (which has a fixed width and height) with an accessible one
/// that only has a `viewBox`, and tidies the font sizes.
fn document(width: u32, height: u32, title: &str, desc: &str, plotters_svg: &str) -> String {
    let body = plotters_svg
        .find("<svg")
        .and_then(|start| {
            plotters_svg[start..]
                .find('>')
                .map(|end| &plotters_svg[start + end + 1..])
        })
        .unwrap_or("\n</svg>\n");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"chart-title chart-desc\">\n<title id=\"chart-title\">{}</title>\n\
         <desc id=\"chart-desc\">{}</desc>\n<style>{STYLE}</style>{}",
        escape(title),
        escape(desc),
        tidy_font_sizes(body)
    )
}

/// `font-size="15.000000000000002"` → `font-size="15"`.
fn tidy_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) if v.is_finite() => out.push_str(&((v * 100.0).round() / 100.0).to_string()),
            _ => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn pct(v: f64) -> String {
        format!("{v}%")
    }

    fn dmy(d: NaiveDate) -> String {
        d.format("%d/%m/%Y").to_string()
    }

    fn point(start: NaiveDate, end: NaiveDate, value: f64) -> TrendPoint {
        TrendPoint {
            start,
            end,
            value,
            label: pct(value),
        }
    }

    fn trend<'a>(
        points: &'a [TrendPoint],
        shape: Shape,
        target: Option<(f64, &'a str)>,
    ) -> Trend<'a> {
        Trend {
            title: "Hồ sơ trực tuyến <xã> & \"phường\"",
            description: "Tỷ lệ tăng từ 91,2% lên 99,89% <b>",
            points,
            shape,
            target,
            y_range: Some((0.0, 100.0)),
            format_y: &pct,
            format_date: &dmy,
        }
    }

    fn monthly() -> Vec<TrendPoint> {
        [91.2, 93.5, 97.6, 96.0, 99.89]
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let m = i as u32 + 1;
                let end = date(2026, m + 1, 1).pred_opt().unwrap_or_default();
                point(date(2026, m, 1), end, v)
            })
            .collect()
    }

    /// Occurrences in the drawing (after the style block, whose selectors name the colours).
    fn count(svg: &str, needle: &str) -> usize {
        let body = svg.split("</style>").nth(1).unwrap_or(svg);
        body.matches(needle).count()
    }

    #[test]
    fn document_is_standalone_and_accessible() {
        let points = monthly();
        let svg = trend_svg(&trend(
            &points,
            Shape::Level,
            Some((100.0, "Mục tiêu 100%")),
        ));
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 320\"")
        );
        let open = &svg[..svg.find('>').unwrap_or(0)];
        assert!(
            !open.contains(" width=") && !open.contains(" height="),
            "{open}"
        );
        assert!(
            open.contains("role=\"img\"")
                && open.contains("aria-labelledby=\"chart-title chart-desc\"")
        );
        let after_open = &svg[open.len() + 1..];
        assert!(
            after_open
                .trim_start()
                .starts_with("<title id=\"chart-title\">")
        );
        assert!(svg.contains("<desc id=\"chart-desc\">"));
        assert!(svg.contains("prefers-color-scheme: dark"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains("Segoe UI"));
    }

    #[test]
    fn title_and_desc_are_escaped() {
        let points = monthly();
        let svg = trend_svg(&trend(&points, Shape::Level, None));
        assert!(svg.contains(
            "<title id=\"chart-title\">Hồ sơ trực tuyến &lt;xã&gt; &amp; &quot;phường&quot;</title>"
        ));
        assert!(
            svg.contains("<desc id=\"chart-desc\">Tỷ lệ tăng từ 91,2% lên 99,89% &lt;b&gt;</desc>")
        );
        assert!(!svg.contains("<xã>") && !svg.contains("<b>"));
        // The visible title is escaped by plotters.
        assert!(svg.contains("Hồ sơ trực tuyến &lt;xã&gt; &amp; &quot;phường&quot;\n</text>"));
    }

    #[test]
    fn target_line_and_label_when_given() {
        let points = monthly();
        let with = trend_svg(&trend(
            &points,
            Shape::Level,
            Some((100.0, "Mục tiêu 100%")),
        ));
        let without = trend_svg(&trend(&points, Shape::Level, None));
        assert!(with.contains("Mục tiêu 100%"));
        assert!(
            count(&with, "stroke=\"#3D3D3D\"") > 10,
            "dashed line made of many dashes"
        );
        assert_eq!(count(&without, "stroke=\"#3D3D3D\""), 0);
        let names = [Bar {
            label: "An Trường",
            value: 99.0,
            value_label: "99%".into(),
            highlight: false,
        }];
        let bars = Bars {
            title: "t",
            description: "d",
            bars: &names,
            target: Some((100.0, "Mục tiêu 100%")),
            x_range: Some((0.0, 100.0)),
            format_x: &pct,
        };
        let svg = bars_svg(&bars);
        assert!(svg.contains("Mục tiêu 100%") && count(&svg, "stroke=\"#3D3D3D\"") > 2);
    }

    #[test]
    fn one_point_chart() {
        let points = [point(date(2026, 1, 1), date(2026, 5, 31), 93.96)];
        let svg = trend_svg(&trend(
            &points,
            Shape::Level,
            Some((100.0, "Mục tiêu 100%")),
        ));
        assert_eq!(count(&svg, "<circle"), 1);
        assert!(svg.contains(">\n93.96%\n</text>"));
        assert!(svg.contains(">\n31/05/2026\n</text>"));
        assert_eq!(
            count(
                &svg,
                "<polyline fill=\"none\" opacity=\"1\" stroke=\"#0072B2\""
            ),
            0
        );
        let span = trend_svg(&trend(&points, Shape::Span, None));
        assert_eq!(count(&span, "stroke=\"#0072B2\""), 1);
    }

    #[test]
    fn empty_charts_have_only_the_title() {
        let svg = trend_svg(&trend(&[], Shape::Level, Some((100.0, "Mục tiêu"))));
        assert!(svg.contains("viewBox") && svg.contains("Hồ sơ trực tuyến"));
        assert!(!svg.contains("<line") && !svg.contains("<polyline") && !svg.contains("Mục tiêu"));
        let nan = [point(date(2026, 1, 1), date(2026, 1, 31), f64::NAN)];
        assert_eq!(
            trend_svg(&trend(&nan, Shape::Span, None)),
            trend_svg(&trend(&[], Shape::Span, None))
        );
        let bars = Bars {
            title: "Xã",
            description: "",
            bars: &[],
            target: None,
            x_range: None,
            format_x: &pct,
        };
        let svg = bars_svg(&bars);
        assert!(svg.contains(">\nXã\n</text>") && !svg.contains("<line"));
    }

    #[test]
    fn deterministic() {
        let points = monthly();
        let a = trend_svg(&trend(&points, Shape::Span, Some((100.0, "Mục tiêu 100%"))));
        let b = trend_svg(&trend(&points, Shape::Span, Some((100.0, "Mục tiêu 100%"))));
        assert_eq!(a, b);
    }

    #[test]
    fn span_draws_one_segment_per_period() {
        let points = [
            point(date(2026, 1, 1), date(2026, 1, 19), 961.0),
            point(date(2026, 3, 19), date(2026, 4, 16), 791.0),
            point(date(2026, 1, 1), date(2026, 5, 31), 14722.0),
        ];
        let chart = Trend {
            y_range: None,
            ..trend(&points, Shape::Span, None)
        };
        let svg = trend_svg(&chart);
        assert_eq!(count(&svg, "stroke=\"#0072B2\""), 3);
        assert_eq!(count(&svg, "<circle"), 0);
        // Periods of different length have visibly different widths.
        let widths: Vec<i32> = svg
            .lines()
            .filter(|l| l.contains("stroke=\"#0072B2\""))
            .filter_map(|l| {
                let pts = l.split("points=\"").nth(1)?;
                let xs: Vec<i32> = pts
                    .split_whitespace()
                    .filter_map(|p| p.split(',').next()?.parse().ok())
                    .collect();
                Some(xs.iter().max()? - xs.iter().min()?)
            })
            .collect();
        assert_eq!(widths.len(), 3);
        assert!(widths[2] > widths[1] && widths[1] > widths[0], "{widths:?}");
        // The level shape joins its points with one line and marks each.
        let level = trend_svg(&trend(&monthly(), Shape::Level, None));
        assert_eq!(count(&level, "<circle"), 5);
        assert_eq!(
            count(
                &level,
                "<polyline fill=\"none\" opacity=\"1\" stroke=\"#0072B2\""
            ),
            1
        );
    }

    #[test]
    fn never_nan() {
        let points = [
            point(date(2026, 1, 1), date(2026, 1, 31), f64::NAN),
            point(date(2026, 2, 1), date(2026, 2, 28), 0.0),
            point(date(2026, 3, 1), date(2026, 3, 31), f64::INFINITY),
            point(date(2026, 4, 1), date(2026, 4, 30), 0.0),
        ];
        for shape in [Shape::Level, Shape::Span] {
            let chart = Trend {
                y_range: None,
                target: Some((f64::NAN, "x")),
                ..trend(&points, shape, None)
            };
            let svg = trend_svg(&chart);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            let chart = Trend {
                y_range: Some((f64::NAN, 5.0)),
                ..trend(&points[1..2], shape, None)
            };
            assert!(!trend_svg(&chart).contains("NaN"));
        }
        let rows = [
            Bar {
                label: "A",
                value: f64::NAN,
                value_label: "—".into(),
                highlight: true,
            },
            Bar {
                label: "B",
                value: 0.0,
                value_label: "0".into(),
                highlight: false,
            },
        ];
        let bars = Bars {
            title: "t",
            description: "d",
            bars: &rows,
            target: None,
            x_range: None,
            format_x: &pct,
        };
        let svg = bars_svg(&bars);
        assert!(!svg.contains("NaN") && svg.contains(">\nB\n</text>"));
    }

    #[test]
    fn bars_rows_and_highlight() {
        let rows = [
            Bar {
                label: "Xuân Giang",
                value: 100.0,
                value_label: "100%".into(),
                highlight: false,
            },
            Bar {
                label: "An Trường",
                value: 99.89,
                value_label: "99,89%".into(),
                highlight: false,
            },
            Bar {
                label: "Lam Vỹ",
                value: 99.85,
                value_label: "99,85%".into(),
                highlight: false,
            },
            Bar {
                label: "Diễn Châu",
                value: 93.96,
                value_label: "93,96%".into(),
                highlight: true,
            },
        ];
        let chart = Bars {
            title: "Tỷ lệ hồ sơ trực tuyến",
            description: "d",
            bars: &rows,
            target: Some((100.0, "Mục tiêu 100%")),
            x_range: Some((0.0, 100.0)),
            format_x: &pct,
        };
        let svg = bars_svg(&chart);
        assert_eq!(count(&svg, "fill=\"#0072B2\""), 3);
        assert_eq!(count(&svg, "fill=\"#D55E00\""), 1);
        assert!(count(&svg, "stroke=\"#FFFFFF\"") > 3, "hatched");
        assert!(svg.contains("fill=\"#1F1F1F\" font-weight=\"bold\">\nDiễn Châu\n</text>"));
        let more: Vec<Bar> = rows.iter().chain(rows.iter()).cloned().collect();
        let taller = bars_svg(&Bars {
            bars: &more,
            ..chart
        });
        let height = |s: &str| {
            s.split("viewBox=\"0 0 480 ")
                .nth(1)
                .and_then(|r| r.split('"').next()?.parse::<i32>().ok())
        };
        assert_eq!(
            height(&taller).unwrap_or(0) - height(&svg).unwrap_or(0),
            4 * ROW
        );
    }

    fn histogram(bins: &[HistogramBin], target: Option<(f64, &str)>) -> String {
        histogram_svg(&Histogram {
            title: "Tỷ lệ hồ sơ trực tuyến: phân bố",
            description: "d",
            bins,
            target,
            format_x: &pct,
            format_y: &|v| format!("{v}"),
        })
    }

    fn hbin(lo: f64, hi: f64, count: usize) -> HistogramBin {
        HistogramBin {
            lo,
            hi,
            count,
            count_label: count.to_string(),
        }
    }

    #[test]
    fn histogram_has_one_bar_per_non_empty_bin() {
        let bins: Vec<HistogramBin> = (0..10)
            .map(|k| {
                hbin(
                    f64::from(k) * 10.0,
                    f64::from(k + 1) * 10.0,
                    (k * 7 % 5) as usize,
                )
            })
            .collect();
        let svg = histogram(&bins, Some((90.0, "Mục tiêu 90%")));
        let non_empty = bins.iter().filter(|b| b.count > 0).count();
        assert_eq!(count(&svg, "fill=\"#0072B2\""), non_empty);
        assert!(svg.contains("Mục tiêu 90%") && svg.contains("<desc"));
        assert!(svg.contains(">\n0%\n</text>") && svg.contains(">\n100%\n</text>"));
        assert!(!svg.contains("NaN"));
        assert_eq!(svg, histogram(&bins, Some((90.0, "Mục tiêu 90%"))));
    }

    #[test]
    fn histogram_of_equal_figures_or_nothing() {
        let svg = histogram(&[hbin(100.0, 100.0, 40)], None);
        assert_eq!(count(&svg, "fill=\"#0072B2\""), 1);
        assert!(!svg.contains("NaN"));
        let empty = histogram(&[], None);
        assert!(empty.contains("<title") && count(&empty, "fill=\"#0072B2\"") == 0);
        let bad = histogram(&[hbin(f64::NAN, 1.0, 3)], None);
        assert!(!bad.contains("NaN"));
    }

    #[test]
    fn fallback_is_a_document() {
        let svg = fallback("Xã <A>", "mô tả", "boom --> x");
        assert!(svg.starts_with("<svg xmlns") && svg.contains("viewBox=\"0 0 480 "));
        assert!(svg.contains("<title id=\"chart-title\">Xã &lt;A&gt;</title>"));
        assert!(svg.contains(">Xã &lt;A&gt;</text>") && svg.contains("boom - -&gt; x"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(svg.matches("</svg>").count(), 1);
    }

    #[test]
    fn ticks_are_few_and_nice() {
        let axis = value_axis(&[14722.0, 961.0], None, &|_, _| true);
        assert!(
            axis.ticks.len() <= MAX_TICKS && axis.hi >= 14722.0 * 1.1,
            "{axis:?}"
        );
        assert_eq!(axis.ticks.first().copied(), Some(0.0));
        let axis = value_axis(&[93.96, 100.0], Some((0.0, 100.0)), &|_, _| true);
        assert_eq!(axis.ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let axis = value_axis(&[101.0], Some((0.0, 100.0)), &|_, _| true);
        assert!(axis.hi >= 101.0 && axis.ticks.len() <= MAX_TICKS);
        let axis = value_axis(&[0.0], None, &|_, _| true);
        assert!(axis.hi > axis.lo);
    }

    #[test]
    fn long_names_and_titles_are_cut() {
        assert_eq!(
            truncate("Thị trấn Quỳ Hợp mở rộng phía tây bắc", 28)
                .chars()
                .count(),
            28
        );
        assert!(truncate("Thị trấn Quỳ Hợp mở rộng phía tây bắc", 28).ends_with('…'));
        let lines = title_lines(&"Tỷ lệ hồ sơ giải quyết đúng hạn ".repeat(8));
        assert_eq!(lines.len(), TITLE_LINES);
        assert!(lines[1].ends_with('…'));
        assert_eq!(title_lines("Ngắn"), vec!["Ngắn".to_string()]);
    }
}
