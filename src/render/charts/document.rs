//! The SVG document: drawing with plotters into a string, the title, and the accessible root
//! element (`viewBox`, `<title>`, `<desc>`, dark-mode style) that wraps the drawing.

use super::style::{BG, FONT, INK, PAD, STYLE, TITLE_LINE, TITLE_PX, WIDTH};
use super::text::{clean, escape, text_style, truncate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type DrawResult = Result<(), String>;

pub(super) fn draw_err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

pub(super) fn draw_title(root: &Root, lines: &[String]) -> DrawResult {
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
pub(super) fn render(
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

pub(super) fn empty_svg(title: &str, desc: &str, lines: &[String]) -> String {
    let height = (2 * PAD + lines.len().max(1) as i32 * TITLE_LINE) as u32;
    render(WIDTH, height, title, desc, |root| draw_title(root, lines))
}

pub(super) fn fallback(title: &str, desc: &str, error: &str) -> String {
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
