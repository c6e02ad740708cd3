//! One document, ready to run: its definition, rules and template compiled
//! into a template environment (minijinja), with the guidance and the calendar. The stages
//! (`facts`, `checks`, `render`, `word`) each take an `Engine`.

use crate::base::data::DataSource;
use crate::documents::document::{self, Document};
use crate::documents::templating::{condition_template, environment, Context};
use crate::law::calendar::Calendar;
use crate::law::guidance::Guidance;
use anyhow::{Context as _, Result};
use minijinja::Environment;
use std::sync::Arc;

pub struct Engine {
    pub doc: Document,
    pub guidance: Guidance,
    pub calendar: Arc<Calendar>,
    /// The local protocols, by id, as templates see them.
    pub protocols: serde_json::Value,
    /// The routes for situations a managed move does not fit, by id.
    pub routes: serde_json::Value,
    /// The protocols and routes as templates take them, converted once.
    pub(crate) protocols_value: minijinja::Value,
    pub(crate) routes_value: minijinja::Value,
    /// The guidance (by edition and way of citing) and the law as templates
    /// take them, each converted the first time it is needed.
    guidance_values: std::sync::Mutex<
        std::collections::HashMap<(String, crate::base::sources::Sources), minijinja::Value>,
    >,
    law_value: std::sync::OnceLock<minijinja::Value>,
    /// How the document gives its sources (footnotes by default).
    pub sources: crate::base::sources::Sources,
    /// Every template of the document, compiled: its body, and each rule's
    /// condition and message, each question's condition and refusals, and
    /// each derived value.
    pub(crate) env: Environment<'static>,
}

pub(crate) const BODY: &str = "document.md";

/// How far ahead a letter may be dated, in days.
pub const MAX_DAYS_AHEAD: i64 = 92;

pub(crate) fn question_key(id: &str) -> String {
    format!("question/{id}/when")
}
pub(crate) fn rule_when_key(id: &str) -> String {
    format!("rule/{id}/when")
}
pub(crate) fn rule_message_key(id: &str) -> String {
    format!("rule/{id}/message")
}
pub(crate) fn refuse_key(id: &str, n: usize, part: &str) -> String {
    format!("question/{id}/refuse/{n}/{part}")
}
pub(crate) fn related_key(id: &str) -> String {
    format!("related/{id}/when")
}
pub(crate) fn derived_key(id: &str) -> String {
    format!("derived/{id}")
}

impl Engine {
    /// Loads and compiles the document `id` from `data`.
    pub fn load(data: &DataSource, id: &str) -> Result<Engine> {
        Self::load_with_calendar(data, id, None)
    }

