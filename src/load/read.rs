//! Reading one content file: its text (size limits, UTF-8), parsed as YAML or as Markdown
//! with front matter, every problem a diagnostic with its line and column in the whole file.

use super::files::{Document, Parsed, SourceFile};
use super::keys::{Known, Step, Unknown, dotted, looks_like_a_figure, unknown_keys};
use super::limits::{
    MAX_FILE_BYTES, MAX_NESTING, MAX_RELEASE_BYTES, MAX_TEXT_BYTES, MAX_TEXT_LINES,
};
use super::raw::*;
use super::walk::Place;
use crate::base::diagnostics::{Diagnostic, Text, did_you_mean, t};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A file read and parsed, by kind, with the ids its path names.
pub(super) enum Item {
    Site(Parsed<RawSite>),
    Catalogue(Parsed<RawCatalogue>),
    Province(String, Parsed<RawProvince>),
    Commune(String, String, Parsed<RawCommune>),
    Period(String, String, String, Parsed<RawPeriodFile>),
    Report(String, String, String, Document<RawReportMeta>),
    Page(String, String, Document<RawPageMeta>),
    Release(String, Parsed<RawRelease>),
}

/// Reads and parses one file; returns it with the hash of its text.
pub(super) fn read_item(path: &Path, place: Place) -> Result<(Item, [u8; 32]), Vec<Diagnostic>> {
    // A release record lists every figure published for the first time, so the first one of
    // a national site is far larger than any file an editor writes.
    let limit = match place {
        Place::Release { .. } => MAX_RELEASE_BYTES,
        _ => MAX_FILE_BYTES,
    };
    let file = read_source_up_to(path, limit).map_err(|d| vec![d])?;
    let hash = *blake3::hash(file.text.as_bytes()).as_bytes();
    let item = match place {
        Place::Site => Item::Site(parse_yaml_all(file)?),
        Place::Catalogue => Item::Catalogue(parse_yaml_all(file)?),
        Place::Province { province } => Item::Province(province, parse_yaml_all(file)?),
        Place::Commune { province, commune } => {
            Item::Commune(province, commune, parse_yaml_all(file)?)
        }
        Place::Period {
            province,
            commune,
            id,
        } => Item::Period(province, commune, id, parse_yaml_all(file)?),
        Place::Report {
            province,
            commune,
            id,
        } => Item::Report(province, commune, id, parse_document_all(file)?),
        Place::Page { id, lang } => Item::Page(id, lang, parse_document_all(file)?),
        Place::Release { id } => Item::Release(id, parse_yaml_all(file)?),
    };
    Ok((item, hash))
}

/// Reads a file as UTF-8 text, refusing huge and non-UTF-8 files with a clear message.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    read_source_up_to(path, MAX_FILE_BYTES)
}

