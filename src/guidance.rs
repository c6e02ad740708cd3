//! The DfE guidance, by edition, as data (`guidance/editions/*.yaml`).
//!
//! Each paragraph the rules rely on has a topic id shared across editions
//! (for example `managed-moves-voluntary`), so a rule cites the topic and the
//! edition in force on the relevant date supplies the paragraph number (only
//! where verified), the section, the exact quotation (only where quoting),
//! and a plain-English summary.

use crate::data::DataSource;
use crate::yaml;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One edition of the guidance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Short id, e.g. `2023-09`.
    pub id: String,
    /// How the edition is named in letters, e.g. "September 2023 edition".
    pub label: String,
    /// The full title of the guidance.
    pub title: String,
    pub publisher: String,
    /// The first day decisions are governed by this edition.
    pub in_force_from: NaiveDate,
    /// Where the guidance is published.
    pub source: String,
    /// Facts about the edition that templates and rules may test, e.g.
    /// `managed_move_permanent`.
    #[serde(default)]
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// What changed, in plain English.
    #[serde(default)]
    pub changes: Vec<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph (or passage) of an edition that the rules rely on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    /// The topic id rules cite, the same in every edition.
    pub id: String,
    /// A short name for the topic.
    pub topic: String,
    /// The paragraph number, only where it has been verified.
    #[serde(default)]
    pub paragraph: Option<u32>,
    /// The section or part of the guidance.
    pub section: String,
    /// The exact words, only where quoting.
    #[serde(default)]
    pub quotation: Option<String>,
    /// Where the quotation was checked, when not read from the guidance itself.
    #[serde(default)]
    pub quotation_checked_against: Option<String>,
    /// What the passage means, in plain English (our words, not the DfE's).
    pub summary: String,
}

impl Paragraph {
    /// "paragraph 52" or "section “Managed moves” (paragraph number not
    /// verified)": for findings and `fairmove guidance`.
    pub fn locator(&self) -> String {
        match self.paragraph {
            Some(n) => format!("paragraph {n}"),
            None => format!("section “{}” (paragraph number not verified)", self.section),
        }
    }

    /// "paragraph 52" or "the section “Managed moves”": for letters, which
    /// cite only what is verified and do not explain the rest.
    pub fn place(&self) -> String {
        match self.paragraph {
            Some(n) => format!("paragraph {n}"),
            None => format!("the section “{}”", self.section),
        }
    }
}

impl Edition {
    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.paragraphs.iter().find(|p| p.id == id)
    }

    /// A short citation: "DfE guidance (September 2023 edition), paragraph 52".
    pub fn cite(&self, p: &Paragraph) -> String {
        format!("DfE exclusion guidance ({}), {}", self.label, p.locator())
    }

    pub fn flag(&self, name: &str) -> bool {
        self.facts
            .get(name)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
}

/// Every edition fairmove knows, oldest first.
#[derive(Debug, Clone)]
pub struct Guidance {
    pub editions: Vec<Edition>,
}

impl Guidance {
    pub fn load(data: &DataSource) -> Result<Guidance> {
        let mut editions = Vec::new();
        for name in data.list("guidance/editions", false)? {
            if !name.ends_with(".yaml") {
                continue;
            }
            let f = data.read(&format!("guidance/editions/{name}"))?;
            let e: Edition = yaml::parse(&f.text, &f.origin)?;
            for p in &e.paragraphs {
                if p.quotation.is_some() && p.paragraph.is_none() && p.section.is_empty() {
                    bail!(
                        "{}: the quotation for `{}` says neither paragraph nor section",
                        f.origin,
                        p.id
                    );
                }
            }
            editions.push(e);
        }
        if editions.is_empty() {
            bail!("no guidance editions found under guidance/editions");
        }
        editions.sort_by_key(|e| e.in_force_from);
        Ok(Guidance { editions })
    }

    /// The edition in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> Result<&Edition> {
        self.editions
            .iter()
            .rev()
            .find(|e| e.in_force_from <= date)
            .with_context(|| {
                format!(
                    "no edition of the guidance that fairmove knows was in force on {}; \
                     the earliest it knows came into force on {}",
                    crate::calendar::long_date(date),
                    crate::calendar::long_date(self.editions[0].in_force_from)
                )
            })
    }

    pub fn by_id(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn picks_the_edition_in_force_on_the_date() {
        let g = Guidance::load(&DataSource::builtin()).unwrap();
        assert_eq!(g.in_force_on(d("2026-07-25")).unwrap().id, "2023-09");
        assert_eq!(g.in_force_on(d("2026-07-26")).unwrap().id, "2026-07");
        assert_eq!(g.in_force_on(d("2024-11-18")).unwrap().id, "2023-09");
        assert!(g.in_force_on(d("2020-01-01")).is_err());
    }

    #[test]
    fn every_edition_cites_the_topics_rules_use() {
        let g = Guidance::load(&DataSource::builtin()).unwrap();
        for e in &g.editions {
            for topic in [
                "managed-moves-voluntary",
                "managed-moves-planned-intervention",
                "managed-moves-pressure",
                "last-resort",
                "cancelling-exclusions",
            ] {
                assert!(e.paragraph(topic).is_some(), "{} lacks {topic}", e.id);
            }
        }
    }

    #[test]
    fn new_edition_has_no_unverified_numbers_or_quotations() {
        // Paragraph numbers of the July 2026 edition are not verified here:
        // it must be cited by section and never quoted.
        let g = Guidance::load(&DataSource::builtin()).unwrap();
        let e = g.by_id("2026-07").unwrap();
        assert!(e.flag("managed_move_permanent"));
        for p in &e.paragraphs {
            assert!(p.paragraph.is_none(), "{} has an unverified number", p.id);
            assert!(
                p.quotation.is_none(),
                "{} has an unverified quotation",
                p.id
            );
            assert!(p.locator().contains("not verified"));
        }
    }

    #[test]
    fn quotations_of_the_2023_edition_match_the_checked_source() {
        let g = Guidance::load(&DataSource::builtin()).unwrap();
        let e = g.by_id("2023-09").unwrap();
        assert_eq!(
            e.paragraph("managed-moves-pressure").unwrap().paragraph,
            Some(52)
        );
        assert_eq!(
            e.paragraph("managed-moves-voluntary").unwrap().paragraph,
            Some(48)
        );
        assert_eq!(
            e.paragraph("managed-moves-planned-intervention")
                .unwrap()
                .paragraph,
            Some(50)
        );
        let q = e
            .paragraph("managed-moves-voluntary")
            .unwrap()
            .quotation
            .clone()
            .unwrap();
        assert!(q.starts_with("A managed move is used to initiate a process"));
    }
}
