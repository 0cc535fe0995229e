//! The downloads page: every data file, what each holds and its columns.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::format;
use crate::render::views::*;
use crate::render::{archive, data, workbook};
use std::io;

impl Renderer<'_> {
    pub(super) fn downloads(&self) -> io::Result<()> {
        let path = path::downloads();
        let from = self.out(&path);
        let file = |name: &str, key: &str| DownloadFile {
            link: Link {
                text: name.to_string(),
                href: relative(&from, &format!("data/{name}")),
            },
            description: self.t(key),
        };
        let rows = self.site.observation_count();
        let mut files = vec![file("observations.csv", "file_observations")];
        if data::fits_excel(rows) {
            files.push(file("observations-excel.csv", "file_observations_excel"));
        } else {
            files[0].description = self.tf(
                "file_observations_no_excel",
                &[
                    ("rows", &format::count(rows as f64, self.lang)),
                    (
                        "limit",
                        &format::count((workbook::EXCEL_MAX_ROWS - 1) as f64, self.lang),
                    ),
                ],
            );
        }
        files.extend([
            file("minhbach.xlsx", "file_xlsx"),
            file("minhbach.sqlite", "file_sqlite"),
            file("indicators.csv", "file_indicators"),
            file("communes.csv", "file_communes"),
            file("revisions.csv", "file_revisions"),
            file("datapackage.json", "file_datapackage"),
        ]);
        let provinces = self
            .site
            .provinces
            .iter()
            .map(|p| {
                let stem = data::province_stem(p);
                DownloadFile {
                    link: Link {
                        text: p.info.name.clone(),
                        href: relative(&from, &format!("{stem}.xlsx")),
                    },
                    description: relative(&from, &format!("{stem}.sqlite")),
                }
            })
            .collect();
        let communes = self
            .site
            .communes()
            .map(|(p, c)| {
                let stem = data::commune_stem(p, c);
                DownloadFile {
                    link: Link {
                        text: format!("{}, {}", c.info.name, p.info.name),
                        href: relative(&from, &format!("data/{stem}.csv")),
                    },
                    description: relative(&from, &format!("data/{stem}.json")),
                }
            })
            .collect();
        let document = |table: &str, fields: &[data::Field]| -> Vec<ColumnDoc> {
            fields
                .iter()
                .map(|f| ColumnDoc {
                    name: f.name.into(),
                    kind: f.kind.into(),
                    // A column explained for this file, else one of the same name in
                    // observations.csv, else the description in datapackage.json.
                    description: [
                        format!("col_{table}_{}", f.name),
                        format!("column_{}", f.name),
                    ]
                    .iter()
                    .find_map(|k| self.t.get(k).cloned())
                    .unwrap_or_else(|| f.description.to_string()),
                })
                .collect()
        };
        let columns = document("observations", data::OBSERVATION_FIELDS);
        let tables = [
            (
                "observations",
                "data/observations.csv",
                data::OBSERVATION_FIELDS,
            ),
            ("indicators", "data/indicators.csv", data::INDICATOR_FIELDS),
            ("communes", "data/communes.csv", data::COMMUNE_FIELDS),
            ("revisions", "data/revisions.csv", archive::REVISION_FIELDS),
            (
                "figures",
                "releases/<release>/figures.csv",
                archive::FIGURE_FIELDS,
            ),
        ]
        .into_iter()
        .map(|(table, name, fields)| TableDoc {
            name: name.to_string(),
            anchor: format!("table-{table}"),
            intro: self.t(&format!("table_{table}")),
            columns: document(table, fields),
        })
        .collect();
        let common = self.common(
            "downloads",
            &path,
            self.t("downloads"),
            self.t("downloads_description"),
            vec![],
        );
        self.write_page(
            "downloads.html",
            &from,
            common,
            DownloadsView {
                files,
                provinces,
                communes,
                columns,
                tables,
                releases: Link {
                    text: self.t("releases"),
                    href: relative(&from, &self.out(&path::releases())),
                },
            },
        )
    }
}
