//! Bounds on what one content file may ask of the build, so hostile or broken input ends in a
//! clear error instead of a hang or unbounded memory. The README states these figures.

/// Largest content file read, in bytes (a period file is a few KB, a report under 100 KB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Largest release record (`releases/<id>.yaml`), written by `minhbach release`: the first
/// release of a national site records millions of figures.
pub const MAX_RELEASE_BYTES: u64 = 1024 * 1024 * 1024;

/// Largest report or page text (after the front matter), in bytes.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// Most lines in a report or page text (the longest real report has under 600).
pub const MAX_TEXT_LINES: usize = 20_000;

/// Deepest nesting of Markdown lists and quotes, or of HTML elements, in a report or page.
/// Real reports use three or four levels; the Markdown and HTML parsers slow down sharply
/// (worse than linearly) on thousands.
pub const MAX_NESTING: usize = 100;

/// HTML elements that never hold others or close by themselves, so they add no depth.
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option",
];

/// The first line (1-based, within `text`) where Markdown containers or HTML elements nest
/// deeper than [`MAX_NESTING`], with the depth reached there. An over-estimate by design:
/// it never misses deep nesting and real reports stay far below the limit.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut html_depth: usize = 0;
    for (i, line) in text.lines().enumerate() {
        let markdown = markdown_depth(line);
        html_depth = html_depth_after(line, html_depth);
        let depth = markdown.max(html_depth);
        if depth > MAX_NESTING {
            return Some((i + 1, depth));
        }
    }
    None
}

/// Containers opened at the start of one line: indentation (two spaces a level) plus list
/// markers and `>` quote markers, in any sequence.
fn markdown_depth(line: &str) -> usize {
    let mut depth = 0;
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let indent = rest.len() - trimmed.len();
        depth += indent / 2;
        let bullet = trimmed.starts_with('>')
            || trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.starts_with("+ ")
            || matches!(trimmed, "-" | "*" | "+");
        let marker_len = if bullet {
            1
        } else {
            let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
            let after = trimmed.as_bytes().get(digits);
            let then = trimmed.as_bytes().get(digits + 1);
            if (1..=9).contains(&digits)
                && matches!(after, Some(b'.') | Some(b')'))
                && matches!(then, None | Some(b' ') | Some(b'\t'))
            {
                digits + 1
            } else {
                0
            }
        };
        if marker_len == 0 {
            return depth;
        }
        depth += 1;
        rest = &trimmed[marker_len..];
    }
}

/// Open-element depth after `line`, counting `<tag` as one level in and `</tag` as one out.
fn html_depth_after(line: &str, mut depth: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(off) = line[i..].find('<') {
        i += off + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = line[start..start + name_len].to_ascii_lowercase();
        if NO_DEPTH.contains(&name.as_str()) {
            continue;
        }
        let self_closing = line[start + name_len..]
            .split('>')
            .next()
            .is_some_and(|attrs| attrs.ends_with('/'));
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_reports_are_shallow() {
        let text = "# Báo cáo\n\n- một\n  - hai\n    1. ba\n\n> trích\n> > lồng\n\n<div><p>x<br>y</div>\n| a | b |\n";
        assert_eq!(too_deep(text), None);
        assert_eq!(markdown_depth("  - a"), 2);
        assert_eq!(markdown_depth("> > 1. x"), 3);
        assert_eq!(markdown_depth("12.5 triệu"), 0);
        assert_eq!(
            html_depth_after("<div><span>a</span><img src=x/></div>", 0),
            0
        );
        assert_eq!(html_depth_after("<div><section>", 1), 3);
    }

    #[test]
    fn deep_nesting_is_found_at_its_line() {
        let lists = format!("intro\n\n{}x\n", "- ".repeat(5000));
        assert_eq!(too_deep(&lists).map(|(line, _)| line), Some(3));
        let quotes = format!("{}x\n", "> ".repeat(200));
        assert!(too_deep(&quotes).is_some());
        let html = "<div>\n".repeat(150);
        assert_eq!(too_deep(&html).map(|(line, _)| line), Some(MAX_NESTING + 1));
        let closed = "<div>x</div>\n".repeat(5000);
        assert_eq!(too_deep(&closed), None);
    }
}
