//! Machine-facing files: `sitemap.xml`, `atom.xml` (one entry per data release), `robots.txt`.

use crate::format;
use crate::model::{Commune, Period, Province, Site};
use crate::render::Sink;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::fmt::Write as _;
use std::io;

use super::html::escape as xml_escape;

/// URLs one sitemap file may list: the limit of the sitemap protocol (sitemaps.org), which a
/// national site passes three times over.
const SITEMAP_URLS: usize = 50_000;

/// Entries of a feed: the newest. Readers show the latest items, and one entry per commune
/// period would be 200,000 entries (80 MB) at national five-year scale.
pub const FEED_ENTRIES: usize = 100;

/// Writes the sitemap, the feeds (one per language) and robots.txt.
pub fn render(site: &Site, pages: &[String], sink: &dyn Sink) -> io::Result<()> {
    let base = &site.config.base_url;
    // 150,000 addresses at national scale, made while the update waits to go online.
    let urls: Vec<String> = pages
        .par_iter()
        .filter(|p| !p.ends_with("404.html"))
        .map(|page| format!("{base}{}", page.trim_end_matches("index.html")))
        .collect();
    sink.write(
        "robots.txt",
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n").as_bytes(),
    )?;
    // The sitemaps and each language's feed are independent; at national scale they are made
    // after every page, just before the update goes online.
    let feeds = || {
        site.config
            .languages
            .par_iter()
            .enumerate()
            .try_for_each(|(n, lang)| {
                let prefix = if n == 0 {
                    String::new()
                } else {
                    format!("{lang}/")
                };
                sink.write(
                    &format!("{prefix}atom.xml"),
                    atom(site, lang, &prefix).as_bytes(),
                )
            })
    };
    let sitemaps = || {
        sitemaps(base, &urls, SITEMAP_URLS)
            .into_iter()
            .try_for_each(|(path, text)| sink.write(&path, text.as_bytes()))
    };
    let (feeds, sitemaps) = rayon::join(feeds, sitemaps);
    feeds.and(sitemaps)
}

/// `sitemap.xml` listing `urls`; beyond `limit` URLs, an index of `sitemaps/<n>.xml` files of
/// `limit` URLs each. Returns `(path, text)` pairs.
fn sitemaps(base: &str, urls: &[String], limit: usize) -> Vec<(String, String)> {
    let urlset = |urls: &[String]| {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for url in urls {
            let _ = writeln!(out, "  <url><loc>{}</loc></url>", xml_escape(url));
        }
        out.push_str("</urlset>\n");
        out
    };
    if urls.len() <= limit {
        return vec![("sitemap.xml".to_string(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let sets: Vec<String> = urls.par_chunks(limit).map(urlset).collect();
    for (n, set) in sets.into_iter().enumerate() {
        let path = format!("sitemaps/{}.xml", n + 1);
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            xml_escape(&format!("{base}{path}"))
        );
        files.push((path, set));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_string(), index));
    files
}

/// An Atom feed, newest first: one entry per recorded release (`minhbach release`), or, on a
/// site that has recorded none yet, one per period of a commune.
fn atom(site: &Site, lang: &str, prefix: &str) -> String {
    let mut entries = if site.history.releases.is_empty() {
        period_entries(site, lang, prefix)
    } else {
        release_entries(site, lang, prefix)
    };
    feed(site, lang, prefix, &mut entries)
}

type Entry = (chrono::NaiveDate, String, String);

/// One entry per release, saying what it added, corrected and withdrew.
fn release_entries(site: &Site, lang: &str, prefix: &str) -> Vec<Entry> {
    let base = &site.config.base_url;
    let history = &site.history;
    history
        .releases
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = &s.release;
            let url = format!("{base}{prefix}releases/{}/index.html", r.id);
            let date = format::date(r.date, lang);
            let (added, revised, removed) = (
                format::count(s.added as f64, lang),
                format::count(s.revised as f64, lang),
                format::count(s.removed as f64, lang),
            );
            let title = match lang {
                "vi" => format!("Đợt công bố số liệu ngày {date}"),
                _ => format!("Data release of {date}"),
            };
            let mut summary = match lang {
                "vi" => format!("{added} số liệu mới, {revised} số liệu đính chính, {removed} số liệu rút lại."),
                _ => format!("{added} new figures, {revised} revised, {removed} withdrawn."),
            };
            if let Some(note) = &r.note {
                summary = format!("{} {summary}", note.get(lang));
            }
            let corrected: Vec<String> = history
                .revisions
                .iter()
                .filter(|rev| rev.steps.iter().skip(1).any(|st| st.release == Some(i)))
                .take(20)
                .map(|rev| {
                    let k = &rev.key;
                    format!("{}/{} {} {}", k.province, k.commune, k.period, k.indicator)
                })
                .collect();
            if !corrected.is_empty() {
                let more = if s.revised + s.removed > corrected.len() { ", …" } else { "" };
                summary.push_str(&match lang {
                    "vi" => format!(" Đính chính: {}{more}.", corrected.join(", ")),
                    _ => format!(" Corrected: {}{more}.", corrected.join(", ")),
                });
            }
            let entry = format!(
                "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
                xml_escape(&title),
                xml_escape(&url),
                xml_escape(&url),
                r.date,
                xml_escape(&summary)
            );
            (r.date, url, entry)
        })
        .collect()
}

