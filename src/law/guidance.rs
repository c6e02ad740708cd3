//! The DfE guidance, by edition, as data (`guidance/editions/*.yaml`).
//!
//! Each paragraph the rules rely on has a topic id shared across editions
//! (for example `managed-moves-voluntary`), so a rule cites the topic and the
//! edition in force on the relevant date supplies the paragraph number (only
//! where verified), the section, the exact quotation (only where quoting),
//! and a plain-English summary.

use crate::base::data::DataSource;
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
    /// The address of the document itself, where known, and who gave it.
    #[serde(default)]
    pub document: Option<String>,
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
    /// The section or part of the guidance, as sources name it. Printed as
    /// a heading only when `section_verified`.
    pub section: String,
    /// Whether the section heading has been seen in a source that quotes
    /// the edition; if not, the topic is described by its `subject`.
    #[serde(default)]
    pub section_verified: bool,
    /// What the passage is about, in a few lower-case words ("cancelling an
    /// exclusion"): how a letter names it when no heading is verified.
    pub subject: String,
    /// The exact words, only where quoting.
    #[serde(default)]
    pub quotation: Option<String>,
    /// Where the quotation was checked, when not read from the guidance itself.
    #[serde(default)]
    pub quotation_checked_against: Option<String>,
    /// Anything a reader of the quotation should know (a doubtful full stop).
    #[serde(default)]
    pub quotation_note: Option<String>,
    /// What the passage means, in plain English (our words, not the DfE's).
    pub summary: String,
    /// The Acts and regulations the topic rests on, by id (`guidance/law.yaml`).
    #[serde(default)]
    pub law: Vec<String>,
    /// What is verified, and from which address.
    #[serde(default)]
    pub verified: Vec<String>,
    /// What is not verified, so it is never printed as fact.
    #[serde(default)]
    pub not_verified: Vec<String>,
}

/// How far a statement of law has been checked.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Verified {
    /// Read in the legislation itself.
    Primary,
    /// Part of it read in the legislation; the rest (named in
    /// `not_verified`) taken to match on a named source's word.
    Partly,
    /// Seen only quoted or summarised by a law firm, charity or council.
    Secondary,
    /// No source in reach said it: never printed in a letter.
    Unverified,
}

impl Verified {
    pub fn describe(self) -> &'static str {
        match self {
            Verified::Primary => "verified against the legislation",
            Verified::Partly => {
                "verified in part against the legislation (what was not read is listed below)"
            }
            Verified::Secondary => "verified only through secondary sources",
            Verified::Unverified => "not verified",
        }
    }
}

/// One Act or regulation a topic rests on (`guidance/law.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub id: String,
    /// The full citation, as a letter gives it.
    pub citation: String,
    /// The title of the Act or regulations alone.
    pub title: String,
    /// The provision for each type of school (`maintained`, `academy`, `pru`).
    #[serde(default)]
    pub by_school: std::collections::BTreeMap<String, String>,
    /// What it says, in plain English.
    pub says: String,
    pub verified: Verified,
    /// Where it was read.
    pub sources: Vec<String>,
    #[serde(default)]
    pub not_verified: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LawFile {
    provisions: Vec<Provision>,
}

impl Paragraph {
    /// "paragraph 52", "section “Part one”" or "the part on cancelling an
    /// exclusion (heading and paragraph number not verified)": for findings
    /// and `fairmove guidance`. A heading is named only where verified.
    pub fn locator(&self) -> String {
        match (self.paragraph, self.section_verified) {
            (Some(n), _) => format!("paragraph {n}"),
            (None, true) => format!("section “{}”", self.section),
            (None, false) => format!(
                "the part on {} (heading and paragraph number not verified)",
                self.subject
            ),
        }
    }

    /// "paragraph 52", "the section “Part one”" or "the part on cancelling
    /// an exclusion": for letters, which cite only what is verified and do
    /// not explain the rest.
    pub fn place(&self) -> String {
        match (self.paragraph, self.section_verified) {
            (Some(n), _) => format!("paragraph {n}"),
            (None, true) => format!("the section “{}”", self.section),
            (None, false) => format!("the part on {}", self.subject),
        }
    }
}

