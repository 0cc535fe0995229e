//! Tests of the charts: documents, escaping, targets, empty and one-point charts, shapes, bars,
//! distributions, several series over time, the fallback document, axis ticks and cut text.

use super::axis::value_axis;
use super::bars::{Bar, Bars, bars_svg};
use super::document::fallback;
use super::histogram::{Histogram, HistogramBin, histogram_svg};
use super::lines::{Line, Lines, lines_svg, spread};
use super::style::{HIGHLIGHT, LINE, MAX_TICKS, ROW, STYLE, TITLE_LINES};
use super::text::{title_lines, truncate};
use super::trend::{Shape, Trend, TrendPoint, trend_svg};
use chrono::NaiveDate;

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

fn trend<'a>(points: &'a [TrendPoint], shape: Shape, target: Option<(f64, &'a str)>) -> Trend<'a> {
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
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 320\""));
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

const LINE_NAMES: [&str; 8] = [
    "Trung vị",
    "Diễn Châu",
    "An Trường",
    "Lam Vỹ",
    "Xuân Giang",
    "Thị trấn Quỳ Hợp",
    "Nghi Lộc",
    "Hưng Nguyên",
];

/// `n` series over five months, each a little above the one before, ending at `last` when given.
fn series(n: usize, last: Option<f64>) -> Vec<Vec<TrendPoint>> {
    (0..n)
        .map(|k| {
            (1..=5u32)
                .map(|m| {
                    let v = 70.0 + 3.0 * k as f64 + f64::from(m);
                    let v = if m == 5 { last.unwrap_or(v) } else { v };
                    let end = date(2026, m + 1, 1).pred_opt().unwrap_or_default();
                    point(date(2026, m, 1), end, v)
                })
                .collect()
        })
        .collect()
}

/// One line per series, named in order; the first is the median when `median`.
fn named(points: &[Vec<TrendPoint>], median: bool) -> Vec<Line<'_>> {
    points
        .iter()
        .enumerate()
        .map(|(k, p)| Line {
            name: LINE_NAMES[k % LINE_NAMES.len()],
            points: p,
            emphasis: median && k == 0,
        })
        .collect()
}

fn lines<'a>(lines: &'a [Line<'a>], target: Option<(f64, &'a str)>) -> String {
    lines_svg(&Lines {
        title: "Hồ sơ trực tuyến <xã> & \"phường\"",
        description: "Bảy xã <b> & trung vị",
        lines,
        target,
        y_range: Some((0.0, 100.0)),
        format_y: &pct,
        format_date: &dmy,
    })
}

/// The `y` of each `<text>` element that says `content`.
fn text_ys(svg: &str, content: &str) -> Vec<i32> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let (attrs, rest) = t.split_once('>')?;
            if !rest.starts_with(&format!("\n{content}\n</text>")) {
                return None;
            }
            attrs.split(" y=\"").nth(1)?.split('"').next()?.parse().ok()
        })
        .collect()
}

/// The value of attribute `name` in one element's attributes.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    element
        .split(&format!(" {name}=\""))
        .nth(1)?
        .split('"')
        .next()
}

#[test]
fn lines_document_is_complete_and_escaped() {
    let points = series(7, None);
    let svg = lines(&named(&points, true), Some((95.0, "Mục tiêu ≥ 95%")));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 "));
    assert!(svg.contains(
        "<title id=\"chart-title\">Hồ sơ trực tuyến &lt;xã&gt; &amp; &quot;phường&quot;</title>"
    ));
    assert!(svg.contains("<desc id=\"chart-desc\">Bảy xã &lt;b&gt; &amp; trung vị</desc>"));
    assert!(!svg.contains("<xã>") && !svg.contains("<b>"));
    assert!(svg.contains("prefers-color-scheme: dark"));
    assert_eq!(svg.matches("<svg").count(), 1);
    assert!(svg.trim_end().ends_with("</svg>"));
    for name in &LINE_NAMES[..7] {
        assert_eq!(text_ys(&svg, name).len(), 1, "{name}");
    }
    assert_eq!(text_ys(&svg, LINE_NAMES[7]).len(), 0);
    // Seven lines of five points each (the rest are dashes and outlines), and one marker per point of each
    // of the six communes and one dot per point of the median.
    let long = svg
        .split("<polyline")
        .skip(1)
        .filter(|e| attr(e, "stroke-width").is_some_and(|w| w != "1"))
        .filter(|e| attr(e, "points").is_some_and(|p| p.split_whitespace().count() == 5))
        .count();
    assert_eq!(long, 7);
    assert_eq!(count(&svg, "<polygon") + count(&svg, "<circle"), 6 * 5 + 5);
}

