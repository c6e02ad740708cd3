//! The guided interview in a terminal: one question at a time, from the
//! same document data that `fairmove questions` prints.
//!
//! What comes next (the order of questions, relevance, going back, the
//! review, the checks) is decided by the step function in [`crate::frontends::flow`],
//! which the browser interview uses too. This module renders its screens
//! through the [`Prompter`] trait: the terminal prompter (inquire) and the
//! [`ScriptedPrompter`] used by the tests both implement it.
//!
//! Nothing is lost: after every step the answers are saved (atomically,
//! permissions 0600) to an answers file that `fairmove draft` also reads and
//! `fairmove interview --resume` carries on from.

mod scripted;

pub use scripted::*;

use crate::base::data::DataSource;
use crate::base::output::{write_new, write_unused};
use crate::documents::document::Question;
use crate::frontends::flow::{Action, At, Screen, SituationGoesTo, State};
use crate::pipeline::answers::{Answers, Raw};
use crate::Engine;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub use crate::frontends::flow::{check_answer, display};

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
    /// Part of an answer (the items of a list typed so far), to keep
    /// before going back or stopping (terminal review T6, T14).
    Keep(Raw, Box<Reply>),
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
    /// The document was written here, and the person chose the next
    /// document that helps, taking their answers with them.
    WrittenThen(PathBuf, String),
    /// The person went back from the first question, to choose what is
    /// happening again (only when [`Interview::from_start_menu`]).
    BackToStart,
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
    state: State,
    /// Back from the first question returns to "What is happening?".
    from_start_menu: bool,
}

impl<'a> Interview<'a> {
    pub fn new(engine: &'a Engine, data: &'a DataSource, opts: Options) -> Self {
        Interview {
            engine,
            data,
            opts,
            state: State::default(),
            from_start_menu: false,
        }
    }

    /// The document was chosen on "What is happening?": Back from the
    /// first question goes there again (terminal review T10).
    pub fn from_start_menu(mut self) -> Self {
        self.from_start_menu = true;
        self
    }

    /// The answers file this interview saves to.
    pub fn save_path(&self) -> &Path {
        &self.opts.save_to
    }

    /// Takes answers from a file (see [`State::prefill`]).
    pub fn prefill(&mut self, answers: &Answers) -> Vec<String> {
        self.state.prefill(self.engine, answers)
    }

    /// The answers taken from `from`, to show before the first question.
    pub fn carried_summary(&self, from: &str) -> Option<String> {
        crate::frontends::flow::carried_summary(self.engine, &self.state, from)
    }

    /// Whether any question has an answer yet.
    /// The school's term dates (a term-dates file's YAML), saved with the
    /// answers.
    pub fn set_terms(&mut self, terms: Option<String>) {
        self.state.terms = terms;
    }

    pub fn state_has_answers(&self) -> bool {
        self.state.has_answers()
    }

    /// The answers given, in question order, as an answers file would hold them.
    pub fn answers(&self) -> Answers {
        self.state
            .answers(self.engine, &self.opts.save_to.display().to_string())
    }

