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
    // Nor is any commune drawn over time on an indicator page: none has two regular periods.
    let over_time: Vec<&String> = charts
        .keys()
        .filter(|k| k.contains(".over-time."))
        .collect();
    assert!(over_time.is_empty(), "{over_time:?}");
    let html = page(&out, "indicators/dossiers_online_rate/index.html");
    assert!(!html.contains("over-time-heading"));
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

/// The figure after `label` in `text`, read back from its Vietnamese form ("75,2%" → 75.2).
fn vi_number_after(text: &str, label: &str) -> f64 {
    let at = text.find(label).unwrap_or_else(|| panic!("no {label}")) + label.len();
    let word = text[at..].split_whitespace().next().unwrap();
    word.trim_end_matches('%')
        .replace('.', "")
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|e| panic!("{word}: {e}"))
}

#[test]
fn an_indicator_page_draws_the_communes_over_time_around_their_median() {
    let dir = tempfile::tempdir().unwrap();
    let content = demo_content(dir.path(), 1, 8, 6);
    let out = dir.path().join("public");
    build_ok(&content, &out);

    let html = page(&out, "indicators/dossiers_online_rate/index.html");
    let at = html
        .find("<h2 id=\"over-time-heading\"")
        .expect("a timeline");
    let timeline = text_of(&html[at..]);
    assert!(timeline.starts_with("Qua các kỳ"), "{timeline}");
    // Eight communes: both ends of the ranking and the median, said so.
    assert!(
        timeline.contains("Vẽ 3 xã đứng đầu và 3 xã đứng cuối"),
        "{timeline}"
    );
    assert!(
        out.join("charts/indicators/dossiers_online_rate.over-time.vi.svg")
            .is_file()
    );
    let svg = page(
        &out,
        "charts/indicators/dossiers_online_rate.over-time.vi.svg",
    );
    assert!(svg.contains("Trung vị"), "the median is named on the chart");

    // The median column is the median of the eight communes' figures of each month.
    let rows = csv_rows(&out.join("data/observations.csv"));
    for (end, label) in [
        ("2026-05-31", "01/05–31/05/2026"),
        ("2026-10-31", "01/10–31/10/2026"),
    ] {
        let mut month: Vec<f64> = rows
            .iter()
            .filter(|r| {
                r["indicator_id"] == "dossiers_online_rate"
                    && r["period_end"] == end
                    && r["period_kind"] == "regular"
            })
            .map(|r| r["value"].parse().unwrap())
            .collect();
        assert_eq!(month.len(), 8, "{end}");
        month.sort_by(f64::total_cmp);
        let median = (month[3] + month[4]) / 2.0;
        let shown = vi_number_after(&timeline, &format!("{label} "));
        assert!(
            (shown - median).abs() < 0.006,
            "{label}: shown {shown}, median {median}"
        );
    }

    let en = page(&out, "en/indicators/dossiers_online_rate/index.html");
    let at = en.find("<h2 id=\"over-time-heading\"").unwrap();
    let timeline = text_of(&en[at..]);
    assert!(timeline.starts_with("Over time"), "{timeline}");
    assert!(timeline.contains("Median"), "{timeline}");
}

#[test]
fn a_flow_over_months_of_different_lengths_is_drawn_per_30_days() {
    let dir = tempfile::tempdir().unwrap();
    let content = demo_content(dir.path(), 1, 4, 3);
    let out = dir.path().join("public");
    build_ok(&content, &out);
    let html = page(&out, "indicators/dossiers_received/index.html");
    let at = html
        .find("<h2 id=\"over-time-heading\"")
        .expect("a timeline");
    let timeline = text_of(&html[at..]);
    // August has 31 days and September 30: never set side by side as reported.
    assert!(timeline.contains("mọi số đã quy về 30 ngày"), "{timeline}");
    let svg = page(&out, "charts/indicators/dossiers_received.over-time.vi.svg");
    assert!(
        svg.contains("qua các kỳ, quy về 30 ngày</title>"),
        "the chart says so on its own"
    );
    // Four communes: each is drawn, with no talk of ends.
    assert!(!timeline.contains("đứng đầu"), "{timeline}");
}

#[test]
fn flows_are_set_per_1000_inhabitants_where_communes_give_their_population() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root().join("content"), &content);
    for (commune, people) in [
        ("nghe-an/dien-chau", "52000"),
        ("hai-phong/an-truong", "40000"),
    ] {
        let file = content.join(format!("communes/{commune}/commune.yaml"));
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str(&format!("population: {people}\n"));
        std::fs::write(&file, text).unwrap();
    }
    let out = dir.path().join("public");
    build_ok(&content, &out);

    let ranking = text_of(&page(&out, "indicators/dossiers_received/index.html"));
    // 961 dossiers in 19 days for 52,000 people; 14,722 in 151 days for 40,000.
    let dc = 961.0 * 30.0 / 19.0 / 52.0;
    let at = 14722.0 * 30.0 / 151.0 / 40.0;
    for x in [dc, at] {
        let shown = format!("{:.2}", x).replace('.', ",");
        assert!(
            ranking.contains(&format!("{shown} hồ sơ / 1.000 dân / 30 ngày")),
            "{shown}: {ranking}"
        );
    }
    // Lâm Vỹ and Xuân Giang give no population: no figure per inhabitant is made up for them.
    assert_eq!(ranking.matches("/ 1.000 dân").count(), 2, "{ranking}");
    // Rates are not flows: never per inhabitant.
    let rate = page(&out, "indicators/dossiers_online_rate/index.html");
    assert!(!rate.contains("1.000 dân"));
    let en = text_of(&page(&out, "en/indicators/dossiers_received/index.html"));
    assert!(en.contains("per 1,000 inhabitants"), "{en}");
}
