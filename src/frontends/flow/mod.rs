//! The question flow as one step function: the answers so far and what the
//! person just did give the next screen. The terminal interview
//! ([`crate::frontends::interview`]) and the browser interview (`fairmove serve`) are
//! two renderers of the same screens; neither decides what comes next.
//!
//! The whole state is a [`State`]: the answers given (as checked: dates as
//! YYYY-MM-DD, choices as their values) and which questions count as dealt
//! with. It has no file, no clock and no terminal, so a web server can
//! carry it in the page and stay stateless.

mod next;
mod screens;

pub use next::*;
pub use screens::*;

use crate::base::data::DataSource;
use crate::documents::document::{self, Question};
use crate::law::calendar::parse_date;
use crate::pipeline::answers::{Answers, Raw};
use crate::pipeline::facts::{convert, AnswerProblems};
use crate::Engine;
use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

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
            if entry.key == crate::pipeline::answers::UNFINISHED {
                // Read after the answers (below).
                continue;
            }
            if entry.key == crate::pipeline::answers::TERM_DATES {
                match answers.term_dates().and_then(|t| match t {
                    Some((text, origin)) => {
                        crate::law::calendar::Calendar::parse_terms(&text, &origin)?;
                        Ok(Some(text))
                    }
                    None => Ok(None),
                }) {
                    Ok(terms) => self.terms = terms,
                    Err(e) => messages.push(format!(
                        "The term dates in {} could not be used ({e:#}), so dates are counted \
                         without them until you add them again.",
                        answers.file
                    )),
                }
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
        // Lists stopped part way: asked again, their items kept.
        if let Some(Raw::List(ids)) = answers
            .get(crate::pipeline::answers::UNFINISHED)
            .map(|e| &e.value)
        {
            for id in ids.iter().filter_map(|r| match r {
                Raw::Text(t) => Some(t.trim()),
                _ => None,
            }) {
                if self.answers.contains_key(id) {
                    self.asked.remove(id);
                }
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
    /// stepping on, where it fits its question. The question is not marked
    /// dealt with: carrying on asks it again, with the items kept, so the
    /// person can add the rest (terminal review K4).
    pub fn keep(&mut self, engine: &Engine, id: &str, raw: Raw) {
        if let Some(q) = question(engine, id) {
            if let Ok(v) = convert(q, &raw, &mut Vec::new()) {
                if !v.is_null() {
                    self.answers.insert(id.to_string(), to_raw(&v));
                    self.asked.remove(id);
                }
            }
        }
    }

    /// The questions with part of an answer kept but not finished.
    fn unfinished(&self) -> Vec<String> {
        self.answers
            .keys()
            .filter(|id| !self.asked.contains(*id))
            .cloned()
            .collect()
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
        // A list stopped part way is asked again when the file is carried
        // on (terminal review K4).
        let unfinished = self.unfinished();
        if !unfinished.is_empty() {
            pairs.push((
                crate::pipeline::answers::UNFINISHED.to_string(),
                Raw::List(unfinished.into_iter().map(Raw::Text).collect()),
            ));
        }
        // The term dates go with the answers, so the dates counted today
        // are counted the same way tomorrow (review B9).
        if let Some(terms) = &self.terms {
            pairs.push((
                crate::pipeline::answers::TERM_DATES.to_string(),
                Raw::Text(terms.clone()),
            ));
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
