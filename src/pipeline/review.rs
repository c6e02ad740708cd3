//! The notes of an advocate's review copy (`fairmove draft --review`): each
//! answer as it is printed in the document, each guidance topic with its
//! citation and law, and every finding of the checks. The Word stage puts
//! them in comments beside the paragraphs they explain.

use crate::documents::document::QuestionType;
use crate::documents::engine::Engine;
use crate::law::calendar::{long_date, parse_date, weekday_date};
use crate::pipeline::checks::Findings;
use crate::pipeline::facts::Facts;
use crate::pipeline::word::Review;
use serde_json::Value;

/// The review notes for one drafted document.
pub fn notes(engine: &Engine, facts: &Facts, findings: &Findings) -> Review {
    let mut review = Review::default();
    for f in &findings.findings {
        let mut line = format!("{}: {}", f.label(), f.message);
        for c in &f.citations {
            line.push_str(&format!(" ({})", c.cite));
        }
        review.findings.push(line);
    }
    for q in &engine.doc.def.questions {
        let Some(v) = facts.get(&q.id) else { continue };
        let ask = q.ask.trim().to_string();
        // A choice or a yes/no puts fairmove's own words in the document,
        // so only what the person typed can be found in a paragraph.
        let forms: Vec<String> = match (q.kind, v) {
            (QuestionType::Date, Value::String(s)) => match parse_date(s) {
                Some(d) => vec![long_date(d), weekday_date(d)],
                None => continue,
            },
            (QuestionType::Choice | QuestionType::YesNo, _) => continue,
            (_, Value::String(s)) => s.split("\n\n").map(|p| p.trim().to_string()).collect(),
            (_, Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(String::from))
                .collect(),
            _ => continue,
        };
        // Too short to find reliably ("Jo", "9").
        let forms: Vec<String> = forms
            .into_iter()
            .filter(|f| f.chars().count() >= 4)
            .collect();
        if !forms.is_empty() {
            review.answers.push((ask, forms));
        }
    }
    if let Some(edition) = engine.guidance.by_id(&facts.edition_id) {
        for p in &edition.paragraphs {
            let mut line = format!("{}: {}", p.topic, edition.cite(p));
            let law = engine.guidance.law_citations(p);
            if !law.is_empty() {
                line.push_str(&format!(". Law: {}", law.join("; ")));
            }
            review.topics.insert(p.id.clone(), line);
        }
    }
    review
}
