//! Stage 4: tera renders the document's template to Markdown. Every answer
//! is Markdown-escaped on the way in (see `templating`), so what a person
//! typed always comes out literally.

use crate::engine::{Engine, BODY};
use crate::facts::Facts;
use crate::guidance::{Edition, Guidance, Paragraph, Verified};
use anyhow::Result;

/// How a document gives its sources: Word footnotes (the default), a
/// list at the end (with the place in brackets in the text), or not at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sources {
    #[default]
    Footnotes,
    Appendix,
    None,
}

impl Sources {
    /// The name templates see as `sources`.
    pub fn name(self) -> &'static str {
        match self {
            Sources::Footnotes => "footnotes",
            Sources::Appendix => "appendix",
            Sources::None => "none",
        }
    }

    /// What a template prints where a statement rests on a guidance topic
    /// (`guidance[topic].mark`): a footnote reference, the place in
    /// brackets, or nothing.
    pub fn mark(self, p: &Paragraph) -> String {
        match self {
            Sources::Footnotes => format!("[^{}]", p.id),
            Sources::Appendix => format!(" (DfE guidance, {})", p.place()),
            Sources::None => String::new(),
        }
    }
}

impl Engine {
    /// Renders the document as Markdown. With footnotes, the definition of
    /// each footnote the text refers to is added at the end: the edition,
    /// the paragraph or section, and the law (for the school's type, where
    /// the answers say it).
    pub fn render_markdown(&self, facts: &Facts) -> Result<String> {
        let md = self.render(BODY, &facts.tera_context())?;
        let mut md = tidy_blank_lines(&md);
        if self.sources == Sources::Footnotes {
            let edition = self
                .guidance
                .by_id(&facts.edition_id)
                .expect("facts carry a known edition");
            let school = facts.get("school_type").and_then(|v| v.as_str());
            let notes = footnote_definitions(&md, edition, &self.guidance, school);
            if !notes.is_empty() {
                md.push('\n');
                md.push_str(&notes);
            }
        }
        Ok(md)
    }
}

/// `[^topic]: ...` for every guidance topic the Markdown refers to, in the
/// order first referred to. The first gives the guidance's full title; the
/// rest a short form, as a lawyer would. A reference an answer typed is
/// escaped (`\[^`), so it is never taken for one.
fn footnote_definitions(
    md: &str,
    edition: &Edition,
    guidance: &Guidance,
    school: Option<&str>,
) -> String {
    let mut found: Vec<(usize, &Paragraph)> = edition
        .paragraphs
        .iter()
        .filter_map(|p| {
            let mark = format!("[^{}]", p.id);
            md.match_indices(&mark)
                .find(|(i, _)| !md[..*i].ends_with('\\'))
                .map(|(i, _)| (i, p))
        })
        .collect();
    found.sort_by_key(|(i, _)| *i);
    let mut out = String::new();
    for (n, (_, p)) in found.iter().enumerate() {
        let what = if n == 0 {
            format!("DfE, *{}* ({})", edition.title, edition.label)
        } else {
            format!("DfE exclusion guidance ({})", edition.label)
        };
        let mut note = format!("{what}, {}.", p.place());
        let laws: Vec<String> = p
            .law
            .iter()
            .filter_map(|id| guidance.provision(id))
            .filter(|l| l.verified != Verified::Unverified)
            .map(|l| match school.and_then(|s| l.by_school.get(s)) {
                Some(one) => format!("{one} of the {}", l.title),
                None => l.citation.clone(),
            })
            .collect();
        if !laws.is_empty() {
            note.push_str(&format!(" Law: {}.", laws.join("; ")));
        }
        out.push_str(&format!("[^{}]: {note}\n\n", p.id));
    }
    out.trim_end().to_string() + "\n"
}

/// Template conditionals leave runs of blank lines; one is enough.
fn tidy_blank_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end_matches([' ', '\t']);
        // Keep a Markdown hard break (a trailing backslash) as it is.
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string() + "\n"
}