#[test]
fn lines_end_labels_never_overlap() {
    for (median, target) in [(true, None), (false, Some((88.0, "Mục tiêu ≥ 88%")))] {
        let points = series(8, Some(88.0));
        let svg = lines(&named(&points, median), target);
        let height: i32 = svg
            .split("viewBox=\"0 0 480 ")
            .nth(1)
            .and_then(|r| r.split('"').next()?.parse().ok())
            .unwrap_or(0);
        let mut ys: Vec<i32> = LINE_NAMES
            .iter()
            .chain(target.as_ref().map(|t| &t.1))
            .map(|name| {
                let y = text_ys(&svg, name);
                assert_eq!(y.len(), 1, "{name}");
                y[0]
            })
            .collect();
        ys.sort_unstable();
        for pair in ys.windows(2) {
            assert!(pair[1] - pair[0] >= LINE, "{ys:?}");
        }
        assert!(
            ys[0] >= LINE / 2 && ys[ys.len() - 1] <= height - LINE / 2,
            "{ys:?}"
        );
    }
}

#[test]
fn labels_spread_around_where_they_are_wanted() {
    // Apart already: unchanged.
    assert_eq!(spread(&[10, 50, 90], 0, 200, 22), vec![10, 50, 90]);
    // Two on one spot: centred on it.
    assert_eq!(spread(&[100, 100], 0, 200, 22), vec![89, 111]);
    // Against a bound: pushed inside.
    assert_eq!(spread(&[195, 200], 0, 200, 22), vec![178, 200]);
    assert_eq!(spread(&[-5, 0], 0, 200, 22), vec![0, 22]);
    // A group that grows into the one before merges with it.
    let ys = spread(&[50, 60, 80, 80, 80], 0, 400, 22);
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= 22), "{ys:?}");
    // Bounds too close for all of them: they still never overlap.
    let ys = spread(&[30; 9], 0, 40, 22);
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= 22), "{ys:?}");
    assert_eq!(ys[0], 0);
    assert!(spread(&[], 0, 10, 22).is_empty());
}

#[test]
fn lines_skip_nan_points_and_empty_series() {
    let mut points = series(3, None);
    points[1][2].value = f64::NAN;
    points[1][4].value = f64::INFINITY;
    points[2] = vec![point(date(2026, 1, 1), date(2026, 1, 31), f64::NAN)];
    let svg = lines(&named(&points, true), Some((f64::NAN, "Mục tiêu")));
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    assert!(!svg.contains("Mục tiêu"));
    // The first commune: its three finite points as squares on one line; no label for a
    // series without a finite point.
    assert_eq!(count(&svg, "<polygon opacity=\"1\" fill=\"#0072B2\""), 3);
    assert_eq!(text_ys(&svg, LINE_NAMES[1]).len(), 1);
    assert_eq!(text_ys(&svg, LINE_NAMES[2]).len(), 0);
    // One point alone: a marker, no line.
    let one = [vec![point(date(2026, 1, 1), date(2026, 5, 31), 93.96)]];
    let svg = lines(&named(&one, false), None);
    assert_eq!(count(&svg, "<polygon"), 1);
    assert_eq!(count(&svg, "stroke=\"#0072B2\" stroke-width=\"2\""), 0);
    assert!(svg.contains(">\n31/05/2026\n</text>") && !svg.contains("NaN"));
    // Nothing finite at all: the title-only document.
    let nan = [vec![point(date(2026, 1, 1), date(2026, 1, 31), f64::NAN)]];
    assert_eq!(lines(&named(&nan, true), None), lines(&[], None));
    let empty = lines(&[], Some((90.0, "Mục tiêu")));
    assert!(empty.contains(">\nHồ sơ trực tuyến &lt;xã&gt; &amp; &quot;phường&quot;\n</text>"));
    assert!(!empty.contains("<polyline") && !empty.contains("Mục tiêu"));
}

#[test]
fn lines_emphasis_is_thicker() {
    let points = series(7, None);
    let svg = lines(&named(&points, true), None);
    // The widest stroke of each colour (leaders, outlines and axes are 1 px wide).
    let mut widest: Vec<(String, u32)> = Vec::new();
    for element in svg.split("<polyline").skip(1) {
        let (Some(stroke), Some(width)) = (attr(element, "stroke"), attr(element, "stroke-width"))
        else {
            continue;
        };
        let width: u32 = width.parse().unwrap_or(0);
        match widest.iter_mut().find(|w| w.0 == stroke) {
            Some(w) => w.1 = w.1.max(width),
            None => widest.push((stroke.to_string(), width)),
        }
    }
    let median = widest.iter().find(|w| w.0 == "#1F1F1F").map(|w| w.1);
    assert_eq!(median, Some(4), "{widest:?}");
    let communes: Vec<u32> = widest
        .iter()
        .filter(|w| {
            w.1 > 1 && !["#1F1F1F", "#4A4A4A", "#DEDEDE", "#3D3D3D"].contains(&w.0.as_str())
        })
        .map(|w| w.1)
        .collect();
    assert_eq!(communes.len(), 6, "{widest:?}");
    assert!(communes.iter().all(|&w| w < 4), "{widest:?}");
    // The median's name is bold, the communes' are not.
    assert!(svg.contains("fill=\"#1F1F1F\" font-weight=\"bold\">\nTrung vị\n</text>"));
    assert!(svg.contains("fill=\"#0072B2\">\nDiễn Châu\n</text>"));
}

