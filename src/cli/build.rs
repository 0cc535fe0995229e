//! `build` and `release`, and what the terminal says when either fails.

use super::{print, summary};
use minhbach::diagnostics::{Diagnostic, Lang, t};
use minhbach::pipeline::{self, BuildError, Paths};
use minhbach::release::Outcome;
use minhbach::{terminal, write};
use std::process::ExitCode;
use std::time::Instant;

/// Stops the build cleanly on the first Ctrl-C (the staging folder is removed, the previous
/// site stays); a second Ctrl-C exits at once, and the next build cleans up.
pub fn handle_ctrl_c() {
    let mut pressed = false;
    let _ = ctrlc::set_handler(move || {
        if pressed {
            std::process::exit(130);
        }
        pressed = true;
        write::interrupt();
    });
}

/// `release`: records the release, then builds the site with it.
pub fn release(paths: &Paths, date: chrono::NaiveDate, note: Option<&str>, lang: Lang) -> ExitCode {
    if let Err(e) = pipeline::check_output(paths) {
        return build_failed(paths, e, lang);
    }
    // A release recorded while another build runs could not be built now, and running it
    // again would find nothing new to release: refused before anything is written. (The
    // build below takes the lock again.)
    if let Err(e) = pipeline::lock_output(paths) {
        return build_failed(paths, e, lang);
    }
    match minhbach::release::record(&paths.content, date, note) {
        Ok(Outcome::NothingNew { latest }) => {
            let said = match (lang, latest) {
                (Lang::En, Some(id)) => format!(
                    "nothing to release: every figure is as release {id} published it; no record written"
                ),
                (Lang::Vi, Some(id)) => format!(
                    "không có gì để công bố: mọi số liệu vẫn như đợt {id} đã công bố; không ghi tệp mới"
                ),
                (Lang::En, None) => {
                    "nothing to release: the content has no figures yet".to_string()
                }
                (Lang::Vi, None) => {
                    "không có gì để công bố: nội dung chưa có số liệu nào".to_string()
                }
            };
            terminal::success(&said);
            ExitCode::SUCCESS
        }
        Ok(Outcome::Recorded { id, file, changes }) => {
            let (a, r, w) = (changes.added, changes.revised, changes.removed);
            let file = file.display();
            terminal::success(&match lang {
                Lang::En => format!(
                    "recorded release {id} in {file}: {a} new figures, {r} revised, {w} withdrawn. Commit this file with the content."
                ),
                Lang::Vi => format!(
                    "đã ghi đợt công bố {id} vào {file}: {a} số liệu mới, {r} số liệu sửa, {w} số liệu rút lại. Hãy commit tệp này cùng nội dung."
                ),
            });
            build(paths, lang)
        }
        Err(e) => build_failed(paths, e, lang),
    }
}

/// `build`: builds the site into `paths.output`, with a progress display and a closing line.
pub fn build(paths: &Paths, lang: Lang) -> ExitCode {
    let started = Instant::now();
    let out = paths.output.display();
    let progress = terminal::BuildProgress::new(lang);
    let result = pipeline::build_with(paths, &progress);
    progress.finish();
    match result {
        Ok((rendered, diags, (files, bytes))) => {
            print(&diags, lang);
            let secs = started.elapsed().as_secs_f64();
            let mb = bytes as f64 / 1e6;
            let (p, c, d) = (rendered.pages, rendered.charts, rendered.data_files);
            let mut s = summary(&diags, lang);
            if rendered.unchanged {
                s.push_str(match lang {
                    Lang::En => {
                        "; nothing changed since the last build: the output was left as it was"
                    }
                    Lang::Vi => "; không có gì thay đổi từ lần dựng trước: đầu ra được giữ nguyên",
                });
            } else if rendered.reused > 0 {
                let n = rendered.reused;
                s.push_str(&match lang {
                    Lang::En => format!("; {n} unchanged parts reused from the previous build"),
                    Lang::Vi => format!("; dùng lại {n} phần không đổi từ lần dựng trước"),
                });
            }
            terminal::success(&match lang {
                Lang::En => format!(
                    "built {out} in {secs:.2} s: {p} pages, {c} charts, {d} data files ({files} files, {mb:.1} MB); {s}"
                ),
                // Vietnamese separators (`0,46 giây`, `4,3 MB`); the English line stays
                // ungrouped because bench/run.sh reads its counts.
                Lang::Vi => {
                    let n = |x: usize| minhbach::format::count(x as f64, "vi");
                    let (secs, mb) = (
                        minhbach::format::number(secs, 2, "vi"),
                        minhbach::format::number(mb, 1, "vi"),
                    );
                    let (p, c, d, files) = (n(p), n(c), n(d), n(files as usize));
                    format!(
                        "đã dựng {out} trong {secs} giây: {p} trang, {c} biểu đồ, {d} tệp dữ liệu ({files} tệp, {mb} MB); {s}"
                    )
                }
            });
            ExitCode::SUCCESS
        }
        Err(e) if progress.updated_after().is_some() => bulk_failed(paths, e, lang),
        Err(e) => build_failed(paths, e, lang),
    }
}

