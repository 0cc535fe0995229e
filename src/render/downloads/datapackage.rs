//! `datapackage.json`: a Frictionless Data Package describing every download under `data/`
//! that the registry lists, with each table's columns.

use super::registry::{self, Download, Format, Level, Place};
use super::tables::Field;
use crate::model::Site;
use crate::render::Sink;
use serde::Serialize;
use serde_json::json;
use std::io;

/// `datapackage.json`, written resource by resource (a whole `serde_json::Value` of the package
/// once took 150 MB at the build's peak, when it listed every commune's files).
pub fn write(site: &Site, sink: &dyn Sink, path: &str) -> io::Result<()> {
    let lang = &site.config.languages[0];
    // Fields in alphabetical order: the bytes a `serde_json::Value` (a sorted map) gave.
    // Not "tabular-data-package": the JSON, workbook and database files are not tables.
    let doc = Package {
        contributors: [json!({"title": site.config.publisher, "role": "publisher"})],
        description: site
            .config
            .description
            .as_ref()
            .map(|d| d.get(lang))
            .unwrap_or(""),
        homepage: &site.config.base_url,
        licenses: [license(&site.config.data_license)],
        name: "minhbach-data",
        profile: "data-package",
        resources: Resources(site),
        title: site.config.title.get(lang),
    };
    sink.stream(path, &mut |out| {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::other)?;
        io::Write::write_all(&mut out, b"\n")?;
        io::Write::flush(&mut out)
    })
}

/// The top level of `datapackage.json`.
#[derive(Serialize)]
struct Package<'a> {
    contributors: [serde_json::Value; 1],
    description: &'a str,
    homepage: &'a str,
    licenses: [serde_json::Value; 1],
    name: &'static str,
    profile: &'static str,
    resources: Resources<'a>,
    title: &'a str,
}

/// Every resource of the package, made one at a time as it is serialised: the national files
/// (tables first, then their copy for Excel, then the other files), then every commune's own
/// CSV as one resource, then each province's files.
///
/// Each commune's own CSV and JSON are not resources of their own — at national scale 6,642
/// of them made the package 17 MB — but rows of `communes.csv` (`csv_file`, `json_file`). The
/// communes' CSV files, which have columns of their own, are also the parts of one multipart
/// resource, `commune-observations` (its `path` lists every file, about 45 bytes each; a
/// reader of the package reads them as one table, each file's header once): its schema
/// describes them, and validating the package checks every one of them against it.
struct Resources<'a>(&'a Site);

impl Serialize for Resources<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        let described = |d: &&Download| d.path.starts_with("data/") && d.format != Format::Package;
        let mut national: Vec<&Download> = registry::of(Level::National)
            .filter(described)
            .filter(|d| d.made(site))
            .collect();
        national.sort_by_key(|d| match d.format {
            Format::Csv | Format::CsvGz => 0,
            Format::ExcelCsv => 1,
            _ => 2,
        });
        let national = national.into_iter().map(|d| resource(d, Place::default()));
        let communes = commune_rows(site);
        let provinces = site.provinces.iter().flat_map(|p| {
            registry::of(Level::Province)
                .filter(described)
                .map(move |d| resource(d, Place::province(p)))
        });
        serializer.collect_seq(national.chain(communes).chain(provinces))
    }
}

/// What the `commune-observations` resource says.
const COMMUNE_ROWS_DESCRIPTION: &str = "Every commune's own CSV (data/communes/<province>/<commune>.csv, listed with each commune in communes.csv), as the parts of one table: its rows of observations.csv without the columns that are the same on every row of the file or are given elsewhere — the province and commune (the file's folder and name, and its JSON file), the indicator's group and kind (indicators.csv), and the source document's title, issuer and content file (the commune's JSON file and observations.csv). Each file starts with the header.";

