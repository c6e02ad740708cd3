//! Reading ease of the finished documents (issue 12): every letter, drafted
//! from its example and from at least two other answers files, scores a
//! Flesch reading ease of 60 or more on fairmove's own words (names,
//! addresses, dates and everything else the person typed, quotations and
//! citations left out), and no sentence of fairmove's own is longer than
//! 30 words. Records are scored and reported, not held to the bar.

mod common;

use common::readability::{reading_ease, sentences, word_count};
use common::*;
use fairmove::base::data::DataSource;
use fairmove::pipeline::answers::Answers;
use fairmove::Engine;
use serde_json::Value;
use std::path::{Path, PathBuf};

const MINIMUM: f64 = 60.0;
const LONGEST: usize = 30;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Every answers file for `id` that drafts: the example, then the fixtures.
fn answers_files(id: &str) -> Vec<PathBuf> {
    let mut files = vec![example(id)];
    for dir in [
        "tests/fixtures",
        "tests/fixtures/law",
        "tests/fixtures/reading",
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .filter(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .lines()
                    .any(|l| l.trim() == format!("document: {id}"))
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// The document's own words: the Markdown with everything the person
/// typed, quotations, citations and Markdown syntax taken out.
fn own_words(engine: &Engine, path: &Path) -> Option<String> {
    let answers = Answers::load(path).ok()?;
    let facts = engine.facts(&answers, today()).ok()?;
    if engine.check(&facts).ok()?.is_blocked() {
        return None;
    }
    let md = engine.render_markdown(&facts).ok()?;
    let mut typed: Vec<String> = Vec::new();
    // What the person typed: text, dates and lists (a choice or a yes/no
    // puts fairmove's own words in the letter), and values derived from it.
    use fairmove::documents::document::QuestionType::{Choice, YesNo};
    let ids = engine
        .doc
        .def
        .questions
        .iter()
        .filter(|q| !matches!(q.kind, Choice | YesNo))
        .map(|q| q.id.as_str())
        .chain(engine.doc.def.derived.iter().map(|d| d.id.as_str()));
    for id in ids {
        match facts.get(id) {
            Some(Value::String(s)) => {
                typed.push(s.clone());
                if let Some(d) = fairmove::law::calendar::parse_date(s) {
                    typed.push(fairmove::law::calendar::weekday_date(d));
                    typed.push(fairmove::law::calendar::long_date(d));
                }
            }
            Some(Value::Array(items)) => {
                typed.extend(items.iter().filter_map(|v| v.as_str().map(String::from)))
            }
            _ => {}
        }
    }
    // Longest first, so a name inside a longer answer goes with it.
    typed.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut text = String::new();
    for line in md.lines() {
        let line = line.trim();
        // Quotations and footnote definitions are not fairmove's words.
        if line.starts_with('>') || line.starts_with("[^") {
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    let mut text = text
        .replace('\\', "")
        .replace("**", "")
        .replace(['*', '#', '|', '\u{2029}'], " ");
    // Footnote references.
    while let Some(i) = text.find("[^") {
        let end = text[i..].find(']').map(|j| i + j + 1).unwrap_or(text.len());
        text.replace_range(i..end, "");
    }
    // Anything in curly quotation marks is a quotation.
    while let Some(i) = text.find('“') {
        let end = text[i..]
            .find('”')
            .map(|j| i + j + '”'.len_utf8())
            .unwrap_or(text.len());
        text.replace_range(i..end, "");
    }
    for t in typed {
        for part in t.split("\n\n") {
            let part = part.trim();
            if part.chars().count() > 1 {
                text = text.replace(part, " ");
            }
        }
    }
    // List markers and table rules.
    let text: String = text
        .lines()
        .map(|l| {
            l.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-' || c == ' ')
                .to_string()
        })
        .filter(|l| !l.chars().all(|c| c == '-' || c == ' '))
        .collect::<Vec<_>>()
        .join("\n");
    Some(text)
}

#[test]
fn letters_are_easy_to_read_and_records_report_their_score() {
    let data = DataSource::builtin();
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for id in fairmove::documents::document::list_ids(&data).unwrap() {
        let engine = Engine::load(&data, &id).unwrap();
        let is_letter = engine.doc.def.kind == "letter";
        let mut drafted = 0;
        for path in answers_files(&id) {
            let Some(text) = own_words(&engine, &path) else {
                continue;
            };
            drafted += 1;
            // Enough of a letter's own words left to score (a form such as
            // the pupil's page is mostly blank lines to write on).
            let words = word_count(&text);
            assert!(
                !is_letter || words >= 60,
                "{id}: only {words} words of its own:\n{text}"
            );
            let score = reading_ease(&text);
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            report.push(format!("{score:6.1}  {id} ({name})"));
            if !is_letter {
                continue;
            }
            if score < MINIMUM {
                let mut hardest: Vec<(f64, String)> = sentences(&text)
                    .into_iter()
                    .filter(|s| word_count(s) >= 5)
                    .map(|s| (reading_ease(&s), s))
                    .collect();
                hardest.sort_by(|a, b| a.0.total_cmp(&b.0));
                failures.push(format!(
                    "{id} ({name}) scores {score:.1}; its hardest sentences:\n{}",
                    hardest
                        .iter()
                        .take(5)
                        .map(|(s, t)| format!("    {s:6.1}  {t}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                ));
            }
            for s in sentences(&text) {
                let n = word_count(&s);
                if n > LONGEST {
                    failures.push(format!("{id} ({name}): a sentence of {n} words: {s}"));
                }
            }
        }
        if is_letter {
            assert!(drafted >= 3, "{id}: only {drafted} answers files draft");
        }
    }
    println!("Reading ease of fairmove's own words (higher is easier):");
    for r in &report {
        println!("{r}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
