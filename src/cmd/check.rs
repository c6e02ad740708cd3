//! `fairmove check ANSWERS`: the findings, in plain English.

use super::{load_answers, BLOCKED};
use anyhow::Result;
use chrono::NaiveDate;
use fairmove::base::data::DataSource;
pub use fairmove::frontends::report::findings as report;
use fairmove::Engine;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    data: &DataSource,
    path: &Path,
    document: Option<&str>,
    today: NaiveDate,
    calendar: fairmove::law::calendar::Calendar,
) -> Result<ExitCode> {
    let (answers, id) = load_answers(data, path, document)?;
    // The same calendar as `draft`, so --terms gives the same findings.
    let calendar = super::calendar_for(calendar, &answers)?;
    let engine = Engine::load_with_calendar(data, &id, Some(calendar))?;
    let facts = engine.facts(&answers, today)?;
    let findings = engine.check(&facts)?;
    let edition = engine
        .guidance
        .by_id(&facts.edition_id)
        .expect("known edition");
    println!(
        "Checked {} for: {}",
        fairmove::base::input::display_name(path),
        engine.doc.def.title
    );
    println!(
        "Guidance applied: DfE exclusion guidance, {} (in force on {}).",
        edition.label,
        fairmove::law::calendar::long_date(
            facts
                .get(&engine.doc.def.edition_date)
                .and_then(|v| v.as_str())
                .and_then(fairmove::law::calendar::parse_date)
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
