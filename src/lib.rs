//! fairmove: plain-English letters and records for school managed moves and
//! permanent exclusions in England, checked against the DfE guidance.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`answers`]: the answers file (YAML), with where each answer is;
//! 2. [`facts`]: validated, typed facts, with the guidance edition in force;
//! 3. [`checks`]: the document's rules, giving findings that cite the guidance;
//! 4. [`render`]: tera renders the document's template to Markdown;
//! 5. [`word`]: pulldown-cmark events become a docx-rs Word document.
//!
//! The question flow is one step function ([`flow`]) with two renderers:
//! the terminal interview ([`interview`]) and the browser interview
//! ([`web`], `fairmove serve`).
//!
//! Documents, questions, rules and guidance are data ([`data`]), embedded in
//! the binary and overridable from a directory.

pub mod answers;
pub mod calendar;
pub mod checks;
pub mod data;
pub mod deadlines;
pub mod document;
pub mod engine;
pub mod facts;
pub mod flow;
pub mod guidance;
pub mod help;
pub mod input;
pub mod interview;
pub mod output;
pub mod protocols;
pub mod render;
pub mod report;
pub mod review;
pub mod routes;
pub mod suggest;
pub mod templating;
pub mod web;
pub mod word;
pub mod yaml;

pub use engine::Engine;

/// Runs the whole pipeline: answers to Markdown (and findings). When a
/// finding blocks the document nothing is rendered (the Markdown is empty):
/// a blocked document is never written, and its template need not cope
/// with answers the rules have already refused.
pub fn draft_markdown(
    engine: &Engine,
    answers: &answers::Answers,
    today: chrono::NaiveDate,
) -> anyhow::Result<(facts::Facts, checks::Findings, String)> {
    let facts = engine.facts(answers, today)?;
    let findings = engine.check(&facts)?;
    let md = if findings.is_blocked() {
        String::new()
    } else {
        engine.render_markdown(&facts)?
    };
    Ok((facts, findings, md))
}

/// The Word document for a rendered Markdown text.
pub fn to_docx(engine: &Engine, facts: &facts::Facts, markdown: &str) -> anyhow::Result<Vec<u8>> {
    word::markdown_to_docx(markdown, &meta(engine, facts, None))
}

/// An advocate's review copy: the same document, with Word comments in the
/// margin saying where each paragraph came from (the answers, the guidance
/// and the law) and, at the top, every finding of the checks.
pub fn to_review_docx(
    engine: &Engine,
    facts: &facts::Facts,
    findings: &checks::Findings,
    markdown: &str,
) -> anyhow::Result<Vec<u8>> {
    let review = review::notes(engine, facts, findings);
    word::markdown_to_docx(markdown, &meta(engine, facts, Some(review)))
}

fn meta(engine: &Engine, facts: &facts::Facts, review: Option<word::Review>) -> word::Meta {
    word::Meta {
        title: engine.doc.def.title.clone(),
        date: facts.document_date,
        kind: engine.doc.def.kind.clone(),
        font_size: engine.doc.def.font_size,
        review,
    }
}
