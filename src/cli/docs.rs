//! `completions` and `man`: documents generated from the argument definitions in [`args`].
//!
//! [`args`]: super::args

use super::args::Cli;
use super::messages;
use clap::CommandFactory;
use std::path::Path;
use std::process::ExitCode;

/// `completions SHELL`: the shell's completion script on standard output.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "minhbach", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// `man`: the manual page on standard output, or one page per command in `dir`.
pub fn man(dir: Option<&Path>) -> ExitCode {
    let cmd = Cli::command();
    let result = match dir {
        None => clap_mangen::Man::new(cmd).render(&mut std::io::stdout()),
        Some(dir) => std::fs::create_dir_all(dir).and_then(|_| clap_mangen::generate_to(cmd, dir)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", messages::man_failed(e));
            ExitCode::from(1)
        }
    }
}
