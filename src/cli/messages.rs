//! Every sentence the command line prints to the terminal, in English and Vietnamese, so that
//! the two stay side by side and a translator finds them in one file.
//!
//! Each function gives a [`Text`]; the handler picks the reader's language with `.get(lang)`.
//! Diagnostics (file, key, help) come from the library and are not repeated here.

use minhbach::base::diagnostics::{Diagnostics, Text, t};
use minhbach::format;
use std::fmt::Display;
use std::path::Path;

/// Shown when minhbach panics, in both languages: the language may not be known yet.
pub const INTERNAL_ERROR: &str = "\ninternal error: this is a bug in minhbach, not a problem in your content. \
     The previous site was left unchanged. Please report it with the command you ran.\n\
     lỗi nội bộ: đây là lỗi của minhbach, không phải của nội dung. \
     Trang cũ được giữ nguyên. Xin báo lỗi kèm câu lệnh đã chạy.";

/// `check --format json` could not serialise its report (both languages: JSON mode has none).
pub fn json_failed(e: impl Display) -> String {
    format!("error: cannot write JSON / lỗi: không ghi được JSON: {e}")
}

/// `man` could not write its page (both languages: `man` reads no site).
pub fn man_failed(e: impl Display) -> String {
    format!("error: cannot write the manual page / lỗi: không ghi được trang hướng dẫn: {e}")
}

/// `serve` cannot start, and `why`.
pub fn serve_failed(why: &Text) -> Text {
    t(format!("error: {}", why.en), format!("lỗi: {}", why.vi))
}

/// How many errors and warnings, closing a check or a build.
pub fn summary(diags: &Diagnostics) -> Text {
    let (e, w) = (diags.error_count(), diags.warning_count());
    t(
        format!("{e} error(s), {w} warning(s)"),
        format!("{e} lỗi, {w} cảnh báo"),
    )
}

/// `check` found errors; `summary` is [`summary`].
pub fn check_failed(summary: &Text) -> Text {
    t(
        format!("check failed: {}", summary.en),
        format!("kiểm tra không đạt: {}", summary.vi),
    )
}

/// `check` found no errors; `summary` is [`summary`].
pub fn content_valid(summary: &Text) -> Text {
    t(
        format!("content is valid: {}", summary.en),
        format!("nội dung hợp lệ: {}", summary.vi),
    )
}

/// `release` found nothing new since `latest` (or no figures at all).
pub fn nothing_to_release(latest: Option<impl Display>) -> Text {
    match latest {
        Some(id) => t(
            format!(
                "nothing to release: every figure is as release {id} published it; no record written"
            ),
            format!(
                "không có gì để công bố: mọi số liệu vẫn như đợt {id} đã công bố; không ghi tệp mới"
            ),
        ),
        None => t(
            "nothing to release: the content has no figures yet",
            "không có gì để công bố: nội dung chưa có số liệu nào",
        ),
    }
}

/// `release` wrote its record: how many figures are new, revised and withdrawn.
pub fn release_recorded(
    id: impl Display,
    file: &Path,
    added: usize,
    revised: usize,
    removed: usize,
) -> Text {
    let (file, a, r, w) = (file.display(), added, revised, removed);
    t(
        format!(
            "recorded release {id} in {file}: {a} new figures, {r} revised, {w} withdrawn. Commit this file with the content."
        ),
        format!(
            "đã ghi đợt công bố {id} vào {file}: {a} số liệu mới, {r} số liệu sửa, {w} số liệu rút lại. Hãy commit tệp này cùng nội dung."
        ),
    )
}

/// Appended to a build's summary when nothing had changed.
fn nothing_changed() -> Text {
    t(
        "; nothing changed since the last build: the output was left as it was",
        "; không có gì thay đổi từ lần dựng trước: đầu ra được giữ nguyên",
    )
}

/// Appended to a build's summary when parts of the previous build were reused.
fn reused(parts: usize) -> Text {
    t(
        format!("; {parts} unchanged parts reused from the previous build"),
        format!("; dùng lại {parts} phần không đổi từ lần dựng trước"),
    )
}

/// What a build made, for its closing line.
pub struct Made {
    /// HTML pages.
    pub pages: usize,
    /// SVG charts.
    pub charts: usize,
    /// Data files.
    pub data_files: usize,
    /// Every file of the output.
    pub files: u64,
    /// Their size.
    pub bytes: u64,
    /// Parts taken unchanged from the previous build.
    pub reused: usize,
    /// True when nothing had changed and the output was left as it was.
    pub unchanged: bool,
}

