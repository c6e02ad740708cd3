//! Stage 2: validated facts. Checks every answer against its question (type,
//! choices, required, relevance), cleans text, picks the guidance edition,
//! and computes derived values. Problems are collected and reported all at
//! once, each with its line and field.

use crate::base::suggest;
use crate::base::yaml::Pos;
use crate::documents::document::{Question, QuestionType};
use crate::documents::engine::{derived_key, question_key, Engine};
use crate::law::calendar::{parse_date, DATE_FORMATS};
use crate::law::guidance::{Edition, Guidance, Verified};
use crate::pipeline::answers::{Answers, Raw};
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use std::fmt;

/// The answers, checked and typed, ready for the rules and the template.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Every question id (null when not answered or not relevant) plus the
    /// derived values, `today`, `edition` and `document` (the templates
    /// also get the guidance, the law, the protocols and the routes).
    pub context: Map<String, Value>,
    pub edition_id: String,
    /// The document's own date (a letter's date).
    pub document_date: NaiveDate,
    /// Things done to the answers that the person should know about.
    pub notices: Vec<String>,
    /// Things done to the answers that the person must check (a letter
    /// date already past, moved to today).
    pub warnings: Vec<String>,
    /// `context` as the templates take it, built once (the rules and the
    /// document both read it).
    template_context: crate::documents::templating::Context,
}

impl Facts {
    pub fn template_context(&self) -> &crate::documents::templating::Context {
        &self.template_context
    }
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.context.get(id).filter(|v| !v.is_null())
    }
}

/// One thing wrong with the answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub pos: Option<Pos>,
    pub field: String,
    pub message: String,
}

/// Everything wrong with an answers file, listed together.
#[derive(Debug, Clone)]
pub struct AnswerProblems {
    pub file: String,
    pub document: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for AnswerProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{}: {} {} with the answers:",
            self.file,
            n,
            if n == 1 { "problem" } else { "problems" }
        )?;
        for p in &self.problems {
            match p.pos {
                Some(pos) if pos.is_known() => {
                    writeln!(f, "  - {}, field `{}`: {}", pos, p.field, p.message)?
                }
                _ => writeln!(f, "  - field `{}`: {}", p.field, p.message)?,
            }
        }
        write!(
            f,
            "Run `fairmove questions {}` to see every question with an example answer.",
            self.document
        )
    }
}

impl std::error::Error for AnswerProblems {}

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

