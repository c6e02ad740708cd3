//! `fairmove guidance [ID]`: the guidance the rules rely on.

use super::wrap;
use anyhow::{bail, Result};
use fairmove::calendar::long_date;
use fairmove::data::DataSource;
use fairmove::guidance::{Edition, Guidance, Paragraph};
use std::process::ExitCode;

pub fn run(data: &DataSource, id: Option<&str>) -> Result<ExitCode> {
    let g = Guidance::load(data)?;
    match id {
        None => {
            println!("Editions of the DfE guidance fairmove knows (the one in force on the date of the decision applies):\n");
            for e in &g.editions {
                println!(
                    "{}  {} (in force from {})",
                    e.id,
                    e.label,
                    long_date(e.in_force_from)
                );
            }
            println!("\nTopics the checks rely on:\n");
            let last = g.editions.last().expect("at least one edition");
            for p in &last.paragraphs {
                println!("{:<36} {}", p.id, p.topic);
            }
            println!(
                "\nRun `fairmove guidance TOPIC` or `fairmove guidance EDITION` for the details."
            );
        }
        Some(id) => {
            if let Some(e) = g.by_id(id) {
                show_edition(e);
                for p in &e.paragraphs {
                    show_paragraph(e, p);
                }
            } else if g.editions.iter().any(|e| e.paragraph(id).is_some()) {
                for e in &g.editions {
                    if let Some(p) = e.paragraph(id) {
                        show_edition(e);
                        show_paragraph(e, p);
                    }
                }
            } else {
                let mut names: Vec<&str> = g.editions.iter().map(|e| e.id.as_str()).collect();
                let topics: Vec<&str> = g
                    .editions
                    .iter()
                    .flat_map(|e| e.paragraphs.iter().map(|p| p.id.as_str()))
                    .collect();
                names.extend(topics);
                let hint = fairmove::suggest::nearest(id, names.iter().copied())
                    .map(|s| format!(" Did you mean `{s}`?"))
                    .unwrap_or_default();
                bail!("there is no guidance topic or edition called `{id}`.{hint} Run `fairmove guidance` for the list.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show_edition(e: &Edition) {
    println!("{} — {}", e.title, e.label);
    println!(
        "  Published by {}; in force from {}.",
        e.publisher,
        long_date(e.in_force_from)
    );
    println!("  Source: {}", e.source);
    for c in &e.changes {
        print!("{}", wrap(&format!("- {c}"), "  ", 80));
    }
    println!();
}

fn show_paragraph(e: &Edition, p: &Paragraph) {
    println!("  [{}] {}", p.id, p.topic);
    println!("  {}", e.cite(p));
    if let Some(q) = &p.quotation {
        print!("{}", wrap(&format!("Quotation: “{q}”"), "    ", 80));
    }
    print!("{}", wrap(&format!("In short: {}", p.summary), "    ", 80));
    println!();
}
