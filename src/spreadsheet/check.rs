//! The import's files checked as hand-written content is: the province's folder copied with
//! the new files in it, loaded and validated by the pipeline, each problem moved to the cell
//! it comes from.

use super::grid::Grid;
use super::import::{Plan, Positions};
use crate::base::diagnostics::{Diagnostic, t};
use crate::pipeline;
use std::path::Path;

/// Problems the validation finds in the planned files, pointing at the sheet's cells.
pub fn validate(
    content: &Path,
    plan: &Plan,
    grid: &Grid,
    at: &Positions,
    sheet: &Path,
) -> Vec<Diagnostic> {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => return vec![io_problem(sheet, &e)],
    };
    if let Err(e) = overlay(content, dir.path(), plan) {
        return vec![io_problem(sheet, &e)];
    }
    let (_, diags) = pipeline::load_site(dir.path());
    let ours: Vec<std::path::PathBuf> = plan
        .files
        .iter()
        .filter_map(|f| {
            f.path
                .strip_prefix(content)
                .ok()
                .map(|p| dir.path().join(p))
        })
        .collect();
    diags
        .into_iter()
        .filter(|d| ours.contains(&d.file))
        .map(|d| to_cell(d, dir.path(), grid, at, sheet))
        .collect()
}

/// site.yaml, indicators.yaml and the province's folder, with the planned files written in.
fn overlay(content: &Path, to: &Path, plan: &Plan) -> std::io::Result<()> {
    for name in ["site.yaml", "indicators.yaml"] {
        std::fs::copy(content.join(name), to.join(name))?;
    }
    let province = content.join("communes").join(&plan.province);
    for entry in walkdir::WalkDir::new(&province).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let Ok(rel) = entry.path().strip_prefix(content) else {
            continue;
        };
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    for file in &plan.files {
        let Ok(rel) = file.path.strip_prefix(content) else {
            continue;
        };
        let target = to.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(target, &file.text)?;
    }
    Ok(())
}

/// A problem of a planned file, told at its cell: the commune's row, the figure's column.
fn to_cell(
    mut d: Diagnostic,
    root: &Path,
    grid: &Grid,
    at: &Positions,
    sheet: &Path,
) -> Diagnostic {
    let commune = d
        .file
        .strip_prefix(root)
        .ok()
        .and_then(|p| p.iter().nth(2))
        .map(|c| c.to_string_lossy().to_string())
        .unwrap_or_default();
    let row = at.rows.get(&commune).copied();
    let key = d.key.clone().unwrap_or_default();
    let column_key = key.strip_prefix("values.").unwrap_or(&key).to_string();
    let col = at.columns.get(&column_key).copied().unwrap_or(0);
    // Say whose figure it is, as the import's own messages do.
    let who = at.communes.get(&commune).cloned().unwrap_or(commune);
    d.message = match at.indicators.get(&column_key) {
        Some(name) => t(
            format!("{who}, {}: {}", name.en, d.message.en),
            format!("{who}, {}: {}", name.vi, d.message.vi),
        ),
        None => t(
            format!("{who}: {}", d.message.en),
            format!("{who}: {}", d.message.vi),
        ),
    };
    d.file = sheet.to_path_buf();
    d.line = None;
    d.column = None;
    d.key = row.map(|r| grid.address(r, col)).or(Some(key));
    d
}

fn io_problem(sheet: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        sheet,
        t(
            format!("the import could not check its files: {e}"),
            format!("lệnh import không kiểm tra được các tệp của nó: {e}"),
        ),
    )
}
