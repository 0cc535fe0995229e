//! Downloads: every data file of the site, made from the [`registry`] — the national CSV
//! (streamed), each commune's CSV and JSON, the national and provinces' workbooks and
//! databases, the site's small tables, `datapackage.json`, and each release's archived figures.
//!
//! Each format is a file of its own over the shared [`tables`] leaf: [`csv`], [`json`],
//! [`workbook`], [`database`], [`archive`], [`datapackage`]. This file decides when each is made
//! and which part of the incremental build it belongs to.

pub mod archive;
pub mod csv;
pub mod database;
pub mod datapackage;
pub mod json;
pub mod parquet;
pub mod registry;
pub mod tables;
pub mod wide;
pub mod workbook;

use crate::model::{Commune, Province, Site};
use crate::render::{Parts, Scope, Sink};
use rayon::prelude::*;
use registry::{Download, Format, Level, Maker, Place};
use std::io;
use tables::UTF8_BOM;

/// Communes rendered at once for `observations.csv`: enough to keep both cores busy, few
/// enough that their rows (a few MB) are all that is held in memory.
const COMMUNES_PER_CHUNK: usize = 64;

/// When the bulk downloads — `observations.csv` and its Excel copy, and every workbook and
/// database — are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulk {
    /// With the rest of the data files (a first or full build, a release's checksums, the
    /// preview).
    Inline,
    /// By [`render_bulk`], once the rest of the site is in place: an incremental build puts a
    /// province's new month online in seconds, then spends minutes on national downloads.
    Later,
}

/// Job ids of the bulk downloads start with this, so that a build can leave them for later.
pub const BULK_JOB: &str = "bulk:";

/// Writes every data file, or with [`Bulk::Later`] every one but the bulk downloads; returns
/// how many were written.
///
/// With [`Bulk::Inline`], a commune's rows are rendered once: written as its own CSV (fewer
/// columns, see [`tables::COMMUNE_OBSERVATION_KEPT`]), and appended in order to the national
/// `observations.csv` and its copy for Excel, which are streamed to their files rather than
/// built whole (they are gigabytes at national scale). The workbooks and databases are made
/// after it, one after another.
pub fn render(site: &Site, sink: &dyn Sink, parts: &dyn Parts, bulk: Bulk) -> io::Result<usize> {
    let communes: Vec<(&Province, &Commune)> = site.communes().collect();
    let bulk_files = match bulk {
        Bulk::Inline => bulk_files(site, sink, parts, &communes, true)?,
        Bulk::Later => {
            let head = csv::commune_header()?;
            communes.par_iter().try_for_each(|(p, c)| {
                commune_files(site, sink, parts, &head, p, c, false).map(drop)
            })?;
            0
        }
    };
    let mut small = 0;
    for d in registry::of(Level::National) {
        match d.maker {
            Maker::Site(make) => sink.write(d.path, &make(site)?)?,
            Maker::Package => datapackage::write(site, sink, d.path)?,
            _ => continue,
        }
        small += 1;
    }
    Ok(communes.len() * registry::of(Level::Commune).count() + small + bulk_files)
}

/// The bulk downloads left out by [`Bulk::Later`], once every commune's own files are in the
/// output; returns how many files.
pub fn render_bulk(site: &Site, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<usize> {
    let communes: Vec<(&Province, &Commune)> = site.communes().collect();
    bulk_files(site, sink, parts, &communes, false)
}

/// Writes every release's archived figures; returns how many files.
pub fn render_releases(site: &Site, sink: &dyn Sink) -> io::Result<usize> {
    let releases = &site.history.releases;
    let mut files = 0;
    for d in registry::of(Level::Release) {
        let Maker::Release(make) = d.maker else {
            continue;
        };
        (0..releases.len()).into_par_iter().try_for_each(|i| {
            let id = releases[i].release.id.as_str();
            sink.write(&d.path(Place::release(id)), &make(site, i)?)
        })?;
        files += releases.len();
    }
    Ok(files)
}

/// The national downloads made by `maker`'s kind, in the registry's order.
fn national(kind: fn(&Maker) -> bool) -> Vec<&'static Download> {
    registry::of(Level::National)
        .filter(|d| kind(&d.maker))
        .collect()
}

