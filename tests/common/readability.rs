//! Readability: the Flesch reading ease (206.835 - 1.015 x words per
//! sentence - 84.6 x syllables per word), shared by the tests that score
//! the questions and the finished letters.

/// Syllables in one word, by the usual vowel-group rule with corrections
/// for a silent final "e" and "-le" endings. Good to about one syllable in
/// ten words, which is what the score needs.
pub fn syllables(word: &str) -> usize {
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
pub fn reading_ease(text: &str) -> f64 {
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

/// The sentences of a text: split after `.`, `?` or `!` before a space,
/// and at line ends (a heading or a list item is a sentence of its own).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            current.push(*c);
            let ends = matches!(c, '.' | '?' | '!' | ':' | ';')
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            if ends {
                push_sentence(&mut out, &current);
                current.clear();
            }
        }
        push_sentence(&mut out, &current);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().any(|c| c.is_alphabetic()) {
        out.push(s);
    }
}

/// Words in a sentence, as the score counts them.
pub fn word_count(s: &str) -> usize {
    s.split(|c: char| c.is_whitespace() || c == '/' || c == '-')
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count()
}
