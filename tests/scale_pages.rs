//! Pages of a site too large to list every commune on one page (more than
//! `SUMMARY_ABOVE_COMMUNES`): the overview summarises by province, indicator pages show the
//! national picture and link to one ranking page per province, and no page is over 1 MB.
//! Runs the real binary: `minhbach demo`, then `minhbach build`.

mod common;
use common::*;
use minhbach::render::summary::SUMMARY_ABOVE_COMMUNES;
use std::collections::BTreeMap;
use std::path::Path;

const PROVINCES: usize = 2;
const COMMUNES: usize = 300;
const MB: usize = 1_000_000;
// The site must be above the threshold, or this tests the small-site pages.
const _: () = assert!(COMMUNES > SUMMARY_ABOVE_COMMUNES);

/// A generated site above the threshold: its content folder and its built pages.
struct Built {
    _dir: tempfile::TempDir,
    content: std::path::PathBuf,
    out: std::path::PathBuf,
    files: BTreeMap<String, Vec<u8>>,
}

fn built() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("demo");
    let o = run(
        dir.path(),
        &[
            "demo",
            "--out",
            content.to_str().unwrap(),
            "--provinces",
            &PROVINCES.to_string(),
            "--communes",
            &COMMUNES.to_string(),
            "--periods",
            "3",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o).1);
    let out = dir.path().join("site");
    build_ok(&content, &out);
    let files = files(&out);
    Built {
        _dir: dir,
        content,
        out,
        files,
    }
}

fn page(b: &Built, path: &str) -> String {
    String::from_utf8(
        b.files
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not built"))
            .clone(),
    )
    .unwrap()
}

