//! The release archive and one page per release.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::format;
use crate::model::history::Changes;
use crate::render::downloads::registry::{self, Place};
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    /// `releases/`: every release, newest first.
    pub(super) fn release_archive(&self) -> io::Result<()> {
        let path = path::releases();
        let from = self.out(&path);
        let history = &self.site.history;
        let releases = (0..history.releases.len())
            .rev()
            .map(|i| self.release_entry(&from, i))
            .collect();
        let unreleased = if history.releases.is_empty() || history.unreleased.is_empty() {
            String::new()
        } else {
            self.tf(
                "unreleased_changes",
                &[("changes", &self.changes_sentence(history.unreleased))],
            )
        };
        let common = self.common(
            "releases",
            &path,
            self.t("releases"),
            self.t("releases_description"),
            vec![],
        );
        self.write_page(
            "releases.html",
            &from,
            common,
            ReleasesView {
                releases,
                unreleased,
            },
        )
    }

    /// `releases/<id>/`: what one release published and changed.
    pub(super) fn release_page(&self, i: usize) -> io::Result<()> {
        let summary = &self.site.history.releases[i];
        let release = &summary.release;
        let path = path::release(release.id.as_str());
        let from = self.out(&path);
        let link = |j: usize| {
            let r = &self.site.history.releases[j].release;
            Link {
                text: self.tf(
                    "release_title",
                    &[("date", &format::date(r.date, self.lang))],
                ),
                href: relative(&from, &self.out(&path::release(r.id.as_str()))),
            }
        };
        let changed = self
            .site
            .history
            .revisions
            .iter()
            .filter(|r| r.steps.iter().skip(1).any(|s| s.release == Some(i)));
        let view = ReleaseView {
            entry: self.release_entry(&from, i),
            previous: i.checked_sub(1).map(link),
            next: (i + 1 < self.site.history.releases.len()).then(|| link(i + 1)),
            revisions: self.revisions(&from, changed, true),
            files: release
                .files
                .iter()
                .map(|f| ReleasedFile {
                    path: f.path.clone(),
                    size: self.tf("bytes", &[("n", &format::count(f.bytes as f64, self.lang))]),
                    sha256: f.sha256.clone(),
                })
                .collect(),
            figures_sha256: release.figures_sha256.clone().unwrap_or_default(),
        };
        let title = view.entry.title.clone();
        let description = view.entry.changes.clone();
        let trail = vec![Link {
            text: self.t("releases"),
            href: path::releases(),
        }];
        let mut common = self.common("release", &path, title, description, trail);
        // A release page is cited as that release, whatever came after it.
        common.cite = Some(self.cite(&from, &common.title, &common.canonical, Some(i)));
        self.write_page("release.html", &from, common, view)
    }

    /// A release as the archive lists it.
    fn release_entry(&self, from: &str, i: usize) -> ReleaseEntry {
        let summary = &self.site.history.releases[i];
        let r = &summary.release;
        let date = format::date(r.date, self.lang);
        ReleaseEntry {
            id: r.id.to_string(),
            title: self.tf("release_title", &[("date", &date)]),
            date,
            href: relative(from, &self.out(&path::release(r.id.as_str()))),
            note: r
                .note
                .as_ref()
                .map(|n| n.get(self.lang).to_string())
                .unwrap_or_default(),
            changes: self.changes_sentence(Changes {
                added: summary.added,
                revised: summary.revised,
                removed: summary.removed,
            }),
            figures_href: relative(
                from,
                &registry::RELEASE_FIGURES.path(Place::release(r.id.as_str())),
            ),
        }
    }

    /// "12 new figures, 2 revised, 0 withdrawn".
    fn changes_sentence(&self, c: Changes) -> String {
        let n = |x: usize| format::count(x as f64, self.lang);
        self.tf(
            "release_changes",
            &[
                ("added", &n(c.added)),
                ("revised", &n(c.revised)),
                ("removed", &n(c.removed)),
            ],
        )
    }
}
