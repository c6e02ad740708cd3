//! Situations where a managed move is normally the wrong tool, as data
//! (`guidance/routes.yaml`), each with the route that fits and, where
//! fairmove has one, the document that helps. The interview's first
//! question offers them; records' rules quote the same advice as
//! `routes["<id>"].advice`.

use crate::base::data::DataSource;
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub id: String,
    /// How a person would put it, for the interview's first question.
    pub situation: String,
    /// What to do instead, in plain English.
    pub advice: String,
    /// Guidance topics behind the advice.
    #[serde(default)]
    pub cite: Vec<String>,
    /// A document that helps, by id.
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutesFile {
    routes: Vec<Route>,
}

/// Every route, in the file's order.
pub fn load(data: &DataSource) -> Result<Vec<Route>> {
    let f = data.read("guidance/routes.yaml")?;
    let file: RoutesFile = f.parse()?;
    for (i, r) in file.routes.iter().enumerate() {
        if file.routes[..i].iter().any(|o| o.id == r.id) {
            bail!("{}: the route `{}` is defined twice", f.origin, r.id);
        }
    }
    Ok(file.routes)
}

/// The routes as templates see them, keyed by id, advice folded to one line.
pub fn value(routes: &[Route]) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for r in routes {
        m.insert(
            r.id.clone(),
            serde_json::json!({
                "situation": r.situation,
                "advice": r.advice.split_whitespace().collect::<Vec<_>>().join(" "),
                "next": r.next,
            }),
        );
    }
    serde_json::Value::Object(m)
}

#[cfg(test)]
mod prepared_tests {
    use super::*;

    #[test]
    fn routes_read_the_same_from_json_and_yaml() {
        crate::base::data::assert_prepared_same::<RoutesFile>("guidance/routes.yaml");
    }
}
