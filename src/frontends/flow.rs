//! The question flow as one step function: the answers so far and what the
//! person just did give the next screen. The terminal interview
//! ([`crate::frontends::interview`]) and the browser interview (`fairmove serve`) are
//! two renderers of the same screens; neither decides what comes next.
//!
//! The whole state is a [`State`]: the answers given (as checked: dates as
//! YYYY-MM-DD, choices as their values) and which questions count as dealt
//! with. It has no file, no clock and no terminal, so a web server can
//! carry it in the page and stay stateless.

use crate::base::data::DataSource;
use crate::documents::document::{self, Question, QuestionType, Severity};
use crate::law::calendar::parse_date;
use crate::pipeline::answers::{Answers, Raw};
use crate::pipeline::checks::Findings;
use crate::pipeline::facts::{convert, AnswerProblems, Facts};
use crate::Engine;
use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Where the person is in the flow, as far as an action needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// On a question page.
    Question(String),
    /// On the page listing every answer.
    Review,
    /// On the page with the findings of the checks.
    Findings,
}

/// What the person did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show where the person is: the first question not yet dealt with,
    /// or the review when every relevant question is.
    Resume,
    /// An answer to a question, as typed or chosen.
    Answer { question: String, raw: Raw },
    /// Go back one screen.
    Back { from: At },
    /// Change one answer (from the review).
    Change { question: String },
    /// Run the checks on the answers (from the review).
    Check,
    /// Write the document (after the checks).
    Write,
}

/// One question, as shown.
#[derive(Debug, Clone)]
pub struct QuestionScreen<'a> {
    pub question: &'a Question,
    /// "Question `number` of about `of_about`": the count changes as
    /// answers make follow-up questions relevant or not.
    pub number: usize,
    pub of_about: usize,
    /// The answer to start from: the one given, or what was just typed
    /// when it did not fit.
    pub current: Option<Raw>,
    /// Where the question comes from in the guidance.
    pub cites: Vec<String>,
    /// Why the answer just given did not fit.
    pub error: Option<String>,
    /// The relevant question before this one, if any (for "Back").
    pub previous: Option<&'a Question>,
}

impl QuestionScreen<'_> {
    pub fn progress(&self) -> String {
        format!("Question {} of about {}", self.number, self.of_about)
    }
}

/// One answer on the review page.
#[derive(Debug, Clone)]
pub struct ReviewRow<'a> {
    pub number: usize,
    pub question: &'a Question,
    /// The answer as the person would say it.
    pub answer: String,
    /// A detail not asked on the way through, offered to add.
    pub to_add: bool,
}

/// An answer the checks could not use.
#[derive(Debug, Clone)]
pub struct Fix {
    pub question: String,
    pub ask: String,
    pub message: String,
}

/// A document a finding points to next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    pub id: String,
    pub title: String,
    /// Why it helps next, when no finding says so (a document's
    /// `related` note).
    pub note: Option<String>,
}

/// What to show.
pub enum Screen<'a> {
    Question(QuestionScreen<'a>),
    Review(Vec<ReviewRow<'a>>),
    /// Some answers need fixing before the checks can run.
    Fix(Vec<Fix>),
    /// The findings of the checks. When `blocked`, the document cannot be
    /// written; `next` lists the documents that help instead (only those of
    /// blocking findings when blocked).
    Findings {
        blocked: bool,
        findings: Findings,
        next: Vec<Next>,
    },
    /// The document, written.
    Done(Box<Done>),
}

/// A finished document.
pub struct Done {
    /// What to do with it now: what to send, to whom and by when.
    pub send: String,
    pub facts: Facts,
    pub findings: Findings,
    pub markdown: String,
    pub docx: Vec<u8>,
    /// Documents the findings point to next.
    pub next: Vec<Next>,
}

/// A step's result: the screen, and messages to pass on (notices about
/// an answer, or why an action could not be done).
pub struct Step<'a> {
    pub screen: Screen<'a>,
    pub messages: Vec<String>,
}