/// [`read_source`] with another size limit.
fn read_source_up_to(path: &Path, limit: u64) -> Result<SourceFile, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
    if meta.len() > limit {
        return Err(Diagnostic::error(
            path,
            t(
                "this file is too large to be a content file",
                "tệp này quá lớn đối với một tệp nội dung",
            ),
        )
        .found(t(
            format!("{} bytes", meta.len()),
            format!("{} byte", meta.len()),
        ))
        .expected(t(
            format!("at most {limit} bytes"),
            format!("tối đa {limit} byte"),
        ))
        .help(t(
            "split the data into one file per period, or remove what does not belong here",
            "tách số liệu thành mỗi kỳ một tệp, hoặc bỏ phần không thuộc về tệp này",
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::error(path, t("this file is not UTF-8 text", "tệp này không phải văn bản UTF-8"))
            .at(line, column)
            .expected(t("UTF-8, the encoding that keeps Vietnamese letters intact", "UTF-8, bảng mã giữ nguyên chữ tiếng Việt"))
            .help(t("in your editor choose \"Save with encoding: UTF-8\" (files saved as Windows-1258 or TCVN3 must be converted)", "trong trình soạn thảo chọn \"Lưu với bảng mã UTF-8\" (tệp lưu bằng Windows-1258 hoặc TCVN3 phải được chuyển sang UTF-8)"))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let text = normalize_newlines(text);
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Text with every line break as `\n`. The YAML parser, like most editors, also ends a line at
/// a lone `\r` (old Mac files), so positions are counted the same way everywhere only once
/// `\r\n` and `\r` are `\n`. (Found by fuzzing: a message pointed past the last line.)
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// "cannot read this file" with the system's reason.
fn cannot_read(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        path,
        t(
            format!("cannot read this file: {e}"),
            format!("không đọc được tệp này: {e}"),
        ),
    )
}

/// Parses a YAML file into `T`.
pub fn parse_yaml<T: DeserializeOwned + Known>(file: SourceFile) -> Result<Parsed<T>, Diagnostic> {
    parse_yaml_all(file).map_err(first)
}

/// Parses a YAML file into `T`, with every problem found when it cannot.
fn parse_yaml_all<T: DeserializeOwned + Known>(
    file: SourceFile,
) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let data = parse_yaml_text_all(&file.path, &file.text, 1)?;
    Ok(Parsed { file, data })
}

/// The first of the problems (in file order) that stopped a file.
fn first(mut diags: Vec<Diagnostic>) -> Diagnostic {
    diags.sort_by_key(|d| (d.line, d.column));
    diags.swap_remove(0)
}

/// Parses YAML `text` that starts at line `first_line` of `path`.
pub fn parse_yaml_text<T: DeserializeOwned + Known>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    parse_yaml_text_all(path, text, first_line).map_err(first)
}

/// [`parse_yaml_text`] with every problem: never empty when it fails.
fn parse_yaml_text_all<T: DeserializeOwned + Known>(
    path: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(path, t("this file is empty", "tệp này trống"))
                .at(first_line, 1)
                .help(t(
                    "fill it in (see the content format in docs/content-format.md) or delete it",
                    "điền nội dung (xem định dạng trong docs/content-format.md) hoặc xóa tệp",
                )),
        ]);
    }
    serde_yaml::from_str(text).map_err(|e| refused::<T>(path, text, first_line, &e))
}

/// Why serde refused `text`: every unknown key of the file, each with the keys allowed where
/// it stands (serde names only the first), and serde's own problem when it is another one.
fn refused<T: Known>(
    path: &Path,
    text: &str,
    first_line: usize,
    err: &serde_yaml::Error,
) -> Vec<Diagnostic> {
    let serde = yaml_diagnostic(path, err, first_line, Some(text));
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return vec![serde]; // broken YAML: serde's message is the one
    };
    let unknown = unknown_keys(&value, &T::shape());
    let named = err.to_string();
    let named = named
        .strip_prefix("unknown field `")
        .or_else(|| named.split(": unknown field `").nth(1))
        .and_then(|r| r.split('`').next())
        .map(str::to_string);
    let covered = named
        .as_deref()
        .is_some_and(|n| unknown.iter().any(|u| u.key == n));
    let mut out: Vec<Diagnostic> = unknown
        .iter()
        .map(|u| unknown_key(path, text, first_line, u, T::FIGURES))
        .collect();
    if !covered {
        out.push(serde);
    }
    out
}

/// One unknown key: where it is, the keys allowed there, and the likely fix.
fn unknown_key(
    path: &Path,
    text: &str,
    first_line: usize,
    u: &Unknown,
    figures: bool,
) -> Diagnostic {
    let key = &u.key;
    let allowed = u.allowed.join(", ");
    let (found, found_vi) = match u.within.last() {
        None => (
            format!("`{key}:` at the top level of the file"),
            format!("`{key}:` ở cấp ngoài cùng của tệp"),
        ),
        Some(_) => {
            let block = dotted(&u.within, "");
            let block = block.trim_end_matches('.');
            (
                format!("`{key}:` inside `{block}:`"),
                format!("`{key}:` bên trong `{block}:`"),
            )
        }
    };
    Diagnostic::error(
        path,
        t(
            format!("unknown key `{key}`"),
            format!("khóa `{key}` không được dùng ở đây"),
        ),
    )
    .at_opt(unknown_position(text, first_line, u))
    .key(dotted(&u.within, key))
    .found(t(found, found_vi))
    .expected(t(
        format!("one of the keys allowed here: {allowed}"),
        format!("một trong các khóa được dùng ở đây: {allowed}"),
    ))
    .help(unknown_key_help(u, figures))
}

