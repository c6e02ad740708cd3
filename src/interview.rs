//! The guided interview: one question at a time, from the same document
//! data that `fairmove questions` prints, so there is one source of truth.
//!
//! The flow (what to ask next, going back, the review screen, the checks
//! before writing) lives here and talks to the person only through the
//! [`Prompter`] trait. The terminal prompter (inquire) and the
//! [`ScriptedPrompter`] used by the tests both implement it.
//!
//! Nothing is lost: after every answer the answers are saved (atomically,
//! permissions 0600) to an answers file that `fairmove draft` also reads and
//! `fairmove interview --resume` carries on from.

use crate::answers::{Answers, Raw};
use crate::calendar::{long_date, parse_date};
use crate::checks::Findings;
use crate::data::DataSource;
use crate::document::{self, Question, QuestionType, Severity};
use crate::facts::{convert, AnswerProblems};
use crate::output::{unused_name, write_new};
use crate::Engine;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// One question put to the person.
pub struct Ask<'a> {
    pub question: &'a Question,
    /// "Question `number` of about `of_about`": the count changes as
    /// answers make follow-up questions relevant or not.
    pub number: usize,
    pub of_about: usize,
    /// The answer already given, to start from.
    pub current: Option<&'a Raw>,
    /// Where the question comes from in the guidance, e.g. "DfE exclusion
    /// guidance (…), paragraph 52".
    pub cites: Vec<String>,
}

impl Ask<'_> {
    pub fn progress(&self) -> String {
        format!("Question {} of about {}", self.number, self.of_about)
    }
}

/// What the person did with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// An answer, as typed or chosen (checked by the flow).
    Answer(Raw),
    /// Go back to the previous question.
    Back,
    /// Stop for now; the answers so far are kept.
    Quit,
}

/// What the person did with a list of options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Chosen(usize),
    Back,
    Quit,
}

/// How the interview talks to a person.
pub trait Prompter {
    /// Asks one question.
    fn ask(&mut self, ask: &Ask) -> Result<Reply>;
    /// Offers a list of options and returns the one chosen.
    fn choose(&mut self, title: &str, options: &[String]) -> Result<Pick>;
    /// Shows a message.
    fn say(&mut self, text: &str) -> Result<()>;
}

/// How an interview ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The document was written here.
    Written(PathBuf),
    /// The person stopped; their answers are saved.
    Stopped,
    /// The person chose to start another document instead (after a
    /// blocking finding), taking their answers with them.
    SwitchTo(String),
}

/// Where and when an interview works.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: NaiveDate,
    /// The answers file, written after every answer.
    pub save_to: PathBuf,
    /// The folder the document is written to.
    pub out_dir: PathBuf,
}

/// One interview for one document.
pub struct Interview<'a> {
    engine: &'a Engine,
    data: &'a DataSource,
    opts: Options,
    /// Answers by question id, as checked (dates as YYYY-MM-DD, choices as
    /// their values).
    answers: BTreeMap<String, Raw>,
    /// Questions the person has dealt with (answered, or left empty when
    /// optional). The next question is the first relevant one not in here.
    asked: BTreeSet<String>,
}

enum Step {
    Next,
    Back,
    Quit,
}

enum ReviewChoice {
    Finish,
    Change(usize),
    Back,
    Quit,
}

impl<'a> Interview<'a> {
    pub fn new(engine: &'a Engine, data: &'a DataSource, opts: Options) -> Self {
        Interview {
            engine,
            data,
            opts,
            answers: BTreeMap::new(),
            asked: BTreeSet::new(),
        }
    }

    /// The answers file this interview saves to.
    pub fn save_path(&self) -> &Path {
        &self.opts.save_to
    }