/// The national CSV pair, the national workbook and database, and each province's pair, one
/// after another. With `render_rows`, each commune's own files are written on the way.
fn bulk_files(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    communes: &[(&Province, &Commune)],
    render_rows: bool,
) -> io::Result<usize> {
    // One after another, not side by side: each holds large buffers (the CSV's chunks and
    // gzip stream, the workbook, the database, the Parquet row groups). Side by side, a
    // national five-year build rose from 1.7 to 3.1 GB here; one after another, to 1.5 GB,
    // in the same time (bench/RESULTS.md).
    let csv = national_csv(site, sink, parts, communes, render_rows)?;
    let national = national_files(site, sink, parts, communes)?;
    let provinces = province_files(site, sink, parts)?;
    Ok(csv + national + provinces)
}

/// `observations.csv` (or, past [`registry::GZIP_FROM_ROWS`] figures, `observations.csv.gz`)
/// and `observations-excel.csv` (the same rows after a BOM); returns how
/// many such files the registry has. With `render_rows`, the per-commune files are written on
/// the way, from the same cells. A commune's own CSV has fewer columns than its rows here, so
/// they are not read back from it: a commune whose files were reused, or every commune after
/// [`Bulk::Later`], has its rows rendered again. When no commune's data changed since the
/// previous build, the two national files (gigabytes at national scale) are taken as they are,
/// unread.
fn national_csv(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    communes: &[(&Province, &Commune)],
    render_rows: bool,
) -> io::Result<usize> {
    let files = national(|m| matches!(m, Maker::NationalRows));
    let path_of = |format: Format| {
        files
            .iter()
            .find(|d| d.format == format && d.made(site))
            .map(|d| d.path)
    };
    let (national_path, gzip) = match (path_of(Format::Csv), path_of(Format::CsvGz)) {
        (Some(path), _) => (path, false),
        (None, Some(path)) => (path, true),
        (None, None) => return Ok(0),
    };
    let excel_path = path_of(Format::ExcelCsv);
    let head = csv::observations_header()?;
    let own_head = csv::commune_header()?;
    let job = format!("{BULK_JOB}observations");
    // Both files are written as the rows come, or only the national one (see `fits_excel`).
    let fill = |national: &mut dyn io::Write, mut excel: Option<&mut dyn io::Write>| {
        national.write_all(&head)?;
        if let Some(excel) = excel.as_mut() {
            excel.write_all(UTF8_BOM)?;
            excel.write_all(&head)?;
        }
        for chunk in communes.chunks(COMMUNES_PER_CHUNK) {
            // Each commune's own files are its own part (`sink`, not `files`).
            let rows: Vec<Vec<u8>> = chunk
                .par_iter()
                .map(|(p, c)| match render_rows {
                    true => commune_files(site, sink, parts, &own_head, p, c, true),
                    false => csv::observation_rows(site, [(*p, *c)]),
                })
                .collect::<io::Result<_>>()?;
            for r in rows {
                national.write_all(&r)?;
                if let Some(excel) = excel.as_mut() {
                    excel.write_all(&r)?;
                }
            }
        }
        Ok(())
    };
    let reused = parts.run(&job, Scope::Site, sink, &mut |files| {
        files.stream(national_path, &mut |national| {
            let write = |target: &mut dyn io::Write| match excel_path {
                Some(excel_path) => {
                    files.stream(excel_path, &mut |excel| fill(&mut *target, Some(excel)))
                }
                None => fill(target, None),
            };
            if !gzip {
                return write(national);
            }
            // No file name or time in the gzip header: the same rows give the same bytes.
            let mut gz = flate2::write::GzEncoder::new(national, flate2::Compression::new(6));
            write(&mut gz)?;
            gz.finish().map(drop)
        })
    })?;
    if reused && render_rows {
        communes.par_iter().try_for_each(|(p, c)| {
            commune_files(site, sink, parts, &own_head, p, c, false).map(drop)
        })?;
    }
    Ok(files.iter().filter(|d| d.made(site)).count())
}