/// The likely fix: a figure outside `values:`, a misspelling, or a key to delete.
fn unknown_key_help(u: &Unknown, figures: bool) -> Text {
    let key = &u.key;
    if figures && looks_like_a_figure(&u.value) {
        if u.within.is_empty() {
            return t(
                format!(
                    "`{key}` looks like a figure written at the start of the line: indent it under `values:` with two spaces, like the other figures"
                ),
                format!(
                    "`{key}` có vẻ là một số liệu bị viết sát lề trái: hãy thụt lề vào trong `values:` bằng hai dấu cách, như các số liệu khác"
                ),
            );
        }
        return t(
            format!("`{key}` looks like a figure: move its line under `values:`"),
            format!("`{key}` có vẻ là một số liệu: hãy chuyển dòng này vào trong `values:`"),
        );
    }
    did_you_mean(key, u.allowed.iter().copied()).unwrap_or_else(|| {
        t(
            "delete this key, or correct it to one of the keys allowed here",
            "xóa khóa này, hoặc sửa lại cho đúng một trong các khóa được dùng ở đây",
        )
    })
}

/// Where an unknown key is written; its block when the key itself cannot be found.
fn unknown_position(text: &str, first_line: usize, u: &Unknown) -> Option<(usize, usize)> {
    let keys: Vec<&str> = u
        .within
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Item(_) => None,
        })
        .chain([u.key.as_str()])
        .collect();
    if let [Step::Key(list), Step::Item(n), rest @ ..] = u.within.as_slice() {
        let field = match rest.first() {
            Some(Step::Key(k)) => k.as_str(),
            _ => u.key.as_str(),
        };
        return super::locate::list_item_at(text, list, *n, Some(field), first_line);
    }
    super::locate::key_position(text, &keys, first_line)
}

/// Turns a serde_yaml error into a diagnostic pointing at the right line of the whole file.
pub fn yaml_diagnostic(
    path: &Path,
    err: &serde_yaml::Error,
    first_line: usize,
    source_text: Option<&str>,
) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (key, detail) = match message.split_once(": ") {
        Some((k, rest)) if !k.contains(' ') && !k.is_empty() => {
            (Some(k.to_string()), rest.to_string())
        }
        _ => (None, message.clone()),
    };
    let mut d = Diagnostic::error(path, describe_yaml_problem(&detail));
    d = d.found(t(plain_serde_words(&detail), serde_words_vi(&detail)));
    if let Some(loc) = err.location() {
        d = d.at(loc.line() + first_line - 1, loc.column());
    }
    // serde_yaml points a duplicate at the start of its block; point at the second occurrence.
    if let Some(dup) = duplicated_key(&detail)
        && let Some(text) = source_text
        && let Some((line, col)) =
            super::locate::second_occurrence(text, dup, d.line.map_or(1, |l| l + 1 - first_line))
    {
        d = d.at(line + first_line - 1, col);
    }
    if let Some(k) = key {
        d = d.key(k);
    }
    d.help_opt(yaml_help(&detail))
}

/// serde's wording with internal type names replaced by what the user writes.
fn plain_serde_words(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut rest = detail;
    while let Some(i) = rest.find("struct Raw") {
        out.push_str(&rest[..i]);
        out.push_str("a block of keys");
        rest = rest[i + "struct Raw".len()..].trim_start_matches(|c: char| c.is_alphanumeric());
    }
    out.push_str(rest);
    out.replace("a sequence", "a list")
        .replace("a string", "text")
}

/// serde's wording in Vietnamese for what content files meet (a key missing, unknown or twice,
/// a value of the wrong kind or not allowed); other parser messages are quoted as the parser's.
fn serde_words_vi(detail: &str) -> String {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or_default().to_string();
    if detail.starts_with("missing field `") {
        return format!("không có khóa `{}`", quoted(detail));
    }
    if detail.starts_with("unknown field `") {
        return format!("khóa `{}`", quoted(detail));
    }
    if let Some(key) = duplicated_key(detail) {
        return format!("khóa `{key}` hai lần");
    }
    if let Some(rest) = detail.strip_prefix("unknown variant ") {
        return match rest.split_once(", expected ") {
            Some((found, allowed)) => format!(
                "giá trị {found}, trong khi chỉ được dùng {}",
                allowed.trim_start_matches("one of ")
            ),
            None => format!("giá trị {rest}"),
        };
    }
    if let Some(rest) = detail.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("{} ở chỗ cần {}", kind_vi(found), kind_vi(expected));
    }
    format!("bộ đọc YAML báo (bằng tiếng Anh): {detail}")
}

