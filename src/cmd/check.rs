//! `fairmove check ANSWERS`: the findings, in plain English.

use super::{load_answers, wrap, BLOCKED};
use anyhow::Result;
use chrono::NaiveDate;
use fairmove::checks::Findings;
use fairmove::data::DataSource;
use fairmove::document::{self, Severity};
use fairmove::Engine;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    data: &DataSource,
    path: &Path,
    document: Option<&str>,
    today: NaiveDate,
) -> Result<ExitCode> {
    let (answers, id) = load_answers(data, path, document)?;
    let engine = Engine::load(data, &id)?;
    let facts = engine.facts(&answers, today)?;
    let findings = engine.check(&facts)?;
    let edition = engine
        .guidance
        .by_id(&facts.edition_id)
        .expect("known edition");
    println!("Checked {} for: {}", path.display(), engine.doc.def.title);
    println!(
        "Guidance applied: DfE exclusion guidance, {} (in force on {}).",
        edition.label,
        fairmove::calendar::long_date(
            facts
                .get(&engine.doc.def.edition_date)
                .and_then(|v| v.as_str())
                .and_then(fairmove::calendar::parse_date)
                .expect("edition date is set")
        )
    );
    println!();
    print!("{}", report(data, &findings));
    Ok(if findings.is_blocked() {
        ExitCode::from(BLOCKED)
    } else {
        ExitCode::SUCCESS
    })
}

/// The findings as text for a terminal, most serious first.
pub fn report(data: &DataSource, findings: &Findings) -> String {
    let mut out = String::new();
    if findings.findings.is_empty() {
        out.push_str("No findings: the answers fit the guidance as far as fairmove can check.\n");
        return out;
    }
    for f in &findings.findings {
        out.push_str(&format!("{:<8} {}\n", f.severity.label(), f.rule));
        out.push_str(&wrap(&f.message, "  ", 80));
        for c in &f.citations {
            out.push_str(&wrap(&format!("Guidance: {}.", c.cite), "  ", 80));
            if let Some(q) = &c.quotation {
                out.push_str(&wrap(&format!("“{q}”"), "    ", 80));
            }
        }
        if let Some(next) = &f.next {
            if let Ok(def) = document::load_def(data, next) {
                out.push_str(&wrap(
                    &format!(
                        "Next step: {} (run `fairmove questions {next}`).",
                        def.title
                    ),
                    "  ",
                    80,
                ));
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
            "{b} finding(s) stop this document being written as it stands; see above for why and what to do. "
        ));
    } else {
        out.push_str("Nothing stops this document being written. ");
    }
    out.push_str(&format!("{w} warning(s), {n} note(s).\n"));
    out
}
