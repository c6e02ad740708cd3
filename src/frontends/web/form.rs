//! Decoding what a browser posts (`application/x-www-form-urlencoded`),
//! strictly: every name must be one the pages use, every value valid
//! UTF-8 without control characters other than tabs and line breaks, and
//! a single-valued field given once. Anything else is a [`FormError`],
//! which the server answers with a 400 page. Nothing here panics on any
//! input (fuzzed by `fuzz/fuzz_targets/form.rs`).

use crate::documents::document::{Question, QuestionType};
use crate::frontends::flow::{Action, At, State};
use crate::pipeline::answers::Raw;
use percent_encoding::percent_decode;

/// Why a form could not be read, in words for the error page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError(pub String);

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

/// The names a page's form can send. `item` may be repeated (one per row
/// of a list); the others come at most once.
const FIELDS: &[&str] = &[
    "state",
    "action",
    "answer",
    "answer-day",
    "answer-month",
    "answer-year",
    "item",
    "from",
    "situation",
    "document",
];

/// The fields of one form post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

fn decode_part(bytes: &[u8], what: &str) -> Result<String, FormError> {
    let plus: Vec<u8> = bytes
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let decoded: Vec<u8> = percent_decode(&plus).collect();
    String::from_utf8(decoded)
        .map_err(|_| FormError(format!("the form's {what} is not valid text (UTF-8)")))
}

impl Form {
    /// Decodes a flow page's form body.
    pub fn decode(body: &[u8]) -> Result<Form, FormError> {
        Self::decode_with(body, |name| FIELDS.contains(&name))
    }

    /// Decodes a form body whose field names `allowed` accepts.
    pub fn decode_with(body: &[u8], allowed: impl Fn(&str) -> bool) -> Result<Form, FormError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in body.split(|b| *b == b'&') {
            if part.is_empty() {
                continue;
            }
            let (name, value) = match part.iter().position(|b| *b == b'=') {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, &b""[..]),
            };
            let name = decode_part(name, "field name")?;
            if !allowed(&name) {
                return Err(FormError(format!(
                    "the form has a field `{}` that no fairmove page sends",
                    shorten(&name)
                )));
            }
            let value = decode_part(value, &format!("field `{name}`"))?;
            if let Some(c) = control_char(&value) {
                return Err(FormError(format!(
                    "the form's field `{name}` contains a control character (U+{:04X}), \
                     which cannot be typed into a page",
                    c as u32
                )));
            }
            if name != "item" && pairs.iter().any(|(n, _)| *n == name) {
                return Err(FormError(format!(
                    "the form gives the field `{name}` more than once"
                )));
            }
            pairs.push((name, value));
        }
        Ok(Form { pairs })
    }

    /// Adds a field read from elsewhere (a multipart form), with the same
    /// checks as [`Form::decode`].
    pub fn push(&mut self, name: &str, value: String) -> Result<(), FormError> {
        let mut body = String::new();
        for (n, v) in &self.pairs {
            body.push_str(&format!("{}={}&", enc(n), enc(v)));
        }
        body.push_str(&format!("{}={}", enc(name), enc(&value)));
        *self = Form::decode(body.as_bytes())?;
        Ok(())
    }

    /// A single-valued field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated field, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The answers carried in a page (`state`), as JSON: the document they
/// are for, the answers and the questions dealt with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Carried {
    pub document: String,
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, Raw>,
    #[serde(default)]
    pub asked: std::collections::BTreeSet<String>,
    /// The school's term dates (YAML), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
}

