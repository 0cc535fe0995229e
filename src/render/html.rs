//! Escaping text for HTML and XML: what every page, feed and chart shares.

/// Escapes the five characters that matter in HTML and XML text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_but_not_slashes() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's 01/2026</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s 01/2026&lt;/a&gt;"
        );
    }
}
