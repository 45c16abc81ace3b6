//! The room's server: HTTP on its own thread (tokio + axum + hyper), which checks what devices
//! send, hands it to the one writer and answers once the writer has made it durable.
//!
//! Why this stack: axum on hyper is the well-kept, widely used Rust HTTP stack; hyper's own
//! connection builder gives what a server on an open network needs (a cap on connections, a
//! timeout for slow headers, graceful shutdown), and tokio runs it all on one background
//! thread so the facilitator's screen stays synchronous and is never blocked by the network.

use super::code;
use super::desk::{Answer, Request};
use super::limits::{Limiter, Verdict};
use super::page;
use super::room::RoomView;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Request as HttpRequest, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// The largest request body taken, in bytes.
pub const MAX_BODY: usize = 4096;
/// The most connections open at once; more wait until one closes.
pub const MAX_CONNECTIONS: usize = 512;
/// A client must send its request's headers within this.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole request (body included) must be done within this.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a device's page waits for news before asking again.
pub const LONG_POLL: Duration = Duration::from_secs(15);
/// How long a request waits for the writer before the device is told to send it again.
pub const WRITER_WAIT: Duration = Duration::from_secs(10);
/// Requests waiting for the writer; past this, devices are told to try again.
const QUEUE: usize = 8192;

/// Why sharing could not start.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error(
        "{addr} is already in use (another program, or convene sharing already): choose \
         another port, e.g. {ip}:0 for any free one"
    )]
    InUse { addr: SocketAddr, ip: IpAddr },
    #[error(
        "cannot listen on {addr}: {why}. Addresses on this machine: {choices} (or 127.0.0.1 \
         for this machine only)"
    )]
    Bind {
        addr: SocketAddr,
        why: String,
        choices: String,
    },
    #[error("cannot start the server: {0}")]
    Runtime(String),
}

/// The view published to devices, with a number that grows each time it changes.
#[derive(Debug, Clone, Default)]
pub(super) struct Published {
    pub(super) version: u64,
    pub(super) view: Arc<RoomView>,
}

/// What every request handler shares.
#[derive(Clone)]
pub(super) struct Shared {
    pub(super) code: Arc<RwLock<String>>,
    pub(super) requests: SyncSender<Request>,
    pub(super) view: watch::Receiver<Published>,
    pub(super) limiter: Arc<Limiter>,
}