#[test]
fn lines_are_deterministic() {
    let points = series(7, None);
    let a = lines(&named(&points, true), Some((95.0, "Mục tiêu ≥ 95%")));
    let b = lines(&named(&points, true), Some((95.0, "Mục tiêu ≥ 95%")));
    assert_eq!(a, b);
}

#[test]
fn lines_target_line_and_label_when_given() {
    let points = series(4, None);
    let with = lines(&named(&points, true), Some((95.0, "Mục tiêu ≥ 95%")));
    let without = lines(&named(&points, true), None);
    assert_eq!(text_ys(&with, "Mục tiêu ≥ 95%").len(), 1);
    assert!(
        count(&with, "stroke=\"#3D3D3D\"") > 10,
        "dashed line made of many dashes"
    );
    assert!(!without.contains("Mục tiêu") && count(&without, "stroke=\"#3D3D3D\"") == 0);
}

#[test]
fn lines_each_commune_has_its_colour_and_shape() {
    let points = series(8, None);
    let svg = lines(&named(&points, false), None);
    // Each commune's first marker: its fill colour, and its outline relative to its first point.
    let mut looks: Vec<(String, Vec<(i32, i32)>)> = Vec::new();
    for element in svg.split("<polygon").skip(1) {
        let (Some(fill), Some(points)) = (attr(element, "fill"), attr(element, "points")) else {
            continue;
        };
        let xy: Vec<(i32, i32)> = points
            .split_whitespace()
            .filter_map(|p| {
                let (x, y) = p.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            })
            .collect();
        let Some(&(x0, y0)) = xy.first() else {
            continue;
        };
        let shape = xy.iter().map(|&(x, y)| (x - x0, y - y0)).collect();
        if !looks.iter().any(|l| l.0 == fill) {
            looks.push((fill.to_string(), shape));
        }
    }
    // Seven shapes are polygons, the eighth a circle.
    assert_eq!(looks.len(), 7, "{looks:?}");
    for (i, a) in looks.iter().enumerate() {
        for b in &looks[i + 1..] {
            assert!(a.0 != b.0 && a.1 != b.1, "{a:?} {b:?}");
        }
    }
    assert_eq!(count(&svg, "<circle"), 2 * 5, "filled and outlined");
}

#[test]
fn lines_colours_all_have_a_dark_mode() {
    for median in [false, true] {
        let points = series(8, None);
        let svg = lines(&named(&points, median), Some((95.0, "Mục tiêu ≥ 95%")));
        let body = svg.split("</style>").nth(1).unwrap_or(&svg);
        let mut seen = 0;
        for element in body.split('<').skip(1) {
            for kind in ["fill", "stroke"] {
                let Some(colour) = attr(element, kind).filter(|c| c.starts_with('#')) else {
                    continue;
                };
                seen += 1;
                let background = element.starts_with("rect") && colour == "#FFFFFF";
                // style.rs leaves the highlight's fill as it is in dark mode (the bars and the
                // strip use it; it has 4.6:1 on the dark background).
                let highlight = kind == "fill"
                    && colour
                        == format!("#{:02X}{:02X}{:02X}", HIGHLIGHT.0, HIGHLIGHT.1, HIGHLIGHT.2);
                let mapped = STYLE.contains(&format!("[{kind}=\"{colour}\"]"));
                assert!(
                    mapped || background || highlight,
                    "{kind} {colour} in <{element}"
                );
            }
        }
        assert!(seen > 50);
    }
    // Every series colour turns into its own lighter colour in dark mode.
    let dark = |colour: &str| {
        STYLE
            .split(&format!("[stroke=\"{colour}\"] {{ stroke: "))
            .nth(1)
            .and_then(|r| r.split(';').next())
            .map(str::to_string)
    };
    let series_colours = [
        "#1F1F1F", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
        "#000000",
    ];
    let mapped: Vec<Option<String>> = series_colours.iter().map(|c| dark(c)).collect();
    for (i, a) in mapped.iter().enumerate() {
        assert!(a.is_some(), "{}", series_colours[i]);
        assert!(!mapped[i + 1..].contains(a), "{a:?}");
    }
}
