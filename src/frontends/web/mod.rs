//! `fairmove serve`: the guided interview as web pages, in the GOV.UK
//! Design System's patterns, for a parent on a phone.
//!
//! The server keeps nothing. The answers travel with the pages (a hidden
//! field of each form, see [`form`]); each request rebuilds the flow's
//! state from it, takes one step ([`crate::frontends::flow`]) and renders the screen
//! ([`pages`]). No database, no files, no cookies, and the log has the
//! route, status and time of each request only. Any number of copies can
//! run behind a load balancer.

pub mod form;
pub mod pages;

use crate::base::data::DataSource;
use crate::frontends::flow::{self, Screen, Situation, SituationGoesTo, State};
use crate::law::calendar::Calendar;
use crate::pipeline::answers::Answers;
use crate::Engine;
use anyhow::{Context as _, Result};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, MatchedPath, Multipart, Path, Request, State as Shared};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use form::{Form, FormError, Request as FormRequest};
use std::collections::BTreeMap;
use std::net::SocketAddr;
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

/// How much of a body over the limit is read (and thrown away) before the
/// "too much" page is sent: a browser still sending its upload when the
/// answer comes would show a reset connection instead of the page.
const DRAIN_LIMIT: usize = 8 * 1024 * 1024;

/// Reads a request's body, at most [`BODY_LIMIT`] of it.
async fn read_body(body: Body) -> Result<Bytes, Problem> {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut buf = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            let timed_out = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<tower_http::timeout::TimeoutError>())
                || e.into_inner().is::<tower_http::timeout::TimeoutError>();
            if timed_out {
                Problem::slow_body()
            } else {
                Problem::bad("the page's form could not be read")
            }
        })?;
        if let Ok(data) = frame.into_data() {
            total += data.len();
            if total <= BODY_LIMIT {
                buf.extend_from_slice(&data);
            } else if total > DRAIN_LIMIT {
                break;
            }
        }
    }
    if total > BODY_LIMIT {
        return Err(Problem::too_large());
    }
    Ok(buf.into())
}

/// A form post's fields.
async fn form_of(body: Body) -> Result<Form, Problem> {
    Ok(Form::decode(&read_body(body).await?)?)
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

/// Reads a POST's whole body before any handler sees it, within the read
/// timeout for the whole body, not for each part of it (hosting review F7:
/// a body trickled a byte at a time held its connection for 30 s). A body
/// declared larger than fairmove would ever read gets the "too much" page
/// at once and the connection is closed; one over the limit but small
/// enough to read is read to its end first, so a browser still uploading
/// sees the page rather than a reset connection.
async fn whole_body(Shared(app): Shared<Arc<App>>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_LIMIT as u64) {
        let mut res = problem_page(&app, Problem::too_large());
        res.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return res;
    }
    let (parts, body) = req.into_parts();
    let bytes = match tokio::time::timeout(app.read_timeout, read_body(body)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(problem)) => return problem_page(&app, problem),
        Err(_) => return problem_page(&app, Problem::slow_body()),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Whether a state-changing request came from fairmove's own pages
/// (hosting review F4: a page on another website could post answers that
/// the family's browser then kept). A browser says where a form came from
/// with `Sec-Fetch-Site` or, older ones, `Origin`; a request with neither
/// (a script such as curl, not a browser page) is served.
pub fn from_own_pages(headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some(origin_host) = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
    else {
        return false; // "null", or not a web page
    };
    // Behind a reverse proxy the address the browser used is in
    // X-Forwarded-Host, or in Host when the proxy passes it on.
    ["x-forwarded-host", "host"].iter().any(|name| {
        headers
            .get(*name)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.split(',').next())
            .is_some_and(|h| h.trim().eq_ignore_ascii_case(origin_host))
    })
}

/// Refuses a POST from another website with a plain 403 page.
async fn same_origin(Shared(app): Shared<Arc<App>>, req: Request, next: Next) -> Response {
    if req.method() == Method::POST && !from_own_pages(req.headers()) {
        return problem_page(
            &app,
            Problem::new(
                StatusCode::FORBIDDEN,
                "This page was sent from another website",
                "fairmove only takes answers sent from its own pages, so another website cannot \
                 fill them in for you. Nothing was saved. Go to the first page to start or carry on.",
            ),
        );
    }
    next.run(req).await
}

