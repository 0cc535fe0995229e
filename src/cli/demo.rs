//! `demo`: synthetic content at any scale, for benchmarks and trying the site out.

use minhbach::diagnostics::Lang;
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
            let mb = w.bytes as f64 / 1e6;
            let o = out.display();
            match lang {
                Lang::En => println!(
                    "wrote synthetic content to {o} in {secs:.1} s: {} files, {mb:.1} MB",
                    w.files
                ),
                Lang::Vi => println!(
                    "đã ghi nội dung mô phỏng vào {o} trong {} giây: {} tệp, {} MB",
                    minhbach::format::number(secs, 1, "vi"),
                    minhbach::format::count(w.files as f64, "vi"),
                    minhbach::format::number(mb, 1, "vi"),
                ),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            match lang {
                Lang::En => eprintln!("error: cannot write the demo content: {e}"),
                Lang::Vi => eprintln!("lỗi: không ghi được nội dung mô phỏng: {e}"),
            }
            ExitCode::from(2)
        }
    }
}