fn as_text(raw: &Raw) -> Option<String> {
    match raw {
        Raw::Text(s) => Some(s.clone()),
        Raw::Number(n) if n.fract() == 0.0 => Some(format!("{}", *n as i64)),
        Raw::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

use crate::base::limits::{MAX_ANSWER_CHARS, MAX_LISTED, MAX_LIST_ITEMS};

fn too_long(s: &str) -> Option<String> {
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
const NON_ANSWERS: &[&str] = &[
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
fn non_answer_message(q: &Question, text: &str) -> String {
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
        QuestionType::Paragraph if q.lines => match as_text(raw) {
            Some(s) => {
                // Each line cleaned as a line of its own; empty lines go.
                let t = s
                    .split(['\n', '\r', '\u{2028}', '\u{2029}'])
                    .map(|l| clean(l, false))
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                if non_answer(&t, false) {
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
        QuestionType::Text | QuestionType::Paragraph => match as_text(raw) {
            Some(s) => {
                let t = clean(&s, q.kind == QuestionType::Paragraph);
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
            Raw::Text(s) => match parse_date(&clean(s, false)) {
                Some(d) => Ok(Value::String(d.format("%Y-%m-%d").to_string())),
                None => Err(format!(
                    "\"{}\" is not a date. Write it like {DATE_FORMATS}",
                    clean(s, false)
                )),
            },
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

/// Whether an answer counts as given.
fn present(v: &Value) -> bool {
    !v.is_null()
}

impl Engine {
    /// Which of the document's questions are asked, in order, given the typed
    /// answers so far (`values`, keyed by question id). A question whose
    /// `when` is false is not asked, and its answer does not count when
    /// deciding later questions. Used by the checks and the interview alike.
    pub fn relevance(&self, values: &Map<String, Value>, today: &str) -> Result<Vec<bool>> {
        // One context, updated as questions drop out.
        let mut ctx = crate::documents::templating::Context::new();
        ctx.insert("today", today);
        ctx.insert_value("protocols", self.protocols_value.clone());
        ctx.insert_value("routes", self.routes_value.clone());
        for q in &self.doc.def.questions {
            ctx.insert(q.id.as_str(), values.get(&q.id).unwrap_or(&Value::Null));
        }
        let mut out = Vec::with_capacity(self.doc.def.questions.len());
        for q in &self.doc.def.questions {
            let relevant = q.when.is_none() || self.holds(&question_key(&q.id), &ctx)?;
            if !relevant {
                ctx.insert(q.id.as_str(), &Value::Null);
            }
            out.push(relevant);
        }
        Ok(out)
    }

    /// Stage 2: checks the answers and builds the facts.
    pub fn facts(&self, answers: &Answers, today: NaiveDate) -> Result<Facts> {
        let def = &self.doc.def;
        let mut problems = Vec::new();
        let mut notices = Vec::new();
        let mut values = Map::new();
        for q in &def.questions {
            values.insert(q.id.clone(), Value::Null);
        }
        let mut unknown = 0usize;
        for entry in &answers.entries {
            if entry.key == "document" {
                if as_text(&entry.value).as_deref() != Some(def.id.as_str()) {
                    problems.push(Problem {
                        pos: Some(entry.key_pos),
                        field: "document".into(),
                        message: format!(
                            "this file is for `{}`, but it is being used for `{}`",
                            as_text(&entry.value).unwrap_or_default(),
                            def.id
                        ),
                    });
                }
                continue;
            }
            let Some(q) = def.questions.iter().find(|q| q.id == entry.key) else {
                // A file of thousands of unknown keys gets a few lines and a
                // count, not a line each (hosting review A12).
                unknown += 1;
                if unknown > MAX_LISTED {
                    continue;
                }
                let hint =
                    suggest::nearest(&entry.key, def.questions.iter().map(|q| q.id.as_str()))
                        .map(|s| format!(" Did you mean `{s}`?"))
                        .unwrap_or_default();
                problems.push(Problem {
                    pos: Some(entry.key_pos),
                    field: entry.key.clone(),
                    message: format!("there is no question with this id in `{}`.{hint}", def.id),
                });
                continue;
            };
            match convert(q, &entry.value, &mut notices) {
                Ok(v) => {
                    values.insert(q.id.clone(), v);
                }
                Err(message) => problems.push(Problem {
                    pos: Some(entry.value_pos),
                    field: q.id.clone(),
                    message,
                }),
            }
        }

        if unknown > MAX_LISTED {
            problems.push(Problem {
                pos: None,
                field: "(others)".into(),
                message: format!(
                    "and {} more answers that are not questions of `{}`",
                    unknown - MAX_LISTED,
                    def.id
                ),
            });
        }
        let today_s = today.format("%Y-%m-%d").to_string();
        // Answers checked against each other and against today, as the
        // interview checks them when they are given (issue 24 item 2): an
        // answers file gets the same refusals, each naming its line.
        if problems.is_empty() {
            let relevant = self.relevance(&values, &today_s)?;
            for (q, relevant) in def.questions.iter().zip(relevant) {
                if !relevant || !present(&values[&q.id]) {
                    continue;
                }
                if let Some(why) = self.refusal(q, &values, &today_s)? {
                    problems.push(Problem {
                        pos: answers.get(&q.id).map(|e| e.value_pos),
                        field: q.id.clone(),
                        message: why,
                    });
                }
            }
        }
        let mut warnings = Vec::new();
        // A letter is true on the day it is sent, and it cannot be sent
        // before today: a letter date already past (an answers file
        // finished days after it was started) gives way to today, so that
        // every deadline in it is counted from the day it can go (review C3).
        if def.kind == "letter" {
            if let Some(d) = values[&def.document_date].as_str().and_then(parse_date) {
                if d < today {
                    warnings.push(format!(
                        "The date you gave for the letter, {}, has passed, so the letter is dated \
                         today, {}, and every date in it is counted from today. A letter can only \
                         be sent from today: check that what it says is still true, and send it as \
                         soon as you can.",
                        crate::law::calendar::long_date(d),
                        crate::law::calendar::long_date(today)
                    ));
                    values.insert(def.document_date.clone(), Value::String(today_s.clone()));
                }
            }
        }
        // Whether the person gave the document's date: a form to fill in by
        // hand leaves it blank when not (review R44).
        let date_given = present(&values[&def.document_date]);
        values.insert("document_date_given".into(), Value::Bool(date_given));
        if !date_given {
            values.insert(def.document_date.clone(), Value::String(today_s.clone()));
            notices.push(if def.kind == "form" {
                // A form leaves its date blank to write in by hand.
                format!(
                    "No date was given for the form, so its date is left blank to fill in by hand \
                     (the guidance in force today, {}, was used).",
                    crate::law::calendar::long_date(today)
                )
            } else {
                format!(
                    "No date was given for the {}, so today's date ({}) was used.",
                    def.kind_word(),
                    crate::law::calendar::long_date(today)
                )
            });
        }

        // Relevance: a question whose `when` is false is not asked, and any
        // answer it has is set aside so the document cannot use it.
        let relevant = self.relevance(&values, &today_s)?;
        for (q, relevant) in def.questions.iter().zip(relevant) {
            if !relevant {
                // Said, so an answer in the file never disappears without a
                // word (review R32); a "no" to a question not asked loses
                // nothing.
                if present(&values[&q.id]) && values[&q.id] != Value::Bool(false) {
                    notices.push(format!(
                        "The answer to `{}` is not used: the question is not asked with the other \
                         answers given ({}).",
                        q.id,
                        q.ask.trim()
                    ));
                }
                values.insert(q.id.clone(), Value::Null);
            } else if q.required && !present(&values[&q.id]) {
                let already = problems.iter().any(|p| p.field == q.id);
                if !already {
                    problems.push(Problem {
                        pos: None,
                        field: q.id.clone(),
                        message: format!(
                            "missing a required answer: {} ({})",
                            q.ask.trim(),
                            q.kind.describe()
                        ),
                    });
                }
            }
        }

        let edition = match values[&def.edition_date].as_str().and_then(parse_date) {
            Some(d) => match self.guidance.in_force_on(d) {
                Ok(e) => Some(e),
                Err(e) => {
                    problems.push(Problem {
                        pos: answers.get(&def.edition_date).map(|e| e.value_pos),
                        field: def.edition_date.clone(),
                        message: e.to_string(),
                    });
                    None
                }
            },
            None => None,
        };

        if !problems.is_empty() {
            return Err(AnswerProblems {
                file: answers.file.clone(),
                document: def.id.clone(),
                problems,
            }
            .into());
        }
        let edition = edition.expect("edition date is a required date");
        let document_date = values[&def.document_date]
            .as_str()
            .and_then(parse_date)
            .expect("document date was set above");

        let mut context = values;
        context.insert("today".into(), Value::String(today_s));
        context.insert("edition".into(), edition_value(edition));
        context.insert("sources".into(), json!(self.sources.name()));
        context.insert(
            "document".into(),
            json!({ "id": def.id, "title": def.title, "kind": def.kind }),
        );
        context.insert(
            "calendar_basis".into(),
            Value::String(self.calendar.basis()),
        );
        context.insert(
            "term_dates".into(),
            Value::Bool(self.calendar.terms().is_some()),
        );
        // One template context for every derived value, each added to it
        // as it is worked out (a later one may use an earlier one).
        // The guidance, the law, the protocols and the routes are the same
        // for every answer: the templates take them as converted once.
        let mut template_context = crate::documents::templating::Context::from_json(&context);
        template_context.insert_value("guidance", self.guidance_for_templates(edition));
        template_context.insert_value("law", self.law_for_templates());
        template_context.insert_value("protocols", self.protocols_value.clone());
        template_context.insert_value("routes", self.routes_value.clone());
        let mut outside = false;
        for d in &def.derived {
            let v = self.render(&derived_key(&d.id), &template_context)?;
            let v = v.trim();
            outside |= parse_date(v).is_some_and(|d| self.calendar.outside_terms(d));
            let v = if v.is_empty() {
                Value::Null
            } else {
                Value::String(v.to_string())
            };
            template_context.insert(d.id.clone(), &v);
            context.insert(d.id.clone(), v);
        }
        // A date worked out past the term dates given says so wherever the
        // count is explained (third audit L2).
        if outside {
            let basis = format!("{} {}", self.calendar.basis(), self.calendar.outside_note());
            template_context.insert("calendar_basis", &basis);
            context.insert("calendar_basis".into(), Value::String(basis));
        }
        Ok(Facts {
            template_context,
            context,
            edition_id: edition.id.clone(),
            document_date,
            notices,
            warnings,
        })
    }
}

/// The edition as templates see it: its fields plus its `facts` flattened.
pub fn edition_value(e: &Edition) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert("label".into(), json!(e.label));
    m.insert("title".into(), json!(e.title));
    m.insert("publisher".into(), json!(e.publisher));
    m.insert("source".into(), json!(e.source));
    m.insert(
        "in_force_from".into(),
        json!(e.in_force_from.format("%Y-%m-%d").to_string()),
    );
    for (k, v) in &e.facts {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

/// The guidance topics as templates see them, keyed by topic id. `law` is
/// the verified legal provisions the topic rests on, joined by "; ";
/// `mark` is what goes where a statement rests on the topic (print it with
/// `| safe`): a footnote reference, the place in brackets, or nothing.
/// `section` is there only where the heading is verified.
pub fn guidance_value(e: &Edition, g: &Guidance, sources: crate::base::sources::Sources) -> Value {
    let mut m = Map::new();
    for p in &e.paragraphs {
        m.insert(
            p.id.clone(),
            json!({
                "topic": p.topic,
                "subject": p.subject,
                "paragraph": p.paragraph,
                "section": if p.section_verified { Some(&p.section) } else { None },
                "locator": p.locator(),
                "place": p.place(),
                "cite": e.cite(p),
                "quotation": p.quotation,
                "summary": p.summary,
                "law": g.law_citations(p).join("; "),
                "mark": sources.mark(&p.id),
            }),
        );
    }
    Value::Object(m)
}

/// The law as templates see it, keyed by provision id; a provision not
/// verified is left out, so no template can print it.
pub fn law_value(g: &Guidance) -> Value {
    let mut m = Map::new();
    for l in g.law.iter().filter(|l| l.verified != Verified::Unverified) {
        m.insert(
            l.id.clone(),
            json!({
                "citation": l.citation,
                "title": l.title,
                "by_school": l.by_school,
            }),
        );
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_removed_and_counted() {
        assert_eq!(clean_text("a\u{0C}b\u{7}c", false), ("a bc".to_string(), 2));
        // One line break is a space; a blank line is a new paragraph.
        assert_eq!(clean_text("a\r\nb", true), ("a b".to_string(), 0));
        assert_eq!(
            clean_text("one\ntwo\n\n\n  three ", true),
            ("one two\n\nthree".to_string(), 0)
        );
        assert_eq!(clean_text("  a \t b\n c ", false), ("a b c".to_string(), 0));
        assert_eq!(clean_text("Zoë عائشة", false), ("Zoë عائشة".to_string(), 0));
        // Zero-width spaces go; the joiners that emoji and scripts need stay.
        assert_eq!(
            clean_text("Sam\u{200B} Oka\u{FEFF}for\u{2060}", false),
            ("Sam Okafor".to_string(), 3)
        );
        assert_eq!(clean_text("👩\u{200D}👦 می\u{200C}خواهم", false).1, 0);
    }
}