/// Security headers on every response, and one log line: the route (never
/// the address with its values), the status and the time taken.
/// Requests being answered now, and whether any came since memory was last
/// given back: with a keep-alive connection left open (a proxy's pool, a
/// monitor), no moment has no connection, so the server also gives memory
/// back when no request is running (hosting review A11).
static IN_FLIGHT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static REQUEST_SEEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Counts a request as running until it is dropped (answered or given up).
struct InFlight;

impl InFlight {
    fn start() -> InFlight {
        IN_FLIGHT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        REQUEST_SEEN.store(true, std::sync::atomic::Ordering::Relaxed);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Whether no request is running and one has since the last call.
fn quiet_after_requests() -> bool {
    IN_FLIGHT.load(std::sync::atomic::Ordering::Relaxed) == 0
        && REQUEST_SEEN.swap(false, std::sync::atomic::Ordering::Relaxed)
}

async fn headers_and_log(req: Request, next: Next) -> Response {
    let _running = InFlight::start();
    let started = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "(no route)".into());
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
    let h = res.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
             frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not "no-referrer": with it, a browser posts fairmove's own forms
        // with `Origin: null`, and over plain HTTP (an intranet, a LAN
        // address) it sends no Sec-Fetch-Site either, so every family was
        // refused at the first Continue (hosting review A2). "same-origin"
        // still sends nothing to any other site.
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        let page = ok
            && h.get(header::CONTENT_TYPE)
                .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
        // A page carries a child's details: never in a shared cache. The
        // family's own browser may keep the page the form led to, so that
        // its Back button shows the page before instead of Chrome's
        // "Confirm Form Resubmission" (review D3); it is never used again
        // without asking the server ("no-cache") except by Back and
        // Forward, and "Delete my answers" clears it (`/forget`).
        let policy = if page && method == Method::POST {
            "private, no-cache"
        } else {
            "no-store"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    if method != Method::HEAD {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "{method} {route} {} {:.1} ms",
            res.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    res
}

/// "Delete my answers from this browser": the script removes what it kept
/// and asks this address to have the browser drop its copies of the pages
/// too (Clear-Site-Data; browsers honour it on https and on localhost).
async fn forget() -> Response {
    (
        StatusCode::NO_CONTENT,
        [(
            header::HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"storage\""),
        )],
    )
        .into_response()
}

async fn not_found(Shared(app): Shared<Arc<App>>) -> Response {
    problem_page(
        &app,
        Problem::new(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is no page at this address. Start from the first page.",
        ),
    )
}

async fn start_page(Shared(app): Shared<Arc<App>>) -> Response {
    respond(
        &app,
        pages::start(&app.pages, &app.situations, None)
            .map(html)
            .map_err(Problem::from_anyhow),
    )
}

/// The first question's answer: a document, a route, or every document.
async fn start(Shared(app): Shared<Arc<App>>, b: Body) -> Response {
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
fn error_status(app: &App, page: Result<String>) -> Response {
    match page {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, html(p)).into_response(),
        Err(_) => problem_page(app, Problem::internal()),
    }
}

fn first_step(
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
async fn load(Shared(app): Shared<Arc<App>>, req: Request) -> Response {
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
async fn term_dates(
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
fn term_dates_step(
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
            let parsed = crate::law::calendar::Calendar::parse_terms(&terms, "the file you chose")
                .map_err(|e| error(&format!("{e:#}.")))?;
            messages.push(format!(
                "Term dates added: {}. Every date is now counted with them.",
                parsed.name
            ));
            state.terms = Some(terms);
        }
        let engine = &app.dated(engine, &state)?;
        first_step(app, engine, state, &messages)
    }
}

fn multipart_problem(e: axum::extract::multipart::MultipartError) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::too_large()
    } else {
        Problem::bad("the file could not be read")
    }
}

async fn restore(Shared(app): Shared<Arc<App>>, Path(doc): Path<String>) -> Response {
    let r = app.engine(&doc).and_then(|e| {
        pages::restore(&app.pages, e)
            .map(html)
            .map_err(Problem::from_anyhow)
    });
    respond(&app, r)
}

/// The answers in a form, checked against the document.
fn state_of(form: &Form, engine: &Engine) -> Result<State, Problem> {
    let state = form::state(form, &engine.doc.def.id)?;
    state.validate(engine).map_err(Problem::bad)?;
    Ok(state)
}

/// One step of the flow.
async fn step(Shared(app): Shared<Arc<App>>, Path(doc): Path<String>, b: Body) -> Response {
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
async fn blocking(
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
async fn healthz(Shared(app): Shared<Arc<App>>) -> Response {
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

impl App {
    /// A flow page's post, decoded: the page for the next step, or the
    /// problem (a 4xx for anything a page could not have sent). The fuzz
    /// target `form` calls this with any bytes.
    pub fn flow_post(&self, doc: &str, body: &[u8]) -> Result<Response, Problem> {
        self.flow_page(doc, &Form::decode(body)?)
    }

    fn flow_page(&self, doc: &str, form: &Form) -> Result<Response, Problem> {
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
        first_step(app, engine, state, &messages)
    }

    pub fn docx_post(&self, doc: &str, body: &[u8]) -> Result<Response, Problem> {
        self.docx_page(doc, &Form::decode(body)?)
    }

    fn docx_page(&self, doc: &str, form: &Form) -> Result<Response, Problem> {
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

fn attachment(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
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
async fn download_answers(
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
async fn download_docx(
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

static CSS: &[u8] = include_bytes!("../../../web/assets/fairmove.css");
static GOVUK_JS: &[u8] = include_bytes!("../../../web/assets/govuk-frontend.min.js");
static OUR_JS: &[u8] = include_bytes!("../../../web/assets/fairmove.js");
static NOTICE: &[u8] = include_bytes!("../../../web/assets/NOTICE");

async fn asset(Path(name): Path<String>) -> Response {
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

/// The answer to a connection over the limits (hosting review F1).
const BUSY: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
Retry-After: 5\r\nConnection: close\r\nContent-Length: 46\r\n\r\n\
fairmove is busy. Try again in a few seconds.\n";

/// How many connections are served at once, in all and from one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connections: usize,
    pub per_client: usize,
}

impl Limits {
    /// From the process's file descriptor limit, first raised to its hard
    /// limit where the system allows: 64 descriptors are kept for files,
    /// pipes and the 503 answer, the rest serve connections, and one
    /// address may hold a quarter of them. Behind a reverse proxy every
    /// connection comes from the proxy: set FAIRMOVE_PER_CLIENT to the
    /// same number as the connections (the proxy then does the sharing).
    pub fn from_system() -> Limits {
        let nofile = raise_descriptor_limit();
        let connections = nofile.saturating_sub(64).clamp(16, 16_384);
        let per_client = std::env::var("FAIRMOVE_PER_CLIENT")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(connections / 4)
            .clamp(1, connections);
        Limits {
            connections,
            per_client,
        }
    }
}

/// Raises the soft limit on open files to the hard limit; returns the
/// soft limit in force.
fn raise_descriptor_limit() -> usize {
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
        usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX)
    }
}

/// How often an idle server gives freed memory back to the system.
const TRIM_EVERY: Duration = Duration::from_secs(5);

/// Returns freed heap memory to the system (glibc keeps it otherwise).
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator; it
    // takes the allocator's own locks and touches nothing in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The connections open now, in all and by address.
struct Connections {
    limits: Limits,
    by_client: std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>,
    /// Whether a connection has been taken since memory was last given back.
    used: std::sync::atomic::AtomicBool,
}

/// One open connection; closing it (dropping this) frees its place.
struct Slot {
    open: Arc<Connections>,
    client: std::net::IpAddr,
}

impl Connections {
    fn new(limits: Limits) -> Connections {
        Connections {
            limits,
            by_client: Default::default(),
            used: false.into(),
        }
    }

    /// Whether no connection is open and one was since the last call.
    fn idle_after_use(&self) -> bool {
        let map = self.by_client.lock().unwrap_or_else(|e| e.into_inner());
        map.is_empty() && self.used.swap(false, std::sync::atomic::Ordering::Relaxed)
    }

    fn take(self: &Arc<Self>, client: std::net::IpAddr) -> Option<Slot> {
        let mut map = self.by_client.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = map.values().sum();
        let mine = map.get(&client).copied().unwrap_or(0);
        if total >= self.limits.connections || mine >= self.limits.per_client {
            return None;
        }
        *map.entry(client).or_insert(0) += 1;
        self.used.store(true, std::sync::atomic::Ordering::Relaxed);
        Some(Slot {
            open: self.clone(),
            client,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut map = self
            .open
            .by_client
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.client);
            }
        }
    }
}

/// Binds `addr` and serves until SIGTERM or Ctrl-C, then finishes the
/// requests in flight. `ready` is told the address actually bound (useful
/// with port 0).
pub async fn serve(app: Arc<App>, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt as _;

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("could not listen on {addr}"))?;
    let limits = Limits::from_system();
    ready(listener.local_addr()?);
    let read_timeout = app.read_timeout;
    let router = router(app);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    let open = Arc::new(Connections::new(limits));
    // Memory back to the system once a burst is over (hosting review
    // F12): glibc keeps freed memory for reuse, so after 1,000 held
    // connections a quiet server stayed at twice its starting size. When
    // no connection has been open for a few seconds after some were,
    // `malloc_trim` returns what is free.
    let trimmer = {
        let open = open.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(TRIM_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                // Both are asked, so each flag is cleared each look.
                let no_connections = open.idle_after_use();
                let no_requests = quiet_after_requests();
                if no_connections || no_requests {
                    let _ = tokio::task::spawn_blocking(give_back_memory).await;
                }
            }
        })
    };
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(a) => a,
                    Err(_) => {
                        // Out of descriptors or memory: wait a little for
                        // connections to close instead of spinning a core.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let Some(slot) = open.take(peer.ip()) else {
                    // Full, or this client has its share: a short answer
                    // at once, and the descriptor is given back.
                    let _ = stream.try_write(BUSY);
                    drop(stream);
                    continue;
                };
                let svc = router
                    .clone()
                    .map_request(|req: axum::http::Request<hyper::body::Incoming>| req.map(Body::new));
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(read_timeout)
                    .serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                    drop(slot);
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    trimmer.abort();
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "Stopping: finishing the requests in flight."
    );
    if tokio::time::timeout(REQUEST_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        let _ = writeln!(
            std::io::stderr(),
            "Some requests did not finish in time and were dropped."
        );
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Runs the server on a runtime of its own (for the command line).
pub fn run(config: Config, addr: SocketAddr, open: bool) -> Result<()> {
    let app = Arc::new(App::new(config)?);
    // Steps are CPU work: as many at once as there are cores. More threads
    // would only queue on the cores and each keep memory of its own.
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores.max(2))
        .build()
        .context("could not start the server's runtime")?;
    let served = rt.block_on(serve(app, addr, |bound| {
        use std::io::Write;
        let url = format!("http://{bound}/");
        // Printing may fail (a closed terminal); the server goes on.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "fairmove is ready. Open {url} in a web browser.");
        if !bound.ip().is_loopback() {
            let _ = writeln!(
                out,
                "It is listening on {} beyond this computer. It speaks plain HTTP: put a reverse \
                 proxy that provides TLS (HTTPS) in front of it, such as Caddy or nginx.",
                bound.ip()
            );
        }
        let _ = writeln!(
            out,
            "Press Ctrl-C to stop. The server keeps nothing you type: no files, no database, no answers in its log."
        );
        let _ = out.flush();
        if open {
            open_browser(&url);
        }
    }));
    // `serve` has already given the requests in flight the request timeout
    // to finish; a step still running then (a `--data` template that never
    // ends) is left behind after 5 s more, so a stop always ends (hosting
    // review F3). Dropping the runtime would wait for it for ever.
    rt.shutdown_timeout(Duration::from_secs(5));
    served
}

fn open_browser(url: &str) {
    let tried = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if tried.is_err() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stdout(),
            "Could not open a browser by itself; open the address above by hand."
        );
    }
}
