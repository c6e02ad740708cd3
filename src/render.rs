//! Stage 4: tera renders the document's template to Markdown. Every answer
//! is Markdown-escaped on the way in (see `templating`), so what a person
//! typed always comes out literally.

use crate::engine::{Engine, BODY};
use crate::facts::Facts;
use anyhow::Result;

impl Engine {
    /// Renders the document as Markdown.
    pub fn render_markdown(&self, facts: &Facts) -> Result<String> {
        let md = self.render(BODY, &facts.tera_context())?;
        Ok(tidy_blank_lines(&md))
    }
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
