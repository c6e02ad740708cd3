//! A document is data: `templates/<id>/document.yaml` (what it is and the
//! questions it asks), `templates/<id>/rules.yaml` (the checks, each citing
//! the guidance) and `templates/<id>/template.md` (the tera template that
//! renders Markdown). Adding a letter means adding a folder, not Rust code.

use crate::base::data::DataSource;
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a document definition says about itself and its questions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDef {
    pub id: String,
    pub title: String,
    /// letter, record or form.
    pub kind: String,
    /// Who writes it, e.g. "a parent, carer or advocate".
    pub from: String,
    /// Who it is for, e.g. "the headteacher".
    pub to: String,
    /// One or two sentences on when to use it.
    pub summary: String,
    /// Plain phrases a person might start from ("My child has been
    /// permanently excluded"), for the interview's first question.
    #[serde(default)]
    pub situations: Vec<String>,
    /// Where its situations come in the interview's first question (lower
    /// first; documents without one come last, by id).
    #[serde(default = "last")]
    pub order: u32,
    /// Body text size in points (default 12); a page a child reads can be
    /// larger.
    #[serde(default = "twelve")]
    pub font_size: u32,
    /// The question whose date picks the guidance edition.
    pub edition_date: String,
    /// The question holding the document's own date (defaults to today).
    pub document_date: String,
    pub questions: Vec<Question>,
    /// Values computed from the answers (tera expressions, in order).
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// When the finished letter must arrive, and the last day to post it:
    /// ids of derived values or answers holding dates. The last screen says
    /// what to send, to whom and by when (issue 27, terminal review K3).
    #[serde(default)]
    pub send: Option<SendBy>,
    /// Whether a family writes it (a school or council writes the records
    /// and notices): where to get help is shown with a family's documents.
    #[serde(default = "yes")]
    pub for_families: bool,
    /// Other documents that may fit the same situation, each with when it
    /// fits and which comes first: shown with the suggestion.
    #[serde(default)]
    pub related: Vec<Related>,
}

/// When a letter must arrive, and the last day to post it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SendBy {
    /// The id of a value holding the day it must arrive by.
    #[serde(default)]
    pub by: Option<String>,
    /// The id of a value holding the last day to post it.
    #[serde(default)]
    pub post_by: Option<String>,
    /// What the date is ("before the governing board meets").
    #[serde(default)]
    pub why: Option<String>,
}

/// Another document that may fit, and when.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub id: String,
    /// When it fits instead, or as well, and which comes first.
    pub note: String,
    /// A condition over the finished document's facts: offered after the
    /// document is written only when it holds (a complaint about pressure
    /// only to someone who said there was pressure; terminal review K1).
    /// Before the first question it is always shown, with its note.
    #[serde(default)]
    pub when: Option<String>,
}

impl DocumentDef {
    /// "letter", "record" or "form", as a sentence names the document.
    pub fn kind_word(&self) -> &str {
        match self.kind.as_str() {
            "record" | "form" | "notice" => &self.kind,
            _ => "letter",
        }
    }
}

/// One question, used by `questions`, validation and the interview alike.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The question, in plain English.
    pub ask: String,
    /// Why we ask, in plain English.
    #[serde(default)]
    pub help: Option<String>,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// A tera expression: ask only when it is true.
    #[serde(default)]
    pub when: Option<String>,
    /// Guidance topics behind the question.
    #[serde(default)]
    pub cite: Vec<String>,
    /// For a text question whose answer the rules count with: it must be
    /// a number in this range, given when it is answered (never left for a
    /// check to skip).
    #[serde(default)]
    pub number: Option<NumberRule>,
    /// Answers refused as they are given, with the reason (a date that
    /// cannot be right for this question): the interview and the web pages
    /// ask again at once instead of finding it questions later.
    #[serde(default)]
    pub refuse: Vec<Refusal>,
    /// For a paragraph that is not prose (an address, contact details):
    /// every line break is kept, not only blank lines (review D4).
    #[serde(default)]
    pub lines: bool,
    /// A detail: optional, not asked on the way through (so the common path
    /// is short), offered on Check your answers to add (review item 8).
    #[serde(default)]
    pub detail: bool,
    /// Whether an answer given for another document may be carried into
    /// this one. `false` for answers that belong to one document only (how
    /// to attend this meeting, the reply date this letter asks for): the
    /// same words in another document may not hold (issue 24 item 3).
    #[serde(default = "yes")]
    pub carry: bool,
}

