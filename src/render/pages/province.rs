//! A province's page: its communes compared.

use super::paths as path;
use super::renderer::Renderer;
use crate::model::Province;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn province(&self, p: &Province) -> io::Result<()> {
        let path = path::province(p);
        let from = self.out(&path);
        let view = ProvinceView {
            name: p.info.name.clone(),
            code: p.info.code.clone().unwrap_or_default(),
            comparison: self.comparison(&from, p.communes.iter().map(|c| (p, c))),
        };
        let title = p.info.name.clone();
        let description = self.tf("province_description", &[("name", &p.info.name)]);
        let common = self.common("province", &path, title, description, vec![]);
        self.write_page("province.html", &from, common, view)
    }
}