    /// Takes answers from a file. Answers that fit their question count as
    /// given, and so does an optional question left empty in the file (a
    /// question not in the file at all is asked). Returns a message for each
    /// answer that could not be used, so the person knows it will be asked
    /// again.
    pub fn prefill(&mut self, answers: &Answers) -> Vec<String> {
        let mut messages = Vec::new();
        for entry in &answers.entries {
            if entry.key == "document" {
                continue;
            }
            let Some(q) = self.question(&entry.key) else {
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
        messages
    }

    /// Runs the interview until the document is written or the person stops.
    pub fn run(&mut self, p: &mut dyn Prompter) -> Result<Outcome> {
        let def = &self.engine.doc.def;
        let relevant = self.relevance()?;
        let total = relevant.iter().filter(|r| **r).count();
        let given = def
            .questions
            .iter()
            .zip(&relevant)
            .filter(|(q, r)| **r && self.asked.contains(&q.id))
            .count();
        let mut intro = format!(
            "{}\n\n{}\n\nFrom {} to {}.\nAbout {total} questions",
            def.title,
            def.summary.trim(),
            def.from,
            def.to,
        );
        if given > 0 {
            intro.push_str(&format!(", and {given} already have an answer"));
        }
        intro.push_str(&format!(
            ". Your answers are saved as you go in {}, so you can stop and carry on later.",
            self.opts.save_to.display()
        ));
        p.say(&intro)?;
        self.save()?;
        loop {
            let relevant = self.relevance()?;
            let next = self
                .engine
                .doc
                .def
                .questions
                .iter()
                .enumerate()
                .find(|(i, q)| relevant[*i] && !self.asked.contains(&q.id))
                .map(|(i, _)| i);
            if let Some(i) = next {
                match self.ask(p, i, &relevant)? {
                    Step::Next => {}
                    Step::Back => match (0..i).rev().find(|j| relevant[*j]) {
                        Some(j) => {
                            let id = self.engine.doc.def.questions[j].id.clone();
                            self.asked.remove(&id);
                        }
                        None => {
                            p.say("This is the first question, so there is nothing to go back to.")?
                        }
                    },
                    Step::Quit => return self.stop(p),
                }
                continue;
            }
            match self.review(p, &relevant)? {
                ReviewChoice::Change(i) => {
                    let id = self.engine.doc.def.questions[i].id.clone();
                    self.asked.remove(&id);
                }
                ReviewChoice::Back => {
                    if let Some(j) = (0..relevant.len()).rev().find(|j| relevant[*j]) {
                        let id = self.engine.doc.def.questions[j].id.clone();
                        self.asked.remove(&id);
                    }
                }
                ReviewChoice::Quit => return self.stop(p),
                ReviewChoice::Finish => {
                    if let Some(outcome) = self.finish(p)? {
                        return Ok(outcome);
                    }
                }
            }
        }
    }

    fn question(&self, id: &str) -> Option<&'a Question> {
        self.engine.doc.def.questions.iter().find(|q| q.id == id)
    }

    /// The typed answers, keyed by question id, as the checks see them.
    fn values(&self) -> Map<String, Value> {
        let mut values = Map::new();
        for q in &self.engine.doc.def.questions {
            let v = match self.answers.get(&q.id) {
                Some(raw) => convert(q, raw, &mut Vec::new()).unwrap_or(Value::Null),
                None => Value::Null,
            };
            values.insert(q.id.clone(), v);
        }
        values
    }

    fn relevance(&self) -> Result<Vec<bool>> {
        let today = self.opts.today.format("%Y-%m-%d").to_string();
        self.engine.relevance(&self.values(), &today)
    }

    /// The answers given, in question order, as an answers file would hold them.
    pub fn answers(&self) -> Answers {
        let mut pairs = vec![(
            "document".to_string(),
            Raw::Text(self.engine.doc.def.id.clone()),
        )];
        for q in &self.engine.doc.def.questions {
            if let Some(v) = self.answers.get(&q.id) {
                if self.asked.contains(&q.id) || !matches!(v, Raw::Null) {
                    pairs.push((q.id.clone(), v.clone()));
                }
            }
        }
        Answers::from_pairs(&self.opts.save_to.display().to_string(), pairs)
    }

    /// Writes the answers file (whole, atomically, 0600).
    fn save(&self) -> Result<()> {
        let def = &self.engine.doc.def;
        let file = self.opts.save_to.display();
        let header = format!(
            "fairmove interview answers for: {}\n\
             These answers are about a child. Keep this file private.\n\n\
             To carry on where you stopped, run:\n  fairmove interview --resume {file}\n\
             To write the {} from it without more questions, run:\n  fairmove draft {file}",
            def.title, def.kind
        );
        let text = self.answers().to_yaml(&header)?;
        write_new(&self.opts.save_to, text.as_bytes(), true)
    }

    fn stop(&self, p: &mut dyn Prompter) -> Result<Outcome> {
        self.save()?;
        p.say(&format!(
            "Stopped. Your answers so far are saved in {}.\nTo carry on later, run:\n  fairmove interview --resume {}",
            self.opts.save_to.display(),
            self.opts.save_to.display()
        ))?;
        Ok(Outcome::Stopped)
    }

    /// The guidance behind a question, in the edition that applies (or, until
    /// the date that decides it is known, the edition in force today).
    fn cites(&self, q: &Question) -> Vec<String> {
        // Answers are kept as checked, so a date is already YYYY-MM-DD.
        let date = match self.answers.get(&self.engine.doc.def.edition_date) {
            Some(Raw::Text(s)) => parse_date(s),
            _ => None,
        }
        .unwrap_or(self.opts.today);
        let Ok(edition) = self.engine.guidance.in_force_on(date) else {
            return Vec::new();
        };
        q.cite
            .iter()
            .filter_map(|t| edition.paragraph(t).map(|p| edition.cite(p)))
            .collect()
    }

    fn ask(&mut self, p: &mut dyn Prompter, i: usize, relevant: &[bool]) -> Result<Step> {
        let q = &self.engine.doc.def.questions[i];
        let number = relevant[..=i].iter().filter(|r| **r).count();
        let of_about = relevant.iter().filter(|r| **r).count();
        let cites = self.cites(q);
        loop {
            let reply = p.ask(&Ask {
                question: q,
                number,
                of_about,
                current: self.answers.get(&q.id),
                cites: cites.clone(),
            })?;
            let raw = match reply {
                Reply::Answer(raw) => raw,
                Reply::Back => return Ok(Step::Back),
                Reply::Quit => return Ok(Step::Quit),
            };
            let mut notices = Vec::new();
            match check_answer(q, &raw, &mut notices) {
                Ok(v) => {
                    for n in notices {
                        p.say(&n)?;
                    }
                    self.answers.insert(q.id.clone(), to_raw(&v));
                    self.asked.insert(q.id.clone());
                    self.save()?;
                    return Ok(Step::Next);
                }
                Err(msg) => p.say(&msg)?,
            }
        }
    }

    fn review(&self, p: &mut dyn Prompter, relevant: &[bool]) -> Result<ReviewChoice> {
        let def = &self.engine.doc.def;
        let shown: Vec<usize> = (0..relevant.len()).filter(|i| relevant[*i]).collect();
        let mut list = String::from("Here are your answers:\n");
        for (n, &i) in shown.iter().enumerate() {
            let q = &def.questions[i];
            list.push_str(&format!(
                "\n{}. {}\n    {}\n",
                n + 1,
                q.ask.trim(),
                display(q, self.answers.get(&q.id))
            ));
        }
        p.say(&list)?;
        let mut options = vec![format!(
            "Go on: check the answers and write the {}",
            def.kind
        )];
        for (n, &i) in shown.iter().enumerate() {
            let q = &def.questions[i];
            options.push(format!(
                "Change {}: {} ({})",
                n + 1,
                shorten(q.ask.trim(), 48),
                shorten(&display(q, self.answers.get(&q.id)), 28)
            ));
        }
        options.push("Stop for now (your answers are saved)".to_string());
        Ok(
            match p.choose(
                "Is everything right? Choose an answer to change it, or go on.",
                &options,
            )? {
                Pick::Chosen(0) => ReviewChoice::Finish,
                Pick::Chosen(n) if n <= shown.len() => ReviewChoice::Change(shown[n - 1]),
                Pick::Chosen(_) | Pick::Quit => ReviewChoice::Quit,
                Pick::Back => ReviewChoice::Back,
            },
        )
    }

    /// Runs the checks and, if nothing blocks and the person agrees, writes
    /// the document. `None` means go back to the review.
    fn finish(&self, p: &mut dyn Prompter) -> Result<Option<Outcome>> {
        let def = &self.engine.doc.def;
        let answers = self.answers();
        let (facts, findings, markdown) =
            match crate::draft_markdown(self.engine, &answers, self.opts.today) {
                Ok(r) => r,
                Err(e) => match e.downcast_ref::<AnswerProblems>() {
                    Some(problems) => {
                        let mut text = String::from("Some answers need to be fixed first:\n");
                        for pr in &problems.problems {
                            let ask = self
                                .question(&pr.field)
                                .map(|q| q.ask.trim().to_string())
                                .unwrap_or_else(|| pr.field.clone());
                            text.push_str(&format!("  - {ask}: {}\n", pr.message));
                        }
                        p.say(&text)?;
                        return Ok(None);
                    }
                    None => return Err(e),
                },
            };
        let report = crate::report::findings(self.data, &findings);
        if findings.is_blocked() {
            p.say(&format!(
                "The {} cannot be written as it stands. Here is why, and what you can do instead:\n\n{report}",
                def.kind
            ))?;
            let nexts = next_documents(self.data, &findings, true);
            let mut options = vec!["Change an answer".to_string()];
            for (_, title) in &nexts {
                options.push(format!("Start instead: {title}"));
            }
            options.push("Stop for now (your answers are saved)".to_string());
            return Ok(match p.choose("What would you like to do?", &options)? {
                Pick::Chosen(0) | Pick::Back => None,
                Pick::Chosen(n) if n <= nexts.len() => {
                    self.save()?;
                    Some(Outcome::SwitchTo(nexts[n - 1].0.clone()))
                }
                Pick::Chosen(_) | Pick::Quit => Some(self.stop(p)?),
            });
        }
        if findings.findings.is_empty() {
            p.say("The checks found nothing that stops this document.")?;
        } else {
            p.say(&format!("Before you use it, read these:\n\n{report}"))?;
        }
        let options = vec![
            format!("Write the {} now", def.kind),
            "Change an answer first".to_string(),
            "Stop for now (your answers are saved)".to_string(),
        ];
        match p.choose(&format!("Write the {}?", def.kind), &options)? {
            Pick::Chosen(0) => {}
            Pick::Chosen(1) | Pick::Back => return Ok(None),
            Pick::Chosen(_) | Pick::Quit => return Ok(Some(self.stop(p)?)),
        }
        let bytes = crate::to_docx(self.engine, &facts, &markdown)?;
        let path = unused_name(
            &self.opts.out_dir,
            &format!("{}-{}", def.id, facts.document_date.format("%Y-%m-%d")),
            "docx",
        );
        write_new(&path, &bytes, false)?;
        let mut text = format!(
            "Your {} is ready: {}\nOpen it in Word or LibreOffice and read it through before you send or share it.",
            def.kind,
            path.display()
        );
        for (id, title) in next_documents(self.data, &findings, false) {
            text.push_str(&format!(
                "\n\nNext step: {title}. To write it with the answers you have given, run:\n  fairmove interview {id} --answers {}",
                self.opts.save_to.display()
            ));
        }
        p.say(&text)?;
        Ok(Some(Outcome::Written(path)))
    }
}

/// Checks one answer as the interview takes it: as in an answers file, and
/// an empty answer to a required question is refused. The error is the
/// message to show. Used by the flow and by the terminal as the person types.
pub fn check_answer(q: &Question, raw: &Raw, notices: &mut Vec<String>) -> Result<Value, String> {
    match convert(q, raw, notices) {
        Ok(Value::Null) if q.required => {
            Err("This question needs an answer before we can go on.".into())
        }
        Ok(v) => Ok(v),
        Err(msg) => Err(format!("Sorry, that answer does not fit: {msg}.")),
    }
}

/// Documents the findings point to next, without repeats.
fn next_documents(data: &DataSource, findings: &Findings, blocking: bool) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for f in &findings.findings {
        if blocking && f.severity != Severity::Block {
            continue;
        }
        if let Some(next) = &f.next {
            if out.iter().any(|(id, _)| id == next) {
                continue;
            }
            if let Ok(def) = document::load_def(data, next) {
                out.push((next.clone(), def.title));
            }
        }
    }
    out
}

