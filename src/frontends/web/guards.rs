//! The guards in front of every page: the request body read whole and within
//! its limit, the same-origin check on every form post, the security headers,
//! the log line without answers, and giving memory back after a burst.

use super::*;
use anyhow::Result;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State as Shared};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use form::Form;
use std::sync::Arc;
use std::time::Instant;

/// How much of a body over the limit is read (and thrown away) before the
/// "too much" page is sent: a browser still sending its upload when the
/// answer comes would show a reset connection instead of the page.
pub(super) const DRAIN_LIMIT: usize = 8 * 1024 * 1024;

/// What a body that could not be read gets: the "too slow" page when its
/// time ran out, otherwise a page saying the form could not be read.
fn body_problem(e: axum::Error) -> Problem {
    let timed_out = std::error::Error::source(&e)
        .is_some_and(|s| s.is::<tower_http::timeout::TimeoutError>())
        || e.into_inner().is::<tower_http::timeout::TimeoutError>();
    if timed_out {
        Problem::slow_body()
    } else {
        Problem::bad("the page's form could not be read")
    }
}

/// Reads a request's body, at most [`BODY_LIMIT`] of it.
pub(super) async fn read_body(body: Body) -> Result<Bytes, Problem> {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut buf = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(body_problem)?;
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

/// Reads the body of a request as it arrives, holding its bytes within
/// the memory budgets (in all and for the client's network): past them
/// the client is told the server is busy, at once (hosting review A1).
pub(super) async fn read_held(
    body: Body,
    bodies: &Arc<budget::Bodies>,
    held: &mut budget::Held,
) -> Result<Bytes, Problem> {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut buf = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(body_problem)?;
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > BODY_LIMIT {
                return Err(Problem::too_large());
            }
            if !bodies.hold(held, data.len()) {
                return Err(Problem::busy());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.into())
}

/// How long a body already known to be too large may pause before the
/// "too much" page is sent without the rest of it (hosting review F7: a
/// client that declared a large body and sent nothing held its connection
/// for the whole read timeout).
pub(super) const DRAIN_GAP: std::time::Duration = std::time::Duration::from_millis(500);

/// Reads and throws away a body too large to take, while it keeps
/// arriving, so a browser still uploading sees the page and not a reset
/// connection.
async fn drain(body: Body, limit: std::time::Duration) {
    use http_body_util::BodyExt;
    let mut body = body;
    let until = Instant::now() + limit;
    let mut total = 0usize;
    while total <= DRAIN_LIMIT && Instant::now() < until {
        match tokio::time::timeout(DRAIN_GAP, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                total += frame.data_ref().map_or(0, |d| d.len());
            }
            _ => break,
        }
    }
}

/// A form post's fields.
pub(super) async fn form_of(body: Body) -> Result<Form, Problem> {
    Ok(Form::decode(&read_body(body).await?)?)
}

/// Reads a POST's whole body before any handler sees it, within the read
/// timeout for the whole body, not for each part of it (hosting review F7:
/// a body trickled a byte at a time held its connection for 30 s), and
/// within the memory budgets for bodies (A1). A body declared larger than
/// fairmove takes gets the "too much" page and the connection is closed:
/// at once when it is larger than fairmove would ever read, or once what
/// it sends stops arriving for half a second.
pub(super) async fn whole_body(
    Shared(app): Shared<Arc<App>>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        // Never taken: what arrives is thrown away while it keeps coming
        // (none of it if it is larger than fairmove would ever read), and
        // the page says why.
        if declared.is_some_and(|n| n <= DRAIN_LIMIT as u64) {
            drain(req.into_body(), app.read_timeout).await;
        }
        let mut res = problem_page(&app, Problem::too_large());
        res.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        return res;
    }
    let network = req
        .extensions()
        .get::<budget::Network>()
        .copied()
        .unwrap_or_else(|| budget::Network::of(std::net::Ipv4Addr::LOCALHOST.into()));
    let (parts, body) = req.into_parts();
    let mut held = app.bodies.start(network);
    let read = tokio::time::timeout(app.read_timeout, read_held(body, &app.bodies, &mut held));
    let bytes = match read.await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(problem)) => {
            // Past a limit, the rest of the body is not waited for.
            let mut res = problem_page(&app, problem);
            res.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
            return res;
        }
        Err(_) => return problem_page(&app, Problem::slow_body()),
    };
    // The body's bytes stay counted until the request is answered.
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    drop(held);
    response
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
pub(super) async fn same_origin(
    Shared(app): Shared<Arc<App>>,
    req: Request,
    next: Next,
) -> Response {
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
pub(super) static IN_FLIGHT: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);
pub(super) static REQUEST_SEEN: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Counts a request as running until it is dropped (answered or given up).
pub(super) struct InFlight;

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
pub(super) fn quiet_after_requests() -> bool {
    IN_FLIGHT.load(std::sync::atomic::Ordering::Relaxed) == 0
        && REQUEST_SEEN.swap(false, std::sync::atomic::Ordering::Relaxed)
}

pub(super) async fn headers_and_log(req: Request, next: Next) -> Response {
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
