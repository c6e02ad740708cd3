use anyhow::Result;
use fairmove::base::data::DataSource;
use fairmove::documents::document::{list_ids, load_def};
use std::process::ExitCode;

pub fn run(data: &DataSource) -> Result<ExitCode> {
    let ids = list_ids(data)?;
    println!("Documents fairmove can write ({}):\n", ids.len());
    for id in ids {
        let def = load_def(data, &id)?;
        println!("{id}");
        println!("  {}", def.title);
        println!(
            "  {}: from {} to {}",
            capitalise(&def.kind),
            def.from,
            def.to
        );
        print!("{}", super::wrap(&def.summary, "  ", 80));
        println!();
    }
    println!("Next: `fairmove questions <id> > answers.yaml` gives you the questions to answer.");
    Ok(ExitCode::SUCCESS)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
