//! Every way a number is written, in one place: numbers, money, percentages and dates in the
//! page's language (SPEC §3), the plain form data files and messages use ([`plain`]), and the
//! number format spreadsheets show ([`spreadsheet`]).
//!
//! Vietnamese groups thousands with `.` and uses `,` for decimals; English the reverse.
//! Other languages fall back to the English convention.

use crate::domain::Unit;
use chrono::{Datelike, NaiveDate};

/// Separators of a language: `(thousands, decimal)`.
fn separators(lang: &str) -> (char, char) {
    match lang {
        "vi" | "de" | "id" | "es" | "it" | "pt" => ('.', ','),
        "fr" => ('\u{202f}', ','),
        _ => (',', '.'),
    }
}

/// `x` with at most `max_decimals` decimals (trailing zeros dropped) and grouped thousands.
pub fn number(x: f64, max_decimals: usize, lang: &str) -> String {
    if !x.is_finite() {
        return "–".into(); // never print NaN or inf; callers check before, this is a last guard
    }
    let (group, decimal) = separators(lang);
    let fixed = format!("{:.*}", max_decimals, x.abs());
    let (int, frac) = match fixed.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (fixed, String::new()),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let negative = x < 0.0 && (int.chars().any(|c| c != '0') || !frac.is_empty());
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// `x` with every decimal it has (as Rust's shortest round-trip form gives them), in the
/// language's separators: a figure quoted from the content, never rounded.
pub fn exact(x: f64, lang: &str) -> String {
    let plain = x.to_string();
    let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len());
    number(x, decimals, lang)
}

/// A whole count: `14.722` / `14,722`.
pub fn count(x: f64, lang: &str) -> String {
    number(x, 0, lang)
}

/// A file's size in decimal units with at most one decimal: `43,5 kB` / `43.5 kB`, `1,2 GB`.
pub fn file_size(bytes: u64, lang: &str) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    let x = bytes as f64;
    match units.iter().find(|(size, _)| x >= *size) {
        Some((size, unit)) => format!("{} {unit}", number(x / size, 1, lang)),
        None => format!("{} B", count(x, lang)),
    }
}

/// A percentage with up to two decimals: `99,89%` / `99.89%`.
pub fn percent(x: f64, lang: &str) -> String {
    format!("{}%", number(x, 2, lang))
}

/// A change in percentage points: `+3,5 điểm %` / `+3.5 pp`.
pub fn points(x: f64, lang: &str) -> String {
    let sign = if x > 0.0 { "+" } else { "" };
    match lang {
        "vi" => format!("{sign}{} điểm %", number(x, 2, lang)),
        _ => format!("{sign}{} pp", number(x, 2, lang)),
    }
}

/// Money standing alone: under one tỷ in triệu, above in tỷ (`708 triệu đồng`, `2,5 tỷ đồng`;
/// `VND 708 million`, `VND 2.5 billion`).
pub fn money(dong: f64, lang: &str) -> String {
    let (amount, big) = if dong.abs() >= 1e9 {
        (dong / 1e9, true)
    } else {
        (dong / 1e6, false)
    };
    let n = number(amount, 3, lang);
    match (lang, big) {
        ("vi", true) => format!("{n} tỷ đồng"),
        ("vi", false) => format!("{n} triệu đồng"),
        (_, true) => format!("VND {n} billion"),
        (_, false) => format!("VND {n} million"),
    }
}

/// Money in a table column whose header carries the unit ([`money_column_unit`]): millions.
pub fn money_in_millions(dong: f64, lang: &str) -> String {
    number(dong / 1e6, 3, lang)
}

/// The unit named in the header of a money column.
pub fn money_column_unit(lang: &str) -> &'static str {
    match lang {
        "vi" => "triệu đồng",
        _ => "VND million",
    }
}

/// A date: `19/01/2026` / `19 Jan 2026`.
pub fn date(d: NaiveDate, lang: &str) -> String {
    match lang {
        "vi" => d.format("%d/%m/%Y").to_string(),
        _ => d.format("%-d %b %Y").to_string(),
    }
}

/// A date range, shortened when both ends share a year: `01/01–19/01/2026`, `1 Jan – 19 Jan 2026`.
pub fn date_range(start: NaiveDate, end: NaiveDate, lang: &str) -> String {
    if start == end {
        return date(end, lang);
    }
    match lang {
        "vi" if start.year() == end.year() => {
            format!("{}–{}", start.format("%d/%m"), date(end, lang))
        }
        "vi" => format!("{}–{}", date(start, lang), date(end, lang)),
        _ if start.year() == end.year() => {
            format!("{} – {}", start.format("%-d %b"), date(end, lang))
        }
        _ => format!("{} – {}", date(start, lang), date(end, lang)),
    }
}

/// A period length in words: `19 ngày`, `3 tháng`; `19 days`, `3 months`.
pub fn length(start: NaiveDate, end: NaiveDate, lang: &str) -> String {
    let next = end.succ_opt().unwrap_or(end);
    let months = (next.year() - start.year()) * 12 + next.month() as i32 - start.month() as i32;
    let whole_months = start.day() == next.day() && months > 0;
    let days = (end - start).num_days() + 1;
    match (lang, whole_months) {
        ("vi", true) => format!("{months} tháng"),
        ("vi", false) => format!("{days} ngày"),
        (_, true) if months == 1 => "1 month".into(),
        (_, true) => format!("{months} months"),
        (_, false) if days == 1 => "1 day".into(),
        (_, false) => format!("{days} days"),
    }
}