/// A checked answer back in the form an answers file holds.
fn to_raw(v: &Value) -> Raw {
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

fn shorten(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The first question of `fairmove interview` without a document: what is
/// happening, in the words of each document's `situations`. Returns the
/// document id, or `None` if the person stopped.
pub fn choose_document(data: &DataSource, p: &mut dyn Prompter) -> Result<Option<String>> {
    let mut routes: Vec<(String, String)> = Vec::new();
    let mut titles: Vec<(String, String)> = Vec::new();
    let mut defs = Vec::new();
    for id in document::list_ids(data)? {
        defs.push(document::load_def(data, &id)?);
    }
    defs.sort_by_key(|d| d.order);
    for def in defs {
        let id = def.id.clone();
        for s in &def.situations {
            routes.push((s.clone(), id.clone()));
        }
        titles.push((def.title.clone(), id));
    }
    if titles.is_empty() {
        bail!("there are no documents to choose from");
    }
    // Situations where a managed move is the wrong tool: advice, and the
    // document that helps where there is one.
    let others = crate::routes::load(data)?;
    loop {
        let mut options: Vec<String> = routes.iter().map(|(s, _)| s.clone()).collect();
        options.extend(others.iter().map(|r| r.situation.clone()));
        options.push("Something else: show me every document".into());
        match p.choose("What is happening? Choose the closest.", &options)? {
            Pick::Chosen(n) if n < routes.len() => return Ok(Some(routes[n].1.clone())),
            Pick::Chosen(n) if n < routes.len() + others.len() => {
                let r = &others[n - routes.len()];
                p.say(&r.advice.split_whitespace().collect::<Vec<_>>().join(" "))?;
                let Some(next) = &r.next else {
                    return Ok(None);
                };
                let title = document::load_def(data, next)?.title;
                let options = vec![format!("Start: {title}"), "Stop here".to_string()];
                match p.choose("What would you like to do?", &options)? {
                    Pick::Chosen(0) => return Ok(Some(next.clone())),
                    Pick::Back => continue,
                    _ => return Ok(None),
                }
            }
            Pick::Chosen(_) => {
                let options: Vec<String> = titles.iter().map(|(t, _)| t.clone()).collect();
                match p.choose("Which document do you need?", &options)? {
                    Pick::Chosen(n) => return Ok(Some(titles[n].1.clone())),
                    Pick::Back => continue,
                    Pick::Quit => return Ok(None),
                }
            }
            Pick::Back | Pick::Quit => return Ok(None),
        }
    }
}

/// One step of a [`ScriptedPrompter`]'s script.
#[derive(Debug, Clone, PartialEq)]
pub enum Scripted {
    /// Type this answer (text, a date, yes/no or a choice's value or label).
    Type(String),
    /// Give this list.
    List(Vec<String>),
    /// Choose the first option containing this text (any case).
    Pick(String),
    Back,
    Quit,
}

/// A prompter that follows a script, for tests: it records everything it
/// is shown in `transcript` and fails if the flow asks for something the
/// script does not expect.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    pub script: VecDeque<Scripted>,
    pub transcript: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(script: impl IntoIterator<Item = Scripted>) -> Self {
        ScriptedPrompter {
            script: script.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    fn next(&mut self, at: &str) -> Result<Scripted> {
        match self.script.pop_front() {
            Some(s) => Ok(s),
            None => bail!(
                "the script ran out at: {at}\n--- transcript ---\n{}",
                self.transcript.join("\n")
            ),
        }
    }
}

impl Prompter for ScriptedPrompter {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let line = format!("ASK [{}] {}", ask.progress(), ask.question.ask.trim());
        self.transcript.push(line.clone());
        Ok(match self.next(&line)? {
            Scripted::Type(s) => Reply::Answer(Raw::Text(s)),
            Scripted::List(items) => {
                Reply::Answer(Raw::List(items.into_iter().map(Raw::Text).collect()))
            }
            Scripted::Back => Reply::Back,
            Scripted::Quit => Reply::Quit,
            Scripted::Pick(s) => bail!("the script wanted to pick \"{s}\" but was asked: {line}"),
        })
    }

    fn choose(&mut self, title: &str, options: &[String]) -> Result<Pick> {
        let line = format!("CHOOSE {title}\n  {}", options.join("\n  "));
        self.transcript.push(line.clone());
        Ok(match self.next(&line)? {
            Scripted::Pick(want) => {
                let want_l = want.to_lowercase();
                match options
                    .iter()
                    .position(|o| o.to_lowercase().contains(&want_l))
                {
                    Some(n) => Pick::Chosen(n),
                    None => bail!("no option contains \"{want}\" in: {line}"),
                }
            }
            Scripted::Back => Pick::Back,
            Scripted::Quit => Pick::Quit,
            other => bail!("the script wanted {other:?} but was offered a choice: {line}"),
        })
    }

    fn say(&mut self, text: &str) -> Result<()> {
        self.transcript.push(format!("SAY {text}"));
        Ok(())
    }
}
