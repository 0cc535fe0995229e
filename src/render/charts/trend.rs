//! The trend chart: a time series of one figure, drawn as joined points (levels) or as one
//! flat segment per period (flows), with an optional target line.

use super::axis::{Axis, pick_ticks, value_axis};
use super::document::{DrawResult, Root, draw_err, draw_title, empty_svg, render};
use super::style::{
    AXIS_AREA, DATA, GRID, INK, LINE, PAD, SUB, TARGET, TARGET_CHARS, TEXT_PX, TICK, TITLE_LINE,
    TREND_HEIGHT, VALUE_CHARS, WIDTH,
};
use super::text::{clean, text_style, text_width, title_lines, truncate};
use chrono::{Datelike, NaiveDate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

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

/// Where a chart over time is drawn: margins, axes and the dates labelled on the x axis.
pub(super) struct TimeFrame<'p> {
    pub(super) top: i32,
    pub(super) right: i32,
    pub(super) y_area: i32,
    pub(super) x_axis: &'p Axis,
    pub(super) y_axis: &'p Axis,
    pub(super) x_labels: &'p [(f64, String)],
}

/// The axes and grid of a chart over time (trend, lines), with the x labels at their dates
/// and the y labels formatted by `format_y`.
pub(super) fn draw_time_frame<'a, 'b>(
    root: &'a Root<'b>,
    frame: &TimeFrame,
    format_y: &dyn Fn(f64) -> String,
) -> Result<ChartContext<'a, SVGBackend<'b>, Cartesian2d<Axis, Axis>>, String> {
    let mut ctx = ChartBuilder::on(root)
        .margin_top(frame.top)
        .margin_right(frame.right)
        .margin_left(PAD)
        .margin_bottom(PAD / 2)
        .x_label_area_size(AXIS_AREA)
        .y_label_area_size(frame.y_area)
        .build_cartesian_2d(frame.x_axis.clone(), frame.y_axis.clone())
        .map_err(draw_err)?;
    let x_label = |v: &f64| {
        frame
            .x_labels
            .iter()
            .find(|l| (l.0 - v).abs() < 0.5)
            .map(|l| l.1.clone())
            .unwrap_or_default()
    };
    let y_label = |v: &f64| clean(&format_y(*v));
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
    Ok(ctx)
}

fn draw_trend(root: &Root, chart: &Trend, points: &[&TrendPoint], plan: &TrendPlan) -> DrawResult {
    let frame = TimeFrame {
        top: plan.top,
        right: plan.right,
        y_area: plan.y_area,
        x_axis: &plan.x_axis,
        y_axis: &plan.y_axis,
        x_labels: &plan.x_labels,
    };
    let mut ctx = draw_time_frame(root, &frame, chart.format_y)?;

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