/// A number for data files and messages: no thousands separators, no trailing `.0`.
pub fn plain(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The spreadsheet (Excel) number format of a figure: whole numbers with thousands separators, two decimals when
/// the figure has a fraction, and percentages (stored 0–100, as in the content) with a literal
/// `%` so that Excel does not multiply them by 100.
pub fn spreadsheet(unit: Unit, value: f64) -> &'static str {
    match unit {
        Unit::Percent => "0.00\"%\"",
        Unit::Yesno => "0",
        Unit::Count | Unit::Vnd if value.fract() == 0.0 => "#,##0",
        Unit::Count | Unit::Vnd => "#,##0.00",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_in_decimal_units_per_language() {
        assert_eq!(file_size(18_024, "vi"), "18 kB");
        assert_eq!(file_size(43_563, "vi"), "43,6 kB");
        assert_eq!(file_size(43_563, "en"), "43.6 kB");
        assert_eq!(file_size(1_234_567_890, "en"), "1.2 GB");
        assert_eq!(file_size(999, "vi"), "999 B");
    }

    #[test]
    fn exact_keeps_every_decimal_in_each_language() {
        assert_eq!(exact(24.78, "vi"), "24,78");
        assert_eq!(exact(24.78, "en"), "24.78");
        assert_eq!(exact(14722.0, "vi"), "14.722");
        assert_eq!(exact(14722.0, "en"), "14,722");
        assert_eq!(exact(0.123456789, "vi"), "0,123456789");
        assert_eq!(exact(-1234.5, "en"), "-1,234.5");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(count(14722.0, "vi"), "14.722");
        assert_eq!(count(14722.0, "en"), "14,722");
        assert_eq!(count(1234567.0, "vi"), "1.234.567");
        assert_eq!(count(22.0, "vi"), "22");
        assert_eq!(percent(99.89, "vi"), "99,89%");
        assert_eq!(percent(99.89, "en"), "99.89%");
        assert_eq!(percent(100.0, "vi"), "100%");
        assert_eq!(percent(93.964620, "vi"), "93,96%");
        assert_eq!(percent(97.6, "en"), "97.6%");
        assert_eq!(number(f64::NAN, 2, "vi"), "–");
        assert_eq!(number(-0.001, 2, "en"), "0");
        assert_eq!(points(-3.5, "vi"), "-3,5 điểm %");
    }

    #[test]
    fn money_uses_trieu_below_one_ty() {
        assert_eq!(money(708e6, "vi"), "708 triệu đồng");
        assert_eq!(money(1274e6, "vi"), "1,274 tỷ đồng");
        assert_eq!(money(2.5e9, "vi"), "2,5 tỷ đồng");
        assert_eq!(money(708e6, "en"), "VND 708 million");
        assert_eq!(money(1274e6, "en"), "VND 1.274 billion");
        assert_eq!(money(60_807_000.0, "vi"), "60,807 triệu đồng");
        assert_eq!(money_in_millions(1274e6, "vi"), "1.274");
        assert_eq!(money_in_millions(2500e6, "en"), "2,500");
        assert_eq!(money_in_millions(200e6, "vi"), "200");
    }

    #[test]
    fn dates_and_lengths() {
        assert_eq!(date(d(2026, 1, 19), "vi"), "19/01/2026");
        assert_eq!(date(d(2026, 1, 19), "en"), "19 Jan 2026");
        assert_eq!(
            date_range(d(2026, 1, 1), d(2026, 1, 19), "vi"),
            "01/01–19/01/2026"
        );
        assert_eq!(
            date_range(d(2025, 7, 1), d(2026, 4, 16), "en"),
            "1 Jul 2025 – 16 Apr 2026"
        );
        assert_eq!(length(d(2026, 1, 1), d(2026, 1, 19), "vi"), "19 ngày");
        assert_eq!(length(d(2026, 1, 1), d(2026, 6, 30), "en"), "6 months");
        assert_eq!(length(d(2026, 1, 1), d(2026, 1, 31), "en"), "1 month");
        assert_eq!(length(d(2026, 3, 19), d(2026, 4, 16), "en"), "29 days");
    }

    #[test]
    fn plain_numbers_have_no_separators() {
        assert_eq!(plain(14722.0), "14722");
        assert_eq!(plain(97.6), "97.6");
        assert_eq!(plain(200000000.0), "200000000");
    }

    #[test]
    fn display_formats_follow_the_unit() {
        assert_eq!(spreadsheet(Unit::Count, 14722.0), "#,##0");
        assert_eq!(spreadsheet(Unit::Vnd, 1_274_000_000.0), "#,##0");
        assert_eq!(spreadsheet(Unit::Count, 2.5), "#,##0.00");
        // a rate stays 0–100 and shows a literal %, never Excel's ×100 percent format
        assert_eq!(spreadsheet(Unit::Percent, 93.9646), "0.00\"%\"");
        assert_eq!(spreadsheet(Unit::Yesno, 1.0), "0");
    }
}
