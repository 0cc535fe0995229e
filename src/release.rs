//! `minhbach release`: records what the site publishes now — every figure new or changed since
//! the last release, and the size and SHA-256 of every data file — in `releases/<id>.yaml`
//! in the content folder, so that the history survives a fresh clone.

use crate::base::diagnostics::{Diagnostic, Diagnostics, t};
use crate::base::ids::ReleaseId;
use crate::domain::{FigureKey, FileDigest, Localized, Published, Release};
use crate::model::Site;
use crate::model::history::Changes;
use crate::pipeline::{self, BuildError};
use crate::render::downloads::registry::{self, Place};
use crate::render::downloads::{self, archive};
use crate::render::{Fresh, Sink};
use crate::write::Digests;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What `minhbach release` did.
#[derive(Debug)]
pub enum Outcome {
    /// A record was written.
    Recorded {
        /// The new release.
        id: ReleaseId,
        /// Its record file.
        file: PathBuf,
        /// What it changed.
        changes: Changes,
    },
    /// The content publishes exactly what the latest release recorded: nothing was written.
    NothingNew {
        /// The latest release.
        latest: Option<ReleaseId>,
    },
}

/// Records a release dated `date` of the content in `content`.
pub fn record(content: &Path, date: NaiveDate, note: Option<&str>) -> Result<Outcome, BuildError> {
    let (site, diags) = pipeline::load_site(content);
    let Some(site) = site else {
        return Err(BuildError::Content(diags));
    };
    let latest = site.history.latest().map(|s| s.release.clone());
    let (changes, removed) = site.history.unreleased_changes(&site);
    if changes.is_empty() && removed.is_empty() {
        return Ok(Outcome::NothingNew {
            latest: latest.map(|r| r.id),
        });
    }
    let folder = content.join("releases");
    if let Some(latest) = &latest
        && date < latest.date
    {
        return Err(BuildError::Content(too_early(&folder, date, latest)));
    }
    let id = free_id(&folder, date, &site);
    let file = folder.join(format!("{id}.yaml"));
    let release = Release {
        id: id.clone(),
        date,
        previous: latest.map(|r| r.id),
        note: note.map(|n| {
            Localized(
                site.config
                    .languages
                    .iter()
                    .map(|l| (l.clone(), n.to_string()))
                    .collect(),
            )
        }),
        files: Vec::new(),
        figures_sha256: None,
        changes,
        removed,
        file: file.clone(),
    };
    let site = site.with_release(release);
    let (files, figures_sha256) = digests(&site, &id).map_err(BuildError::Io)?;
    let Some(summary) = site.history.latest() else {
        return Err(BuildError::Io(std::io::Error::other(
            "the new release is missing from the history",
        )));
    };
    let text = record_text(&summary.release, note, &files, &figures_sha256);
    write_new(&folder, &file, text.as_bytes()).map_err(BuildError::Io)?;
    Ok(Outcome::Recorded {
        id,
        file,
        changes: Changes {
            added: summary.added,
            revised: summary.revised,
            removed: summary.removed,
        },
    })
}

/// Today's date in UTC.
pub fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// The date as id, with `-2`, `-3`… when a release of that day exists.
fn free_id(folder: &Path, date: NaiveDate, site: &Site) -> ReleaseId {
    let taken = |id: &str| {
        folder.join(format!("{id}.yaml")).exists()
            || site
                .history
                .releases
                .iter()
                .any(|r| r.release.id.as_str() == id)
    };
    let base = date.format("%Y-%m-%d").to_string();
    let id = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken(id))
        .unwrap_or(base);
    // A date with a numeric suffix is always a valid id.
    ReleaseId::parse(&id).unwrap_or_else(|_| unreachable!("{id} is a valid id"))
}

/// Sizes and SHA-256 of every data file and of the release's archived figures, made in memory.
fn digests(site: &Site, id: &ReleaseId) -> std::io::Result<(Vec<FileDigest>, String)> {
    let sink = Digests::default();
    downloads::render(site, &sink, &Fresh, downloads::Bulk::Inline)?;
    let index = site.history.releases.len() - 1;
    let archived = registry::RELEASE_FIGURES.path(Place::release(id.as_str()));
    sink.write(&archived, &archive::figures_csv(site, index)?)?;
    let mut files = sink.into_files();
    let figures = files
        .remove(&archived)
        .map(|(_, sha)| sha)
        .unwrap_or_default();
    let files = files
        .into_iter()
        .map(|(path, (bytes, sha256))| FileDigest {
            path,
            bytes,
            sha256,
        })
        .collect();
    Ok((files, figures))
}

