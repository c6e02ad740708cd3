//! `fairmove questions DOC`: the questions as a commented answers file.

use anyhow::Result;
use fairmove::base::data::DataSource;
use fairmove::documents::document::{load_def, DocumentDef, QuestionType};
use std::process::ExitCode;

pub fn run(data: &DataSource, id: &str) -> Result<ExitCode> {
    let def = load_def(data, id)?;
    print!("{}", answers_template(&def));
    Ok(ExitCode::SUCCESS)
}

/// A YAML answers file with every question as a comment above an empty answer.
pub fn answers_template(def: &DocumentDef) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Answers for: {}\n", def.title));
    out.push_str(&format!("# From {} to {}.\n", def.from, def.to));
    out.push_str("#\n");
    out.push_str("# Write each answer after the colon, on the same line. Lines starting with #\n");
    out.push_str(
        "# are notes and are ignored. Leave an optional answer empty if it does not apply.\n",
    );
    out.push_str(
        "# Dates can be written 2026-11-10, 10/11/2026 (day first) or 10 November 2026.\n",
    );
    out.push_str(
        "# If an answer contains a colon followed by a space, or starts with a quote mark,\n",
    );
    out.push_str("# put double quotes around it. For a list, write each item on its own line\n");
    out.push_str("# starting with two spaces, a dash and a space.\n");
    out.push_str("# When done: fairmove check THIS-FILE, then fairmove draft THIS-FILE\n\n");
    out.push_str(&format!("document: {}\n", def.id));
    for q in &def.questions {
        out.push('\n');
        out.push_str(&comment(&q.ask));
        if let Some(help) = &q.help {
            out.push_str(&comment(&format!("Why we ask: {help}")));
        }
        let mut line = format!(
            "{}. Type: {}.",
            if q.required { "Required" } else { "Optional" },
            q.kind.describe()
        );
        if let Some(when) = &q.when {
            let when = when
                .replace(" == ", " is ")
                .replace(" != ", " is not ")
                .replace(['"', '\''], "");
            line.push_str(&format!(" Only needed when: {when}."));
        }
        out.push_str(&comment(&line));
        if q.kind == QuestionType::Choice {
            out.push_str("# Choices:\n");
            for c in &q.choices {
                out.push_str(&format!("#   {:<16} {}\n", c.value, c.label));
            }
        }
        if let Some(example) = &q.example {
            match example {
                serde_json::Value::Array(items) => {
                    out.push_str("# Example:\n");
                    out.push_str(&format!("#   {}:\n", q.id));
                    for item in items {
                        out.push_str(&format!("#     - {}\n", plain(item)));
                    }
                }
                v => out.push_str(&format!("# Example: {}: {}\n", q.id, plain(v))),
            }
        }
        out.push_str(&format!("{}:\n", q.id));
    }
    out
}

fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.replace('\n', " "),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

fn comment(text: &str) -> String {
    super::wrap(text, "# ", 80)
}
