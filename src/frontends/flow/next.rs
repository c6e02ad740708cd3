//! Before and after a document: the first question and the suggestion it
//! leads to, the answers carried from one document to the next, the
//! documents offered next, and what to do with a finished one.

use super::*;
use crate::base::data::DataSource;
use crate::documents::document::{self, Question, QuestionType, Severity};
use crate::law::calendar::parse_date;
use crate::pipeline::answers::{Answers, Raw};
use crate::pipeline::checks::Findings;
use crate::pipeline::facts::{convert, Facts};
use crate::Engine;
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// What to do with a finished document, in one or two sentences: for a
/// letter, to whom to send it and by when (the last day to post it too,
/// where posting counts late); for a record or a form, who gets it.
pub fn what_to_do(engine: &Engine, facts: &Facts, today: NaiveDate) -> String {
    use crate::law::calendar::weekday_date;
    let def = &engine.doc.def;
    let date = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| facts.get(id))
            .and_then(|v| v.as_str())
            .and_then(parse_date)
    };
    if def.kind != "letter" {
        return format!("Print it and give it to {}.", def.to);
    }
    let send = def.send.clone().unwrap_or_default();
    let by = date(&send.by).filter(|d| *d >= today);
    let mut out = match by {
        Some(d) if d == today => format!("Send it today to {}: it must arrive today", def.to),
        Some(d) => format!(
            "Send it to {}. It must arrive by {}",
            def.to,
            weekday_date(d)
        ),
        None if facts.document_date > today => format!(
            "Send it on {}, the date it shows, to {}",
            weekday_date(facts.document_date),
            def.to
        ),
        None => format!("Send it today, or as soon as you can, to {}", def.to),
    };
    if let (Some(_), Some(why)) = (by, &send.why) {
        out.push_str(&format!(", {why}"));
    }
    out.push('.');
    match date(&send.post_by) {
        Some(p) if p >= today => out.push_str(&format!(
            " If you post it, post it by {}; after that, deliver it by hand or send it by email.",
            weekday_date(p)
        )),
        Some(_) => {
            out.push_str(" It is too late to post it: deliver it by hand or send it by email.")
        }
        None => out.push_str(" Email it or deliver it by hand, and keep a copy."),
    }
    out
}

pub(super) fn question<'e>(engine: &'e Engine, id: &str) -> Option<&'e Question> {
    engine.doc.def.questions.iter().find(|q| q.id == id)
}

/// Checks one answer as the interview takes it: as in an answers file, and
/// an empty answer to a required question is refused. The error is the
/// message to show. Used by the flow and by the terminal as the person types.
pub fn check_answer(q: &Question, raw: &Raw, notices: &mut Vec<String>) -> Result<Value, String> {
    match convert(q, raw, notices) {
        // Say what to do, for the kind of answer (review D21), as the
        // GOV.UK Design System's error messages do.
        Ok(Value::Null) if q.required => Err(match q.kind {
            QuestionType::YesNo | QuestionType::Choice => "Choose one of the answers.",
            QuestionType::Date => "Enter the date as day, month and year.",
            QuestionType::List => "Enter at least one item.",
            QuestionType::Text | QuestionType::Paragraph => "Enter your answer.",
        }
        .into()),
        Ok(v) => Ok(v),
        Err(msg) => Err(format!("Sorry, that answer does not fit: {msg}.")),
    }
}

/// Documents the findings point to next, without repeats.
pub fn next_documents(data: &DataSource, findings: &Findings, blocking: bool) -> Vec<Next> {
    let mut out: Vec<Next> = Vec::new();
    for f in &findings.findings {
        if blocking && f.severity != Severity::Block {
            continue;
        }
        if let Some(next) = &f.next {
            if out.iter().any(|n| &n.id == next) {
                continue;
            }
            if let Ok(title) = document::title(data, next) {
                out.push(Next {
                    id: next.clone(),
                    title,
                    note: None,
                });
            }
        }
    }
    out
}

