//! The lines chart: several series over time on one date axis — a few communes and their
//! median — each named at its right end instead of in a legend, with an optional target line.
//! Every commune has its own Okabe–Ito colour and marker shape, so the series stay apart in
//! greyscale and for colour-blind readers; the median is a thick dark line with small dots.

use super::axis::{Axis, pick_ticks, value_axis};
use super::document::{DrawResult, Root, draw_err, draw_title, empty_svg, render};
use super::style::{
    AXIS_AREA, BLACK, DATA, GREEN, GREEN_TEXT, HIGHLIGHT, HIGHLIGHT_TEXT, INK, LINE, LINES_HEIGHT,
    NAME_CHARS, ORANGE, ORANGE_TEXT, PAD, PURPLE, PURPLE_TEXT, SKY, SKY_TEXT, TARGET, TARGET_CHARS,
    TEXT_PX, TICK, TITLE_LINE, WIDTH, YELLOW, YELLOW_TEXT,
};
use super::text::{clean, text_style, text_width, title_lines, truncate};
use super::trend::{TimeFrame, TrendPoint, draw_time_frame};
use chrono::{Datelike, NaiveDate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One series of a [`Lines`] chart: one commune, or a median.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line<'a> {
    /// Its name, written at the right end of the line (e.g. "Diễn Châu", "Trung vị").
    pub name: &'a str,
    /// Its figures; drawn as markers at each point's `end` date, joined in date order.
    /// Non-finite values are skipped. One point is allowed (a marker alone).
    pub points: &'a [TrendPoint],
    /// The median: drawn thicker and darker than the others, under no marker shape of theirs.
    pub emphasis: bool,
}

/// A time chart of several series on one date axis (several communes and their median).
pub struct Lines<'a> {
    /// Goes into `<title>` and is shown at the top.
    pub title: &'a str,
    /// Text alternative; goes into `<desc>`.
    pub description: &'a str,
    /// At most 8 series (any more are left out); the first is drawn on top of the others, and
    /// emphasised series under all of them (thick enough to show around them).
    pub lines: &'a [Line<'a>],
    /// Reference line: value and short label, e.g. `Mục tiêu ≥ 95%`, dashed like trend.rs.
    pub target: Option<(f64, &'a str)>,
    /// Value axis range as in `Trend::y_range`.
    pub y_range: Option<(f64, f64)>,
    /// Value axis tick labels in the page's number format.
    pub format_y: &'a dyn Fn(f64) -> String,
    /// Date axis tick labels.
    pub format_date: &'a dyn Fn(NaiveDate) -> String,
}

/// Past this many series, colours and shapes run out and the names no longer fit.
const MAX_LINES: usize = 8;
/// From the plot's right edge to the names: room for the leaders of names moved off their line.
const LABEL_GAP: i32 = 22;
const STROKE: u32 = 2;
const EMPHASIS_STROKE: u32 = 4;

/// A series' marker, drawn filled in its colour and outlined in its darker variant.
#[derive(Debug, Clone, Copy)]
enum Marker {
    Square,
    Triangle,
    Diamond,
    Star,
    TriangleDown,
    Cross,
    Plus,
    Circle,
    /// The median's small dot, a shape no commune has.
    Dot,
}

#[derive(Debug, Clone, Copy)]
struct Look {
    color: RGBColor,
    /// For the name (and the markers' outline): at least 4.5:1 on white.
    text: RGBColor,
    marker: Marker,
}

/// The communes' looks in order. Colours of a similar grey get shapes that do not look alike
/// (a triangle and a diamond, not two triangles), so that greyscale prints keep them apart.
const LOOKS: [Look; MAX_LINES] = [
    look(DATA, DATA, Marker::Square),
    look(HIGHLIGHT, HIGHLIGHT_TEXT, Marker::Triangle),
    look(GREEN, GREEN_TEXT, Marker::Diamond),
    look(PURPLE, PURPLE_TEXT, Marker::Star),
    look(ORANGE, ORANGE_TEXT, Marker::TriangleDown),
    look(SKY, SKY_TEXT, Marker::Cross),
    look(YELLOW, YELLOW_TEXT, Marker::Plus),
    // Only with eight communes, so never beside a dark grey median.
    look(BLACK, BLACK, Marker::Circle),
];

const EMPHASIS: Look = look(INK, INK, Marker::Dot);

const fn look(color: RGBColor, text: RGBColor, marker: Marker) -> Look {
    Look {
        color,
        text,
        marker,
    }
}

/// A series ready to draw: its finite points as (day, value) in date order.
struct Series {
    name: String,
    points: Vec<(f64, f64)>,
    emphasis: bool,
    look: Look,
}

