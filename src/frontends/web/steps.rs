//! One step of the flow for a request: its state rebuilt from the form,
//! the step taken, and the page, the answers file or the document made.

use super::*;
use crate::frontends::flow::{self, Screen, State};
use crate::pipeline::answers::Answers;
use anyhow::Result;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use form::{Form, Request as FormRequest};

impl App {
    /// A flow page's post, decoded: the page for the next step, or the
    /// problem (a 4xx for anything a page could not have sent). The fuzz
    /// target `form` calls this with any bytes.
    pub fn flow_post(&self, doc: &str, body: &[u8]) -> Result<Response, Problem> {
        self.flow_page(doc, &Form::decode(body)?)
    }

    pub(super) fn flow_page(&self, doc: &str, form: &Form) -> Result<Response, Problem> {
        let app = self;
        let engine = app.engine(doc)?;
        if form.get("action") == Some("carry") {
            // Start this document with the answers given for another.
            let from = form
                .get("from")
                .ok_or_else(|| Problem::bad("the form does not say which answers to carry over"))?;
            let from_engine = app.engine(from)?;
            let old = state_of(form, from_engine)?;
            let answers =
                flow::shared_answers(&app.data, old.answers(from_engine, "your answers"), doc)
                    .map_err(Problem::from_anyhow)?;
            let mut state = State {
                terms: old.terms.clone(),
                ..State::default()
            };
            state.prefill(engine, &answers);
            let engine = &app.dated(engine, &state)?;
            let carried: Vec<String> = flow::carried_summary(engine, &state, "the last document")
                .into_iter()
                .collect();
            return first_step(app, engine, state, &carried);
        }
        let mut state = state_of(form, engine)?;
        let engine = &app.dated(engine, &state)?;
        let question = |id: &str| engine.doc.def.questions.iter().find(|q| q.id == id);
        let (action, extra_rows, rows) = match form::request(form, question)? {
            FormRequest::Step(a) => (a, 0, None),
            // The page always ends in one empty box, so the rows given
            // back (empty ones included) and that box make exactly one
            // more than the page had (review B19: it added two).
            FormRequest::MoreRows { question, items } => {
                (flow::Action::Change { question }, 0, Some(items))
            }
        };
        let mut step = state
            .step(engine, &app.data, app.today(), action)
            .map_err(Problem::from_anyhow)?;
        if let (Some(items), Screen::Question(s)) = (rows, &mut step.screen) {
            s.current = Some(crate::pipeline::answers::Raw::List(
                items
                    .into_iter()
                    .map(crate::pipeline::answers::Raw::Text)
                    .collect(),
            ));
        }
        pages::screen(
            &app.pages,
            &app.data,
            engine,
            &state,
            &step.screen,
            &step.messages,
            extra_rows,
        )
        .map(html)
        .map_err(Problem::from_anyhow)
    }

    /// The Word document for a post's answers (see [`download_docx`]).
    /// The page for an uploaded answers file (`POST /load`, once the file
    /// is out of its form): where the family left off, or a page saying
    /// what is wrong with the file. Public for the fuzz target.
    pub fn load_file(&self, bytes: &[u8]) -> Result<Response, Problem> {
        let app = self;
        if bytes.is_empty() {
            return Ok(error_status(
                app,
                pages::start(
                    &app.pages,
                    &app.situations,
                    Some("Choose your answers file first (it ends in .yaml)"),
                ),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "That is not an answers file",
                "The file chosen is not text. Choose the answers file fairmove gave you (it ends in .yaml).",
            )
        })?;
        let answers = Answers::parse(text, "the file you chose").map_err(|e| {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "That answers file could not be read",
                &format!("{e}."),
            )
        })?;
        let Some(doc) = answers.document() else {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "That answers file does not say which document it is for",
                "An answers file starts with a line such as `document: withdraw-exclusion`. Choose the file fairmove gave you.",
            ));
        };
        let engine = app.engine(&doc)?;
        let mut state = State::default();
        let messages = state.prefill(engine, &answers);
        // Counted with the term dates saved with the answers (review B9).
        let engine = &app.dated(engine, &state)?;
        first_step(app, engine, state, &messages)
    }

    pub fn docx_post(&self, doc: &str, body: &[u8]) -> Result<Response, Problem> {
        self.docx_page(doc, &Form::decode(body)?)
    }

    pub(super) fn docx_page(&self, doc: &str, form: &Form) -> Result<Response, Problem> {
        let app = self;
        let engine = app.engine(doc)?;
        let mut state = state_of(form, engine)?;
        let engine = &app.dated(engine, &state)?;
        let step = state
            .step(engine, &app.data, app.today(), flow::Action::Write)
            .map_err(Problem::from_anyhow)?;
        match step.screen {
            Screen::Done(done) => Ok(attachment(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &format!("{doc}-{}.docx", done.facts.document_date.format("%Y-%m-%d")),
                done.docx,
            )),
            other => {
                // Blocked, or answers to fix: show that page instead.
                pages::screen(
                    &app.pages,
                    &app.data,
                    engine,
                    &state,
                    &other,
                    &step.messages,
                    0,
                )
                .map(|p| (StatusCode::CONFLICT, html(p)).into_response())
                .map_err(Problem::from_anyhow)
            }
        }
    }
}