/// Why an action cannot be taken at all (forged or stale input): not a
/// wrong answer, which gets its question back with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The answers so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Answers by question id, as checked.
    pub answers: BTreeMap<String, Raw>,
    /// Questions dealt with (answered, or left empty when optional). The
    /// next question is the first relevant one not in here.
    pub asked: BTreeSet<String>,
    /// The school's term dates, as the YAML text `--terms` reads, when the
    /// person gave them in the web pages: every date is then counted with
    /// them (review D10).
    pub terms: Option<String>,
}

impl State {
    /// Takes answers from a file. Answers that fit their question count as
    /// given, and so does an optional question left empty in the file (a
    /// question not in the file at all is asked). Returns a message for each
    /// answer that could not be used, so the person knows it will be asked
    /// again.
    pub fn prefill(&mut self, engine: &Engine, answers: &Answers) -> Vec<String> {
        let mut messages = Vec::new();
        let mut unknown = 0usize;
        for entry in &answers.entries {
            if entry.key == "document" {
                continue;
            }
            let Some(q) = question(engine, &entry.key) else {
                unknown += 1;
                if unknown > crate::base::limits::MAX_LISTED {
                    continue;
                }
                messages.push(format!(
                    "`{}` in {} is not a question for this document, so it was left out.",
                    entry.key, answers.file
                ));
                continue;
            };
            let mut notices = Vec::new();
            match convert(q, &entry.value, &mut notices) {
                Ok(Value::Null) => {
                    if !q.required {
                        self.answers.insert(q.id.clone(), Raw::Null);
                        self.asked.insert(q.id.clone());
                    }
                }
                Ok(v) => {
                    self.answers.insert(q.id.clone(), to_raw(&v));
                    self.asked.insert(q.id.clone());
                }
                Err(msg) => messages.push(format!(
                    "The answer to `{}` in {} could not be used ({msg}), so you will be asked again.",
                    q.id, answers.file
                )),
            }
        }
        if unknown > crate::base::limits::MAX_LISTED {
            messages.push(format!(
                "{} more lines in {} are not questions for this document, so they were left out.",
                unknown - crate::base::limits::MAX_LISTED,
                answers.file
            ));
        }
        messages
    }

    /// Keeps part of an answer (a list's items typed so far) without
    /// stepping on, where it fits its question.
    pub fn keep(&mut self, engine: &Engine, id: &str, raw: Raw) {
        if let Some(q) = question(engine, id) {
            if let Ok(v) = convert(q, &raw, &mut Vec::new()) {
                if !v.is_null() {
                    self.answers.insert(id.to_string(), to_raw(&v));
                    self.asked.insert(id.to_string());
                }
            }
        }
    }

    /// Whether any question has an answer.
    pub fn has_answers(&self) -> bool {
        !self.answers.is_empty()
    }

    /// Checks a state that came from outside (a web form): every answer is
    /// for a question of this document and fits it as it was checked.
    pub fn validate(&self, engine: &Engine) -> Result<(), Refused> {
        for (id, raw) in &self.answers {
            let Some(q) = question(engine, id) else {
                return Err(Refused(format!(
                    "the answers include `{id}`, which is not a question of this document"
                )));
            };
            if let Err(msg) = convert(q, raw, &mut Vec::new()) {
                return Err(Refused(format!("the answer to `{id}` does not fit: {msg}")));
            }
        }
        if let Some(id) = self.asked.iter().find(|id| question(engine, id).is_none()) {
            return Err(Refused(format!(
                "the answers mark `{id}` as asked, which is not a question of this document"
            )));
        }
        Ok(())
    }

    /// The answers given, in question order, as an answers file holds them
    /// (`file` is the name used in messages).
    pub fn answers(&self, engine: &Engine, file: &str) -> Answers {
        let mut pairs = vec![("document".to_string(), Raw::Text(engine.doc.def.id.clone()))];
        for q in &engine.doc.def.questions {
            if let Some(v) = self.answers.get(&q.id) {
                if self.asked.contains(&q.id) || !matches!(v, Raw::Null) {
                    pairs.push((q.id.clone(), v.clone()));
                }
            }
        }
        Answers::from_pairs(file, pairs)
    }