/// The resource whose parts are every commune's own CSV (none for a site without communes).
fn commune_rows(site: &Site) -> Option<serde_json::Value> {
    let d = &registry::COMMUNE_CSV;
    let paths: Vec<String> = site
        .communes()
        .map(|(p, c)| d.data_path(Place::commune(p, c)))
        .collect();
    if paths.is_empty() {
        return None;
    }
    let title = "Each commune's observations";
    let mut r = csv_resource(
        "commune-observations",
        "",
        title,
        COMMUNE_ROWS_DESCRIPTION,
        d.columns,
    );
    r["path"] = json!(paths);
    Some(r)
}

/// The resource describing download `d` of `place`.
fn resource(d: &Download, place: Place) -> serde_json::Value {
    let (name, path, title) = (d.name(place), d.data_path(place), d.title(place));
    match d.format {
        Format::Csv => csv_resource(&name, &path, &title, d.description, d.columns),
        Format::ExcelCsv => {
            let mut r = csv_resource(&name, &path, &title, d.description, d.columns);
            r["encoding"] = json!("utf-8-sig");
            r
        }
        Format::CsvGz => {
            let mut r = csv_resource(&name, &path, &title, d.description, d.columns);
            r["compression"] = json!("gz");
            r
        }
        Format::Json => {
            let mut r = file_resource(&name, &path, &title, d.description, "application/json");
            r["encoding"] = json!("utf-8");
            r
        }
        Format::Xlsx | Format::Sqlite | Format::Parquet | Format::Package => {
            file_resource(&name, &path, &title, d.description, media_type(d.format))
        }
        Format::SqliteGz => {
            let mut r = file_resource(&name, &path, &title, d.description, media_type(d.format));
            r["format"] = json!("sqlite");
            r["compression"] = json!("gz");
            r
        }
    }
}

/// The media type of a file that is not a table.
fn media_type(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Sqlite | Format::SqliteGz => "application/vnd.sqlite3",
        Format::Parquet => "application/vnd.apache.parquet",
        Format::Json | Format::Package => "application/json",
        Format::Csv | Format::ExcelCsv | Format::CsvGz => "text/csv",
    }
}

fn schema(fields: &[Field]) -> serde_json::Value {
    json!({
        "fields": fields.iter().map(|f| {
            let mut field = json!({"name": f.name, "type": f.kind, "description": f.description});
            if f.kind == "boolean" {
                field["trueValues"] = json!(["true"]);
                field["falseValues"] = json!(["false"]);
            }
            field
        }).collect::<Vec<_>>(),
        "missingValues": [""],
    })
}

fn csv_resource(
    name: &str,
    path: &str,
    title: &str,
    description: &str,
    fields: &[Field],
) -> serde_json::Value {
    json!({
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema(fields),
    })
}

/// A file that is not a table (workbook, database, JSON): described, not validated as rows.
fn file_resource(
    name: &str,
    path: &str,
    title: &str,
    description: &str,
    mediatype: &str,
) -> serde_json::Value {
    let format = path.rsplit('.').next().unwrap_or_default();
    json!({
        "name": name,
        "type": "file",
        "path": path,
        "title": title,
        "description": description,
        "format": format,
        "mediatype": mediatype,
    })
}

/// A Frictionless licence entry for common licence names.
fn license(text: &str) -> serde_json::Value {
    let normal = text.trim().to_uppercase().replace([' ', '_'], "-");
    let known = [
        ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
        (
            "CC-BY-SA-4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        (
            "CC0-1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        ("ODC-BY-1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    ];
    match known.iter().find(|(id, _)| *id == normal) {
        Some((id, url)) => json!({"name": id, "path": url, "title": text}),
        None => json!({"title": text, "name": normal.to_lowercase()}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_names_map_to_open_definition_ids() {
        assert_eq!(license("CC BY 4.0")["name"], "CC-BY-4.0");
        assert_eq!(license("Giấy phép riêng")["title"], "Giấy phép riêng");
    }
}
