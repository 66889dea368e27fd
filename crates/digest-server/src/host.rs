//! Which host names the server answers to: the defence against DNS rebinding.
//!
//! A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and then
//! read the preview as if it were its own: to the browser it is the same origin. Such
//! requests carry the other site's name in `Host`, so the server answers only names that
//! nobody else can point here. As Vite and webpack-dev-server do, those are:
//!
//! - IP addresses, v4 and v6 (rebinding needs a name; this covers the loopback addresses
//!   and the address the server is bound to);
//! - `localhost` and every name under `.localhost`, which always mean this machine
//!   (RFC 6761);
//! - the names the user allows ([`AllowedHost`], `serve --allowed-host`).
//!
//! The name is compared without the port, case-insensitively, and a trailing dot is
//! ignored. A request without a host (HTTP/1.0) is answered, as Vite does: browsers always
//! send one, and any other client can send whatever it likes anyway. Every other request
//! gets 403 and a short plain-text answer that names the host and the option to allow it.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A host name the user allows besides the built-in ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedHost {
    /// `all`: every name. Any web site can then read the preview.
    Any,
    /// `example.com`: that name.
    Name(String),
    /// `.example.com` (or `*.example.com`): `example.com` and every name under it.
    Domain(String),
}

impl AllowedHost {
    fn allows(&self, name: &str) -> bool {
        match self {
            AllowedHost::Any => true,
            AllowedHost::Name(allowed) => name == allowed,
            AllowedHost::Domain(domain) => {
                name == domain
                    || name
                        .strip_suffix(domain.as_str())
                        .is_some_and(|sub| sub.ends_with('.'))
            }
        }
    }
}

impl FromStr for AllowedHost {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        let lower = value.trim().to_ascii_lowercase();
        if lower == "all" {
            return Ok(AllowedHost::Any);
        }
        // `*.example.com`, as tunnels and other servers write it, is `.example.com`.
        let (domain, name) = match lower.strip_prefix("*.").or(lower.strip_prefix('.')) {
            Some(rest) => (true, rest),
            None => (false, lower.as_str()),
        };
        let name = name.strip_suffix('.').unwrap_or(name);
        // A host name alone: what an authority holds, without user, port or brackets (nor
        // a `*` but the leading one, which no host name matches).
        let is_name = !name.is_empty()
            && !name.contains(['@', ':', '[', ']', '*'])
            && Authority::from_str(name).is_ok_and(|a| a.host() == name);
        if !is_name {
            return Err(format!(
                "`{value}` is not a host name: give a name without scheme, port or path, \
                 such as `example.com`, `.example.com` or `*.example.com` (it and every name \
                 under it) or `all`"
            ));
        }
        Ok(if domain {
            AllowedHost::Domain(name.to_string())
        } else {
            AllowedHost::Name(name.to_string())
        })
    }
}

impl fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowedHost::Any => f.write_str("all"),
            AllowedHost::Name(name) => f.write_str(name),
            AllowedHost::Domain(name) => write!(f, ".{name}"),
        }
    }
}

/// What the host of a request is, as far as the check is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Host {
    Ip,
    /// Lowercase, without port or trailing dot.
    Name(String),
}

/// The host of a `Host` header value or a request target's authority; `None` when it is
/// not one.
fn parse_host(value: &str) -> Option<Host> {
    if value.contains('@') {
        return None;
    }
    let authority = Authority::from_str(value.trim()).ok()?;
    let host = authority.host();
    if let Some(inner) = host.strip_prefix('[') {
        return inner
            .strip_suffix(']')?
            .parse::<Ipv6Addr>()
            .ok()
            .map(|_| Host::Ip);
    }
    if host.parse::<Ipv4Addr>().is_ok() {
        return Some(Host::Ip);
    }
    let name = host.to_ascii_lowercase();
    let name = name.strip_suffix('.').unwrap_or(&name);
    (!name.is_empty()).then(|| Host::Name(name.to_string()))
}

/// The host check: the built-in rules and the names the user allows.
#[derive(Debug, Clone, Default)]
pub struct HostCheck {
    allowed: Arc<[AllowedHost]>,
}

impl HostCheck {
    pub fn new(allowed: &[AllowedHost]) -> Self {
        HostCheck {
            allowed: allowed.into(),
        }
    }

    /// Whether a request for `host` (a `Host` header value, port and all) is answered.
    pub fn allows(&self, host: &str) -> bool {
        match parse_host(host) {
            Some(Host::Ip) => true,
            Some(Host::Name(name)) => {
                name == "localhost"
                    || name.ends_with(".localhost")
                    || self.allowed.iter().any(|a| a.allows(&name))
            }
            None => false,
        }
    }
}