/// Reads the `state` field for document `doc`: none means no answers yet.
pub fn state(form: &Form, doc: &str) -> Result<State, FormError> {
    let Some(text) = form.get("state") else {
        return Ok(State::default());
    };
    if text.trim().is_empty() {
        return Ok(State::default());
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        FormError(format!(
            "the answers carried in the page could not be read ({e})"
        ))
    })?;
    // A control character written as a JSON escape (`\u0001`) is refused as
    // it is in any other field, never stripped silently (review F11).
    if let Some(c) = control_in(&value) {
        return Err(FormError(format!(
            "the answers carried in the page contain a control character (U+{:04X}), \
             which cannot be typed into a page",
            c as u32
        )));
    }
    let carried: Carried = serde_json::from_value(value).map_err(|e| {
        FormError(format!(
            "the answers carried in the page could not be read ({e})"
        ))
    })?;
    if carried.document != doc {
        return Err(FormError(format!(
            "the answers in the page are for `{}`, but this page is for `{doc}`",
            shorten(&carried.document)
        )));
    }
    Ok(State {
        answers: carried.answers,
        asked: carried.asked,
        terms: carried.terms,
    })
}

/// The first control character in `s` other than a tab or a line break:
/// nothing a person can type into a page.
fn control_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The first such control character in any string or key of a JSON value.
fn control_in(v: &serde_json::Value) -> Option<char> {
    match v {
        serde_json::Value::String(s) => control_char(s),
        serde_json::Value::Array(a) => a.iter().find_map(control_in),
        serde_json::Value::Object(m) => m
            .iter()
            .find_map(|(k, v)| control_char(k).or_else(|| control_in(v))),
        _ => None,
    }
}

/// The `state` field's value for these answers.
pub fn carry(doc: &str, state: &State) -> String {
    serde_json::to_string(&Carried {
        document: doc.to_string(),
        answers: state.answers.clone(),
        asked: state.asked.clone(),
        terms: state.terms.clone(),
    })
    .unwrap_or_default()
}

/// What a flow page asked for: a step of the flow, or (for a list) one
/// more empty row on the same question.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Step(Action),
    /// Show the question again with the rows typed so far and one more.
    MoreRows {
        question: String,
        items: Vec<String>,
    },
}

/// The action a flow page's form asks for. `question` looks up a question
/// by id (for an answer, its fields are read by its type).
pub fn request<'q>(
    form: &Form,
    question: impl Fn(&str) -> Option<&'q Question>,
) -> Result<Request, FormError> {
    let action = form.get("action").unwrap_or("resume");
    let (verb, arg) = match action.split_once(':') {
        Some((v, a)) => (v, Some(a)),
        None => (action, None),
    };
    let known = |id: &str| -> Result<&'q Question, FormError> {
        question(id).ok_or_else(|| {
            FormError(format!(
                "the form is about a question `{}` that this document does not have",
                shorten(id)
            ))
        })
    };
    let need = |what: &str| FormError(format!("the form's action `{verb}` needs {what}"));
    Ok(Request::Step(match (verb, arg) {
        ("resume", None) => Action::Resume,
        ("check", None) => Action::Check,
        ("write", None) => Action::Write,
        ("answer", Some(id)) | ("more", Some(id)) => {
            let q = known(id)?;
            let raw = answer(form, q)?;
            if verb == "more" {
                let items = raw
                    .list_texts()
                    .ok_or_else(|| FormError("only a list can have more rows".into()))?;
                if items.len() >= crate::base::limits::MAX_LIST_ITEMS {
                    return Err(FormError(format!(
                        "a list can have at most {} items",
                        crate::base::limits::MAX_LIST_ITEMS
                    )));
                }
                return Ok(Request::MoreRows {
                    question: q.id.clone(),
                    items,
                });
            }
            Action::Answer {
                question: q.id.clone(),
                raw,
            }
        }
        ("change", Some(id)) => Action::Change {
            question: known(id)?.id.clone(),
        },
        ("back", Some("review")) => Action::Back { from: At::Review },
        ("back", Some("findings")) => Action::Back { from: At::Findings },
        ("back", Some(id)) => Action::Back {
            from: At::Question(known(id)?.id.clone()),
        },
        ("answer" | "more" | "change" | "back", None) => return Err(need("a question")),
        _ => {
            return Err(FormError(format!(
                "the form asks for `{}`, which no fairmove page does",
                shorten(action)
            )))
        }
    }))
}