    /// Runs the interview until the document is written or the person stops.
    pub fn run(&mut self, p: &mut dyn Prompter) -> Result<Outcome> {
        let def = &self.engine.doc.def;
        let today = self.opts.today;
        let (total, given) = self.state.progress(self.engine, today)?;
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
        // No answers file until there is an answer in it (review T20).
        if given > 0 {
            self.save()?;
        }
        let mut action = Action::Resume;
        loop {
            let answered = matches!(action, Action::Answer { .. });
            let step = self.state.step(self.engine, self.data, today, action)?;
            if answered {
                self.save()?;
            }
            for m in &step.messages {
                p.say(m)?;
            }
            action = match step.screen {
                Screen::Question(s) => {
                    if let Some(e) = &s.error {
                        p.say(e)?;
                    }
                    let mut reply = p.ask(&Ask {
                        question: s.question,
                        number: s.number,
                        of_about: s.of_about,
                        current: s.current.as_ref(),
                        cites: s.cites.clone(),
                    })?;
                    if let Reply::Keep(raw, then) = reply {
                        self.state.keep(self.engine, &s.question.id, raw);
                        self.save()?;
                        reply = *then;
                    }
                    if reply == Reply::Back && s.number == 1 && self.from_start_menu {
                        if self.state.has_answers() {
                            self.save()?;
                        }
                        return Ok(Outcome::BackToStart);
                    }
                    match reply {
                        Reply::Answer(raw) => Action::Answer {
                            question: s.question.id.clone(),
                            raw,
                        },
                        Reply::Back => Action::Back {
                            from: At::Question(s.question.id.clone()),
                        },
                        Reply::Quit | Reply::Keep(..) => return self.stop(p),
                    }
                }
                Screen::Review(rows) => {
                    let mut list = String::from("Here are your answers:\n");
                    for r in rows.iter().filter(|r| !r.to_add) {
                        list.push_str(&format!(
                            "\n{}. {}\n    {}\n",
                            r.number,
                            r.question.ask.trim(),
                            r.answer
                        ));
                    }
                    if rows.iter().any(|r| r.to_add) {
                        list.push_str(
                            "\nMore details you can add (optional; the document is complete without them):\n",
                        );
                        for r in rows.iter().filter(|r| r.to_add) {
                            list.push_str(&format!("\n{}. {}\n", r.number, r.question.ask.trim()));
                        }
                    }
                    p.say(&list)?;
                    let mut options = vec![format!(
                        "Go on: check the answers and write the {}",
                        def.kind
                    )];
                    for r in &rows {
                        options.push(if r.to_add {
                            format!("Add {}: {}", r.number, shorten(r.question.ask.trim(), 60))
                        } else {
                            format!(
                                "Change {}: {} ({})",
                                r.number,
                                shorten(r.question.ask.trim(), 48),
                                shorten(&r.answer, 28)
                            )
                        });
                    }
                    options.push("Stop for now (your answers are saved)".to_string());
                    match p.choose(
                        "Is everything right? Choose an answer to change it, or go on.",
                        &options,
                    )? {
                        Pick::Chosen(0) => Action::Check,
                        Pick::Chosen(n) if n <= rows.len() => Action::Change {
                            question: rows[n - 1].question.id.clone(),
                        },
                        Pick::Chosen(_) | Pick::Quit => return self.stop(p),
                        Pick::Back => Action::Back { from: At::Review },
                    }
                }
                Screen::Fix(fixes) => {
                    let mut text = String::from("Some answers need to be fixed first:\n");
                    for f in &fixes {
                        text.push_str(&format!("  - {}: {}\n", f.ask, f.message));
                    }
                    p.say(&text)?;
                    Action::Resume
                }
                Screen::Findings {
                    blocked: true,
                    findings,
                    next,
                } => {
                    let report = crate::frontends::report::findings_plain(self.data, &findings);
                    p.say(&format!(
                        "The {} cannot be written as it stands. Here is why, and what you can do instead:\n\n{report}",
                        def.kind
                    ))?;
                    if let Some(help) = crate::frontends::help::plain(
                        &crate::frontends::help::for_document(self.data, Some(def))?,
                    ) {
                        p.say(&help)?;
                    }
                    // The reasons again, last, next to the menu: on a small
                    // screen the full report scrolls away (terminal review T3).
                    let mut why = String::from("What stops it:\n");
                    for f in findings.blocking() {
                        why.push_str(&crate::base::words::wrap(&f.message, "  ", 80));
                    }
                    p.say(why.trim_end())?;
                    let mut options = vec!["Change an answer".to_string()];
                    for n in &next {
                        options.push(format!("Start instead: {}", n.title));
                    }
                    options.push("Stop for now (your answers are saved)".to_string());
                    match p.choose("What would you like to do?", &options)? {
                        Pick::Chosen(0) | Pick::Back => Action::Back { from: At::Findings },
                        Pick::Chosen(n) if n <= next.len() => {
                            self.save()?;
                            return Ok(Outcome::SwitchTo(next[n - 1].id.clone()));
                        }
                        Pick::Chosen(_) | Pick::Quit => return self.stop(p),
                    }
                }
                Screen::Findings { findings, .. } => {
                    if findings.findings.is_empty() {
                        p.say("The checks found nothing that stops this document.")?;
                    } else {
                        let report = crate::frontends::report::findings_plain(self.data, &findings);
                        p.say(&format!("Before you use it, read these:\n\n{report}"))?;
                    }
                    let options = vec![
                        format!("Write the {} now", def.kind),
                        "Change an answer first".to_string(),
                        "Stop for now (your answers are saved)".to_string(),
                    ];
                    match p.choose(&format!("Write the {}?", def.kind), &options)? {
                        Pick::Chosen(0) => Action::Write,
                        Pick::Chosen(1) | Pick::Back => Action::Back { from: At::Findings },
                        Pick::Chosen(_) | Pick::Quit => return self.stop(p),
                    }
                }
                Screen::Done(done) => {
                    let path = write_unused(
                        &self.opts.out_dir,
                        &format!("{}-{}", def.id, done.facts.document_date.format("%Y-%m-%d")),
                        "docx",
                        &done.docx,
                    )?;
                    let text = format!(
                        "Your {} is ready: {}\nOpen it in Word or LibreOffice and read it through before you send or share it.\n\nWhat to do now: {}",
                        def.kind,
                        path.display(),
                        done.send
                    );
                    p.say(&text)?;
                    if let Some(help) = crate::frontends::help::plain(
                        &crate::frontends::help::for_document(self.data, Some(def))?,
                    ) {
                        p.say(&help)?;
                    }
                    if done.next.is_empty() {
                        return Ok(Outcome::Written(path));
                    }
                    for n in &done.next {
                        if let Some(note) = &n.note {
                            p.say(&format!("{}: {note}", n.title))?;
                        }
                    }
                    // What comes next, as a choice, never a command to type
                    // (terminal review T12).
                    let mut options: Vec<String> = done
                        .next
                        .iter()
                        .map(|n| format!("Start: {} (your answers are carried over)", n.title))
                        .collect();
                    options.push("Finish here".to_string());
                    return Ok(match p.choose("What helps next?", &options)? {
                        Pick::Chosen(n) if n < done.next.len() => {
                            Outcome::WrittenThen(path, done.next[n].id.clone())
                        }
                        _ => Outcome::Written(path),
                    });
                }
            };
        }
    }

