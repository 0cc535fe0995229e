//! The command line's arguments (SPEC §4): their doc comments and attributes are the text of
//! `--help` and of the manual page, so a change here changes what users read.

use clap::{Parser, Subcommand};
use minhbach::base::diagnostics::Lang;
use minhbach::pipeline::Paths;
use std::path::PathBuf;

/// minhbach — build a transparency dashboard for Vietnamese communes from YAML and Markdown.
#[derive(Parser)]
#[command(name = "minhbach", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages: vi or en (default: the site's first language in site.yaml).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Print only errors: no warnings, no summary, no progress.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every problem of a file (no limit of 20) and each stage's time and peak memory.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The language asked for with `--lang`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// The folders a build reads and writes (`build` and `release`).
#[derive(clap::Args)]
pub struct SiteArgs {
    /// Content folder.
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// Themes folder.
    #[arg(long, default_value = "themes")]
    pub themes: PathBuf,
    /// Output folder (replaced only when the build succeeds).
    #[arg(long, default_value = "public")]
    pub output: PathBuf,
}

impl SiteArgs {
    /// The pipeline's paths, reusing the previous build's unchanged parts when `incremental`.
    pub fn paths(&self, incremental: bool) -> Paths {
        Paths {
            content: self.content.clone(),
            themes: self.themes.clone(),
            output: self.output.clone(),
            incremental,
        }
    }
}

/// The subcommands; each variant's doc comment is its line in `--help`.
#[derive(Subcommand)]
pub enum Command {
    /// Build the site from content/ and themes/ into public/.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Render every page again instead of reusing the unchanged parts of the previous
        /// build (the cache beside the output is then rewritten).
        #[arg(long)]
        no_cache: bool,
    },
    /// Record a data release: every figure new or changed since the last release and the
    /// SHA-256 of every data file, in content/releases/<date>.yaml; then build.
    Release {
        #[command(flatten)]
        site: SiteArgs,
        /// What this release brings, shown on the release page and in the feed.
        #[arg(long)]
        note: Option<String>,
        /// Date of the release, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_parser = parse_release_date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Check the content and list every problem, without building.
    Check {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Output format: text for people, json for editors' tools and CI (on standard output).
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Write the Excel workbook a province fills for one period: a row per commune, a column per indicator.
    Template {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Province id (the folder under content/communes/).
        #[arg(long)]
        province: String,
        /// First day of the period, YYYY-MM-DD.
        #[arg(long, value_parser = parse_release_date)]
        start: chrono::NaiveDate,
        /// Last day of the period, YYYY-MM-DD.
        #[arg(long, value_parser = parse_release_date)]
        end: chrono::NaiveDate,
        /// The period is a running total (cumulative) rather than a regular period.
        #[arg(long)]
        cumulative: bool,
        /// Period id (default: <start>_<end>, or cum-<start>_<end> for a cumulative period).
        #[arg(long)]
        id: Option<String>,
        /// Workbook to write (default: <province>_<period>.xlsx; never overwritten).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Turn a filled template (.xlsx, .ods or its CSV export) into period files; nothing is written unless the whole sheet is valid.
    Import {
        /// The filled workbook or CSV.
        file: PathBuf,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Check and show what would be written, without writing.
        #[arg(long)]
        dry_run: bool,
        /// Overwrite period files whose figures differ (the changes are listed).
        #[arg(long)]
        replace: bool,
    },
    /// Preview the site: build it into your cache folder, serve it, rebuild what changed and reload pages on every save.
    Serve {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Themes folder.
        #[arg(long, default_value = "themes")]
        themes: PathBuf,
        /// Port to listen on (default 5757, or the next free one; 0 for any free port).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on; other computers can reach the preview only if this is not loopback.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a content file ready to fill in (never overwrites a file).
    #[command(subcommand)]
    New(NewCommand),
    /// Create a new site in DIR that builds as it is: settings, indicator catalogue, one sample commune.
    Init {
        /// Folder to create (must be new or empty).
        dir: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into --dir.
    Man {
        /// Folder to write minhbach.1 and minhbach-<command>.1 into.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write synthetic content at any scale (default: the nation, 34 provinces, 3,321 communes, 60 months).
    Demo {
        /// Folder to create (must be new or empty).
        #[arg(long)]
        out: PathBuf,
        /// Number of provinces (1 to 34).
        #[arg(long, default_value_t = 34)]
        provinces: usize,
        /// Number of communes, spread over the provinces.
        #[arg(long, default_value_t = 3321)]
        communes: usize,
        /// Number of monthly periods, ending with October 2026.
        #[arg(long, default_value_t = 60)]
        periods: usize,
        /// Seed of the random figures (the same seed gives the same files).
        #[arg(long, default_value_t = 57)]
        seed: u64,
        /// Communes of the first province that have not reported the latest month (that province then wants reports within 5 days, and one of its communes reports late); keep it under nine tenths of its communes.
        #[arg(long, default_value_t = 0)]
        missing_latest: usize,
    },
}

/// What `check --format` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// The files `new` can create; each variant's doc comment is its line in `new --help`.
#[derive(Subcommand)]
pub enum NewCommand {
    /// A province: communes/<id>/_province.yaml.
    Province {
        /// Province id, e.g. nghe-an.
        id: String,
        /// Official name with accents, e.g. "Nghệ An".
        #[arg(long)]
        name: Option<String>,
        /// tinh (province) or thanh_pho (centrally run city).
        #[arg(long, default_value = "tinh", value_parser = ["tinh", "thanh_pho"])]
        kind: String,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A commune: communes/<province>/<id>/commune.yaml.
    Commune {
        /// <province>/<commune-id>, e.g. nghe-an/dien-chau.
        commune: String,
        /// Name with accents, without "xã" / "phường", e.g. "Diễn Châu".
        #[arg(long)]
        name: Option<String>,
        /// xa (commune), phuong (ward) or dac_khu (special zone).
        #[arg(long, default_value = "xa", value_parser = ["xa", "phuong", "dac_khu"])]
        kind: String,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A reporting period listing every catalogue indicator, commented out, to fill in.
    Period {
        /// <province>/<commune>, e.g. nghe-an/dien-chau.
        commune: String,
        /// Period id (default: <start>_<end>, or cum-<start>_<end> for a cumulative period).
        id: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: String,
        /// regular, or cumulative for running totals (lũy kế).
        #[arg(long, default_value = "regular", value_parser = ["regular", "cumulative"])]
        kind: String,
        /// Id of this commune's report the figures come from.
        #[arg(long)]
        report: Option<String>,
        /// Title of the source document.
        #[arg(long)]
        title: Option<String>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A report text: reports/<id>.md with its front matter.
    Report {
        /// <province>/<commune>, e.g. nghe-an/dien-chau.
        commune: String,
        /// Report id, e.g. 2026-01.
        id: String,
        /// First day of the period it covers, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        /// Last day of the period it covers, YYYY-MM-DD.
        #[arg(long)]
        end: String,
        /// Date of the document (default: --end).
        #[arg(long)]
        date: Option<String>,
        /// Title of the document.
        #[arg(long)]
        title: Option<String>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

/// `--date` of `release`: a calendar date, refused with the English explanation (clap prints it).
fn parse_release_date(s: &str) -> Result<chrono::NaiveDate, String> {
    minhbach::domain::parse_date(s).map_err(|help| help.en.to_string())
}
