//! `serve`: the live preview.

use minhbach::diagnostics::Lang;
use minhbach::serve;
use std::process::ExitCode;

/// `serve`: runs until Ctrl-C; exit 2 when the address cannot be used, 75 when another server
/// previews the same site.
pub fn run(opts: serve::Options) -> ExitCode {
    let lang = opts.lang;
    match serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(serve::ServeError::Bind(why)) => {
            eprintln!("{}: {}", error_word(lang), why.get(lang));
            ExitCode::from(2)
        }
        Err(serve::ServeError::Watch(why)) => {
            eprintln!("{}: {}", error_word(lang), why.get(lang));
            ExitCode::from(1)
        }
        Err(serve::ServeError::Busy(why)) => {
            eprintln!("{}: {}", error_word(lang), why.get(lang));
            ExitCode::from(75)
        }
    }
}

fn error_word(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "error",
        Lang::Vi => "lỗi",
    }
}
