//! `minhbach new …` and `minhbach init`: files that follow the content format, ready to fill in.
//!
//! Every file written here passes `minhbach check` as it is: without errors, and with a warning
//! for each placeholder left to replace (the site's address and publisher, a report's summary,
//! the about page's last sentence; see `base::placeholders`). A period file lists every
//! indicator of the site's catalogue, commented out, with its name, unit and meaning, so an
//! editor removes the `# ` of the figures the report gives and types the numbers. Nothing is
//! ever overwritten: an existing file is an error.

use crate::base::diagnostics::{Diagnostic, Diagnostics, Lang, Text, did_you_mean, t};
use crate::base::ids::{id_rules, is_valid_id, suggest_id};
use crate::base::placeholders;
use crate::domain::{Indicator, IndicatorKind, Unit};
use crate::load::raw::RawCommune;
use crate::load::{self, Loaded};
use crate::validate;
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why nothing was written.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The command asks for something impossible (a bad id, a file that exists): exit 2.
    Usage(Box<Diagnostic>),
    /// The content the new file depends on has errors (the catalogue): exit 1.
    Content(Diagnostics),
    /// A file could not be written: exit 1.
    Io(Box<Diagnostic>),
}

/// What was written, and what to do next.
#[derive(Debug)]
pub struct Created {
    /// The new files.
    pub files: Vec<PathBuf>,
    /// The next step, for the person at the keyboard.
    pub next: Text,
}

type Result<T> = std::result::Result<T, ScaffoldError>;

fn usage(d: Diagnostic) -> ScaffoldError {
    ScaffoldError::Usage(Box::new(d))
}

/// The word for the code of `lang` used to pick names from the catalogue.
fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Vi => "vi",
    }
}

/// Checks an id given on the command line.
fn check_id(id: &str, what: Text, file: &Path) -> Result<()> {
    if is_valid_id(id) {
        return Ok(());
    }
    let suggestion = suggest_id(id);
    Err(usage(
        Diagnostic::error(
            file,
            t(
                format!("the {} `{id}` is not a valid id", what.en),
                format!("mã {} `{id}` không hợp lệ", what.vi),
            ),
        )
        .found(format!("`{id}`"))
        .expected(id_rules())
        .help(t(
            format!("use `{suggestion}`"),
            format!("hãy dùng `{suggestion}`"),
        )),
    ))
}

/// Splits `province/commune`.
fn split_target(target: &str, content: &Path) -> Result<(String, String)> {
    match target.split_once('/') {
        Some((p, c)) if !p.is_empty() && !c.is_empty() && !c.contains('/') => {
            let file = content.join("communes").join(p);
            check_id(p, t("province", "tỉnh"), &file)?;
            check_id(c, t("commune", "xã"), &file.join(c))?;
            Ok((p.to_string(), c.to_string()))
        }
        _ => Err(usage(
            Diagnostic::error(
                content.join("communes"),
                t(
                    "the commune must be given as <province>/<commune>",
                    "xã phải được ghi dạng <tỉnh>/<xã>",
                ),
            )
            .found(format!("`{target}`"))
            .expected(t(
                "a province id and a commune id joined by `/`, e.g. nghe-an/dien-chau",
                "mã tỉnh và mã xã nối bằng `/`, ví dụ nghe-an/dien-chau",
            )),
        )),
    }
}

/// Ids of the folders in `dir` (for "did you mean").
fn folder_ids(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    ids.sort();
    ids
}

fn require_province(content: &Path, province: &str) -> Result<()> {
    let dir = content.join("communes").join(province);
    let file = dir.join("_province.yaml");
    if file.is_file() {
        return Ok(());
    }
    let known = folder_ids(&content.join("communes"));
    let d = Diagnostic::error(
        &file,
        t(
            format!("there is no province `{province}`"),
            format!("không có tỉnh `{province}`"),
        ),
    )
    .found(format!("`{province}`"));
    let d = match did_you_mean(province, known.iter().map(String::as_str)) {
        Some(h) => d.help(h),
        None => d.help(t(
            format!("create it first: minhbach new province {province}"),
            format!("hãy tạo tỉnh trước: minhbach new province {province}"),
        )),
    };
    Err(usage(d))
}

