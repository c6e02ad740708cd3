//! Small words shared by every stage: counts, wrapping, and the mark for a
//! paragraph the person typed inside an answer.

/// Marks, inside an escaped answer, where a blank line the person typed
/// starts a new paragraph (see `templating::escape_markdown`).
pub const PARAGRAPH_MARK: char = '\u{2029}';

/// "1 note", "2 notes": a count with the word that agrees with it.
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Wraps text to `width` columns, each line starting with `indent`.
pub fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.chars().count() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}
