//! The page served for a missing address (404).

use super::renderer::Renderer;
use std::io;

impl Renderer<'_> {
    pub(super) fn not_found(&self) -> io::Result<()> {
        // 404 pages are served at any address, so their links start from the site's own path.
        let path = "404.html";
        let from = self.out(path);
        let mut common = self.common(
            "404",
            path,
            self.t("not_found_title"),
            String::new(),
            vec![],
        );
        let base_path = self
            .site
            .config
            .base_url
            .splitn(4, '/')
            .nth(3)
            .map(|p| format!("/{p}"))
            .unwrap_or_else(|| "/".into());
        let absolute = |href: &str| format!("{base_path}{}", href.trim_start_matches("../"));
        let lang_prefix = if from.contains('/') {
            format!("{}/", self.lang)
        } else {
            String::new()
        };
        common.root = base_path.clone();
        for l in common
            .nav
            .iter_mut()
            .chain(common.breadcrumbs.iter_mut())
            .chain(common.footer_pages.iter_mut())
        {
            if !l.href.is_empty() {
                l.href = absolute(&format!("{lang_prefix}{}", l.href));
            }
        }
        for a in common.alternates.iter_mut() {
            a.href = absolute(&a.href.replace("../", ""));
        }
        common.feed_href = absolute(&format!("{lang_prefix}atom.xml"));
        common.communes_href = absolute(&common.communes_href);
        self.write_page("404.html", &from, common, ())
    }
}