    /// As `load`, with a calendar that may carry term dates.
    pub fn load_with_calendar(
        data: &DataSource,
        id: &str,
        calendar: Option<Calendar>,
    ) -> Result<Engine> {
        let doc = document::load(data, id)?;
        let guidance = Guidance::load(data)?;
        let protocols = serde_json::to_value(crate::law::protocols::load_all(data)?)?;
        let routes = crate::law::routes::value(&crate::law::routes::load(data)?);
        let calendar = Arc::new(match calendar {
            Some(c) => c,
            None => Calendar::load(data)?,
        });
        let mut env = environment(calendar.clone());
        let origin = format!("templates/{id}");
        for q in &doc.def.questions {
            if let Some(when) = &q.when {
                env.add_template_owned(question_key(&q.id), condition_template(when))
                    .with_context(|| {
                        format!("{origin}/document.yaml: the `when` of question `{}` is not a valid condition", q.id)
                    })?;
            }
        }
        for q in &doc.def.questions {
            for (n, r) in q.refuse.iter().enumerate() {
                env.add_template_owned(refuse_key(&q.id, n, "when"), condition_template(&r.when))
                    .with_context(|| {
                        format!("{origin}/document.yaml: refusal {} of question `{}` has a `when` that is not a valid condition", n + 1, q.id)
                    })?;
                env.add_template_owned(refuse_key(&q.id, n, "message"), r.message.clone())
                    .with_context(|| {
                        format!("{origin}/document.yaml: refusal {} of question `{}` has a message that is not a valid template", n + 1, q.id)
                    })?;
            }
        }
        for r in &doc.def.related {
            if let Some(when) = &r.when {
                env.add_template_owned(related_key(&r.id), condition_template(when))
                    .with_context(|| {
                        format!("{origin}/document.yaml: the `when` of related document `{}` is not a valid condition", r.id)
                    })?;
            }
        }
        for d in &doc.def.derived {
            env.add_template_owned(derived_key(&d.id), d.value.clone())
                .with_context(|| {
                    format!(
                        "{origin}/document.yaml: derived value `{}` is not a valid template",
                        d.id
                    )
                })?;
        }
        for r in &doc.rules {
            env.add_template_owned(rule_when_key(&r.id), condition_template(&r.when))
                .with_context(|| {
                    format!(
                        "{origin}/rules.yaml: the `when` of rule `{}` is not a valid condition",
                        r.id
                    )
                })?;
            add_message(&mut env, &origin, r)?;
            // A topic may be new in a later edition (a safeguarding
            // separation exists only from July 2026), so it is enough that
            // one edition has it; the finding cites it where it exists.
            for topic in &r.cite {
                if !guidance.has_topic(topic) {
                    anyhow::bail!(
                        "{origin}/rules.yaml: rule `{}` cites `{topic}`, which no guidance edition has",
                        r.id
                    );
                }
            }
        }
        env.add_template_owned(BODY, doc.template.clone())
            .with_context(|| format!("{} is not a valid template", doc.template_origin))?;
        Ok(Engine {
            doc,
            guidance,
            calendar,
            protocols_value: Context::convert(&protocols),
            routes_value: Context::convert(&routes),
            protocols,
            routes,
            sources: crate::base::sources::Sources::default(),
            guidance_values: Default::default(),
            law_value: Default::default(),
            env,
        })
    }

    /// This engine with another calendar (a school's term dates): the
    /// compiled templates are shared, the date filters count with
    /// `calendar`.
    pub fn with_calendar(&self, calendar: Calendar) -> Result<Engine> {
        let calendar = Arc::new(calendar);
        let env = crate::documents::templating::with_calendar(&self.env, calendar.clone());
        Ok(Engine {
            doc: self.doc.clone(),
            guidance: self.guidance.clone(),
            calendar,
            protocols: self.protocols.clone(),
            routes: self.routes.clone(),
            protocols_value: self.protocols_value.clone(),
            routes_value: self.routes_value.clone(),
            sources: self.sources,
            guidance_values: Default::default(),
            law_value: Default::default(),
            env,
        })
    }

    /// The guidance of `edition` as templates see it (`guidance[topic]`),
    /// converted once for each edition and way of citing.
    pub(crate) fn guidance_for_templates(
        &self,
        edition: &crate::law::guidance::Edition,
    ) -> minijinja::Value {
        let key = (edition.id.clone(), self.sources);
        if let Ok(cache) = self.guidance_values.lock() {
            if let Some(v) = cache.get(&key) {
                return v.clone();
            }
        }
        let v = Context::convert(&crate::documents::views::guidance_value(
            edition,
            &self.guidance,
            self.sources,
        ));
        if let Ok(mut cache) = self.guidance_values.lock() {
            cache.insert(key, v.clone());
        }
        v
    }

    /// The law as templates see it (`law[id]`), converted once.
    pub(crate) fn law_for_templates(&self) -> minijinja::Value {
        self.law_value
            .get_or_init(|| Context::convert(&crate::documents::views::law_value(&self.guidance)))
            .clone()
    }

    /// A rule's message for these facts.
    pub(crate) fn message(
        &self,
        rule: &crate::documents::document::Rule,
        ctx: &Context,
    ) -> Result<String> {
        self.render(&rule_message_key(&rule.id), ctx)
    }