/// The answer to `q` in the form's fields, as the interview takes it: a
/// date from its day, month and year, a list from its rows, anything else
/// from `answer`. Fields of another type are refused.
pub fn answer(form: &Form, q: &Question) -> Result<Raw, FormError> {
    let has = |n: &str| form.get(n).is_some();
    let wrong = || {
        FormError(format!(
            "the form's fields do not fit the question `{}` ({})",
            q.id,
            q.kind.describe()
        ))
    };
    match q.kind {
        QuestionType::Date => {
            if has("answer") || !form.all("item").is_empty() {
                return Err(wrong());
            }
            let part = |n: &str| form.get(n).unwrap_or("").trim().to_string();
            let (d, m, y) = (
                part("answer-day"),
                part("answer-month"),
                part("answer-year"),
            );
            Ok(Raw::Text(if d.is_empty() && m.is_empty() && y.is_empty() {
                String::new()
            } else if m.is_empty() && y.is_empty() && crate::law::calendar::parse_date(&d).is_some()
            {
                // A whole date typed into the Day box ("27/11/2026") is
                // taken as typed, not mangled (review B8).
                d
            } else {
                format!("{d}/{m}/{y}")
            }))
        }
        QuestionType::List => {
            if has("answer") || has("answer-day") || has("answer-month") || has("answer-year") {
                return Err(wrong());
            }
            Ok(Raw::List(
                form.all("item")
                    .into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| Raw::Text(s.to_string()))
                    .collect(),
            ))
        }
        _ => {
            if has("answer-day")
                || has("answer-month")
                || has("answer-year")
                || !form.all("item").is_empty()
            {
                return Err(wrong());
            }
            Ok(Raw::Text(form.get("answer").unwrap_or("").to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_escaped_in_the_state_is_refused() {
        // {"document":"d","answers":{"x":"a\u0001b"}}: the escape passes the
        // field's own check, so the state is checked after reading.
        let f = Form::decode(
            b"state=%7B%22document%22%3A%22d%22%2C%22answers%22%3A%7B%22x%22%3A%22a%5Cu0001b%22%7D%7D",
        )
        .unwrap();
        let err = state(&f, "d").unwrap_err();
        assert!(err.0.contains("control character (U+0001)"), "{err}");
        // A line break written as an escape is an ordinary answer.
        let f = Form::decode(
            b"state=%7B%22document%22%3A%22d%22%2C%22answers%22%3A%7B%22x%22%3A%22a%5Cnb%22%7D%7D",
        )
        .unwrap();
        assert!(state(&f, "d").is_ok());
    }

    #[test]
    fn decodes_plus_percent_and_repeats() {
        let f = Form::decode(b"answer=Zo%C3%AB+O%27Brien&item=a&item=b%26c").unwrap();
        assert_eq!(f.get("answer"), Some("Zoë O'Brien"));
        assert_eq!(f.all("item"), ["a", "b&c"]);
    }

    #[test]
    fn refuses_what_no_page_sends() {
        for (body, want) in [
            (&b"nonsense=1"[..], "no fairmove page sends"),
            (b"answer=%FF%FE", "not valid text"),
            (b"answer=a%01b", "control character"),
            (b"answer=a&answer=b", "more than once"),
        ] {
            let err = Form::decode(body).unwrap_err();
            assert!(err.0.contains(want), "{body:?}: {err}");
        }
    }

    #[test]
    fn line_breaks_and_tabs_are_typed_text() {
        let f = Form::decode(b"answer=one%0D%0Atwo%09three").unwrap();
        assert_eq!(f.get("answer"), Some("one\r\ntwo\tthree"));
    }

    #[test]
    fn state_for_another_document_is_refused() {
        let body = format!(
            "state={}",
            percent_encoding::utf8_percent_encode(
                &carry("evidence-request", &State::default()),
                percent_encoding::NON_ALPHANUMERIC
            )
        );
        let f = Form::decode(body.as_bytes()).unwrap();
        assert!(state(&f, "evidence-request").is_ok());
        let err = state(&f, "withdraw-exclusion").unwrap_err();
        assert!(err.0.contains("are for `evidence-request`"), "{err}");
    }
}
