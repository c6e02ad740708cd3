//! The template environment (minijinja) every template, rule and question
//! condition runs in: the date filters (through the one calendar engine),
//! the `mentions` test, Markdown escaping of every value printed into a
//! `.md` template, so an answer always comes out literally, and the bounds
//! every render runs within.

use crate::law::calendar::{self, parse_date, Calendar};
use minijinja::value::{Kwargs, Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Escapes text so that Markdown shows it literally. Used for every
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
                out.push(crate::base::words::PARAGRAPH_MARK);
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

/// The most work one render may do, in minijinja's fuel: about one unit an
/// instruction and one for every 64 bytes of text or list the template
/// builds or writes. The largest built-in document with every answer at its
/// longest uses under a tenth of it (tests/hardening.rs); a template that loops
/// for ever, or doubles a value until it fills the memory, is stopped here
/// (hosting review A3, A4, A5, A9): at most about 64 MB built, and well
/// under a second of work.
pub const FUEL: u64 = 1_000_000;

/// How deep a render may go (nested blocks, macro calls, includes):
/// minijinja's own guard against a template that recurses.
pub const RECURSION: usize = 200;

/// The values a template is rendered with, by name. The template engine's
/// own map of them is built once and kept until the next change, so the
/// many conditions rendered against the same answers share it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    map: BTreeMap<String, Value>,
    built: std::sync::OnceLock<Value>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every entry of a JSON object.
    pub fn from_json(map: &serde_json::Map<String, serde_json::Value>) -> Self {
        Context {
            map: map
                .iter()
                .map(|(k, v)| (k.clone(), Self::convert(v)))
                .collect(),
            built: Default::default(),
        }
    }

    /// A JSON value (an answer), converted directly: the answers are
    /// converted for every condition a page evaluates, and this is several
    /// times cheaper than going through serde.
    pub fn insert_json(&mut self, key: impl Into<String>, value: &serde_json::Value) {
        self.map.insert(key.into(), Self::convert(value));
        self.built = Default::default();
    }

    pub fn insert<T: serde::Serialize + ?Sized>(&mut self, key: impl Into<String>, value: &T) {
        self.map.insert(key.into(), Value::from(Serde(value)));
        self.built = Default::default();
    }

    /// A value already in the template engine's form (the protocols and
    /// routes, converted once when the document is loaded).
    pub fn insert_value(&mut self, key: impl Into<String>, value: Value) {
        self.map.insert(key.into(), value);
        self.built = Default::default();
    }

    /// Any JSON value in the template engine's form.
    pub fn convert(value: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match value {
            J::Null => Value::from(()),
            J::Bool(b) => Value::from(*b),
            J::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::from(i)
                } else if let Some(u) = n.as_u64() {
                    Value::from(u)
                } else {
                    Value::from(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            J::String(s) => Value::from(s.as_str()),
            J::Array(items) => Value::from(items.iter().map(Self::convert).collect::<Vec<_>>()),
            J::Object(map) => Value::from(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::convert(v)))
                    .collect::<BTreeMap<_, _>>(),
            ),
        }
    }

    fn value(&self) -> Value {
        self.built
            .get_or_init(|| Value::from(self.map.clone()))
            .clone()
    }
}

/// Renders the template `name`. Every render runs within [`FUEL`] and
/// [`RECURSION`]; [`stopped`] says when one was stopped by them.
pub fn render(env: &Environment<'static>, name: &str, ctx: &Context) -> Result<String, Error> {
    let template = env.get_template(name)?;
    // The fuel used is kept in builds with debug assertions (the tests'):
    // reading it back costs a copy of the output on every render.
    if cfg!(debug_assertions) {
        let done = template.render_captured(ctx.value())?;
        if let Some((used, _)) = done.state().fuel_levels() {
            PEAK_FUEL.fetch_max(used, std::sync::atomic::Ordering::Relaxed);
        }
        return Ok(done.output().to_string());
    }
    template.render(ctx.value())
}

static PEAK_FUEL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The most fuel one render in this process has used so far, in a build
/// with debug assertions (the tests check the built-in documents stay far
/// inside [`FUEL`]).
pub fn peak_fuel() -> u64 {
    PEAK_FUEL.load(std::sync::atomic::Ordering::Relaxed)
}

/// Why a render was stopped by its bounds, if it was.
pub fn stopped(e: &Error) -> Option<&'static str> {
    match e.kind() {
        ErrorKind::OutOfFuel => Some(
            "it did more work, or built more text, than any document needs \
             (a loop that does not end, or a value that keeps growing)",
        ),
        _ if e.to_string().contains("recursion limit") => {
            Some("it went too deep (a macro or template that calls itself)")
        }
        _ => None,
    }
}

