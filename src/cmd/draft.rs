//! `fairmove draft ANSWERS`: the document, after the checks.

use super::{check::report, load_answers, BLOCKED};
use crate::cli::Format;
use anyhow::Result;
use chrono::NaiveDate;
use fairmove::base::data::DataSource;
use fairmove::base::output::{write_new, write_unused};
use fairmove::Engine;
use std::path::Path;
use std::process::ExitCode;

pub struct Args<'a> {
    pub answers: &'a Path,
    pub output: Option<&'a Path>,
    pub format: Format,
    pub force: bool,
    pub document: Option<&'a str>,
    pub today: NaiveDate,
    pub calendar: fairmove::law::calendar::Calendar,
    pub sources: fairmove::base::sources::Sources,
    pub review: bool,
}

pub fn run(data: &DataSource, args: Args) -> Result<ExitCode> {
    let (answers, id) = load_answers(data, args.answers, args.document)?;
    if args.review && args.format != Format::Docx {
        anyhow::bail!("--review makes Word comments, so it needs --format docx");
    }
    // Every render runs within its bounds (src/templating.rs), so a
    // template from a data folder cannot run on for ever.
    let calendar = super::calendar_for(args.calendar, &answers)?;
    let mut engine = Engine::load_with_calendar(data, &id, Some(calendar))?;
    engine.sources = args.sources;
    let (facts, findings, markdown) = fairmove::draft_markdown(&engine, &answers, args.today)?;
    let bytes = if findings.is_blocked() {
        Vec::new()
    } else {
        match args.format {
            Format::Docx if args.review => {
                fairmove::to_review_docx(&engine, &facts, &findings, &markdown)?
            }
            Format::Docx => fairmove::to_docx(&engine, &facts, &markdown)?,
            Format::Md => markdown.into_bytes(),
        }
    };
    if findings.is_blocked() {
        eprintln!(
            "fairmove did not write the {}: the answers show something it must not say or cannot ask for.\n",
            engine.doc.def.kind
        );
        eprint!("{}", report(data, &findings));
        return Ok(ExitCode::from(BLOCKED));
    }
    let ext = match args.format {
        Format::Docx => "docx",
        Format::Md => "md",
    };
    let named = match args.output {
        Some(p) if p == Path::new("-") => {
            use std::io::Write;
            if args.format == Format::Docx {
                anyhow::bail!("a Word document cannot be printed to the screen; use --format md with -o -, or give a file name");
            }
            std::io::stdout().write_all(&bytes)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(p) => Some(p.to_path_buf()),
        None => None,
    };
    let path = match named {
        Some(path) => {
            write_new(&path, &bytes, args.force)?;
            path
        }
        // The first free name, taken atomically (hosting review A10).
        None => write_unused(
            Path::new("."),
            &format!(
                "{}-{}",
                engine.doc.def.id,
                facts.document_date.format("%Y-%m-%d")
            ),
            ext,
            &bytes,
        )?,
    };
    println!("Wrote {}", path.display());
    if !findings.findings.is_empty() {
        println!("\nBefore you send it, read these:\n");
        print!("{}", report(data, &findings));
    }
    Ok(ExitCode::SUCCESS)
}
