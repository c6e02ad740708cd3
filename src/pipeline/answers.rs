//! Stage 1: the answers file. Reads the YAML a person (or the interview)
//! wrote, keeping where each answer is so later errors can point at it.
//! Nothing here knows about any document: that is the next stage's job.

use crate::base::yaml::{convert_error, Pos, YamlError};
use anyhow::{Context, Result};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::fmt;
use std::path::Path;

pub use crate::base::reserved::{RESERVED, TERM_DATES, UNFINISHED};

/// One answer as written, before it is checked against its question.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<Raw>),
    /// A nested mapping: never a valid answer, kept only to say so.
    Map,
}

impl Raw {
    /// The text items of a list answer, or `None` when it is not a list.
    pub fn list_texts(&self) -> Option<Vec<String>> {
        match self {
            Raw::List(items) => Some(
                items
                    .iter()
                    .filter_map(|i| match i {
                        Raw::Text(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// What kind of value this is, in words for error messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Raw::Null => "nothing",
            Raw::Bool(_) => "yes/no",
            Raw::Number(_) => "a number",
            Raw::Text(_) => "text",
            Raw::List(_) => "a list",
            Raw::Map => "a set of named values",
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer: text, a date, yes/no or a list")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
                Ok(Raw::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Raw, E> {
                Ok(Raw::Text(v))
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Raw>()? {
                    items.push(item);
                }
                Ok(Raw::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Raw::Map)
            }
        }
        d.deserialize_any(V)
    }
}

/// One `question_id: value` line of an answers file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Raw,
    pub value_pos: Pos,
}

/// The answers, in the order written, with where each one is.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// The file name to show in messages.
    pub file: String,
    pub entries: Vec<Entry>,
}

struct EntryList(Vec<Entry>);

impl<'de> Deserialize<'de> for EntryList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EntryList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("answers written as `question_id: answer`, one per line")
            }
            fn visit_unit<E>(self) -> Result<EntryList, E> {
                Ok(EntryList(Vec::new()))
            }
            fn visit_none<E>(self) -> Result<EntryList, E> {
                Ok(EntryList(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EntryList, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<Raw>>()?;
                    out.push(Entry {
                        key: key.value,
                        key_pos: Pos::from_location(key.referenced),
                        value: value.value,
                        value_pos: Pos::from_location(value.referenced),
                    });
                }
                Ok(EntryList(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl serde::Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Raw::Null | Raw::Map => s.serialize_unit(),
            Raw::Bool(b) => s.serialize_bool(*b),
            Raw::Number(n) => s.serialize_f64(*n),
            Raw::Text(t) => s.serialize_str(t),
            Raw::List(items) => s.collect_seq(items),
        }
    }
}

/// The entries as one YAML mapping, in the order they were given.
struct InOrder<'a>(&'a [Entry]);

impl serde::Serialize for InOrder<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for e in self.0 {
            map.serialize_entry(&e.key, &e.value)?;
        }
        map.end()
    }
}

impl Answers {
    /// Builds answers from `(question id, answer)` pairs, e.g. from the
    /// interview. Positions are unknown.
    pub fn from_pairs(file: &str, pairs: impl IntoIterator<Item = (String, Raw)>) -> Answers {
        Answers {
            file: file.to_string(),
            entries: pairs
                .into_iter()
                .map(|(key, value)| Entry {
                    key,
                    key_pos: Pos::default(),
                    value,
                    value_pos: Pos::default(),
                })
                .collect(),
        }
    }

    /// The answers as an answers file: `header` (each line becomes a
    /// comment), then one `question_id: answer` per entry, in order. Text is
    /// quoted wherever YAML needs it, so it reads back exactly.
    pub fn to_yaml(&self, header: &str) -> Result<String> {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(if line.is_empty() { "#" } else { "# " });
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(
            &serde_saphyr::to_string(&InOrder(&self.entries))
                .context("could not write the answers as YAML")?,
        );
        Ok(out)
    }

    /// Parses answers from text; `file` is the name used in messages.
    pub fn parse(text: &str, file: &str) -> Result<Answers> {
        // An answers file has a few dozen answers and no use for YAML
        // aliases: tight limits make an alias bomb fail fast instead of
        // taking a server's worker for a second (hosting review F5).
        let options = serde_saphyr::options! {
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
            budget: serde_saphyr::budget! {
                max_events: 200_000,
                max_aliases: 1_000,
                max_anchors: 1_000,
                max_depth: 32,
            },
            alias_limits: serde_saphyr::alias_limits! {
                max_total_replayed_events: 10_000,
                max_replay_stack_depth: 8,
            },
        };
        let list: EntryList =
            serde_saphyr::from_str_with_options(text, options).map_err(|e| -> anyhow::Error {
                let mut y: YamlError = convert_error(&e, file);
                let lower = y.message.to_lowercase();
                // The parser's own words name its settings; a person needs
                // to know what is wrong with the file (hosting review A12).
                if let Some(key) = lower
                    .strip_prefix("duplicate mapping key: ")
                    .map(|rest| rest.split(',').next().unwrap_or(rest).trim().to_string())
                {
                    y.message = format!("`{key}` is answered twice; keep one of the two lines");
                } else if lower.contains("depth") {
                    y.message = "it nests lists or sets of values inside each other far more \
                                 deeply than an answers file does"
                        .into();
                } else if lower.contains("alias")
                    || lower.contains("budget")
                    || lower.contains("anchor")
                {
                    y.message = "it repeats parts of itself through YAML anchors and aliases \
                                 (`&name`, `*name`) far more than an answers file needs"
                        .into();
                }
                y.message = format!(
                    "this is not a valid answers file: {}. Answers are written one per line as \
                     `question_id: answer`; text containing a colon followed by a space, or \
                     starting with a quote, needs quotes around it",
                    y.message
                );
                y.into()
            })?;
        Ok(Answers {
            file: file.to_string(),
            entries: list.0,
        })
    }

