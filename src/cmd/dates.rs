//! `fairmove dates`: the statutory deadlines, counted in school days.

use super::{date_option, wrap};
use anyhow::{bail, Result};
use chrono::NaiveDate;
use fairmove::base::data::DataSource;
use fairmove::law::calendar::{weekday_date, Calendar};
use fairmove::law::deadlines::{self, status, to_ics};
use fairmove::law::guidance::Guidance;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

pub struct Inputs {
    pub exclusion: Option<String>,
    pub exclusion_start: Option<String>,
    pub board_notified: Option<String>,
    pub board_decision_written: Option<String>,
    pub review_decision_notified: Option<String>,
    pub offsite_start: Option<String>,
    pub letter: Option<String>,
}

pub fn run(
    data: &DataSource,
    calendar: Calendar,
    today: NaiveDate,
    inputs: Inputs,
    ics: Option<&Path>,
    force: bool,
) -> Result<ExitCode> {
    let mut given = BTreeMap::new();
    for (name, value) in [
        ("exclusion", &inputs.exclusion),
        ("exclusion-start", &inputs.exclusion_start),
        ("board-notified", &inputs.board_notified),
        ("board-decision-written", &inputs.board_decision_written),
        ("review-decision-notified", &inputs.review_decision_notified),
        ("offsite-start", &inputs.offsite_start),
        ("letter", &inputs.letter),
    ] {
        if let Some(v) = value {
            given.insert(name.to_string(), date_option(name, v)?);
        }
    }
    let mut notes: Vec<String> = Vec::new();
    if let Some(d) = given.get("exclusion-start").copied() {
        if !calendar.is_school_day(d) {
            // The count starts on the next school day, which is day 1
            // (second audit N13: the note said the day given was day 1).
            notes.push(format!(
                "{} is not a school day{}, so the count below starts on the next school day, \
                 {}, as day 1. If the pupil was first kept off school on a later day, give \
                 that date to --exclusion-start instead.",
                weekday_date(d),
                if calendar.terms().is_some() {
                    ""
                } else {
                    " (a weekend or a bank holiday)"
                },
                weekday_date(calendar.school_days_after(d, 1))
            ));
        }
    }
    if let (Some(d), false) = (
        given.get("exclusion").copied(),
        given.contains_key("board-notified"),
    ) {
        given.insert("board-notified".to_string(), d);
        notes.push(
            "The board's deadline is an estimate, counted from the exclusion date: the 15 school \
             days run from the day the board received notice, which may be later. Give \
             --board-notified for the exact date."
                .to_string(),
        );
    }
    if given.contains_key("exclusion") && !given.contains_key("exclusion-start") {
        notes.push(
            "For the sixth school day, give --exclusion-start: the first day the pupil was kept \
             off school by the exclusion (day 1 of the count)."
                .to_string(),
        );
    }
    if given.is_empty() {
        bail!(
            "give at least one date, for example `fairmove dates --exclusion 2026-11-16` \
             (see `fairmove dates --help` for the others)"
        );
    }
    let guidance = Guidance::load(data)?;
    let defs = deadlines::load(data)?;
    let list = deadlines::compute(&defs, &given, &calendar, &guidance);
    println!("Deadlines, as of {}:\n", weekday_date(today));
    let (legal, suggested): (Vec<_>, Vec<_>) = list.iter().partition(|d| d.statutory);
    for (i, d) in legal.iter().chain(&suggested).enumerate() {
        if i == legal.len() {
            println!("Not a legal deadline:\n");
        }
        println!(
            "{:<28} {}",
            weekday_date(d.date),
            status(&calendar, d.date, today)
        );
        print!("{}", wrap(&d.label, "  ", 80));
        if let Some(c) = &d.cite {
            print!("{}", wrap(&format!("Guidance: {c}."), "  ", 80));
        }
        for l in &d.law {
            print!("{}", wrap(&format!("Law: {l}."), "  ", 80));
        }
        if d.date < today && d.statutory {
            print!(
                "{}",
                wrap(
                    "This date has passed. Act today anyway: ask the school, the governing board's \
                     clerk or the local authority what can still be done, and get independent advice.",
                    "  ",
                    80
                )
            );
        }
        println!();
    }
    for n in notes {
        print!("{}", wrap(&format!("Note: {n}"), "", 80));
    }
    print!("{}", wrap(&calendar.basis(), "", 80));
    for (name, d) in &given {
        if !calendar.covers(*d) {
            println!(
                "Note: bank holidays are only built in for 2023 to 2028; {name} is outside that."
            );
        }
    }
    if let Some(path) = ics {
        fairmove::base::output::write_new(
            path,
            to_ics(&list, &calendar.basis()).as_bytes(),
            force,
        )?;
        println!(
            "\nWrote the dates to {} (import it into your phone's calendar).",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
