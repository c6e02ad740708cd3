//! Stage 4: the template engine renders the document's template to Markdown. Every answer
//! is Markdown-escaped on the way in (see `templating`), so what a person
//! typed always comes out literally.

use crate::documents::engine::{Engine, BODY};
use crate::law::guidance::{Edition, Guidance, Paragraph, Verified};
use crate::pipeline::facts::Facts;
use anyhow::Result;

use crate::base::sources::Sources;

impl Engine {
    /// Renders the document as Markdown. With footnotes, the definition of
    /// each footnote the text refers to is added at the end: the edition,
    /// the paragraph or section, and the law (for the school's type, where
    /// the answers say it).
    pub fn render_markdown(&self, facts: &Facts) -> Result<String> {
        let md = self.render(BODY, facts.template_context())?;
        let mut md = tidy_blank_lines(&md);
        let edition = self
            .guidance
            .by_id(&facts.edition_id)
            .expect("facts carry a known edition");
        let school = facts.get("school_type").and_then(|v| v.as_str());
        match self.sources {
            Sources::Footnotes => {
                let notes = footnote_definitions(&md, edition, &self.guidance, school);
                if !notes.is_empty() {
                    md.push('\n');
                    md.push_str(&notes);
                }
            }
            Sources::Appendix => {
                let (text, used) = places_in_brackets(&md, edition);
                md = text;
                if !used.is_empty() {
                    md.push('\n');
                    md.push_str(&appendix(&used, edition, &self.guidance, school));
                }
            }
            Sources::None => {}
        }
        Ok(md)
    }
}

/// The guidance topics the Markdown refers to (`[^topic]` not escaped), in
/// the order first referred to.
fn referred<'e>(md: &str, edition: &'e Edition) -> Vec<(usize, &'e Paragraph)> {
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
    found
}

/// Every reference `[^topic]` in the text becomes the place in brackets
/// ("(DfE guidance, the part on managed moves)"); returns the text and the
/// topics it referred to, in order.
fn places_in_brackets<'e>(md: &str, edition: &'e Edition) -> (String, Vec<&'e Paragraph>) {
    let used: Vec<&Paragraph> = referred(md, edition).into_iter().map(|(_, p)| p).collect();
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(i) = rest.find("[^") {
        let escaped = rest[..i].ends_with('\\');
        let hit = (!escaped)
            .then(|| {
                used.iter()
                    .find(|p| rest[i..].starts_with(&format!("[^{}]", p.id)))
            })
            .flatten();
        match hit {
            Some(p) => {
                out.push_str(&rest[..i]);
                out.push_str(&format!(" (DfE guidance, {})", p.place()));
                rest = &rest[i + p.id.len() + 3..];
            }
            None => {
                out.push_str(&rest[..i + 2]);
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    (out, used)
}

/// The list at the end of a document with `--sources appendix`, after the
/// sign-off: the edition once, then each topic the text relies on with its
/// place and the law.
fn appendix(
    used: &[&Paragraph],
    edition: &Edition,
    guidance: &Guidance,
    school: Option<&str>,
) -> String {
    let mut out = format!(
        "## Sources\n\nDfE, *{}*, {} ({}):\n\n",
        edition.title, edition.label, edition.source
    );
    for p in used {
        out.push_str(&format!("- **{}** ({}).", p.topic, p.place()));
        let laws = laws(p, guidance, school);
        if !laws.is_empty() {
            out.push_str(&format!(" Law: {}.", laws.join("; ")));
        }
        out.push('\n');
    }
    out
}

/// The law a topic rests on, for the school's type where the answers say
/// it; law fairmove could not read is left out.
fn laws(p: &Paragraph, guidance: &Guidance, school: Option<&str>) -> Vec<String> {
    // Provisions of one instrument next to each other are named together
    // ("regulations 5 and 8A of the ... Regulations 2012"), not with the
    // instrument's title twice (documents review C16).
    let mut parts: Vec<(Vec<String>, String)> = Vec::new();
    for l in p
        .law
        .iter()
        .filter_map(|id| guidance.provision(id))
        .filter(|l| l.verified != Verified::Unverified)
    {
        match school.and_then(|s| l.by_school.get(s)) {
            Some(one) => match parts.last_mut() {
                Some((ones, title)) if !ones.is_empty() && *title == l.title => {
                    ones.push(one.clone())
                }
                _ => parts.push((vec![one.clone()], l.title.clone())),
            },
            None => parts.push((Vec::new(), l.citation.clone())),
        }
    }
    parts
        .into_iter()
        .map(|(ones, title)| match ones.as_slice() {
            [] => title,
            [one] => format!("{one} of the {title}"),
            many => {
                let all_regs = many.iter().all(|o| o.starts_with("regulation "));
                let names: Vec<&str> = many
                    .iter()
                    .map(|o| {
                        if all_regs {
                            &o["regulation ".len()..]
                        } else {
                            o.as_str()
                        }
                    })
                    .collect();
                let (last, rest) = names.split_last().expect("two or more");
                format!(
                    "{}{} and {last} of the {title}",
                    if all_regs { "regulations " } else { "" },
                    rest.join(", ")
                )
            }
        })
        .collect()
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
    let found = referred(md, edition);
    let mut out = String::new();
    for (n, (_, p)) in found.iter().enumerate() {
        let what = if n == 0 {
            format!("DfE, *{}* ({})", edition.title, edition.label)
        } else {
            format!("DfE exclusion guidance ({})", edition.label)
        };
        let mut note = format!("{what}, {}.", p.place());
        let laws = laws(p, guidance, school);
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
