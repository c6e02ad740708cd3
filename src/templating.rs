//! The tera environment every template, rule and question condition runs
//! in: the date filters (through the one calendar engine), the `mentions`
//! test, and Markdown escaping of every value printed into a `.md`
//! template, so an answer always comes out literally.

use crate::calendar::{self, parse_date, Calendar};
use std::collections::HashMap;
use std::sync::Arc;
use tera::{Tera, Value};

/// Escapes text so that Markdown shows it literally. Used by tera for every
/// `{{ value }}` in a `.md` template.
///
/// Inline syntax characters always get a backslash (CommonMark allows one
/// before any ASCII punctuation); characters that only matter at the start
/// of a line (`-`, `+`, `=`, `#`, and `.` or `)` after a number) get one
/// there. A blank line inside an answer (a new paragraph, as the person
/// typed it) becomes a hard break followed by the paragraph mark, which the
/// Word stage turns into a new paragraph of the same kind, even inside a
/// quotation; any other line break is a hard break. Leading spaces are
/// dropped so an answer cannot become a code block. Everything else is
/// left alone so the Markdown stays readable for review.
pub fn escape_markdown(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    let mut first_line = true;
    let mut blank_before = false;
    for line in input.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        if !first_line {
            out.push_str("\\\n");
            if blank_before {
                out.push(crate::word::PARAGRAPH_MARK);
            }
        }
        blank_before = false;
        first_line = false;
        let mut leading_digits = true;
        for (i, c) in line.chars().enumerate() {
            let always = matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
            );
            let at_start = i == 0 && matches!(c, '-' | '+' | '=' | '#');
            let after_number = leading_digits && i > 0 && matches!(c, '.' | ')');
            if always || at_start || after_number {
                out.push('\\');
            }
            leading_digits = leading_digits && c.is_ascii_digit();
            out.push(c);
        }
    }
    out
}

fn date_arg(value: &Value, filter: &str) -> tera::Result<chrono::NaiveDate> {
    let s = value
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("`{filter}` needs a date, got {value}")))?;
    parse_date(s).ok_or_else(|| tera::Error::msg(format!("`{filter}`: `{s}` is not a date")))
}

/// The two dates of `from | filter(date=to)`.
fn date_span(
    v: &Value,
    args: &HashMap<String, Value>,
    filter: &str,
) -> tera::Result<(chrono::NaiveDate, chrono::NaiveDate)> {
    let from = date_arg(v, filter)?;
    let to = args
        .get("date")
        .ok_or_else(|| tera::Error::msg(format!("`{filter}` needs date=...")))?;
    Ok((from, date_arg(to, filter)?))
}

/// Builds the tera environment with fairmove's filters and tests.
pub fn environment(calendar: Arc<Calendar>) -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape_markdown);

    tera.register_filter(
        "long_date",
        |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(calendar::long_date(date_arg(
                v,
                "long_date",
            )?)))
        },
    );
    tera.register_filter(
        "weekday_date",
        |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(calendar::weekday_date(date_arg(
                v,
                "weekday_date",
            )?)))
        },
    );
    // `pupil_name | nobreak`: the spaces in a name or a date become
    // no-break spaces, so a title never breaks inside it ("Jordan /
    // Okafor", "(born 2 / April 2013)"; documents review C15).
    tera.register_filter(
        "nobreak",
        |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            let s = v
                .as_str()
                .ok_or_else(|| tera::Error::msg(format!("`nobreak` needs text, got {v}")))?;
            Ok(Value::String(s.replace(' ', "\u{a0}")))
        },
    );
    // `headteacher_name | salutation`: "Mr Clarke" for "Mr David Clarke"
    // (a title goes with the surname, never with a first name); a name
    // without a title is used whole (review R1, T17).
    tera.register_filter(
        "salutation",
        |v: &Value, _: &HashMap<String, Value>| -> tera::Result<Value> {
            let name = v
                .as_str()
                .ok_or_else(|| tera::Error::msg(format!("`salutation` needs a name, got {v}")))?;
            Ok(Value::String(salutation(name)))
        },
    );
    // `today | years_before(years=4)`: the same day N years earlier (28
    // February for 29 February), for checks on a date of birth.
    tera.register_filter(
        "years_before",
        |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let d = date_arg(v, "years_before")?;
            let n = args
                .get("years")
                .and_then(Value::as_u64)
                .ok_or_else(|| tera::Error::msg("`years_before` needs years=N"))?;
            let back = d
                .checked_sub_months(chrono::Months::new(12 * n as u32))
                .ok_or_else(|| tera::Error::msg("`years_before`: the date is out of range"))?;
            Ok(Value::String(back.format("%Y-%m-%d").to_string()))
        },
    );
    // Date filters that move a date on or back by a count of school days
    // or weeks: `exclusion_date | school_days_after(days=5)`.
    type Step = fn(&Calendar, chrono::NaiveDate, u32) -> chrono::NaiveDate;
    let steps: [(&str, &str, Step); 4] = [
        ("school_days_after", "days", Calendar::school_days_after),
        ("school_days_before", "days", Calendar::school_days_before),
        ("school_weeks_after", "weeks", Calendar::school_weeks_end),
        ("working_days_before", "days", Calendar::working_days_before),
    ];
    for (name, arg, step) in steps {
        let cal = calendar.clone();
        tera.register_filter(
            name,
            move |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
                let d = date_arg(v, name)?;
                let n = args
                    .get(arg)
                    .and_then(|w| w.as_u64().or_else(|| w.as_f64().map(|f| f.round() as u64)))
                    .ok_or_else(|| tera::Error::msg(format!("`{name}` needs {arg}=N")))?;
                Ok(Value::String(
                    step(&cal, d, n as u32).format("%Y-%m-%d").to_string(),
                ))
            },
        );
    }
    let cal = calendar;
    tera.register_filter(
        "school_days_until",
        move |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let (from, to) = date_span(v, args, "school_days_until")?;
            Ok(Value::from(cal.school_days_between(from, to)))
        },
    );
    // `start_date | days_until(date=review_date)`: calendar days between.
    tera.register_filter(
        "days_until",
        |v: &Value, args: &HashMap<String, Value>| -> tera::Result<Value> {
            let (from, to) = date_span(v, args, "days_until")?;
            Ok(Value::from((to - from).num_days()))
        },
    );
    // Date comparisons: `letter_date is before(exclusion_date)`. A missing
    // date on either side makes the test false.
    type Cmp = fn(chrono::NaiveDate, chrono::NaiveDate) -> bool;
    let comparisons: [(&str, Cmp); 4] = [
        ("before", |a, b| a < b),
        ("after", |a, b| a > b),
        ("on_or_before", |a, b| a <= b),
        ("on_or_after", |a, b| a >= b),
    ];
    for (name, cmp) in comparisons {
        tera.register_tester(name, move |value: Option<&Value>, args: &[Value]| {
            let a = value.and_then(Value::as_str).and_then(parse_date);
            let b = args.first().and_then(Value::as_str).and_then(parse_date);
            Ok(matches!((a, b), (Some(a), Some(b)) if cmp(a, b)))
        });
    }
    tera.register_tester("mentions", |value: Option<&Value>, args: &[Value]| {
        let word = args
            .first()
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("`mentions` needs a word"))?
            .to_lowercase();
        Ok(value.is_some_and(|v| mentions(v, &word)))
    });
    tera
}