    /// The typed answers, keyed by question id, as the checks see them.
    fn values(&self, engine: &Engine) -> Map<String, Value> {
        let mut values = Map::new();
        for q in &engine.doc.def.questions {
            let v = match self.answers.get(&q.id) {
                Some(raw) => convert(q, raw, &mut Vec::new()).unwrap_or(Value::Null),
                None => Value::Null,
            };
            values.insert(q.id.clone(), v);
        }
        values
    }

    /// Which questions are asked, given the answers so far: a detail only
    /// once it has been asked for (it then has an entry) or answered.
    pub fn relevance(&self, engine: &Engine, today: NaiveDate) -> Result<Vec<bool>> {
        let mut relevant = self.relevance_with_details(engine, today)?;
        for (q, r) in engine.doc.def.questions.iter().zip(relevant.iter_mut()) {
            if q.detail && !self.requested(&q.id) {
                *r = false;
            }
        }
        Ok(relevant)
    }

    /// Relevance as the answers file sees it, details included.
    fn relevance_with_details(&self, engine: &Engine, today: NaiveDate) -> Result<Vec<bool>> {
        let today = today.format("%Y-%m-%d").to_string();
        engine.relevance(&self.values(engine), &today)
    }

    fn requested(&self, id: &str) -> bool {
        self.answers.contains_key(id) || self.asked.contains(id)
    }

    /// How many relevant questions there are, and how many have an answer.
    pub fn progress(&self, engine: &Engine, today: NaiveDate) -> Result<(usize, usize)> {
        let relevant = self.relevance(engine, today)?;
        let total = relevant.iter().filter(|r| **r).count();
        let given = engine
            .doc
            .def
            .questions
            .iter()
            .zip(&relevant)
            .filter(|(q, r)| **r && self.asked.contains(&q.id))
            .count();
        Ok((total, given))
    }

