//! `topology.xml`: the PSTN part of a Topology Builder document, in the
//! shape of real `Get-CsTopology -AsXml` exports (TOPOLOGY-XML.md; the
//! one real gateway sample is topology-corpus/ibenbouzid…@66522ef.xml).
//!
//! Written: central sites; a cluster per Front End or Mediation pool with
//! its machines (a `Pstn` interface where Mediation runs) and per gateway
//! (an external cluster: `RequiresReplication`/`RequiresSetup` false);
//! a MediationServer service per pool with its peer-facing listening ports
//! per transport (TOPOLOGY-XML 5); a PstnGateway service per gateway for
//! its root trunk (gateway port, transport, FQDN, the Mediation port,
//! dependency on the Mediation service; TOPOLOGY-XML 6).
//!
//! Not written, because no public document shows their form (the
//! [`Layout`] decides, [`super::steps`] explains how to add them in
//! Topology Builder, and each gets a T0803 warning): additional (M:N)
//! trunks (TOPOLOGY-XML 7) unless
//! [`Options::experimental_additional_trunks`](super::Options), and branch
//! sites with their gateways (TOPOLOGY-XML 2.2). Numbering is by id (name)
//! order: `SiteId` among central sites, `ClusterId Number` and service
//! `Instance` per site.

use super::{Input, Options, stable_guid};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    GatewayId, IdVec, Model, PoolId, PoolRole, PortRange, Product, SiteId, SiteKind, Transport,
    TrunkId,
};

const NS_TOPOLOGY: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.Topology.2008";
const NS_ROLES: &str = "urn:schema:Microsoft.Rtc.Management.Deploy.ServiceRoles.2008";

/// Why an object is left to `topology-steps.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeptOut {
    /// An additional (M:N) trunk: its XML form was never seen.
    AdditionalTrunk,
    /// In a branch site: the branch-site element was never seen.
    BranchSite,
}

/// What goes into the XML and what is left to Topology Builder steps.
#[derive(Debug)]
pub struct Layout {
    /// `SiteId` of each site in the XML (central sites), by site id.
    site_numbers: IdVec<SiteId, Option<u32>>,
    /// `ClusterId Number` of each pool, by pool id.
    pool_clusters: IdVec<PoolId, Option<u32>>,
    /// `ClusterId Number` of each gateway in the XML, by gateway id.
    gateway_clusters: IdVec<GatewayId, Option<u32>>,
    /// `Instance` of each pool's Mediation service, by pool id.
    mediation_instances: IdVec<PoolId, Option<u32>>,
    /// `Instance` of each Front End pool's Registrar, by pool id.
    registrar_instances: IdVec<PoolId, Option<u32>>,
    /// `Instance` of each trunk's PstnGateway service, by trunk id.
    trunk_instances: IdVec<TrunkId, Option<u32>>,
    /// Trunks left to the steps file, in trunk id order.
    pub kept_out: Vec<(TrunkId, KeptOut)>,
    /// Branch sites (all left to the steps file), in site id order.
    pub branch_sites: Vec<SiteId>,
}

impl Layout {
    /// Decides the layout of a model.
    pub fn new(m: &Model, options: Options) -> Layout {
        let mut site_numbers = IdVec::filled(m.sites.len(), None);
        let mut branch_sites = Vec::new();
        let mut next_site = 1;
        for (id, s) in m.sites.iter() {
            match s.kind {
                SiteKind::Central => {
                    site_numbers[id] = Some(next_site);
                    next_site += 1;
                }
                SiteKind::Branch(_) => branch_sites.push(id),
            }
        }
        let in_xml = |site: SiteId| site_numbers[site].is_some();
        // Per-site counters: cluster numbers and service instances.
        let counters = || IdVec::<SiteId, u32>::filled(m.sites.len(), 0);
        let (mut clusters, mut mediations) = (counters(), counters());
        let (mut registrars, mut gateways) = (counters(), counters());
        let bump = |v: &mut IdVec<SiteId, u32>, site: SiteId| {
            v[site] += 1;
            v[site]
        };
        let mut pool_clusters = IdVec::filled(m.pools.len(), None);
        let mut mediation_instances = IdVec::filled(m.pools.len(), None);
        let mut registrar_instances = IdVec::filled(m.pools.len(), None);
        for (id, p) in m.pools.iter() {
            if !in_xml(p.site) {
                continue;
            }
            pool_clusters[id] = Some(bump(&mut clusters, p.site));
            if p.role == PoolRole::FrontEnd {
                registrar_instances[id] = Some(bump(&mut registrars, p.site));
            }
            if p.mediation.is_some() {
                mediation_instances[id] = Some(bump(&mut mediations, p.site));
            }
        }
        let mut gateway_clusters = IdVec::filled(m.gateways.len(), None);
        for (id, g) in m.gateways.iter() {
            if in_xml(g.site) {
                gateway_clusters[id] = Some(bump(&mut clusters, g.site));
            }
        }
        let mut trunk_instances = IdVec::filled(m.trunks.len(), None);
        let mut kept_out = Vec::new();
        // Root trunks first, so a gateway's root service comes before its
        // additional ones.
        let mut order: Vec<TrunkId> = m.trunks.ids().collect();
        order.sort_by_key(|t| !m.trunks.get(*t).root);
        for t in order {
            let trunk = m.trunks.get(t);
            let g = m.gateways.get(trunk.gateway.id);
            let placed = gateway_clusters[trunk.gateway.id].is_some()
                && mediation_instances[trunk.mediation.id].is_some();
            if !placed {
                kept_out.push((t, KeptOut::BranchSite));
            } else if !trunk.root && !options.experimental_additional_trunks {
                kept_out.push((t, KeptOut::AdditionalTrunk));
            } else {
                trunk_instances[t] = Some(bump(&mut gateways, g.site));
            }
        }
        kept_out.sort_by_key(|(t, _)| *t);
        Layout {
            site_numbers,
            pool_clusters,
            gateway_clusters,
            mediation_instances,
            registrar_instances,
            trunk_instances,
            kept_out,
            branch_sites,
        }
    }