/// One reason an answer cannot be right, checked as it is given.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// A tera condition over the answers so far (this one included) and
    /// `today`: the answer is refused when it is true.
    pub when: String,
    /// What is wrong and what to do (a tera template over the same).
    pub message: String,
}

/// What a number answer must be.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRule {
    pub min: f64,
    pub max: f64,
    /// A whole number (weeks), not a percentage with a fraction.
    #[serde(default)]
    pub whole: bool,
    /// What the number counts, for the message ("school weeks", "%").
    pub unit: String,
}

fn twelve() -> u32 {
    12
}

fn last() -> u32 {
    1000
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionType {
    /// One line of text.
    Text,
    /// Several lines of text.
    Paragraph,
    Date,
    YesNo,
    Choice,
    /// A list of short text items.
    List,
}

impl Question {
    /// The date to show as an example for a date question: its own
    /// example (a birth date looks like one), else 16 November 2026
    /// (review D19). Both front ends give their hints from it.
    pub fn example_date(&self) -> chrono::NaiveDate {
        self.example
            .as_ref()
            .and_then(|e| e.as_str())
            .and_then(crate::law::calendar::parse_date)
            .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("a date"))
    }
}

impl QuestionType {
    pub fn describe(self) -> &'static str {
        match self {
            QuestionType::Text => "text",
            QuestionType::Paragraph => "text (can be several lines)",
            QuestionType::Date => "date",
            QuestionType::YesNo => "yes or no",
            QuestionType::Choice => "one of the choices",
            QuestionType::List => "list",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    pub id: String,
    /// A tera template whose output is the value.
    pub value: String,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document cannot be written as asked.
    Block,
    /// Something to fix or check before sending.
    Warn,
    /// Worth knowing.
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Block => "BLOCKS",
            Severity::Warn => "WARNING",
            Severity::Note => "NOTE",
        }
    }
}

/// One check against the guidance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    /// A tera expression over the answers: the finding applies when true.
    pub when: String,
    /// What it means and what to do, in plain English (a tera template).
    pub message: String,
    /// Guidance topics the rule rests on.
    #[serde(default)]
    pub cite: Vec<String>,
    /// The document that helps next, by id.
    #[serde(default)]
    pub next: Option<String>,
    /// The finding states the deadline that matters most: it is shown
    /// first, after anything that stops the document (browser review D9).
    #[serde(default)]
    pub deadline: bool,
    /// A block that the interview checks as soon as its questions are
    /// answered, so a person learns at once that the document cannot be
    /// written, not questions later (issue 24 item 4). Its `when` and
    /// message may use only answers, `today`, protocols and routes (never
    /// a derived value): an answer not yet given is empty.
    #[serde(default)]
    pub early: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rules: Vec<Rule>,
}

/// A document definition with its rules and template text.
#[derive(Debug, Clone)]
pub struct Document {
    pub def: DocumentDef,
    pub rules: Vec<Rule>,
    pub template: String,
    pub template_origin: String,
}

/// The ids of every document available.
pub fn list_ids(data: &DataSource) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for dir in data.list("templates", true)? {
        if data
            .try_read(&format!("templates/{dir}/document.yaml"))?
            .is_some()
        {
            ids.push(dir);
        }
    }
    Ok(ids)
}

