//! Text for a terminal: findings in plain English, wrapped to a width.
//! Shared by `check`, `draft` and the interview.

use crate::base::data::DataSource;
use crate::documents::document::{self, Severity};
use crate::pipeline::checks::Findings;

/// The findings as text for a terminal, most serious first, each next
/// document with the command that starts it (for `check` and `draft`).
pub fn findings(data: &DataSource, findings: &Findings) -> String {
    text(data, findings, true)
}

/// The same for the interview, where the next documents are offered as
/// choices: no command to type (terminal review T12).
pub fn findings_plain(data: &DataSource, findings: &Findings) -> String {
    text(data, findings, false)
}

fn text(data: &DataSource, findings: &Findings, commands: bool) -> String {
    let mut out = String::new();
    if findings.findings.is_empty() {
        out.push_str("No findings: the answers fit the guidance as far as fairmove can check.\n");
        return out;
    }
    for f in &findings.findings {
        // The date that matters most says so, as the web pages' tag does
        // ("Key date": a reply-by date is not a legal deadline).
        let label = f.label();
        out.push_str(&format!("{label:<8} {}\n", f.rule));
        out.push_str(&wrap(&f.message, "  ", 80));
        for c in &f.citations {
            out.push_str(&wrap(&format!("Guidance: {}.", c.cite), "  ", 80));
            for l in &c.law {
                out.push_str(&wrap(&format!("Law: {l}."), "  ", 80));
            }
            if let Some(q) = &c.quotation {
                out.push_str(&wrap(&format!("“{q}”"), "    ", 80));
            }
        }
        if let Some(next) = &f.next {
            if let Ok(def) = document::load_def(data, next) {
                let line = if commands {
                    format!(
                        "Next step: {} (run `fairmove questions {next}`).",
                        def.title
                    )
                } else {
                    format!("What helps next: {}.", def.title)
                };
                out.push_str(&wrap(&line, "  ", 80));
            }
        }
        out.push('\n');
    }
    let count = |s: Severity| findings.findings.iter().filter(|f| f.severity == s).count();
    let (b, w, n) = (
        count(Severity::Block),
        count(Severity::Warn),
        count(Severity::Note),
    );
    if b > 0 {
        out.push_str(&format!(
            "{} this document being written as it stands; see above for why and what to do. ",
            count_of(b, "finding stops", "findings stop")
        ));
    } else {
        out.push_str("Nothing stops this document being written. ");
    }
    out.push_str(&format!(
        "{}, {}.\n",
        count_of(w, "warning", "warnings"),
        count_of(n, "note", "notes")
    ));
    out
}

use crate::base::words::{count_of, wrap};
