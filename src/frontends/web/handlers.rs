//! The routes: the start page, the pages of a document's flow, the answers
//! file and term dates uploaded, the downloads, the assets and `/healthz`.

use super::*;
use crate::frontends::flow::{self, SituationGoesTo, State};
use crate::Engine;
use anyhow::Result;
use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Path, Request, State as Shared};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use form::Form;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

/// "Delete my answers from this browser": the script removes what it kept
/// and asks this address to have the browser drop its copies of the pages
/// too (Clear-Site-Data; browsers honour it on https and on localhost).
pub(super) async fn forget() -> Response {
    (
        StatusCode::NO_CONTENT,
        [(
            header::HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"storage\""),
        )],
    )
        .into_response()
}

pub(super) async fn not_found(Shared(app): Shared<Arc<App>>) -> Response {
    problem_page(
        &app,
        Problem::new(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is no page at this address. Start from the first page.",
        ),
    )
}

pub(super) async fn start_page(Shared(app): Shared<Arc<App>>) -> Response {
    respond(
        &app,
        pages::start(&app.pages, &app.situations, None)
            .map(html)
            .map_err(Problem::from_anyhow),
    )
}

/// The first question's answer: a document, a route, or every document.
pub(super) async fn start(Shared(app): Shared<Arc<App>>, b: Body) -> Response {
    let form = match form_of(b).await {
        Ok(f) => f,
        Err(p) => return problem_page(&app, p),
    };
    let r = (|| -> Result<Response, Problem> {
        if form.get("from") == Some("documents") || form.get("document").is_some() {
            let doc = form.get("document").unwrap_or("");
            if doc.is_empty() {
                return Ok(error_status(
                    &app,
                    pages::documents(
                        &app.pages,
                        &app.documents,
                        Some("Choose the document you need"),
                    ),
                ));
            }
            let engine = app.engine(doc)?;
            return first_step(&app, engine, State::default(), &[]);
        }
        let chosen = match form.get("situation") {
            None | Some("") => {
                return Ok(error_status(
                    &app,
                    pages::start(
                        &app.pages,
                        &app.situations,
                        Some("Choose what is happening, or the closest to it"),
                    ),
                ))
            }
            Some(n) => n
                .parse::<usize>()
                .ok()
                .and_then(|n| app.situations.get(n))
                .ok_or_else(|| Problem::bad("the choice sent is not one of the page's choices"))?,
        };
        match &chosen.goes_to {
            SituationGoesTo::Document(id) => {
                let engine = app.engine(id)?;
                let s = flow::suggestion(engine, &app.data, app.today())
                    .map_err(Problem::from_anyhow)?;
                pages::suggest(&app.pages, &chosen.label, &s)
                    .map(html)
                    .map_err(Problem::from_anyhow)
            }
            SituationGoesTo::Route { .. } => pages::route(&app.pages, &app.data, chosen)
                .map(html)
                .map_err(Problem::from_anyhow),
            SituationGoesTo::Everything => pages::documents(&app.pages, &app.documents, None)
                .map(html)
                .map_err(Problem::from_anyhow),
        }
    })();
    respond(&app, r)
}

/// A page re-shown with an error message is still a 200-class page, but a
/// form sent without a choice is a client error: 422 tells scripts so.
pub(super) fn error_status(app: &App, page: Result<String>) -> Response {
    match page {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, html(p)).into_response(),
        Err(_) => problem_page(app, Problem::internal()),
    }
}

pub(super) fn first_step(
    app: &App,
    engine: &Engine,
    mut state: State,
    messages: &[String],
) -> Result<Response, Problem> {
    let step = state
        .step(engine, &app.data, app.today(), flow::Action::Resume)
        .map_err(Problem::from_anyhow)?;
    let mut all = messages.to_vec();
    all.extend(step.messages);
    pages::screen(&app.pages, &app.data, engine, &state, &step.screen, &all, 0)
        .map(html)
        .map_err(Problem::from_anyhow)
}

/// Carry on from an answers file (the same YAML `fairmove draft` reads).
pub(super) async fn load(Shared(app): Shared<Arc<App>>, req: Request) -> Response {
    let r = async {
        use axum::extract::FromRequest;
        let (parts, body) = req.into_parts();
        let bytes = read_body(body).await?;
        let req = Request::from_parts(parts, Body::from(bytes));
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|_| Problem::bad("the file could not be read"))?;
        let mut file: Option<Bytes> = None;
        while let Some(field) = multipart.next_field().await.map_err(multipart_problem)? {
            if field.name() != Some("answers") {
                return Err(Problem::bad(
                    "the form has a field that no fairmove page sends",
                ));
            }
            if file.is_some() {
                return Err(Problem::bad("the form sends more than one file"));
            }
            file = Some(field.bytes().await.map_err(multipart_problem)?);
        }
        let bytes = file.unwrap_or_default();
        // Parsing and the first step run on the blocking pool with the
        // flow's steps, never on the threads that serve every connection
        // (hosting review F5).
        blocking(&app, move |app| app.load_file(&bytes)).await
    }
    .await;
    respond(&app, r)
}