/// The kinds of value serde names, in Vietnamese ("string \"abc\"" → "văn bản \"abc\"").
fn kind_vi(words: &str) -> String {
    // after plain_serde_words: "a sequence" reads "a list", "a string" reads "text"
    const KINDS: [(&str, &str); 15] = [
        (
            "a block of indicator ids and figures",
            "một khối mã chỉ tiêu và số liệu",
        ),
        ("a list", "một danh sách"),
        ("sequence", "danh sách"),
        ("a map", "một khối khóa"),
        ("map", "khối khóa"),
        ("text", "văn bản"),
        ("string", "văn bản"),
        ("floating point", "số thập phân"),
        ("integer", "số nguyên"),
        ("a boolean", "giá trị đúng/sai"),
        ("boolean", "giá trị đúng/sai"),
        ("unit value", "ô trống"),
        ("u64", "số nguyên không âm"),
        ("u32", "số nguyên không âm"),
        ("f64", "số"),
    ];
    let plain = plain_serde_words(words).replace("a block of keys", "một khối khóa");
    for (en, vi) in KINDS {
        if let Some(rest) = plain.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    plain
}

/// The key named by a "duplicate field `x`" or "duplicate entry with key \"x\"" message.
fn duplicated_key(detail: &str) -> Option<&str> {
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        return rest.split('`').next();
    }
    detail
        .strip_prefix("duplicate entry with key \"")
        .and_then(|r| r.split('"').next())
}

fn describe_yaml_problem(detail: &str) -> Text {
    if detail.starts_with("unknown field") {
        t("unknown key", "khóa không được dùng ở đây")
    } else if detail.starts_with("missing field") {
        t("a required key is missing", "thiếu một khóa bắt buộc")
    } else if detail.starts_with("duplicate entry") || detail.starts_with("duplicate field") {
        t("the same key appears twice", "một khóa xuất hiện hai lần")
    } else if detail.starts_with("invalid type") {
        t("wrong kind of value", "giá trị sai kiểu")
    } else if detail.starts_with("unknown variant") {
        t("value not allowed here", "giá trị không được phép ở đây")
    } else if detail.contains("recursion limit exceeded") {
        t("the YAML is nested too deeply", "YAML lồng nhau quá sâu")
    } else if detail.contains("repetition limit exceeded") {
        t(
            "the YAML repeats an alias too many times",
            "YAML lặp lại một bí danh (alias) quá nhiều lần",
        )
    } else {
        t("the YAML syntax is broken", "cú pháp YAML bị lỗi")
    }
}

fn yaml_help(detail: &str) -> Option<Text> {
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (found, rest) = rest.split_once('`')?;
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let known = known.join(", ");
        return Some(
            match did_you_mean(found, rest.split('`').skip(1).step_by(2)) {
                Some(s) => t(
                    format!("{} (allowed keys: {known})", s.en),
                    format!("{} (các khóa được dùng: {known})", s.vi),
                ),
                None => t(
                    format!("remove it; allowed keys here: {known}"),
                    format!("xóa khóa này; các khóa được dùng ở đây: {known}"),
                ),
            },
        );
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let name = rest.split('`').next()?;
        return Some(t(
            format!("add `{name}:` with its value"),
            format!("thêm `{name}:` cùng giá trị của nó"),
        ));
    }
    if detail.starts_with("invalid type") {
        return Some(t(
            "write text in quotes, numbers without quotes, lists in [ ], and a block of keys as `key:` followed by indented lines",
            "viết chữ trong dấu nháy, số không có dấu nháy, danh sách trong [ ], và một khối khóa là `khóa:` rồi các dòng thụt lề bên dưới",
        ));
    }
    if detail.starts_with("duplicate entry") || detail.starts_with("duplicate field") {
        return Some(t(
            "keep one of the two lines and delete the other",
            "giữ một trong hai dòng và xóa dòng kia",
        ));
    }
    if detail.contains("mapping values are not allowed")
        || detail.contains("did not find expected key")
    {
        return Some(t(
            "check the indentation (spaces only, the same depth for keys of one block) and put quotes around text that contains `:` or `#`",
            "kiểm tra thụt lề (chỉ dùng dấu cách, các khóa cùng khối thụt đều nhau) và đặt văn bản có `:` hoặc `#` trong dấu nháy",
        ));
    }
    if detail.contains("found character that cannot start any token")
        || detail.contains("tab character")
    {
        return Some(t(
            "YAML does not allow tab characters for indentation; use spaces",
            "YAML không cho thụt lề bằng phím Tab; hãy dùng dấu cách",
        ));
    }
    if detail.contains("recursion limit exceeded") {
        return Some(t(
            "content files need only a few levels of keys; remove the deep nesting",
            "tệp nội dung chỉ cần vài cấp khóa; hãy bỏ phần lồng nhau quá sâu",
        ));
    }
    if detail.contains("repetition limit exceeded") {
        return Some(t(
            "write the values out instead of repeating `*alias` references",
            "hãy ghi thẳng giá trị thay vì lặp lại các tham chiếu `*bí_danh`",
        ));
    }
    None
}