/// The running server, owned by the writer. Dropping it stops the server.
pub struct Server {
    addr: SocketAddr,
    code: Arc<RwLock<String>>,
    view: watch::Sender<Published>,
    requests: Receiver<Request>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts the server on `bind` (the LAN address on a free port when `None`) with a new
    /// join code. A port in use or an address not on this machine is an error, not a crash.
    pub fn start(bind: Option<SocketAddr>, view: RoomView) -> Result<Server, ShareError> {
        let listener = super::addr::listen(bind)?;
        let addr = listener
            .local_addr()
            .map_err(|e| ShareError::Runtime(e.to_string()))?;
        let code = Arc::new(RwLock::new(code::new_code()));
        let (view_tx, view_rx) = watch::channel(Published {
            version: 1,
            view: Arc::new(view),
        });
        let (req_tx, req_rx) = std::sync::mpsc::sync_channel(QUEUE);
        let shared = Shared {
            code: code.clone(),
            requests: req_tx,
            view: view_rx,
            limiter: Arc::new(Limiter::default()),
        };
        let (stop_tx, stop_rx) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ShareError::Runtime(e.to_string()))?;
        let thread = std::thread::Builder::new()
            .name("convene-share".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, router(shared), stop_rx).await,
                        Err(e) => eprintln!("convene: the server could not start: {e}"),
                    }
                });
            })
            .map_err(|e| ShareError::Runtime(e.to_string()))?;
        Ok(Server {
            addr,
            code,
            view: view_tx,
            requests: req_rx,
            shutdown: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn code(&self) -> String {
        self.code.read().map(|c| c.clone()).unwrap_or_default()
    }

    /// The address a device opens: `http://ADDR:PORT/j/CODE`.
    pub fn url(&self) -> String {
        join_url(self.addr, &self.code())
    }

    /// A new join code; the old one stops working at once (pages opened with it are told to
    /// ask for the new one).
    pub fn new_code(&self) -> String {
        let code = code::new_code();
        if let Ok(mut c) = self.code.write() {
            *c = code.clone();
        }
        code
    }

    /// Shows devices the session as it is now. Pages waiting for news are woken only when
    /// something they all see changed (the step, the tables, the themes), not when one device
    /// placed a dot: a room voting at once would otherwise wake every phone for every dot.
    pub fn publish(&self, view: RoomView) {
        self.view.send_if_modified(|p| {
            if *p.view == view {
                return false;
            }
            let seen_by_all = !p.view.same_for_everyone(&view);
            if seen_by_all {
                p.version += 1;
            }
            p.view = Arc::new(view);
            seen_by_all
        });
    }

    /// Requests waiting for the writer: waits up to `wait` for the first, then takes those
    /// already there (up to a group's worth), to be committed together.
    pub fn take(&self, wait: Duration) -> Vec<Request> {
        let first = if wait.is_zero() {
            self.requests.try_recv().ok()
        } else {
            self.requests.recv_timeout(wait).ok()
        };
        let Some(first) = first else {
            return Vec::new();
        };
        let mut batch = vec![first];
        while batch.len() < super::desk::MAX_GROUP {
            match self.requests.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => break,
            }
        }
        batch
    }

    /// Stops the server: no new connections; those open get a moment to finish.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
        // Requests still queued are answered: not saved, send again (the devices keep them).
        while let Ok(r) = self.requests.try_recv() {
            let _ = r.reply.send(Answer::unavailable("sharing stopped"));
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// `http://ADDR:PORT/j/CODE`, with an IPv6 address in brackets.
pub fn join_url(addr: SocketAddr, code: &str) -> String {
    format!("http://{addr}/j/{code}")
}

/// Accepts connections until told to stop: at most [`MAX_CONNECTIONS`] at once, each with a
/// header timeout; on stop, open connections get two seconds to finish.
async fn serve(listener: tokio::net::TcpListener, app: Router, mut stop: oneshot::Receiver<()>) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let permits = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    // Out of file descriptors and the like: wait a little, never spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(
            app.clone().layer(axum::Extension(Peer(peer.ip()))),
        );
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(64 * 1024)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(2)) => {}
    }
}

/// The address a request came from (used only for the rate limit; never stored).
#[derive(Debug, Clone, Copy)]
struct Peer(IpAddr);

fn router(shared: Shared) -> Router {
    super::routes::routes()
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .with_state(shared)
}

/// Every request: the address's rate limit, the whole-request timeout, and the headers that
/// keep a page to itself (a Content-Security-Policy allowing only the page, no sniffing, no
/// referrer, no caching).
async fn guard(
    State(shared): State<Shared>,
    axum::Extension(Peer(ip)): axum::Extension<Peer>,
    request: HttpRequest<Body>,
    next: Next,
) -> Response {
    let mut response = match shared.limiter.check_address(ip) {
        Verdict::Go => match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
            Ok(response) => response,
            Err(_) => page::message(
                StatusCode::REQUEST_TIMEOUT,
                "Too slow",
                "The request took too long to arrive. Please try again.",
            ),
        },
        Verdict::Wait(seconds) => {
            let json = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim_start().starts_with("application/json"));
            too_many_as(json, seconds)
        }
    };
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    page::message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "This request could not be handled; nothing was changed. Please try again.",
    )
}

/// "Too many requests", as JSON for a script (`{"error": …}`) or as a page for a person, with
/// `Retry-After` either way.
pub(super) fn too_many_as(json: bool, seconds: u64) -> Response {
    if !json {
        return too_many(seconds);
    }
    let body = serde_json::json!({
        "error": format!(
            "too many requests from this device just now: wait {} and send again",
            crate::model::plural(seconds as usize, "second")
        )
    });
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&seconds.to_string()).expect("digits"),
    );
    response
}

pub(super) fn too_many(seconds: u64) -> Response {
    let mut response = page::message(
        StatusCode::TOO_MANY_REQUESTS,
        "Slow down a little",
        &format!(
            "Too many requests from this device just now. Wait {} and send again; nothing you \
             wrote is lost.",
            crate::model::plural(seconds as usize, "second")
        ),
    );
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&seconds.to_string()).expect("digits"),
    );
    response
}