    /// Writes the answers file (whole, atomically, 0600).
    fn save(&self) -> Result<()> {
        let file = self.opts.save_to.display().to_string();
        let text = answers_file_text(self.engine, &self.answers(), &file)?;
        write_new(&self.opts.save_to, text.as_bytes(), true)
    }

    fn stop(&self, p: &mut dyn Prompter) -> Result<Outcome> {
        if !self.state.has_answers() && !self.opts.save_to.exists() {
            p.say("Stopped. Nothing was answered, so nothing was saved.")?;
            return Ok(Outcome::Stopped);
        }
        self.save()?;
        p.say(&format!(
            "Stopped. Your answers so far are saved in {}.\nTo carry on later, run:\n  fairmove interview --resume {}",
            self.opts.save_to.display(),
            self.opts.save_to.display()
        ))?;
        Ok(Outcome::Stopped)
    }
}

/// The answers file's text: a header saying what it is and how to carry
/// on (`file` is its name), then the answers. The terminal and the browser
/// write the same file.
pub fn answers_file_text(engine: &Engine, answers: &Answers, file: &str) -> Result<String> {
    let def = &engine.doc.def;
    let header = format!(
        "fairmove interview answers for: {}\n\
         These answers are about a child. Keep this file private.\n\n\
         To carry on where you stopped, run:\n  fairmove interview --resume {file}\n\
         or load it on the start page of `fairmove serve`.\n\
         To write the {} from it without more questions, run:\n  fairmove draft {file}",
        def.title, def.kind
    );
    answers.to_yaml(&header)
}

