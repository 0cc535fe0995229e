//! Report and page Markdown → safe HTML: pulldown-cmark (tables, footnotes), then ammonia.
//! Nothing from a report ever runs: scripts, event handlers, `javascript:` and `data:` URLs,
//! iframes, objects and inline styles are removed.

use pulldown_cmark::{Event, Options, Parser, Tag, html};
use std::borrow::Cow;
use std::collections::HashSet;

/// Renders `markdown` to sanitised HTML.
pub fn to_safe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    // Footnote labels become ids; prefix them so they cannot clash with the page's own ids.
    let events = Parser::new_ext(markdown, options).map(|e| match e {
        Event::FootnoteReference(l) => Event::FootnoteReference(format!("fn-{l}").into()),
        Event::Start(Tag::FootnoteDefinition(l)) => {
            Event::Start(Tag::FootnoteDefinition(format!("fn-{l}").into()))
        }
        other => other,
    });
    let mut raw = String::new();
    html::push_html(&mut raw, events);
    sanitize(&raw)
}

fn sanitize(html: &str) -> String {
    let classes: HashSet<&str> = [
        "footnote-definition",
        "footnote-reference",
        "footnote-definition-label",
    ]
    .into();
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
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
        .to_string()
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
}
