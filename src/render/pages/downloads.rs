//! The downloads page: every download the registry lists — the national files with what each
//! holds, each province's and commune's files, and the columns of every table.

use super::paths::{self as path, relative};
use super::renderer::Renderer;
use crate::format;
use crate::render::downloads::registry::{self, Download, Format, Level, Place};
use crate::render::downloads::tables::{EXCEL_MAX_ROWS, Field, OBSERVATION_FIELDS, fits_excel};
use crate::render::downloads::wide;
use crate::render::views::*;
use std::io;

impl Renderer<'_> {
    pub(super) fn downloads(&self) -> io::Result<()> {
        let path = path::downloads();
        let from = self.out(&path);
        let rows = self.site.observation_count();
        // Past a sheet's rows, observations.csv has no copy for Excel: its line says why.
        let no_excel = !fits_excel(rows);
        let counts = [
            ("rows", format::count(rows as f64, self.lang)),
            (
                "limit",
                format::count((EXCEL_MAX_ROWS - 1) as f64, self.lang),
            ),
        ];
        let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let files = registry::of(Level::National)
            .filter(|d| d.made(self.site))
            .map(|d| DownloadFile {
                link: Link {
                    text: d.data_path(Place::default()),
                    href: relative(&from, d.path),
                },
                description: match d.format {
                    Format::CsvGz => self.tf("file_observations_gz", &counts),
                    Format::Csv if no_excel && d.path == registry::OBSERVATIONS.path => {
                        self.tf("file_observations_no_excel", &counts)
                    }
                    // Past a sheet's rows the national workbook is wide: its line says so.
                    Format::Xlsx if wide::is_wide(self.site) => self.t("file_xlsx_wide"),
                    _ => self.t(d.page_text),
                },
                formats: Vec::new(),
                details: self.file_details(d.path, d.rows(self.site)),
            })
            .collect();
        let by_place = |name: String, place: Place, level: Level| {
            let formats: Vec<Link> = registry::of(level)
                .map(|d| {
                    let path = d.path(place);
                    let label = d.format.label();
                    Link {
                        text: match self.sink.size(&path) {
                            Some(n) => format!("{label}, {}", format::file_size(n, self.lang)),
                            None => label.to_string(),
                        },
                        href: relative(&from, &path),
                    }
                })
                .collect();
            DownloadFile {
                link: Link {
                    text: name,
                    href: formats.first().map(|l| l.href.clone()).unwrap_or_default(),
                },
                description: formats.get(1).map(|l| l.href.clone()).unwrap_or_default(),
                formats,
                details: String::new(),
            }
        };
        let provinces = self
            .site
            .provinces
            .iter()
            .map(|p| by_place(p.info.name.clone(), Place::province(p), Level::Province))
            .collect();
        let communes = self
            .site
            .communes()
            .map(|(p, c)| {
                let name = format!("{}, {}", c.info.name, p.info.name);
                by_place(name, Place::commune(p, c), Level::Commune)
            })
            .collect();
        let columns = self.columns("observations", OBSERVATION_FIELDS);
        let tables = self.tables();
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

    /// "43,6 kB · 170 dòng": the size of the file at `path` as this build leaves it and its
    /// rows, each when known.
    fn file_details(&self, path: &str, rows: Option<usize>) -> String {
        let size = self
            .sink
            .size(path)
            .map(|n| format::file_size(n, self.lang));
        let rows = rows.map(|n| {
            self.tn(
                "file_rows",
                n,
                &[("count", &format::count(n as f64, self.lang))],
            )
        });
        [size, rows]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Every table the registry lists, each set of columns once (a commune's CSV and the copy
    /// for Excel hold those of `observations.csv`).
    fn tables(&self) -> Vec<TableDoc> {
        let mut seen: Vec<&'static [Field]> = Vec::new();
        let mut tables = Vec::new();
        for d in registry::ALL.iter().filter(|d| !d.columns.is_empty()) {
            if seen.iter().any(|s| std::ptr::eq(*s, d.columns)) {
                continue;
            }
            seen.push(d.columns);
            tables.push(self.table(d));
        }
        tables
    }

    /// A table's file, what it is, and its columns.
    fn table(&self, d: &Download) -> TableDoc {
        let table = d.table();
        TableDoc {
            name: d.pattern_with([
                &self.t("path_word_release"),
                &self.t("path_word_province"),
                &self.t("path_word_commune"),
            ]),
            anchor: format!("table-{table}"),
            intro: self.t(&format!("table_{table}")),
            columns: self.columns(table, d.columns),
        }
    }

    /// The columns of `table`, each explained for this file, else as the column of the same
    /// name in observations.csv, else as in datapackage.json.
    fn columns(&self, table: &str, fields: &[Field]) -> Vec<ColumnDoc> {
        fields
            .iter()
            .map(|f| ColumnDoc {
                name: f.name.into(),
                kind: f.kind.into(),
                description: [
                    format!("col_{table}_{}", f.name),
                    format!("column_{}", f.name),
                ]
                .iter()
                .find_map(|k| self.t.get(k).cloned())
                .unwrap_or_else(|| f.description.to_string()),
            })
            .collect()
    }
}
