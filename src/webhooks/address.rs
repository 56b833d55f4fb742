//! Where a webhook may be sent. Loopback and private addresses only when the operator allows
//! them; link-local ones (169.254.0.0/16, fe80::/10) and the other cloud metadata services
//! (`fd00:ec2::254`, `100.100.100.200`) never. An IPv6 address that carries an IPv4 one
//! (mapped, NAT64, 6to4) is judged by the IPv4 address it reaches. The rule is
//! applied to the URL when a subscription is saved and again to every address the host name
//! resolves to at delivery time, so a name that later points inside is still refused.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, LazyLock};

use regex::Regex;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;

use crate::error::FieldProblem;

/// The text of a URL a webhook may be sent to, which the OpenAPI document states as its
/// pattern: the server takes exactly these, so the document neither promises more nor less.
/// Narrower than the WHATWG URL standard, which `reqwest` parses: a host name (whose last label
/// starts with a letter, so it is never read as an IPv4 address; no `--`, so never an IDN's
/// `xn--`, whose punycode may not decode), a dotted IPv4 address or a bracketed IPv6 one (RFC 3986,
/// no zone), an optional port, then RFC 3986 characters.
pub fn url_pattern() -> String {
    let label = "[A-Za-z0-9]+(-[A-Za-z0-9]+)*";
    let last = "[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*";
    let octet = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    let ipv4 = format!(r"{octet}(\.{octet}){{3}}");
    let h16 = "[0-9A-Fa-f]{1,4}";
    let ls32 = format!("({h16}:{h16}|{ipv4})");
    let ipv6 = [
        format!("({h16}:){{6}}{ls32}"),
        format!("::({h16}:){{5}}{ls32}"),
        format!("({h16})?::({h16}:){{4}}{ls32}"),
        format!("(({h16}:){{0,1}}{h16})?::({h16}:){{3}}{ls32}"),
        format!("(({h16}:){{0,2}}{h16})?::({h16}:){{2}}{ls32}"),
        format!("(({h16}:){{0,3}}{h16})?::{h16}:{ls32}"),
        format!("(({h16}:){{0,4}}{h16})?::{ls32}"),
        format!("(({h16}:){{0,5}}{h16})?::{h16}"),
        format!("(({h16}:){{0,6}}{h16})?::"),
    ]
    .join("|");
    let host = format!(r"(({label}\.)*{last}|{ipv4}|\[({ipv6})\])");
    let port = "(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?";
    let pchar = "[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2}";
    let qchar = "[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2}";
    format!(r"^https?://{host}{port}(/({pchar})*)*(\?({qchar})*)?(#({qchar})*)?$")
}

static URL_TEXT: LazyLock<Regex> = LazyLock::new(|| Regex::new(&url_pattern()).expect("the URL pattern compiles"));

#[derive(Clone, Copy, Debug)]
pub struct AddressPolicy {
    pub allow_private: bool,
}

impl AddressPolicy {
    /// Whether a delivery may go to this address; why not, if not.
    pub fn check_ip(self, ip: IpAddr) -> Result<(), FieldProblem> {
        let ip = match ip {
            IpAddr::V6(v6) => embedded_ipv4(v6).map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        if is_metadata(ip) {
            return Err(FieldProblem::LinkLocalAddress);
        }
        if is_internal(ip) && !self.allow_private {
            return Err(FieldProblem::PrivateAddress);
        }
        Ok(())
    }

    /// Checks a URL's text: an absolute http(s) URL whose host, when an address or `localhost`,
    /// is allowed. Returns the parsed URL.
    pub fn check_url(self, raw: &str) -> Result<Url, FieldProblem> {
        if !URL_TEXT.is_match(raw) {
            return Err(FieldProblem::InvalidUrl);
        }
        let url = Url::parse(raw).map_err(|_| FieldProblem::InvalidUrl)?;
        if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
            return Err(FieldProblem::InvalidUrl);
        }
        match url.host() {
            None => Err(FieldProblem::InvalidUrl),
            Some(url::Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip)).map(|()| url.clone()),
            Some(url::Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip)).map(|()| url.clone()),
            Some(url::Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if (name == "localhost" || name.ends_with(".localhost")) && !self.allow_private {
                    Err(FieldProblem::PrivateAddress)
                } else {
                    Ok(url.clone())
                }
            }
        }
    }
}

