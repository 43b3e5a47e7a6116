//! The OIT evidence link check (issue 12): fetch every evidence URL of a self-assessment and
//! report what an assessor would meet — the status, the redirects, the page title, the size —
//! with a flag (Thai and English) for each problem: no link, not a web address, unreachable,
//! timeout, 4xx, 5xx, off the agency's main site (to begin with or after a redirect), and one
//! URL given for several items.
//!
//! Requests go only to the URLs given (and where they redirect); no proxy from the environment
//! is used. Nothing about the checking machine is stored.

mod answers;
mod fetch;
mod flag;
mod page;
mod site;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};
use url::Url;

pub use answers::{evidence_links, evidence_links_from_document};
pub use fetch::Redirect;
pub use flag::Flag;
pub use site::MainSite;

/// One item's evidence as the agency wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceLink {
    /// The item code, e.g. `o12`.
    pub code: String,
    /// The evidence URL as given; empty when none was given.
    pub url: String,
    /// What the item is (its title), shown in reports when known.
    pub label: Option<String>,
    /// The item is answered "yes" (มี), so it must have evidence.
    pub answered_yes: bool,
}

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The agency's main site; without it nothing is flagged as off-site.
    pub main_site: Option<MainSite>,
    /// For each request (a redirect is a new request).
    pub timeout: Duration,
    /// How many URLs are fetched at the same time.
    pub concurrency: usize,
    /// Bytes of a body read at most (enough to find the `<title>`).
    pub max_body: usize,
    /// Redirects followed at most.
    pub max_redirects: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            main_site: None,
            timeout: Duration::from_secs(10),
            concurrency: 4,
            max_body: 512 * 1024,
            max_redirects: 10,
        }
    }
}

/// What was found for one item's link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkResult {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub url: String,
    /// Whether a request was made (not for an empty, malformed or non-web URL).
    pub fetched: bool,
    /// The status of the last answer (after redirects).
    pub status: Option<u16>,
    pub redirects: Vec<Redirect>,
    /// Where the redirects ended (the URL itself when there were none).
    pub final_url: Option<String>,
    pub title: Option<String>,
    pub content_type: Option<String>,
    /// The Content-Length header, when sent.
    pub content_length: Option<u64>,
    /// Bytes of the body actually read (at most the read limit).
    pub bytes_read: u64,
    /// The body was longer than the read limit.
    pub truncated: bool,
    pub elapsed_ms: u64,
    #[serde(serialize_with = "flags_with_messages")]
    pub flags: Vec<Flag>,
}

impl LinkResult {
    /// The page's size: its Content-Length, or the bytes read when none was sent.
    pub fn size(&self) -> Option<u64> {
        self.content_length
            .or((self.fetched && self.status.is_some()).then_some(self.bytes_read))
    }

    fn unfetched(link: &EvidenceLink, flags: Vec<Flag>) -> LinkResult {
        LinkResult {
            code: link.code.clone(),
            label: link.label.clone(),
            url: link.url.clone(),
            fetched: false,
            status: None,
            redirects: Vec::new(),
            final_url: None,
            title: None,
            content_type: None,
            content_length: None,
            bytes_read: 0,
            truncated: false,
            elapsed_ms: 0,
            flags,
        }
    }
}

fn flags_with_messages<S: serde::Serializer>(flags: &[Flag], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(flags.iter().map(Flag::to_json))
}

/// The whole check, one result per item in the order given (items answered "no" without a
/// link left out).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkReport {
    /// The main site the links were held against, as shown (`abc.go.th`).
    pub main_site: Option<String>,
    /// Distinct URLs fetched.
    pub fetched_urls: usize,
    /// Items with at least one flag.
    pub flagged_items: usize,
    pub results: Vec<LinkResult>,
}

impl LinkReport {
    pub fn is_clean(&self) -> bool {
        self.flagged_items == 0
    }
}

