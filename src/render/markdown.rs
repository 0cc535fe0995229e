//! Report and page Markdown → safe HTML: pulldown-cmark (tables, footnotes), then ammonia.
//! Nothing from a report ever runs: scripts, event handlers, `javascript:` and `data:` URLs,
//! iframes, objects and inline styles are removed.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use std::borrow::Cow;
use std::collections::HashSet;

/// Renders `markdown` to sanitised HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    // Footnote labels become ids; prefix them so they cannot clash with the page's own ids.
    // Images become their alt text: a report has no images of its own, and an image address
    // would load from another host. Links to script URLs become their text.
    let mut dropped_links = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|e| match e {
        Event::FootnoteReference(l) => Some(Event::FootnoteReference(format!("fn-{l}").into())),
        Event::Start(Tag::FootnoteDefinition(l)) => Some(Event::Start(Tag::FootnoteDefinition(
            format!("fn-{l}").into(),
        ))),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let unsafe_url = is_script_url(dest_url);
            dropped_links.push(unsafe_url);
            (!unsafe_url).then_some(e)
        }
        Event::End(TagEnd::Link) => (!dropped_links.pop().unwrap_or(false)).then_some(e),
        other => Some(other),
    });
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    sanitize(&raw)
}

/// The words of `markdown` as a reader sees them, for the search index: text, code and link
/// texts, blocks separated by a space; raw HTML and image addresses left out.
pub fn to_plain_text(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // Only the end of a block separates words: `**Diễn**Châu` is one word on the page.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for `javascript:`, `vbscript:` and `data:` addresses, however they are spelled.
fn is_script_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| compact.starts_with(s))
}

fn sanitize(html: &str) -> String {
    let classes: HashSet<&str> = [
        "footnote-definition",
        "footnote-reference",
        "footnote-definition-label",
    ]
    .into();
    let clean = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .rm_tags(["img"])
        .add_generic_attributes(["id"])
        .add_allowed_classes("div", classes.iter().copied())
        .add_allowed_classes("sup", classes.iter().copied())
        .add_tag_attributes("th", ["align", "scope"])
        .add_tag_attributes("td", ["align"])
        .attribute_filter(|_, attr, value| match attr {
            // only the ids minhbach gave footnotes survive
            "id" if !value.starts_with("fn-") => None,
            _ => Some(Cow::Borrowed(value)),
        })
        .clean(html)
        .to_string();
    without_rel_on_bare_links(&clean)
}

/// Drops `rel` from links whose address the sanitiser removed (a script URL in raw HTML):
/// `rel` on a link without `href` is invalid HTML. In the sanitiser's output every literal
/// `<` opens a tag, so finding `<a ` tags by text is exact.
fn without_rel_on_bare_links(html: &str) -> String {
    const REL: &str = " rel=\"noopener noreferrer\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        let tag = &rest[i..end];
        if tag.contains(" href=") {
            out.push_str(tag);
        } else {
            out.push_str(&tag.replace(REL, ""));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_and_footnotes() {
        let html = to_safe_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.\n");
        assert!(
            html.contains("<table>") && html.contains("<td>1</td>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"#fn-1\"") && html.contains("id=\"fn-1\""),
            "{html}"
        );
    }

    #[test]
    fn plain_text_keeps_the_words_only() {
        let text = to_plain_text(
            "# Báo cáo\n\nĐã **hoàn thành** `12` nhiệm vụ.\n<script>x()</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(text, "Báo cáo Đã hoàn thành 12 nhiệm vụ. a b 1 2");
    }

    #[test]
    fn nothing_hostile_survives() {
        let html = to_safe_html(
            "<script>alert(1)</script><img src=x onerror=\"alert(2)\"><a href=\"javascript:alert(3)\">j</a>\
             <a href=\"data:text/html,x\">d</a><iframe src=\"https://evil\"></iframe><object data=x></object>\
             <p style=\"background:url(javascript:x)\" id=\"main\">p</p><svg onload=alert(4)></svg>\n\n[ok](https://example.org)",
        );
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:text",
            "<iframe",
            "<object",
            "style=",
            "id=\"main\"",
            "onload",
            "<svg",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }

    #[test]
    fn images_become_their_text_and_script_links_their_words() {
        let html = to_safe_html(
            "![Bản đồ xã](https://evil.example/x.png) <img src=\"https://evil.example/y.png\" alt=\"y\">\n\n\
             [bấm](javascript:alert(1)) [d]( DATA:text/html,x) <a href=\" jav&#x09;ascript:alert(2)\">a</a> \
             <a href=\"https://example.org\">ok</a>",
        );
        assert!(
            !html.contains("<img") && !html.contains("evil.example"),
            "{html}"
        );
        assert!(html.contains("Bản đồ xã"), "{html}");
        assert!(html.contains("bấm") && !html.contains("alert"), "{html}");
        // Every link with a rel attribute has an address, so the HTML is valid.
        assert_eq!(
            html.matches("rel=").count(),
            html.matches("href=").count(),
            "{html}"
        );
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(is_script_url(" JavaScript:x") && !is_script_url("https://x"));
    }
}
