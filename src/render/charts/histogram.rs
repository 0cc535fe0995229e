//! The distribution chart: how many figures fall in each range of values, as vertical bars
//! side by side over a value axis, with an optional target line.

use super::axis::{Axis, value_axis};
use super::document::{DrawResult, Root, draw_err, draw_title, empty_svg, render};
use super::style::{
    AXIS_AREA, COUNT_PX, DATA, GRID, INK, LINE, PAD, SUB, TARGET, TARGET_CHARS, TEXT_PX, TICK,
    TITLE_LINE, TREND_HEIGHT, VALUE_CHARS, WIDTH,
};
use super::text::{clean, text_style, text_width, title_lines, truncate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

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