/// Checks every item's evidence link. Each distinct URL is fetched once, at most
/// `options.concurrency` at a time; items sharing a page are flagged with each other's codes.
/// Items answered "no" with no link have nothing to check and are left out.
pub async fn check(items: Vec<EvidenceLink>, options: CheckOptions) -> LinkReport {
    let items: Vec<EvidenceLink> = items
        .into_iter()
        .filter(|l| l.answered_yes || !l.url.trim().is_empty())
        .collect();
    // Parse and sort out what is not fetched at all.
    let mut parsed: Vec<Result<Url, Flag>> = Vec::with_capacity(items.len());
    for link in &items {
        parsed.push(parse_link(link));
    }

    // One page given for several items (by normalised URL).
    let mut codes_by_page: HashMap<String, Vec<&str>> = HashMap::new();
    for (link, url) in items.iter().zip(&parsed) {
        if let Ok(url) = url {
            let codes = codes_by_page.entry(site::normalized(url)).or_default();
            if !codes.contains(&link.code.as_str()) {
                codes.push(&link.code);
            }
        }
    }

    // Fetch each distinct URL once.
    let unique: Vec<Url> = {
        let mut seen = BTreeMap::new();
        for url in parsed.iter().flatten() {
            seen.entry(url.as_str().to_string())
                .or_insert_with(|| url.clone());
        }
        seen.into_values().collect()
    };
    let fetched: HashMap<String, fetch::Fetched> = match fetch::client(&options) {
        Ok(client) => {
            let client = &client;
            let options = &options;
            futures_util::stream::iter(unique)
                .map(|url| async move {
                    let key = url.as_str().to_string();
                    (key, fetch::fetch(client, url, options).await)
                })
                .buffer_unordered(options.concurrency.max(1))
                .collect()
                .await
        }
        Err(e) => unique
            .into_iter()
            .map(|url| {
                let failed = fetch::Fetched {
                    failure: Some(Flag::Unreachable {
                        reason: format!("the HTTP client could not start: {e}"),
                    }),
                    ..fetch::Fetched::default()
                };
                (url.as_str().to_string(), failed)
            })
            .collect(),
    };

    let main_site_label = options.main_site.as_ref().map(ToString::to_string);
    let mut results = Vec::with_capacity(items.len());
    for (link, url) in items.iter().zip(parsed) {
        let url = match url {
            Ok(u) => u,
            Err(flag) => {
                results.push(LinkResult::unfetched(link, vec![flag]));
                continue;
            }
        };
        let Some(found) = fetched.get(url.as_str()) else {
            // Every parsed URL was fetched above; reaching this would be a bug, reported plainly.
            results.push(LinkResult::unfetched(
                link,
                vec![Flag::Unreachable {
                    reason: "not fetched".into(),
                }],
            ));
            continue;
        };
        let mut flags = Vec::new();
        if let Some(failure) = &found.failure {
            flags.push(failure.clone());
        }
        match found.status {
            Some(s @ 400..=499) if found.failure.is_none() => {
                flags.push(Flag::ClientError { status: s })
            }
            Some(s @ 500..=599) if found.failure.is_none() => {
                flags.push(Flag::ServerError { status: s })
            }
            _ => {}
        }
        if let (Some(site), Some(label)) = (&options.main_site, &main_site_label) {
            if !site.contains(&url) {
                flags.push(Flag::OutsideMainSite {
                    host: site::host_label(&url),
                    main_site: label.clone(),
                });
            } else if let Some(off) = found
                .redirects
                .iter()
                .filter_map(|r| Url::parse(&r.to).ok())
                .find(|to| !site.contains(to))
            {
                flags.push(Flag::RedirectedOffSite {
                    host: site::host_label(&off),
                    main_site: label.clone(),
                });
            }
        }
        if let Some(codes) = codes_by_page.get(&site::normalized(&url)) {
            let others: Vec<String> = codes
                .iter()
                .filter(|c| **c != link.code)
                .map(|c| c.to_uppercase())
                .collect();
            if !others.is_empty() {
                flags.push(Flag::SharedUrl {
                    other_items: others,
                });
            }
        }
        results.push(LinkResult {
            code: link.code.clone(),
            label: link.label.clone(),
            url: link.url.clone(),
            fetched: true,
            status: found.status,
            redirects: found.redirects.clone(),
            final_url: found.final_url.as_ref().map(ToString::to_string),
            title: found.title.clone(),
            content_type: found.content_type.clone(),
            content_length: found.content_length,
            bytes_read: found.bytes_read,
            truncated: found.truncated,
            elapsed_ms: u64::try_from(found.elapsed.as_millis()).unwrap_or(u64::MAX),
            flags,
        });
    }

    LinkReport {
        main_site: main_site_label,
        fetched_urls: fetched.len(),
        flagged_items: results.iter().filter(|r| !r.flags.is_empty()).count(),
        results,
    }
}

/// The URL to fetch, or why there is none.
fn parse_link(link: &EvidenceLink) -> Result<Url, Flag> {
    let text = link.url.trim();
    if text.is_empty() {
        return Err(Flag::NoEvidenceLink);
    }
    let url = Url::parse(text).map_err(|e| match e {
        // "www.abc.go.th/ita" without a scheme is the common slip.
        url::ParseError::RelativeUrlWithoutBase => Flag::NoScheme,
        other => Flag::InvalidUrl {
            reason: other.to_string(),
        },
    })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(Flag::NotHttp {
            scheme: other.to_string(),
        }),
    }
}