    /// Reads and parses an answers file (`-` for standard input), within
    /// the limits of [`crate::base::input`].
    pub fn load(path: &Path) -> Result<Answers> {
        let text = crate::base::input::read_text(path, "the answers file")?;
        Answers::parse(&text, &crate::base::input::display_name(path))
    }

    /// The document the file says it is for (its `document:` line).
    pub fn document(&self) -> Option<String> {
        self.get("document").and_then(|e| match &e.value {
            Raw::Text(s) => Some(s.trim().to_string()),
            _ => None,
        })
    }

    /// The term dates kept with the answers (the text under `term_dates:`)
    /// and a name for them in messages, naming the file and line.
    pub fn term_dates(&self) -> Result<Option<(String, String)>> {
        let Some(e) = self.get(TERM_DATES) else {
            return Ok(None);
        };
        let origin = format!("{}, line {}, `{TERM_DATES}`", self.file, e.key_pos.line);
        match &e.value {
            Raw::Text(t) => Ok(Some((t.clone(), origin))),
            Raw::Null => Ok(None),
            other => anyhow::bail!(
                "{origin}: expected the term dates as a block of text (`{TERM_DATES}: |` and then the term-dates file's lines, indented), not {}",
                other.describe()
            ),
        }
    }

    /// The entry for `key`, if answered.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_values_and_positions() {
        let a = Answers::parse(
            "document: withdraw-exclusion\nname: Zoë\nok: yes\nlist:\n  - a\n  - b\n",
            "a.yaml",
        )
        .unwrap();
        let keys: Vec<_> = a.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["document", "name", "ok", "list"]);
        assert_eq!(a.get("name").unwrap().value, Raw::Text("Zoë".into()));
        assert_eq!(a.get("name").unwrap().key_pos.line, 2);
        assert_eq!(
            a.get("list").unwrap().value,
            Raw::List(vec![Raw::Text("a".into()), Raw::Text("b".into())])
        );
    }

    #[test]
    fn written_answers_read_back_exactly() {
        let tricky = [
            "yes",
            "no",
            "null",
            "~",
            "2026-11-16",
            "12",
            "- not a list",
            "# not a comment",
            "key: value",
            "\"quoted\" and 'single'",
            "{{ template }} {% if %} **bold** <w:t>xml</w:t> &amp;",
            "line one\nline two\n  indented",
            "  leading and trailing spaces  ",
            "tab\tbell\u{7}escape\u{1b}",
            "Zoë عائشة 😀",
            "",
        ];
        let mut pairs: Vec<(String, Raw)> = tricky
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("q{i}"), Raw::Text(t.to_string())))
            .collect();
        pairs.push(("flag".into(), Raw::Bool(false)));
        pairs.push(("skipped".into(), Raw::Null));
        pairs.push((
            "items".into(),
            Raw::List(vec![Raw::Text("a: b".into()), Raw::Text("- c".into())]),
        ));
        let a = Answers::from_pairs("x.yaml", pairs.clone());
        let text = a
            .to_yaml("Saved answers\n\nKeep this file private.")
            .unwrap();
        assert!(
            text.starts_with("# Saved answers\n#\n# Keep this file private.\n"),
            "{text}"
        );
        let back = Answers::parse(&text, "x.yaml").unwrap();
        let got: Vec<(String, Raw)> = back.entries.into_iter().map(|e| (e.key, e.value)).collect();
        assert_eq!(got, pairs, "{text}");
    }

    #[test]
    fn empty_file_has_no_answers() {
        assert!(Answers::parse("", "a.yaml").unwrap().entries.is_empty());
        assert!(Answers::parse("# only a comment\n", "a.yaml")
            .unwrap()
            .entries
            .is_empty());
    }

    #[test]
    fn malformed_yaml_names_file_line_and_column() {
        let err = Answers::parse("name: Sam\nreason: [oops\n", "bad.yaml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("bad.yaml, line "), "{msg}");
        assert!(msg.contains("column"), "{msg}");
    }

    #[test]
    fn duplicate_answer_is_an_error() {
        let err = Answers::parse("name: a\nname: b\n", "d.yaml").unwrap_err();
        assert!(err.to_string().contains("d.yaml"), "{err}");
        // In words a person can act on, not the parser's settings (A12).
        assert!(
            err.to_string().contains("`name` is answered twice"),
            "{err}"
        );
        assert!(!err.to_string().contains("DuplicateKeyPolicy"), "{err}");
    }

    #[test]
    fn deep_nesting_and_aliases_get_messages_of_their_own() {
        let deep = format!("x: {}{}\n", "[".repeat(40), "]".repeat(40));
        let err = Answers::parse(&deep, "n.yaml").unwrap_err().to_string();
        assert!(err.contains("nests lists"), "{err}");
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                p = if i == 0 {
                    "a".to_string()
                } else {
                    format!("b{}", i - 1)
                }
            ));
        }
        let err = Answers::parse(&bomb, "b.yaml").unwrap_err().to_string();
        assert!(err.contains("anchors and aliases"), "{err}");
    }
}
