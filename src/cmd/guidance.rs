//! `fairmove guidance [ID]`: the guidance the rules rely on.

use super::wrap;
use anyhow::{bail, Result};
use fairmove::base::data::DataSource;
use fairmove::law::calendar::long_date;
use fairmove::law::guidance::{Edition, Guidance, Paragraph, Provision};
use std::process::ExitCode;

pub fn run(data: &DataSource, id: Option<&str>) -> Result<ExitCode> {
    let g = Guidance::load(data)?;
    let protocols = fairmove::law::protocols::load_all(data)?;
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
            println!("\nThe law the topics rest on:\n");
            for l in &g.law {
                println!("{:<36} {}", l.id, l.title);
            }
            println!("\nLocal protocols for managed moves (chosen in the agreement and review):\n");
            for p in protocols.values() {
                println!("{:<36} {}", p.id, p.title);
            }
            println!(
                "\nRun `fairmove guidance TOPIC`, `fairmove guidance EDITION`, \
                 `fairmove guidance LAW` or `fairmove guidance PROTOCOL` for the details."
            );
        }
        Some(id) => {
            if let Some(p) = protocols.get(id) {
                show_protocol(p);
            } else if let Some(l) = g.provision(id) {
                show_law(l);
            } else if let Some(e) = g.by_id(id) {
                show_edition(e);
                for p in &e.paragraphs {
                    show_paragraph(&g, e, p);
                }
            } else if g.editions.iter().any(|e| e.paragraph(id).is_some()) {
                for e in &g.editions {
                    if let Some(p) = e.paragraph(id) {
                        show_edition(e);
                        show_paragraph(&g, e, p);
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
                names.extend(protocols.keys().map(String::as_str));
                names.extend(g.law.iter().map(|l| l.id.as_str()));
                let hint = fairmove::base::suggest::nearest(id, names.iter().copied())
                    .map(|s| format!(" Did you mean `{s}`?"))
                    .unwrap_or_default();
                bail!("there is no guidance topic, edition, law or protocol called `{id}`.{hint} Run `fairmove guidance` for the list.");
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
    if let Some(d) = &e.document {
        print!("{}", wrap(&format!("The document: {d}"), "  ", 80));
    }
    for c in &e.changes {
        print!("{}", wrap(&format!("- {c}"), "  ", 80));
    }
    println!();
}

fn show_paragraph(g: &Guidance, e: &Edition, p: &Paragraph) {
    println!("  [{}] {}", p.id, p.topic);
    println!("  {}", e.cite_full(p));
    if let Some(q) = &p.quotation {
        print!("{}", wrap(&format!("Quotation: “{q}”"), "    ", 80));
        if let Some(n) = &p.quotation_note {
            print!(
                "{}",
                wrap(&format!("Note on the quotation: {n}"), "    ", 80)
            );
        }
    }
    print!("{}", wrap(&format!("In short: {}", p.summary), "    ", 80));
    for id in &p.law {
        if let Some(l) = g.provision(id) {
            print!(
                "{}",
                wrap(
                    &format!(
                        "Law: {} ({}; `fairmove guidance {id}`).",
                        l.citation,
                        l.verified.describe()
                    ),
                    "    ",
                    80
                )
            );
        }
    }
    if p.law.is_empty() {
        print!(
            "{}",
            wrap(
                "Law: this rests on the guidance itself; fairmove cites no Act or regulation for it.",
                "    ",
                80
            )
        );
    }
    for v in &p.verified {
        print!("{}", wrap(&format!("Verified: {v}"), "    ", 80));
    }
    for v in &p.not_verified {
        print!("{}", wrap(&format!("Not verified: {v}"), "    ", 80));
    }
    println!();
}

fn show_law(l: &Provision) {
    println!("{}", l.citation);
    print!("{}", wrap(&format!("In short: {}", l.says), "  ", 80));
    for (school, provision) in &l.by_school {
        print!(
            "{}",
            wrap(
                &format!("For {}: {provision}", school_name(school)),
                "  ",
                80
            )
        );
    }
    print!(
        "{}",
        wrap(
            &format!("How far checked: {}.", l.verified.describe()),
            "  ",
            80
        )
    );
    for s in &l.sources {
        print!("{}", wrap(&format!("Source: {s}"), "  ", 80));
    }
    if let Some(n) = &l.not_verified {
        print!("{}", wrap(&format!("Not verified: {n}"), "  ", 80));
    }
}

fn school_name(id: &str) -> &str {
    match id {
        "maintained" => "a maintained school",
        "academy" => "an academy",
        "pru" => "a pupil referral unit",
        other => other,
    }
}

fn show_protocol(p: &fairmove::law::protocols::Protocol) {
    println!("{}", p.title);
    print!("{}", wrap(&format!("Source: {}", p.source), "  ", 80));
    let length = match p.length_weeks {
        Some(w) => format!("{w} school weeks"),
        None => "not set (give it in the answers)".to_string(),
    };
    print!("{}", wrap(&format!("First phase: {length}"), "  ", 80));
    if !p.review_weeks.is_empty() {
        let weeks: Vec<String> = p.review_weeks.iter().map(|w| w.to_string()).collect();
        print!(
            "{}",
            wrap(
                &format!("Reviews after: {} school weeks", weeks.join(" and ")),
                "  ",
                80
            )
        );
    }
    if let Some(n) = &p.review_note {
        print!("{}", wrap(n, "  ", 80));
    }
    print!("{}", wrap(&format!("Extension: {}", p.extension), "  ", 80));
    print!("{}", wrap(&format!("Led by: {}", p.lead), "  ", 80));
    print!(
        "{}",
        wrap(&format!("If it ends: {}", p.on_ending), "  ", 80)
    );
    print!("{}", wrap(&format!("Success: {}", p.success), "  ", 80));
    if p.trial {
        print!(
            "{}",
            wrap(
                "This protocol describes a trial period. The DfE guidance says a managed move \
                 is a permanent transfer and should not be a trial (the DfE's guide for parents \
                 since 2023; the statutory guidance in so many words from 26 July 2026). So \
                 fairmove records the move as permanent from its start date, with this \
                 protocol's review points as reviews of how the pupil is settling.",
                "  ",
                80
            )
        );
    }
}
