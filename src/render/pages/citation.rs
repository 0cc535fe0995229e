//! How to cite a page (as a release), and the corrections listed on commune, indicator and
//! release pages.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::domain::{Unit, Value};
use crate::format;
use crate::model::history::{Revision, Step};
use crate::render::downloads::{registry, tables};
use crate::render::views::*;

/// At most this many corrections are listed on one page; the revision log has them all.
const REVISIONS_PER_PAGE: usize = 100;

impl Renderer<'_> {
    /// Corrections to list on a page (at most [`REVISIONS_PER_PAGE`]); `with_commune` for pages
    /// about more than one commune.
    pub(super) fn revisions<'r>(
        &self,
        from: &str,
        revisions: impl Iterator<Item = &'r Revision>,
        with_commune: bool,
    ) -> Revisions {
        let mut rows = Vec::new();
        let mut total = 0;
        for r in revisions {
            total += 1;
            if rows.len() < REVISIONS_PER_PAGE {
                rows.push(self.revision(from, r, with_commune));
            }
        }
        let more = if total > rows.len() {
            let n = |x: usize| format::count(x as f64, self.lang);
            self.tf(
                "revisions_more",
                &[("shown", &n(rows.len())), ("total", &n(total))],
            )
        } else {
            String::new()
        };
        Revisions {
            with_commune,
            rows,
            more,
            data_href: relative(from, registry::REVISIONS.path),
        }
    }

    pub(super) fn revision(&self, from: &str, r: &Revision, with_commune: bool) -> RevisionView {
        let k = &r.key;
        let place = self
            .site
            .provinces
            .iter()
            .find(|p| p.info.id == k.province)
            .and_then(|p| {
                p.communes
                    .iter()
                    .find(|c| c.info.id == k.commune)
                    .map(|c| (p, c))
            });
        let indicator = self
            .site
            .indicator_index(k.indicator.as_str())
            .map(|i| &self.site.indicators[i]);
        // A commune gone from the content is named by its ids, without a link.
        let commune = Some(match place {
            Some((p, c)) => Link {
                text: format!("{}, {}", c.info.name, p.info.name),
                href: relative(from, &self.out(&path::commune(p, c))),
            },
            None => Link {
                text: format!("{}/{}", k.province, k.commune),
                href: String::new(),
            },
        });
        let period = place.and_then(|(p, c)| {
            c.periods
                .iter()
                .find(|x| x.info.id == k.period)
                .map(|x| (p, c, x))
        });
        let mut before: Option<&Step> = None;
        let steps = r
            .steps
            .iter()
            .map(|step| {
                let change = tables::change(before, step);
                before = Some(step);
                let value = match (step.value, indicator) {
                    (None, _) => self.t("withdrawn"),
                    (Some(None), _) => self.t("not_reported"),
                    (Some(Some(x)), Some(ind)) => {
                        let v = if ind.unit == Unit::Yesno {
                            Value::Bool(x != 0.0)
                        } else {
                            Value::Number(x)
                        };
                        self.value_text(ind, v)
                    }
                    (Some(Some(x)), None) => format::number(x, 4, self.lang),
                };
                let (when, href) = match step.release {
                    Some(i) => {
                        let rel = &self.site.history.releases[i].release;
                        (
                            self.tf(
                                "in_release",
                                &[("date", &format::date(rel.date, self.lang))],
                            ),
                            relative(from, &self.out(&path::release(rel.id.as_str()))),
                        )
                    }
                    None => (self.t("not_yet_released"), String::new()),
                };
                RevisionStep {
                    value,
                    change: self.t(&format!("change_{change}")),
                    when,
                    href,
                }
            })
            .collect();
        RevisionView {
            commune: if with_commune { commune } else { None },
            indicator: match indicator {
                Some(ind) => Link {
                    text: ind.name.get(self.lang).to_string(),
                    href: relative(from, &self.out(&path::indicator(ind))),
                },
                None => Link {
                    text: k.indicator.to_string(),
                    href: String::new(),
                },
            },
            period: match period {
                Some((_, _, x)) => self.period_label(&x.info),
                None => k.period.to_string(),
            },
            period_href: match period {
                Some((p, c, x)) => format!(
                    "{}#period-{}",
                    relative(from, &self.out(&path::commune(p, c))),
                    x.info.id
                ),
                None => String::new(),
            },
            steps,
        }
    }

    /// How to cite a page titled `title` at `canonical`: as release `release`, or by default
    /// as the latest release (saying so when the content has changed since).
    pub(super) fn cite(
        &self,
        from: &str,
        title: &str,
        canonical: &str,
        release: Option<usize>,
    ) -> CiteView {
        let history = &self.site.history;
        let chosen = match release {
            Some(i) => history.releases.get(i),
            None => history.latest(),
        };
        let (release, release_href) = match chosen {
            None => (self.t("cite_unreleased"), String::new()),
            Some(latest) => {
                let date = format::date(latest.release.date, self.lang);
                let key = if release.is_some() || history.unreleased.is_empty() {
                    "cite_release"
                } else {
                    "cite_release_with_changes"
                };
                (
                    self.tf(key, &[("date", &date)]),
                    relative(from, &self.out(&path::release(latest.release.id.as_str()))),
                )
            }
        };
        let site = &self.site_view;
        let text = self.tf(
            "cite_text",
            &[
                ("publisher", &site.publisher),
                ("title", title),
                ("site", &site.title),
                ("release", &release),
                ("url", canonical),
                ("licence", &site.data_license),
            ],
        );
        CiteView {
            text,
            release,
            release_href,
        }
    }
}
