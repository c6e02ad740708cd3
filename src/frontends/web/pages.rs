//! The browser's renderer of the flow's screens: each [`Screen`] becomes an
//! HTML page from `templates/web/` (minijinja, HTML-escaped), in the GOV.UK
//! Design System's patterns. Nothing here decides what comes next.

use super::form::carry;
use crate::base::data::DataSource;
use crate::documents::document::{QuestionType, Severity};
use crate::documents::templating::Context;
use crate::frontends::flow::{Next, QuestionScreen, Screen, Situation, SituationGoesTo, State};
use crate::law::calendar::parse_date;
use crate::pipeline::answers::Raw;
use crate::pipeline::checks::Findings;
use crate::Engine;
use anyhow::{Context as _, Result};
use serde_json::{json, Value};

/// The compiled page templates.
pub type Pages = minijinja::Environment<'static>;

/// The page templates, under `templates/web/` (so a `--data` folder can
/// change their wording too).
pub const PAGES: &[&str] = &[
    "page.html",
    "macros.html",
    "start.html",
    "documents.html",
    "route.html",
    "suggest.html",
    "question.html",
    "review.html",
    "terms.html",
    "fix.html",
    "findings.html",
    "done.html",
    "restore.html",
    "error.html",
];

/// Loads and compiles the page templates.
pub fn load(data: &DataSource) -> Result<Pages> {
    let mut env = crate::documents::templating::plain_environment();
    for name in PAGES {
        let f = data.read(&format!("templates/web/{name}"))?;
        env.add_template_owned(*name, f.text)
            .with_context(|| format!("{} is not a valid template", f.origin))?;
    }
    // Term dates a council ships in its data folder, to choose on Check
    // your answers (review B9); checked here, so a wrong file stops the
    // server starting rather than a family's page.
    let known: Vec<Value> = crate::law::calendar::known_terms(data)?
        .into_iter()
        .map(|(id, t)| json!({ "id": id, "name": t.name }))
        .collect();
    env.add_global(
        "known_terms",
        minijinja::Value::from(minijinja::value::Serde(known)),
    );
    Ok(env)
}

/// What every page of a document's flow carries: the document and the
/// answers so far (for the forms and the "download my answers" button).
pub fn base(engine: &Engine, state: &State) -> Context {
    let def = &engine.doc.def;
    let mut ctx = Context::new();
    ctx.insert(
        "doc",
        &json!({ "id": def.id, "title": def.title, "kind": def.kind, "from": def.from, "to": def.to,
                 "summary": def.summary.split_whitespace().collect::<Vec<_>>().join(" ") }),
    );
    ctx.insert("state", &carry(&def.id, state));
    ctx.insert(
        "terms",
        &json!({
            "name": engine.calendar.terms().map(|t| t.name.clone()),
            "given": state.terms.is_some(),
        }),
    );
    ctx
}

fn severity(s: Severity) -> Value {
    let (label, class) = match s {
        Severity::Block => ("Stops the document", "govuk-tag--red"),
        Severity::Warn => ("Check before you send", "govuk-tag--yellow"),
        Severity::Note => ("Worth knowing", "govuk-tag--blue"),
    };
    json!({ "label": label, "class": class })
}

/// The findings as the pages show them, most serious first.
pub fn findings_value(data: &DataSource, findings: &Findings) -> Value {
    Value::Array(
        findings
            .findings
            .iter()
            .map(|f| {
                let next = f.next.as_ref().and_then(|id| {
                    crate::documents::document::load_def(data, id)
                        .ok()
                        .map(|d| json!({"id": id, "title": d.title}))
                });
                // The deadline that matters most is labelled as such.
                let sev = match (f.severity, f.deadline) {
                    (Severity::Warn, true) => {
                        json!({ "label": "Warning: key date", "class": "govuk-tag--red" })
                    }
                    (Severity::Note, true) => {
                        json!({ "label": "Key date", "class": "govuk-tag--orange" })
                    }
                    _ => severity(f.severity),
                };
                json!({
                    "deadline": f.deadline,
                    "severity": sev,
                    "blocks": f.severity == Severity::Block,
                    "message": f.message,
                    "citations": f.citations.iter().map(|c| json!({
                        "cite": c.cite, "law": c.law, "quotation": c.quotation,
                    })).collect::<Vec<_>>(),
                    "next": next,
                })
            })
            .collect(),
    )
}

fn nexts(next: &[Next]) -> Value {
    Value::Array(
        next.iter()
            .map(|n| json!({"id": n.id, "title": n.title, "note": n.note}))
            .collect(),
    )
}