/// The school's term dates for this document's answers: the YAML file
/// `--terms` reads, uploaded from Check your answers, or taken away again
/// (review D10). Every date counted from then on uses them.
pub(super) async fn term_dates(
    Shared(app): Shared<Arc<App>>,
    Path(doc): Path<String>,
    req: Request,
) -> Response {
    let r = async {
        use axum::extract::FromRequest;
        let (parts, body) = req.into_parts();
        let bytes = read_body(body).await?;
        let req = Request::from_parts(parts, Body::from(bytes));
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|_| Problem::bad("the form could not be read"))?;
        let mut fields: BTreeMap<String, Bytes> = BTreeMap::new();
        while let Some(field) = multipart.next_field().await.map_err(multipart_problem)? {
            let name = field.name().unwrap_or("").to_string();
            if !matches!(name.as_str(), "state" | "terms" | "action") {
                return Err(Problem::bad(
                    "the form has a field that no fairmove page sends",
                ));
            }
            if fields.contains_key(&name) {
                return Err(Problem::bad(format!(
                    "the form gives the field `{name}` more than once"
                )));
            }
            let value = field.bytes().await.map_err(multipart_problem)?;
            fields.insert(name, value);
        }
        let text = |name: &str| -> Result<String, Problem> {
            String::from_utf8(fields.get(name).map(|b| b.to_vec()).unwrap_or_default()).map_err(
                |_| {
                    Problem::bad(format!(
                        "the form's field `{name}` is not valid text (UTF-8)"
                    ))
                },
            )
        };
        let state_text = text("state")?;
        let action = text("action")?;
        let terms = fields.get("terms").map(|b| b.to_vec()).unwrap_or_default();
        blocking(&app, move |app| {
            term_dates_step(app, &doc, state_text, &action, terms)
        })
        .await
    }
    .await;
    respond(&app, r)
}

/// The term dates form's work, on the blocking pool.
pub(super) fn term_dates_step(
    app: &App,
    doc: &str,
    state_text: String,
    action: &str,
    terms: Vec<u8>,
) -> Result<Response, Problem> {
    {
        let engine = app.engine(doc)?;
        let mut form = Form::default();
        form.push("state", state_text)?;
        let mut state = state_of(&form, engine)?;
        let mut messages = Vec::new();
        if action == "remove" {
            state.terms = None;
            messages.push("The term dates are taken away. Dates are counted skipping weekends and bank holidays only.".to_string());
        } else {
            let error = |why: &str| {
                Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Those term dates could not be used",
                    &format!("{why} Go back to Check your answers: your answers are still there."),
                )
            };
            if terms.is_empty() {
                return Err(error(
                    "No file was chosen. Choose the term dates file (it ends in .yaml).",
                ));
            }
            let terms = String::from_utf8(terms)
                .map_err(|_| error("The file chosen is not text. A term dates file is a small text file ending in .yaml."))?;
            crate::law::calendar::Calendar::parse_terms(&terms, "the file you chose")
                .map_err(|e| error(&format!("{e:#}.")))?;
            return app.terms_added(engine, state, terms);
        }
        let engine = &app.dated(engine, &state)?;
        first_step(app, engine, state, &messages)
    }
}

pub(super) fn multipart_problem(e: axum::extract::multipart::MultipartError) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::too_large()
    } else {
        Problem::bad("the file could not be read")
    }
}

pub(super) async fn restore(Shared(app): Shared<Arc<App>>, Path(doc): Path<String>) -> Response {
    let r = app.engine(&doc).and_then(|e| {
        pages::restore(&app.pages, e)
            .map(html)
            .map_err(Problem::from_anyhow)
    });
    respond(&app, r)
}

/// The answers in a form, checked against the document.
pub(super) fn state_of(form: &Form, engine: &Engine) -> Result<State, Problem> {
    let state = form::state(form, &engine.doc.def.id)?;
    state.validate(engine).map_err(Problem::bad)?;
    Ok(state)
}

