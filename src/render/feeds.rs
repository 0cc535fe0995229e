//! Machine-facing files: `sitemap.xml`, `atom.xml` (one entry per data release), `robots.txt`.

use crate::format;
use crate::model::Site;
use crate::write::Sink;
use std::fmt::Write as _;
use std::io;

use super::escape as xml_escape;

/// Writes the sitemap, the feeds (one per language) and robots.txt.
pub fn render(site: &Site, pages: &[String], sink: &dyn Sink) -> io::Result<()> {
    let base = &site.config.base_url;
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| !p.ends_with("404.html")) {
        let _ = writeln!(
            sitemap,
            "  <url><loc>{}</loc></url>",
            xml_escape(&format!("{base}{}", page.trim_end_matches("index.html")))
        );
    }
    sitemap.push_str("</urlset>\n");
    sink.write("sitemap.xml", sitemap.as_bytes())?;
    sink.write(
        "robots.txt",
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n").as_bytes(),
    )?;
    for (n, lang) in site.config.languages.iter().enumerate() {
        let prefix = if n == 0 {
            String::new()
        } else {
            format!("{lang}/")
        };
        sink.write(
            &format!("{prefix}atom.xml"),
            atom(site, lang, &prefix).as_bytes(),
        )?;
    }
    Ok(())
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

/// One entry per period of a commune, for sites that have recorded no release yet.
fn period_entries(site: &Site, lang: &str, prefix: &str) -> Vec<Entry> {
    let base = &site.config.base_url;
    let mut entries: Vec<Entry> = Vec::new();
    for (p, c) in site.communes() {
        for period in &c.periods {
            let info = &period.info;
            let date = info.source.date.unwrap_or(info.end);
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
            let warnings = period.warnings().count();
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
                date,
                xml_escape(&summary)
            );
            entries.push((date, url, entry));
        }
    }
    entries
}

/// The feed around `entries`.
fn feed(site: &Site, lang: &str, prefix: &str, entries: &mut [Entry]) -> String {
    let base = &site.config.base_url;
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
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
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;"
        );
    }
}
