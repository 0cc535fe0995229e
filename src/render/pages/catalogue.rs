//! The list of indicators, by group.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn indicator_list(&self) -> io::Result<()> {
        let path = path::indicators();
        let from = self.out(&path);
        let groups = self
            .site
            .groups
            .iter()
            .map(|g| IndicatorGroupView {
                name: g.name.get(self.lang).into(),
                indicators: self
                    .site
                    .indicators
                    .iter()
                    .enumerate()
                    .filter(|(_, ind)| ind.group == g.id)
                    .map(|(i, ind)| IndicatorEntry {
                        link: Link {
                            text: ind.name.get(self.lang).into(),
                            href: relative(&from, &self.out(&path::indicator(ind))),
                        },
                        unit: self.unit_words(ind),
                        communes: self
                            .site
                            .communes()
                            .filter(|(_, c)| c.latest(i).is_some())
                            .count(),
                        headline: ind.headline,
                    })
                    .collect(),
            })
            .collect::<Vec<_>>();
        let common = self.common(
            "indicators",
            &path,
            self.t("indicators"),
            self.t("indicators_description"),
            vec![],
        );
        self.write_page("indicators.html", &from, common, groups)
    }
}