/// The answers that say who is writing. They go over together or not at
/// all: when the next document does not take the same role (it has no
/// adviser's role, say), the person is asked again who is writing, and an
/// adviser's name never goes out over "I am the parent" (review B2).
pub(super) const WRITER: &[&str] = &[
    "sender_role",
    "sender_name",
    "sender_contact",
    "sender_organisation",
    "family_name",
    "carer_order",
];

/// The answers that document `id` also asks for, when they were given for
/// another document (the others are left out without a word each), and
/// only where they still hold: who is writing goes over only when the next
/// document takes the same role.
pub fn shared_answers(data: &DataSource, answers: Answers, id: &str) -> Result<Answers> {
    let written_for = answers.document();
    if written_for.as_deref() == Some(id) || written_for.is_none() {
        return Ok(answers);
    }
    let def = document::load_def(data, id)?;
    let role = answers.get("sender_role").and_then(|e| match &e.value {
        Raw::Text(s) => Some(s.trim().to_string()),
        _ => None,
    });
    let same_role = match (&role, def.questions.iter().find(|q| q.id == "sender_role")) {
        (Some(role), Some(q)) => q.choices.iter().any(|c| &c.value == role),
        _ => false,
    };
    let file = answers.file.clone();
    Ok(Answers::from_pairs(
        &file,
        answers
            .entries
            .into_iter()
            // The document's own date, and answers that belong to one
            // document only, are never carried.
            .filter(|e| {
                // The school's term dates hold for every document of the case.
                e.key == crate::pipeline::answers::TERM_DATES
                    || def
                        .questions
                        .iter()
                        .any(|q| q.id == e.key && q.carry && q.id != def.document_date)
            })
            .filter(|e| same_role || !WRITER.contains(&e.key.as_str()))
            .map(|e| (e.key, e.value)),
    ))
}

/// What was carried over from another document, to show before the first
/// question so that nothing is typed twice and anything can be changed
/// (issue 24 item 3): one line for each answer, `None` when nothing was.
pub fn carried_summary(engine: &Engine, state: &State, from: &str) -> Option<String> {
    let lines: Vec<String> = engine
        .doc
        .def
        .questions
        .iter()
        .filter_map(|q| {
            let raw = state.answers.get(&q.id)?;
            if matches!(raw, Raw::Null) {
                return None;
            }
            Some(format!("- {} {}", q.ask.trim(), display(q, Some(raw))))
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    let who = if state.answers.contains_key("sender_role") {
        ""
    } else if engine
        .doc
        .def
        .questions
        .iter()
        .any(|q| q.id == "sender_role")
    {
        " Who is writing was not carried over, because this document is written by a different person or role, so you are asked again."
    } else {
        ""
    };
    Some(format!(
        "{} carried over from {from}; you can change any of them on the \
         Check your answers page before the {} is written.{who}\n{}",
        crate::base::words::count_of(lines.len(), "answer was", "answers were"),
        engine.doc.def.kind_word(),
        lines.join("\n")
    ))
}

/// A checked answer back in the form an answers file holds.
pub fn to_raw(v: &Value) -> Raw {
    match v {
        Value::Null => Raw::Null,
        Value::Bool(b) => Raw::Bool(*b),
        Value::String(s) => Raw::Text(s.clone()),
        Value::Array(items) => Raw::List(items.iter().map(to_raw).collect()),
        Value::Number(n) => Raw::Number(n.as_f64().unwrap_or_default()),
        Value::Object(_) => Raw::Map,
    }
}

/// An answer as the person would say it.
pub fn display(q: &Question, raw: Option<&Raw>) -> String {
    use crate::documents::document::QuestionType;
    use crate::law::calendar::long_date;
    let Some(raw) = raw else {
        return "(not answered)".into();
    };
    let v = convert(q, raw, &mut Vec::new()).unwrap_or(Value::Null);
    match (&v, q.kind) {
        (Value::Null, _) => "(left empty)".into(),
        (Value::Bool(true), _) => "Yes".into(),
        (Value::Bool(false), _) => "No".into(),
        (Value::String(s), QuestionType::Date) => {
            parse_date(s).map(long_date).unwrap_or_else(|| s.clone())
        }
        (Value::String(s), QuestionType::Choice) => q
            .choices
            .iter()
            .find(|c| &c.value == s)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| s.clone()),
        (Value::String(s), _) => s.clone(),
        (Value::Array(items), _) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        (other, _) => other.to_string(),
    }
}

/// One option of the first question ("What is happening?").
#[derive(Debug, Clone)]
pub struct Situation {
    /// In the person's words.
    pub label: String,
    pub goes_to: SituationGoesTo,
}

#[derive(Debug, Clone)]
pub enum SituationGoesTo {
    /// Start this document.
    Document(String),
    /// A situation a managed move does not fit: this advice, and the
    /// document that helps where there is one.
    Route { advice: String, next: Option<Next> },
    /// Show every document.
    Everything,
}

/// What fairmove suggests after "What is happening?": the document, what it
/// does, who it goes to, about how many questions, and the other documents
/// that may fit with when (browser review D2). Both front ends show it.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub from: String,
    pub to: String,
    pub questions: usize,
    pub related: Vec<RelatedDoc>,
}