impl HostCheck {
    /// Whether a page of `origin` (an `Origin` header) may open the live-reload socket of
    /// a request for `host`: a page of the preview itself (same host and port), or of a
    /// name that means this machine or that the user allowed. Not every name the server
    /// answers: a page on any web server reached by IP address would pass that.
    pub fn allows_origin(&self, origin: &HeaderValue, host: Option<&HeaderValue>) -> bool {
        let Some(authority) = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, authority)| authority.trim_end_matches('/'))
        else {
            return false;
        };
        if host
            .and_then(|h| h.to_str().ok())
            .is_some_and(|h| h.trim().eq_ignore_ascii_case(authority))
        {
            return true;
        }
        match parse_host(authority) {
            Some(Host::Ip) => Authority::from_str(authority).is_ok_and(|a| {
                let ip = a.host().trim_start_matches('[').trim_end_matches(']');
                ip.parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
            }),
            Some(Host::Name(_)) => self.allows(authority),
            None => false,
        }
    }
}

/// Middleware: answers 403 to a request that names a host the server does not answer to,
/// in any `Host` header or in an absolute request target.
pub async fn check_host(State(check): State<HostCheck>, request: Request, next: Next) -> Response {
    let target = request.uri().authority().map(|a| a.as_str().to_string());
    let headers = request.headers().get_all(header::HOST).iter();
    let refused = headers
        .map(|value| value.to_str().unwrap_or("\u{fffd}").to_string())
        .chain(target)
        .find(|host| !check.allows(host));
    match refused {
        Some(host) => blocked(&host),
        None => next.run(request).await,
    }
}

fn blocked(host: &str) -> Response {
    let body = match parse_host(host) {
        Some(Host::Name(name)) => format!(
            "Blocked request: this server does not answer to the host \"{name}\".\n\
             To preview the site under that name, start it with \
             `digest-site serve --allowed-host {name}`.\n"
        ),
        _ => format!("Blocked request: {host:?} is not a valid host.\n"),
    };
    let mut response = (StatusCode::FORBIDDEN, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_ip_addresses_are_always_answered() {
        let check = HostCheck::default();
        for host in [
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "localhost.:1111",
            "site.localhost:1111",
            "a.b.localhost",
            "127.0.0.1:1111",
            "127.1.2.3",
            "192.168.1.20:1111",
            "[::1]:1111",
            "[::1]",
            "[fe80::1]:80",
        ] {
            assert!(check.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evillocalhost",
            "127.0.0.1.evil.example",
            "user@localhost",
            "localhost@evil.example",
            "[::1",
            "[localhost]",
            "",
            ":1111",
            "local host",
        ] {
            assert!(!check.allows(host), "{host}");
        }
    }

    #[test]
    fn allowed_names_follow_vite_and_webpack() {
        let allowed: Vec<AllowedHost> = ["preview.example", ".team.example"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let check = HostCheck::new(&allowed);
        for host in [
            "preview.example:1111",
            "PREVIEW.example",
            "team.example",
            "a.team.example:8080",
            "a.b.team.example",
        ] {
            assert!(check.allows(host), "{host}");
        }
        for host in [
            "other.example",
            "x.preview.example",
            "evilteam.example",
            "team.example.evil",
        ] {
            assert!(!check.allows(host), "{host}");
        }
        let all = HostCheck::new(&[AllowedHost::Any]);
        assert!(all.allows("anything.example:1"));
        assert!(!all.allows("not a host"));
    }

    /// WebSockets know no CORS: a page of another origin must not read the live reload.
    #[test]
    fn only_pages_of_the_preview_and_of_named_hosts_open_the_live_reload() {
        let allowed: Vec<AllowedHost> = vec![".team.example".parse().unwrap()];
        let check = HostCheck::new(&allowed);
        let value = |s: &'static str| HeaderValue::from_static(s);
        let host = value("127.0.0.1:1111");
        for origin in [
            "http://127.0.0.1:1111",
            "http://localhost:1111",
            "http://site.localhost:5173",
            "http://[::1]:1111",
            "https://alice.team.example",
        ] {
            assert!(check.allows_origin(&value(origin), Some(&host)), "{origin}");
        }
        // Reached by a LAN address (`--bind 0.0.0.0`): its own pages only.
        let lan = value("192.168.1.20:1111");
        assert!(check.allows_origin(&value("http://192.168.1.20:1111"), Some(&lan)));
        for origin in [
            "https://evil.example",
            "http://203.0.113.5",
            "http://192.168.1.20:8080",
            "null",
            "http://localhost.evil.example",
        ] {
            assert!(!check.allows_origin(&value(origin), Some(&lan)), "{origin}");
        }
    }

    #[test]
    fn allowed_host_values_are_names() {
        assert_eq!("ALL".parse(), Ok(AllowedHost::Any));
        assert_eq!(
            "Preview.Example.".parse(),
            Ok(AllowedHost::Name("preview.example".into()))
        );
        assert_eq!(
            ".team.example".parse(),
            Ok(AllowedHost::Domain("team.example".into()))
        );
        assert_eq!(
            "*.team.example".parse(),
            Ok(AllowedHost::Domain("team.example".into()))
        );
        for bad in [
            "",
            ".",
            "preview.example:1111",
            "http://preview.example",
            "preview.example/x",
            "a@b",
            "[::1]",
            "two words",
            "*",
            "a.*.example",
        ] {
            let error = bad.parse::<AllowedHost>().unwrap_err();
            assert!(error.contains("not a host name"), "{bad}: {error}");
        }
        assert_eq!(
            AllowedHost::Domain("team.example".into()).to_string(),
            ".team.example"
        );
    }
}