/// The items in one list entry: a pasted block of lines is one item a
/// line, without the bullets or numbers a list copied from a document has
/// (terminal review K10: three pasted lines became one item). A single
/// line is the item as typed.
pub fn pasted_items(entry: &str) -> Vec<String> {
    let lines: Vec<&str> = entry
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let bullet = |l: &str| -> Option<String> {
        ["- ", "* ", "• ", "– ", "· "]
            .iter()
            .find_map(|b| l.strip_prefix(b))
            .map(|rest| rest.trim().to_string())
    };
    if lines.len() <= 1 {
        // One line, pasted from a list a line at a time, may have its
        // bullet too.
        return match lines.first() {
            None => Vec::new(),
            Some(l) => vec![bullet(l).unwrap_or_else(|| entry.to_string())],
        };
    }
    lines
        .into_iter()
        .map(|l| {
            let numbered = l
                .split_once(['.', ')'])
                .filter(|(n, rest)| {
                    !n.is_empty()
                        && n.len() <= 2
                        && n.chars().all(|c| c.is_ascii_digit())
                        && rest.starts_with(' ')
                })
                .map(|(_, rest)| rest);
            bullet(l)
                .or(numbered.map(|n| n.trim().to_string()))
                .unwrap_or_else(|| l.to_string())
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// How a long answer shows once given: its length and its start, so a
/// 3,000-character paste leaves one readable line on a small screen, not
/// the whole text again (terminal review K6). A short answer shows as it
/// is.
pub fn answer_shown(answer: &str) -> String {
    let paragraphs = answer
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    let chars = answer.chars().count();
    if chars <= 120 && !answer.contains('\n') {
        return answer.to_string();
    }
    // "3,043 characters": digits grouped in threes.
    let digits = chars.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let count = format!("{grouped} characters");
    let count = if paragraphs > 1 {
        format!("{count} in {paragraphs} paragraphs")
    } else {
        count
    };
    format!("{count}, starting \"{}\"", shorten(answer, 50))
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
    choose_document_on(data, chrono::Local::now().date_naive(), p)
}

/// As [`choose_document`], counting questions as of `today`.
pub fn choose_document_on(
    data: &DataSource,
    today: NaiveDate,
    p: &mut dyn Prompter,
) -> Result<Option<String>> {
    let (situations, documents) = crate::frontends::flow::first_question(data)?;
    if documents.is_empty() {
        bail!("there are no documents to choose from");
    }
    loop {
        let options: Vec<String> = situations.iter().map(|s| s.label.clone()).collect();
        let chosen = match p.choose("What is happening? Choose the closest.", &options)? {
            Pick::Chosen(n) => &situations[n],
            // Esc here asks before stopping (terminal review T10).
            Pick::Back => {
                let options = vec!["Go back to the list".to_string(), "Stop here".to_string()];
                match p.choose("Stop here? Nothing has been answered yet.", &options)? {
                    Pick::Chosen(0) | Pick::Back => continue,
                    _ => return Ok(None),
                }
            }
            Pick::Quit => return Ok(None),
        };
        match &chosen.goes_to {
            SituationGoesTo::Document(id) => {
                // Say which document fits, and what else may (review D2).
                let engine = Engine::load(data, id)?;
                let s = crate::frontends::flow::suggestion(&engine, data, today)?;
                let mut text = format!(
                    "We suggest: {}\n\n{}\n\nIt goes from {} to {}. About {} questions.",
                    s.title, s.summary, s.from, s.to, s.questions
                );
                for r in &s.related {
                    text.push_str(&format!("\n\nAlso: {}. {}", r.title, r.note));
                }
                p.say(&text)?;
                let mut options = vec![format!("Start: {}", s.title)];
                for r in &s.related {
                    options.push(format!("Start instead: {}", r.title));
                }
                options.push("Choose something else".to_string());
                match p.choose("What would you like to do?", &options)? {
                    Pick::Chosen(0) => return Ok(Some(id.clone())),
                    Pick::Chosen(n) if n <= s.related.len() => {
                        return Ok(Some(s.related[n - 1].id.clone()))
                    }
                    Pick::Chosen(_) | Pick::Back => continue,
                    Pick::Quit => return Ok(None),
                }
            }
            SituationGoesTo::Route { advice, next } => {
                p.say(advice)?;
                if let Some(help) = crate::frontends::help::plain(
                    &crate::frontends::help::for_document(data, None)?,
                ) {
                    p.say(&help)?;
                }
                // Never the end of the program: a letter that helps where
                // there is one, and always the way back to the list
                // (terminal review T15).
                let mut options = Vec::new();
                if let Some(next) = next {
                    options.push(format!("Start: {}", next.title));
                }
                options.push("Choose something else".to_string());
                options.push("Stop here".to_string());
                let start = usize::from(next.is_some());
                match p.choose("What would you like to do?", &options)? {
                    Pick::Chosen(0) if next.is_some() => {
                        return Ok(next.as_ref().map(|n| n.id.clone()))
                    }
                    Pick::Chosen(n) if n == start => continue,
                    Pick::Back => continue,
                    _ => return Ok(None),
                }
            }
            SituationGoesTo::Everything => {
                let options: Vec<String> = documents.iter().map(|d| d.title.clone()).collect();
                match p.choose("Which document do you need?", &options)? {
                    Pick::Chosen(n) => return Ok(Some(documents[n].id.clone())),
                    Pick::Back => continue,
                    Pick::Quit => return Ok(None),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_become_one_item_each_without_their_bullets() {
        // Terminal review K10.
        assert_eq!(
            pasted_items("- A report card\n\n* Two meetings\n3. A referral to the SEN team\r\n"),
            [
                "A report card",
                "Two meetings",
                "A referral to the SEN team"
            ]
        );
        assert_eq!(pasted_items("One thing - typed"), ["One thing - typed"]);
        assert_eq!(pasted_items("- One line"), ["One line"]);
        assert_eq!(pasted_items("2026. A year"), ["2026. A year"]);
        assert!(pasted_items("  \n ").is_empty());
    }

    #[test]
    fn a_long_answer_shows_as_its_length_and_its_start() {
        // Terminal review K6.
        assert_eq!(answer_shown("Short."), "Short.");
        let long = format!("{}\n\n{}", "a".repeat(2000), "b".repeat(1043));
        let shown = answer_shown(&long);
        assert!(
            shown.starts_with("3,045 characters in 2 paragraphs, starting \"aaa"),
            "{shown}"
        );
        assert!(shown.chars().count() < 120, "{shown}");
    }
}
