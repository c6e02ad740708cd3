//! Stage 2: validated facts. Checks every answer against its question (type,
//! choices, required, relevance), cleans text, picks the guidance edition,
//! and computes derived values. Problems are collected and reported all at
//! once, each with its line and field.

mod answer;

pub use answer::*;

use crate::base::limits::MAX_LISTED;
use crate::base::suggest;
use crate::base::yaml::Pos;
use crate::documents::engine::{derived_key, question_key, Engine};
use crate::law::calendar::parse_date;
use crate::pipeline::answers::Answers;
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
            ctx.insert_json(q.id.as_str(), values.get(&q.id).unwrap_or(&Value::Null));
        }
        let mut out = Vec::with_capacity(self.doc.def.questions.len());
        for q in &self.doc.def.questions {
            let relevant = q.when.is_none() || self.holds(&question_key(&q.id), &ctx)?;
            if !relevant {
                ctx.insert_json(q.id.as_str(), &Value::Null);
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
            if entry.key == crate::pipeline::answers::TERM_DATES
                || entry.key == crate::pipeline::answers::UNFINISHED
            {
                // Read with the calendar, before the facts (cmd, web).
                continue;
            }
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
        context.insert(
            "edition".into(),
            crate::documents::views::edition_value(edition),
        );
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
            template_context.insert_json(d.id.clone(), &v);
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
