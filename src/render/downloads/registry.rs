//! Every download, declared once: where it is written, its format, the columns it holds, how
//! it is described (in `datapackage.json`, and on the downloads page through an interface
//! string of each language) and what makes it. The build writes what this list names,
//! `datapackage.json` describes it, and the downloads page lists it; a new format is a file
//! of its own that makes it, and an entry here.

use super::tables::*;
use super::{archive, csv, database, json, parquet, wide, workbook};
use crate::model::{Commune, Province, Site};
use crate::render::Sink;
use std::io;

/// Whom a download covers, and so how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// One file for the whole site.
    National,
    /// One file per province.
    Province,
    /// One file per commune.
    Commune,
    /// One file per release.
    Release,
}

/// How a download is written, which says how it is described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A CSV table, UTF-8.
    Csv,
    /// A CSV table starting with a byte-order mark, for Excel.
    ExcelCsv,
    /// A CSV table compressed with gzip.
    CsvGz,
    /// An Excel workbook.
    Xlsx,
    /// A SQLite database.
    Sqlite,
    /// A SQLite database compressed with gzip.
    SqliteGz,
    /// An Apache Parquet file (typed columns).
    Parquet,
    /// A JSON document.
    Json,
    /// The Frictionless Data Package describing the rest.
    Package,
}

impl Format {
    /// How a reader knows the format, in any language: `CSV`, `Excel`, `SQLite`, `JSON`.
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv | Format::ExcelCsv => "CSV",
            Format::CsvGz => "CSV (gzip)",
            Format::Xlsx => "Excel",
            Format::Sqlite => "SQLite",
            Format::SqliteGz => "SQLite (gzip)",
            Format::Parquet => "Parquet",
            Format::Json | Format::Package => "JSON",
        }
    }
}

/// Makes a file of a set of communes at the path it is given, through the sink.
pub type MakePlaces = fn(&Site, &[(&Province, &Commune)], &dyn Sink, &str) -> io::Result<()>;

/// What makes a download.
#[derive(Clone, Copy)]
pub enum Maker {
    /// Every commune's rows, streamed in order (`observations.csv` and its copy for Excel).
    NationalRows,
    /// One commune's rows under the header; the same rows go on into the national file.
    CommuneRows,
    /// A file of one commune.
    Commune(fn(&Site, &Province, &Commune) -> io::Result<Vec<u8>>),
    /// A file of a set of communes (a province's, or every one), written where `Sink::file`
    /// puts it.
    Places(MakePlaces),
    /// A table of the whole site, small enough to make whole.
    Site(fn(&Site) -> io::Result<Vec<u8>>),
    /// The figures one release published (its index in the site's history).
    Release(fn(&Site, usize) -> io::Result<Vec<u8>>),
    /// The description of every other download, made from this list.
    Package,
}

/// One download. Texts may hold placeholders filled for each file: `{province_id}`,
/// `{commune_id}`, `{release_id}` in the path; `{province_name}` and `{commune_name}` in the
/// title; `{place}` (the ids, `-`-joined) in the resource name.
pub struct Download {
    /// Path in the output folder.
    pub path: &'static str,
    /// Resource name in `datapackage.json`.
    pub name: &'static str,
    /// Whom one file covers.
    pub level: Level,
    /// How it is written.
    pub format: Format,
    /// Its columns, for a table; empty otherwise.
    pub columns: &'static [Field],
    /// Title in `datapackage.json`.
    pub title: &'static str,
    /// What it holds, in `datapackage.json` (English).
    pub description: &'static str,
    /// The interface string that describes it on the downloads page, in each site language
    /// (national files; empty for the others, which are listed by place).
    pub page_text: &'static str,
    /// What makes it.
    pub maker: Maker,
}

