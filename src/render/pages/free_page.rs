//! Free pages (`content/pages/`): Markdown made safe.

use super::paths as path;
use super::renderer::Renderer;
use crate::render::markdown::to_safe_html;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn free_page(&self, i: usize) -> io::Result<()> {
        let page = self.page_in_lang(self.site.pages[i].id.as_str());
        let path = path::page(page.id.as_str());
        let from = self.out(&path);
        let view = FreePageView {
            body_html: to_safe_html(&page.body),
        };
        let common = self.common(
            "page",
            &path,
            page.title.clone(),
            page.description.clone().unwrap_or_default(),
            vec![],
        );
        self.write_page("page.html", &from, common, view)
    }
}
