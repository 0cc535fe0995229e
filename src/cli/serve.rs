//! `serve`: the live preview.

use super::messages;
use minhbach::serve;
use std::process::ExitCode;

/// `serve`: runs until Ctrl-C; exit 2 when the address cannot be used, 75 when another server
/// previews the same site.
pub fn run(opts: serve::Options) -> ExitCode {
    let lang = opts.lang;
    let (why, code) = match serve::run(opts) {
        Ok(()) => return ExitCode::SUCCESS,
        Err(serve::ServeError::Bind(why)) => (why, 2),
        Err(serve::ServeError::Watch(why)) => (why, 1),
        Err(serve::ServeError::Busy(why)) => (why, 75),
    };
    eprintln!("{}", messages::serve_failed(&why).get(lang));
    ExitCode::from(code)
}
