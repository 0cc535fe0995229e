//! Tests of the charts: documents, escaping, targets, empty and one-point charts, shapes, bars,
//! distributions, the fallback document, axis ticks and cut text.

use super::axis::value_axis;
use super::bars::{Bar, Bars, bars_svg};
use super::document::fallback;
use super::histogram::{Histogram, HistogramBin, histogram_svg};
use super::style::{MAX_TICKS, ROW, TITLE_LINES};
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
