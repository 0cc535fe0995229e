//! `demo`: synthetic content at any scale, for benchmarks and trying the site out.

use super::messages;
use minhbach::base::diagnostics::Lang;
use minhbach::terminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// `demo`: writes the content into `out` (a new or empty folder); exit 2 when it cannot.
pub fn run(out: &Path, scale: minhbach::demo::Scale, lang: Lang) -> ExitCode {
    let started = Instant::now();
    match minhbach::demo::generate(out, scale) {
        Ok(_) if terminal::verbosity() == terminal::Verbosity::Quiet => ExitCode::SUCCESS,
        Ok(w) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "{}",
                messages::demo_written(out, secs, w.files, w.bytes).get(lang)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", messages::demo_failed(e).get(lang));
            ExitCode::from(2)
        }
    }
}
