//! The server: its connections (a share for each client and room kept for
//! clients not yet seen), the descriptor limit, the loop that accepts and
//! serves, and shutdown.

use super::*;
use anyhow::{Context as _, Result};
use axum::body::Body;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The answer to a connection over the limits (hosting review F1).
pub(super) const BUSY: &[u8] =
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
    /// network (an IPv4 /24 or an IPv6 /64) may hold a quarter of them.
    /// Behind a reverse proxy every
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
pub(super) fn raise_descriptor_limit() -> usize {
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
pub(super) const TRIM_EVERY: Duration = Duration::from_secs(5);

/// Returns freed heap memory to the system (glibc keeps it otherwise).
pub(super) fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator; it
    // takes the allocator's own locks and touches nothing in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How many connections a network may open in the places kept for
/// networks not yet seen: a browser opens at most six.
pub(super) const LIGHT: usize = 8;

/// The connections open now, in all and by network (an IPv4 /24 or an
/// IPv6 /64, [`budget::Network`]).
pub(super) struct Connections {
    limits: Limits,
    by_client: std::sync::Mutex<std::collections::HashMap<budget::Network, usize>>,
    /// Whether a connection has been taken since memory was last given back.
    used: std::sync::atomic::AtomicBool,
}

/// One open connection; closing it (dropping this) frees its place.
pub(super) struct Slot {
    open: Arc<Connections>,
    client: budget::Network,
}

impl Connections {
    pub(super) fn new(limits: Limits) -> Connections {
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

    /// A place for a connection from `client`'s network: within its share,
    /// and, in the last quarter of the places (kept for networks not yet
    /// seen, hosting review A6), only while it holds fewer than [`LIGHT`].
    pub(super) fn take(self: &Arc<Self>, client: budget::Network) -> Option<Slot> {
        let mut map = self.by_client.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = map.values().sum();
        let mine = map.get(&client).copied().unwrap_or(0);
        let kept = self.limits.connections / 4;
        if total >= self.limits.connections
            || mine >= self.limits.per_client
            || (total >= self.limits.connections - kept && mine >= LIGHT)
        {
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
                let network = budget::Network::of(peer.ip());
                let Some(slot) = open.take(network) else {
                    // Full, or this client has its share: a short answer
                    // at once, and the descriptor is given back.
                    let _ = stream.try_write(BUSY);
                    drop(stream);
                    continue;
                };
                // Each request carries its client's network, for the
                // budget of bodies held.
                let svc = router.clone().map_request(
                    move |mut req: axum::http::Request<hyper::body::Incoming>| {
                        req.extensions_mut().insert(network);
                        req.map(Body::new)
                    },
                );
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

pub(super) async fn shutdown_signal() {
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

pub(super) fn open_browser(url: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_on_many_addresses_leaves_room_for_the_next_family() {
        // Hosting review A6: four addresses filled every place, and 199
        // loopback addresses left a client elsewhere 2 answers in 32.
        let open = Arc::new(Connections::new(Limits {
            connections: 400,
            per_client: 100,
        }));
        let net = |s: &str| budget::Network::of(s.parse().unwrap());
        let mut held = Vec::new();
        // One attacker, 199 addresses of one /24: one share.
        for i in 1..200 {
            while let Some(s) = open.take(net(&format!("127.0.0.{i}"))) {
                held.push(s);
            }
        }
        assert_eq!(held.len(), 100);
        // More of it in two other networks: they fill the places not kept.
        for n in 0..2 {
            while let Some(s) = open.take(net(&format!("10.0.{n}.1"))) {
                held.push(s);
            }
        }
        assert_eq!(held.len(), 300);
        // A family's browser, in a network not yet seen, still gets its
        // six connections.
        let family: Vec<_> = (0..6)
            .filter_map(|_| open.take(net("192.0.2.10")))
            .collect();
        assert_eq!(family.len(), 6);
        // An IPv6 client's /64 is one client.
        let v6: Vec<_> = (0..200)
            .filter_map(|i| open.take(net(&format!("2001:db8::{i:x}"))))
            .collect();
        assert!(v6.len() <= LIGHT, "{}", v6.len());
        drop(held);
        drop(family);
        drop(v6);
        assert!(open.by_client.lock().unwrap().is_empty());
    }
}
