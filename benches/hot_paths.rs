//! Criterion micro-benchmarks of the build's hot paths (issue 6).
//!
//! `cargo bench --bench hot_paths` measures them; `cargo test --all-targets` (CI) runs each one
//! once as a smoke test. The whole-build benchmark with the floor and Hugo is `bench/run.sh`.
//!
//! `render/minimal_site` renders the whole minimal fixture (two communes, both languages,
//! charts and data files) into memory; `render/commune_page_60_months` renders one commune's
//! page of a synthetic province with five years of months (`minhbach demo`), its charts
//! included, through `render::pages::PageSet` as a build does.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use minhbach::render::charts::{Shape, Trend, TrendPoint, trend_svg};
use minhbach::write::MemorySink;
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A period file like the synthetic national content: a month with ~40 figures.
fn period_text() -> String {
    const IDS: [&str; 40] = [
        "tasks_assigned",
        "tasks_completed",
        "tasks_completed_on_time",
        "tasks_completed_late",
        "tasks_in_progress",
        "tasks_completion_rate",
        "targets_total",
        "targets_achieved",
        "it_staff",
        "community_digital_teams",
        "community_digital_team_members",
        "budget_allocated",
        "budget_disbursed",
        "villages_total",
        "villages_with_mobile_coverage",
        "digital_certificates_org",
        "digital_certificates_personal",
        "e_signed_documents_rate",
        "procedures_total",
        "procedures_full_online",
        "procedures_partial_online",
        "procedures_full_online_rate",
        "dossiers_received",
        "dossiers_online",
        "dossiers_in_person",
        "dossiers_full_online",
        "dossiers_online_rate",
        "dossiers_full_online_rate",
        "dossiers_resolved",
        "dossiers_resolved_on_time",
        "dossiers_resolved_late",
        "dossiers_on_time_rate",
        "dossiers_pending",
        "digitization_rate",
        "e_result_rate",
        "portal_sync_rate",
        "online_payment_rate",
        "party_members_total",
        "party_members_ehandbook",
        "security_incidents",
    ];
    let mut s = String::from(
        "period: {start: 2026-01-01, end: 2026-01-31, kind: regular}\n\
         source: {title: \"Báo cáo tháng 01/2026 về thực hiện Nghị quyết 57-NQ/TW\", issued_by: \"UBND xã Diễn Châu\", report: 2026-q1}\n\
         values:\n",
    );
    for (i, id) in IDS.iter().enumerate() {
        if i % 8 == 0 {
            s.push_str(&format!(
                "  {id}: {{value: {}, note: \"Báo cáo ghi khoảng {i} (số liệu tổng hợp)\"}}\n",
                100 + i * 37
            ));
        } else {
            s.push_str(&format!("  {id}: {}\n", 100 + i * 37));
        }
    }
    s
}

fn yaml(c: &mut Criterion) {
    let text = period_text();
    let path = PathBuf::from("communes/nghe-an/dien-chau/data/2026-01.yaml");
    c.bench_function("yaml/period_file_40_values", |b| {
        b.iter(|| {
            minhbach::load::parse_yaml_text::<minhbach::load::raw::RawPeriodFile>(
                &path,
                black_box(&text),
                1,
            )
            .expect("the benchmark's period file parses")
        })
    });
}

fn model(c: &mut Criterion) {
    let content = root().join("content");
    c.bench_function("model/load_site_bundled_content", |b| {
        b.iter(|| {
            let (site, _) = minhbach::pipeline::load_site(black_box(&content));
            assert!(site.is_some());
            site
        })
    });
}

fn render(c: &mut Criterion) {
    let content = root().join("tests/fixtures/minimal/content");
    let themes = root().join("themes");
    let (site, diags) = minhbach::pipeline::load_site(&content);
    let site = site.unwrap_or_else(|| panic!("minimal fixture is invalid: {diags:?}"));
    c.bench_function("render/minimal_site_to_memory", |b| {
        b.iter(|| {
            let sink = MemorySink::default();
            minhbach::render::render(black_box(&site), &themes, &sink).map(|r| r.pages)
        })
    });
}

fn commune_page(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    let scale = minhbach::demo::Scale {
        provinces: 1,
        communes: 20,
        periods: 60,
        seed: 57,
        missing_latest: 0,
    };
    minhbach::demo::generate(&content, scale).expect("the demo content is written");
    let (site, diags) = minhbach::pipeline::load_site(&content);
    let site = site.unwrap_or_else(|| panic!("the demo content is invalid: {diags:?}"));
    let theme = minhbach::render::theme::Theme::load(
        &root().join("themes"),
        &site.config.theme,
        &site.config.languages,
    )
    .expect("the bundled theme loads");
    let pages = minhbach::render::pages::PageSet::new(&site, &theme).expect("templates");
    let province = &site.provinces[0];
    let commune = &province.communes[0];
    assert_eq!(commune.periods.len(), 60);
    let lang = site.config.languages[0].clone();
    // What is measured is the page and its charts.
    let once = MemorySink::default();
    pages
        .commune(&lang, province, commune, &once)
        .expect("the page renders");
    let files = once.into_files();
    let page = files
        .iter()
        .find(|(rel, _)| rel.ends_with("index.html"))
        .expect("the commune's page");
    assert!(String::from_utf8_lossy(page.1).contains(&commune.info.name));
    assert!(files.keys().any(|rel| rel.ends_with(".svg")), "no chart");
    c.bench_function("render/commune_page_60_months", |b| {
        b.iter(|| {
            let sink = MemorySink::default();
            pages
                .commune(&lang, province, black_box(commune), &sink)
                .expect("the page renders");
            sink
        })
    });
}

fn chart(c: &mut Criterion) {
    let points: Vec<TrendPoint> = (0..60)
        .map(|i| {
            let start = NaiveDate::from_ymd_opt(2021 + i / 12, (i % 12) as u32 + 1, 1).unwrap();
            let end = start
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap();
            let value = 60.0 + f64::from(i) * 0.6;
            TrendPoint {
                start,
                end,
                value,
                label: format!("{value:.1}%"),
            }
        })
        .collect();
    let format_y = |v: f64| format!("{v:.0}%");
    let format_date = |d: NaiveDate| d.format("%m/%Y").to_string();
    let trend = Trend {
        title: "Tỷ lệ hồ sơ nộp trực tuyến",
        description: "Từ 60,0% (01/2021) lên 95,4% (12/2025).",
        points: &points,
        shape: Shape::Level,
        target: Some((100.0, "Mục tiêu 100%")),
        y_range: Some((0.0, 100.0)),
        format_y: &format_y,
        format_date: &format_date,
    };
    c.bench_function("chart/trend_60_months", |b| {
        b.iter(|| trend_svg(black_box(&trend)).len())
    });
}

criterion_group!(benches, yaml, model, render, commune_page, chart);
criterion_main!(benches);
