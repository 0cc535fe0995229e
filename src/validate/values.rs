//! One value of a period file against its indicator's unit: the accepted forms, and for a
//! value that does not fit, what was found, what fits and advice.

use crate::base::diagnostics::{Text, t};
use crate::domain::{Indicator, Unit, Value};

/// Why a value does not fit its indicator.
#[derive(Debug, PartialEq)]
pub struct ValueProblem {
    /// One-sentence summary.
    pub message: Text,
    /// What was written.
    pub found: Text,
    /// What fits.
    pub expected: Text,
    /// Advice.
    pub help: Option<Text>,
}

/// Checks one value of a period file against its indicator's unit.
pub fn check_value(
    v: &serde_yaml::Value,
    indicator: &Indicator,
) -> Result<(Value, Option<String>), ValueProblem> {
    use serde_yaml::Value as Y;
    let (inner, note) = match v {
        Y::Mapping(m) => {
            for k in m.keys() {
                if !matches!(k.as_str(), Some("value") | Some("note")) {
                    return Err(problem(
                        t(
                            "unknown key in a value block",
                            "khóa không hợp lệ trong khối giá trị",
                        ),
                        format!("`{}`", k.as_str().unwrap_or("?")),
                        t("only `value:` and `note:`", "chỉ `value:` và `note:`"),
                        Some(t(
                            "write {value: 123, note: \"…\"}",
                            "viết {value: 123, note: \"…\"}",
                        )),
                    ));
                }
            }
            let Some(inner) = m.get("value") else {
                return Err(ValueProblem {
                    message: t("`value:` is missing", "thiếu `value:`"),
                    found: t("a block without `value:`", "một khối không có `value:`"),
                    expected: t(
                        "{value: <number or null>, note: \"…\"}",
                        "{value: <số hoặc null>, note: \"…\"}",
                    ),
                    help: Some(t(
                        "use `value: null` when the report gives no figure",
                        "dùng `value: null` khi báo cáo không nêu số liệu",
                    )),
                });
            };
            let note = match m.get("note") {
                None | Some(Y::Null) => None,
                Some(Y::String(s)) => Some(s.clone()),
                Some(other) => Some(yaml_scalar_text(other)),
            };
            (inner, note)
        }
        other => (other, None),
    };
    let value = match (inner, indicator.unit) {
        (Y::Null, _) => Value::NotReported,
        (Y::Bool(b), Unit::Yesno) => Value::Bool(*b),
        (other, Unit::Yesno) => {
            return Err(problem(
                t(
                    "a yes/no indicator needs true or false",
                    "chỉ tiêu có/không cần giá trị true hoặc false",
                ),
                yaml_scalar_text(other),
                t("`true` or `false`", "`true` hoặc `false`"),
                Some(t(
                    "write `true` for có / đã, `false` for không / chưa",
                    "viết `true` cho có / đã, `false` cho không / chưa",
                )),
            ));
        }
        (Y::Number(n), unit) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            check_number(x, unit)?;
            Value::Number(x)
        }
        (Y::String(s), unit) => return Err(string_problem(s, unit)),
        (other, unit) => {
            return Err(problem(
                t("this value is not a number", "giá trị này không phải là số"),
                yaml_scalar_text(other),
                expected_for(unit),
                None,
            ));
        }
    };
    Ok((value, note))
}

fn problem(message: Text, found: String, expected: Text, help: Option<Text>) -> ValueProblem {
    ValueProblem {
        message,
        found: found.into(),
        expected,
        help,
    }
}

fn expected_for(unit: Unit) -> Text {
    match unit {
        Unit::Count => t(
            "a whole number of 0 or more, e.g. 961",
            "một số nguyên từ 0 trở lên, ví dụ 961",
        ),
        Unit::Vnd => t(
            "a whole number of đồng, 0 or more, e.g. 200000000",
            "số đồng, nguyên, từ 0 trở lên, ví dụ 200000000",
        ),
        Unit::Percent => t(
            "a percentage from 0 to 100, e.g. 97.6",
            "một tỷ lệ phần trăm từ 0 đến 100, ví dụ 97.6",
        ),
        Unit::Yesno => t("`true` or `false`", "`true` hoặc `false`"),
    }
}

fn check_number(x: f64, unit: Unit) -> Result<(), ValueProblem> {
    let text = crate::format::plain(x);
    if !x.is_finite() {
        return Err(problem(
            t("this number is not usable", "số này không dùng được"),
            text,
            expected_for(unit),
            None,
        ));
    }
    match unit {
        Unit::Percent if !(0.0..=100.0).contains(&x) => Err(problem(
            t(
                "a percentage must be between 0 and 100",
                "tỷ lệ phần trăm phải từ 0 đến 100",
            ),
            text,
            expected_for(unit),
            Some(if x > 100.0 {
                t(
                    "if the report says more than 100%, keep the report's words in `note:` and check the figure with the commune",
                    "nếu báo cáo ghi hơn 100%, hãy giữ nguyên lời báo cáo trong `note:` và kiểm tra lại số liệu với xã",
                )
            } else {
                t(
                    "percentages cannot be negative",
                    "tỷ lệ phần trăm không thể âm",
                )
            }),
        )),
        Unit::Count | Unit::Vnd if x < 0.0 => Err(problem(
            t(
                "a count or amount cannot be negative",
                "số đếm hoặc số tiền không thể âm",
            ),
            text,
            expected_for(unit),
            None,
        )),
        Unit::Count | Unit::Vnd if x.fract() != 0.0 => Err(problem(
            t(
                "this must be a whole number",
                "giá trị này phải là số nguyên",
            ),
            text.clone(),
            expected_for(unit),
            Some(if unit == Unit::Vnd {
                t(
                    "write money in đồng, not triệu or tỷ: 0,2 tỷ is 200000000",
                    "ghi tiền bằng đồng, không ghi triệu hay tỷ: 0,2 tỷ là 200000000",
                )
            } else {
                let plain = text.replace('.', "");
                t(
                    format!(
                        "if `{text}` uses a dot as thousands separator, write it without one: {plain}"
                    ),
                    format!(
                        "nếu `{text}` dùng dấu chấm phân cách hàng nghìn, hãy viết liền: {plain}"
                    ),
                )
            }),
        )),
        _ => Ok(()),
    }
}

