//! Accepting connections so that slow, idle or numerous clients cannot hold the server:
//!
//! * at most `connections.max` open connections (more wait in the kernel's listen queue), and at
//!   most `connections.per_client` from one client network (IPv4 address or IPv6 /64; closed at
//!   once beyond that; not applied behind a reverse proxy, where every connection comes from it);
//! * a request's headers must arrive within `header_timeout_secs` (hyper's header-read timeout,
//!   which also runs while a kept-alive connection waits for its next request);
//! * a request's body must arrive within `body_timeout_secs` from its headers (then 408);
//! * a connection that moves no bytes for `idle_timeout_secs` while no request of it is being
//!   answered is closed.
//!
//! `axum::serve` has none of these, so connections are served with hyper-util's builder here.
//! The client address reaches handlers as `ConnectInfo<SocketAddr>` (for the rate limiters only;
//! it is never stored or logged).
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use bytes::Bytes;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt as _;

use super::config::ConnectionsConfig;
use super::ratelimit::ClientNet;

/// The limits, as durations.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max: usize,
    /// 0 = no cap per client.
    pub per_client: usize,
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub idle_timeout: Duration,
}

impl Limits {
    pub fn from_config(c: &ConnectionsConfig, behind_proxy: bool) -> Limits {
        Limits {
            max: c.max.max(1),
            per_client: if behind_proxy { 0 } else { c.per_client },
            header_timeout: Duration::from_secs(c.header_timeout_secs),
            body_timeout: Duration::from_secs(c.body_timeout_secs),
            idle_timeout: Duration::from_secs(c.idle_timeout_secs),
        }
    }
}

/// The error of a request body that did not arrive in time (answered 408 by the body readers).
#[derive(Debug)]
pub struct BodyTimeout;

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for BodyTimeout {}

/// Whether `err` (or an error it wraps) is a [`BodyTimeout`].
pub fn is_body_timeout(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if e.is::<BodyTimeout>() {
            return true;
        }
        cur = e.source();
    }
    false
}

/// How long requests in flight may take to finish after shutdown was asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `shutdown` completes, then waits for the connections'
/// requests in flight to finish (kept-alive connections are closed).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // Per-connection read buffer: bounds memory with many connections streaming at once
        // (hyper's default lets each grow to ~400 KiB); headers must fit in it.
        .max_buf_size(64 * 1024);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.idle_timeout)
        .keep_alive_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    let (stop, stopping) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(limits.max));
    let per_client: Arc<Mutex<HashMap<ClientNet, usize>>> = Arc::default();
    let limits = Arc::new(limits);
    tokio::pin!(shutdown);

    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Some(client_slot) = ClientSlot::take(&per_client, peer, limits.per_client) else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let conn = serve_connection(
            Arc::clone(&builder),
            stream,
            peer,
            app.clone(),
            Arc::clone(&limits),
            stopping.clone(),
        );
        tokio::spawn(async move {
            conn.await;
            drop(client_slot);
            drop(slot);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a slot until it ends: all slots back = all connections closed.
    let all = u32::try_from(limits.max).unwrap_or(u32::MAX);
    if tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("some connections were still busy at shutdown");
    }
}

fn serve_connection(
    builder: Arc<auto::Builder<TokioExecutor>>,
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Arc<Limits>,
    mut stopping: watch::Receiver<bool>,
) -> impl Future<Output = ()> + Send + 'static {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: Arc::clone(&activity),
    });
    let in_flight = Arc::clone(&activity);
    let body_timeout = limits.body_timeout;
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let app = app.clone();
        let in_flight = Arc::clone(&in_flight);
        async move {
            let _busy = in_flight.begin_request();
            let mut req = req.map(|body| Body::new(DeadlineBody::new(body, body_timeout)));
            req.extensions_mut().insert(ConnectInfo(peer));
            let res = app.oneshot(req).await;
            Ok::<_, Infallible>(match res {
                Ok(r) => r,
                Err(never) => match never {},
            })
        }
    });
    let idle_timeout = limits.idle_timeout;
    async move {
        let conn = builder.serve_connection_with_upgrades(io, service);
        tokio::pin!(conn);
        let check = (idle_timeout / 4).max(Duration::from_millis(250));
        let mut shutting_down = *stopping.borrow();
        if shutting_down {
            conn.as_mut().graceful_shutdown();
        }
        loop {
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::trace!("connection ended: {e}");
                    }
                    return;
                }
                changed = stopping.changed(), if !shutting_down => {
                    // Finish the request in flight, then close (idle connections close at once).
                    shutting_down = true;
                    if changed.is_ok() {
                        conn.as_mut().graceful_shutdown();
                    }
                }
                () = tokio::time::sleep(check) => {
                    if activity.idle_for() >= idle_timeout {
                        // Dropping the connection closes the socket.
                        tracing::debug!("closing an idle connection");
                        return;
                    }
                }
            }
        }
    }
}

/// One connection counted against its client network; uncounted on drop.
struct ClientSlot {
    table: Arc<Mutex<HashMap<ClientNet, usize>>>,
    net: Option<ClientNet>,
}

impl ClientSlot {
    fn take(
        table: &Arc<Mutex<HashMap<ClientNet, usize>>>,
        peer: SocketAddr,
        cap: usize,
    ) -> Option<ClientSlot> {
        if cap == 0 {
            return Some(ClientSlot {
                table: Arc::clone(table),
                net: None,
            });
        }
        let net = ClientNet::of(peer.ip());
        let mut t = table.lock().unwrap_or_else(|p| p.into_inner());
        let n = t.entry(net).or_insert(0);
        if *n >= cap {
            return None;
        }
        *n += 1;
        Some(ClientSlot {
            table: Arc::clone(table),
            net: Some(net),
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        if let Some(net) = self.net {
            let mut t = self.table.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(n) = t.get_mut(&net) {
                *n -= 1;
                if *n == 0 {
                    t.remove(&net);
                }
            }
        }
    }
}

/// When a connection last moved bytes, and how many of its requests are being answered.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
    requests: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            requests: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let ms = self.start.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        if self.requests.load(Ordering::Relaxed) > 0 {
            return Duration::ZERO;
        }
        let now = self.start.elapsed().as_millis() as u64;
        Duration::from_millis(now.saturating_sub(self.last_ms.load(Ordering::Relaxed)))
    }

    fn begin_request(self: &Arc<Self>) -> RequestGuard {
        self.requests.fetch_add(1, Ordering::Relaxed);
        RequestGuard(Arc::clone(self))
    }
}

struct RequestGuard(Arc<Activity>);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        self.0.touch();
        self.0.requests.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The socket, noting when bytes move.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(res, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        res
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        res
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        res
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A request body that fails with [`BodyTimeout`] when it has not fully arrived by its deadline.
struct DeadlineBody {
    inner: Incoming,
    timeout: Duration,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl DeadlineBody {
    fn new(inner: Incoming, timeout: Duration) -> DeadlineBody {
        DeadlineBody {
            inner,
            timeout,
            deadline: None,
        }
    }
}

impl hyper::body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        // The clock starts when the handler first waits for the body.
        let timeout = this.timeout;
        let deadline = this
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimeout)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