/// Splits `---` front matter from a Markdown file and parses it.
pub fn parse_document<T: DeserializeOwned + Known>(
    file: SourceFile,
) -> Result<Document<T>, Diagnostic> {
    parse_document_all(file).map_err(first)
}

/// [`parse_document`] with every problem: never empty when it fails.
fn parse_document_all<T: DeserializeOwned + Known>(
    file: SourceFile,
) -> Result<Document<T>, Vec<Diagnostic>> {
    let Some((front, body, body_line)) = split_front_matter(&file.text) else {
        return Err(vec![Diagnostic::error(&file.path, t("front matter is missing or not closed", "thiếu phần đầu (front matter) hoặc phần đầu chưa được đóng"))
            .at(1, 1)
            .expected(t("the file to start with a line `---`, the YAML keys (title, …), then a line `---`, then the text", "tệp bắt đầu bằng một dòng `---`, rồi các khóa YAML (title, …), rồi một dòng `---`, rồi đến nội dung"))
            .help(t("add the two `---` lines around the front matter", "thêm hai dòng `---` bao quanh phần đầu"))]);
    };
    let meta = parse_yaml_text_all(&file.path, front, 2)?;
    check_text_limits(&file.path, body, body_line).map_err(|d| vec![d])?;
    Ok(Document {
        meta,
        body: body.to_string(),
        body_line,
        file,
    })
}

/// Refuses a report or page text too large or too deeply nested to render in bounded time.
fn check_text_limits(path: &Path, body: &str, body_line: usize) -> Result<(), Diagnostic> {
    let lines = body.lines().count();
    if body.len() > MAX_TEXT_BYTES || lines > MAX_TEXT_LINES {
        return Err(Diagnostic::error(
            path,
            t(
                "this text is too long for one report or page",
                "văn bản này quá dài cho một báo cáo hay một trang",
            ),
        )
        .at(body_line, 1)
        .found(t(
            format!("{lines} lines, {} bytes", body.len()),
            format!("{lines} dòng, {} byte", body.len()),
        ))
        .expected(t(
            format!("at most {MAX_TEXT_LINES} lines and {MAX_TEXT_BYTES} bytes"),
            format!("tối đa {MAX_TEXT_LINES} dòng và {MAX_TEXT_BYTES} byte"),
        ))
        .help(t(
            "split it into several reports, or publish the full text as a linked file",
            "tách thành nhiều báo cáo, hoặc đăng toàn văn thành một tệp có liên kết",
        )));
    }
    if let Some((line, depth)) = super::limits::too_deep(body) {
        return Err(Diagnostic::error(
            path,
            t(
                "lists, quotes or HTML tags are nested too deeply",
                "danh sách, trích dẫn hoặc thẻ HTML lồng nhau quá sâu",
            ),
        )
        .at(body_line + line - 1, 1)
        .found(t(format!("{depth} levels"), format!("{depth} cấp")))
        .expected(t(
            format!("at most {MAX_NESTING} levels"),
            format!("tối đa {MAX_NESTING} cấp"),
        ))
        .help(t(
            "close the HTML tags you open, and keep lists to a few levels",
            "đóng các thẻ HTML đã mở, và chỉ lồng danh sách vài cấp",
        )));
    }
    Ok(())
}