impl Edition {
    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.paragraphs.iter().find(|p| p.id == id)
    }

    /// A short citation for findings and letters: "DfE exclusion guidance
    /// (September 2023 edition), paragraph 52" or "…, the part on cancelling
    /// an exclusion". Names a heading or number only where verified, and
    /// leaves the explanation of what was not verified to `fairmove
    /// guidance` (a parent reading a finding does not need it).
    pub fn cite(&self, p: &Paragraph) -> String {
        format!("DfE exclusion guidance ({}), {}", self.label, p.place())
    }

    /// The citation with what was not verified said: for `fairmove guidance`.
    pub fn cite_full(&self, p: &Paragraph) -> String {
        format!("DfE exclusion guidance ({}), {}", self.label, p.locator())
    }

    pub fn flag(&self, name: &str) -> bool {
        self.facts
            .get(name)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
}

/// Every edition fairmove knows, oldest first, and the law the topics rest on.
#[derive(Debug, Clone)]
pub struct Guidance {
    pub editions: Vec<Edition>,
    pub law: Vec<Provision>,
}

impl Guidance {
    pub fn load(data: &DataSource) -> Result<Guidance> {
        let mut editions = Vec::new();
        for name in data.list("guidance/editions", false)? {
            if !name.ends_with(".yaml") {
                continue;
            }
            let f = data.read(&format!("guidance/editions/{name}"))?;
            let e: Edition = f.parse()?;
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
        let f = data.read("guidance/law.yaml")?;
        let law: LawFile = f.parse()?;
        let law = law.provisions;
        for e in &editions {
            for p in &e.paragraphs {
                for id in &p.law {
                    if !law.iter().any(|l| &l.id == id) {
                        bail!(
                            "guidance/editions/{}.yaml: topic `{}` rests on `{id}`, which {} does not define",
                            e.id,
                            p.id,
                            f.origin
                        );
                    }
                }
            }
        }
        Ok(Guidance { editions, law })
    }

    /// One provision of the law, by id.
    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.law.iter().find(|l| l.id == id)
    }

    /// The citations of the law a topic rests on, leaving out anything
    /// unverified (which is never printed as fact).
    pub fn law_citations(&self, p: &Paragraph) -> Vec<String> {
        p.law
            .iter()
            .filter_map(|id| self.provision(id))
            .filter(|l| l.verified != Verified::Unverified)
            .map(|l| l.citation.clone())
            .collect()
    }

    /// Whether any edition has the topic.
    pub fn has_topic(&self, id: &str) -> bool {
        self.editions.iter().any(|e| e.paragraph(id).is_some())
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
                    crate::law::calendar::long_date(date),
                    crate::law::calendar::long_date(self.editions[0].in_force_from)
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

    #[test]
    fn guidance_reads_the_same_from_json_and_yaml() {
        let data = DataSource::builtin();
        for name in data.list("guidance/editions", false).unwrap() {
            crate::base::data::assert_prepared_same::<Edition>(&format!(
                "guidance/editions/{name}"
            ));
        }
        crate::base::data::assert_prepared_same::<LawFile>("guidance/law.yaml");
    }

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
            assert!(!p.section_verified, "{} has an unverified heading", p.id);
            assert!(p.locator().contains("not verified"));
            assert!(!p.place().contains(&p.section), "{}", p.place());
        }
    }

    #[test]
    fn every_topic_says_what_is_verified_and_the_law_exists() {
        let g = Guidance::load(&DataSource::builtin()).unwrap();
        for e in &g.editions {
            for p in &e.paragraphs {
                assert!(
                    !p.verified.is_empty() || !p.not_verified.is_empty(),
                    "{} {} records nothing about verification",
                    e.id,
                    p.id
                );
                for id in &p.law {
                    assert!(g.provision(id).is_some(), "{id}");
                }
            }
        }
        for l in &g.law {
            assert!(!l.sources.is_empty(), "{} has no source", l.id);
        }
        // The topics the audit asked for (W21, and the split of SEN and
        // looked-after children).
        let new = g.by_id("2026-07").unwrap();
        for topic in [
            "safeguarding-separation",
            "sen-ehc-plan",
            "looked-after-children",
        ] {
            assert!(new.paragraph(topic).is_some(), "{topic}");
        }
        assert!(new.paragraph("sen-and-looked-after").is_none());
        // Cancelling rests on regulations 8A, 17A and 26A.
        let cancel = e_law(&g, "2023-09", "cancelling-exclusions");
        assert!(cancel.contains("8A") && cancel.contains("17A") && cancel.contains("26A"));
    }

    fn e_law(g: &Guidance, edition: &str, topic: &str) -> String {
        let e = g.by_id(edition).unwrap();
        g.law_citations(e.paragraph(topic).unwrap()).join("; ")
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