/// A render error with its causes and where in the template it happened.
pub fn describe(e: &Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg = format!("{msg}: {s}");
        source = s.source();
    }
    msg
}

fn fail(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

fn date_arg(value: &Value, filter: &str) -> Result<chrono::NaiveDate, Error> {
    let s = value
        .as_str()
        .ok_or_else(|| fail(format!("`{filter}` needs a date, got {value}")))?;
    parse_date(s).ok_or_else(|| fail(format!("`{filter}`: `{s}` is not a date")))
}

/// A whole number given to a filter by keyword (`days=5`), rounded.
fn count_arg(kwargs: &Kwargs, arg: &str, filter: &str) -> Result<i64, Error> {
    let v: Value = kwargs.get(arg)?;
    let n = i64::try_from(v.clone())
        .ok()
        .or_else(|| f64::try_from(v).ok().map(|f| f.round() as i64))
        .ok_or_else(|| fail(format!("`{filter}` needs {arg}=N")))?;
    Ok(n)
}

/// The most school days or weeks a date filter will count: far more than
/// any deadline, and few enough to count quickly.
const MAX_STEPS: i64 = 10_000;

/// An environment with the escaping and the bounds but none of
/// fairmove's filters: the web pages' templates.
pub fn plain_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
            .expect("the default syntax with trailing newlines kept"),
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom("markdown".into())
        } else if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        // A question not answered prints nothing, not "none".
        if value.is_none() {
            return Ok(());
        }
        if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == "markdown") {
            let text = value.to_string();
            let text = if value.is_safe() {
                text
            } else {
                escape_markdown(&text)
            };
            return out
                .write_str(&text)
                .map_err(|_| fail("the document could not be written"));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env
}

/// Builds the template environment: Markdown escaping for `.md` templates,
/// HTML escaping for `.html` ones, the bounds above, and fairmove's filters
/// and tests, the date ones counting with `calendar`.
pub fn environment(calendar: Arc<Calendar>) -> Environment<'static> {
    let mut env = plain_environment();
    env.add_filter("long_date", |v: &Value| -> Result<String, Error> {
        Ok(calendar::long_date(date_arg(v, "long_date")?))
    });
    env.add_filter("weekday_date", |v: &Value| -> Result<String, Error> {
        Ok(calendar::weekday_date(date_arg(v, "weekday_date")?))
    });
    // `pupil_name | nobreak`: the spaces in a name or a date become
    // no-break spaces, so a title never breaks inside it ("Jordan /
    // Okafor", "(born 2 / April 2013)"; documents review C15).
    env.add_filter("nobreak", |v: &str| v.replace(' ', "\u{a0}"));
    // `headteacher_name | salutation`: "Mr Clarke" for "Mr David Clarke"
    // (a title goes with the surname, never with a first name); a name
    // without a title is used whole (review R1, T17).
    env.add_filter("salutation", |v: &str| salutation(v));
    // `today | years_before(years=4)`: the same day N years earlier (28
    // February for 29 February), for checks on a date of birth.
    env.add_filter(
        "years_before",
        |v: &Value, kwargs: Kwargs| -> Result<String, Error> {
            let d = date_arg(v, "years_before")?;
            let n = count_arg(&kwargs, "years", "years_before")?;
            kwargs.assert_all_used()?;
            let back = u32::try_from(n)
                .ok()
                .and_then(|n| d.checked_sub_months(chrono::Months::new(n.saturating_mul(12))))
                .ok_or_else(|| fail("`years_before`: the date is out of range"))?;
            Ok(back.format("%Y-%m-%d").to_string())
        },
    );
    // `start_date | days_until(date=review_date)`: calendar days between.
    env.add_filter(
        "days_until",
        |v: &Value, kwargs: Kwargs| -> Result<i64, Error> {
            let from = date_arg(v, "days_until")?;
            let to = date_arg(&kwargs.get::<Value>("date")?, "days_until")?;
            kwargs.assert_all_used()?;
            Ok((to - from).num_days())
        },
    );
    add_calendar_filters(&mut env, calendar);
    // Date comparisons: `letter_date is before(exclusion_date)`. A missing
    // date on either side makes the test false.
    type Cmp = fn(chrono::NaiveDate, chrono::NaiveDate) -> bool;
    let comparisons: [(&'static str, Cmp); 4] = [
        ("before", |a, b| a < b),
        ("after", |a, b| a > b),
        ("on_or_before", |a, b| a <= b),
        ("on_or_after", |a, b| a >= b),
    ];
    for (name, cmp) in comparisons {
        env.add_test(name, move |value: &Value, other: &Value| -> bool {
            let a = value.as_str().and_then(parse_date);
            let b = other.as_str().and_then(parse_date);
            matches!((a, b), (Some(a), Some(b)) if cmp(a, b))
        });
    }
    // `weeks is whole_number`: a whole number, or text that is only digits.
    env.add_test("whole_number", |value: &Value| -> bool {
        match value.as_str() {
            Some(s) => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
            None => i64::try_from(value.clone()).is_ok() && value.as_str().is_none(),
        }
    });
    env.add_test(
        "mentions",
        |state: &State, value: &Value, word: &str| -> Result<bool, Error> {
            let word = word.to_lowercase();
            mentions(state, value, &word)
        },
    );
    env
}

