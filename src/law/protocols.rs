//! Local authority protocols for managed moves, as data
//! (`guidance/protocols/<id>.yaml`): how long the time-limited phase
//! lasts, when it is reviewed, who leads, what happens if it ends. Records
//! choose one by an answer (`protocol: gloucestershire`) and see them all
//! as `protocols` in their templates and rules.

use crate::base::data::DataSource;
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    pub id: String,
    /// Short name, e.g. "Gloucestershire".
    pub name: String,
    pub title: String,
    /// Where the facts come from.
    pub source: String,
    /// Who leads the meetings and keeps the agreement.
    pub lead: String,
    /// The length of the time-limited phase in school weeks, if the
    /// protocol sets one.
    pub length_weeks: Option<u32>,
    /// Review points, in school weeks from the start.
    #[serde(default)]
    pub review_weeks: Vec<u32>,
    /// How review points are set when the protocol gives none.
    #[serde(default)]
    pub review_note: Option<String>,
    pub extension: String,
    /// Whether the protocol describes a trial period (which the DfE
    /// guidance in force from 26 July 2026 no longer allows for a managed
    /// move).
    pub trial: bool,
    pub on_ending: String,
    pub success: String,
}

/// Every protocol, by id.
pub fn load_all(data: &DataSource) -> Result<BTreeMap<String, Protocol>> {
    let mut out = BTreeMap::new();
    for name in data.list("guidance/protocols", false)? {
        let Some(stem) = name.strip_suffix(".yaml") else {
            continue;
        };
        let f = data.read(&format!("guidance/protocols/{name}"))?;
        let p: Protocol = f.parse()?;
        if p.id != stem {
            bail!(
                "{}: the id `{}` should match the file name `{stem}`",
                f.origin,
                p.id
            );
        }
        if p.review_weeks.windows(2).any(|w| w[0] >= w[1]) {
            bail!("{}: review_weeks should go up, e.g. [8, 16]", f.origin);
        }
        out.insert(p.id.clone(), p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_read_the_same_from_json_and_yaml() {
        let data = DataSource::builtin();
        for name in data.list("guidance/protocols", false).unwrap() {
            crate::base::data::assert_prepared_same::<Protocol>(&format!(
                "guidance/protocols/{name}"
            ));
        }
    }

    #[test]
    fn the_built_in_protocols_load() {
        let all = load_all(&DataSource::builtin()).unwrap();
        let ids: Vec<&str> = all.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "gloucestershire",
                "leicestershire",
                "national",
                "salford",
                "southwark"
            ]
        );
        assert_eq!(all["gloucestershire"].length_weeks, Some(16));
        assert_eq!(all["southwark"].length_weeks, Some(12));
        assert!(all["national"].length_weeks.is_none());
        assert!(!all["national"].trial);
    }
}
