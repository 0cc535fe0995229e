//! The `minhbach` command line (SPEC §4).

use clap::{Parser, Subcommand};
use minhbach::diagnostics::{Diagnostic, Diagnostics, Lang};
use minhbach::pipeline::{self, BuildError, Paths};
use minhbach::write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// minhbach — build a transparency dashboard for Vietnamese communes from YAML and Markdown.
#[derive(Parser)]
#[command(name = "minhbach", version, about, long_about = None)]
struct Cli {
    /// Language of messages: vi or en (default: the site's first language in site.yaml).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Vi,
    En,
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

/// Most problems printed for one file; a file of thousands of bad lines would bury the rest.
const MAX_SHOWN_PER_FILE: usize = 20;

fn print(diags: &Diagnostics, lang: Lang) {
    let mut by_file: Vec<(&Path, Vec<&Diagnostic>)> = Vec::new();
    for d in diags.iter() {
        match by_file.last_mut() {
            Some((file, list)) if *file == d.file.as_path() => list.push(d),
            _ => by_file.push((d.file.as_path(), vec![d])),
        }
    }
    for (file, list) in by_file {
        for d in list.iter().take(MAX_SHOWN_PER_FILE) {
            eprintln!("{}", d.display(lang));
        }
        let hidden = list.len().saturating_sub(MAX_SHOWN_PER_FILE);
        if hidden > 0 {
            let file = file.display();
            match lang {
                Lang::En => eprintln!("… and {hidden} more problem(s) in {file}\n"),
                Lang::Vi => eprintln!("… và {hidden} vấn đề nữa trong {file}\n"),
            }
        }
    }
}

fn summary(diags: &Diagnostics, lang: Lang) -> String {
    let (e, w) = (diags.error_count(), diags.warning_count());
    match lang {
        Lang::En => format!("{e} error(s), {w} warning(s)"),
        Lang::Vi => format!("{e} lỗi, {w} cảnh báo"),
    }
}

/// Stops the build cleanly on the first Ctrl-C (the staging folder is removed, the previous
/// site stays); a second Ctrl-C exits at once, and the next build cleans up.
fn handle_ctrl_c() {
    let mut pressed = false;
    let _ = ctrlc::set_handler(move || {
        if pressed {
            std::process::exit(130);
        }
        pressed = true;
        write::interrupt();
    });
}

/// A panic is a bug in minhbach, never the user's fault: say so, and that the site is safe.
/// (The staging folder is removed while the panic unwinds.)
fn explain_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        eprintln!(
            "\ninternal error: this is a bug in minhbach, not a problem in your content. \
             The previous site was left unchanged. Please report it with the command you ran.\n\
             lỗi nội bộ: đây là lỗi của minhbach, không phải của nội dung. \
             Trang cũ được giữ nguyên. Xin báo lỗi kèm câu lệnh đã chạy."
        );
    }));
}

fn main() -> ExitCode {
    explain_panics();
    let cli = Cli::parse();
    let lang_for = |content: &Path| match cli.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Vi) => Lang::Vi,
        None => site_language(content),
    };
    match &cli.command {
        Command::Check { content } => check(content, lang_for(content)),
        Command::Build {
            content,
            themes,
            output,
        } => {
            handle_ctrl_c();
            let paths = Paths {
                content: content.clone(),
                themes: themes.clone(),
                output: output.clone(),
            };
            build(&paths, lang_for(content))
        }
    }
}

fn check(content: &Path, lang: Lang) -> ExitCode {
    let (site, diags) = pipeline::load_site(content);
    print(&diags, lang);
    if site.is_none() {
        let s = summary(&diags, lang);
        match lang {
            Lang::En => eprintln!("check failed: {s}"),
            Lang::Vi => eprintln!("kiểm tra không đạt: {s}"),
        }
        return ExitCode::from(1);
    }
    let s = summary(&diags, lang);
    match lang {
        Lang::En => println!("content is valid: {s}"),
        Lang::Vi => println!("nội dung hợp lệ: {s}"),
    }
    ExitCode::SUCCESS
}

fn build(paths: &Paths, lang: Lang) -> ExitCode {
    let started = Instant::now();
    let out = paths.output.display();
    let unchanged = match lang {
        Lang::En => format!("{out} was left unchanged"),
        Lang::Vi => format!("{out} được giữ nguyên như trước"),
    };
    let failed = match lang {
        Lang::En => "build failed",
        Lang::Vi => "dựng trang không thành công",
    };
    match pipeline::build(paths) {
        Ok((rendered, diags, (files, bytes))) => {
            print(&diags, lang);
            let secs = started.elapsed().as_secs_f64();
            let mb = bytes as f64 / 1e6;
            let (p, c, d) = (rendered.pages, rendered.charts, rendered.data_files);
            let s = summary(&diags, lang);
            match lang {
                Lang::En => println!(
                    "built {out} in {secs:.2} s: {p} pages, {c} charts, {d} data files ({files} files, {mb:.1} MB); {s}"
                ),
                Lang::Vi => println!(
                    "đã dựng {out} trong {secs:.2} giây: {p} trang, {c} biểu đồ, {d} tệp dữ liệu ({files} tệp, {mb:.1} MB); {s}"
                ),
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags)) => {
            print(&diags, lang);
            eprintln!("{failed}: {}; {unchanged}", summary(&diags, lang));
            ExitCode::from(1)
        }
        Err(BuildError::UnsafeOutput(why)) => {
            let help = match lang {
                Lang::En => "choose another --output folder, such as `public`",
                Lang::Vi => "hãy chọn thư mục --output khác, ví dụ `public`",
            };
            let label = Diagnostic::error(&paths.output, why).help(help);
            eprint!("{}", label.display(lang));
            ExitCode::from(2)
        }
        Err(BuildError::Interrupted) => {
            match lang {
                Lang::En => eprintln!("build stopped (Ctrl-C); {unchanged}"),
                Lang::Vi => eprintln!("đã dừng dựng trang (Ctrl-C); {unchanged}"),
            }
            ExitCode::from(130)
        }
        Err(BuildError::Io(e)) => {
            match lang {
                Lang::En => eprintln!("error: cannot build the site: {e}\n{failed}; {unchanged}"),
                Lang::Vi => eprintln!("lỗi: không dựng được trang: {e}\n{failed}; {unchanged}"),
            }
            ExitCode::from(1)
        }
    }
}