/// Every download, national files in the order the downloads page lists them.
pub const ALL: &[Download] = &[
    OBSERVATIONS,
    OBSERVATIONS_GZ,
    Download {
        path: "data/observations-excel.csv",
        name: "observations-excel",
        level: Level::National,
        format: Format::ExcelCsv,
        columns: OBSERVATION_FIELDS,
        title: "Observations for Excel",
        description: "The same rows as observations.csv, starting with a UTF-8 byte-order mark so that Excel opens Vietnamese letters intact when the file is double-clicked.",
        page_text: "file_observations_excel",
        maker: Maker::NationalRows,
    },
    Download {
        path: "data/minhbach.xlsx",
        name: "minhbach-xlsx",
        level: Level::National,
        format: Format::Xlsx,
        columns: &[],
        title: "Excel workbook",
        description: "The figures as an Excel workbook: a README sheet (publisher, licence, every indicator's definition), then, while every figure fits one sheet (1,048,575 rows), one sheet per indicator group with one row per commune × period × indicator, numbers as numbers and dates as dates. Past that the workbook is wide: a latest sheet with one row per commune (every indicator's latest figure and its period) and one sheet per key indicator (a row per commune, a column per reporting window); every figure row by row is then in observations.csv, observations.parquet, the database and the province workbooks.",
        page_text: "file_xlsx",
        maker: Maker::Places(wide::write_national),
    },
    Download {
        path: "data/minhbach.sqlite",
        name: "minhbach-sqlite",
        level: Level::National,
        format: Format::Sqlite,
        columns: &[],
        title: "SQLite database",
        description: "Every figure as a SQLite database (tables provinces, communes, periods, indicators, observations, warnings, revisions, with keys and indexes; view observations_full) for DB Browser for SQLite, Datasette or any SQL tool.",
        page_text: "file_sqlite",
        maker: Maker::Places(database::write),
    },
    Download {
        path: "data/minhbach.sqlite.gz",
        name: "minhbach-sqlite-gz",
        level: Level::National,
        format: Format::SqliteGz,
        columns: &[],
        title: "SQLite database (gzip)",
        description: "minhbach.sqlite compressed with gzip, published instead of it once the site has more than 3 million figures (the database would pass about 1 GB). Unpack it before opening it (gunzip, 7-Zip, or any unzip tool): SQLite tools do not read it compressed. Inside: tables provinces, communes, periods, indicators, observations, warnings, revisions, with keys and indexes, and view observations_full.",
        page_text: "file_sqlite_gz",
        maker: Maker::Places(database::write_gz),
    },
    Download {
        path: "data/observations.parquet",
        name: "observations-parquet",
        level: Level::National,
        format: Format::Parquet,
        columns: &[],
        title: "Observations (Parquet)",
        description: "The rows and columns of observations.csv as an Apache Parquet file: typed (dates as dates, day counts as integers, figures as floating-point numbers, the rest as UTF-8 strings; an empty CSV cell is a null), dictionary-encoded and ZSTD-compressed, one row group per 64 communes. Read it as it is with pandas (read_parquet), polars, DuckDB or R arrow.",
        page_text: "file_parquet",
        maker: Maker::Places(parquet::write),
    },
    Download {
        path: "data/indicators.csv",
        name: "indicators",
        level: Level::National,
        format: Format::Csv,
        columns: INDICATOR_FIELDS,
        title: "Indicators",
        description: "The indicator catalogue: definitions, units, how rates are computed, targets.",
        page_text: "file_indicators",
        maker: Maker::Site(csv::indicators_csv),
    },
    Download {
        path: "data/communes.csv",
        name: "communes",
        level: Level::National,
        format: Format::Csv,
        columns: COMMUNE_FIELDS,
        title: "Communes",
        description: "Every commune with its province, the number of periods, figures and warnings published, and the paths of its own files: csv_file (its rows of observations.csv without the columns every row of it repeats; every such file is a part of the commune-observations resource, which gives their columns) and json_file (the same figures nested by period, with the periods' sources). They are listed here rather than as resources of their own so that this package stays small at national scale.",
        page_text: "file_communes",
        maker: Maker::Site(csv::communes_csv),
    },
    REVISIONS,
    Download {
        path: "data/targets.csv",
        name: "targets",
        level: Level::National,
        format: Format::Csv,
        columns: TARGET_FIELDS,
        title: "Targets",
        description: "Every target with whom it is set for (the nation, a province or one commune), the days it applies to and the document that sets it.",
        page_text: "file_targets",
        maker: Maker::Site(csv::targets_csv),
    },
    Download {
        path: "data/datapackage.json",
        name: "datapackage",
        level: Level::National,
        format: Format::Package,
        columns: &[],
        title: "Data package",
        description: "The description of every data file.",
        page_text: "file_datapackage",
        maker: Maker::Package,
    },
    Download {
        path: "data/provinces/{province_id}.xlsx",
        name: "province-{place}-xlsx",
        level: Level::Province,
        format: Format::Xlsx,
        columns: &[],
        title: "{province_name}: Excel workbook",
        description: "The Excel workbook of this province's communes only, laid out as minhbach.xlsx.",
        page_text: "",
        maker: Maker::Places(workbook::write),
    },
    COMMUNE_CSV,
    COMMUNE_JSON,
    RELEASE_FIGURES,
];

