//! The school's term dates typed into a page (review B9), for a school
//! office that has its dates on its website and no term-dates file: one
//! box for each first and last day, the training days one a line. What is
//! typed becomes the same YAML a file holds, carried in the page and saved
//! with the answers ([`crate::pipeline::answers::TERM_DATES`]).

use super::*;
use crate::law::typed_terms::{term_fields, Typed, TypedTerm, MAX_TYPED_TERMS};
use axum::body::Body;
use axum::extract::{Path, State as Shared};
use form::Form;

/// The names the term dates page sends.
fn allowed(name: &str) -> bool {
    if matches!(name, "state" | "action" | "name" | "inset" | "choice") {
        return true;
    }
    (1..=MAX_TYPED_TERMS).any(|i| term_fields(i).iter().any(|f| f == name))
}

/// The term dates page: shown (`action=show`, filled in with the term
/// dates already given) or sent (`action=use`).
pub(super) async fn term_form(
    Shared(app): Shared<Arc<App>>,
    Path(doc): Path<String>,
    b: Body,
) -> Response {
    let r = match read_body(b).await {
        Ok(bytes) => match Form::decode_with(&bytes, allowed) {
            Ok(form) => blocking(&app, move |app| app.term_form_page(&doc, &form)).await,
            Err(e) => Err(e.into()),
        },
        Err(p) => Err(p),
    };
    respond(&app, r)
}

impl App {
    /// The answers with the term dates `text` (typed, chosen or a file's):
    /// Check your answers again, every date counted with them.
    pub(super) fn terms_added(
        &self,
        engine: &Arc<Engine>,
        mut state: State,
        text: String,
    ) -> Result<Response, Problem> {
        state.terms = Some(text);
        let engine = &self.dated(engine, &state)?;
        let name = engine
            .calendar
            .terms()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let added = format!(
            "Term dates added: {name}. Every date is now counted with them, and they are saved with your answers."
        );
        first_step(self, engine, state, &[added])
    }

    pub(super) fn term_form_page(&self, doc: &str, form: &Form) -> Result<Response, Problem> {
        let engine = self.engine(doc)?;
        let state = state_of(form, engine)?;
        match form.get("action").unwrap_or("show") {
            "show" => {
                let typed = match &state.terms {
                    Some(text) => Typed::from_term_dates(
                        &Calendar::parse_terms(text, "the term dates")
                            .map_err(|e| Problem::bad(format!("{e:#}")))?,
                    ),
                    None => Typed {
                        terms: vec![TypedTerm::default(); 3],
                        ..Typed::default()
                    },
                };
                pages::term_dates(&self.pages, engine, &state, &typed, &[])
                    .map(html)
                    .map_err(Problem::from_anyhow)
            }
            "choose" => {
                // Term dates the council put in its data folder.
                let Some(id) = form.get("choice").filter(|c| !c.is_empty()) else {
                    return Ok(error_status(
                        self,
                        Ok(pages::error(
                            &self.pages,
                            "Choose the term dates",
                            "No term dates were chosen. Go back to Check your answers and choose one, or type the dates.",
                        )),
                    ));
                };
                let text = crate::law::calendar::known_terms_text(&self.data, id)
                    .map_err(Problem::from_anyhow)?
                    .ok_or_else(|| {
                        Problem::bad("the term dates chosen are not among fairmove's")
                    })?;
                self.terms_added(engine, state, text)
            }
            "more" => {
                // One more row, up to two school years of terms.
                let mut typed = typed_from(form);
                if typed.terms.len() < MAX_TYPED_TERMS {
                    typed.terms.push(TypedTerm::default());
                }
                pages::term_dates(&self.pages, engine, &state, &typed, &[])
                    .map(html)
                    .map_err(Problem::from_anyhow)
            }
            "use" => {
                let typed = typed_from(form);
                match typed.to_term_dates() {
                    Ok(dates) => {
                        let text = dates.to_yaml().map_err(Problem::from_anyhow)?;
                        self.terms_added(engine, state, text)
                    }
                    Err(problems) => Ok(error_status(
                        self,
                        pages::term_dates(&self.pages, engine, &state, &typed, &problems),
                    )),
                }
            }
            _ => Err(Problem::bad(
                "the form asks for something no fairmove page asks for",
            )),
        }
    }
}

/// What the page's boxes hold: as many terms as the page showed.
fn typed_from(form: &Form) -> Typed {
    let get = |name: &str| form.get(name).unwrap_or("").to_string();
    let mut terms: Vec<TypedTerm> = (1..=MAX_TYPED_TERMS)
        .map(|i| {
            let [s, hs, he, e] = term_fields(i);
            TypedTerm {
                start: get(&s),
                half_start: get(&hs),
                half_end: get(&he),
                end: get(&e),
            }
        })
        .collect();
    while terms.len() > 3 && terms.last() == Some(&TypedTerm::default()) {
        terms.pop();
    }
    Typed {
        name: get("name"),
        terms,
        inset: get("inset"),
    }
}