/// Province ids of the generated content, in folder order.
fn provinces(content: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(content.join("communes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// The latest figure of `indicator` of every commune of `province`, from the rows of
/// `data/observations.csv` (the period with the latest end; every demo period is a month).
fn latest_figures(
    rows: &[BTreeMap<String, String>],
    province: &str,
    indicator: &str,
) -> BTreeMap<String, f64> {
    let mut latest: BTreeMap<String, (String, f64)> = BTreeMap::new();
    for r in rows {
        if r["province_id"] != province || r["indicator_id"] != indicator || r["value"].is_empty() {
            continue;
        }
        let value: f64 = r["value"].parse().unwrap();
        let end = r["period_end"].clone();
        let e = latest
            .entry(r["commune_id"].clone())
            .or_insert((end.clone(), value));
        if end >= e.0 {
            *e = (end, value);
        }
    }
    latest.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// `97,12%` as the Vietnamese pages write a percentage.
fn percent_vi(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{}%", s.replace('.', ","))
}

/// The part of `html` from `start` to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// (rank label, data-sort of the figure) of each row of a ranking table.
fn ranking_rows(table: &str) -> Vec<(String, f64)> {
    table
        .split("<tr data-search=")
        .skip(1)
        .map(|row| {
            let rank = between(row, "<td data-sort=", "</td>");
            let rank = rank[rank.find('>').unwrap() + 1..].to_string();
            let cells: Vec<&str> = row.split("<td data-sort=\"").collect();
            let value = cells[2].split('"').next().unwrap().parse().unwrap();
            (rank, value)
        })
        .collect()
}

/// The ranks a ranking of `values` (best first) must show: ties share the first one's rank.
fn expected_ranks(values: &[f64]) -> Vec<String> {
    values
        .iter()
        .map(|x| {
            let first = values.iter().position(|y| y == x).unwrap() + 1;
            let tied = values.iter().filter(|y| *y == x).count() > 1;
            if tied {
                format!("{first}=")
            } else {
                first.to_string()
            }
        })
        .collect()
}

#[test]
fn a_national_scale_site_is_summarised_and_every_commune_stays_reachable() {
    let b = built();
    let province_ids = provinces(&b.content);
    assert_eq!(province_ids.len(), PROVINCES);

    // No page is over 1 MB, in either language.
    let html: Vec<(&String, usize)> = b
        .files
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, v.len()))
        .collect();
    let heaviest = html.iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(heaviest.1 < MB, "{} is {} bytes", heaviest.0, heaviest.1);

    // The overview: a row per province and the top and bottom communes, not a row per commune.
    for (lang, prefix) in [("vi", ""), ("en", "en/")] {
        let overview = page(&b, &format!("{prefix}index.html"));
        assert!(overview.contains("id=\"province-summary\""), "{lang}");
        assert!(
            !overview.contains("id=\"headline\""),
            "{lang}: the commune table is gone"
        );
        let summary = between(&overview, "id=\"province-summary\"", "</table>");
        assert_eq!(summary.matches("<tr data-search=").count(), PROVINCES);
        for p in &province_ids {
            assert!(
                summary.contains(&format!("provinces/{p}/index.html")),
                "{p}"
            );
        }
        let commune_links = overview.matches("communes/").count();
        assert!(
            commune_links < 100,
            "{lang}: {commune_links} links to communes on the overview"
        );
        assert!(
            overview.contains("extremes-digitization_rate-top"),
            "{lang}"
        );
    }
    let en = page(&b, "en/index.html");
    assert!(en.contains("Key indicators by province") && en.contains("Top 5: "));

    // A median on the overview equals the one computed here from the data file.
    let observations = csv_rows(&b.out.join("data/observations.csv"));
    let overview = page(&b, "index.html");
    let head = between(&overview, "id=\"province-summary\"", "</thead>");
    let column = head
        .split("<th scope=\"col\"")
        .skip(3) // what precedes the first header, then province and number of communes
        .position(|th| th.contains("indicators/digitization_rate/index.html"))
        .expect("digitization_rate is a key indicator");
    for p in &province_ids {
        let figures = latest_figures(&observations, p, "digitization_rate");
        let m = median(figures.values().copied().collect());
        let row = between(
            &overview,
            &format!("<th scope=\"row\"><a href=\"provinces/{p}/index.html\">"),
            "</tr>",
        );
        let cell = row.split("<td data-sort=\"").nth(2 + column).unwrap();
        let sort: f64 = cell.split('"').next().unwrap().parse().unwrap();
        assert!((sort - m).abs() < 1e-9, "{p}: median {sort} ≠ {m}");
        assert!(
            cell.contains(&format!("<span class=\"v\">{}</span>", percent_vi(m))),
            "{p}: {cell}"
        );
        assert!(cell.contains(&format!("{} xã báo cáo", figures.len())));
    }

    // An indicator page links to every province's ranking; each exists and ranks its communes.
    for ind in ["it_staff", "digitization_rate"] {
        for prefix in ["", "en/"] {
            let national = page(&b, &format!("{prefix}indicators/{ind}/index.html"));
            assert!(national.contains("id=\"by-province\""));
            assert!(
                !national.contains("id=\"ranking\""),
                "no full national ranking"
            );
            assert!(national.contains(&format!("charts/indicators/{ind}.distribution.")));
            for p in &province_ids {
                let up = if prefix.is_empty() {
                    "../../"
                } else {
                    "../../../"
                };
                let link = format!("href=\"{up}{prefix}indicators/{ind}/{p}/index.html\"");
                assert!(national.contains(&link), "{prefix}{ind}: {link}");
            }
        }
        for p in &province_ids {
            let path = format!("indicators/{ind}/{p}/index.html");
            let ranking = page(&b, &path);
            assert!(b.files.contains_key(&format!("en/{path}")));
            let rows = ranking_rows(between(&ranking, "id=\"ranking\"", "</table>"));
            let figures = latest_figures(&observations, p, ind);
            assert_eq!(rows.len(), figures.len(), "{path}: every commune with data");
            let shown: Vec<f64> = rows.iter().map(|r| r.1).collect();
            let mut expected: Vec<f64> = figures.values().copied().collect();
            expected.sort_by(|a, c| c.total_cmp(a));
            assert_eq!(shown, expected, "{path}: best first");
            let ranks: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
            assert_eq!(ranks, expected_ranks(&shown), "{path}: ties share a rank");
        }
    }
    // Staff counts from 2 to 8 over hundreds of communes: ties are certain.
    let staff = page(
        &b,
        &format!("indicators/it_staff/{}/index.html", province_ids[0]),
    );
    assert!(staff.contains(">1=</td>"));

    // The new pages are in the sitemap.
    let sitemap = page(&b, "sitemap.xml");
    assert!(sitemap.contains(&format!(
        "/en/indicators/it_staff/{}/</loc>",
        province_ids[1]
    )));

    // The feed holds the 100 newest periods, not one entry per commune period.
    let periods = COMMUNES * 3;
    assert!(periods > 100);
    let atom = page(&b, "atom.xml");
    assert_eq!(atom.matches("<entry>").count(), 100);
    let updated: Vec<&str> = atom.split("<updated>").skip(2).map(|e| &e[..10]).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
}
