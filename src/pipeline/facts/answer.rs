//! One answer checked against its question: its type, its choices, a
//! number read from words, text cleaned, and a yes or no never taken from a
//! box for details.

use crate::base::suggest;
use crate::documents::document::{Question, QuestionType};
use crate::law::calendar::{parse_date, DATE_FORMATS};
use crate::pipeline::answers::Raw;
use anyhow::Result;
use serde_json::Value;

/// Removes characters that have no place in a letter (control characters
/// other than line breaks, which make word processors refuse the file).
/// Returns the text and how many characters were removed.
pub fn clean_text(s: &str, multiline: bool) -> (String, usize) {
    let mut removed = 0;
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n");
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(if multiline { '\n' } else { ' ' }),
            // Form feeds and vertical tabs separate text, so they become a
            // break, but they are still control characters: count them.
            '\u{0B}' | '\u{0C}' => {
                removed += 1;
                out.push(if multiline { '\n' } else { ' ' })
            }
            '\t' => out.push(' '),
            // Bidirectional overrides and isolates can make a letter show
            // text in another order than it was typed: removed, and counted
            // (hosting review F11).
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => removed += 1,
            // Zero-width spaces and joiners that join nothing hide in a
            // name or a date and make two answers that look the same differ
            // (hosting review F11). The zero-width joiner and non-joiner
            // stay: scripts and emoji need them.
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => removed += 1,
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => removed += 1,
            c => out.push(c),
        }
    }
    let out = if multiline {
        // As people type: a single line break is a space (the text was
        // wrapped), a blank line starts a new paragraph.
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in out.lines() {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    paragraphs.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.extend(line.split_whitespace());
            }
        }
        if !current.is_empty() {
            paragraphs.push(current.join(" "));
        }
        paragraphs.join("\n\n")
    } else {
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    (out, removed)
}