/// Another document that may fit, as the suggestion shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedDoc {
    pub id: String,
    pub title: String,
    pub note: String,
}

pub fn suggestion(engine: &Engine, data: &DataSource, today: NaiveDate) -> Result<Suggestion> {
    let def = &engine.doc.def;
    let (questions, _) = State::default().progress(engine, today)?;
    let mut related = Vec::new();
    for r in &def.related {
        related.push(RelatedDoc {
            id: r.id.clone(),
            title: document::title(data, &r.id)?,
            note: r.note.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
    Ok(Suggestion {
        id: def.id.clone(),
        title: def.title.clone(),
        kind: def.kind_word().to_string(),
        summary: def.summary.split_whitespace().collect::<Vec<_>>().join(" "),
        from: def.from.clone(),
        to: def.to.clone(),
        questions,
        related,
    })
}

/// The first question ("What is happening?"): its options, from every
/// document's `situations` (in the documents' `order`) and the routes for
/// situations a managed move does not fit, then "something else"; and every
/// document's id and title in the same order, for "something else".
pub fn first_question(data: &DataSource) -> Result<(Vec<Situation>, Vec<Next>)> {
    let mut defs = Vec::new();
    for id in document::list_ids(data)? {
        defs.push(document::load_def(data, &id)?);
    }
    defs.sort_by_key(|d| d.order);
    let mut out = Vec::new();
    for def in &defs {
        for s in &def.situations {
            out.push(Situation {
                label: s.clone(),
                goes_to: SituationGoesTo::Document(def.id.clone()),
            });
        }
    }
    for r in crate::law::routes::load(data)? {
        let next = match &r.next {
            Some(id) => Some(Next {
                id: id.clone(),
                title: match defs.iter().find(|d| &d.id == id) {
                    Some(d) => d.title.clone(),
                    // Not a document: load_def says so, with the ids there are.
                    None => document::load_def(data, id)?.title,
                },
                note: None,
            }),
            None => None,
        };
        out.push(Situation {
            label: r.situation.clone(),
            goes_to: SituationGoesTo::Route {
                advice: r.advice.split_whitespace().collect::<Vec<_>>().join(" "),
                next,
            },
        });
    }
    out.push(Situation {
        label: "Something else: show me every document".into(),
        goes_to: SituationGoesTo::Everything,
    });
    let documents = defs
        .into_iter()
        .map(|d| Next {
            id: d.id,
            title: d.title,
            note: None,
        })
        .collect();
    Ok((out, documents))
}