/// `observations.csv`: every figure, one row per commune × period × indicator.
pub const OBSERVATIONS: Download = Download {
    path: "data/observations.csv",
    name: "observations",
    level: Level::National,
    format: Format::Csv,
    columns: OBSERVATION_FIELDS,
    title: "Observations",
    description: "Every figure of every commune and period, one row per commune × period × indicator (tidy / long format).",
    page_text: "file_observations",
    maker: Maker::NationalRows,
};

/// `observations.csv.gz`: `observations.csv` compressed, published instead of it past
/// [`GZIP_FROM_ROWS`] figures.
pub const OBSERVATIONS_GZ: Download = Download {
    path: "data/observations.csv.gz",
    name: "observations-gz",
    level: Level::National,
    format: Format::CsvGz,
    columns: OBSERVATION_FIELDS,
    title: "Observations (gzip)",
    description: "observations.csv compressed with gzip, published instead of it once the site has more than 3 million figures (the CSV would pass about 1 GB). pandas (read_csv), polars, DuckDB and R (readr, data.table) read it as it is; any unzip tool opens it.",
    page_text: "file_observations_gz",
    maker: Maker::NationalRows,
};

/// Past this many figures the national CSV (about 350 bytes a row) would pass 1 GB: it is
/// published gzip-compressed instead, and so is the national database (about 155 bytes a
/// figure: 1.24 GB at 8 million). `MINHBACH_GZIP_FROM_ROWS` sets another limit, for tests.
pub const GZIP_FROM_ROWS: usize = 3_000_000;

/// True when a site of `rows` figures publishes `observations.csv.gz` instead of the CSV, and
/// `minhbach.sqlite.gz` instead of the database.
pub fn gzipped(rows: usize) -> bool {
    static LIMIT: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let limit = *LIMIT.get_or_init(|| {
        std::env::var("MINHBACH_GZIP_FROM_ROWS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(GZIP_FROM_ROWS)
    });
    rows >= limit
}

/// The national file of every figure this site publishes: `observations.csv`, or past
/// [`GZIP_FROM_ROWS`] figures `observations.csv.gz`.
pub fn observations(site: &Site) -> &'static Download {
    match gzipped(site.observation_count()) {
        true => &OBSERVATIONS_GZ,
        false => &OBSERVATIONS,
    }
}

/// A commune's rows of `observations.csv`, without the columns every row of it repeats.
pub const COMMUNE_CSV: Download = Download {
    path: "data/communes/{province_id}/{commune_id}.csv",
    name: "observations-{place}",
    level: Level::Commune,
    format: Format::Csv,
    columns: COMMUNE_OBSERVATION_FIELDS,
    title: "{commune_name}, {province_name}",
    description: "The rows of observations.csv for this commune, without the columns that are the same on every row of the file or are given elsewhere: the province and commune (the file's folder and name say them, and its JSON file has them), the indicator's group and kind (indicators.csv), and the source document's title, issuer and content file (the commune's JSON file and observations.csv; each row keeps the document's date and report id).",
    page_text: "",
    maker: Maker::CommuneRows,
};

