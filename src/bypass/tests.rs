//! Each test starts from a project where clients of `HQ` bypass through
//! `gw1`, flips one condition, and watches the decision change.

use super::*;
use crate::source::Sources;

const BASE: &str = r#"
deployment { media-encryption required }
site Redmond {
  frontend-pool fe.contoso.com {
    servers [fe1.contoso.com]
    mediation collocated { tls-ports 5067; tcp-ports 5068 }
  }
  gateway gw1.contoso.com {
    kind pstn-gateway
    media-ip 10.1.20.5
    root-trunk { port 5067 tls; mediation fe.contoso.com port 5067 }
  }
}
trunk-config global { media-bypass on }
network {
  bypass-mode sites-and-regions
  bandwidth-profile Wan { audio 2000 }
  region NA {
    central-site Redmond
    network-site HQ { subnets [10.1.0.0/16] }
    network-site HQ2 { subnets [10.2.0.0/16] }
    network-site Branch { subnets [10.20.0.0/24]; bandwidth Wan }
  }
  region EU {
    central-site Redmond
    network-site London { subnets [10.30.0.0/16] }
  }
}
"#;

/// The decision for clients of `site` through `gw1` in `text`.
fn decide(text: &str, site: &str) -> Decision {
    let mut s = Sources::new();
    s.add("t.topo", text);
    let checked = crate::check(&s);
    let m = checked
        .model
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    let b = Bypass::new(&m, &InEffect::new(&m));
    let site = m
        .network
        .sites
        .iter()
        .find(|(_, n)| n.name.text == site)
        .unwrap()
        .0;
    let trunk = m.trunks.ids().next().unwrap();
    decided(&b, Client::Site(site), trunk)
}

/// The decision, after checking that [`Bypass::verdict`] gives its verdict
/// without the reasons.
fn decided(b: &Bypass<'_>, client: Client, trunk: TrunkId) -> Decision {
    let d = b.decide(client, trunk);
    assert_eq!(b.verdict(client, trunk), d.verdict, "{:?}", d.reasons);
    d
}

fn conditions(d: &Decision) -> Vec<&'static str> {
    d.reasons.iter().map(|r| r.condition.id()).collect()
}