pub(super) fn as_text(raw: &Raw) -> Option<String> {
    match raw {
        Raw::Text(s) => Some(s.clone()),
        Raw::Number(n) if n.fract() == 0.0 => Some(format!("{}", *n as i64)),
        Raw::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

use crate::base::limits::{MAX_ANSWER_CHARS, MAX_LIST_ITEMS};

pub(super) fn too_long(s: &str) -> Option<String> {
    let n = s.chars().count();
    (n > MAX_ANSWER_CHARS).then(|| {
        format!(
            "this answer is {n} characters long; the most fairmove takes is {MAX_ANSWER_CHARS}. Shorten it"
        )
    })
}

/// Reads a number answer: "78", "78%", "78.5 per cent", "6", "six weeks".
/// Anything else (two numbers, other words) is refused with what to write,
/// so a check that counts with it is never silently switched off.
pub fn read_number(
    text: &str,
    rule: &crate::documents::document::NumberRule,
) -> Result<Value, String> {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const ALLOWED: [&str; 7] = ["%", "percent", "per", "cent", "school", "week", "weeks"];
    let lower = text.to_lowercase().replace('%', " % ");
    let mut found: Vec<f64> = Vec::new();
    let mut other = false;
    for word in lower.split_whitespace() {
        if let Ok(n) = word.parse::<f64>() {
            found.push(n);
        } else if let Some(n) = WORDS.iter().position(|w| *w == word) {
            found.push(n as f64);
        } else if !ALLOWED.contains(&word) {
            other = true;
        }
    }
    let example = if rule.whole { "6" } else { "78" };
    let refuse = |why: &str| {
        Err(format!(
            "\"{text}\" {why}. Write just the number, for example {example}"
        ))
    };
    let n = match (found.as_slice(), other) {
        ([n], false) if n.is_finite() => *n,
        ([], _) => return refuse("is not a number"),
        (_, _) => return refuse("is not a number fairmove can use on its own"),
    };
    if rule.whole && n.fract() != 0.0 {
        return refuse("is not a whole number");
    }
    if n < rule.min || n > rule.max {
        return Err(format!(
            "{text} is outside what fairmove can use: give a number of {} from {} to {}",
            rule.unit, rule.min, rule.max
        ));
    }
    Ok(if n.fract() == 0.0 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    })
}

/// Answers that say "no", "yes" or "I do not know" instead of giving the
/// detail a text box asks for. A letter prints a text answer as it is, so
/// "No" typed at "If so, give their name" would become "the social worker,
/// No," (terminal review K1): such an answer is refused, never printed.
pub(super) const NON_ANSWERS: &[&str] = &[
    "no",
    "nope",
    "nah",
    "none",
    "nothing",
    "nil",
    "nobody",
    "no one",
    "noone",
    "n",
    "yes",
    "y",
    "yeah",
    "yep",
    "n/a",
    "na",
    "n.a",
    "not applicable",
    "not relevant",
    "not sure",
    "unsure",
    "dont know",
    "don't know",
    "do not know",
    "dunno",
    "idk",
    "not known",
    "unknown",
    "no idea",
    "no comment",
    "nothing to add",
    "none known",
    "no social worker",
    "no one did",
    "nobody did",
    "not yet",
    "maybe",
    "-",
    "--",
    "?",
    "??",
    "x",
];

/// Whether a text answer is a yes, a no or a "don't know" rather than the
/// detail itself: the whole answer, or (for one line) a yes or no before a
/// comma ("Yes, Dan Whitaker").
pub fn non_answer(text: &str, one_line: bool) -> bool {
    let norm: String = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = norm.trim_matches(|c: char| {
        c == '.' || c == '!' || c == ',' || c == '"' || c == '\'' || c == ' '
    });
    // "..." is all trimmed away, so it is matched before trimming.
    if NON_ANSWERS.contains(&trimmed) || norm == "..." {
        return true;
    }
    one_line
        && ["yes,", "no,", "yes -", "no -", "yes:", "no:"]
            .iter()
            .any(|p| trimmed.starts_with(p))
}

/// Why a text answer that is a yes, a no or a "don't know" is refused, and
/// what to do instead.
pub(super) fn non_answer_message(q: &Question, text: &str) -> String {
    let example = q
        .example
        .as_ref()
        .and_then(|e| match e {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Array(items) => items.first().and_then(|i| i.as_str()).map(str::to_string),
            _ => None,
        })
        .map(|e| format!(", for example \"{}\"", e.lines().next().unwrap_or_default()))
        .unwrap_or_default();
    let short: String = text.chars().take(40).collect();
    if q.required {
        format!(
            "\"{short}\" would be printed in the document word for word. This box needs the detail itself{example}. \
             If you do not know it yet, find it out before the document is sent"
        )
    } else {
        format!(
            "\"{short}\" would be printed in the document word for word. This box is for the detail itself{example}. \
             If there is none, or you do not know, leave it empty"
        )
    }
}

/// Converts one raw answer to its typed value, or says what was expected.
/// `Ok(Value::Null)` means "not answered".
pub fn convert(q: &Question, raw: &Raw, notices: &mut Vec<String>) -> Result<Value, String> {
    if let Raw::Text(s) = raw {
        if let Some(e) = too_long(s) {
            return Err(e);
        }
    }
    let mut clean = |s: &str, multiline: bool| {
        let (t, removed) = clean_text(s, multiline);
        if removed > 0 {
            notices.push(format!(
                "{} removed from your answer to \"{}\".",
                crate::base::words::count_of(
                    removed,
                    "invisible control or text-direction character was",
                    "invisible control or text-direction characters were"
                ),
                q.ask.trim()
            ));
        }
        t
    };
    if matches!(raw, Raw::Null) {
        return Ok(Value::Null);
    }
    match q.kind {
        QuestionType::Text if q.number.is_some() => match as_text(raw) {
            Some(s) => {
                let t = clean(&s, false);
                if t.is_empty() {
                    return Ok(Value::Null);
                }
                read_number(&t, q.number.as_ref().expect("checked"))
            }
            None => Err(format!("expected a number, but found {}", raw.describe())),
        },
        QuestionType::Text | QuestionType::Paragraph => match as_text(raw) {
            Some(s) => {
                let t = if q.kind == QuestionType::Paragraph && q.lines {
                    // Each line cleaned as a line of its own; empty lines go.
                    s.split(['\n', '\r', '\u{2028}', '\u{2029}'])
                        .map(|l| clean(l, false))
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n")
                } else {
                    clean(&s, q.kind == QuestionType::Paragraph)
                };
                if non_answer(&t, q.kind == QuestionType::Text) {
                    return Err(non_answer_message(q, &t));
                }
                Ok(if t.is_empty() {
                    Value::Null
                } else {
                    Value::String(t)
                })
            }
            None => Err(format!("expected text, but found {}", raw.describe())),
        },
        QuestionType::Date => match raw {
            Raw::Text(s) if s.trim().is_empty() => Ok(Value::Null),
            Raw::Text(s) => {
                let s = clean(s, false);
                match parse_date(&s) {
                    Some(d) => Ok(Value::String(d.format("%Y-%m-%d").to_string())),
                    None if crate::law::calendar::lacks_year(&s) => Err(format!(
                        "\"{s}\" has no year. Write the year too, like {DATE_FORMATS}"
                    )),
                    None => Err(format!(
                        "\"{s}\" is not a date. Write it like {DATE_FORMATS}"
                    )),
                }
            }
            other => Err(format!(
                "expected a date like {DATE_FORMATS}, but found {}",
                other.describe()
            )),
        },
        QuestionType::YesNo => match raw {
            Raw::Bool(b) => Ok(Value::Bool(*b)),
            Raw::Text(s) => match s.trim().to_lowercase().as_str() {
                "" => Ok(Value::Null),
                "yes" | "y" | "true" => Ok(Value::Bool(true)),
                "no" | "n" | "false" => Ok(Value::Bool(false)),
                _ => Err(format!(
                    "\"{}\" is not yes or no. Write yes or no",
                    clean(s, false)
                )),
            },
            other => Err(format!(
                "expected yes or no, but found {}",
                other.describe()
            )),
        },
        QuestionType::Choice => {
            let text = match raw {
                Raw::Bool(b) => Some(if *b { "yes" } else { "no" }.to_string()),
                other => as_text(other),
            };
            let Some(s) = text else {
                return Err(format!(
                    "expected one of the choices, but found {}",
                    raw.describe()
                ));
            };
            let s = clean(&s, false);
            if s.is_empty() {
                return Ok(Value::Null);
            }
            q.choices
                .iter()
                .find(|c| c.value.eq_ignore_ascii_case(&s) || c.label.eq_ignore_ascii_case(&s))
                .map(|c| Value::String(c.value.clone()))
                .ok_or_else(|| {
                    let values: Vec<String> = q
                        .choices
                        .iter()
                        .map(|c| format!("`{}` ({})", c.value, c.label))
                        .collect();
                    let hint = suggest::nearest(&s, q.choices.iter().map(|c| c.value.as_str()))
                        .map(|v| format!(" Did you mean `{v}`?"))
                        .unwrap_or_default();
                    format!(
                        "\"{s}\" is not one of the choices.{hint} Choose one of: {}",
                        values.join(", ")
                    )
                })
        }
        QuestionType::List => {
            let items: Vec<Raw> = match raw {
                Raw::List(items) => items.clone(),
                Raw::Text(_) | Raw::Number(_) => vec![raw.clone()],
                other => return Err(format!("expected a list, but found {}", other.describe())),
            };
            if items.len() > MAX_LIST_ITEMS {
                return Err(format!(
                    "this list has {} items; the most fairmove takes is {MAX_LIST_ITEMS}",
                    items.len()
                ));
            }
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if let Some(e) = as_text(item).as_deref().and_then(too_long) {
                    return Err(format!("item {}: {e}", i + 1));
                }
                match as_text(item) {
                    Some(s) => {
                        let t = clean(&s, false);
                        if non_answer(&t, false) {
                            return Err(format!("item {}: {}", i + 1, non_answer_message(q, &t)));
                        }
                        if !t.is_empty() {
                            out.push(Value::String(t));
                        }
                    }
                    None if matches!(item, Raw::Null) => {}
                    None => {
                        return Err(format!(
                            "item {} of the list should be text, but is {}",
                            i + 1,
                            item.describe()
                        ))
                    }
                }
            }
            Ok(if out.is_empty() {
                Value::Null
            } else {
                Value::Array(out)
            })
        }
    }
}