/// The revision log of every published figure that changed.
pub const REVISIONS: Download = Download {
    path: "data/revisions.csv",
    name: "revisions",
    level: Level::National,
    format: Format::Csv,
    columns: REVISION_FIELDS,
    title: "Revisions",
    description: "The revision log: every value of every figure that changed after a release published it (first value, each revision, withdrawals), with the release that published each value. Empty below the header until a published figure changes.",
    page_text: "file_revisions",
    maker: Maker::Site(csv::revisions_csv),
};

/// A release's figures as it published them.
pub const RELEASE_FIGURES: Download = Download {
    path: "releases/{release_id}/figures.csv",
    name: "figures",
    level: Level::Release,
    format: Format::Csv,
    columns: FIGURE_FIELDS,
    title: "Figures of a release",
    description: "Every figure as the release published it.",
    page_text: "",
    maker: Maker::Release(archive::figures_csv),
};

/// A commune's figures as JSON.
pub const COMMUNE_JSON: Download = Download {
    path: "data/communes/{province_id}/{commune_id}.json",
    name: "commune-{place}",
    level: Level::Commune,
    format: Format::Json,
    columns: &[],
    title: "{commune_name}, {province_name} (JSON)",
    description: "The same figures as the commune's CSV, nested by period, with period labels and sources.",
    page_text: "",
    maker: Maker::Commune(json::commune_json),
};

/// The downloads of one level, in the order of [`ALL`].
pub fn of(level: Level) -> impl Iterator<Item = &'static Download> {
    ALL.iter().filter(move |d| d.level == level)
}

/// Where one download is, or what it is called, for one place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place<'a> {
    /// The province, for a province's or a commune's file.
    pub province: Option<&'a Province>,
    /// The commune, for a commune's file.
    pub commune: Option<&'a Commune>,
    /// The release id, for a release's file.
    pub release: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// A province's files.
    pub fn province(p: &'a Province) -> Self {
        Place {
            province: Some(p),
            ..Place::default()
        }
    }

    /// A commune's files.
    pub fn commune(p: &'a Province, c: &'a Commune) -> Self {
        Place {
            province: Some(p),
            commune: Some(c),
            release: None,
        }
    }

    /// A release's files.
    pub fn release(id: &'a str) -> Self {
        Place {
            release: Some(id),
            ..Place::default()
        }
    }

    /// `text` with this place's placeholders filled in.
    fn fill(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        let (p, c) = (self.province, self.commune);
        let ids: Vec<&str> = [p.map(|p| p.info.id.as_str()), c.map(|c| c.info.id.as_str())]
            .into_iter()
            .flatten()
            .collect();
        let place = ids.join("-").replace('_', "-");
        let pairs = [
            ("{province_id}", p.map(|p| p.info.id.as_str())),
            ("{commune_id}", c.map(|c| c.info.id.as_str())),
            ("{release_id}", self.release),
            ("{province_name}", p.map(|p| p.info.name.as_str())),
            ("{commune_name}", c.map(|c| c.info.name.as_str())),
            ("{place}", Some(place.as_str())),
        ];
        let mut out = text.to_string();
        for (key, value) in pairs {
            if let Some(value) = value {
                out = out.replace(key, value);
            }
        }
        out
    }
}

impl Download {
    /// Its path in the output folder for `place`.
    pub fn path(&self, place: Place) -> String {
        place.fill(self.path)
    }

    /// Its path relative to `data/` (as `datapackage.json` gives it) for `place`.
    pub fn data_path(&self, place: Place) -> String {
        let path = self.path(place);
        match path.strip_prefix("data/") {
            Some(rel) => rel.to_string(),
            None => path,
        }
    }