/// Reads only the definition (for listings).
pub fn load_def(data: &DataSource, id: &str) -> Result<DocumentDef> {
    let Some(f) = data.try_read(&format!("templates/{id}/document.yaml"))? else {
        let ids = list_ids(data)?;
        let hint = crate::base::suggest::nearest(id, ids.iter().map(String::as_str))
            .map(|s| format!(" Did you mean `{s}`?"))
            .unwrap_or_default();
        bail!(
            "there is no document called `{id}`.{hint} The documents are: {}. \
             Run `fairmove documents` to see what each one is for.",
            ids.join(", ")
        );
    };
    let def: DocumentDef = f.parse()?;
    if def.id != id {
        bail!(
            "{}: the id `{}` does not match its folder `{id}`",
            f.origin,
            def.id
        );
    }
    check_def(&def, &f.origin)?;
    Ok(def)
}

/// Only a document's title (what comes next names the documents it
/// offers): its definition is read for its id and title alone, and in full,
/// with every check, only when something is wrong with them.
pub fn title(data: &DataSource, id: &str) -> Result<String> {
    #[derive(Deserialize)]
    struct Title {
        id: String,
        title: String,
    }
    if let Some(f) = data.try_read(&format!("templates/{id}/document.yaml"))? {
        if let Ok(t) = f.parse::<Title>() {
            if t.id == id {
                return Ok(t.title);
            }
        }
    }
    Ok(load_def(data, id)?.title)
}

/// Reads the definition, the rules and the template.
pub fn load(data: &DataSource, id: &str) -> Result<Document> {
    let def = load_def(data, id)?;
    let rules = match data.try_read(&format!("templates/{id}/rules.yaml"))? {
        Some(f) => {
            let file: RulesFile = f.parse()?;
            file.rules
        }
        None => Vec::new(),
    };
    let t = data.read(&format!("templates/{id}/template.md"))?;
    Ok(Document {
        def,
        rules,
        template: t.text,
        template_origin: t.origin,
    })
}

fn check_def(def: &DocumentDef, origin: &str) -> Result<()> {
    let mut seen = BTreeSet::new();
    for q in &def.questions {
        if !seen.insert(q.id.as_str()) {
            bail!("{origin}: the question `{}` is defined twice", q.id);
        }
        if q.kind == QuestionType::Choice && q.choices.is_empty() {
            bail!("{origin}: the choice question `{}` has no choices", q.id);
        }
        if crate::base::reserved::RESERVED.contains(&q.id.as_str()) {
            bail!(
                "{origin}: `{}` is reserved and cannot be a question id",
                q.id
            );
        }
        if q.detail && q.required {
            bail!(
                "{origin}: question `{}` is a detail (asked only when added), so it must be `required: false`",
                q.id
            );
        }
        if [
            "today",
            "edition",
            "guidance",
            "law",
            "protocols",
            "routes",
            "sources",
            "calendar_basis",
            "term_dates",
        ]
        .contains(&q.id.as_str())
        {
            bail!("{origin}: `{}` is a name fairmove gives every template, so it cannot be a question id", q.id);
        }
    }
    if !(8..=28).contains(&def.font_size) {
        bail!(
            "{origin}: font_size {} is not between 8 and 28 points",
            def.font_size
        );
    }
    if def.edition_date != def.document_date
        && def
            .questions
            .iter()
            .any(|q| q.id == def.edition_date && (!q.required || q.when.is_some()))
    {
        bail!(
            "{origin}: the edition_date question `{}` must always be asked and answered \
             (required, with no `when`), or be the document_date, which defaults to today",
            def.edition_date
        );
    }
    for (what, id) in [
        ("edition_date", &def.edition_date),
        ("document_date", &def.document_date),
    ] {
        match def.questions.iter().find(|q| &q.id == id) {
            Some(q) if q.kind == QuestionType::Date => {}
            _ => bail!("{origin}: {what} must name a date question, but `{id}` is not one"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod prepared_tests {
    use super::*;

    #[test]
    fn documents_read_the_same_from_json_and_yaml() {
        let data = DataSource::builtin();
        for id in list_ids(&data).unwrap() {
            crate::base::data::assert_prepared_same::<DocumentDef>(&format!(
                "templates/{id}/document.yaml"
            ));
            crate::base::data::assert_prepared_same::<RulesFile>(&format!(
                "templates/{id}/rules.yaml"
            ));
        }
    }
}
