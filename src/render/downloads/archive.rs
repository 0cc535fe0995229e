//! The release archive: each release's figures as it published them
//! (`releases/<id>/figures.csv`), so that a citation of a release can be checked later.

use super::tables::*;
use crate::format;
use crate::model::Site;
use std::io;

/// Every figure as release `index` published it, in key order.
pub fn figures_csv(site: &Site, index: usize) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    header(&mut w, FIGURE_FIELDS)?;
    for (key, value) in site.history.published_at(index) {
        w.write_record([
            key.province.as_str(),
            key.commune.as_str(),
            key.period.as_str(),
            key.indicator.as_str(),
            &value.map(format::plain).unwrap_or_default(),
        ])
        .map_err(io::Error::other)?;
    }
    finish(w)
}
