//! The bar chart: one horizontal bar per row, in the caller's order, one of them possibly
//! highlighted, with an optional target line.

use super::axis::{Axis, value_axis};
use super::document::{DrawResult, Root, draw_err, draw_title, empty_svg, render};
use super::style::{
    AXIS_AREA, BAR, DATA, GRID, HATCH, HIGHLIGHT, INK, LINE, NAME_CHARS, PAD, ROW, SUB, TARGET,
    TARGET_CHARS, TEXT_PX, TICK, TITLE_LINE, VALUE_CHARS, WIDTH,
};
use super::text::{clean, text_style, text_width, title_lines, truncate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

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
