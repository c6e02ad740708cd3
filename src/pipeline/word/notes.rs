//! Footnotes and the review copy's comments: footnote definitions taken
//! out of the Markdown and placed as real Word footnotes at their
//! references, and the margin comments of an advocate's review copy.

use super::*;

/// A footnote's text: runs of (text, italic).
pub(super) type Note = Vec<(String, bool)>;

/// Separates footnote definitions from the body: the body's events, and
/// each definition's text by label.
pub(super) fn split_footnotes(events: Vec<Event>) -> (Vec<Event>, HashMap<String, Note>) {
    let mut body = Vec::with_capacity(events.len());
    let mut notes: HashMap<String, Note> = HashMap::new();
    let mut current: Option<(String, Note)> = None;
    let mut italic = 0u32;
    for e in events {
        match (&mut current, e) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                current = Some((label.to_string(), Vec::new()));
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                let (label, note) = current.take().expect("inside a definition");
                notes.insert(label, note);
            }
            (Some((_, note)), Event::Text(t) | Event::Code(t)) => {
                note.push((t.to_string(), italic > 0));
            }
            (Some((_, note)), Event::SoftBreak | Event::HardBreak) => {
                note.push((" ".to_string(), false));
            }
            (Some(_), Event::Start(Tag::Emphasis)) => italic += 1,
            (Some(_), Event::End(TagEnd::Emphasis)) => italic = italic.saturating_sub(1),
            (Some(_), _) => {}
            (None, e) => body.push(e),
        }
    }
    (body, notes)
}

impl Builder {
    /// The review copy's comment for the paragraph just finished: the
    /// findings on the first one, then the answers it came from and the
    /// guidance it rests on. None when there is nothing to say.
    /// The review comment for the paragraph just finished, if there is
    /// anything to say: its place in the list of comments.
    pub(super) fn review_comment(&mut self) -> Option<usize> {
        let review = self.review.as_mut()?;
        let mut lines: Vec<String> = Vec::new();
        if !review.findings.is_empty() {
            lines.push("What the checks found (fairmove check):".into());
            lines.append(&mut review.findings);
        }
        let text = &self.para_text;
        let from: Vec<String> = review
            .answers
            .iter()
            .filter_map(|(q, forms)| {
                let hits: Vec<&String> =
                    forms.iter().filter(|f| text.contains(f.as_str())).collect();
                // "Thursday 19 November 2026" also contains "19 November
                // 2026": say each answer once.
                let shown: Vec<&str> = hits
                    .iter()
                    .filter(|h| {
                        !hits
                            .iter()
                            .any(|o| o.len() > h.len() && o.contains(h.as_str()))
                    })
                    .map(|h| h.as_str())
                    .collect();
                (!shown.is_empty()).then(|| format!("{q} {}", shown.join("; ")))
            })
            .collect();
        if !from.is_empty() {
            lines.push("From the answers:".into());
            lines.extend(from);
        }
        let rests: Vec<String> = self
            .para_labels
            .iter()
            .filter_map(|l| review.topics.get(l).cloned())
            .collect();
        if !rests.is_empty() {
            lines.push("Rests on:".into());
            lines.extend(rests);
        }
        if lines.is_empty() {
            return None;
        }
        let mut runs = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                ooxml::line_break(&mut runs);
            }
            ooxml::run(&mut runs, RPr::default(), l);
        }
        self.comments.push(runs);
        Some(self.comments.len() - 1)
    }

    pub(super) fn footnote(&mut self, label: &CowStr) {
        let Some(note) = self.notes.get(label.as_ref()) else {
            self.text(&format!("[^{label}]"));
            return;
        };
        // A space after the number Word and LibreOffice put before the text.
        let mut runs = String::new();
        ooxml::run(&mut runs, RPr::default(), " ");
        for (text, italic) in note {
            let rpr = RPr {
                italic: *italic,
                ..RPr::default()
            };
            ooxml::run(&mut runs, rpr, text);
        }
        self.footnotes.push(runs);
        let id = self.footnotes.len();
        self.para_labels.push(label.to_string());
        self.open_paragraph();
        self.flush_break();
        if let Some(p) = self.para.as_mut() {
            ooxml::footnote_reference(&mut p.runs, id);
        }
    }
}