    /// Whether a trunk is written into the XML (else it is left to the
    /// steps file).
    pub fn in_xml(&self, trunk: TrunkId) -> bool {
        self.trunk_instances[trunk].is_some()
    }

    /// The warnings (T0803) for what the XML leaves out.
    pub fn diagnostics(&self, m: &Model) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (t, why) in &self.kept_out {
            let trunk = m.trunks.get(*t);
            let name = &trunk.name.text;
            let (message, help) = match why {
                KeptOut::AdditionalTrunk => (
                    format!(
                        "additional trunk `{name}` is not in topology.xml: no public topology document shows how additional trunks are stored"
                    ),
                    "follow topology-steps.md, or build with --experimental-additional-trunks to write it in the inferred layout",
                ),
                KeptOut::BranchSite => (
                    format!(
                        "trunk `{name}` is not in topology.xml: its gateway or Mediation pool is in a branch site, whose XML form is unknown"
                    ),
                    "follow topology-steps.md to define the branch site and its gateway in Topology Builder",
                ),
            };
            let label = "add it in Topology Builder";
            out.push(
                Diagnostic::new(Code::ManualTopologyStep, message, trunk.name.span, label)
                    .with_help(help),
            );
        }
        out
    }

    fn site(&self, site: SiteId) -> u32 {
        self.site_numbers[site].unwrap_or(0)
    }
}

/// How many manual Topology Builder steps are reported one by one.
pub const FOLD_STEPS: usize = 3;

/// More than [`FOLD_STEPS`] manual Topology Builder steps (T0803) as one
/// warning: a large topology has hundreds, and topology-steps.md lists
/// every one. A few are kept apart, each saying why; every other
/// diagnostic is kept as it is.
pub fn fold_manual_steps(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let steps: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].code == Code::ManualTopologyStep)
        .collect();
    let [first, ..] = steps[..] else {
        return found;
    };
    if steps.len() <= FOLD_STEPS {
        return found;
    }
    let folded = Diagnostic::new(
        Code::ManualTopologyStep,
        format!(
            "{} trunks are not in topology.xml and need a manual step in Topology Builder",
            steps.len()
        ),
        found[first].primary.span,
        "the first of them",
    )
    .with_help(
        "topology-steps.md lists the step for each; once one is done, `allow manual-topology-step \"REASON\"` in the trunk's declaration accepts it",
    );
    found[first] = folded;
    let mut i = 0;
    found.retain(|d| {
        i += 1;
        i - 1 == first || d.code != Code::ManualTopologyStep
    });
    found
}

/// `text` escaped for an XML attribute value or element content, in
/// printable ASCII: markup characters as entities, every other character
/// as a numeric reference (`&#xFC;`), so no reading of the document's
/// bytes in another code page sees a character that is not written.
/// Characters XML 1.0 cannot carry become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            ' '..='~' => out.push(c),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push_str("&#xFFFD;")
            }
            c => out.push_str(&format!("&#x{:X};", c as u32)),
        }
    }
    out
}