/// Draws several series over time as a standalone SVG document.
pub fn lines_svg(chart: &Lines) -> String {
    let title = title_lines(chart.title);
    let series = prepare(chart);
    if series.is_empty() {
        return empty_svg(chart.title, chart.description, &title);
    }
    let plan = plan_lines(chart, &series, &title);
    render(WIDTH, plan.height, chart.title, chart.description, |root| {
        draw_title(root, &title)?;
        draw_lines(root, chart, &series, &plan)
    })
}

fn day(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

/// Of the first [`MAX_LINES`] series, those with a finite point. A commune's look follows its place
/// among the communes given, not among those drawn, so that one without figures does not
/// change the colours of the others from one chart to the next.
fn prepare(chart: &Lines) -> Vec<Series> {
    let mut communes = 0;
    chart
        .lines
        .iter()
        .take(MAX_LINES)
        .filter_map(|line| {
            let look = if line.emphasis {
                EMPHASIS
            } else {
                communes += 1;
                LOOKS[(communes - 1) % LOOKS.len()]
            };
            let mut points: Vec<&TrendPoint> =
                line.points.iter().filter(|p| p.value.is_finite()).collect();
            points.sort_by_key(|p| p.end);
            (!points.is_empty()).then(|| Series {
                name: truncate(&clean(line.name), NAME_CHARS),
                points: points.iter().map(|p| (day(p.end), p.value)).collect(),
                emphasis: line.emphasis,
                look,
            })
        })
        .collect()
}

struct LinesPlan {
    height: u32,
    top: i32,
    right: i32,
    y_area: i32,
    x_axis: Axis,
    y_axis: Axis,
    x_labels: Vec<(f64, String)>,
    target: Option<(f64, String)>,
    radius: i32,
}

fn plan_lines(chart: &Lines, series: &[Series], title: &[String]) -> LinesPlan {
    let target = chart
        .target
        .filter(|(v, _)| v.is_finite())
        .map(|(v, l)| (v, truncate(&clean(l), TARGET_CHARS)));

    // The names (and the target's label) stand one above the other, from the plot's top to
    // half a line above its bottom (the date labels are below it): the chart grows when that
    // is too short for all of them, so that they never overlap.
    let top = PAD + title.len() as i32 * TITLE_LINE + 10 + LINE / 2;
    let labels = series.len() + usize::from(target.is_some());
    let labels_h = (labels as i32 - 1) * LINE;
    // Two pixels for plotters' rounding of the plot's edges.
    let height = (LINES_HEIGHT as i32).max(top + labels_h + LINE / 2 + 2 + AXIS_AREA + PAD / 2);
    let plot_h = height - top - AXIS_AREA - PAD / 2;

    let values: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
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

    // Date axis: candidate ticks are the dates the figures are about.
    let mut candidates: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    let lo = candidates.first().copied().unwrap_or(0.0);
    let hi = candidates.last().copied().unwrap_or(0.0);
    // No room after the last date: the names are there, beside the last points.
    let (x_lo, x_hi) = if lo == hi {
        (lo - 30.0, hi)
    } else {
        (lo - ((hi - lo) * 0.04).max(1.0), hi)
    };
    let format_date = chart.format_date;
    let labelled: Vec<(f64, String, f64)> = candidates
        .iter()
        .filter_map(|&d| NaiveDate::from_num_days_from_ce_opt(d as i32).map(|date| (d, date)))
        .map(|(d, date)| {
            let text = clean(&format_date(date));
            let w = text_width(&text, TEXT_PX, false);
            (d, text, w)
        })
        .collect();

    // Margins: the right one holds the widest name (or the target's label) after the gap.
    let last_tick_half = labelled.last().map(|l| l.2 / 2.0).unwrap_or(0.0);
    let first_tick_half = labelled.first().map(|l| l.2 / 2.0).unwrap_or(0.0);
    let widest = series
        .iter()
        .map(|s| text_width(&s.name, TEXT_PX, s.emphasis))
        .chain(target.as_ref().map(|t| text_width(&t.1, TEXT_PX, false)))
        .fold(0.0, f64::max);
    let right = (f64::from(LABEL_GAP) + widest + 4.0)
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

    // Smaller markers when the points are dense, so that they do not merge into a blob.
    let most = series.iter().map(|s| s.points.len()).max().unwrap_or(1);
    let spacing = f64::from(plot_w) / most as f64;
    let radius = if spacing >= 18.0 {
        5
    } else if spacing >= 10.0 {
        4
    } else {
        3
    };

    LinesPlan {
        height: height as u32,
        top,
        right,
        y_area,
        x_axis,
        y_axis,
        x_labels,
        target,
        radius,
    }
}

/// A name in the right margin, and the point its leader starts from.
struct Label<'a> {
    text: &'a str,
    value: f64,
    bold: bool,
    text_color: RGBColor,
    leader_color: RGBColor,
    from: (i32, i32),
}