/// The closing line of a successful build; `summary` is [`summary`].
pub fn built(out: &Path, secs: f64, made: &Made, summary: &Text) -> Text {
    let out = out.display();
    let note = match (made.unchanged, made.reused) {
        (true, _) => nothing_changed(),
        (false, 0) => t("", ""),
        (false, parts) => reused(parts),
    };
    let mb = made.bytes as f64 / 1e6;
    let (p, c, d, files) = (made.pages, made.charts, made.data_files, made.files);
    let en = format!(
        "built {out} in {secs:.2} s: {p} pages, {c} charts, {d} data files ({files} files, {mb:.1} MB); {}{}",
        summary.en, note.en
    );
    // Vietnamese separators (`0,46 giây`, `4,3 MB`); the English line stays ungrouped because
    // bench/run.sh reads its counts.
    let n = |x: usize| format::count(x as f64, "vi");
    let (secs, mb) = (format::number(secs, 2, "vi"), format::number(mb, 1, "vi"));
    let (p, c, d, files) = (n(p), n(c), n(d), n(files as usize));
    let vi = format!(
        "đã dựng {out} trong {secs} giây: {p} trang, {c} biểu đồ, {d} tệp dữ liệu ({files} tệp, {mb} MB); {}{}",
        summary.vi, note.vi
    );
    t(en, vi)
}

/// Why an update's bulk downloads were not made: Ctrl-C.
pub fn stopped() -> Text {
    t("stopped (Ctrl-C)", "đã dừng (Ctrl-C)")
}

/// An update's pages are online but its bulk downloads were not made, and `why`.
pub fn bulk_failed(out: &Path, why: &str) -> Text {
    let out = out.display();
    t(
        format!(
            "the pages of {out} were updated, but its bulk downloads (the national CSV, database and Parquet file, the workbooks) were not: {why}. They are still those of the previous build; run the build again to make them."
        ),
        format!(
            "các trang của {out} đã được cập nhật, nhưng các tệp tải về lớn (CSV, cơ sở dữ liệu và tệp Parquet toàn quốc, các sổ Excel) thì chưa: {why}. Chúng vẫn là của lần dựng trước; hãy chạy lại lệnh dựng để làm chúng."
        ),
    )
}

/// The start of every failed build's last line.
fn failed() -> Text {
    t("build failed", "dựng trang không thành công")
}

/// The end of every failed build's last line: the previous site is still in `out`.
fn left_unchanged(out: &Path) -> Text {
    let out = out.display();
    t(
        format!("{out} was left unchanged"),
        format!("{out} được giữ nguyên như trước"),
    )
}

/// A build failed for a reason told just before (such as another build running).
pub fn build_failed(out: &Path) -> Text {
    let (f, u) = (failed(), left_unchanged(out));
    t(format!("{}; {}", f.en, u.en), format!("{}; {}", f.vi, u.vi))
}

/// A build failed because the content has errors; `summary` is [`summary`].
pub fn content_errors(out: &Path, summary: &Text) -> Text {
    let (f, s, u) = (failed(), summary, left_unchanged(out));
    t(
        format!("{}: {}; {}", f.en, s.en, u.en),
        format!("{}: {}; {}", f.vi, s.vi, u.vi),
    )
}

/// The help under an unsafe `--output` folder.
pub fn choose_another_output() -> Text {
    t(
        "choose another --output folder, such as `public`",
        "hãy chọn thư mục --output khác, ví dụ `public`",
    )
}

/// Another process holds the output folder's lock.
pub fn busy() -> Text {
    t(
        "another minhbach is building this output folder right now",
        "một minhbach khác đang dựng vào thư mục đầu ra này",
    )
}

/// What to do about [`busy`].
pub fn busy_help() -> Text {
    t(
        "wait until that build has finished, then run this one again; two builds at once would spoil each other's work",
        "hãy đợi lần dựng đó xong rồi chạy lại lệnh này; hai lần dựng cùng lúc sẽ làm hỏng việc của nhau",
    )
}

/// Ctrl-C stopped the build.
pub fn build_stopped(out: &Path) -> Text {
    let u = left_unchanged(out);
    t(
        format!("build stopped (Ctrl-C); {}", u.en),
        format!("đã dừng dựng trang (Ctrl-C); {}", u.vi),
    )
}

/// Reading or writing failed.
pub fn cannot_build(e: impl Display, out: &Path) -> Text {
    let last = build_failed(out);
    t(
        format!("error: cannot build the site: {e}\n{}", last.en),
        format!("lỗi: không dựng được trang: {e}\n{}", last.vi),
    )
}

/// `new` or `init` created `file`.
pub fn created(file: &Path) -> Text {
    let file = file.display();
    t(format!("created {file}"), format!("đã tạo {file}"))
}

/// `new` wrote nothing because the settings or the catalogue have errors; `summary` is
/// [`summary`].
pub fn nothing_written(summary: &Text) -> Text {
    t(
        format!(
            "nothing was written: fix site.yaml and indicators.yaml first ({})",
            summary.en
        ),
        format!(
            "chưa ghi tệp nào: hãy sửa site.yaml và indicators.yaml trước ({})",
            summary.vi
        ),
    )
}

