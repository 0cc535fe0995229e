//! Finds where a key sits in a YAML text, so messages about values that parsed fine
//! (an unknown id, a negative count) can still point at a line.
//!
//! serde_yaml keeps no positions once a document is parsed; scanning the text is cheap and
//! only happens when there is something to report.

use std::collections::HashMap;

/// 1-based `(line, column)` of the key at `path` (e.g. `["values", "dossiers_received"]`),
/// counting lines from `first_line` (1 for a YAML file; more for front matter).
/// Falls back to the deepest parent that was found.
pub fn key_position(text: &str, path: &[&str], first_line: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found: Option<(usize, usize)> = None;
    let mut from = 0usize;
    let mut parent_indent: Option<usize> = None;
    for segment in path {
        let Some((idx, indent)) = find_key(&lines, from, parent_indent, segment) else {
            break;
        };
        found = Some((idx + first_line, indent + 1));
        from = idx + 1;
        parent_indent = Some(indent);
    }
    found
}

/// 1-based `(line, column)` of every key written directly inside the top-level block `parent`
/// (e.g. each indicator id under `values:`), found in one pass over the text.
///
/// Validation asks where every value sits (the line goes into warnings), so asking
/// [`key_position`] once per key would rescan the file once per value.
pub fn block_keys<'t>(
    text: &'t str,
    parent: &str,
    first_line: usize,
) -> HashMap<&'t str, (usize, usize)> {
    let mut keys = HashMap::new();
    let mut lines = text.lines().enumerate();
    let top_level = |line: &str| !line.starts_with([' ', '\t']) && key_matches(line, parent);
    if !lines.by_ref().any(|(_, line)| top_level(line)) {
        return keys;
    }
    let mut child_indent = None;
    for (i, line) in lines {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if indent == 0 {
            break; // the next top-level key: the block ended
        }
        if *child_indent.get_or_insert(indent) != indent {
            continue; // deeper: a nested value, not a key of this block
        }
        if let Some(key) = key_name(content) {
            keys.entry(key).or_insert((i + first_line, indent + 1));
        }
    }
    keys
}

/// 1-based `(line, column)` of the `n`-th item (counting from 0) of the top-level list `list`,
/// or of its key `field` when the item writes it (`targets:` → `- indicator: …` → `min:`).
pub fn list_item_at(
    text: &str,
    list: &str,
    n: usize,
    field: Option<&str>,
    first_line: usize,
) -> Option<(usize, usize)> {
    let mut lines = text.lines().enumerate();
    let top_level = |line: &str| !line.starts_with([' ', '\t']) && key_matches(line, list);
    lines.by_ref().find(|(_, line)| top_level(line))?;
    let mut item_indent = None;
    let mut count = 0;
    let mut found: Option<(usize, usize)> = None;
    for (i, line) in lines {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        let is_item = content.starts_with("- ") || content == "-";
        if indent == 0 && !is_item {
            break; // the next top-level key: the list ended
        }
        if is_item && *item_indent.get_or_insert(indent) == indent {
            if found.is_some() {
                break; // the item after the one asked for
            }
            if count == n {
                found = Some((i + first_line, indent + 1));
                let first = content.trim_start_matches('-').trim_start();
                if let Some(field) = field
                    && key_matches(first, field)
                {
                    let column = indent + (content.len() - first.len()) + 1;
                    return Some((i + first_line, column));
                }
            }
            count += 1;
            continue;
        }
        if let (Some(_), Some(field)) = (found, field)
            && key_matches(content, field)
        {
            return Some((i + first_line, indent + 1));
        }
    }
    found
}

/// The key a `key: value` line writes, without quotes.
fn key_name(content: &str) -> Option<&str> {
    for quote in ['"', '\''] {
        if let Some(rest) = content.strip_prefix(quote) {
            let end = rest.find(quote)?;
            return rest[end + 1..]
                .trim_start()
                .starts_with(':')
                .then_some(&rest[..end]);
        }
    }
    let colon = content.find(':')?;
    let key = content[..colon].trim_end();
    (!key.is_empty()).then_some(key)
}

/// 1-based `(line, column)` of the list item holding `id: <id>` (as in `- id: dossiers_received`).
pub fn list_item_position(text: &str, id: &str, first_line: usize) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        let rest = trimmed.strip_prefix("id:")?;
        let value = rest.split('#').next()?.trim().trim_matches(['"', '\'']);
        (value == id).then(|| (i + first_line, line.len() - line.trim_start().len() + 1))
    })
}

/// 1-based `(line, column)` of `key` inside the list item holding `id: <id>`; the item itself
/// when the key is not written there.
pub fn list_item_key_position(
    text: &str,
    id: &str,
    key: &str,
    first_line: usize,
) -> Option<(usize, usize)> {
    let (item_line, item_col) = list_item_position(text, id, first_line)?;
    let lines: Vec<&str> = text.lines().collect();
    let item_indent = item_col - 1;
    for (i, line) in lines.iter().enumerate().skip(item_line - first_line + 1) {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if indent < item_indent || (indent <= item_indent && content.starts_with("- ")) {
            break;
        }
        if key_matches(content, key) {
            return Some((i + first_line, indent + 1));
        }
    }
    Some((item_line, item_col))
}

