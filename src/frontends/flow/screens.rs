//! What the flow shows: the screens, the actions that move between them,
//! and where the person is.

use crate::documents::document::Question;
use crate::pipeline::answers::Raw;
use crate::pipeline::checks::Findings;
use crate::pipeline::facts::Facts;

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