/// One entry per period of a commune, for sites that have recorded no release yet: the
/// [`FEED_ENTRIES`] newest (by the source's date, else the period's end).
fn period_entries(site: &Site, lang: &str, prefix: &str) -> Vec<Entry> {
    let base = &site.config.base_url;
    let date = |period: &Period| period.info.source.date.unwrap_or(period.info.end);
    let mut newest: Vec<(&Province, &Commune, &Period)> = site
        .communes()
        .flat_map(|(p, c)| c.periods.iter().map(move |period| (p, c, period)))
        .collect();
    let order = |a: &(&Province, &Commune, &Period), b: &(&Province, &Commune, &Period)| {
        date(b.2)
            .cmp(&date(a.2))
            .then_with(|| (&a.0.info.id, &a.1.info.id).cmp(&(&b.0.info.id, &b.1.info.id)))
            .then_with(|| a.2.info.id.cmp(&b.2.info.id))
    };
    first_in_order(&mut newest, FEED_ENTRIES, order);
    newest
        .into_iter()
        .map(|(p, c, period)| {
            let info = &period.info;
            let label = info
                .label
                .as_ref()
                .map(|l| l.get(lang).to_string())
                .unwrap_or_else(|| format::date_range(info.start, info.end, lang));
            let url = format!(
                "{base}{prefix}communes/{}/{}/index.html#period-{}",
                p.info.id, c.info.id, info.id
            );
            let figures = period.observations.len();
            let warnings = period.observations.warning_count();
            let summary = match lang {
                "vi" => format!(
                    "{figures} số liệu, {warnings} cảnh báo chất lượng số liệu. Nguồn: {}",
                    info.source.title
                ),
                _ => format!(
                    "{figures} figures, {warnings} data-quality warnings. Source: {}",
                    info.source.title
                ),
            };
            let mut entry = String::new();
            let _ = write!(
                entry,
                "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
                xml_escape(&format!("{}, {}: {label}", c.info.name, p.info.name)),
                xml_escape(&url),
                xml_escape(&url),
                date(period),
                xml_escape(&summary)
            );
            (date(period), url, entry)
        })
        .collect()
}

/// Keeps the first `n` of `items` in `order`, sorted: selected in linear time, then sorted
/// (sorting all 200,000 periods of a national site, in each language, held up putting an
/// update online). With a total order, the same as sorting everything and truncating.
fn first_in_order<T>(items: &mut Vec<T>, n: usize, order: impl Fn(&T, &T) -> Ordering) {
    if items.len() > n && n > 0 {
        items.select_nth_unstable_by(n - 1, &order);
    }
    items.truncate(n);
    items.sort_by(order);
}

/// The feed around `entries`.
fn feed(site: &Site, lang: &str, prefix: &str, entries: &mut [Entry]) -> String {
    let base = &site.config.base_url;
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let entries = &entries[..entries.len().min(FEED_ENTRIES)];
    let updated = entries
        .first()
        .map(|e| e.0.to_string())
        .unwrap_or_else(|| "1970-01-01".into());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = write!(
        out,
        "  <title>{}</title>\n  <id>{base}{prefix}atom.xml</id>\n  <link rel=\"self\" href=\"{base}{prefix}atom.xml\"/>\n  <link href=\"{base}{prefix}index.html\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        xml_escape(site.config.title.get(lang)),
        xml_escape(&site.config.publisher)
    );
    for (_, _, e) in entries.iter() {
        out.push_str(e);
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_the_limit_becomes_an_index_of_files_within_it() {
        let urls: Vec<String> = (1..=5).map(|n| format!("https://x.vn/p{n}/")).collect();
        let one = sitemaps("https://x.vn/", &urls, 5);
        assert_eq!(one.len(), 1);
        assert!(one[0].1.contains("<urlset") && one[0].1.contains("/p5/"));
        let split = sitemaps("https://x.vn/", &urls, 2);
        let paths: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemaps/1.xml",
                "sitemaps/2.xml",
                "sitemaps/3.xml"
            ]
        );
        assert!(split[0].1.contains("<sitemapindex"));
        assert!(
            split[0]
                .1
                .contains("<loc>https://x.vn/sitemaps/3.xml</loc>")
        );
        assert_eq!(split[3].1.matches("<url>").count(), 1);
        let listed: usize = split[1..]
            .iter()
            .map(|(_, t)| t.matches("<url>").count())
            .sum();
        assert_eq!(listed, 5);
    }

    #[test]
    fn the_first_in_order_are_those_of_a_full_sort() {
        // A fixed pseudo-random sequence with many ties on the first key.
        let mut x: u64 = 7;
        let items: Vec<(u8, u32)> = (0..5_000u32)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((x >> 59) as u8, i)
            })
            .collect();
        let order = |a: &(u8, u32), b: &(u8, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        for n in [0, 1, 100, 4_999, 5_000, 6_000] {
            let mut all = items.clone();
            all.sort_by(order);
            all.truncate(n);
            let mut first = items.clone();
            first_in_order(&mut first, n, order);
            assert_eq!(first, all, "n = {n}");
        }
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;"
        );
    }
}
