//! Where a clone may connect when the URL is a crate's word, not the
//! user's: a host named by crate metadata must resolve to public addresses
//! only, and the clone connects to exactly the addresses that were checked
//! (the name is not resolved a second time, so an answer that changes in
//! between cannot send the clone elsewhere). A redirect to another host is
//! resolved by the same rule.
//!
//! Not public: loopback, private (RFC 1918, unique-local), link-local,
//! shared (carrier-grade NAT), unspecified, broadcast, multicast,
//! documentation, benchmarking and reserved ranges, and IPv4 addresses
//! written inside IPv6 ones. A name whose answer holds any such address is
//! refused as a whole.
//!
//! Deliberately not here: a proxy the user configured (the proxy's own
//! address is the user's choice).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;

use crate::error::{AddressProblem, GitError};

/// How the addresses of a clone's host are checked before connecting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressCheck {
    _public_only: (),
}

impl AddressCheck {
    /// Public addresses only (the rule for URLs from crate metadata).
    pub fn public_only() -> AddressCheck {
        AddressCheck::default()
    }

    /// Resolve the host of `url` and check every address; the checked
    /// addresses to connect to.
    pub fn resolve(&self, url: &str) -> Result<Pinned, GitError> {
        let parsed = reqwest::Url::parse(url).map_err(|_| GitError::UnsupportedUrl {
            url: url.to_string(),
            reason: crate::UrlProblem::NotAUrl,
        })?;
        let host = parsed
            .host_str()
            .ok_or_else(|| GitError::UnsupportedUrl {
                url: url.to_string(),
                reason: crate::UrlProblem::NoHost,
            })?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = parsed.port_or_known_default().unwrap_or(443);
        let addrs = public_addresses(&host, port).map_err(|problem| GitError::Address {
            url: url.to_string(),
            host: host.clone(),
            problem,
        })?;
        Ok(Pinned { host, addrs })
    }
}

/// A host and the addresses checked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    /// The host name as the URL spells it.
    pub host: String,
    /// Its checked addresses.
    pub addrs: Vec<SocketAddr>,
}

/// Every address `host` resolves to, when all are public.
pub fn public_addresses(host: &str, port: u16) -> Result<Vec<SocketAddr>, AddressProblem> {
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| AddressProblem::Unresolved { why: e.to_string() })?
        .collect();
    if addrs.is_empty() {
        return Err(AddressProblem::Unresolved {
            why: "no address".into(),
        });
    }
    if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
        return Err(AddressProblem::NotPublic { addr: bad.ip() });
    }
    Ok(addrs)
}

/// Whether an address is one a crate's metadata may make us connect to.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => is_public_v4(a),
        IpAddr::V6(a) => is_public_v6(a),
    }
}

fn is_public_v4(a: Ipv4Addr) -> bool {
    let [o0, o1, o2, _] = a.octets();
    let reserved = o0 == 0                                  // "this network"
        || (o0 == 100 && (64..128).contains(&o1))          // shared, RFC 6598
        || (o0 == 192 && o1 == 0 && o2 == 0)                // IETF protocol assignments
        || (o0 == 198 && (o1 == 18 || o1 == 19))            // benchmarking, RFC 2544
        || o0 >= 240; // reserved, and broadcast
    !(a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_unspecified()
        || a.is_multicast()
        || a.is_documentation()
        || reserved)
}

fn is_public_v6(a: Ipv6Addr) -> bool {
    if let Some(v4) = a.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = a.segments();
    let unique_local = (s[0] & 0xfe00) == 0xfc00; // fc00::/7
    let link_local = (s[0] & 0xffc0) == 0xfe80; // fe80::/10
    let documentation = s[0] == 0x2001 && s[1] == 0x0db8; // 2001:db8::/32
    // ::/96 (IPv4-compatible), and NAT64's 64:ff9b::/96 which carries an
    // IPv4 address the translator would connect to.
    let embeds_v4 = s[..6] == [0; 6] || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4]);
    if embeds_v4 {
        let v4 = Ipv4Addr::new(
            (s[6] >> 8) as u8,
            (s[6] & 0xff) as u8,
            (s[7] >> 8) as u8,
            (s[7] & 0xff) as u8,
        );
        return !a.is_unspecified() && !a.is_loopback() && is_public_v4(v4);
    }
    !(a.is_loopback()
        || a.is_unspecified()
        || a.is_multicast()
        || unique_local
        || link_local
        || documentation)
}

/// A resolver for the clone's HTTP client: every name (a redirect's target
/// included) resolves to its addresses only when all are public.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            // The blocking client runs this on its own worker thread: a
            // blocking lookup holds no one else up.
            match public_addresses(&host, 0) {
                Ok(addrs) => Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs),
                Err(problem) => Err(Box::new(problem) as Box<dyn std::error::Error + Send + Sync>),
            }
        })
    }
}

/// gitoxide's transport options for `url` with the client bound to the
/// checked addresses: `base` (the repository's configuration for the URL)
/// plus a client that connects to `pinned` and resolves every other name
/// with [`PublicOnly`].
pub(crate) fn transport_options(
    base: Option<Box<dyn std::any::Any>>,
    pinned: &Pinned,
) -> Box<dyn std::any::Any> {
    use gix::protocol::transport::client::blocking_io::http;
    let mut opts: http::Options = base
        .and_then(|b| b.downcast::<http::Options>().ok())
        .map(|b| *b)
        .unwrap_or_default();
    let pinned = pinned.clone();
    let backend = http::reqwest::Options {
        configure_client: Some(Box::new(move |builder| {
            Ok(builder
                .resolve_to_addrs(&pinned.host, &pinned.addrs)
                .dns_resolver(Arc::new(PublicOnly)))
        })),
        configure_request: None,
    };
    opts.backend = Some(Arc::new(std::sync::Mutex::new(backend)));
    Box::new(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2001:db8::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["140.82.112.3", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn localhost_resolves_to_a_refused_address() {
        let err = AddressCheck::public_only()
            .resolve("https://localhost/owner/repo")
            .unwrap_err();
        assert!(
            matches!(
                err,
                GitError::Address {
                    problem: AddressProblem::NotPublic { .. },
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