/// 1-based `(line, column)` of the second line at or after `from_line` that writes `key:` at
/// the same indentation as the first one.
pub fn second_occurrence(text: &str, key: &str, from_line: usize) -> Option<(usize, usize)> {
    let mut first_indent = None;
    for (i, line) in text.lines().enumerate().skip(from_line.saturating_sub(1)) {
        let content = line.trim_start();
        let item = content.strip_prefix("- ").unwrap_or(content);
        let indent = line.len() - item.len();
        if !key_matches(item, key) {
            continue;
        }
        match first_indent {
            None => first_indent = Some(indent),
            Some(f) if f == indent => return Some((i + 1, indent + 1)),
            Some(_) => {}
        }
    }
    None
}

fn find_key(
    lines: &[&str],
    from: usize,
    parent: Option<usize>,
    key: &str,
) -> Option<(usize, usize)> {
    for (i, line) in lines.iter().enumerate().skip(from) {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if let Some(p) = parent
            && indent <= p
            && !content.starts_with("- ")
        {
            return None; // left the parent's block
        }
        if parent.is_none() && indent > 0 {
            continue;
        }
        let item = content.strip_prefix("- ").unwrap_or(content);
        let item_indent = indent + (content.len() - item.len());
        if key_matches(item, key) {
            return Some((i, item_indent));
        }
    }
    None
}

fn key_matches(item: &str, key: &str) -> bool {
    for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(rest) = item.strip_prefix(quoted.as_str())
            && rest.trim_start().starts_with(':')
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERIOD: &str = "period:\n  start: 2026-01-01\n  end: 2026-01-19\nsource:\n  title: x\nvalues:\n  # comment\n  tasks_assigned: 34\n  end: 5\n  \"dossiers_online\": 903\n";

    #[test]
    fn finds_nested_keys() {
        assert_eq!(
            key_position(PERIOD, &["values", "tasks_assigned"], 1),
            Some((8, 3))
        );
        assert_eq!(key_position(PERIOD, &["period", "end"], 1), Some((3, 3)));
        assert_eq!(key_position(PERIOD, &["values", "end"], 1), Some((9, 3)));
        assert_eq!(
            key_position(PERIOD, &["values", "dossiers_online"], 1),
            Some((10, 3))
        );
    }

    #[test]
    fn falls_back_to_parent_and_offsets() {
        assert_eq!(
            key_position(PERIOD, &["values", "missing"], 1),
            Some((6, 1))
        );
        assert_eq!(key_position(PERIOD, &["source", "title"], 2), Some((6, 3)));
        assert_eq!(key_position(PERIOD, &["nothing"], 1), None);
    }

    #[test]
    fn indexes_a_block_in_one_pass() {
        let keys = block_keys(PERIOD, "values", 1);
        assert_eq!(keys.get("tasks_assigned"), Some(&(8, 3)));
        assert_eq!(keys.get("end"), Some(&(9, 3)));
        assert_eq!(keys.get("dossiers_online"), Some(&(10, 3)));
        assert_eq!(keys.len(), 3);
        for (key, at) in &keys {
            assert_eq!(key_position(PERIOD, &["values", key], 1), Some(*at));
        }
        assert_eq!(block_keys(PERIOD, "nothing", 1).len(), 0);
        let nested = "values:\n  a:\n    value: 1\n  'b': 2\nnext: 1\n  c: 3\n";
        let keys = block_keys(nested, "values", 1);
        assert_eq!(keys.len(), 2);
        assert_eq!(keys.get("b"), Some(&(4, 3)));
    }

    #[test]
    fn finds_list_items_by_id() {
        let cat = "indicators:\n  - id: a\n    unit: count\n  - id: \"b\"\n";
        assert_eq!(list_item_position(cat, "b", 1), Some((4, 3)));
        assert_eq!(list_item_position(cat, "c", 1), None);
        assert_eq!(list_item_key_position(cat, "a", "unit", 1), Some((3, 5)));
        assert_eq!(list_item_key_position(cat, "b", "unit", 1), Some((4, 3)));
    }

    #[test]
    fn items_of_a_list_and_their_keys_are_found() {
        let text = "name: A\ntargets:\n  - indicator: x\n    min: 90\n  - indicator: y\n    # a comment\n    max: 5\nkind: tinh\n";
        assert_eq!(list_item_at(text, "targets", 0, None, 1), Some((3, 3)));
        assert_eq!(
            list_item_at(text, "targets", 0, Some("min"), 1),
            Some((4, 5))
        );
        assert_eq!(
            list_item_at(text, "targets", 1, Some("indicator"), 1),
            Some((5, 5))
        );
        assert_eq!(
            list_item_at(text, "targets", 1, Some("max"), 1),
            Some((7, 5))
        );
        // a key the item does not write: the item itself
        assert_eq!(
            list_item_at(text, "targets", 1, Some("min"), 1),
            Some((5, 3))
        );
        assert_eq!(list_item_at(text, "targets", 2, None, 1), None);
        assert_eq!(list_item_at(text, "groups", 0, None, 1), None);
    }
}
