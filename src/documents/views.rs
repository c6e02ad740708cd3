//! The guidance, the law and the edition in force as the templates see
//! them (`guidance[topic]`, `law[id]`, `edition`).

use crate::law::guidance::{Edition, Guidance, Verified};
use serde_json::{json, Map, Value};

/// The edition as templates see it: its fields plus its `facts` flattened.
pub fn edition_value(e: &Edition) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert("label".into(), json!(e.label));
    m.insert("title".into(), json!(e.title));
    m.insert("publisher".into(), json!(e.publisher));
    m.insert("source".into(), json!(e.source));
    m.insert(
        "in_force_from".into(),
        json!(e.in_force_from.format("%Y-%m-%d").to_string()),
    );
    for (k, v) in &e.facts {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

/// The guidance topics as templates see them, keyed by topic id. `law` is
/// the verified legal provisions the topic rests on, joined by "; ";
/// `mark` is what goes where a statement rests on the topic (print it with
/// `| safe`): a footnote reference, the place in brackets, or nothing.
/// `section` is there only where the heading is verified.
pub fn guidance_value(e: &Edition, g: &Guidance, sources: crate::base::sources::Sources) -> Value {
    let mut m = Map::new();
    for p in &e.paragraphs {
        m.insert(
            p.id.clone(),
            json!({
                "topic": p.topic,
                "subject": p.subject,
                "paragraph": p.paragraph,
                "section": if p.section_verified { Some(&p.section) } else { None },
                "locator": p.locator(),
                "place": p.place(),
                "cite": e.cite(p),
                "quotation": p.quotation,
                "summary": p.summary,
                "law": g.law_citations(p).join("; "),
                "mark": sources.mark(&p.id),
            }),
        );
    }
    Value::Object(m)
}

/// The law as templates see it, keyed by provision id; a provision not
/// verified is left out, so no template can print it.
pub fn law_value(g: &Guidance) -> Value {
    let mut m = Map::new();
    for l in g.law.iter().filter(|l| l.verified != Verified::Unverified) {
        m.insert(
            l.id.clone(),
            json!({
                "citation": l.citation,
                "title": l.title,
                "by_school": l.by_school,
            }),
        );
    }
    Value::Object(m)
}