/// A release record as YAML, figures nested province → commune → period → indicator.
#[derive(Serialize)]
struct Record<'a> {
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    files: BTreeMap<&'a str, Digest<'a>>,
    figures_sha256: &'a str,
    figures: Nested<'a, BTreeMap<&'a str, Number>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    removed: Nested<'a, Vec<&'a str>>,
}

type Nested<'a, T> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeMap<&'a str, T>>>;

#[derive(Serialize)]
struct Digest<'a> {
    bytes: u64,
    sha256: &'a str,
}

/// A figure written the way people write it: `34`, not `34.0`; `null` when not reported.
#[derive(Serialize)]
#[serde(untagged)]
enum Number {
    Whole(i64),
    Fraction(f64),
    NotReported(Option<()>),
}

impl From<Published> for Number {
    fn from(v: Published) -> Self {
        match v {
            // Whole numbers up to 2^53 are exact in f64 and in i64.
            Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Number::Whole(x as i64),
            Some(x) => Number::Fraction(x),
            None => Number::NotReported(None),
        }
    }
}

/// The innermost map or list of `key`'s period, made when missing.
fn slot<'m, 'a, T: Default>(map: &'m mut Nested<'a, T>, key: &'a FigureKey) -> &'m mut T {
    map.entry(key.province.as_str())
        .or_default()
        .entry(key.commune.as_str())
        .or_default()
        .entry(key.period.as_str())
        .or_default()
}

/// The text of `release`'s record file.
fn record_text(
    release: &Release,
    note: Option<&str>,
    files: &[FileDigest],
    figures_sha256: &str,
) -> String {
    let mut figures: Nested<BTreeMap<&str, Number>> = BTreeMap::new();
    for (key, value) in &release.changes {
        slot(&mut figures, key).insert(key.indicator.as_str(), Number::from(*value));
    }
    let mut removed: Nested<Vec<&str>> = BTreeMap::new();
    for key in &release.removed {
        slot(&mut removed, key).push(key.indicator.as_str());
    }
    let record = Record {
        date: release.date.format("%Y-%m-%d").to_string(),
        previous: release.previous.as_ref().map(ReleaseId::as_str),
        note,
        files: files
            .iter()
            .map(|f| {
                (
                    f.path.as_str(),
                    Digest {
                        bytes: f.bytes,
                        sha256: &f.sha256,
                    },
                )
            })
            .collect(),
        figures_sha256,
        figures,
        removed,
    };
    let body = serde_yaml::to_string(&record).unwrap_or_default();
    format!(
        "# Data release {id} of this site, recorded by `minhbach release`.\n\
         # It is the site's record of what it published: every figure new or changed since the\n\
         # previous release, and the size and SHA-256 of every data file. Keep it with the content\n\
         # in version control and do not edit it (only the note may be reworded): the release\n\
         # archive and the history of corrected figures are built from these records.\n{body}",
        id = release.id
    )
}

/// Writes `file` whole or not at all, and never over an existing record.
fn write_new(folder: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let tmp = tempfile::Builder::new()
        .prefix(".release-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    let (mut handle, tmp) = tmp.into_parts();
    handle.write_all(bytes)?;
    handle.sync_all()?;
    drop(handle);
    // A temporary file is private to its owner; a record is content like any other file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist_noclobber(file).map_err(|e| e.error)?;
    Ok(())
}

/// The error for a release dated before the latest one.
fn too_early(folder: &Path, date: NaiveDate, latest: &Release) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.push(
        Diagnostic::error(
            folder,
            t(
                format!(
                    "a release dated {date} would come before the latest release, `{}` of {}",
                    latest.id, latest.date
                ),
                format!(
                    "đợt công bố ngày {date} sẽ đứng trước đợt mới nhất, `{}` ngày {}",
                    latest.id, latest.date
                ),
            ),
        )
        .help(t(
            format!(
                "leave out --date to use today's date, or give a date on or after {}",
                latest.date
            ),
            format!(
                "bỏ --date để dùng ngày hôm nay, hoặc chọn một ngày từ {} trở đi",
                latest.date
            ),
        )),
    );
    diags
}