    /// One step of the flow: applies `action` and gives the next screen.
    /// A [`Refused`] error means the action does not make sense for these
    /// answers (a question that does not exist or is not asked now).
    pub fn step<'e>(
        &mut self,
        engine: &'e Engine,
        data: &DataSource,
        today: NaiveDate,
        action: Action,
    ) -> Result<Step<'e>> {
        let qs = &engine.doc.def.questions;
        let mut messages = Vec::new();
        let relevant = self.relevance(engine, today)?;
        let index_of = |id: &str| -> Result<usize> {
            match qs.iter().position(|q| q.id == id) {
                Some(i) if relevant[i] => Ok(i),
                Some(_) => Err(Refused(format!(
                    "the question `{id}` is not asked with the answers given so far"
                ))
                .into()),
                None => Err(Refused(format!(
                    "`{id}` is not a question of the {}",
                    engine.doc.def.kind
                ))
                .into()),
            }
        };
        let screen = match action {
            Action::Resume => self.next_screen(engine, today, &relevant),
            Action::Answer { question, raw } => {
                let i = index_of(&question)?;
                let q = &qs[i];
                let mut notices = Vec::new();
                let checked = check_answer(q, &raw, &mut notices).and_then(|v| {
                    let mut values = self.values(engine);
                    values.insert(q.id.clone(), v.clone());
                    let today_s = today.format("%Y-%m-%d").to_string();
                    match engine.refusal(q, &values, &today_s) {
                        Ok(None) => Ok(v),
                        Ok(Some(why)) => Err(why),
                        Err(e) => Err(format!("{e:#}")),
                    }
                });
                match checked {
                    Ok(v) => {
                        messages.extend(notices);
                        self.answers.insert(q.id.clone(), to_raw(&v));
                        // An answer that stops the document stops the flow
                        // at once, with what helps instead; the question
                        // stays open, so "Change an answer" comes back to it.
                        if let Some(findings) = engine.early_stop(&self.values(engine), today)? {
                            let next = next_documents(data, &findings, true);
                            return Ok(Step {
                                screen: Screen::Findings {
                                    blocked: true,
                                    findings,
                                    next,
                                },
                                messages,
                            });
                        }
                        self.asked.insert(q.id.clone());
                        // The answer may make other questions relevant.
                        let relevant = self.relevance(engine, today)?;
                        self.next_screen(engine, today, &relevant)
                    }
                    Err(msg) => {
                        let mut s = self.question_screen(engine, today, i, &relevant);
                        // A list far too long is shown back only as far as
                        // it can be taken, not row by row (hosting review
                        // A8: 30,000 rows made a 6.9 MB page).
                        let raw = match raw {
                            Raw::List(mut items)
                                if items.len() > crate::base::limits::MAX_LIST_ITEMS =>
                            {
                                items.truncate(crate::base::limits::MAX_LIST_ITEMS);
                                Raw::List(items)
                            }
                            other => other,
                        };
                        s.current = Some(raw);
                        s.error = Some(msg);
                        Screen::Question(s)
                    }
                }
            }
            Action::Back { from } => {
                let current = match &from {
                    At::Question(id) => Some(index_of(id)?),
                    At::Review => None,
                    // From the findings, back to the review.
                    At::Findings => {
                        return Ok(Step {
                            screen: self.next_screen(engine, today, &relevant),
                            messages,
                        })
                    }
                };
                let before = current.unwrap_or(qs.len());
                match ((0..before).rev().find(|j| relevant[*j]), current) {
                    (Some(j), _) => {
                        self.asked.remove(&qs[j].id);
                        Screen::Question(self.question_screen(engine, today, j, &relevant))
                    }
                    (None, Some(i)) => {
                        messages.push(
                            "This is the first question, so there is nothing to go back to."
                                .to_string(),
                        );
                        Screen::Question(self.question_screen(engine, today, i, &relevant))
                    }
                    // A review with no question before it: stay there.
                    (None, None) => self.next_screen(engine, today, &relevant),
                }
            }
            Action::Change { question } => {
                // Adding a detail: it is asked from now on.
                if let Some(q) = qs.iter().find(|q| q.id == question && q.detail) {
                    if !self.requested(&q.id) {
                        let all = self.relevance_with_details(engine, today)?;
                        let i = qs.iter().position(|x| x.id == q.id).expect("found");
                        if !all[i] {
                            return Err(Refused(format!(
                                "the question `{question}` is not asked with the answers given so far"
                            ))
                            .into());
                        }
                        self.answers.insert(q.id.clone(), Raw::Null);
                        let relevant = self.relevance(engine, today)?;
                        return Ok(Step {
                            screen: Screen::Question(
                                self.question_screen(engine, today, i, &relevant),
                            ),
                            messages,
                        });
                    }
                }
                let i = index_of(&question)?;
                Screen::Question(self.question_screen(engine, today, i, &relevant))
            }
            Action::Check => self.check(engine, data, today, &relevant, false)?,
            Action::Write => self.check(engine, data, today, &relevant, true)?,
        };
        Ok(Step { screen, messages })
    }

    /// The first relevant question not yet dealt with.
    fn first_unasked(&self, engine: &Engine, relevant: &[bool]) -> Option<usize> {
        let qs = &engine.doc.def.questions;
        (0..qs.len()).find(|i| relevant[*i] && !self.asked.contains(&qs[*i].id))
    }

    /// The first relevant question not yet dealt with, or the review, for
    /// the relevance of the answers as they are now.
    fn next_screen<'e>(
        &self,
        engine: &'e Engine,
        today: NaiveDate,
        relevant: &[bool],
    ) -> Screen<'e> {
        let qs = &engine.doc.def.questions;
        if let Some(i) = self.first_unasked(engine, relevant) {
            return Screen::Question(self.question_screen(engine, today, i, relevant));
        }
        let mut rows: Vec<ReviewRow> = (0..qs.len())
            .filter(|i| relevant[*i])
            .enumerate()
            .map(|(n, i)| ReviewRow {
                number: n + 1,
                question: &qs[i],
                answer: display(&qs[i], self.answers.get(&qs[i].id)),
                to_add: false,
            })
            .collect();
        // Details not asked on the way through, offered to add.
        if let Ok(all) = self.relevance_with_details(engine, today) {
            for i in (0..qs.len()).filter(|i| all[*i] && !relevant[*i] && qs[*i].detail) {
                rows.push(ReviewRow {
                    number: rows.len() + 1,
                    question: &qs[i],
                    answer: "Not given".to_string(),
                    to_add: true,
                });
            }
        }
        Screen::Review(rows)
    }

    fn question_screen<'e>(
        &self,
        engine: &'e Engine,
        today: NaiveDate,
        i: usize,
        relevant: &[bool],
    ) -> QuestionScreen<'e> {
        let qs = &engine.doc.def.questions;
        let q = &qs[i];
        QuestionScreen {
            question: q,
            number: relevant[..=i].iter().filter(|r| **r).count(),
            of_about: relevant.iter().filter(|r| **r).count(),
            current: self.answers.get(&q.id).cloned(),
            cites: self.cites(engine, today, q),
            error: None,
            previous: (0..i).rev().find(|j| relevant[*j]).map(|j| &qs[j]),
        }
    }

    /// The guidance behind a question, in the edition that applies (or, until
    /// the date that decides it is known, the edition in force today).
    fn cites(&self, engine: &Engine, today: NaiveDate, q: &Question) -> Vec<String> {
        let date = match self.answers.get(&engine.doc.def.edition_date) {
            Some(Raw::Text(s)) => parse_date(s),
            _ => None,
        }
        .unwrap_or(today);
        let Ok(edition) = engine.guidance.in_force_on(date) else {
            return Vec::new();
        };
        q.cite
            .iter()
            .filter_map(|t| edition.paragraph(t).map(|p| edition.cite(p)))
            .collect()
    }

    /// The checks, and the document when `write` and nothing blocks.
    fn check<'e>(
        &self,
        engine: &'e Engine,
        data: &DataSource,
        today: NaiveDate,
        relevant: &[bool],
        write: bool,
    ) -> Result<Screen<'e>> {
        if self.first_unasked(engine, relevant).is_some() {
            return Err(Refused("some questions have not been answered yet".into()).into());
        }
        let answers = self.answers(engine, "your answers");
        let (facts, findings, markdown) = match crate::draft_markdown(engine, &answers, today) {
            Ok(r) => r,
            Err(e) => match e.downcast_ref::<AnswerProblems>() {
                Some(problems) => {
                    return Ok(Screen::Fix(
                        problems
                            .problems
                            .iter()
                            .map(|p| Fix {
                                question: p.field.clone(),
                                ask: question(engine, &p.field)
                                    .map(|q| q.ask.trim().to_string())
                                    .unwrap_or_else(|| p.field.clone()),
                                message: p.message.clone(),
                            })
                            .collect(),
                    ))
                }
                None => return Err(e),
            },
        };
        let blocked = findings.is_blocked();
        if !write || blocked {
            let next = next_documents(data, &findings, blocked);
            return Ok(Screen::Findings {
                blocked,
                findings,
                next,
            });
        }
        let docx = crate::to_docx(engine, &facts, &markdown)?;
        // What comes next: the documents the findings point to, then the
        // ones that often follow this one (issue 16 item 3).
        let mut next = next_documents(data, &findings, false);
        for r in &engine.doc.def.related {
            if next.iter().any(|n| n.id == r.id) || !engine.related_fits(r, &facts)? {
                continue;
            }
            if let Ok(title) = document::title(data, &r.id) {
                next.push(Next {
                    id: r.id.clone(),
                    title,
                    note: Some(r.note.split_whitespace().collect::<Vec<_>>().join(" ")),
                });
            }
        }
        Ok(Screen::Done(Box::new(Done {
            send: what_to_do(engine, &facts, today),
            facts,
            findings,
            markdown,
            docx,
            next,
        })))
    }
}

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

fn question<'e>(engine: &'e Engine, id: &str) -> Option<&'e Question> {
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
const WRITER: &[&str] = &[
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
                def.questions
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
