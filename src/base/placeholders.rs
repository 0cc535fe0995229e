//! The placeholder texts `minhbach init` and `minhbach new` write for the editor to replace,
//! defined once so that the check that finds them left in place cannot drift from them.

/// The publisher `init` writes in `site.yaml`.
pub const PUBLISHER: &str = "THAY BẰNG TÊN CƠ QUAN CỦA BẠN / YOUR AGENCY";

/// The part of [`PUBLISHER`] that marks it as a placeholder, in any edit of its case.
pub const PUBLISHER_MARKERS: [&str; 2] = ["THAY BẰNG", "YOUR AGENCY"];

/// The address `init` writes in `site.yaml`.
pub const BASE_URL: &str = "https://example.org/";

/// Host names that are never a published site's: reserved for examples (RFC 2606) or this
/// computer.
pub const EXAMPLE_HOSTS: [&str; 5] = [
    "example.org",
    "example.com",
    "example.net",
    "localhost",
    "127.0.0.1",
];

/// The first words of the summary `new report` writes, in English.
pub const REPORT_BODY_EN: &str = "Write here, in your own words, what the report says";

/// The first words of the summary `new report` writes, in Vietnamese.
pub const REPORT_BODY_VI: &str = "Viết ở đây, bằng lời của mình, nội dung chính của báo cáo";

/// The sentence closing the about page `init` writes, in English.
pub const ABOUT_EN: &str = "Edit this page in `content/pages/about.en.md`";

/// The sentence closing the about page `init` writes, in Vietnamese.
pub const ABOUT_VI: &str = "Hãy sửa trang này trong `content/pages/about.vi.md`";

/// Every text that marks a report or page as not yet written.
pub const DOCUMENT_MARKERS: [&str; 4] = [REPORT_BODY_EN, REPORT_BODY_VI, ABOUT_EN, ABOUT_VI];

/// True when `publisher` is still the placeholder `init` writes.
pub fn is_placeholder_publisher(publisher: &str) -> bool {
    let upper = publisher.to_uppercase();
    PUBLISHER_MARKERS.iter().any(|m| upper.contains(m))
}

/// The example host `base_url` names, if it names one (`https://www.example.org/x/` →
/// `example.org`).
pub fn example_host(base_url: &str) -> Option<&'static str> {
    let rest = base_url
        .trim()
        .split_once("://")
        .map_or(base_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    EXAMPLE_HOSTS
        .into_iter()
        .find(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// 1-based index (within `body`) and marker of the first line holding a placeholder text.
pub fn document_placeholder(body: &str) -> Option<(usize, &'static str)> {
    body.lines().enumerate().find_map(|(i, line)| {
        DOCUMENT_MARKERS
            .into_iter()
            .find(|m| line.contains(m))
            .map(|m| (i + 1, m))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_hosts_are_found_in_any_form() {
        assert_eq!(example_host("https://example.org/"), Some("example.org"));
        assert_eq!(
            example_host("https://WWW.Example.com/nq57/"),
            Some("example.com")
        );
        assert_eq!(example_host("http://localhost:1111/"), Some("localhost"));
        assert_eq!(example_host("http://127.0.0.1/x"), Some("127.0.0.1"));
        assert_eq!(example_host("https://example.net."), Some("example.net"));
        assert_eq!(example_host("https://sokhcn.nghean.gov.vn/nq57/"), None);
        assert_eq!(example_host("https://myexample.org/"), None);
        assert_eq!(example_host("https://example.org.vn/"), None);
    }

    #[test]
    fn the_publisher_placeholder_is_recognised_even_retyped() {
        assert!(is_placeholder_publisher(PUBLISHER));
        assert!(is_placeholder_publisher("Thay bằng tên cơ quan của bạn"));
        assert!(!is_placeholder_publisher(
            "Sở Khoa học và Công nghệ tỉnh Nghệ An"
        ));
    }

    #[test]
    fn a_placeholder_line_is_found_with_its_line() {
        let body = "## Tóm tắt\n\nViết ở đây, bằng lời của mình, nội dung chính của báo cáo: x\n";
        assert_eq!(document_placeholder(body), Some((3, REPORT_BODY_VI)));
        assert_eq!(
            document_placeholder("## Tóm tắt\n\nXã đã làm 3 việc.\n"),
            None
        );
    }
}
