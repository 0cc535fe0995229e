//! communes/: every commune of the site by province, with the name filter of site.js. The
//! list that search falls back to where it cannot run (a site opened from disk).

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::base::collate::fold;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn commune_list(&self) -> io::Result<()> {
        let path = path::commune_list();
        let from = self.out(&path);
        let rows = self
            .site
            .communes()
            .map(|(p, c)| CommuneListRow {
                name: c.info.name.clone(),
                href: relative(&from, &self.out(&path::commune(p, c))),
                kind: self.t(&format!("commune_kind_{}", c.info.kind)),
                province: Link {
                    text: p.info.name.clone(),
                    href: relative(&from, &self.out(&path::province(p))),
                },
                search: fold(&format!("{} {}", c.info.name, p.info.name)),
            })
            .collect();
        let view = CommuneListView { rows };
        let title = self.t("communes_list_title");
        let description = self.t("communes_list_description");
        let common = self.common("communes", &path, title, description, vec![]);
        self.write_page("communes.html", &from, common, view)
    }
}