fn draw_lines(root: &Root, chart: &Lines, series: &[Series], plan: &LinesPlan) -> DrawResult {
    let frame = TimeFrame {
        top: plan.top,
        right: plan.right,
        y_area: plan.y_area,
        x_axis: &plan.x_axis,
        y_axis: &plan.y_axis,
        x_labels: &plan.x_labels,
    };
    let ctx = draw_time_frame(root, &frame, chart.format_y)?;

    let coord = ctx.as_coord_spec().clone();
    let at = |p: (f64, f64)| coord.translate(&p);
    let (plot_left, plot_bottom) = at((plan.x_axis.lo, plan.y_axis.lo));
    let (plot_right, plot_top) = at((plan.x_axis.hi, plan.y_axis.hi));

    // Target line first, so that the data are drawn over it.
    let mut labels: Vec<Label> = Vec::new();
    if let Some((value, label)) = &plan.target {
        let (_, y) = at((plan.x_axis.lo, *value));
        root.draw(&DashedPathElement::new(
            vec![(plot_left, y), (plot_right, y)],
            7,
            5,
            TARGET.stroke_width(2),
        ))
        .map_err(draw_err)?;
        labels.push(Label {
            text: label,
            value: *value,
            bold: false,
            text_color: TARGET,
            leader_color: TARGET,
            from: (plot_right + 2, y),
        });
    }

    // The median at the bottom, thick enough to show around a commune on it; then the
    // communes from the last to the first, so that the first is on top; markers over all lines.
    let order: Vec<&Series> = series
        .iter()
        .filter(|s| s.emphasis)
        .chain(series.iter().rev().filter(|s| !s.emphasis))
        .collect();
    for s in &order {
        if s.points.len() > 1 {
            let width = if s.emphasis { EMPHASIS_STROKE } else { STROKE };
            let path: Vec<(i32, i32)> = s.points.iter().map(|&p| at(p)).collect();
            root.draw(&PathElement::new(path, s.look.color.stroke_width(width)))
                .map_err(draw_err)?;
        }
    }
    for s in &order {
        // The median's dots are only beads on its line, unless it has no line.
        let radius = match (s.look.marker, s.points.len()) {
            (Marker::Dot, 2..) => 3,
            _ => plan.radius,
        };
        for &p in &s.points {
            draw_marker(root, at(p), radius, s.look)?;
        }
    }

    for s in series {
        let Some(&last) = s.points.last() else {
            continue;
        };
        let (x, y) = at(last);
        labels.push(Label {
            text: &s.name,
            value: last.1,
            bold: s.emphasis,
            text_color: s.look.text,
            leader_color: s.look.color,
            from: (x + plan.radius + 3, y),
        });
    }
    // From the highest value down (values a pixel apart keep their order; the first given
    // first among equals), then moved apart.
    labels.sort_by(|a, b| b.value.total_cmp(&a.value));
    // Inside the plot's height, which `plan_lines` made tall enough for all of them.
    let wanted: Vec<i32> = labels.iter().map(|l| l.from.1).collect();
    let placed = spread(&wanted, plot_top, plot_bottom - LINE / 2, LINE);
    let label_x = plot_right + LABEL_GAP;
    for (label, &y) in labels.iter().zip(&placed) {
        // A leader when the name is not beside its point: moved apart, or the series ends early.
        let (fx, fy) = label.from;
        // It ends level with its name, so that among steep leaders each plainly meets its own.
        if (y - fy).abs() > 1 || fx < plot_right {
            root.draw(&PathElement::new(
                vec![(fx, fy), (label_x - 9, y), (label_x - 3, y)],
                label.leader_color.stroke_width(1),
            ))
            .map_err(draw_err)?;
        }
    }
    for (label, &y) in labels.iter().zip(&placed) {
        let style = text_style(
            TEXT_PX,
            label.bold,
            label.text_color,
            HPos::Left,
            VPos::Center,
        );
        root.draw(&Text::new(label.text, (label_x, y), style))
            .map_err(draw_err)?;
    }
    Ok(())
}