    /// Its resource name in `datapackage.json` for `place`.
    pub fn name(&self, place: Place) -> String {
        place.fill(self.name)
    }

    /// Its title for `place`.
    pub fn title(&self, place: Place) -> String {
        place.fill(self.title)
    }

    /// Its path with placeholders shown as `<release>`, `<province>`, `<commune>`, as the
    /// downloads page names a table.
    pub fn pattern(&self) -> String {
        self.pattern_with(["release", "province", "commune"])
    }

    /// [`Download::pattern`] with the placeholders' words of a page's language (release,
    /// province, commune).
    pub fn pattern_with(&self, [release, province, commune]: [&str; 3]) -> String {
        self.path
            .replace("{release_id}", &format!("<{release}>"))
            .replace("{province_id}", &format!("<{province}>"))
            .replace("{commune_id}", &format!("<{commune}>"))
    }

    /// Its table's name, for a table: the file name without its extension (`observations`);
    /// `commune_observations` for each commune's CSV, whose file is named by the commune.
    pub fn table(&self) -> &'static str {
        if self.level == Level::Commune {
            return "commune_observations";
        }
        let file = self.path.rsplit('/').next().unwrap_or(self.path);
        file.split('.').next().unwrap_or(file)
    }

    /// How many rows (figures, for the files of every figure) the national file holds;
    /// `None` for a file that is not a table of rows (`datapackage.json`) or is not national.
    pub fn rows(&self, site: &Site) -> Option<usize> {
        if self.level != Level::National {
            return None;
        }
        match self.maker {
            Maker::NationalRows | Maker::Places(_) => Some(site.observation_count()),
            // The site's small tables: made again and counted (a few kilobytes).
            Maker::Site(make) => {
                let bytes = make(site).ok()?;
                Some(
                    ::csv::Reader::from_reader(bytes.as_slice())
                        .records()
                        .count(),
                )
            }
            _ => None,
        }
    }

    /// True when this build makes it: the copy of `observations.csv` for Excel only while the
    /// rows fit a sheet (see [`fits_excel`]); `observations.csv` and `minhbach.sqlite`, or
    /// their compressed forms (see [`gzipped`]).
    pub fn made(&self, site: &Site) -> bool {
        let rows = site.observation_count();
        match (self.format, self.maker) {
            (Format::ExcelCsv, _) => fits_excel(rows),
            (Format::CsvGz | Format::SqliteGz, _) => gzipped(rows),
            (Format::Csv, Maker::NationalRows) | (Format::Sqlite, _) => !gzipped(rows),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_download_has_a_unique_path_and_name() {
        let mut paths: Vec<&str> = ALL.iter().map(|d| d.path).collect();
        let mut names: Vec<&str> = ALL.iter().map(|d| d.name).collect();
        paths.sort_unstable();
        paths.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(paths.len(), ALL.len());
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn tables_have_columns_and_files_have_none() {
        for d in ALL {
            let table = matches!(d.format, Format::Csv | Format::ExcelCsv | Format::CsvGz);
            assert_eq!(table, !d.columns.is_empty(), "{}", d.path);
        }
    }

    #[test]
    fn national_files_are_described_on_the_downloads_page() {
        for d in of(Level::National) {
            assert!(!d.page_text.is_empty(), "{}", d.path);
        }
    }

    #[test]
    fn placeholders_are_filled_for_a_release() {
        let figures = of(Level::Release).next().unwrap();
        assert_eq!(
            figures.path(Place::release("2026-11-23")),
            "releases/2026-11-23/figures.csv"
        );
        assert_eq!(figures.pattern(), "releases/<release>/figures.csv");
        assert_eq!(figures.table(), "figures");
        assert_eq!(OBSERVATIONS.data_path(Place::default()), "observations.csv");
        assert_eq!(
            COMMUNE_CSV.pattern(),
            "data/communes/<province>/<commune>.csv"
        );
        assert_eq!(COMMUNE_CSV.table(), "commune_observations");
    }
}
