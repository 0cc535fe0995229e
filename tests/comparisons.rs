//! Honest comparisons (issue 28): every key figure says where the commune stands among the
//! others; flows of periods of different lengths are compared per 30 days, saying so; no trend
//! is drawn from fewer than three regular periods, and running totals are never a trend.

mod common;
use common::*;
use std::path::Path;

fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in html.chars() {
        match ch {
            '<' => {
                inside = true;
                out.push(' ');
            }
            '>' => inside = false,
            _ if !inside => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The key figure of `indicator` on a commune page, as text.
fn key_card(html: &str, indicator: &str) -> String {
    let at = html
        .find(&format!("indicators/{indicator}/index.html\">"))
        .unwrap_or_else(|| panic!("no key figure of {indicator}"));
    let start = html[..at].rfind("<article").unwrap();
    let end = at + html[at..].find("</article>").unwrap();
    text_of(&html[start..end])
}

#[test]
fn key_figures_say_where_the_commune_stands_and_flows_are_compared_per_30_days() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);

    // Diễn Châu's 93.96% is the lowest of the four communes' latest figures.
    let dc = page(&out, "communes/nghe-an/dien-chau/index.html");
    let card = key_card(&dc, "dossiers_online_rate");
    assert!(
        card.contains("Hạng 4/4 xã có số liệu · trung vị 99,87%"),
        "{card}"
    );
    let en = page(&out, "en/communes/nghe-an/dien-chau/index.html");
    let card = key_card(&en, "dossiers_online_rate");
    assert!(
        card.contains("Ranked 4 of 4 with a figure · median 99.87%"),
        "{card}"
    );

    // An Trường's 14,722 dossiers over five months against Diễn Châu's 961 over 19 days:
    // ranked per 30 days, with the figure as reported and its window beside it.
    let ranking = text_of(&page(&out, "indicators/dossiers_received/index.html"));
    assert!(ranking.contains("mỗi số được quy về 30 ngày"), "{ranking}");
    assert!(
        ranking.contains("2.924,9 hồ sơ / 30 ngày từ 14.722 hồ sơ trong 5 tháng"),
        "{ranking}"
    );
    assert!(
        ranking.contains("1.517,4 hồ sơ / 30 ngày từ 961 hồ sơ trong 19 ngày"),
        "{ranking}"
    );
    let bars = page(&out, "charts/indicators/dossiers_received.vi.svg");
    assert!(
        bars.contains("\n2.924,9\n") && !bars.contains("\n14.722\n"),
        "bars are drawn per 30 days"
    );
}

#[test]
fn no_trend_is_drawn_from_fewer_than_three_regular_periods() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_ok(&root().join("content"), &out);
    // None of the four bundled communes has three regular periods of a key figure: their
    // charts are comparison strips only.
    let charts = files(&out.join("charts"));
    let trends: Vec<&String> = charts
        .keys()
        .filter(|k| !k.starts_with("indicators/") && !k.contains(".compare."))
        .collect();
    assert!(
        trends.is_empty(),
        "trend charts of one or two dots: {trends:?}"
    );
    // Xuân Giang's two running totals end on the same day: no change is said between them.
    let xg = page(&out, "communes/ninh-binh/xuan-giang/index.html");
    let at = xg
        .find("indicators/digitization_rate/index.html\">")
        .unwrap();
    let card = &xg[at..at + xg[at..].find("</article>").unwrap()];
    assert!(!card.contains("class=\"change\""), "{card}");
    assert!(card.contains("99,85%"), "{card}");
}

#[test]
fn a_commune_with_months_gets_a_trend_and_the_change_since_last_month() {
    let dir = tempfile::tempdir().unwrap();
    let content = demo_content(dir.path(), 1, 8, 6);
    let out = dir.path().join("public");
    build_ok(&content, &out);
    let charts = files(&out.join("charts"));
    let commune = charts
        .keys()
        .find(|k| k.ends_with("/dossiers_online_rate.vi.svg") && !k.starts_with("indicators/"))
        .expect("a trend of six months")
        .trim_end_matches("/dossiers_online_rate.vi.svg")
        .to_string();
    let html = page(&out, &format!("communes/{commune}/index.html"));
    let card = key_card(&html, "dossiers_online_rate");
    assert!(
        card.contains("điểm % so với 01/09–30/09/2026")
            || card.contains("Không đổi so với 01/09–30/09/2026"),
        "{card}"
    );
    // One province of eight communes: its rank is the site's, said once.
    assert!(card.contains("xã có số liệu"), "{card}");
    assert!(!card.contains("ở Hà Nội"), "{card}");
}
