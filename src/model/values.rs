//! Reading literal values: ports, addresses, subnets, FQDNs, integers.
//!
//! Each function takes the token's text and returns the value or a short
//! reason it is not one, which lowering turns into a diagnostic.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{PortRange, Subnet};

/// A port: a UInt16 from 1 to 65535 (E10).
pub fn port(text: &str) -> Result<u16, String> {
    match text.parse::<u64>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p as u16),
        Ok(0) => Err("port 0 is not a listening port".into()),
        _ => Err(format!("`{text}` is not a port from 1 to 65535")),
    }
}

/// A port or an inclusive range `first..last`.
pub fn port_range(text: &str) -> Result<PortRange, String> {
    let (first, last) = match text.split_once("..") {
        Some((a, b)) => (port(a)?, port(b)?),
        None => {
            let p = port(text)?;
            (p, p)
        }
    };
    if first > last {
        return Err(format!(
            "the range `{text}` runs backwards; write `{last}..{first}`"
        ));
    }
    Ok(PortRange { first, last })
}

/// An integer within `min..=max`.
pub fn int_in(text: &str, min: i64, max: i64) -> Result<i64, String> {
    match text.parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("`{text}` is outside {min}..{max}")),
    }
}

/// An IPv4 address in dotted-quad form.
pub fn ipv4(text: &str) -> Result<Ipv4Addr, String> {
    // std's parser already rejects leading zeros, which some tools read as octal.
    text.parse::<Ipv4Addr>().map_err(|_| {
        format!("`{text}` is not an IPv4 address (four numbers 0–255 separated by dots)")
    })
}

/// An IP address: IPv4, or IPv6 in brackets.
pub fn ip(text: &str) -> Result<IpAddr, String> {
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return inner
            .parse::<Ipv6Addr>()
            .map(IpAddr::V6)
            .map_err(|_| format!("`{text}` is not an IPv6 address"));
    }
    if text.contains(':') {
        return Err(format!(
            "write the IPv6 address `{text}` in brackets: `[{text}]`"
        ));
    }
    ipv4(text).map(IpAddr::V4)
}

/// An IPv4 subnet `a.b.c.d/n` with `n` in 1..=32. With `network` set, the
/// address must be the subnet's first address (New-CsNetworkSubnet, E42).
pub fn subnet(text: &str, network: bool) -> Result<Subnet, String> {
    let Some((addr, bits)) = text.split_once('/') else {
        return Err(format!(
            "`{text}` has no mask; write it in CIDR form such as `{text}/24`"
        ));
    };
    let address = ipv4(addr)?;
    let bits = match bits.parse::<u8>() {
        Ok(b) if (1..=32).contains(&b) => b,
        _ => return Err(format!("mask `/{bits}` is not from 1 to 32")),
    };
    let subnet = Subnet { address, bits };
    if network && subnet.network() != address {
        return Err(format!(
            "`{text}` is not a network address: its first address is `{}/{bits}`",
            subnet.network()
        ));
    }
    Ok(subnet)
}

/// A fully qualified domain name: two or more labels of 1–63 letters,
/// digits and hyphens, not starting or ending with a hyphen, 253 characters
/// at most, and not all-numeric at the end (that would be an IP address).
pub fn fqdn(text: &str) -> Result<(), String> {
    let name = text.strip_suffix('.').unwrap_or(text);
    if name.len() > 253 {
        return Err(format!("`{text}` is longer than 253 characters"));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "`{text}` is not fully qualified; write the whole DNS name such as `{text}.contoso.com`"
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(format!("`{text}` has an empty label (two dots in a row)"));
        }
        if label.len() > 63 {
            return Err(format!(
                "label `{label}` of `{text}` is longer than 63 characters"
            ));
        }
        if let Some(bad) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!(
                "`{text}` contains `{bad}`, which DNS names cannot hold"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "label `{label}` of `{text}` starts or ends with a hyphen"
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("`{text}` looks like an IP address, not a DNS name"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_ranges() {
        assert_eq!(port("5067"), Ok(5067));
        assert!(port("0").is_err());
        assert!(port("65536").is_err());
        assert!(port("99999999999999999999999").is_err());
        assert_eq!(
            port_range("5068..5069"),
            Ok(PortRange {
                first: 5068,
                last: 5069
            })
        );
        assert!(port_range("5070..5067").is_err());
    }

    #[test]
    fn addresses() {
        assert!(ip("10.1.20.5").is_ok());
        assert!(ip("[2001:db8::5]").is_ok());
        assert!(ip("2001:db8::5").unwrap_err().contains("brackets"));
        assert!(ip("10.1.20").is_err());
        assert!(ip("010.1.20.5").is_err());
        assert!(ip("gw.contoso.com").is_err());
    }

    #[test]
    fn subnets() {
        assert_eq!(subnet("10.1.0.0/16", true).unwrap().bits, 16);
        assert!(
            subnet("10.1.2.3/16", true)
                .unwrap_err()
                .contains("10.1.0.0/16")
        );
        assert!(subnet("10.1.2.3/24", false).is_ok());
        assert!(subnet("10.1.0.0", true).is_err());
        assert!(subnet("10.1.0.0/33", true).is_err());
        assert!(subnet("10.1.0.0/0", true).is_err());
    }

    #[test]
    fn fqdns() {
        assert!(fqdn("gw1.redmond.contoso.com").is_ok());
        assert!(fqdn("1gw.contoso.com").is_ok());
        assert!(fqdn("pool").is_err());
        assert!(fqdn("med_pool.contoso.com").is_err());
        assert!(fqdn("-a.contoso.com").is_err());
        assert!(fqdn("a..com").is_err());
        assert!(fqdn("10.1.2.3").is_err());
    }
}