/// The answer's fields as the question page fills them in.
fn fields(s: &QuestionScreen, extra_rows: usize) -> Value {
    let q = s.question;
    let text = match &s.current {
        Some(Raw::Text(t)) => t.clone(),
        Some(Raw::Bool(true)) => "yes".into(),
        Some(Raw::Bool(false)) => "no".into(),
        Some(Raw::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    match q.kind {
        QuestionType::Date => {
            // A checked date is YYYY-MM-DD; a date that did not fit comes
            // back as typed, day/month/year.
            let (d, m, y) = match parse_date(&text) {
                Some(date) if text.contains('-') => (
                    date.format("%-d").to_string(),
                    date.format("%-m").to_string(),
                    date.format("%Y").to_string(),
                ),
                _ => {
                    let mut parts = text.splitn(3, '/').map(str::to_string);
                    (
                        parts.next().unwrap_or_default(),
                        parts.next().unwrap_or_default(),
                        parts.next().unwrap_or_default(),
                    )
                }
            };
            json!({ "day": d, "month": m, "year": y })
        }
        QuestionType::List => {
            let mut items = s
                .current
                .as_ref()
                .and_then(Raw::list_texts)
                .unwrap_or_default();
            for _ in 0..(1 + extra_rows) {
                items.push(String::new());
            }
            json!({ "items": items })
        }
        QuestionType::YesNo => {
            let mut options = vec![
                json!({"value": "yes", "label": "Yes", "checked": text == "yes"}),
                json!({"value": "no", "label": "No", "checked": text == "no"}),
            ];
            if !q.required {
                options.push(json!({"value": "", "label": "Leave it empty (this question is optional)", "checked": matches!(s.current, Some(Raw::Null))}));
            }
            json!({ "options": options })
        }
        QuestionType::Choice => {
            let mut options: Vec<Value> = q
                .choices
                .iter()
                .map(|c| json!({"value": c.value, "label": c.label, "checked": c.value == text}))
                .collect();
            if !q.required {
                options.push(json!({"value": "", "label": "Leave it empty (this question is optional)", "checked": matches!(s.current, Some(Raw::Null))}));
            }
            json!({ "options": options })
        }
        QuestionType::Text | QuestionType::Paragraph => json!({ "text": text }),
    }
}

/// A date's error in the words of its three boxes (the flow's message is
/// written for a date typed on one line), and the box to put right first.
/// `None` when the date was not typed into the boxes, or all are empty.
fn date_error(s: &QuestionScreen) -> Option<(String, &'static str)> {
    if s.question.kind != QuestionType::Date {
        return None;
    }
    let typed = match &s.current {
        Some(Raw::Text(t)) if !t.contains('-') => t,
        _ => return None,
    };
    let parts: Vec<&str> = typed.split('/').map(str::trim).collect();
    if parts.len() != 3 {
        return None;
    }
    let boxes = [("a day", "day"), ("a month", "month"), ("a year", "year")];
    let missing: Vec<(&str, &'static str)> = boxes
        .into_iter()
        .zip(&parts)
        .filter(|(_, p)| p.is_empty())
        .map(|(b, _)| b)
        .collect();
    let number = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    match missing.len() {
        // A date that reads, refused for what it says (after today, before
        // the letter...): the flow's own message says why (review B8).
        0 if crate::law::calendar::parse_date(typed).is_some() => None,
        0 if !number(parts[1]) => Some((
            format!(
                "The month must be a number, for example {} (\"{}\" is not one)",
                s.question.example_date().format("%-m"),
                parts[1]
            ),
            "month",
        )),
        0 if !number(parts[0]) => Some(("The day must be a number, for example 16".into(), "day")),
        0 if parts[2].len() != 4 => Some((
            "The year must have 4 numbers, for example 2026".into(),
            "year",
        )),
        0 => Some((
            "The date must be a real date, for example 16 11 2026".into(),
            "day",
        )),
        3 => None,
        _ => Some((
            format!(
                "The date must include {}",
                missing
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            missing[0].1,
        )),
    }
}

fn kind_name(k: QuestionType) -> &'static str {
    match k {
        QuestionType::Text => "text",
        QuestionType::Paragraph => "paragraph",
        QuestionType::Date => "date",
        QuestionType::YesNo => "yesno",
        QuestionType::Choice => "choice",
        QuestionType::List => "list",
    }
}

/// The field an error summary links to.
fn first_field(k: QuestionType) -> &'static str {
    match k {
        QuestionType::Date => "answer-day",
        QuestionType::List => "item-1",
        QuestionType::YesNo | QuestionType::Choice => "answer",
        _ => "answer",
    }
}

/// The page for one screen of the flow. `messages` are the step's notices;
/// `extra_rows` adds empty rows to a list.
pub fn screen(
    pages: &Pages,
    data: &DataSource,
    engine: &Engine,
    state: &State,
    screen: &Screen,
    messages: &[String],
    extra_rows: usize,
) -> Result<String> {
    let mut ctx = base(engine, state);
    // A message may end in a list, one "- " line an item (what was carried
    // over from another document): its sentences, then its items.
    let messages: Vec<serde_json::Value> = messages
        .iter()
        .map(|m| {
            let (items, text): (Vec<&str>, Vec<&str>) =
                m.lines().partition(|l| l.starts_with("- "));
            json!({
                "text": text.join(" "),
                "items": items.iter().map(|i| &i[2..]).collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.insert("messages", &messages);
    let template = match screen {
        Screen::Question(s) => {
            let q = s.question;
            // Said once: a question whose words already say it may be left
            // empty gets no "(optional)" (review D16).
            let says_optional = {
                let a = q.ask.to_lowercase();
                a.contains("optional") || a.contains("leave it empty")
            };
            ctx.insert(
                "q",
                &json!({
                    "id": q.id,
                    "ask": q.ask.trim(),
                    "help": q.help.as_deref().map(|h| h.split_whitespace().collect::<Vec<_>>().join(" ")),
                    "kind": kind_name(q.kind),
                    "required": q.required,
                    "says_optional": says_optional,
                    // The question's own example (a birth date looks like
                    // one), as day, month and year (review D19).
                    "date_example": q.example_date().format("%-d %-m %Y").to_string(),
                    "first_field": first_field(q.kind),
                }),
            );
            ctx.insert("progress", &s.progress());
            ctx.insert("cites", &s.cites);
            match (&s.error, date_error(s)) {
                (Some(_), Some((message, first_box))) => {
                    ctx.insert("error", &message);
                    // The error summary links to the box to put right.
                    ctx.insert("error_href", &format!("answer-{first_box}"));
                }
                (error, _) => ctx.insert("error", error),
            }
            ctx.insert("fields", &fields(s, extra_rows));
            ctx.insert("previous", &s.previous.map(|p| p.id.clone()));
            "question.html"
        }
        Screen::Review(rows) => {
            ctx.insert(
                "rows",
                &rows
                    .iter()
                    .map(|r| json!({"id": r.question.id, "ask": r.question.ask.trim(), "answer": r.answer, "to_add": r.to_add}))
                    .collect::<Vec<_>>(),
            );
            "review.html"
        }
        Screen::Fix(fixes) => {
            ctx.insert(
                "fixes",
                &fixes
                    .iter()
                    .map(|f| json!({"id": f.question, "ask": f.ask, "message": f.message}))
                    .collect::<Vec<_>>(),
            );
            "fix.html"
        }
        Screen::Findings {
            blocked,
            findings,
            next,
        } => {
            ctx.insert("blocked", blocked);
            ctx.insert("findings", &findings_value(data, findings));
            ctx.insert(
                "help",
                &crate::frontends::help::for_document(data, Some(&engine.doc.def))?,
            );
            ctx.insert("next", &nexts(next));
            ctx.insert("edition", &findings.edition);
            "findings.html"
        }
        Screen::Done(done) => {
            ctx.insert("letter", &letter_html(&done.markdown));
            ctx.insert("send", &done.send);
            ctx.insert(
                "help",
                &crate::frontends::help::for_document(data, Some(&engine.doc.def))?,
            );
            ctx.insert("findings", &findings_value(data, &done.findings));
            ctx.insert("next", &nexts(&done.next));
            ctx.insert(
                "file_name",
                &format!(
                    "{}-{}.docx",
                    engine.doc.def.id,
                    done.facts.document_date.format("%Y-%m-%d")
                ),
            );
            "done.html"
        }
    };
    Ok(crate::documents::templating::render(pages, template, &ctx)?)
}

/// The letter's Markdown as HTML to read through. Raw HTML in the Markdown
/// (there should be none: answers are escaped) is shown as text.
pub fn letter_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_TASKLISTS,
    )
    .map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        // A record's tick box is something to read, not a form control
        // (axe: a checkbox needs a label): a box drawn as text, named for
        // a screen reader.
        Event::TaskListMarker(done) => Event::InlineHtml(
            if done {
                r#"<span role="img" aria-label="Ticked:">☒</span> "#
            } else {
                r#"<span role="img" aria-label="Not ticked:">☐</span> "#
            }
            .into(),
        ),
        e => e,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    without_empty_heads(out)
}

/// The page without the head rows of tables whose head is empty (a
/// record's columns to fill in by hand): an empty header cell names
/// nothing (axe: empty-table-header).
fn without_empty_heads(html: String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<thead>") {
        let Some(len) = rest[start..].find("</thead>") else {
            break;
        };
        let end = start + len + "</thead>".len();
        let head = &rest[start..end];
        let mut text = String::new();
        let mut in_tag = false;
        for c in head.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push_str(&rest[..start]);
        if !text.trim().is_empty() {
            out.push_str(head);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The start page: what is happening, and carrying on from a file.
pub fn start(pages: &Pages, situations: &[Situation], error: Option<&str>) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert(
        "situations",
        &situations
            .iter()
            .enumerate()
            .map(|(i, s)| json!({"value": i, "label": s.label}))
            .collect::<Vec<_>>(),
    );
    ctx.insert("error", &error);
    Ok(crate::documents::templating::render(
        pages,
        "start.html",
        &ctx,
    )?)
}

/// Every document, to choose one.
pub fn documents(pages: &Pages, documents: &[Next], error: Option<&str>) -> Result<String> {
    let mut ctx = Context::new();
    let options: Vec<Value> = documents
        .iter()
        .map(|d| json!({"value": d.id, "label": d.title}))
        .collect();
    ctx.insert("documents", &options);
    ctx.insert("error", &error);
    Ok(crate::documents::templating::render(
        pages,
        "documents.html",
        &ctx,
    )?)
}

/// The document fairmove suggests for the situation chosen, and what else
/// may fit (browser review D2).
pub fn suggest(
    pages: &Pages,
    situation: &str,
    s: &crate::frontends::flow::Suggestion,
) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("situation", situation);
    ctx.insert("s", s);
    Ok(crate::documents::templating::render(
        pages,
        "suggest.html",
        &ctx,
    )?)
}

/// A situation a managed move does not fit: the advice, and the document
/// that helps where there is one.
pub fn route(pages: &Pages, data: &DataSource, s: &Situation) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("situation", &s.label);
    ctx.insert("help", &crate::frontends::help::for_document(data, None)?);
    if let SituationGoesTo::Route { advice, next } = &s.goes_to {
        ctx.insert("advice", advice);
        ctx.insert(
            "next",
            &next.as_ref().map(|n| json!({"id": n.id, "title": n.title})),
        );
    }
    Ok(crate::documents::templating::render(
        pages,
        "route.html",
        &ctx,
    )?)
}

/// The page a browser gets when it asks for a document's page without its
/// answers (a bookmark, or a reload the browser did not post): with
/// JavaScript, the answers kept in the browser carry on.
pub fn restore(pages: &Pages, engine: &Engine) -> Result<String> {
    let mut ctx = Context::new();
    ctx.insert("restore_doc", &engine.doc.def.id);
    Ok(crate::documents::templating::render(
        pages,
        "restore.html",
        &ctx,
    )?)
}

/// The page for typing the school's term dates, with what is wrong with
/// each box when it was sent wrong.
pub fn term_dates(
    pages: &Pages,
    engine: &Engine,
    state: &State,
    typed: &crate::law::typed_terms::Typed,
    problems: &[crate::law::typed_terms::Problem],
) -> Result<String> {
    use crate::law::typed_terms::term_fields;
    let mut ctx = base(engine, state);
    let error = |field: &str| {
        problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.clone())
    };
    let terms: Vec<Value> = typed
        .terms
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let names = term_fields(n + 1);
            let labels = [
                "First day of term",
                "First day of the half-term holiday",
                "Last day of the half-term holiday",
                "Last day of term",
            ];
            let values = [&t.start, &t.half_start, &t.half_end, &t.end];
            let boxes: Vec<Value> = (0..4)
                .map(|k| {
                    json!({ "name": names[k], "label": labels[k], "value": values[k],
                            "error": error(&names[k]) })
                })
                .collect();
            let word = crate::law::typed_terms::term_word(n + 1);
            json!({
                "legend": format!("{}{} term", word[..1].to_uppercase(), &word[1..]),
                "boxes": boxes,
            })
        })
        .collect();
    ctx.insert(
        "terms_form",
        &json!({
            "name": typed.name, "name_error": error("name"),
            "inset": typed.inset, "inset_error": error("inset"),
            "terms": terms,
            "more": typed.terms.len() < crate::law::typed_terms::MAX_TYPED_TERMS,
        }),
    );
    ctx.insert(
        "problems",
        &problems
            .iter()
            .map(|p| json!({ "field": p.field, "message": p.message }))
            .collect::<Vec<_>>(),
    );
    Ok(crate::documents::templating::render(
        pages,
        "terms.html",
        &ctx,
    )?)
}

/// An error page: a title and what to do.
pub fn error(pages: &Pages, title: &str, message: &str) -> String {
    let mut ctx = Context::new();
    ctx.insert("title", title);
    ctx.insert("message", message);
    crate::documents::templating::render(pages, "error.html", &ctx).unwrap_or_else(|_| {
        // The error page itself failed (a changed template): plain text.
        format!("{title}\n\n{message}\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_with_an_empty_head_is_shown_without_it() {
        let html = letter_html(
            "| | |\n|---|---|\n| Name | Signature |\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(html.matches("<thead>").count(), 1, "{html}");
        assert!(html.contains("<th>A</th>"), "{html}");
        assert!(html.contains("<td>Name</td>"), "{html}");
    }
}