/// The national workbook and database (`minhbach.sqlite`, or past
/// [`registry::GZIP_FROM_ROWS`] figures `minhbach.sqlite.gz`) and the Parquet file, rebuilt
/// when any commune's data changed (they take longer than every page of an unchanged
/// rebuild); returns how many files.
fn national_files(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    communes: &[(&Province, &Commune)],
) -> io::Result<usize> {
    let files: Vec<&Download> = national(|m| matches!(m, Maker::Places(_)))
        .into_iter()
        .filter(|d| d.made(site))
        .collect();
    parts.run(
        &format!("{BULK_JOB}national"),
        Scope::Site,
        sink,
        &mut |sink| {
            // One at a time, for the same reason as in `bulk_files`.
            files.iter().try_for_each(|d| match d.maker {
                Maker::Places(make) => make(site, communes, sink, d.path),
                _ => Ok(()),
            })
        },
    )?;
    Ok(files.len())
}

/// Each province's workbook and database, reused when none of its communes changed; returns
/// how many files.
fn province_files(site: &Site, sink: &dyn Sink, parts: &dyn Parts) -> io::Result<usize> {
    let files: Vec<&Download> = registry::of(Level::Province).collect();
    site.provinces
        .par_iter()
        .map(|p| {
            let id = p.info.id.as_str();
            let communes: Vec<(&Province, &Commune)> = p.communes.iter().map(|c| (p, c)).collect();
            parts.run(
                &format!("{BULK_JOB}province:{id}"),
                Scope::Province(id),
                sink,
                &mut |sink| {
                    for d in &files {
                        if let Maker::Places(make) = d.maker {
                            make(site, &communes, sink, &d.path(Place::province(p)))?;
                        }
                    }
                    Ok(())
                },
            )?;
            Ok(files.len())
        })
        .collect::<io::Result<Vec<usize>>>()
        .map(|files| files.iter().sum())
}

/// Writes a commune's files (its CSV under `head`, then the others); returns its rows of
/// `observations.csv` (empty unless `rows_wanted`). When the commune is unchanged since the
/// previous build, its files are reused and the rows rendered alone.
fn commune_files(
    site: &Site,
    sink: &dyn Sink,
    parts: &dyn Parts,
    head: &[u8],
    p: &Province,
    c: &Commune,
    rows_wanted: bool,
) -> io::Result<Vec<u8>> {
    let place = Place::commune(p, c);
    let csv_path = registry::COMMUNE_CSV.path(place);
    let mut rows = None;
    let job = format!("data:{}/{}", p.info.id, c.info.id);
    let scope = Scope::Commune(p.info.id.as_str(), c.info.id.as_str());
    let reused = parts.run(&job, scope, sink, &mut |sink| {
        let (own, national) = csv::commune_rows(site, p, c, rows_wanted)?;
        let mut csv = Vec::with_capacity(head.len() + own.len());
        csv.extend_from_slice(head);
        csv.extend_from_slice(&own);
        sink.write(&csv_path, &csv)?;
        for d in registry::of(Level::Commune) {
            if let Maker::Commune(make) = d.maker {
                sink.write(&d.path(place), &make(site, p, c)?)?;
            }
        }
        rows = Some(national);
        Ok(())
    })?;
    match rows {
        Some(rows) if !reused => Ok(rows),
        _ if !rows_wanted => Ok(Vec::new()),
        _ => csv::observation_rows(site, [(p, c)]),
    }
}
