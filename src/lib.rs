//! fairmove: plain-English letters and records for school managed moves and
//! permanent exclusions in England, checked against the DfE guidance.
//!
//! The folders show the architecture, each depending only on those above it:
//!
//! - [`base`]: the shared words below every stage (how sources are cited,
//!   counts and wrapping, the limits on answers), YAML and file input and
//!   output;
//! - [`law`]: the legal data the stages read: the guidance editions and the
//!   law, deadlines, the school calendar, routes and local protocols;
//! - [`documents`]: each document as data (its questions, rules and
//!   template, embedded and overridable from a directory) and the
//!   [`Engine`] that compiles them;
//! - [`pipeline`]: the stages, in order:
//!   1. [`pipeline::answers`]: the answers file (YAML), with where each
//!      answer is;
//!   2. [`pipeline::facts`]: validated, typed facts, with the guidance
//!      edition in force;
//!   3. [`pipeline::checks`]: the document's rules, giving findings that
//!      cite the guidance;
//!   4. [`pipeline::render`]: the document's template rendered to Markdown;
//!   5. [`pipeline::word`]: pulldown-cmark events become a Word document;
//! - [`frontends`]: the question flow, one step function
//!   ([`frontends::flow`]), with two renderers: the terminal interview
//!   ([`frontends::interview`]) and the browser interview
//!   ([`frontends::web`], `fairmove serve`). The command line itself is the
//!   binary's `cmd` folder.

pub mod base;
pub mod documents;
pub mod frontends;
pub mod law;
pub mod pipeline;

pub use documents::engine::Engine;

/// Runs the whole pipeline: answers to Markdown (and findings). When a
/// finding blocks the document nothing is rendered (the Markdown is empty):
/// a blocked document is never written, and its template need not cope
/// with answers the rules have already refused.
pub fn draft_markdown(
    engine: &Engine,
    answers: &pipeline::answers::Answers,
    today: chrono::NaiveDate,
) -> anyhow::Result<(pipeline::facts::Facts, pipeline::checks::Findings, String)> {
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
pub fn to_docx(
    engine: &Engine,
    facts: &pipeline::facts::Facts,
    markdown: &str,
) -> anyhow::Result<Vec<u8>> {
    pipeline::word::markdown_to_docx(markdown, &meta(engine, facts, None))
}

/// An advocate's review copy: the same document, with Word comments in the
/// margin saying where each paragraph came from (the answers, the guidance
/// and the law) and, at the top, every finding of the checks.
pub fn to_review_docx(
    engine: &Engine,
    facts: &pipeline::facts::Facts,
    findings: &pipeline::checks::Findings,
    markdown: &str,
) -> anyhow::Result<Vec<u8>> {
    let review = pipeline::review::notes(engine, facts, findings);
    pipeline::word::markdown_to_docx(markdown, &meta(engine, facts, Some(review)))
}

fn meta(
    engine: &Engine,
    facts: &pipeline::facts::Facts,
    review: Option<pipeline::word::Review>,
) -> pipeline::word::Meta {
    pipeline::word::Meta {
        title: engine.doc.def.title.clone(),
        date: facts.document_date,
        kind: engine.doc.def.kind.clone(),
        font_size: engine.doc.def.font_size,
        review,
    }
}
