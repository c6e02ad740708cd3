//! Plain language: every question and "why we ask" text must be easy to
//! read. The Flesch reading ease (206.835 - 1.015 x words per sentence -
//! 84.6 x syllables per word) must be at least 60, roughly what a
//! 12-year-old reads without trouble. The worst texts are printed so they
//! can be rewritten.

use fairmove::data::DataSource;
use fairmove::document::{list_ids, load_def};

const MINIMUM: f64 = 60.0;

/// Syllables in one word, by the usual vowel-group rule with corrections
/// for a silent final "e" and "-le" endings. Good to about one syllable in
/// ten words, which is what the score needs.
fn syllables(word: &str) -> usize {
    let w: String = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let chars: Vec<char> = w.chars().collect();
    let mut count: usize = 0;
    let mut prev = false;
    for &c in &chars {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = chars.len();
    // A silent final "e" ("make", "excluded" is not one), but "-le" after a
    // consonant is a syllable ("table").
    if chars[n - 1] == 'e' && !(n >= 3 && chars[n - 2] == 'l' && !vowel(chars[n - 3])) {
        count = count.saturating_sub(1);
    }
    // "-ed" is silent except after t or d ("asked", but "excluded").
    if w.ends_with("ed") && n > 3 && !matches!(chars[n - 3], 't' | 'd') && !vowel(chars[n - 3]) {
        count = count.saturating_sub(1);
    }
    count.max(1)
}

/// The Flesch reading ease of a text.
fn reading_ease(text: &str) -> f64 {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == '-')
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .collect();
    if words.is_empty() {
        return 100.0;
    }
    let sentences = text
        .split(['.', '?', '!', ':', ';'])
        .filter(|s| s.chars().any(|c| c.is_alphanumeric()))
        .count()
        .max(1);
    let syl: usize = words.iter().map(|w| syllables(w)).sum();
    206.835
        - 1.015 * (words.len() as f64 / sentences as f64)
        - 84.6 * (syl as f64 / words.len() as f64)
}

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
