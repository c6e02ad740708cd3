//! One module per command; each returns the exit code.

mod check;
mod dates;
mod documents;
mod draft;
mod guidance;
mod interview;
mod questions;

use crate::cli::{Cli, Command};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use fairmove::base::data::DataSource;
use fairmove::pipeline::answers::Answers;
use std::path::Path;
use std::process::ExitCode;

/// Exit status when a check stops the document.
pub const BLOCKED: u8 = 3;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let data = match &cli.data {
        Some(dir) => DataSource::with_overlay(dir)?,
        None => DataSource::builtin(),
    };
    let today = today(cli.today.as_deref())?;
    let calendar = calendar(&data, cli.terms.as_deref())?;
    match cli.command {
        Command::Interview {
            document,
            resume,
            answers,
            dir,
        } => interview::run(
            &data,
            interview::Args {
                document,
                resume,
                answers,
                dir,
                today,
                calendar,
            },
        ),
        Command::Serve { addr, open } => {
            // A server must outlive a closed terminal or a client that
            // hangs up: writes then fail instead of ending the process.
            #[cfg(unix)]
            unsafe {
                libc::signal(libc::SIGPIPE, libc::SIG_IGN);
            }
            let fixed = cli.today.is_some();
            fairmove::frontends::web::run(
                fairmove::frontends::web::Config {
                    data,
                    calendar,
                    today: fixed.then_some(today),
                },
                addr,
                open,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Documents => documents::run(&data),
        Command::Questions { document } => questions::run(&data, &document),
        Command::Check { answers, document } => {
            check::run(&data, &answers, document.as_deref(), today, calendar)
        }
        Command::Draft {
            answers,
            output,
            format,
            force,
            document,
            sources,
            review,
        } => draft::run(
            &data,
            draft::Args {
                answers: &answers,
                output: output.as_deref(),
                format,
                force,
                document: document.as_deref(),
                today,
                calendar,
                sources: sources.into(),
                review,
            },
        ),
        Command::Dates {
            exclusion,
            exclusion_start,
            board_notified,
            review_decision_notified,
            board_decision_written,
            offsite_start,
            letter,
            ics,
            force,
        } => dates::run(
            &data,
            calendar,
            today,
            dates::Inputs {
                exclusion,
                exclusion_start,
                board_notified,
                review_decision_notified,
                board_decision_written,
                offsite_start,
                letter,
            },
            ics.as_deref(),
            force,
        ),
        Command::Guidance { id } => guidance::run(&data, id.as_deref()),
    }
}

fn calendar(data: &DataSource, terms: Option<&Path>) -> Result<fairmove::law::calendar::Calendar> {
    let cal = fairmove::law::calendar::Calendar::load(data)?;
    Ok(match terms {
        Some(p) => cal.with_terms(fairmove::law::calendar::Calendar::load_terms(p)?),
        None => cal,
    })
}

/// The calendar for an answers file: the term dates given with `--terms`,
/// or else those kept in the answers file (`term_dates:`, review B9).
pub fn calendar_for(
    calendar: fairmove::law::calendar::Calendar,
    answers: &Answers,
) -> Result<fairmove::law::calendar::Calendar> {
    let Some((text, origin)) = answers.term_dates()? else {
        return Ok(calendar);
    };
    if calendar.terms().is_some() {
        eprintln!(
            "Note: the term dates given with --terms are used, not those in {}.",
            answers.file
        );
        return Ok(calendar);
    }
    let terms = fairmove::law::calendar::Calendar::parse_terms(&text, &origin)?;
    Ok(calendar.with_terms(terms))
}

/// Parses a date given on the command line, naming the option if it is wrong.
pub fn date_option(name: &str, value: &str) -> Result<NaiveDate> {
    fairmove::law::calendar::parse_date(value).with_context(|| {
        format!(
            "--{name} \"{value}\" is not a date; write it like {}",
            fairmove::law::calendar::DATE_FORMATS
        )
    })
}

fn today(given: Option<&str>) -> Result<NaiveDate> {
    match given {
        Some(s) => date_option("today", s),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Reads an answers file and works out which document it is for.
pub fn load_answers(
    data: &DataSource,
    path: &Path,
    document: Option<&str>,
) -> Result<(Answers, String)> {
    let answers = Answers::load(path)?;
    let named = answers.document();
    let id = match (document, named) {
        (Some(d), _) => d.to_string(),
        (None, Some(n)) => n,
        (None, None) => {
            let ids = fairmove::documents::document::list_ids(data)?;
            anyhow::bail!(
                "{} does not say which document it is for. Add a line such as \
                 `document: withdraw-exclusion` at the top, or use --document. The documents are: {}",
                path.display(),
                ids.join(", ")
            )
        }
    };
    Ok((answers, id))
}

pub use fairmove::base::words::wrap;