/// `(front matter, body, first body line)` when the text starts with a `---` block.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body, i + 3));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_serde_found_is_said_in_vietnamese() {
        use super::serde_words_vi as vi;
        assert_eq!(vi("missing field `source`"), "không có khóa `source`");
        assert_eq!(
            vi("unknown field `colour`, expected one of `id`, `name`"),
            "khóa `colour`"
        );
        assert_eq!(vi("duplicate field `name`"), "khóa `name` hai lần");
        assert_eq!(
            vi("invalid type: string \"abc\", expected a sequence"),
            "văn bản \"abc\" ở chỗ cần một danh sách"
        );
        assert_eq!(
            vi("invalid type: sequence, expected struct RawTarget"),
            "danh sách ở chỗ cần một khối khóa"
        );
        assert_eq!(
            vi("unknown variant `weekly`, expected one of `regular`, `cumulative`"),
            "giá trị `weekly`, trong khi chỉ được dùng `regular`, `cumulative`"
        );
        assert!(vi("did not find expected key").starts_with("bộ đọc YAML báo (bằng tiếng Anh)"));
    }

    use super::*;

    #[test]
    fn every_unknown_key_of_a_file_is_reported_with_its_line() {
        let text = "period:\n  start: 2026-01-01\n  end: 2026-01-31\n  sart: x\nsorce:\n  title: t\nsource:\n  title: t\nvalues:\n  a: 1\ndossiers_received: 5\n";
        let errs = parse_yaml_text_all::<RawPeriodFile>(Path::new("p.yaml"), text, 1)
            .err()
            .unwrap();
        let seen: Vec<(Option<usize>, Option<&str>, String)> = errs
            .iter()
            .map(|d| (d.line, d.key.as_deref(), d.help.clone().unwrap().en))
            .collect();
        assert_eq!(
            seen,
            [
                (Some(4), Some("period.sart"), "did you mean `start`?".into()),
                (Some(5), Some("sorce"), "did you mean `source`?".into()),
                (
                    Some(11),
                    Some("dossiers_received"),
                    "`dossiers_received` looks like a figure written at the start of the line: indent it under `values:` with two spaces, like the other figures".into()
                ),
            ]
        );
        assert_eq!(
            errs[1].expected.as_ref().unwrap().vi,
            "một trong các khóa được dùng ở đây: period, source, values"
        );
        // in front matter, lines count from the file's second line
        let err = parse_yaml_text::<RawPageMeta>(Path::new("a.md"), "title: x\nwieght: 1\n", 2)
            .unwrap_err();
        assert_eq!((err.line, err.key.as_deref()), (Some(3), Some("wieght")));
        assert_eq!(err.help.unwrap().vi, "có phải là `weight`?");
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let (front, body, line) =
            split_front_matter("---\ntitle: x\ndate: y\n---\nHello\n").unwrap();
        assert_eq!(front, "title: x\ndate: y\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let err = parse_yaml_text::<RawProvince>(
            Path::new("p.yaml"),
            "name: A\nkind: tinh\ncolour: red\n",
            1,
        )
        .unwrap_err();
        assert_eq!(err.message, "unknown key `colour`");
        assert_eq!(err.message.vi, "khóa `colour` không được dùng ở đây");
        assert_eq!(err.line, Some(3));
        assert_eq!(err.key.as_deref(), Some("colour"));
        // front matter starts on line 2 of a Markdown file
        let err = parse_yaml_text::<RawProvince>(Path::new("r.md"), "name: A\n", 2).unwrap_err();
        assert_eq!(err.message, "a required key is missing");
        assert!(err.help.unwrap().contains("`kind:`"));
        let err = parse_yaml_text::<RawProvince>(
            Path::new("p.yaml"),
            "name: A\nname: B\nkind: tinh\n",
            1,
        )
        .unwrap_err();
        assert_eq!(err.message, "the same key appears twice");
        assert_eq!(err.line, Some(2));
    }
}