    /// Renders one compiled template.
    pub(crate) fn render(&self, key: &str, ctx: &Context) -> Result<String> {
        crate::documents::templating::render(&self.env, key, ctx)
            .map_err(|e| render_error(&self.doc, key, e))
    }

    /// The reason an answer to `q` cannot be right, given the answers so far
    /// (`values`, this answer included), if one of its refusals holds.
    pub fn refusal(
        &self,
        q: &crate::documents::document::Question,
        values: &serde_json::Map<String, serde_json::Value>,
        today: &str,
    ) -> Result<Option<String>> {
        if let Some(why) = self.far_future_letter(q, values, today) {
            return Ok(Some(why));
        }
        if q.refuse.is_empty() {
            return Ok(None);
        }
        let mut ctx = Context::new();
        ctx.insert("today", today);
        for question in &self.doc.def.questions {
            ctx.insert_json(
                question.id.as_str(),
                values.get(&question.id).unwrap_or(&serde_json::Value::Null),
            );
        }
        for n in 0..q.refuse.len() {
            if self.holds(&refuse_key(&q.id, n, "when"), &ctx)? {
                let msg = self.render(&refuse_key(&q.id, n, "message"), &ctx)?;
                return Ok(Some(msg.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
        Ok(None)
    }

    /// A letter is dated the day it is sent: a date months ahead (2030
    /// for 2026) is a typing slip, and every deadline in the letter would
    /// be counted from it (review B13).
    fn far_future_letter(
        &self,
        q: &crate::documents::document::Question,
        values: &serde_json::Map<String, serde_json::Value>,
        today: &str,
    ) -> Option<String> {
        let def = &self.doc.def;
        if def.kind != "letter" || q.id != def.document_date {
            return None;
        }
        let date = values
            .get(&q.id)?
            .as_str()
            .and_then(crate::law::calendar::parse_date)?;
        let today = crate::law::calendar::parse_date(today)?;
        ((date - today).num_days() > MAX_DAYS_AHEAD).then(|| {
            format!(
                "A letter is dated the day it is sent, and {} is more than three months after today \
                 ({}). Check the year, or leave it empty for today",
                crate::law::calendar::long_date(date),
                crate::law::calendar::long_date(today)
            )
        })
    }

    /// Evaluates a compiled condition.
    pub(crate) fn holds(&self, key: &str, ctx: &Context) -> Result<bool> {
        Ok(self.render(key, ctx)?.trim() == "1")
    }
}

fn add_message(
    env: &mut Environment<'static>,
    origin: &str,
    r: &crate::documents::document::Rule,
) -> Result<()> {
    env.add_template_owned(rule_message_key(&r.id), r.message.clone())
        .with_context(|| {
            format!(
                "{origin}/rules.yaml: the message of rule `{}` is not a valid template",
                r.id
            )
        })
}

/// The file (and the rule or question in it) a compiled template came from.
fn key_origin(doc: &Document, key: &str) -> String {
    let origin = format!("templates/{}", doc.def.id);
    if key == BODY {
        return doc.template_origin.clone();
    }
    let mut parts = key.splitn(3, '/');
    let (kind, id) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    match kind {
        "rule" => format!("{origin}/rules.yaml, rule `{id}`"),
        "derived" => format!("{origin}/document.yaml, derived value `{id}`"),
        _ => format!("{origin}/document.yaml, question `{id}`"),
    }
}

/// A render error, naming the file the template came from. A template
/// stopped by its bounds says so.
fn render_error(doc: &Document, key: &str, e: minijinja::Error) -> anyhow::Error {
    if let Some(why) = crate::documents::templating::stopped(&e) {
        return anyhow::anyhow!("{} was stopped: {why}", key_origin(doc, key));
    }
    anyhow::anyhow!(
        "{} ({}): {}",
        key_origin(doc, key),
        doc.def.id,
        crate::documents::templating::describe(&e)
    )
}
