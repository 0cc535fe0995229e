//! A report's page: the text as published, with links to the periods whose figures it gives.

use super::paths::{self as path, language_name, relative};
use super::renderer::Renderer;
use crate::format;
use crate::model::{Commune, Province};
use crate::render::markdown::to_safe_html;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn report(
        &self,
        p: &Province,
        c: &Commune,
        r: &crate::domain::Report,
    ) -> io::Result<()> {
        let path = path::report(p, c, r.id.as_str());
        let from = self.out(&path);
        let commune_href = relative(&from, &self.out(&path::commune(p, c)));
        // What this reads of the periods is what `citing_periods_key` hashes: keep them alike.
        let figures = c
            .periods
            .iter()
            .filter(|period| period.info.source.report.as_ref() == Some(&r.id))
            .map(|period| Link {
                text: self.period_label(&period.info),
                href: format!("{commune_href}#period-{}", period.info.id),
            })
            .collect();
        let view = ReportView {
            title: r.title.clone(),
            number: r.number.clone().unwrap_or_default(),
            issued_by: r.issued_by.clone(),
            signed_by: r.signed_by.clone().unwrap_or_default(),
            date: format::date(r.date, self.lang),
            period: format::date_range(r.start, r.end, self.lang),
            language: r.language.clone(),
            language_note: if r.language != self.lang {
                self.tf(
                    "report_language_note",
                    &[("language", language_name(&r.language))],
                )
            } else {
                String::new()
            },
            body_html: to_safe_html(&r.body),
            commune: Link {
                text: format!("{}, {}", c.info.name, p.info.name),
                href: commune_href,
            },
            figures,
        };
        let trail = vec![
            Link {
                text: p.info.name.clone(),
                href: path::province(p),
            },
            Link {
                text: c.info.name.clone(),
                href: path::commune(p, c),
            },
        ];
        let description = self.tf(
            "report_description",
            &[
                ("commune", &self.commune_named(c)),
                ("date", &format::date(r.date, self.lang)),
            ],
        );
        let common = self.common("report", &path, r.title.clone(), description, trail);
        self.write_page("report.html", &from, common, view)
    }
}

/// A hash of what a report page shows of its commune's periods: a link to each period that
/// cites report `id` (its id), named by its label or its dates ([`Renderer::report`]).
/// Computed for each of 133,000 report pages at national scale, so from the fields, not a
/// serialisation of the whole period.
pub(super) fn citing_periods_key(
    c: &Commune,
    id: &crate::base::ids::ReportId,
) -> crate::render::Key {
    let mut h = blake3::Hasher::new();
    for period in c
        .periods
        .iter()
        .filter(|p| p.info.source.report.as_ref() == Some(id))
    {
        let info = &period.info;
        h.update(info.id.as_str().as_bytes());
        h.update(&[0]);
        for day in [info.start, info.end] {
            h.update(&chrono::Datelike::num_days_from_ce(&day).to_le_bytes());
        }
        for (lang, text) in info.label.iter().flat_map(|l| &l.0) {
            h.update(lang.as_bytes());
            h.update(&[0]);
            h.update(text.as_bytes());
            h.update(&[0]);
        }
        h.update(&[1]);
    }
    *h.finalize().as_bytes()
}