/// The IPv4 address an IPv6 one leads to: IPv4-mapped (`::ffff:0:0/96`), NAT64's well-known
/// prefix (`64:ff9b::/96`) and 6to4 (`2002::/16`, the address in bits 16–48).
fn embedded_ipv4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let from = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if let Some(v4) = v6.to_ipv4_mapped() {
        Some(v4)
    } else if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some(from(s[6], s[7]))
    } else if s[0] == 0x2002 {
        Some(from(s[1], s[2]))
    } else {
        None
    }
}

/// Link-local addresses and the metadata services of the large clouds: refused even when the
/// operator allows private addresses, since they hand out the host's credentials.
fn is_metadata(ip: IpAddr) -> bool {
    const ALIBABA: Ipv4Addr = Ipv4Addr::new(100, 100, 100, 200);
    const AWS_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
    match ip {
        IpAddr::V4(v4) => v4.is_link_local() || v4 == ALIBABA,
        IpAddr::V6(v6) => v6.is_unicast_link_local() || v6 == AWS_V6,
    }
}

/// Loopback, private, shared (CGNAT), unspecified, broadcast and multicast: not the internet.
fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || is_shared(v4)
        }
        IpAddr::V6(v6) => v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || v6.is_unique_local(),
    }
}

/// 100.64.0.0/10, carrier-grade NAT.
fn is_shared(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    a == 100 && (64..128).contains(&b)
}

/// A resolver for the delivery client that drops the addresses the policy refuses; with none
/// left, the attempt fails before any connection is made.
pub struct GuardedResolver {
    pub policy: AddressPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let resolved = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = resolved.filter(|addr| policy.check_ip(addr.ip()).is_ok()).collect();
            if allowed.is_empty() {
                return Err(format!("{host} resolves only to addresses that are not allowed").into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

impl GuardedResolver {
    pub fn shared(policy: AddressPolicy) -> Arc<Self> {
        Arc::new(Self { policy })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: AddressPolicy = AddressPolicy { allow_private: false };
    const LENIENT: AddressPolicy = AddressPolicy { allow_private: true };

    #[test]
    fn metadata_addresses_are_refused_always() {
        for url in [
            "http://169.254.169.254/latest/meta-data",
            "http://[fe80::1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://169.254.0.1/",
            "http://[fd00:ec2::254]/",
            "http://100.100.100.200/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:a9fe:a9fe::1]/",
            "http://[::ffff:100.100.100.200]/",
        ] {
            assert_eq!(STRICT.check_url(url), Err(FieldProblem::LinkLocalAddress), "{url}");
            assert_eq!(LENIENT.check_url(url), Err(FieldProblem::LinkLocalAddress), "{url}");
        }
    }

    #[test]
    fn private_addresses_need_the_operator_setting() {
        for url in [
            "http://127.0.0.1:9000/hook",
            "http://10.1.2.3/",
            "http://192.168.1.1/",
            "http://localhost:8080/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:c0a8:101::1]/",
            "http://[::ffff:10.0.0.1]/",
        ] {
            assert_eq!(STRICT.check_url(url), Err(FieldProblem::PrivateAddress), "{url}");
            assert!(LENIENT.check_url(url).is_ok(), "{url}");
        }
        assert!(STRICT.check_url("https://hooks.example.com/clientretro").is_ok());
        assert!(STRICT.check_url("https://8.8.8.8/").is_ok());
        // The same embeddings of a public address are public.
        assert!(STRICT.check_url("http://[64:ff9b::808:808]/").is_ok());
        assert!(STRICT.check_url("http://[2002:808:808::1]/").is_ok());
    }

    #[test]
    fn only_absolute_http_urls_without_credentials() {
        for url in [
            "ftp://example.com/",
            "/relative",
            "not a url",
            "http://user:pw@example.com/",
        ] {
            assert_eq!(STRICT.check_url(url), Err(FieldProblem::InvalidUrl), "{url}");
        }
    }

    #[test]
    fn resolved_addresses_are_filtered() {
        let resolver = GuardedResolver { policy: STRICT };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let name: Name = "localhost".parse().expect("name");
        let result = runtime.block_on(resolver.resolve(name));
        assert!(result.is_err(), "localhost must resolve to nothing allowed");
        let lenient = GuardedResolver { policy: LENIENT };
        let name: Name = "localhost".parse().expect("name");
        let addrs: Vec<SocketAddr> = runtime.block_on(lenient.resolve(name)).expect("resolves").collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
    }
}