/// One step of the flow.
pub(super) async fn step(
    Shared(app): Shared<Arc<App>>,
    Path(doc): Path<String>,
    b: Body,
) -> Response {
    let r = match form_of(b).await {
        Ok(form) => blocking(&app, move |app| app.flow_page(&doc, &form)).await,
        Err(p) => Err(p),
    };
    respond(&app, r)
}

/// Runs a step (checks, templates, the Word document: work for the CPU)
/// on tokio's blocking threads, so the server keeps answering other
/// requests even if a changed template in a data folder runs long; the
/// request's own time limit then answers the client.
pub(super) async fn blocking(
    app: &Arc<App>,
    work: impl FnOnce(&App) -> Result<Response, Problem> + Send + 'static,
) -> Result<Response, Problem> {
    let app = app.clone();
    let id = app
        .next_step
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(mut running) = app.running.lock() {
        running.insert(id, Instant::now());
    }
    tokio::task::spawn_blocking(move || {
        // Taken off the list when the step ends, however it ends.
        struct Done<'a>(&'a App, u64);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                if let Ok(mut running) = self.0.running.lock() {
                    running.remove(&self.1);
                }
            }
        }
        let _done = Done(&app, id);
        work(&app)
    })
    .await
    .unwrap_or_else(|_| Err(Problem::internal()))
}

/// `ok`, or a 503 saying how many steps are stuck: a load balancer or a
/// supervisor then knows to take this server out or restart it.
pub(super) async fn healthz(Shared(app): Shared<Arc<App>>) -> Response {
    match app.stuck_steps() {
        0 => "ok\n".into_response(),
        n => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "stuck: {} running for more than {} seconds\n",
                crate::base::words::count_of(n, "step", "steps"),
                app.stuck_after.as_secs()
            ),
        )
            .into_response(),
    }
}

pub(super) fn attachment(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        Body::from(bytes),
    )
        .into_response()
}

/// The answers file, the same YAML `fairmove draft` reads.
pub(super) async fn download_answers(
    Shared(app): Shared<Arc<App>>,
    Path(doc): Path<String>,
    b: Body,
) -> Response {
    let form = match form_of(b).await {
        Ok(f) => f,
        Err(p) => return problem_page(&app, p),
    };
    let r = (|| -> Result<Response, Problem> {
        let engine = app.engine(&doc)?;
        let state = state_of(&form, engine)?;
        let name = format!("{doc}-answers-{}.yaml", app.today().format("%Y-%m-%d"));
        let text = crate::frontends::interview::answers_file_text(
            engine,
            &state.answers(engine, &name),
            &name,
        )
        .map_err(Problem::from_anyhow)?;
        Ok(attachment(
            "application/yaml; charset=utf-8",
            &name,
            text.into_bytes(),
        ))
    })();
    respond(&app, r)
}

/// The Word document, byte for byte what `fairmove draft` writes.
pub(super) async fn download_docx(
    Shared(app): Shared<Arc<App>>,
    Path(doc): Path<String>,
    b: Body,
) -> Response {
    let r = match form_of(b).await {
        Ok(form) => blocking(&app, move |app| app.docx_page(&doc, &form)).await,
        Err(p) => Err(p),
    };
    respond(&app, r)
}

/// The bytes of a response built by this server (its bodies are always in
/// memory, so this never waits); for the fuzz target and tests.
pub fn body_bytes(response: Response) -> Vec<u8> {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    let mut fut = std::pin::pin!(axum::body::to_bytes(response.into_body(), usize::MAX));
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(b)) => b.to_vec(),
        _ => panic!("a response body that is not in memory"),
    }
}

pub(super) static CSS: &[u8] = include_bytes!("../../../web/assets/fairmove.css");
pub(super) static GOVUK_JS: &[u8] = include_bytes!("../../../web/assets/govuk-frontend.min.js");
pub(super) static OUR_JS: &[u8] = include_bytes!("../../../web/assets/fairmove.js");
pub(super) static NOTICE: &[u8] = include_bytes!("../../../web/assets/NOTICE");

pub(super) async fn asset(Path(name): Path<String>) -> Response {
    let (ty, bytes): (&str, &'static [u8]) = match name.as_str() {
        "fairmove.css" => ("text/css; charset=utf-8", CSS),
        "govuk-frontend.min.js" => ("text/javascript; charset=utf-8", GOVUK_JS),
        "fairmove.js" => ("text/javascript; charset=utf-8", OUR_JS),
        "NOTICE" => ("text/plain; charset=utf-8", NOTICE),
        _ => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(ty).expect("static"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response()
}