/// Titles that go before a surname in a letter's greeting.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "doctor",
    "prof",
    "professor",
    "rev",
    "revd",
    "reverend",
    "sir",
    "dame",
    "lady",
    "lord",
    "father",
    "sister",
    "rabbi",
    "imam",
];

/// Words that belong to a surname when they come before it ("van der
/// Berg", "de Souza", "bin Said").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ten", "ter",
    "bin", "binti", "al", "el", "ap", "st",
];

/// The name to greet someone by: a title with the surname ("Mr David
/// Clarke" gives "Mr Clarke"); a name with no title, or a title and one
/// word, is used as given.
pub fn salutation(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_title = |w: &str| TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str());
    if words.len() < 3 || !is_title(words[0]) {
        return words.join(" ");
    }
    // The surname: the last word, with any particles before it.
    let mut start = words.len() - 1;
    while start > 1 && PARTICLES.contains(&words[start - 1].to_lowercase().as_str()) {
        start -= 1;
    }
    format!("{} {}", words[0], words[start..].join(" "))
}

fn mentions(v: &Value, word: &str) -> bool {
    match v {
        Value::String(s) => s
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word || (w.starts_with(word) && w.len() <= word.len() + 2)),
        Value::Array(items) => items.iter().any(|i| mentions(i, word)),
        Value::Object(map) => map.values().any(|i| mentions(i, word)),
        _ => false,
    }
}

/// Wraps a tera expression as a template that prints `1` when it is true.
pub fn condition_template(expr: &str) -> String {
    format!("{{% if {expr} %}}1{{% endif %}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_by_title_and_surname() {
        for (name, greeting) in [
            ("Mr David Clarke", "Mr Clarke"),
            ("Ms Patel", "Ms Patel"),
            ("Sam Okafor", "Sam Okafor"),
            ("Dr. Jane  Mary Smith", "Dr. Smith"),
            ("Mrs Ana de Souza", "Mrs de Souza"),
            ("Mr van der Berg", "Mr van der Berg"),
            ("Mr Sam Okafor-Reid", "Mr Okafor-Reid"),
            ("Jane van der Berg", "Jane van der Berg"),
        ] {
            assert_eq!(salutation(name), greeting, "{name}");
        }
    }

    #[test]
    fn escapes_markdown_and_template_syntax() {
        assert_eq!(escape_markdown("*bold* _x_"), "\\*bold\\* \\_x\\_");
        assert_eq!(escape_markdown("# not a heading"), "\\# not a heading");
        assert_eq!(escape_markdown("a & b <w:t>"), "a \\& b \\<w:t\\>");
        assert_eq!(escape_markdown("{{ x }}"), "{{ x }}");
        assert_eq!(escape_markdown("- item"), "\\- item");
        assert_eq!(escape_markdown("well-known"), "well-known");
        assert_eq!(escape_markdown("1. one"), "1\\. one");
        assert_eq!(
            escape_markdown("line one\n\n   line two"),
            "line one\\\n\u{2029}line two"
        );
        assert_eq!(escape_markdown("a\nb"), "a\\\nb");
        assert_eq!(
            escape_markdown("Zoë O'Brien, aged 14?"),
            "Zoë O'Brien, aged 14?"
        );
    }

    #[test]
    fn mentions_matches_words_not_parts() {
        assert!(mentions(&Value::from("a Trial period"), "trial"));
        assert!(mentions(&Value::from("trials"), "trial"));
        assert!(!mentions(&Value::from("industrial"), "trial"));
        assert!(mentions(&serde_json::json!(["x", "on trial"]), "trial"));
    }
}
