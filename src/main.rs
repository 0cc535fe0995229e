//! The `minhbach` command line (SPEC §4).

use clap::{Parser, Subcommand};
use minhbach::diagnostics::Diagnostics;
use minhbach::pipeline::{self, BuildError, Paths};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// minhbach — build a transparency dashboard for Vietnamese communes from YAML and Markdown.
#[derive(Parser)]
#[command(name = "minhbach", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from content/ and themes/ into public/.
    Build {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Themes folder.
        #[arg(long, default_value = "themes")]
        themes: PathBuf,
        /// Output folder (replaced only when the build succeeds).
        #[arg(long, default_value = "public")]
        output: PathBuf,
    },
    /// Check the content and list every problem, without building.
    Check {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

fn print(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{d}");
    }
}

fn summary(diags: &Diagnostics) -> String {
    format!(
        "{} error(s), {} warning(s)",
        diags.error_count(),
        diags.warning_count()
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { content } => {
            let (site, diags) = pipeline::load_site(&content);
            print(&diags);
            if site.is_none() {
                eprintln!("check failed: {}", summary(&diags));
                return ExitCode::from(1);
            }
            println!("content is valid: {}", summary(&diags));
            ExitCode::SUCCESS
        }
        Command::Build {
            content,
            themes,
            output,
        } => {
            let started = Instant::now();
            match pipeline::build(&Paths {
                content,
                themes,
                output: output.clone(),
            }) {
                Ok((rendered, diags, (files, bytes))) => {
                    print(&diags);
                    println!(
                        "built {} in {:.2} s: {} pages, {} charts, {} data files ({} files, {:.1} MB); {}",
                        output.display(),
                        started.elapsed().as_secs_f64(),
                        rendered.pages,
                        rendered.charts,
                        rendered.data_files,
                        files,
                        bytes as f64 / 1e6,
                        summary(&diags)
                    );
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags)) => {
                    print(&diags);
                    eprintln!(
                        "build failed: {}; {} was left unchanged",
                        summary(&diags),
                        output.display()
                    );
                    ExitCode::from(1)
                }
                Err(BuildError::UnsafeOutput(why)) => {
                    eprintln!(
                        "error: {why}\n   = help: choose another --output folder, such as `public`"
                    );
                    ExitCode::from(2)
                }
                Err(BuildError::Io(e)) => {
                    eprintln!(
                        "error: cannot write the site: {e}\nbuild failed; {} was left unchanged",
                        output.display()
                    );
                    ExitCode::from(1)
                }
            }
        }
    }
}
