//! Plain language: every question and "why we ask" text must be easy to
//! read. The Flesch reading ease (206.835 - 1.015 x words per sentence -
//! 84.6 x syllables per word) must be at least 60, roughly what a
//! 12-year-old reads without trouble. The worst texts are printed so they
//! can be rewritten.

mod common;

use common::readability::{reading_ease, syllables};
use fairmove::base::data::DataSource;
use fairmove::documents::document::{list_ids, load_def};

const MINIMUM: f64 = 60.0;

#[test]
fn syllable_counts_are_close_enough() {
    for (w, n) in [
        ("the", 1),
        ("school", 1),
        ("make", 1),
        ("table", 2),
        ("asked", 1),
        ("excluded", 3),
        ("headteacher", 3),
        ("exclusion", 3),
        ("governing", 3),
        ("responsibility", 6),
    ] {
        assert_eq!(syllables(w), n, "{w}");
    }
    assert!(reading_ease("The cat sat on the mat.") > 100.0);
    assert!(reading_ease("Notwithstanding the aforementioned considerations, institutional responsibility necessitates comprehensive documentation.") < 0.0);
}

#[test]
fn every_question_and_help_text_is_easy_to_read() {
    let data = DataSource::builtin();
    let mut scored: Vec<(f64, String, String)> = Vec::new();
    let mut too_short = 0;
    for id in list_ids(&data).unwrap() {
        let def = load_def(&data, &id).unwrap();
        for s in &def.situations {
            scored.push((reading_ease(s), format!("{id}: situation"), s.clone()));
        }
        for q in &def.questions {
            scored.push((
                reading_ease(&q.ask),
                format!("{id}/{}: ask", q.id),
                q.ask.clone(),
            ));
            if let Some(h) = &q.help {
                scored.push((reading_ease(h), format!("{id}/{}: help", q.id), h.clone()));
            }
            for c in &q.choices {
                // A label of one or two words (a place name, "Yes") is too
                // short for a reading score: it is counted and reported.
                if c.label.split_whitespace().count() <= 2 {
                    too_short += 1;
                    continue;
                }
                scored.push((
                    reading_ease(&c.label),
                    format!("{id}/{}: choice", q.id),
                    c.label.clone(),
                ));
            }
        }
    }
    assert!(scored.len() > 100, "only {} texts found", scored.len());
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("{too_short} choice labels of one or two words were not scored (too short for the formula).");
    println!("The ten hardest texts to read (Flesch reading ease, higher is easier):");
    for (score, place, text) in scored.iter().take(10) {
        println!("{score:6.1}  {place}: {}", text.trim());
    }
    let hard: Vec<String> = scored
        .iter()
        .filter(|(s, _, _)| *s < MINIMUM)
        .map(|(s, p, t)| format!("{s:6.1}  {p}: {}", t.trim()))
        .collect();
    assert!(
        hard.is_empty(),
        "{} text(s) score below {MINIMUM}; rewrite them with shorter words and sentences:\n{}",
        hard.len(),
        hard.join("\n")
    );
}
