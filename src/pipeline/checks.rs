//! Stage 3: the checks. Runs the document's rules against the facts and
//! returns findings in plain English, each citing the guidance edition in
//! force and saying what to do next.

use crate::documents::document::Severity;
use crate::documents::engine::{related_key, rule_when_key, Engine};
use crate::pipeline::facts::Facts;
use anyhow::Result;
use serde::Serialize;

/// Where a finding comes from in the guidance.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    pub topic: String,
    /// "DfE exclusion guidance (September 2023 edition ...), paragraph 52".
    pub cite: String,
    pub quotation: Option<String>,
    pub source: String,
    /// The Acts and regulations the topic rests on (verified ones only).
    pub law: Vec<String>,
}

/// One result of a check.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub citations: Vec<Citation>,
    /// A document that helps next, by id.
    pub next: Option<String>,
    /// The deadline that matters most (shown first, after blocks).
    pub deadline: bool,
}

impl Finding {
    /// How the finding is labelled in the report, the review copy and the
    /// pages: its severity, and "key date" for the date that matters most,
    /// so that a warning is never hidden behind the key-date label (third
    /// audit L7; documents review C7).
    pub fn label(&self) -> &'static str {
        match (self.severity, self.deadline) {
            (Severity::Warn, true) => "WARNING, KEY DATE",
            (Severity::Note, true) => "KEY DATE",
            (s, _) => s.label(),
        }
    }
}

/// All findings for one set of facts.
#[derive(Debug, Clone, Serialize)]
pub struct Findings {
    pub document: String,
    pub edition: String,
    pub findings: Vec<Finding>,
}

impl Findings {
    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Block)
    }
    pub fn is_blocked(&self) -> bool {
        self.blocking().next().is_some()
    }
}

impl Engine {
    /// Where a rule rests on the guidance of `edition`, and the law behind
    /// it: the topics that edition has.
    fn citations(
        &self,
        rule: &crate::documents::document::Rule,
        edition: &crate::law::guidance::Edition,
    ) -> Vec<Citation> {
        rule.cite
            .iter()
            .filter_map(|topic| edition.paragraph(topic))
            .map(|p| Citation {
                topic: p.topic.clone(),
                cite: edition.cite(p),
                quotation: p.quotation.clone(),
                source: edition.source.clone(),
                law: self.guidance.law_citations(p),
            })
            .collect()
    }

    /// Whether a related document fits these facts (its `when`, if any).
    pub fn related_fits(
        &self,
        r: &crate::documents::document::Related,
        facts: &Facts,
    ) -> Result<bool> {
        match &r.when {
            None => Ok(true),
            Some(_) => self.holds(&related_key(&r.id), facts.template_context()),
        }
    }

    /// Stage 3: runs every rule; findings come out most serious first, then
    /// in the order the rules are written.
    pub fn check(&self, facts: &Facts) -> Result<Findings> {
        let ctx = facts.template_context();
        let edition = self
            .guidance
            .by_id(&facts.edition_id)
            .expect("facts carry a known edition");
        let mut findings = Vec::new();
        for rule in &self.doc.rules {
            if !self.holds(&rule_when_key(&rule.id), ctx)? {
                continue;
            }
            let message = self.message(rule, ctx)?;
            let citations = self.citations(rule, edition);
            findings.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                message: tidy(&message),
                citations,
                next: rule.next.clone(),
                deadline: rule.deadline,
            });
        }
        for warning in &facts.warnings {
            findings.push(Finding {
                rule: "answers".into(),
                severity: Severity::Warn,
                message: warning.clone(),
                citations: Vec::new(),
                next: None,
                deadline: false,
            });
        }
        for notice in &facts.notices {
            findings.push(Finding {
                rule: "answers".into(),
                severity: Severity::Note,
                message: notice.clone(),
                citations: Vec::new(),
                next: None,
                deadline: false,
            });
        }
        // Most serious first; the deadline that matters most comes straight
        // after anything that stops the document.
        findings.sort_by_key(|f| (f.severity != Severity::Block, !f.deadline, f.severity));
        Ok(Findings {
            document: self.doc.def.id.clone(),
            edition: edition.label.clone(),
            findings,
        })
    }
}

impl Engine {
    /// The first early block (a rule marked `early`) that holds for the
    /// answers so far (`values`, keyed by question id; a question not yet
    /// answered is null), as a finding: the flow stops at once with it.
    pub fn early_stop(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
        today: chrono::NaiveDate,
    ) -> Result<Option<Findings>> {
        let early: Vec<_> = self.doc.rules.iter().filter(|r| r.early).collect();
        if early.is_empty() {
            return Ok(None);
        }
        let mut ctx = crate::documents::templating::Context::new();
        ctx.insert("today", &today.format("%Y-%m-%d").to_string());
        ctx.insert_value("protocols", self.protocols_value.clone());
        ctx.insert_value("routes", self.routes_value.clone());
        for q in &self.doc.def.questions {
            ctx.insert_json(
                q.id.as_str(),
                values.get(&q.id).unwrap_or(&serde_json::Value::Null),
            );
        }
        let date = values
            .get(&self.doc.def.edition_date)
            .and_then(|v| v.as_str())
            .and_then(crate::law::calendar::parse_date)
            .unwrap_or(today);
        let Ok(edition) = self.guidance.in_force_on(date) else {
            return Ok(None);
        };
        for rule in early {
            if !self.holds(&rule_when_key(&rule.id), &ctx)? {
                continue;
            }
            let message = self.message(rule, &ctx)?;
            let citations = self.citations(rule, edition);
            return Ok(Some(Findings {
                document: self.doc.def.id.clone(),
                edition: edition.label.clone(),
                findings: vec![Finding {
                    rule: rule.id.clone(),
                    severity: rule.severity,
                    message: tidy(&message),
                    citations,
                    next: rule.next.clone(),
                    deadline: rule.deadline,
                }],
            }));
        }
        Ok(None)
    }
}

/// Folds the whitespace of a multi-line YAML message into sentences.
fn tidy(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
