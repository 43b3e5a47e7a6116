//! The agency's main site (which hosts count as "inside") and the normalised form of a URL used
//! to spot one page given for several items.
use url::{Host, Url};

/// The agency's main website. OIT evidence must be on it (NACC: "อยู่ในตำแหน่งใดบนเว็บไซต์หลัก
/// ของหน่วยงาน"); its subdomains count as inside, and `www.` makes no difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainSite {
    host: Host<String>,
    /// Only when the main site was given with an explicit port (test sites, intranets).
    port: Option<u16>,
}

impl MainSite {
    /// Reads a host (`abc.go.th`) or a URL (`https://www.abc.go.th/ita`).
    pub fn parse(spec: &str) -> Result<MainSite, String> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err("the main site is empty".into());
        }
        let with_scheme = if spec.contains("://") {
            spec.to_string()
        } else {
            format!("http://{spec}")
        };
        let url =
            Url::parse(&with_scheme).map_err(|e| format!("`{spec}` is not a host or URL: {e}"))?;
        let host = match url.host() {
            Some(Host::Domain(d)) => Host::Domain(d.strip_prefix("www.").unwrap_or(d).to_string()),
            Some(Host::Ipv4(a)) => Host::Ipv4(a),
            Some(Host::Ipv6(a)) => Host::Ipv6(a),
            None => return Err(format!("`{spec}` has no host name")),
        };
        Ok(MainSite {
            host,
            port: url.port(),
        })
    }

    /// Whether `url` is on the main site (same host or a subdomain; same port if one was given).
    pub fn contains(&self, url: &Url) -> bool {
        let host_inside = match (&self.host, url.host()) {
            (Host::Domain(main), Some(Host::Domain(d))) => {
                let d = d.strip_prefix("www.").unwrap_or(d);
                d == main
                    || d.strip_suffix(main.as_str())
                        .is_some_and(|prefix| prefix.ends_with('.'))
            }
            (Host::Ipv4(main), Some(Host::Ipv4(a))) => *main == a,
            (Host::Ipv6(main), Some(Host::Ipv6(a))) => *main == a,
            _ => false,
        };
        host_inside
            && self
                .port
                .is_none_or(|port| url.port_or_known_default() == Some(port))
    }
}

impl std::fmt::Display for MainSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => write!(f, "{}", self.host),
        }
    }
}

/// The host (and port when not the default) of a URL, as shown in messages.
pub fn host_label(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => url.as_str().to_string(),
    }
}

/// The same page written differently gets the same key: scheme, `www.`, a trailing slash and
/// an in-page anchor (`#top`) are ignored. A fragment that looks like a route of a single-page
/// site (`#/ita/o12`, `#!/o12`) names a different page and is kept.
pub fn normalized(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut key = host.to_string();
    if let Some(port) = url.port() {
        key.push_str(&format!(":{port}"));
    }
    key.push_str(url.path().trim_end_matches('/'));
    if let Some(query) = url.query().filter(|q| !q.is_empty()) {
        key.push('?');
        key.push_str(query);
    }
    if let Some(fragment) = url
        .fragment()
        .filter(|f| f.starts_with('/') || f.starts_with("!/"))
    {
        key.push('#');
        key.push_str(fragment.trim_end_matches('/'));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    #[test]
    fn subdomains_and_www_are_inside() {
        let site = MainSite::parse("https://www.abc.go.th/ita").expect("site");
        assert!(site.contains(&url("https://abc.go.th/o1")));
        assert!(site.contains(&url("http://www.abc.go.th/o1")));
        assert!(site.contains(&url("https://ita.abc.go.th/o1")));
        assert!(!site.contains(&url("https://xabc.go.th/o1")));
        assert!(!site.contains(&url("https://abc.go.th.evil.example/o1")));
        assert!(!site.contains(&url("https://drive.google.com/file/d/1")));
        assert_eq!(site.to_string(), "abc.go.th");
    }

    #[test]
    fn a_bare_host_is_accepted_and_an_explicit_port_must_match() {
        let site = MainSite::parse("abc.go.th").expect("site");
        assert!(site.contains(&url("https://abc.go.th:8443/x")));
        let local = MainSite::parse("http://127.0.0.1:8080").expect("site");
        assert!(local.contains(&url("http://127.0.0.1:8080/a")));
        assert!(!local.contains(&url("http://127.0.0.1:8081/a")));
        assert!(!local.contains(&url("http://localhost:8080/a")));
        assert!(MainSite::parse(" ").is_err());
        assert!(MainSite::parse("http://").is_err());
    }

    #[test]
    fn normalisation_ignores_spelling_but_keeps_routes() {
        assert_eq!(
            normalized(&url("https://www.abc.go.th/ita/o12/#top")),
            normalized(&url("http://abc.go.th/ita/o12"))
        );
        assert_ne!(
            normalized(&url("https://abc.go.th/#/ita/o12")),
            normalized(&url("https://abc.go.th/#/ita/o13"))
        );
        assert_ne!(
            normalized(&url("https://abc.go.th/ita?o=12")),
            normalized(&url("https://abc.go.th/ita?o=13"))
        );
    }
}