fn string_problem(s: &str, unit: Unit) -> ValueProblem {
    let w = s.trim();
    let grouped = w
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
        && w.chars().any(|c| c.is_ascii_digit());
    let without_separators = |plain: String| {
        t(
            format!("write it without separators: {plain}"),
            format!("hãy viết liền, không dấu phân cách: {plain}"),
        )
    };
    let help = if grouped && matches!(unit, Unit::Count | Unit::Vnd) {
        without_separators(w.replace(['.', ',', ' '], ""))
    } else if w.contains('/') {
        t(
            "write the percentage as one number (e.g. 93.97), or give the two counts under their own ids so minhbach computes it",
            "ghi tỷ lệ bằng một số (ví dụ 93.97), hoặc ghi hai số đếm dưới mã riêng của chúng để minhbach tự tính",
        )
    } else if w.ends_with('%') {
        let plain = w.trim_end_matches('%').trim().replace(',', ".");
        t(
            format!("drop the % sign: write {plain}"),
            format!("bỏ dấu %: viết {plain}"),
        )
    } else if w.contains(',') && w.replace(',', ".").parse::<f64>().is_ok() {
        let plain = w.replace(',', ".");
        t(
            format!("use a decimal point: write {plain}"),
            format!("dùng dấu chấm thập phân: viết {plain}"),
        )
    } else if w
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
        && w.chars().any(|c| c.is_ascii_digit())
    {
        without_separators(w.replace(['.', ' '], ""))
    } else {
        t(
            "write only the figure; put words in `note:`, e.g. {value: null, note: \"Không báo cáo\"}",
            "chỉ ghi con số; ghi lời vào `note:`, ví dụ {value: null, note: \"Không báo cáo\"}",
        )
    };
    let help = Some(help);
    problem(
        t(
            "this value is text, not a number",
            "giá trị này là chữ, không phải số",
        ),
        format!("\"{s}\""),
        expected_for(unit),
        help,
    )
}

fn yaml_scalar_text(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::ids::{GroupId, IndicatorId};
    use crate::domain::{Better, IndicatorKind, Localized};

    fn indicator(unit: Unit) -> Indicator {
        Indicator {
            id: IndicatorId::parse("x").unwrap(),
            group: GroupId::parse("g").unwrap(),
            name: Localized(vec![]),
            description: None,
            unit,
            unit_label: None,
            kind: if unit == Unit::Percent {
                IndicatorKind::Rate
            } else {
                IndicatorKind::Stock
            },
            better: Better::None,
            ratio: None,
            target: None,
            headline: false,
            part_of: None,
        }
    }

    fn check(yaml: &str, unit: Unit) -> Result<(Value, Option<String>), ValueProblem> {
        check_value(&serde_yaml::from_str(yaml).unwrap(), &indicator(unit))
    }

    #[test]
    fn accepts_spec_value_forms() {
        assert_eq!(check("961", Unit::Count), Ok((Value::Number(961.0), None)));
        assert_eq!(
            check("97.6", Unit::Percent),
            Ok((Value::Number(97.6), None))
        );
        assert_eq!(check("true", Unit::Yesno), Ok((Value::Bool(true), None)));
        assert_eq!(
            check("{value: 200000000, note: \"0,2 tỷ đồng\"}", Unit::Vnd),
            Ok((Value::Number(200000000.0), Some("0,2 tỷ đồng".into())))
        );
        assert_eq!(
            check("{value: null, note: x}", Unit::Count),
            Ok((Value::NotReported, Some("x".into())))
        );
    }

    #[test]
    fn rejects_bad_values_with_advice() {
        let e = check("-3", Unit::Count).unwrap_err();
        assert_eq!(e.message, "a count or amount cannot be negative");
        let e = check("100.5", Unit::Percent).unwrap_err();
        assert_eq!(e.message, "a percentage must be between 0 and 100");
        let e = check("14.722", Unit::Count).unwrap_err();
        assert!(e.help.unwrap().contains("14722"));
        let e = check("\"97,6%\"", Unit::Percent).unwrap_err();
        assert_eq!(e.help.unwrap(), "drop the % sign: write 97.6");
        let e = check("\"97,6\"", Unit::Percent).unwrap_err();
        assert_eq!(e.help.unwrap(), "use a decimal point: write 97.6");
        let e = check("\"14,722\"", Unit::Count).unwrap_err();
        assert_eq!(e.help.unwrap(), "write it without separators: 14722");
        let e = check("\"903/961\"", Unit::Percent).unwrap_err();
        assert!(e.help.unwrap().contains("computes it"));
        let e = check("1", Unit::Yesno).unwrap_err();
        assert_eq!(e.message, "a yes/no indicator needs true or false");
        let e = check("{value: 1, unit: x}", Unit::Count).unwrap_err();
        assert_eq!(e.message, "unknown key in a value block");
        let e = check("{note: x}", Unit::Count).unwrap_err();
        assert_eq!(e.message, "`value:` is missing");
    }
}
