//! Where admin-entered endpoints (chat and webhook URLs) may point.
//!
//! An admin who could point a channel at `127.0.0.1:5432` or a cloud metadata service would
//! turn the delivery worker into a port scanner and a reader of internal services. So an
//! address is checked twice: when the channel is saved (the URL as written, and what its name
//! resolves to then) and again on every request, inside the HTTP client's DNS resolver, so a
//! name that later resolves somewhere private is refused too and the connection goes only to
//! an address that was checked. On-premises chat servers do live on private networks: the
//! operator lists them in `OUTBOUND_ALLOW` (CIDRs and host names).
use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// The operator's exceptions: networks and host names that may be reached although private.
#[derive(Debug, Clone, Default)]
pub struct OutboundPolicy {
    networks: Vec<IpNet>,
    hosts: Vec<String>,
}

/// Why an endpoint was refused, in words that can be shown to the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only http:// and https:// addresses can be used")]
    Scheme,
    #[error("the address must not contain a user name or password")]
    Userinfo,
    #[error("the address has no host")]
    NoHost,
    #[error("the address points to a private, local or reserved network")]
    PrivateAddress,
    #[error("the host name is reserved for local or internal use")]
    ReservedName,
}

impl OutboundPolicy {
    /// Parses `OUTBOUND_ALLOW`: comma-separated CIDRs (`10.0.0.0/8`), single addresses and host
    /// names (`chat.intern.example`, or `.intern.example` for every name under it).
    pub fn parse(list: Option<&str>) -> anyhow::Result<Self> {
        let mut policy = OutboundPolicy::default();
        for item in list.unwrap_or("").split(',').map(str::trim) {
            if item.is_empty() {
                continue;
            }
            if let Ok(net) = item.parse::<IpNet>() {
                policy.networks.push(net);
            } else if let Ok(ip) = item.trim_matches(['[', ']']).parse::<IpAddr>() {
                policy.networks.push(IpNet::from(ip));
            } else if item
                .trim_start_matches('.')
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                policy.hosts.push(item.to_ascii_lowercase());
            } else {
                anyhow::bail!(
                    "OUTBOUND_ALLOW: {item:?} is neither a CIDR, an address nor a host name"
                );
            }
        }
        Ok(policy)
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.iter().any(|h| match h.strip_prefix('.') {
            Some(suffix) => host.ends_with(&format!(".{suffix}")) || host == suffix,
            None => host == *h,
        })
    }

    /// May a connection go to this address?
    pub fn address_allowed(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        public(ip) || self.networks.iter().any(|n| n.contains(&ip))
    }

    /// The check when a channel is saved: the URL as written. Names are resolved too when they
    /// can be; a name that does not resolve now is still checked on every request.
    pub async fn check_url(&self, raw: &str) -> Result<(), Refusal> {
        let url = url::Url::parse(raw.trim()).map_err(|_| Refusal::NoHost)?;
        self.check_parsed(&url)?;
        if let Some(url::Host::Domain(name)) = url.host() {
            if self.host_allowed(name) {
                return Ok(());
            }
            let port = url.port_or_known_default().unwrap_or(443);
            let lookup = tokio::net::lookup_host((name, port));
            if let Ok(Ok(addrs)) =
                tokio::time::timeout(std::time::Duration::from_secs(3), lookup).await
            {
                let addrs: Vec<SocketAddr> = addrs.collect();
                if addrs.iter().any(|a| !self.address_allowed(a.ip())) {
                    return Err(Refusal::PrivateAddress);
                }
            }
        }
        Ok(())
    }

    /// What can be told from the URL alone. The URL parser already reads `2130706433`,
    /// `0x7f.1` and `017700000001` as 127.0.0.1, so every spelling of an address is checked.
    pub fn check_parsed(&self, url: &url::Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::Userinfo);
        }
        match url.host() {
            None => Err(Refusal::NoHost),
            Some(url::Host::Ipv4(ip)) => self.ip_ok(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => self.ip_ok(IpAddr::V6(ip)),
            Some(url::Host::Domain(name)) => {
                if self.host_allowed(name) || !reserved_name(name) {
                    Ok(())
                } else {
                    Err(Refusal::ReservedName)
                }
            }
        }
    }

    fn ip_ok(&self, ip: IpAddr) -> Result<(), Refusal> {
        if self.address_allowed(ip) {
            Ok(())
        } else {
            Err(Refusal::PrivateAddress)
        }
    }

    /// A DNS resolver for the HTTP client that hands out only addresses this policy allows.
    pub fn resolver(self: &Arc<Self>) -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver {
            policy: self.clone(),
        })
    }
}

/// Names that only mean something inside a network: never a chat service on the internet.
fn reserved_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let exact = ["localhost", "metadata", "metadata.google.internal"];
    let suffixes = [
        ".localhost",
        ".internal",
        ".local",
        ".home.arpa",
        ".localdomain",
    ];
    exact.contains(&name.as_str()) || suffixes.iter().any(|s| name.ends_with(s))
}