/// Text safe inside `<!-- -->`: no `--`, no trailing `-`.
fn comment(text: &str) -> String {
    let mut t = escape(text).replace("--", "- -");
    while t.contains("--") {
        t = t.replace("--", "- -");
    }
    if t.ends_with('-') {
        t.push(' ');
    }
    t
}

struct Xml {
    out: String,
}

impl Xml {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comment(&mut self, depth: usize, text: &str) {
        self.line(depth, &format!("<!-- {} -->", comment(text)));
    }
}

fn attrs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!(" {k}=\"{}\"", escape(v)))
        .collect()
}

fn service_version(p: Product) -> &'static str {
    match p {
        Product::Lync2013 => "6",
        Product::Sfb2015 => "7",
    }
}

fn protocol(t: Transport) -> &'static str {
    match t {
        Transport::Tls => "Tls",
        Transport::Tcp => "Tcp",
    }
}

/// Writes `topology.xml`.
pub fn emit(input: &Input<'_>, layout: &Layout, hash: &str) -> String {
    let m = input.model;
    let mut x = Xml { out: String::new() };
    x.line(0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    x.comment(
        0,
        &format!(
            "Generated by topoc {}, configuration {hash}. Do not edit: change the .topo sources and rebuild.",
            crate::VERSION
        ),
    );
    x.comment(
        0,
        "The PSTN part of the topology: central sites, the clusters of pools and gateways, \
         MediationServer and PstnGateway services. Cluster numbers and service instances count only \
         what this document holds: when merging it into a Get-CsTopology -AsXml export, keep the \
         export's numbers for clusters it already has and number new ones after them, then \
         Publish-CsTopology. Front End roles other than Mediation are not included. See \
         topology-steps.md for what must be added in Topology Builder.",
    );
    x.line(
        0,
        &format!(
            "<Topology xmlns=\"{NS_TOPOLOGY}\" Signature=\"{}\">",
            stable_guid("signature", &signature_key(m))
        ),
    );
    sites(&mut x, m, layout);
    clusters(&mut x, m, layout);
    services(&mut x, m, layout);
    x.line(0, "</Topology>");
    x.out
}

/// What the document's `Signature` is derived from: its central sites.
fn signature_key(m: &Model) -> String {
    m.sites
        .iter()
        .filter(|(_, s)| s.kind == SiteKind::Central)
        .map(|(_, s)| s.name.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n")
}

fn sites(x: &mut Xml, m: &Model, layout: &Layout) {
    x.line(1, "<Sites>");
    for (id, s) in m.sites.iter() {
        if layout.site_numbers[id].is_none() {
            continue;
        }
        x.line(
            2,
            &format!(
                "<CentralSite{}>",
                attrs(&[("SiteId", layout.site(id).to_string())])
            ),
        );
        x.line(3, &format!("<Name>{}</Name>", escape(&s.name.text)));
        x.line(3, "<Location />");
        x.line(2, "</CentralSite>");
    }
    x.line(1, "</Sites>");
}

fn cluster_id(site: u32, number: u32) -> String {
    format!(
        "<ClusterId{} />",
        attrs(&[("SiteId", site.to_string()), ("Number", number.to_string())])
    )
}

fn service_id(site: u32, role: &str, instance: u32) -> String {
    format!(
        "<ServiceId{} />",
        attrs(&[
            ("SiteId", site.to_string()),
            ("RoleName", role.to_string()),
            ("Instance", instance.to_string())
        ])
    )
}

fn clusters(x: &mut Xml, m: &Model, layout: &Layout) {
    x.line(1, "<Clusters>");
    for (id, p) in m.pools.iter() {
        let Some(number) = layout.pool_clusters[id] else {
            continue;
        };
        if p.role == PoolRole::Mediation {
            x.comment(
                2,
                &format!(
                    "stand-alone Mediation pool {}: cluster layout inferred (no public topology document shows one)",
                    p.name.text
                ),
            );
        }
        x.line(
            2,
            &format!(
                "<Cluster{}>",
                attrs(&[
                    ("RequiresReplication", "true".into()),
                    ("RequiresSetup", "true".into()),
                    ("Fqdn", p.name.text.clone())
                ])
            ),
        );
        x.line(3, &cluster_id(layout.site(p.site), number));
        let servers: Vec<&str> = if p.servers.is_empty() {
            vec![p.name.text.as_str()]
        } else {
            p.servers.iter().map(|s| s.text.as_str()).collect()
        };
        for (i, server) in servers.iter().enumerate() {
            x.line(
                3,
                &format!(
                    "<Machine{}>",
                    attrs(&[
                        ("OrdinalInCluster", (i + 1).to_string()),
                        ("Fqdn", server.to_string()),
                        ("FaultDomain", server.to_string()),
                        ("UpgradeDomain", server.to_string())
                    ])
                ),
            );
            x.line(4, &interface("Primary"));
            if p.mediation.is_some() {
                x.line(4, &interface("Pstn"));
            }
            x.line(3, "</Machine>");
        }
        x.line(2, "</Cluster>");
    }
    for (id, g) in m.gateways.iter() {
        let Some(number) = layout.gateway_clusters[id] else {
            continue;
        };
        x.line(
            2,
            &format!(
                "<Cluster{}>",
                attrs(&[
                    ("RequiresReplication", "false".into()),
                    ("RequiresSetup", "false".into()),
                    ("Fqdn", g.name.text.clone())
                ])
            ),
        );
        x.line(3, &cluster_id(layout.site(g.site), number));
        x.line(
            3,
            &format!(
                "<Machine{}>",
                attrs(&[
                    ("OrdinalInCluster", "1".into()),
                    ("Fqdn", g.name.text.clone())
                ])
            ),
        );
        // The gateway's address where it is given (Topology Builder's IP
        // address field), else all addresses.
        let ip = g
            .address
            .as_ref()
            .map_or("0.0.0.0".to_string(), |a| a.value.to_string());
        x.line(4, &interface_at("Pstn", &ip));
        x.line(3, "</Machine>");
        x.line(2, "</Cluster>");
    }
    x.line(1, "</Clusters>");
}

fn interface(side: &str) -> String {
    interface_at(side, "0.0.0.0")
}

fn interface_at(side: &str, ip: &str) -> String {
    format!(
        "<NetInterface{} />",
        attrs(&[
            ("InterfaceSide", side.into()),
            ("InterfaceNumber", "1".into()),
            ("IPAddress", ip.into())
        ])
    )
}

#[allow(clippy::too_many_arguments)]
fn port(
    owner: &str,
    usage: &str,
    side: &str,
    number: u16,
    protocol: &str,
    authorizes: bool,
    extra: &[(&str, String)],
) -> String {
    let mut a = vec![
        ("Owner", owner.to_string()),
        ("Usage", usage.to_string()),
        ("InterfaceSide", side.to_string()),
        ("InterfaceNumber", "1".to_string()),
        ("Port", number.to_string()),
        ("Protocol", protocol.to_string()),
        ("UrlPath", "/".to_string()),
        ("AuthorizesRequests", authorizes.to_string()),
    ];
    a.extend(extra.iter().cloned());
    format!("<Port{} />", attrs(&a))
}

/// A Mediation listening port (range) toward peers. A range of more than
/// one port carries `Range` (inferred from the media ports' use of it).
fn sip_client_port(range: PortRange, protocol: &str) -> String {
    let extra = if range.is_range() {
        vec![(
            "Range",
            (u32::from(range.last - range.first) + 1).to_string(),
        )]
    } else {
        Vec::new()
    };
    port(
        "urn:component:Mediation",
        "SipClient",
        "Pstn",
        range.first,
        protocol,
        false,
        &extra,
    )
}

/// A service's dependency (if any), where it is installed, and the
/// opening of its ports (in the ServiceRoles namespace).
fn placement(x: &mut Xml, depends_on: Option<String>, installed_on: String) {
    if let Some(id) = depends_on {
        x.line(3, "<DependsOn>");
        x.line(4, "<Dependency Usage=\"Default\">");
        x.line(5, &id);
        x.line(4, "</Dependency>");
        x.line(3, "</DependsOn>");
    }
    x.line(3, "<InstalledOn>");
    x.line(4, &installed_on);
    x.line(3, "</InstalledOn>");
    x.line(3, &format!("<Ports xmlns=\"{NS_ROLES}\">"));
}

fn services(x: &mut Xml, m: &Model, layout: &Layout) {
    let version = service_version(m.deployment.product);
    x.line(1, "<Services>");
    for (id, p) in m.pools.iter() {
        let (Some(instance), Some(mediation)) = (layout.mediation_instances[id], &p.mediation)
        else {
            continue;
        };
        let site = layout.site(p.site);
        x.line(
            2,
            &format!(
                "<Service{}>",
                attrs(&[
                    ("RoleVersion", "1".into()),
                    ("ServiceVersion", version.into())
                ])
            ),
        );
        x.line(3, &service_id(site, "MediationServer", instance));
        // Next hop: the pool's own Registrar when collocated.
        let next_hop: Option<PoolId> = if mediation.collocated {
            Some(id)
        } else {
            p.next_hop.map(|r| r.id)
        };
        let registrar = next_hop
            .filter(|h| layout.registrar_instances[*h].is_some())
            .map(|hop| {
                service_id(
                    layout.site(m.pools.get(hop).site),
                    "Registrar",
                    layout.registrar_instances[hop].unwrap_or(1),
                )
            });
        placement(
            x,
            registrar,
            cluster_id(site, layout.pool_clusters[id].unwrap_or(0)),
        );
        x.line(
            4,
            &port(
                "urn:component:Mediation",
                "SipServer",
                "Primary",
                5070,
                "Mtls",
                true,
                &[("GruuType", "MediationServer".into())],
            ),
        );
        x.line(4, &sip_client_port(mediation.tls_range(), "Tls"));
        x.line(
            4,
            &port(
                "urn:component:MediaComp",
                "AudioCommunication",
                "Primary",
                49152,
                "TcpOrUdp",
                false,
                &[("Range", "8348".into())],
            ),
        );
        if let Some(tcp) = mediation.tcp_range() {
            x.line(4, &sip_client_port(tcp, "Tcp"));
        }
        x.line(3, "</Ports>");
        x.line(2, "</Service>");
    }
    // Trunks in id order; a gateway's root trunk first (see Layout::new).
    let mut trunks: Vec<(u32, TrunkId)> = m
        .trunks
        .ids()
        .filter_map(|t| layout.trunk_instances[t].map(|i| (i, t)))
        .collect();
    trunks.sort_by_key(|(i, t)| (m.gateways.get(m.trunks.get(*t).gateway.id).site, *i));
    for (instance, t) in trunks {
        gateway_service(x, m, layout, t, instance, version);
    }
    x.line(1, "</Services>");
}

fn gateway_service(
    x: &mut Xml,
    m: &Model,
    layout: &Layout,
    t: TrunkId,
    instance: u32,
    version: &str,
) {
    let trunk = m.trunks.get(t);
    let gid: GatewayId = trunk.gateway.id;
    let g = m.gateways.get(gid);
    let site = layout.site(g.site);
    if !trunk.root {
        x.comment(
            2,
            &format!(
                "additional trunk {}: layout inferred, never seen in a real document; \
                 the trunk name is written as the port's ConfiguredFqdn",
                trunk.name.text
            ),
        );
    }
    x.line(
        2,
        &format!(
            "<Service{}>",
            attrs(&[
                ("RoleVersion", "1".into()),
                ("ServiceVersion", version.into()),
                (
                    "Type",
                    "Microsoft.Rtc.Management.Deploy.Internal.ServiceRoles.PstnGatewayService"
                        .into()
                )
            ])
        ),
    );
    x.line(3, &service_id(site, "PstnGateway", instance));
    let pool = trunk.mediation.id;
    placement(
        x,
        Some(service_id(
            layout.site(m.pools.get(pool).site),
            "MediationServer",
            layout.mediation_instances[pool].unwrap_or(1),
        )),
        cluster_id(site, layout.gateway_clusters[gid].unwrap_or(0)),
    );
    x.line(
        4,
        &port(
            "urn:component:GatewayComp",
            "SipClient",
            "Pstn",
            trunk.peer_port.value,
            protocol(trunk.transport),
            false,
            // A root trunk's port carries its gateway's FQDN (the real
            // export); an additional trunk's, in the inferred layout, its name.
            &[(
                "ConfiguredFqdn",
                if trunk.root {
                    g.name.text.clone()
                } else {
                    trunk.name.text.clone()
                },
            )],
        ),
    );
    x.line(3, "</Ports>");
    x.line(
        3,
        &format!(
            "<PstnGatewayService{} xmlns=\"{NS_ROLES}\" />",
            attrs(&[
                (
                    "AlternativeBypassId",
                    stable_guid("alternative-bypass-id", &trunk.name.text)
                ),
                (
                    "MediationServerPort",
                    trunk.mediation_port.value.to_string()
                ),
                (
                    "Default",
                    trunk.default.as_ref().is_some_and(|d| d.value).to_string()
                )
            ])
        ),
    );
    x.line(2, "</Service>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_invalid_characters() {
        assert_eq!(escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&apos;");
        assert_eq!(escape("x\ny\u{1}"), "x&#10;y&#xFFFD;");
        assert_eq!(escape("Z\u{fc}rich \u{1F4DE}"), "Z&#xFC;rich &#x1F4DE;");
    }

    #[test]
    fn comments_never_contain_a_double_hyphen() {
        for text in ["a--b", "a---b", "trunk-", "--"] {
            let c = comment(text);
            assert!(!c.contains("--") && !c.ends_with('-'), "{text:?} -> {c:?}");
        }
    }
}