fn flip(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_base_project_bypasses() {
    let d = decide(BASE, "HQ");
    assert_eq!(d.verdict, Verdict::Yes, "{:?}", d.reasons);
}

#[test]
fn b1_bypass_off_globally() {
    let d = decide(
        &flip("bypass-mode sites-and-regions", "bypass-mode off"),
        "HQ",
    );
    assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B1"]));
}

#[test]
fn b3_bypass_off_on_the_trunk() {
    let d = decide(&flip("{ media-bypass on }", "{ media-bypass off }"), "HQ");
    assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B3"]));
}

#[test]
fn b4_centralized_media_off() {
    let d = decide(
        &flip(
            "{ media-bypass on }",
            "{ media-bypass on; centralized-media off }",
        ),
        "HQ",
    );
    assert_eq!(conditions(&d), ["B4"]);
}

#[test]
fn b5_refer_off_needs_rtcp_off() {
    let d = decide(
        &flip("{ media-bypass on }", "{ media-bypass on; refer off }"),
        "HQ",
    );
    assert_eq!(conditions(&d), ["B5"]);
    let text = flip(
        "{ media-bypass on }",
        "{ media-bypass on; refer off; refer-3pcc on; rtcp-active-calls off; rtcp-calls-on-hold off }",
    );
    assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
}

#[test]
fn b6_srtp_against_the_encryption_level() {
    let text = flip(
        "media-encryption required",
        "media-encryption not-supported",
    );
    assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
    let text = flip(
        "{ media-bypass on }",
        "{ media-bypass on; srtp not-supported }",
    );
    assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
    let text = flip("{ media-bypass on }", "{ media-bypass on; srtp optional }");
    assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
    // `optional` against required encryption needs a peer that does SRTP.
    let text = text.replace("kind pstn-gateway\n", "kind pstn-gateway\n    srtp off\n");
    assert!(text.contains("srtp off"));
    assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
}

#[test]
fn b6_tcp_forces_srtp_off() {
    let text = flip(
        "root-trunk { port 5067 tls; mediation fe.contoso.com port 5067 }",
        "root-trunk { port 5066 tcp; mediation fe.contoso.com port 5068 }",
    );
    assert_eq!(conditions(&decide(&text, "HQ")), ["B6"]);
    let text = text.replacen("media-encryption required", "media-encryption supported", 1);
    assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
}

#[test]
fn b7_peer_without_early_dialogs() {
    let d = decide(
        &flip("kind pstn-gateway", "kind pstn-gateway; early-dialogs off"),
        "HQ",
    );
    assert_eq!(conditions(&d), ["B7"]);
}

#[test]
fn b8_peer_refusing_client_media() {
    let d = decide(
        &flip(
            "kind pstn-gateway",
            "kind pstn-gateway; accepts-client-media off",
        ),
        "HQ",
    );
    assert_eq!(conditions(&d), ["B8"]);
}

#[test]
fn b10_peer_given_by_fqdn_only_is_unknown() {
    let d = decide(&flip("    media-ip 10.1.20.5\n", ""), "HQ");
    assert_eq!((d.verdict, conditions(&d)), (Verdict::Unknown, vec!["B10"]));
    assert!(!d.bypass());
}

#[test]
fn b10_address_places_the_peer_when_there_is_no_media_ip() {
    let d = decide(&flip("media-ip 10.1.20.5", "address 10.1.20.5"), "HQ");
    assert_eq!(d.verdict, Verdict::Yes);
    // media-ip wins over address.
    let d = decide(
        &flip(
            "media-ip 10.1.20.5",
            "media-ip 10.1.20.5; address 10.20.0.9",
        ),
        "HQ",
    );
    assert_eq!(d.verdict, Verdict::Yes);
}

#[test]
fn b12_constrained_site_has_its_own_id() {
    assert_eq!(conditions(&decide(BASE, "Branch")), ["B12"]);
    // ... and bypasses to a peer inside it.
    let d = decide(&flip("media-ip 10.1.20.5", "media-ip 10.20.0.5"), "Branch");
    assert_eq!(d.verdict, Verdict::Yes);
}

#[test]
fn b12_unconstrained_sites_share_the_region_id() {
    assert_eq!(decide(BASE, "HQ2").verdict, Verdict::Yes);
}

#[test]
fn b12_another_region_never_shares_an_id() {
    assert_eq!(conditions(&decide(BASE, "London")), ["B12"]);
}

#[test]
fn b12_an_inter_site_policy_splits_the_ids() {
    let text = flip(
        "  region EU {",
        "  inter-site HQ HQ2 { bandwidth Wan }\n  region EU {",
    );
    assert_eq!(conditions(&decide(&text, "HQ2")), ["B12"]);
    // Clients and peer in the same constrained site still bypass.
    assert_eq!(decide(&text, "HQ").verdict, Verdict::Yes);
}

#[test]
fn b12_unmapped_peer_gets_no_id_unless_default_bypass_is_on() {
    let text = flip("media-ip 10.1.20.5", "media-ip 192.168.1.5");
    assert_eq!(conditions(&decide(&text, "HQ")), ["B12"]);
    // The default ID is not the region's: still no bypass from HQ.
    let text = text.replacen(
        "bypass-mode sites-and-regions",
        "bypass-mode sites-and-regions; default-bypass-for-unmapped on",
        1,
    );
    assert_eq!(conditions(&decide(&text, "HQ")), ["B12"]);
    // An unmapped client shares the unmapped peer's default ID only
    // when the setting is on.
    let unmapped = |text: &str| {
        let mut s = Sources::new();
        s.add("t.topo", text);
        let m = crate::check(&s).model.unwrap();
        let b = Bypass::new(&m, &InEffect::new(&m));
        let client = Client::Unmapped(Subnet {
            address: "192.168.9.10".parse().unwrap(),
            bits: 24,
        });
        decided(&b, client, m.trunks.ids().next().unwrap())
    };
    assert_eq!(unmapped(&text).verdict, Verdict::Yes);
    let off = flip("media-ip 10.1.20.5", "media-ip 192.168.1.5");
    assert_eq!(conditions(&unmapped(&off)), ["B12"]);
}

#[test]
fn always_mode_bypasses_everywhere() {
    let text = flip("bypass-mode sites-and-regions", "bypass-mode always");
    assert_eq!(decide(&text, "Branch").verdict, Verdict::Yes);
    assert_eq!(decide(&text, "London").verdict, Verdict::Yes);
}

fn decide_anywhere(text: &str) -> Decision {
    let mut s = Sources::new();
    s.add("t.topo", text);
    let m = crate::check(&s).model.unwrap();
    let b = Bypass::new(&m, &InEffect::new(&m));
    let t = m.trunks.ids().next().unwrap();
    b.decide_anywhere(t, "no place")
}

#[test]
fn a_caller_anywhere_is_decided_when_the_place_does_not_matter() {
    // Sites and regions: B12 depends on the caller.
    let d = decide_anywhere(BASE);
    assert_eq!(d.verdict, Verdict::Unknown);
    assert_eq!(conditions(&d), ["B12"]);
    // Always mode: one ID for every subnet.
    let always = flip("bypass-mode sites-and-regions", "bypass-mode always");
    assert_eq!(decide_anywhere(&always).verdict, Verdict::Yes);
    // Off globally, or off on the trunk: no wherever the caller is.
    let off = flip("bypass-mode sites-and-regions", "bypass-mode off");
    let d = decide_anywhere(&off);
    assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B1"]));
    let trunk_off = flip(
        "trunk-config global { media-bypass on }",
        "trunk-config global { media-bypass off }",
    );
    let d = decide_anywhere(&trunk_off);
    assert_eq!((d.verdict, conditions(&d)), (Verdict::No, vec!["B3"]));
}

#[test]
fn clients_by_address_match_subnets_exactly() {
    let mut s = Sources::new();
    s.add("t.topo", BASE);
    let m = crate::check(&s).model.unwrap();
    let b = Bypass::new(&m, &InEffect::new(&m));
    let hq = m
        .network
        .sites
        .iter()
        .find(|(_, n)| n.name.text == "HQ")
        .unwrap()
        .0;
    let at = |a: &str, bits| Subnet {
        address: a.parse().unwrap(),
        bits,
    };
    assert_eq!(b.client_of(at("10.1.4.20", 16)), Client::Site(hq));
    // A /24 client inside the configured /16 does not match it (no supernets).
    assert_eq!(
        b.client_of(at("10.1.4.20", 24)),
        Client::Unmapped(at("10.1.4.20", 24))
    );
}