/// The filters that count school days, which read the calendar (a school's
/// term dates, where given). [`with_calendar`] swaps them.
fn add_calendar_filters(env: &mut Environment<'static>, calendar: Arc<Calendar>) {
    // Date filters that move a date on or back by a count of school days
    // or weeks: `exclusion_date | school_days_after(days=5)`.
    type Step = fn(&Calendar, chrono::NaiveDate, u32) -> chrono::NaiveDate;
    let steps: [(&'static str, &'static str, Step); 4] = [
        ("school_days_after", "days", Calendar::school_days_after),
        ("school_days_before", "days", Calendar::school_days_before),
        ("school_weeks_after", "weeks", Calendar::school_weeks_end),
        ("working_days_before", "days", Calendar::working_days_before),
    ];
    for (name, arg, step) in steps {
        let cal = calendar.clone();
        env.add_filter(
            name,
            move |state: &State, v: &Value, kwargs: Kwargs| -> Result<String, Error> {
                let d = date_arg(v, name)?;
                let n = count_arg(&kwargs, arg, name)?;
                kwargs.assert_all_used()?;
                if !(0..=MAX_STEPS).contains(&n) {
                    return Err(fail(format!(
                        "`{name}`: {arg}={n} is not between 0 and {MAX_STEPS}"
                    )));
                }
                // Each day counted is work, as a template loop would be.
                state.consume_fuel(n as u64)?;
                Ok(step(&cal, d, n as u32).format("%Y-%m-%d").to_string())
            },
        );
    }
    env.add_filter(
        "school_days_until",
        move |state: &State, v: &Value, kwargs: Kwargs| -> Result<i64, Error> {
            let from = date_arg(v, "school_days_until")?;
            let to = date_arg(&kwargs.get::<Value>("date")?, "school_days_until")?;
            kwargs.assert_all_used()?;
            state.consume_fuel((to - from).num_days().unsigned_abs())?;
            Ok(calendar.school_days_between(from, to))
        },
    );
}

/// The same environment (its templates shared) counting school days with
/// another calendar.
pub fn with_calendar(env: &Environment<'static>, calendar: Arc<Calendar>) -> Environment<'static> {
    let mut env = env.clone();
    add_calendar_filters(&mut env, calendar);
    env
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

fn mentions(state: &State, v: &Value, word: &str) -> Result<bool, Error> {
    if let Some(s) = v.as_str() {
        state.consume_fuel(s.len() as u64 / 64)?;
        return Ok(s
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word || (w.starts_with(word) && w.len() <= word.len() + 2)));
    }
    let Ok(items) = v.try_iter() else {
        return Ok(false);
    };
    let is_map = v.kind() == minijinja::value::ValueKind::Map;
    for item in items {
        state.consume_fuel(1)?;
        let item = if is_map { v.get_item(&item)? } else { item };
        if mentions(state, &item, word)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Wraps an expression as a template that prints `1` when it is true.
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
        let data = crate::base::data::DataSource::builtin();
        let env = environment(Arc::new(Calendar::load(&data).unwrap()));
        let holds = |v: serde_json::Value| {
            let mut ctx = Context::new();
            ctx.insert("v", &v);
            env.render_str("{% if v is mentions('trial') %}1{% endif %}", ctx.value())
                .unwrap()
                == "1"
        };
        assert!(holds(serde_json::json!("a Trial period")));
        assert!(holds(serde_json::json!("trials")));
        assert!(!holds(serde_json::json!("industrial")));
        assert!(holds(serde_json::json!(["x", "on trial"])));
        assert!(holds(serde_json::json!({"a": "x", "b": "on trial"})));
    }
}