/// IPv4 addresses written inside IPv6 ones are judged as the IPv4 address they carry.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(tail),
        [0, 0, 0, 0, 0, 0, _, _] if v6 != Ipv6Addr::UNSPECIFIED && v6 != Ipv6Addr::LOCALHOST => {
            Some(tail)
        }
        // 64:ff9b::/96 (NAT64)
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        // 2002::/16 (6to4) carries the address in the second and third groups
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new(
            (hi >> 8) as u8,
            hi as u8,
            (lo >> 8) as u8,
            lo as u8,
        )),
        _ => None,
    }
}

/// Globally reachable unicast: not loopback, link-local, private, unique-local, unspecified,
/// multicast, shared (CGNAT), benchmarking, documentation or reserved.
fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (first & 0xfe00) == 0xfc00 // unique-local
                || (first == 0x2001 && v6.segments()[1] == 0x0db8) // documentation
                || (first == 0x0100 && v6.segments()[1..4] == [0, 0, 0])) // discard
        }
    }
}

/// Resolves as the system does, then keeps only allowed addresses; none left is an error, so
/// the request is never made.
pub struct GuardedResolver {
    policy: Arc<OutboundPolicy>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Blocked(pub Refusal);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let by_name = policy.host_allowed(&host);
            if !by_name && reserved_name(&host) {
                return Err(Box::new(Blocked(Refusal::ReservedName)) as _);
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| by_name || policy.address_allowed(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(Blocked(Refusal::PrivateAddress)) as _);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(policy: &OutboundPolicy, url: &str) -> Option<Refusal> {
        policy.check_parsed(&url::Url::parse(url).unwrap()).err()
    }

    #[test]
    fn private_and_local_addresses_are_refused_in_every_spelling() {
        let p = OutboundPolicy::default();
        for url in [
            "http://127.0.0.1:5432/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://0.0.0.0/",
            "http://10.1.2.3/",
            "http://172.20.0.1/",
            "http://192.168.1.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://017700000001/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://[ff02::1]/",
            "http://[::]/",
            "http://[64:ff9b::a00:1]/",
            "http://[2002:c0a8:101::1]/",
            "http://100.64.0.1/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
        ] {
            assert_eq!(refused(&p, url), Some(Refusal::PrivateAddress), "{url}");
        }
    }

    #[test]
    fn reserved_names_userinfo_and_other_schemes_are_refused() {
        let p = OutboundPolicy::default();
        assert_eq!(
            refused(&p, "http://metadata.google.internal/computeMetadata/v1/"),
            Some(Refusal::ReservedName)
        );
        assert_eq!(
            refused(&p, "http://localhost:8080/"),
            Some(Refusal::ReservedName)
        );
        assert_eq!(
            refused(&p, "http://db.localhost/"),
            Some(Refusal::ReservedName)
        );
        assert_eq!(
            refused(&p, "https://user:pass@hooks.slack.com/x"),
            Some(Refusal::Userinfo)
        );
        assert_eq!(
            refused(&p, "https://user@hooks.slack.com/x"),
            Some(Refusal::Userinfo)
        );
        assert_eq!(refused(&p, "ftp://example.com/"), Some(Refusal::Scheme));
        assert_eq!(refused(&p, "https://hooks.slack.com/services/T/B/X"), None);
        assert_eq!(refused(&p, "https://93.184.215.14/"), None);
        assert_eq!(refused(&p, "https://[2606:4700::1111]/"), None);
    }

    #[test]
    fn the_operator_can_allow_networks_and_names() {
        let p = OutboundPolicy::parse(Some(
            "127.0.0.0/8, 10.20.0.0/16 ,chat.corp.internal,.lan.internal,::1",
        ))
        .unwrap();
        assert_eq!(refused(&p, "http://127.0.0.1:9000/hook"), None);
        assert_eq!(refused(&p, "http://[::ffff:127.0.0.1]:9000/"), None);
        assert_eq!(refused(&p, "http://10.20.3.4/"), None);
        assert_eq!(refused(&p, "http://[::1]/"), None);
        assert_eq!(
            refused(&p, "http://10.21.0.1/"),
            Some(Refusal::PrivateAddress)
        );
        assert_eq!(refused(&p, "http://chat.corp.internal/"), None);
        assert_eq!(refused(&p, "http://mm.lan.internal/"), None);
        assert_eq!(
            refused(&p, "http://other.internal/"),
            Some(Refusal::ReservedName)
        );
        assert!(OutboundPolicy::parse(Some("not a/valid entry")).is_err());
    }

    #[tokio::test]
    async fn the_resolver_hands_out_no_refused_address() {
        let strict = Arc::new(OutboundPolicy::default());
        let r = strict.resolver();
        assert!(r.resolve("localhost".parse().unwrap()).await.is_err());
        let open = Arc::new(OutboundPolicy::parse(Some("localhost")).unwrap());
        let addrs: Vec<_> = open
            .resolver()
            .resolve("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()));
    }
}
