//! Text in a chart: styles, width estimates, cleaning, escaping, truncation and the title
//! wrapped on words.

use super::style::{FONT, PAD, TITLE_LINES, TITLE_PX, WIDTH};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(super) fn text_style(
    px: f64,
    bold: bool,
    color: RGBColor,
    h: HPos,
    v: VPos,
) -> TextStyle<'static> {
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
pub(super) fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    text.chars().count() as f64 * px * if bold { 0.65 } else { 0.6 }
}

/// Removes characters that are not allowed in XML and flattens line breaks.
pub(super) fn clean(text: &str) -> String {
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

pub(super) fn escape(text: &str) -> String {
    crate::render::html::escape(&clean(text))
}

pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The title wrapped on words into at most [`TITLE_LINES`] lines that fit the width.
pub(super) fn title_lines(title: &str) -> Vec<String> {
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