fn require_commune(content: &Path, province: &str, commune: &str) -> Result<PathBuf> {
    require_province(content, province)?;
    let dir = content.join("communes").join(province).join(commune);
    let file = dir.join("commune.yaml");
    if file.is_file() {
        return Ok(dir);
    }
    let known = folder_ids(&content.join("communes").join(province));
    let d = Diagnostic::error(
        &file,
        t(
            format!("there is no commune `{province}/{commune}`"),
            format!("không có xã `{province}/{commune}`"),
        ),
    )
    .found(format!("`{commune}`"));
    let d = match did_you_mean(commune, known.iter().map(String::as_str)) {
        Some(h) => d.help(h),
        None => d.help(t(
            format!("create it first: minhbach new commune {province}/{commune}"),
            format!("hãy tạo xã trước: minhbach new commune {province}/{commune}"),
        )),
    };
    Err(usage(d))
}

/// Refuses to replace an existing file.
fn refuse_existing(file: &Path) -> Result<()> {
    if std::fs::symlink_metadata(file).is_ok() {
        return Err(usage(
            Diagnostic::error(
                file,
                t(
                    "this file already exists; minhbach never overwrites it",
                    "tệp này đã có; minhbach không bao giờ ghi đè",
                ),
            )
            .help(t(
                "edit the existing file, or choose another id",
                "hãy sửa tệp đang có, hoặc chọn mã khác",
            )),
        ));
    }
    Ok(())
}

/// Writes a new file (never replacing one), creating its folder.
fn write_new(file: &Path, text: &str) -> Result<()> {
    refuse_existing(file)?;
    let io = |e: std::io::Error| {
        ScaffoldError::Io(Box::new(Diagnostic::error(
            file,
            t(
                format!("cannot write this file: {e}"),
                format!("không ghi được tệp này: {e}"),
            ),
        )))
    };
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)?;
    Ok(())
}