/// `demo` wrote its content.
pub fn demo_written(out: &Path, secs: f64, files: usize, bytes: u64) -> Text {
    let o = out.display();
    let mb = bytes as f64 / 1e6;
    t(
        format!("wrote synthetic content to {o} in {secs:.1} s: {files} files, {mb:.1} MB"),
        format!(
            "đã ghi nội dung mô phỏng vào {o} trong {} giây: {} tệp, {} MB",
            format::number(secs, 1, "vi"),
            format::count(files as f64, "vi"),
            format::number(mb, 1, "vi"),
        ),
    )
}

/// `demo` could not write its content.
pub fn demo_failed(e: impl Display) -> Text {
    t(
        format!("error: cannot write the demo content: {e}"),
        format!("lỗi: không ghi được nội dung mô phỏng: {e}"),
    )
}

/// `template` or `import` needs a site without errors.
pub fn spreadsheet_needs_valid_content(summary: &Text) -> Text {
    t(
        format!(
            "nothing done: the content has errors ({}); correct them first (minhbach check)",
            summary.en
        ),
        format!(
            "chưa làm gì: nội dung đang có lỗi ({}); hãy sửa trước (minhbach check)",
            summary.vi
        ),
    )
}

/// `template` wrote its workbook.
pub fn template_written(out: &Path, communes: usize, indicators: usize) -> Text {
    let o = out.display();
    t(
        format!(
            "wrote {o}: {communes} commune(s) × {indicators} indicator(s); fill it, then: minhbach import {o} --dry-run"
        ),
        format!(
            "đã ghi {o}: {communes} xã × {indicators} chỉ tiêu; điền số liệu rồi chạy: minhbach import {o} --dry-run"
        ),
    )
}

/// `template` would overwrite a file.
pub fn template_exists(out: &Path) -> Text {
    let o = out.display();
    t(
        format!("error: {o} already exists; choose another name with --out, or move the old file"),
        format!("lỗi: {o} đã có; chọn tên khác bằng --out, hoặc dời tệp cũ đi"),
    )
}

/// A file could not be written.
pub fn cannot_write(path: &Path, e: impl Display) -> Text {
    let p = path.display();
    t(
        format!("error: cannot write {p}: {e}"),
        format!("lỗi: không ghi được {p}: {e}"),
    )
}

/// `import` found errors: nothing written.
pub fn import_failed(summary: &Text) -> Text {
    t(
        format!(
            "nothing was written ({}): correct the sheet and import it again",
            summary.en
        ),
        format!(
            "chưa ghi tệp nào ({}): sửa bảng tính rồi nhập lại",
            summary.vi
        ),
    )
}

/// One period file of an import: new, unchanged or replaced.
pub fn import_file(status: &str, path: &Path) -> Text {
    let p = path.display();
    let vi = match status {
        "new" => "mới",
        "unchanged" => "không đổi",
        _ => "thay thế",
    };
    t(format!("  {status:<9} {p}"), format!("  {vi:<9} {p}"))
}

/// Communes whose row gave no figures.
pub fn import_not_reported(names: &[String]) -> Text {
    t(
        format!("not reported ({}): {}", names.len(), names.join(", ")),
        format!("chưa báo cáo ({}): {}", names.len(), names.join(", ")),
    )
}

/// The import's closing line.
pub fn import_done(written: usize, unchanged: usize, dry_run: bool) -> Text {
    if dry_run {
        return t(
            format!(
                "dry run: {written} file(s) would be written, {unchanged} unchanged; nothing was written"
            ),
            format!("chạy thử: sẽ ghi {written} tệp, {unchanged} tệp không đổi; chưa ghi gì"),
        );
    }
    t(
        format!(
            "wrote {written} file(s), {unchanged} unchanged; next: minhbach check, then minhbach build"
        ),
        format!(
            "đã ghi {written} tệp, {unchanged} tệp không đổi; tiếp theo: minhbach check, rồi minhbach build"
        ),
    )
}

/// `check`: the heading of the communes missing from their province's latest reporting round.
pub fn not_reported_heading() -> Text {
    t(
        "not reported yet (latest round of each province; information, not an error):",
        "chưa báo cáo (kỳ gần nhất của mỗi tỉnh; chỉ để biết, không phải lỗi):",
    )
}

/// `check`: one province's latest round (`en`/`vi`: its window in each language) and the
/// communes missing from it, `missing` of `communes`.
pub fn not_reported_line(
    province: &str,
    (en, vi): (&str, &str),
    missing: usize,
    communes: usize,
    names: &[&str],
) -> Text {
    let list = names.join(", ");
    let count = |n: usize| format::count(n as f64, "vi");
    t(
        format!("  {province}, {en}: {missing} of {communes} communes have not reported: {list}"),
        format!(
            "  {province}, kỳ {vi}: {}/{} xã chưa báo cáo: {list}",
            count(missing),
            count(communes)
        ),
    )
}
