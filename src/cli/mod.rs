//! The subcommands of the `minhbach` binary: main.rs parses the arguments and hands each
//! subcommand to its module here; every sentence they print is in [`messages`].

pub mod args;
pub mod build;
pub mod check;
pub mod demo;
pub mod docs;
pub mod messages;
pub mod new;
pub mod serve;
pub mod spreadsheet;

use args::LangArg;
use minhbach::base::diagnostics::{Diagnostics, Lang};
use minhbach::terminal;
use std::path::Path;

/// The language of messages: `--lang` when given, else the site's first language.
pub fn lang_for(arg: Option<LangArg>, content: &Path) -> Lang {
    match arg {
        Some(lang) => lang.into(),
        None => site_language(content),
    }
}

/// The first language listed in `content/site.yaml`, read leniently: a broken file is
/// reported by the check itself, so here it only means falling back to Vietnamese.
fn site_language(content: &Path) -> Lang {
    #[derive(serde::Deserialize)]
    struct Languages {
        #[serde(default)]
        languages: Vec<String>,
    }
    let Ok(text) = std::fs::read_to_string(content.join("site.yaml")) else {
        return Lang::Vi;
    };
    match serde_yaml::from_str::<Languages>(&text) {
        Ok(l) => l.languages.first().map_or(Lang::Vi, |c| Lang::from_code(c)),
        Err(_) => Lang::Vi,
    }
}

/// Errors file by file (at most 20 per file without --verbose), then warnings grouped by
/// commune with a total (not with --quiet); coloured only on a terminal without NO_COLOR.
pub fn print(diags: &Diagnostics, lang: Lang) {
    terminal::print_diagnostics(diags, lang);
}