/// Explains why an update's bulk downloads were not made, its pages being online already.
fn bulk_failed(paths: &Paths, e: BuildError, lang: Lang) -> ExitCode {
    let out = paths.output.display();
    let why = match (&e, lang) {
        (BuildError::Interrupted, Lang::En) => "stopped (Ctrl-C)".to_string(),
        (BuildError::Interrupted, Lang::Vi) => "đã dừng (Ctrl-C)".to_string(),
        (BuildError::Io(e), _) => e.to_string(),
        (other, _) => format!("{other:?}"),
    };
    match lang {
        Lang::En => eprintln!(
            "the pages of {out} were updated, but its bulk downloads (observations.csv, Excel, SQLite) were not: {why}. They are still those of the previous build; run the build again to make them."
        ),
        Lang::Vi => eprintln!(
            "các trang của {out} đã được cập nhật, nhưng các tệp tải về lớn (observations.csv, Excel, SQLite) thì chưa: {why}. Chúng vẫn là của lần dựng trước; hãy chạy lại lệnh dựng để làm chúng."
        ),
    }
    match e {
        BuildError::Interrupted => ExitCode::from(130),
        _ => ExitCode::from(1),
    }
}

/// Explains why a build (or a release) did not happen.
fn build_failed(paths: &Paths, e: BuildError, lang: Lang) -> ExitCode {
    let out = paths.output.display();
    let unchanged = match lang {
        Lang::En => format!("{out} was left unchanged"),
        Lang::Vi => format!("{out} được giữ nguyên như trước"),
    };
    let failed = match lang {
        Lang::En => "build failed",
        Lang::Vi => "dựng trang không thành công",
    };
    match e {
        BuildError::Content(diags) => {
            print(&diags, lang);
            eprintln!("{failed}: {}; {unchanged}", summary(&diags, lang));
            ExitCode::from(1)
        }
        BuildError::UnsafeOutput(why) => {
            let help = match lang {
                Lang::En => "choose another --output folder, such as `public`",
                Lang::Vi => "hãy chọn thư mục --output khác, ví dụ `public`",
            };
            let label = Diagnostic::error(&paths.output, why).help(help);
            eprint!("{}", label.display(lang));
            ExitCode::from(2)
        }
        BuildError::Busy => {
            let why = t(
                "another minhbach is building this output folder right now",
                "một minhbach khác đang dựng vào thư mục đầu ra này",
            );
            let help = t(
                "wait until that build has finished, then run this one again; two builds at once would spoil each other's work",
                "hãy đợi lần dựng đó xong rồi chạy lại lệnh này; hai lần dựng cùng lúc sẽ làm hỏng việc của nhau",
            );
            let label = Diagnostic::error(&paths.output, why).help(help);
            eprint!("{}", label.display(lang));
            eprintln!("{failed}; {unchanged}");
            // EX_TEMPFAIL: a scheduled job may simply try again later.
            ExitCode::from(75)
        }
        BuildError::Interrupted => {
            match lang {
                Lang::En => eprintln!("build stopped (Ctrl-C); {unchanged}"),
                Lang::Vi => eprintln!("đã dừng dựng trang (Ctrl-C); {unchanged}"),
            }
            ExitCode::from(130)
        }
        BuildError::Io(e) => {
            match lang {
                Lang::En => eprintln!("error: cannot build the site: {e}\n{failed}; {unchanged}"),
                Lang::Vi => eprintln!("lỗi: không dựng được trang: {e}\n{failed}; {unchanged}"),
            }
            ExitCode::from(1)
        }
    }
}
