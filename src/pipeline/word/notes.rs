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
    pub(super) fn review_comment(&mut self) -> Option<Comment> {
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
        let c = Comment::new(self.next_comment)
            .author("fairmove")
            .date(self.comment_date.clone());
        self.next_comment += 1;
        // One paragraph with line breaks: docx-rs writes a comment once for
        // each of its paragraphs, so several paragraphs would repeat it.
        let mut p = Paragraph::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
            }
            p = p.add_run(Run::new().add_text(xml_text(l)));
        }
        Some(c.add_paragraph(p))
    }

    /// A real Word footnote at this point, with the definition's text; a
    /// reference with no definition is left as it was written.
    pub(super) fn footnote(&mut self, label: &CowStr) {
        let Some(note) = self.notes.get(label.as_ref()) else {
            self.text(&format!("[^{label}]"));
            return;
        };
        // A space after the number Word and LibreOffice put before the text.
        let mut p = Paragraph::new()
            .style("FootnoteText")
            .add_run(Run::new().add_text(" "));
        for (text, italic) in note {
            let mut r = Run::new().add_text(xml_text(text));
            if *italic {
                r = r.italic();
            }
            p = p.add_run(r);
        }
        let id = self.next_note;
        self.next_note += 1;
        self.para_labels.push(label.to_string());
        self.open_paragraph();
        self.flush_break();
        let footnote = Footnote {
            id,
            content: vec![p],
        };
        self.para = self
            .para
            .take()
            .map(|p| p.add_run(Run::new().add_footnote_reference(footnote)));
    }
}