/// Places labels wanted at `wanted` (in increasing order) at least `gap` apart between `lo` and
/// `hi`, each as near where it is wanted as the others allow: labels that would overlap move as
/// a group, centred on where its members are wanted. If `lo` and `hi` are too close for all of
/// them, they still never overlap: the last ones go past `hi`.
pub(super) fn spread(wanted: &[i32], lo: i32, hi: i32, gap: i32) -> Vec<i32> {
    // The top of a group of `count` labels from `first`, inside the bounds if it fits.
    let place = |first: usize, count: usize| {
        let members = &wanted[first..first + count];
        let mean = members.iter().map(|&w| f64::from(w)).sum::<f64>() / count as f64;
        let span = (count as i32 - 1) * gap;
        let top = (mean - f64::from(span) / 2.0).round() as i32;
        top.min(hi - span).max(lo)
    };
    // Groups of neighbouring labels as (first, count, top).
    let mut groups: Vec<(usize, usize, i32)> = Vec::new();
    for i in 0..wanted.len() {
        let mut group = (i, 1, place(i, 1));
        while let Some(&(first, count, top)) = groups.last() {
            if top + count as i32 * gap <= group.2 {
                break;
            }
            groups.pop();
            let count = count + group.1;
            group = (first, count, place(first, count));
        }
        groups.push(group);
    }
    let mut out: Vec<i32> = groups
        .iter()
        .flat_map(|&(_, count, top)| (0..count as i32).map(move |k| top + k * gap))
        .collect();
    let mut floor = i32::MIN;
    for y in &mut out {
        *y = (*y).max(floor);
        floor = y.saturating_add(gap);
    }
    out
}

/// A marker's outline around its centre, for a radius of 1.
fn outline(marker: Marker) -> Vec<(f64, f64)> {
    // Sines and cosines written out rather than computed, so that the bytes never depend on
    // the platform's maths library.
    const C: f64 = std::f64::consts::FRAC_1_SQRT_2;
    let plus = [
        (-0.4, -1.2),
        (0.4, -1.2),
        (0.4, -0.4),
        (1.2, -0.4),
        (1.2, 0.4),
        (0.4, 0.4),
        (0.4, 1.2),
        (-0.4, 1.2),
        (-0.4, 0.4),
        (-1.2, 0.4),
        (-1.2, -0.4),
        (-0.4, -0.4),
    ];
    match marker {
        Marker::Square => vec![(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
        Marker::Triangle => vec![(0.0, -1.3), (1.125, 0.65), (-1.125, 0.65)],
        Marker::TriangleDown => vec![(0.0, 1.3), (1.125, -0.65), (-1.125, -0.65)],
        Marker::Diamond => vec![(0.0, -1.3), (0.9, 0.0), (0.0, 1.3), (-0.9, 0.0)],
        Marker::Star => {
            let outer = [
                (0.0, -1.0),
                (0.9511, -0.3090),
                (0.5878, 0.8090),
                (-0.5878, 0.8090),
                (-0.9511, -0.3090),
            ];
            let inner = [
                (0.5878, -0.8090),
                (0.9511, 0.3090),
                (0.0, 1.0),
                (-0.9511, 0.3090),
                (-0.5878, -0.8090),
            ];
            outer
                .iter()
                .zip(&inner)
                .flat_map(|(&(ox, oy), &(ix, iy))| [(ox * 1.4, oy * 1.4), (ix * 0.6, iy * 0.6)])
                .collect()
        }
        Marker::Plus => plus.to_vec(),
        Marker::Cross => plus
            .iter()
            .map(|&(x, y)| ((x - y) * C, (x + y) * C))
            .collect(),
        Marker::Circle | Marker::Dot => vec![],
    }
}

fn draw_marker(root: &Root, (x, y): (i32, i32), radius: i32, look: Look) -> DrawResult {
    let r = radius.max(1) as u32;
    match look.marker {
        Marker::Dot => root.draw(&Circle::new((x, y), r, look.color.filled())),
        Marker::Circle => root
            .draw(&Circle::new((x, y), r, look.color.filled()))
            .and_then(|()| root.draw(&Circle::new((x, y), r, look.text.stroke_width(1)))),
        shape => {
            let scale = f64::from(radius);
            let mut points: Vec<(i32, i32)> = outline(shape)
                .iter()
                .map(|&(dx, dy)| {
                    (
                        x + (dx * scale).round() as i32,
                        y + (dy * scale).round() as i32,
                    )
                })
                .collect();
            root.draw(&Polygon::new(points.clone(), look.color.filled()))
                .and_then(|()| {
                    points.extend(points.first().copied());
                    root.draw(&PathElement::new(points, look.text.stroke_width(1)))
                })
        }
    }
    .map_err(draw_err)
}
