//! The comparison strip: where one commune's figure stands among the others on one value axis —
//! each other figure as a dot (or, past a few dozen, their spread as a box from the lowest to
//! the highest, the middle half filled), the median as a dotted line, the target as a dashed
//! one, and the commune's own figure as a large labelled marker. Small enough for a key figure
//! on a phone, and the same size at any scale.

use super::axis::{Axis, value_axis};
use super::document::{DrawResult, Root, draw_err, empty_svg, render};
use super::style::{
    AXIS_AREA, DATA, GRID, HIGHLIGHT, INK, LINE, PAD, SUB, TARGET, TARGET_CHARS, TEXT_PX, TICK,
    VALUE_CHARS, WIDTH,
};
use super::text::{clean, text_style, text_width, title_lines, truncate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Past this many other figures, their spread is drawn as a box rather than one dot each.
pub const STRIP_MAX_DOTS: usize = 60;

/// One figure among others.
pub struct Strip<'a> {
    /// Goes into `<title>` and is shown at the top.
    pub title: &'a str,
    /// Text alternative; goes into `<desc>`.
    pub description: &'a str,
    /// Every figure compared, this one included.
    pub values: &'a [f64],
    /// This commune's figure and its label ("Diễn Châu 93,96%").
    pub this: (f64, &'a str),
    /// The median and its label ("trung vị 96,1%").
    pub median: Option<(f64, &'a str)>,
    /// The target and its label ("Mục tiêu 90%").
    pub target: Option<(f64, &'a str)>,
    /// Value axis range; `None` = from 0 to a little past the largest value.
    pub x_range: Option<(f64, f64)>,
    /// Value axis tick labels in the page's number format.
    pub format_x: &'a dyn Fn(f64) -> String,
}

/// Height of the band the figures are drawn in.
const BAND: i32 = 44;

/// Draws the strip as a standalone SVG document.
pub fn strip_svg(chart: &Strip) -> String {
    let title = title_lines(chart.title);
    let finite: Vec<f64> = chart
        .values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if finite.is_empty() || !chart.this.0.is_finite() {
        return empty_svg(chart.title, chart.description, &title);
    }
    let label = |l: &str, n| truncate(&clean(l), n);
    let this = (
        chart.this.0,
        label(chart.this.1, TARGET_CHARS + VALUE_CHARS),
    );
    let median = chart
        .median
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (v, label(l, TARGET_CHARS)));
    let target = chart
        .target
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (v, label(l, TARGET_CHARS)));
    let references = usize::from(median.is_some()) + usize::from(target.is_some());
    // Lines of labels: the references' above the band, this figure's below it. The title is
    // the document's `<title>` only: the key figure it sits in names it already, and a phone
    // has no room for it twice.
    let top = PAD + 8 + references as i32 * LINE;
    let height = (top + BAND + LINE + AXIS_AREA + PAD) as u32;
    let left = PAD + 4;
    let right = PAD + 4;
    let plot_w = WIDTH as i32 - left - right;
    let mut all = finite.clone();
    all.extend(median.iter().map(|m| m.0));
    all.extend(target.iter().map(|t| t.0));
    let format_x = chart.format_x;
    let x_axis = value_axis(&all, chart.x_range, &|ticks, axis| {
        let widest = ticks
            .iter()
            .map(|&v| text_width(&clean(&format_x(v)), TEXT_PX, false))
            .fold(0.0, f64::max);
        ticks.len() < 2 || axis.step_px(plot_w) >= widest + 14.0
    });
    let plan = StripPlan {
        top,
        left,
        right,
        x_axis,
        this,
        median,
        target,
    };
    render(WIDTH, height, chart.title, chart.description, |root| {
        draw_strip(root, chart, &finite, &plan)
    })
}

struct StripPlan {
    top: i32,
    left: i32,
    right: i32,
    x_axis: Axis,
    this: (f64, String),
    median: Option<(f64, String)>,
    target: Option<(f64, String)>,
}

fn draw_strip(root: &Root, chart: &Strip, values: &[f64], plan: &StripPlan) -> DrawResult {
    let y_axis = Axis {
        lo: 0.0,
        hi: 1.0,
        ticks: vec![],
    };
    let mut ctx = ChartBuilder::on(root)
        .margin_top(plan.top)
        .margin_right(plan.right)
        .margin_left(plan.left)
        .margin_bottom(PAD + LINE)
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
    let x = |v: f64| ctx.backend_coord(&(v, 0.0)).0;
    let (_, band_top) = ctx.backend_coord(&(plan.x_axis.lo, 1.0));
    let (_, band_bottom) = ctx.backend_coord(&(plan.x_axis.lo, 0.0));
    let cy = (band_top + band_bottom) / 2;

    if values.len() <= STRIP_MAX_DOTS {
        for &v in values {
            root.draw(&Circle::new((x(v), cy), 5, DATA.filled()))
                .map_err(draw_err)?;
        }
    } else {
        let mut sorted = values.to_vec();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let q = |f: f64| sorted[((sorted.len() - 1) as f64 * f).round() as usize];
        root.draw(&PathElement::new(
            vec![(x(q(0.0)), cy), (x(q(1.0)), cy)],
            DATA.stroke_width(2),
        ))
        .map_err(draw_err)?;
        root.draw(&Rectangle::new(
            [
                (x(q(0.25)), cy - 10),
                (x(q(0.75)).max(x(q(0.25)) + 2), cy + 10),
            ],
            DATA.filled(),
        ))
        .map_err(draw_err)?;
    }

    // References above the band, each label on its own line so that they never overlap.
    let mut line = 0;
    for (reference, color, dotted) in [(&plan.median, SUB, true), (&plan.target, TARGET, false)] {
        let Some((v, label)) = reference else {
            continue;
        };
        let rx = x(*v);
        let label_y = plan.top - 4 - line * LINE;
        let top = label_y + 2;
        let points = vec![(rx, top), (rx, band_bottom)];
        match dotted {
            true => root.draw(&DashedPathElement::new(points, 2, 4, color.stroke_width(2))),
            false => root.draw(&DashedPathElement::new(points, 7, 5, color.stroke_width(2))),
        }
        .map_err(draw_err)?;
        draw_label(root, label, rx, label_y, color, false, VPos::Bottom)?;
        line += 1;
    }

    // This commune: a diamond outlined in ink, and its label under the band.
    let tx = x(plan.this.0);
    let d = 10;
    root.draw(&Polygon::new(
        vec![(tx, cy - d), (tx + d, cy), (tx, cy + d), (tx - d, cy)],
        HIGHLIGHT.filled(),
    ))
    .map_err(draw_err)?;
    root.draw(&PathElement::new(
        vec![
            (tx, cy - d),
            (tx + d, cy),
            (tx, cy + d),
            (tx - d, cy),
            (tx, cy - d),
        ],
        INK.stroke_width(2),
    ))
    .map_err(draw_err)?;
    let below = band_bottom + AXIS_AREA + 2;
    draw_label(root, &plan.this.1, tx, below, INK, true, VPos::Top)
}

/// A label centred on `x`, moved inside the chart when it would leave it.
fn draw_label(
    root: &Root,
    label: &str,
    x: i32,
    y: i32,
    color: RGBColor,
    bold: bool,
    v: VPos,
) -> DrawResult {
    let w = text_width(label, TEXT_PX, bold);
    let half = (w / 2.0).ceil() as i32;
    let right_edge = WIDTH as i32 - PAD / 2;
    let (x, h) = if x + half > right_edge {
        (right_edge, HPos::Right)
    } else if x - half < PAD / 2 {
        (PAD / 2, HPos::Left)
    } else {
        (x, HPos::Center)
    };
    root.draw(&Text::new(
        label,
        (x, y),
        text_style(TEXT_PX, bold, color, h, v),
    ))
    .map_err(draw_err)
}
