//! Where to get help: the services that help families with exclusions, as
//! data (`guidance/help.yaml`), each with who it helps (some take only
//! permanent exclusions, or only London schools). Both front ends show the
//! ones that fit a document on its findings and last pages.

use crate::base::data::DataSource;
use crate::documents::document::DocumentDef;
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub name: String,
    /// Who it helps, in a sentence or two.
    pub helps: String,
    /// How to reach it (an address to type, or what to search for).
    pub reach: String,
    /// The documents it fits: `all`, or a list of ids.
    pub documents: Documents,
    /// Where what is said of it was read.
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Documents {
    All(String),
    Some(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpFile {
    services: Vec<Service>,
}

/// Every service, in the file's order.
pub fn load(data: &DataSource) -> Result<Vec<Service>> {
    let f = data.read("guidance/help.yaml")?;
    let file: HelpFile = f.parse()?;
    for s in &file.services {
        if let Documents::All(word) = &s.documents {
            if word != "all" {
                bail!(
                    "{}: the service `{}` has documents: {word}; write `all` or a list of document ids",
                    f.origin,
                    s.id
                );
            }
        }
    }
    Ok(file.services)
}

/// The services that fit a document (`None`: a situation with no
/// document, where only those for every document are given). A school's
/// record gets none.
pub fn for_document(data: &DataSource, doc: Option<&DocumentDef>) -> Result<Vec<Service>> {
    if doc.is_some_and(|d| !d.for_families) {
        return Ok(Vec::new());
    }
    Ok(load(data)?
        .into_iter()
        .filter(|s| match (&s.documents, doc) {
            (Documents::All(_), _) => true,
            (Documents::Some(ids), Some(d)) => ids.contains(&d.id),
            (Documents::Some(_), None) => false,
        })
        .collect())
}

/// The services as plain lines for the terminal: the name, who it helps
/// and how to reach it; `None` when there are none.
pub fn plain(services: &[Service]) -> Option<String> {
    if services.is_empty() {
        return None;
    }
    let mut out = String::from("Where to get help:\n");
    for s in services {
        out.push_str(&crate::base::words::wrap(
            &format!("{}: {} {}", s.name, s.helps, s.reach),
            "  ",
            80,
        ));
    }
    Some(out.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_names_documents_that_exist_and_says_who_it_helps() {
        let data = DataSource::builtin();
        let ids = crate::documents::document::list_ids(&data).unwrap();
        let services = load(&data).unwrap();
        assert!(services.len() >= 4);
        for s in &services {
            assert!(
                !s.helps.trim().is_empty() && s.source.starts_with("http"),
                "{s:?}"
            );
            if let Documents::Some(docs) = &s.documents {
                for d in docs {
                    assert!(ids.contains(d), "{}: no document `{d}`", s.id);
                }
            }
        }
        // The London-only clinic is offered for a permanent exclusion, never
        // for a suspension or an informal exclusion.
        let names = |id: &str| -> Vec<String> {
            let def = crate::documents::document::load_def(&data, id).unwrap();
            for_document(&data, Some(&def))
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect()
        };
        assert!(names("review-panel-request").contains(&"coram-clinic".to_string()));
        assert!(!names("suspension-representations").contains(&"coram-clinic".to_string()));
        assert!(names("informal-exclusion").contains(&"coram-voice".to_string()));
        // A school's record gets none: it is not a family's document.
        assert!(names("consent-record").is_empty());
        assert!(for_document(&data, None)
            .unwrap()
            .iter()
            .all(|s| s.documents == Documents::All("all".into())));
    }

    #[test]
    fn help_reads_the_same_from_json_and_yaml() {
        crate::base::data::assert_prepared_same::<HelpFile>("guidance/help.yaml");
    }
}
