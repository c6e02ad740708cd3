//! `fairmove serve`: the guided interview as web pages, in the GOV.UK
//! Design System's patterns, for a parent on a phone.
//!
//! The server keeps nothing. The answers travel with the pages (a hidden
//! field of each form, see [`form`]); each request rebuilds the flow's
//! state from it, takes one step ([`crate::frontends::flow`]) and renders the screen
//! ([`pages`]). No database, no files, no cookies, and the log has the
//! route, status and time of each request only. Any number of copies can
//! run behind a load balancer.

mod budget;
pub mod form;
mod guards;
mod handlers;
pub mod pages;
mod server;
mod steps;
mod term_form;

pub use budget::{BODY_BUDGET, NETWORK_BODY_BUDGET};
use guards::*;
pub use handlers::body_bytes;
use handlers::*;
pub use server::{run, serve, Limits};

use crate::base::data::DataSource;
use crate::frontends::flow::{self, Situation, State};
use crate::law::calendar::Calendar;
use crate::Engine;
use anyhow::Result;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::middleware::{self};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use form::FormError;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The largest request body taken (a form post, or an answers file).
pub const BODY_LIMIT: usize = 256 * 1024;
/// How long a client has to send a request's headers, and its body.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request may take from start to finish.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What a server runs with.
pub struct Config {
    pub data: DataSource,
    pub calendar: Calendar,
    /// A fixed date for "today" (tests); otherwise the server's date.
    pub today: Option<NaiveDate>,
}

impl Config {
    /// The built-in data, the built-in calendar, the server's own date.
    pub fn builtin() -> Result<Config> {
        let data = DataSource::builtin();
        let calendar = Calendar::load(&data)?;
        Ok(Config {
            data,
            calendar,
            today: None,
        })
    }
}

/// Everything built once at start and shared by every request: each
/// document's engine (questions, rules, compiled templates), the pages.
pub struct App {
    data: DataSource,
    /// The calendar without term dates, to which a page's term dates are
    /// added.
    calendar: Calendar,
    engines: BTreeMap<String, Arc<Engine>>,
    pages: pages::Pages,
    situations: Vec<Situation>,
    documents: Vec<flow::Next>,
    today: Option<NaiveDate>,
    /// How long a client has to send a request's headers, and its body.
    read_timeout: Duration,
    /// The steps running on the blocking threads, by number, with when
    /// each started: `/healthz` reports steps that have run far longer than
    /// any request may (a `--data` template that never ends; hosting
    /// review F3).
    running: std::sync::Mutex<BTreeMap<u64, Instant>>,
    next_step: std::sync::atomic::AtomicU64,
    stuck_after: Duration,
    /// The request bodies held in memory now, in all and by network.
    bodies: Arc<budget::Bodies>,
}

impl App {
    /// Gives clients `t` instead of [`READ_TIMEOUT`] to send a request (the
    /// tests use a short one).
    pub fn with_read_timeout(mut self, t: Duration) -> App {
        self.read_timeout = t;
        self
    }

    /// Reports a step as stuck after `t` instead of twice the request
    /// timeout (the tests use a short one).
    pub fn with_stuck_after(mut self, t: Duration) -> App {
        self.stuck_after = t;
        self
    }

    /// How many steps have been running for longer than a step ever should.
    fn stuck_steps(&self) -> usize {
        let now = Instant::now();
        self.running
            .lock()
            .map(|m| {
                m.values()
                    .filter(|t| now.duration_since(**t) > self.stuck_after)
                    .count()
            })
            .unwrap_or(0)
    }

    pub fn new(config: Config) -> Result<App> {
        let mut engines = BTreeMap::new();
        for id in crate::documents::document::list_ids(&config.data)? {
            let engine =
                Engine::load_with_calendar(&config.data, &id, Some(config.calendar.clone()))?;
            engines.insert(id, Arc::new(engine));
        }
        let (situations, documents) = flow::first_question(&config.data)?;
        Ok(App {
            pages: pages::load(&config.data)?,
            situations,
            documents,
            calendar: config.calendar,
            data: config.data,
            engines,
            today: config.today,
            read_timeout: READ_TIMEOUT,
            running: std::sync::Mutex::new(BTreeMap::new()),
            next_step: std::sync::atomic::AtomicU64::new(0),
            bodies: Default::default(),
            stuck_after: REQUEST_TIMEOUT * 2,
        })
    }

    fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// `engine` counting dates with the term dates in `state`, if any.
    fn dated(&self, engine: &Arc<Engine>, state: &State) -> Result<Arc<Engine>, Problem> {
        let Some(text) = &state.terms else {
            return Ok(engine.clone());
        };
        let terms = crate::law::calendar::Calendar::parse_terms(text, "the term dates")
            .map_err(|e| Problem::bad(format!("{e:#}")))?;
        engine
            .with_calendar(self.calendar.clone().with_terms(terms))
            .map(Arc::new)
            .map_err(|_| Problem::internal())
    }

    fn engine(&self, id: &str) -> Result<&Arc<Engine>, Problem> {
        self.engines.get(id).ok_or_else(|| {
            Problem::new(
                StatusCode::NOT_FOUND,
                "There is no such document",
                "This address is not one of fairmove's documents. Start again from the first page.",
            )
        })
    }
}

/// A page that is not the next step: what went wrong, with its status.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    title: String,
    message: String,
}

impl Problem {
    /// The HTTP status of the page.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    fn new(status: StatusCode, title: &str, message: &str) -> Problem {
        Problem {
            status,
            title: title.into(),
            message: message.into(),
        }
    }

    fn bad(message: impl std::fmt::Display) -> Problem {
        let message = message.to_string();
        let mut chars = message.chars();
        let message = match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
            None => message,
        };
        Problem::new(
            StatusCode::BAD_REQUEST,
            "fairmove could not use what the page sent",
            &format!(
                "{message}. This happens when a page was changed, or is from another version of \
                 fairmove. Go back to the first page and carry on from your answers file, or start again."
            ),
        )
    }

    fn slow_body() -> Problem {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "The page took too long to arrive",
            "Part of what the page sent did not arrive in time, perhaps because the \
             connection is slow. Go back and send it again.",
        )
    }

    fn too_large() -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "That is too much to send",
            &format!(
                "fairmove takes at most {} KiB in one go, and an answers file of at most that size. \
                 Shorten the longest answer (an answer can be at most 20,000 characters) and try again.",
                BODY_LIMIT / 1024
            ),
        )
    }

    /// Too many requests at once, or one client sending too much at once
    /// (hosting review A1).
    fn busy() -> Problem {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "fairmove is busy",
            "Too many pages are being sent to fairmove at this moment. Wait a few seconds, \
             then go back and send the page again: your answers are still in it.",
        )
    }

    fn from_anyhow(e: anyhow::Error) -> Problem {
        if let Some(r) = e.downcast_ref::<flow::Refused>() {
            return Problem::bad(r);
        }
        if let Some(f) = e.downcast_ref::<FormError>() {
            return Problem::bad(f);
        }
        Problem::internal()
    }

    /// Something failed inside fairmove: internals stay out of the page
    /// and the log.
    fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "fairmove could not finish this step. Your answers are still in this page: use \
             \"Download my answers\" to keep them, and try again.",
        )
    }
}

impl From<FormError> for Problem {
    fn from(e: FormError) -> Problem {
        Problem::bad(e)
    }
}

fn html(page: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

fn problem_page(app: &App, p: Problem) -> Response {
    let page = pages::error(&app.pages, &p.title, &p.message);
    (
        p.status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn respond(app: &Arc<App>, r: Result<Response, Problem>) -> Response {
    match r {
        Ok(r) => r,
        Err(p) => problem_page(app, p),
    }
}

/// The routes, with the limits and headers every response gets.
pub fn router(app: Arc<App>) -> Router {
    let read_timeout = app.read_timeout;
    let app_for_guard = app.clone();
    Router::new()
        .route("/", get(start_page))
        .route("/start", post(start))
        .route("/load", post(load))
        .route("/d/{doc}", get(restore).post(step))
        .route("/d/{doc}/answers", post(download_answers))
        .route("/d/{doc}/docx", post(download_docx))
        .route("/d/{doc}/terms", post(term_dates))
        .route("/d/{doc}/term-dates", post(term_form::term_form))
        .route("/assets/{name}", get(asset))
        .route("/forget", post(forget))
        .route("/healthz", get(healthz))
        // No icon: say so without an error in the browser's console (D24).
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(not_found)
        .with_state(app)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            read_timeout,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(
            app_for_guard.clone(),
            whole_body,
        ))
        .layer(middleware::from_fn_with_state(app_for_guard, same_origin))
        .layer(middleware::from_fn(headers_and_log))
}