/// A YAML double-quoted string (JSON strings are valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A readable name from an id, for the editor to correct: `dien-chau` → `Dien Chau`.
fn name_from_id(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_date_arg(value: &str, flag: &str, file: &Path) -> Result<NaiveDate> {
    crate::domain::parse_date(value).map_err(|help| {
        usage(
            Diagnostic::error(
                file,
                t(
                    format!("{flag} is not a valid date"),
                    format!("{flag} không phải là ngày hợp lệ"),
                ),
            )
            .found(format!("`{value}`"))
            .expected(t(
                "a date written YYYY-MM-DD",
                "một ngày viết dạng YYYY-MM-DD",
            ))
            .help(help),
        )
    })
}

fn dates(start: &str, end: &str, file: &Path) -> Result<(NaiveDate, NaiveDate)> {
    let s = parse_date_arg(start, "--start", file)?;
    let e = parse_date_arg(end, "--end", file)?;
    if e < s {
        return Err(usage(
            Diagnostic::error(
                file,
                t(
                    "the period ends before it starts",
                    "kỳ báo cáo kết thúc trước khi bắt đầu",
                ),
            )
            .found(format!("--start {s} --end {e}"))
            .help(t(
                "check whether the two dates were swapped",
                "hãy xem có phải hai ngày bị đảo chỗ không",
            )),
        ));
    }
    Ok((s, e))
}

/// `minhbach new province <id>`.
pub fn new_province(
    content: &Path,
    id: &str,
    name: Option<&str>,
    kind: &str,
    lang: Lang,
) -> Result<Created> {
    let dir = content.join("communes").join(id);
    check_id(id, t("province", "tỉnh"), &dir)?;
    let file = dir.join("_province.yaml");
    let name_comment = match name {
        Some(_) => String::new(),
        None => format!(
            "   # {}",
            t(
                "write the official name, with its accents",
                "viết tên chính thức, có dấu"
            )
            .get(lang)
        ),
    };
    let name = name.map_or_else(|| name_from_id(id), str::to_string);
    let text = format!(
        "# {head}\nname: {name}{name_comment}\nkind: {kind}   # {kinds}\n# code: \"40\"   # {code}\n",
        head = t(
            "A province — written by `minhbach new province`; see docs/content-format.md §7.",
            "Một tỉnh — tạo bằng `minhbach new province`; xem docs/content-format.md mục 7."
        )
        .get(lang),
        name = quoted(&name),
        kinds = t(
            "tinh (province) or thanh_pho (centrally run city)",
            "tinh (tỉnh) hoặc thanh_pho (thành phố trực thuộc trung ương)"
        )
        .get(lang),
        code = t(
            "the official administrative code, in quotes",
            "mã đơn vị hành chính, để trong ngoặc kép"
        )
        .get(lang),
    );
    write_new(&file, &text)?;
    Ok(Created {
        files: vec![file],
        next: t(
            format!("next: add its communes with `minhbach new commune {id}/<commune-id>`"),
            format!("tiếp theo: thêm các xã bằng `minhbach new commune {id}/<mã-xã>`"),
        ),
    })
}

/// `minhbach new commune <province>/<id>`.
pub fn new_commune(
    content: &Path,
    target: &str,
    name: Option<&str>,
    kind: &str,
    lang: Lang,
) -> Result<Created> {
    let (province, id) = split_target(target, content)?;
    require_province(content, &province)?;
    let file = content
        .join("communes")
        .join(&province)
        .join(&id)
        .join("commune.yaml");
    let name_comment = t(
        "its name with accents, without the word xã / phường",
        "tên có dấu, không kèm chữ xã / phường",
    );
    let name = name.map_or_else(|| name_from_id(&id), str::to_string);
    let text = format!(
        "# {head}\nname: {name}   # {nc}\nkind: {kind}   # {kinds}\n# code: \"17380\"   # {code}\n# population: 52000   # {pop}\n",
        head = t(
            "A commune — written by `minhbach new commune`; see docs/content-format.md §8.",
            "Một xã — tạo bằng `minhbach new commune`; xem docs/content-format.md mục 8."
        )
        .get(lang),
        name = quoted(&name),
        nc = name_comment.get(lang),
        kinds = t(
            "xa (commune), phuong (ward) or dac_khu (special zone)",
            "xa (xã), phuong (phường) hoặc dac_khu (đặc khu)"
        )
        .get(lang),
        code = t(
            "the official code, in quotes",
            "mã đơn vị hành chính, để trong ngoặc kép"
        )
        .get(lang),
        pop = t(
            "number of inhabitants, no separators",
            "số dân, không có dấu phân cách"
        )
        .get(lang),
    );
    write_new(&file, &text)?;
    Ok(Created {
        files: vec![file],
        next: t(
            format!(
                "next: add a reporting period with `minhbach new period {province}/{id} --start YYYY-MM-DD --end YYYY-MM-DD`"
            ),
            format!(
                "tiếp theo: thêm một kỳ báo cáo bằng `minhbach new period {province}/{id} --start YYYY-MM-DD --end YYYY-MM-DD`"
            ),
        ),
    })
}

/// The commune's name and "UBND xã …" as the usual issuing body, read leniently.
fn commune_names(dir: &Path, id: &str) -> (String, String) {
    let parsed = load::read_source(&dir.join("commune.yaml"))
        .ok()
        .and_then(|f| load::parse_yaml::<RawCommune>(f).ok());
    match parsed {
        Some(p) => {
            let word = match p.data.kind.as_str() {
                "phuong" => "phường",
                "dac_khu" => "đặc khu",
                _ => "xã",
            };
            (
                format!("{} {}", capitalised(word), p.data.name),
                format!("UBND {word} {}", p.data.name),
            )
        }
        None => (id.to_string(), format!("UBND xã {id}")),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The validated catalogue of the site at `content`, with the site's languages.
fn catalogue(loaded: &mut Loaded) -> Result<(Vec<crate::domain::Group>, Vec<Indicator>)> {
    let only = Loaded {
        root: loaded.root.clone(),
        site: loaded.site.take(),
        catalogue: loaded.catalogue.take(),
        ..Default::default()
    };
    let mut problems = Diagnostics::default();
    let site_and_catalogue = |d: &Diagnostic| {
        let name = d.file.file_name().and_then(|n| n.to_str());
        matches!(name, Some("site.yaml" | "indicators.yaml"))
    };
    problems.extend(
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && site_and_catalogue(d))
            .cloned(),
    );
    let (content, diags) = validate::validate(only);
    match content {
        Some(c) if problems.is_empty() => Ok((c.groups, c.indicators)),
        _ => {
            problems.extend(diags.into_iter().filter(|d| d.is_error()));
            if problems.is_empty() {
                problems.push(Diagnostic::error(
                    loaded.root.join("indicators.yaml"),
                    t(
                        "the indicator catalogue could not be read",
                        "không đọc được danh mục chỉ tiêu",
                    ),
                ));
            }
            problems.sort();
            Err(ScaffoldError::Content(problems))
        }
    }
}

/// What one indicator is, in one comment line.
fn meaning(ind: &Indicator, lang: Lang) -> String {
    let c = code(lang);
    let label = ind.unit_label.as_ref().map(|l| l.get(c).to_string());
    let unit = match (ind.unit, &label) {
        (Unit::Count, Some(l)) => t(format!("count ({l})"), format!("số đếm ({l})")),
        (Unit::Count, None) => t("count", "số đếm"),
        (Unit::Vnd, _) => t(
            "đồng, whole number (0.2 billion = 200000000)",
            "đồng, số nguyên (0,2 tỷ = 200000000)",
        ),
        (Unit::Percent, _) => t("percent 0–100 (97.6)", "phần trăm 0–100 (97.6)"),
        (Unit::Yesno, _) => t(
            "true (yes, done) or false (no, not yet)",
            "true (có, đã) hoặc false (không, chưa)",
        ),
    };
    let mut parts = vec![ind.name.get(c).to_string(), unit.get(lang).to_string()];
    match ind.kind {
        IndicatorKind::Flow => parts.push(
            t("counted within the period", "đếm trong kỳ")
                .get(lang)
                .into(),
        ),
        IndicatorKind::Stock => parts.push(
            t("level on the last day", "mức tại ngày cuối kỳ")
                .get(lang)
                .into(),
        ),
        IndicatorKind::Rate => {}
    }
    if let Some((n, d)) = &ind.ratio {
        parts.push(
            t(
                format!("minhbach computes it as {n} ÷ {d}; write it only as the report states it"),
                format!("minhbach tự tính = {n} ÷ {d}; chỉ ghi khi văn bản nêu tỷ lệ"),
            )
            .get(lang)
            .into(),
        );
    }
    if let Some(w) = &ind.part_of {
        parts.push(
            t(format!("part of {w}"), format!("là một phần của {w}"))
                .get(lang)
                .into(),
        );
    }
    parts.join(" · ")
}

/// The `values:` block: every indicator, by group, commented out with its meaning.
fn values_block(groups: &[crate::domain::Group], indicators: &[Indicator], lang: Lang) -> String {
    let c = code(lang);
    let width = indicators
        .iter()
        .map(|i| i.id.as_str().len())
        .max()
        .unwrap_or(0)
        + 1;
    let mut out = String::from("values:\n");
    for g in groups {
        let members: Vec<&Indicator> = indicators.iter().filter(|i| i.group == g.id).collect();
        if members.is_empty() {
            continue;
        }
        let title = format!("{} ({})", g.name.get(c), g.id.as_str());
        let rule = "─".repeat(72usize.saturating_sub(title.chars().count() + 6));
        out.push_str(&format!("\n  # ── {title} {rule}\n"));
        for ind in members {
            let key = format!("{}:", ind.id.as_str());
            out.push_str(&format!(
                "  # {key:<w$}   # {}\n",
                meaning(ind, lang),
                w = width
            ));
            if let Some(desc) = &ind.description {
                out.push_str(&format!("  #     {}\n", desc.get(c)));
            }
        }
    }
    out
}

/// Options of `minhbach new period`.
#[derive(Debug, Clone, Default)]
pub struct PeriodArgs {
    /// `province/commune`.
    pub target: String,
    /// The period id; `<start>_<end>` (or `cum-<start>_<end>`) when not given.
    pub id: Option<String>,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
    /// `regular` or `cumulative`.
    pub kind: String,
    /// The report of this commune the figures come from.
    pub report: Option<String>,
    /// The title of the source document.
    pub title: Option<String>,
}

/// `minhbach new period <province>/<commune> [id] --start --end`.
pub fn new_period(content: &Path, args: &PeriodArgs, lang: Lang) -> Result<Created> {
    let (province, commune) = split_target(&args.target, content)?;
    let dir = require_commune(content, &province, &commune)?;
    let data = dir.join("data");
    let (start, end) = dates(&args.start, &args.end, &data)?;
    let cumulative = args.kind == "cumulative";
    let id = match &args.id {
        Some(id) => id.clone(),
        None if cumulative => format!("cum-{start}_{end}"),
        None => format!("{start}_{end}"),
    };
    let file = data.join(format!("{id}.yaml"));
    check_id(&id, t("period", "kỳ báo cáo"), &file)?;
    refuse_existing(&file)?;
    let reports = dir.join("reports");
    if let Some(report) = &args.report {
        let path = reports.join(format!("{report}.md"));
        check_id(report, t("report", "báo cáo"), &path)?;
        if !path.is_file() {
            let known: Vec<String> = std::fs::read_dir(&reports)
                .map(|r| {
                    r.filter_map(|e| e.ok())
                        .filter_map(|e| {
                            e.file_name()
                                .to_string_lossy()
                                .strip_suffix(".md")
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let d = Diagnostic::error(
                &path,
                t(
                    format!("there is no report `{report}` in this commune"),
                    format!("xã này không có báo cáo `{report}`"),
                ),
            )
            .key("--report");
            let d = match did_you_mean(report, known.iter().map(String::as_str)) {
                Some(h) => d.help(h),
                None => d.help(t(
                    format!(
                        "create it first: minhbach new report {province}/{commune} {report} --start {start} --end {end}"
                    ),
                    format!(
                        "hãy tạo báo cáo trước: minhbach new report {province}/{commune} {report} --start {start} --end {end}"
                    ),
                )),
            };
            return Err(usage(d));
        }
    }
    let mut loaded = load::load(content);
    // Two files of one commune may not cover the same window.
    for (p, c, other, parsed) in &loaded.periods {
        let p_kind = parsed.data.period.kind.as_deref().unwrap_or("regular");
        let same = p == &province
            && c == &commune
            && crate::domain::parse_date(&parsed.data.period.start).ok() == Some(start)
            && crate::domain::parse_date(&parsed.data.period.end).ok() == Some(end)
            && p_kind == args.kind;
        if same {
            return Err(usage(
                Diagnostic::error(
                    &file,
                    t(
                        format!(
                            "the period `{other}` of this commune already covers {start} to {end}"
                        ),
                        format!("kỳ `{other}` của xã này đã có cùng thời gian {start} đến {end}"),
                    ),
                )
                .help(t(
                    format!("add the figures to {}", parsed.file.path.display()),
                    format!("hãy thêm số liệu vào {}", parsed.file.path.display()),
                )),
            ));
        }
    }
    let (groups, indicators) = catalogue(&mut loaded)?;
    let (commune_name, issuer) = commune_names(&dir, &commune);
    let (s_vn, e_vn) = (start.format("%d/%m/%Y"), end.format("%d/%m/%Y"));
    let title = args.title.clone().unwrap_or_else(|| {
        format!("Báo cáo kết quả thực hiện Nghị quyết số 57-NQ/TW (từ {s_vn} đến {e_vn})")
    });
    let how = t(
        "How to fill it in:\n\
         #   - for each figure the document gives, remove the \"# \" at the start of its line and write\n\
         #     the number after the colon, e.g.  dossiers_received: 961\n\
         #   - a figure the report asks for but leaves blank: write null (not 0);\n\
         #     to keep the document's words:  budget_allocated: {value: 200000000, note: \"0,2 tỷ đồng\"}\n\
         #   - a figure the document does not mention: leave its line as a comment.\n\
         #   Then run: minhbach check   (docs/content-format.md §9 and §10 explain every rule)",
        "Cách điền:\n\
         #   - với mỗi chỉ tiêu văn bản có nêu, xóa dấu \"# \" ở đầu dòng và viết con số sau dấu hai chấm,\n\
         #     ví dụ:  dossiers_received: 961\n\
         #   - chỉ tiêu báo cáo có hỏi mà bỏ trống: viết null (không viết 0);\n\
         #     muốn giữ lời văn bản:  budget_allocated: {value: 200000000, note: \"0,2 tỷ đồng\"}\n\
         #   - chỉ tiêu văn bản không nhắc tới: để nguyên dòng chú thích.\n\
         #   Sau đó chạy: minhbach check   (docs/content-format.md mục 9 và 10 giải thích mọi quy tắc)",
    );
    let head = match lang {
        Lang::En => format!(
            "# {commune_name} — reporting period {s_vn} to {e_vn}. Written by `minhbach new period`.\n# {}\n",
            how.get(lang)
        ),
        Lang::Vi => format!(
            "# {commune_name} — kỳ báo cáo {s_vn} đến {e_vn}. Tạo bằng `minhbach new period`.\n# {}\n",
            how.get(lang)
        ),
    };
    let c = |en: &str, vi: &str| t(en, vi).get(lang).to_string();
    let report_line = match &args.report {
        Some(r) => format!("  report: {r}\n"),
        None => format!(
            "  # report: 2026-01   # {}\n",
            c(
                "id of the report text in ../reports/ (its file name without .md)",
                "mã văn bản trong ../reports/ (tên tệp, bỏ .md)"
            )
        ),
    };
    let text = format!(
        "{head}period:\n  start: {start}\n  end: {end}\n  kind: {kind}   # {kinds}\n  # label: {{vi: \"Tháng …/…\", en: \"…\"}}   # {label}\nsource:\n  title: {title}   # {tc}\n  issued_by: {issuer}\n  # date: {end}   # {dc}\n{report_line}{values}",
        kind = args.kind,
        kinds = c(
            "regular, or cumulative for running totals (lũy kế)",
            "regular (thường), hoặc cumulative cho số lũy kế"
        ),
        label = c(
            "optional readable name of the period",
            "tên dễ đọc của kỳ, không bắt buộc"
        ),
        title = quoted(&title),
        tc = c(
            "the document's full title, as printed",
            "chép đúng tên đầy đủ của văn bản"
        ),
        issuer = quoted(&issuer),
        dc = c(
            "the date the document was signed, YYYY-MM-DD",
            "ngày ký văn bản, dạng YYYY-MM-DD"
        ),
        values = values_block(&groups, &indicators, lang),
    );
    write_new(&file, &text)?;
    Ok(Created {
        files: vec![file],
        next: t(
            format!(
                "next: fill in the figures ({} indicators listed, commented out), then run `minhbach check`",
                indicators.len()
            ),
            format!(
                "tiếp theo: điền số liệu ({} chỉ tiêu đã liệt kê, đang là chú thích), rồi chạy `minhbach check`",
                indicators.len()
            ),
        ),
    })
}

/// Options of `minhbach new report`.
#[derive(Debug, Clone, Default)]
pub struct ReportArgs {
    /// `province/commune`.
    pub target: String,
    /// The report id (its file name).
    pub id: String,
    /// First day of the period it covers.
    pub start: String,
    /// Last day of the period it covers.
    pub end: String,
    /// Date of the document; the last day of the period when not given.
    pub date: Option<String>,
    /// Title of the document.
    pub title: Option<String>,
}

/// `minhbach new report <province>/<commune> <id> --start --end`.
pub fn new_report(content: &Path, args: &ReportArgs, lang: Lang) -> Result<Created> {
    let (province, commune) = split_target(&args.target, content)?;
    let dir = require_commune(content, &province, &commune)?;
    let file = dir.join("reports").join(format!("{}.md", args.id));
    check_id(&args.id, t("report", "báo cáo"), &file)?;
    let (start, end) = dates(&args.start, &args.end, &file)?;
    let date = match &args.date {
        Some(d) => parse_date_arg(d, "--date", &file)?,
        None => end,
    };
    refuse_existing(&file)?;
    let (_, issuer) = commune_names(&dir, &commune);
    let (s_vn, e_vn) = (start.format("%d/%m/%Y"), end.format("%d/%m/%Y"));
    let title = args.title.clone().unwrap_or_else(|| {
        format!("Báo cáo kết quả thực hiện Nghị quyết số 57-NQ/TW (từ {s_vn} đến {e_vn})")
    });
    let c = |en: &str, vi: &str| t(en, vi).get(lang).to_string();
    let text = format!(
        "---\n# {head}\ntitle: {title}\n# number: \"01/BC-UBND\"   # {num}\nissued_by: {issuer}\n# signed_by: \"…\"   # {signed}\ndate: {date}   # {dc}\nperiod: {{start: {start}, end: {end}}}\nlanguage: vi\n---\n## {summary}\n\n{body}\n",
        head = c(
            "Written by `minhbach new report`: copy the title, number, issuing body and date from the document (docs/content-format.md §13).",
            "Tạo bằng `minhbach new report`: chép tiêu đề, số hiệu, cơ quan ban hành và ngày ký từ văn bản (docs/content-format.md mục 13)."
        ),
        title = quoted(&title),
        num = c("the document's number", "số hiệu văn bản"),
        issuer = quoted(&issuer),
        signed = c("who signed it", "người ký"),
        dc = c("date of the document", "ngày của văn bản"),
        summary = c("Summary", "Tóm tắt"),
        body = c(
            &format!(
                "{}: tasks, services, figures and difficulties. Markdown works: **bold**, lists, tables.",
                placeholders::REPORT_BODY_EN
            ),
            &format!(
                "{}: nhiệm vụ, dịch vụ, số liệu và khó khăn. Dùng được Markdown: **chữ đậm**, danh sách, bảng.",
                placeholders::REPORT_BODY_VI
            )
        ),
    );
    write_new(&file, &text)?;
    Ok(Created {
        files: vec![file],
        next: t(
            format!(
                "next: write the summary, and name it in a period file: `report: {}` under `source:`",
                args.id
            ),
            format!(
                "tiếp theo: viết phần tóm tắt, và ghi nó trong tệp kỳ báo cáo: `report: {}` trong `source:`",
                args.id
            ),
        ),
    })
}

/// The bundled catalogue and sample commune copied by `minhbach init`.
const BUNDLED: &[(&str, &str)] = &[
    (
        "content/indicators.yaml",
        include_str!("../content/indicators.yaml"),
    ),
    (
        "content/communes/nghe-an/_province.yaml",
        include_str!("../content/communes/nghe-an/_province.yaml"),
    ),
    (
        "content/communes/nghe-an/dien-chau/commune.yaml",
        include_str!("../content/communes/nghe-an/dien-chau/commune.yaml"),
    ),
    (
        "content/communes/nghe-an/dien-chau/data/2026-01-01_2026-01-19.yaml",
        include_str!("../content/communes/nghe-an/dien-chau/data/2026-01-01_2026-01-19.yaml"),
    ),
    (
        "content/communes/nghe-an/dien-chau/reports/2026-01.md",
        include_str!("../content/communes/nghe-an/dien-chau/reports/2026-01.md"),
    ),
];

/// `site.yaml` as `init` writes it: the address and publisher are placeholders that
/// `minhbach check` warns about until they are replaced.
fn site_yaml() -> String {
    format!(
        r#"# Site settings (docs/content-format.md §5). Change the title, base_url and publisher to yours.
# Cài đặt của trang (docs/content-format.md mục 5). Hãy sửa title, base_url và publisher cho đúng.
title: {{vi: "Minh bạch chuyển đổi số cấp xã", en: "Commune digital transformation dashboard"}}
description:
  vi: "Số liệu và báo cáo của các xã về thực hiện Nghị quyết số 57-NQ/TW về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số."
  en: "Figures and reports from communes on how they carry out Resolution 57-NQ/TW on science, technology, innovation and digital transformation."
# REPLACE with the address where the site will be published / THAY bằng địa chỉ sẽ đăng trang
base_url: "{base_url}"
languages: [vi, en]                # the first is the default / ngôn ngữ đầu tiên là mặc định
# REPLACE with the name of the agency that publishes the site / THAY bằng tên cơ quan đăng trang
publisher: "{publisher}"
data_license: "CC BY 4.0"
theme: default
"#,
        base_url = placeholders::BASE_URL,
        publisher = placeholders::PUBLISHER,
    )
}

/// The Vietnamese about page `init` writes; its last sentence is a placeholder.
fn about_vi() -> String {
    format!(
        r#"---
title: "Giới thiệu"
weight: 1
---
Trang này công khai số liệu và báo cáo của các xã về thực hiện Nghị quyết số 57-NQ/TW.
Số liệu được nhập đúng như văn bản của xã; khi văn bản tự mâu thuẫn, trang giữ cả hai con số
và nêu một ghi chú về chất lượng số liệu.

{} (và bản tiếng Anh `about.en.md`).
"#,
        placeholders::ABOUT_VI
    )
}

/// The English about page `init` writes; its last sentence is a placeholder.
fn about_en() -> String {
    format!(
        r#"---
title: "About"
weight: 1
---
This site publishes the figures and reports of communes on how they carry out Resolution
57-NQ/TW. Figures are entered exactly as the communes' documents give them; where a document
contradicts itself, the site keeps both figures and adds a data-quality note.

{} (and the Vietnamese `about.vi.md`).
"#,
        placeholders::ABOUT_EN
    )
}

const README: &str = r#"# Minh bạch — trang số liệu của các xã

Tạo bằng `minhbach init`. / Created with `minhbach init`.

```sh
minhbach serve                  # xem trước, tự tải lại khi lưu tệp / preview with live reload
minhbach check                  # kiểm tra nội dung / check the content
minhbach build                  # dựng trang vào public/ / build the site into public/
minhbach new province <id>                                      # thêm tỉnh / add a province
minhbach new commune <tỉnh>/<id>                                # thêm xã / add a commune
minhbach new period <tỉnh>/<xã> --start YYYY-MM-DD --end YYYY-MM-DD   # thêm kỳ báo cáo / add a period
minhbach new report <tỉnh>/<xã> <id> --start … --end …          # thêm văn bản báo cáo / add a report
```

`content/communes/nghe-an/dien-chau/` là ví dụ thật (xã Diễn Châu, tháng 1/2026): xem cách ghi số
liệu rồi xóa hoặc giữ lại. / `content/communes/nghe-an/dien-chau/` is a real example (Diễn Châu
commune, January 2026): see how figures are written, then delete or keep it.
"#;

const GITIGNORE: &str = "/public/\n/.public.minhbach-*\n";

/// `minhbach init DIR`: a working site (settings, the bundled catalogue, one sample commune,
/// an about page) that `minhbach build` builds as it is.
pub fn init(dir: &Path) -> Result<Created> {
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(usage(
                Diagnostic::error(
                    dir,
                    t(
                        "this folder is not empty; minhbach init only writes into a new or empty folder",
                        "thư mục này không trống; minhbach init chỉ ghi vào thư mục mới hoặc trống",
                    ),
                )
                .help(t(
                    "choose a new folder name, e.g. minhbach init my-site",
                    "hãy chọn tên thư mục mới, ví dụ minhbach init trang-cua-toi",
                )),
            ));
        }
    } else if dir.exists() {
        return Err(usage(Diagnostic::error(
            dir,
            t(
                "this is a file, not a folder",
                "đây là một tệp, không phải thư mục",
            ),
        )));
    }
    let mut files: Vec<(String, String)> = vec![
        ("content/site.yaml".into(), site_yaml()),
        ("content/pages/about.vi.md".into(), about_vi()),
        ("content/pages/about.en.md".into(), about_en()),
        ("README.md".into(), README.into()),
        (".gitignore".into(), GITIGNORE.into()),
    ];
    files.extend(BUNDLED.iter().map(|(p, s)| (p.to_string(), s.to_string())));
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        write_new(&path, &text)?;
        written.push(path);
    }
    let shown = dir.display();
    Ok(Created {
        files: written,
        next: t(
            format!(
                "next: cd {shown} && minhbach serve   (then edit content/ and watch the page change)\n\
                 before publishing, replace the placeholders that `minhbach check` warns about: base_url and publisher in content/site.yaml, the last sentence of content/pages/about.*.md"
            ),
            format!(
                "tiếp theo: cd {shown} && minhbach serve   (rồi sửa content/ và xem trang thay đổi)\n\
                 trước khi đăng trang, hãy thay các chỗ điền tạm mà `minhbach check` cảnh báo: base_url và publisher trong content/site.yaml, câu cuối của content/pages/about.*.md"
            ),
        ),
    })
}
