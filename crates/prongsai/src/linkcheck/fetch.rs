//! Fetching one URL: redirects followed by hand (each hop recorded), the body read only up to a
//! limit, the title taken from it, every request bounded by the timeout.
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, LOCATION};
use serde::{Deserialize, Serialize};
use url::Url;

use super::{page, CheckOptions, Flag};

/// One redirect: `from` answered `status` with a `Location` leading to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    pub status: u16,
    pub from: String,
    pub to: String,
}

/// What fetching one URL found. `failure` is set when no final answer was obtained (or its body
/// could not be read in time); the fields gathered up to then are kept.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    pub status: Option<u16>,
    pub redirects: Vec<Redirect>,
    pub final_url: Option<Url>,
    pub title: Option<String>,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub bytes_read: u64,
    /// The body was longer than the read limit; only its start was read.
    pub truncated: bool,
    pub elapsed: Duration,
    pub failure: Option<Flag>,
}

/// The HTTP client of a check: no automatic redirects, no proxy from the environment (a request
/// goes to the URL given and nowhere else), no cookies.
pub fn client(options: &CheckOptions) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(options.timeout)
        .user_agent(concat!(
            "prongsai-linkcheck/",
            env!("CARGO_PKG_VERSION"),
            " (OIT evidence link check)"
        ))
        .build()
}

/// Fetches `start` with GET, following up to `options.max_redirects` redirects.
pub async fn fetch(client: &reqwest::Client, start: Url, options: &CheckOptions) -> Fetched {
    let began = Instant::now();
    let mut found = Fetched::default();
    let mut url = start;
    let response = loop {
        let sent = client
            .get(url.clone())
            .header(
                reqwest::header::ACCEPT,
                "text/html,application/xhtml+xml,*/*;q=0.8",
            )
            .header(reqwest::header::ACCEPT_LANGUAGE, "th,en;q=0.8")
            .timeout(options.timeout)
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                found.failure = Some(classify(&e, options.timeout));
                found.final_url = Some(url);
                found.elapsed = began.elapsed();
                return found;
            }
        };
        let status = response.status();
        found.status = Some(status.as_u16());
        let location = response.headers().get(LOCATION);
        if !status.is_redirection() || location.is_none() {
            break response;
        }
        let next = location
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| "the Location header is not text".to_string())
            .and_then(|l| {
                url.join(l.trim())
                    .map_err(|e| format!("Location `{}` is not a URL: {e}", l.trim()))
            })
            .and_then(|next| match next.scheme() {
                "http" | "https" => Ok(next),
                other => Err(format!("it leads to {other}:, not to a web page")),
            });
        let next = match next {
            Ok(n) => n,
            Err(reason) => {
                found.failure = Some(Flag::BadRedirect { reason });
                found.final_url = Some(url);
                found.elapsed = began.elapsed();
                return found;
            }
        };
        found.redirects.push(Redirect {
            status: status.as_u16(),
            from: url.to_string(),
            to: next.to_string(),
        });
        url = next;
        if found.redirects.len() > options.max_redirects {
            found.failure = Some(Flag::TooManyRedirects {
                limit: options.max_redirects,
            });
            found.final_url = Some(url);
            found.elapsed = began.elapsed();
            return found;
        }
    };
    found.final_url = Some(url);
    found.content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    found.content_length = response.content_length();
    let html = page::is_html(found.content_type.as_deref());
    // A PDF or an image of known size needs no reading: it has no title to find.
    if html || found.content_length.is_none() {
        let (body, outcome) = read_limited(response, options.max_body).await;
        found.bytes_read = body.len() as u64;
        match outcome {
            ReadEnd::Complete => {}
            ReadEnd::Truncated => found.truncated = true,
            ReadEnd::Failed(e) if e.is_timeout() => {
                found.failure = Some(Flag::timeout(options.timeout));
            }
            // A connection dropped in the middle of the body: the page answered; keep what
            // was read (the title is usually near the top).
            ReadEnd::Failed(_) => {}
        }
        if html {
            found.title = page::title(&body, found.content_type.as_deref());
        }
    }
    found.elapsed = began.elapsed();
    found
}

enum ReadEnd {
    Complete,
    Truncated,
    Failed(reqwest::Error),
}

/// Reads at most `limit` bytes of the body.
async fn read_limited(mut response: reqwest::Response, limit: usize) -> (Vec<u8>, ReadEnd) {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                if chunk.len() >= room {
                    body.extend_from_slice(&chunk[..room]);
                    let more = chunk.len() > room;
                    // Exactly at the limit: it is complete only if nothing follows.
                    if more || !matches!(response.chunk().await, Ok(None)) {
                        return (body, ReadEnd::Truncated);
                    }
                    return (body, ReadEnd::Complete);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return (body, ReadEnd::Complete),
            Err(e) => return (body, ReadEnd::Failed(e)),
        }
    }
}

/// Timeout or unreachable, with the innermost cause ("Connection refused", "failed to lookup
/// address information …", a certificate problem) as the reason.
fn classify(error: &reqwest::Error, timeout: Duration) -> Flag {
    if error.is_timeout() {
        return Flag::timeout(timeout);
    }
    let mut cause: &dyn std::error::Error = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let reason = cause.to_string();
    // io errors end in " (os error 111)": the number means nothing to an officer.
    let reason = match reason.find(" (os error ") {
        Some(i) => reason[..i].to_string(),
        None => reason,
    };
    Flag::Unreachable { reason }
}
