//! Import: a running deployment's documents to `.topo` text.
//!
//! [`topology`] reads a topology document, published (`Get-CsTopology
//! -AsXml`, root `Topology`) or saved by Topology Builder (`.tbxml`, root
//! `TopologyBuilder`), in UTF-8 or UTF-16 with or without a byte-order
//! mark, and writes one `.topo` file per site: Front End pools with their
//! collocated Mediation Server, stand-alone Mediation pools with their next
//! hop, and PSTN gateways with their root trunks (docs/lync.md 2.2–2.4).
//! What the language does not express (Edge pools, SQL and file stores,
//! Office Web Apps, Registrar backups...) is left out and named in the
//! report; nothing is guessed: a gateway's `kind` is not in the document,
//! so it is written as `pstn-gateway` with a comment saying so, and the
//! report lists it.
//!
//! The text is not formatted here (the CLI formats and checks it); every
//! name is written bare when it can be and quoted otherwise, and a value
//! holding a character a `.topo` file may not hold is refused.

pub mod script;
pub mod snapshot;
mod xml;

use std::collections::{HashMap, HashSet};

use crate::lexical::is_unsafe_char;

/// What an import produced.
#[derive(Debug, Default)]
pub struct Imported {
    /// `(file name, .topo text)`, one per site.
    pub files: Vec<(String, String)>,
    /// Everything left out or assumed, one line each, for the import report.
    pub report: Vec<String>,
    /// The trunks written (a root trunk is named after its gateway), for
    /// what refers to them.
    pub trunks: Vec<String>,
    /// The sites written, by name.
    pub sites: Vec<String>,
}

/// A site as read.
#[derive(Debug)]
struct Site {
    key: String,
    name: String,
    /// The central site's key, for a branch site.
    central: Option<String>,
}

/// A cluster (pool, gateway or other server) as read.
#[derive(Debug)]
struct Cluster {
    key: String,
    site: String,
    fqdn: String,
    machines: Vec<String>,
}

/// A port of a service.
#[derive(Debug)]
struct Port {
    owner: String,
    usage: String,
    side: String,
    port: u16,
    /// How many ports from `port` (the `Range` attribute), at least 1.
    range: u16,
    protocol: String,
}

/// A service as read.
#[derive(Debug)]
struct Service {
    key: String,
    role: String,
    cluster: String,
    depends_on: Vec<String>,
    ports: Vec<Port>,
    /// `PstnGatewayService@MediationServerPort` and `@Default`.
    gateway: Option<(u16, bool)>,
}

/// The parts of a topology document topoc reads, with indexes by key (a
/// hostile document may hold many thousands of each).
#[derive(Debug, Default)]
struct Topology {
    sites: Vec<Site>,
    clusters: Vec<Cluster>,
    services: Vec<Service>,
    cluster_at: HashMap<String, usize>,
    service_at: HashMap<String, usize>,
    services_on: HashMap<String, Vec<usize>>,
    /// Statements to add to a gateway's block, by its FQDN without case
    /// (what a snapshot knows of a gateway: its `media-ip`).
    gateway_lines: HashMap<String, Vec<String>>,
}

/// Reads a topology document and writes its `.topo` files.
pub fn topology(bytes: &[u8]) -> Result<Imported, String> {
    topology_with(bytes, HashMap::new())
}

/// [`topology`], with statements added to gateways' blocks, by FQDN
/// without case (already `.topo` text).
fn topology_with(
    bytes: &[u8],
    gateway_lines: HashMap<String, Vec<String>>,
) -> Result<Imported, String> {
    let text = xml::decode(bytes)?;
    let mut t = xml::read(&text)?;
    t.gateway_lines = gateway_lines;
    t.index();
    write(&t)
}

/// A name as `.topo` text: bare when it can be, else quoted; refused when
/// it holds a character no `.topo` file may hold.
fn name(text: &str) -> Result<String, String> {
    if text.chars().any(is_unsafe_char) || text.contains(['\n', '\r']) {
        return Err(format!(
            "the name `{}` holds a control or formatting character; the document was not imported",
            crate::lexical::escape_unsafe(text)
        ));
    }
    if text.is_empty() {
        return Err("an empty name; the document was not imported".into());
    }
    Ok(crate::lexical::written_name(text))
}

/// The listening ports of one transport as the language writes them: one
/// port or one range (`5067`, `5067..5068`). Ports that do not join into
/// one range are kept from the lowest run, and the rest reported; a range
/// past port 65535 refuses the document.
fn ports(list: &[&Port], what: &str, report: &mut Vec<String>) -> Result<String, String> {
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for p in list {
        let end = u32::from(p.port) + u32::from(p.range.max(1)) - 1;
        if end > u32::from(u16::MAX) {
            return Err(format!("{what}: a port range runs past 65535"));
        }
        spans.push((u32::from(p.port), end));
    }
    spans.sort_unstable();
    let (lo, mut hi) = spans[0];
    let mut left_out = Vec::new();
    for &(a, b) in &spans[1..] {
        if a <= hi + 1 {
            hi = hi.max(b);
        } else {
            left_out.push(if a == b {
                a.to_string()
            } else {
                format!("{a}..{b}")
            });
        }
    }
    if !left_out.is_empty() {
        report.push(format!(
            "{what}: ports {} do not join the range {lo}..{hi} and were left out (the language takes one range per transport)",
            left_out.join(", ")
        ));
    }
    Ok(if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}..{hi}")
    })
}

impl Topology {
    /// Builds the indexes (the first of equal keys wins).
    fn index(&mut self) {
        for (i, c) in self.clusters.iter().enumerate() {
            self.cluster_at.entry(c.key.clone()).or_insert(i);
        }
        for (i, s) in self.services.iter().enumerate() {
            self.service_at.entry(s.key.clone()).or_insert(i);
            self.services_on
                .entry(s.cluster.clone())
                .or_default()
                .push(i);
        }
    }

    fn cluster(&self, key: &str) -> Option<&Cluster> {
        self.cluster_at.get(key).map(|&i| &self.clusters[i])
    }

    fn service(&self, key: &str) -> Option<&Service> {
        self.service_at.get(key).map(|&i| &self.services[i])
    }

    fn roles_on(&self, cluster: &str) -> impl Iterator<Item = &Service> {
        self.services_on
            .get(cluster)
            .into_iter()
            .flatten()
            .map(|&i| &self.services[i])
    }

    /// The FQDN of the cluster a service runs on.
    fn fqdn_of(&self, service: &str) -> Option<&str> {
        let s = self.service(service)?;
        Some(self.cluster(&s.cluster)?.fqdn.as_str())
    }

    /// The gateway-facing listening ports of a Mediation service, as
    /// `tls-ports`/`tcp-ports` statements.
    fn mediation_ports(
        &self,
        m: &Service,
        pool: &str,
        report: &mut Vec<String>,
    ) -> Result<Vec<String>, String> {
        let pstn: Vec<&Port> = m
            .ports
            .iter()
            .filter(|p| {
                p.owner == "urn:component:Mediation" && p.usage == "SipClient" && p.side == "Pstn"
            })
            .collect();
        let mut out = Vec::new();
        for (protocol, keyword) in [("Tls", "tls-ports"), ("Tcp", "tcp-ports")] {
            let these: Vec<&Port> = pstn
                .iter()
                .copied()
                .filter(|p| p.protocol == protocol)
                .collect();
            if !these.is_empty() {
                let what = format!("Mediation pool `{pool}` ({keyword})");
                out.push(format!("{keyword} {}", ports(&these, &what, report)?));
            }
        }
        Ok(out)
    }
}

/// The `.topo` files of a topology.
fn write(t: &Topology) -> Result<Imported, String> {
    let mut imported = Imported::default();
    let mut taken = HashSet::new();
    let mut by_site: HashMap<&str, Vec<&Cluster>> = HashMap::new();
    let site_name: HashMap<&str, &str> = t
        .sites
        .iter()
        .map(|s| (s.key.as_str(), s.name.as_str()))
        .collect();
    for c in &t.clusters {
        by_site.entry(c.site.as_str()).or_default().push(c);
    }
    for site in &t.sites {
        let mut text = String::new();
        let keyword = if site.central.is_some() {
            "branch-site"
        } else {
            "site"
        };
        text.push_str("# Imported by `topoc import` from a topology document.\n");
        text.push_str(&format!("{keyword} {} {{\n", name(&site.name)?));
        imported.sites.push(site.name.clone());
        if let Some(central) = &site.central {
            let c = site_name
                .get(central.as_str())
                .ok_or("a branch site's central site is missing")?;
            text.push_str(&format!("central-site {}\n", name(c)?));
        }
        for c in by_site.get(site.key.as_str()).into_iter().flatten() {
            if write_cluster(t, c, &mut text, &mut imported.report)? {
                imported.trunks.push(c.fqdn.clone());
            }
        }
        text.push_str("}\n");
        let stem = file_stem(&site.name);
        let mut file = format!("site-{stem}.topo");
        let mut n = 1;
        while !taken.insert(file.clone()) {
            n += 1;
            file = format!("site-{stem}-{n}.topo");
        }
        imported.files.push((file, text));
    }
    if imported.files.is_empty() {
        return Err("the document has no site".into());
    }
    Ok(imported)
}

/// What a cluster becomes: a Front End pool, a Mediation pool, a gateway,
/// or nothing (reported); true for a gateway.
fn write_cluster(
    t: &Topology,
    c: &Cluster,
    text: &mut String,
    report: &mut Vec<String>,
) -> Result<bool, String> {
    let roles: Vec<&Service> = t.roles_on(&c.key).collect();
    let has = |role: &str| roles.iter().find(|s| s.role == role).copied();
    let servers = || -> Result<String, String> {
        let list: Vec<String> = c
            .machines
            .iter()
            .map(|m| name(m))
            .collect::<Result<_, _>>()?;
        Ok(format!("servers [{}]", list.join(", ")))
    };
    if let Some(_registrar) = has("Registrar") {
        text.push_str(&format!(
            "frontend-pool {} {{\n{}\n",
            name(&c.fqdn)?,
            servers()?
        ));
        if let Some(m) = has("MediationServer") {
            let ports = t.mediation_ports(m, &c.fqdn, report)?;
            text.push_str(&format!(
                "mediation collocated {{ {} }}\n",
                ports.join("; ")
            ));
        }
        text.push_str("}\n");
        return Ok(false);
    }
    if let Some(m) = has("MediationServer") {
        text.push_str(&format!(
            "mediation-pool {} {{\n{}\n",
            name(&c.fqdn)?,
            servers()?
        ));
        let next_hop = m
            .depends_on
            .iter()
            .filter_map(|d| t.service(d))
            .find(|s| s.role == "Registrar")
            .and_then(|s| t.cluster(&s.cluster));
        if let Some(hop) = next_hop {
            text.push_str(&format!("next-hop {}\n", name(&hop.fqdn)?));
        }
        for p in t.mediation_ports(m, &c.fqdn, report)? {
            text.push_str(&p);
            text.push('\n');
        }
        text.push_str("}\n");
        let registrar_missing = m
            .depends_on
            .iter()
            .any(|d| t.service(d).is_none() && d.contains("/Registrar/"));
        report.push(if registrar_missing {
            format!(
                "`{}`: hosts a Mediation Server and no Registrar in this document, and its next hop is not in it either: imported as a stand-alone Mediation pool; if it is a Front End pool, write it as `frontend-pool` with `mediation collocated`",
                c.fqdn
            )
        } else {
            format!(
                "Mediation pool `{}`: stand-alone; check its DNS load balancing (`dns-load-balancing`), which the document does not say",
                c.fqdn
            )
        });
        return Ok(false);
    }
    if let Some(g) = has("PstnGateway") {
        write_gateway(t, c, g, text, report)?;
        return Ok(true);
    }
    let what: Vec<&str> = roles.iter().map(|s| s.role.as_str()).collect();
    report.push(format!(
        "`{}` ({}): not voice routing; left out",
        c.fqdn,
        if what.is_empty() {
            "no Lync service".to_string()
        } else {
            what.join(", ")
        }
    ));
    Ok(false)
}

fn write_gateway(
    t: &Topology,
    c: &Cluster,
    g: &Service,
    text: &mut String,
    report: &mut Vec<String>,
) -> Result<(), String> {
    let sip = g
        .ports
        .iter()
        .find(|p| p.owner == "urn:component:GatewayComp" && p.usage == "SipClient")
        .ok_or_else(|| format!("gateway `{}` has no SIP port", c.fqdn))?;
    let transport = match sip.protocol.as_str() {
        "Tls" => "tls",
        "Tcp" => "tcp",
        other => {
            return Err(format!(
                "gateway `{}`: SIP transport `{other}` is neither Tls nor Tcp",
                c.fqdn
            ));
        }
    };
    let mediation = g
        .depends_on
        .iter()
        .filter_map(|d| t.service(d))
        .find(|s| s.role == "MediationServer")
        .and_then(|s| t.fqdn_of(&s.key))
        .ok_or_else(|| format!("gateway `{}` depends on no Mediation Server", c.fqdn))?;
    let (mediation_port, default) = g
        .gateway
        .ok_or_else(|| format!("gateway `{}` has no PstnGatewayService element", c.fqdn))?;
    text.push_str(&format!(
        "gateway {} {{\nkind pstn-gateway # not in the topology document: change to ip-pbx or itsp where it is one\n",
        name(&c.fqdn)?
    ));
    for line in t
        .gateway_lines
        .get(&c.fqdn.to_lowercase())
        .into_iter()
        .flatten()
    {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!(
        "root-trunk {{\nport {} {transport}\nmediation {} port {mediation_port}\n{}}}\n}}\n",
        sip.port,
        name(mediation)?,
        if default { "default\n" } else { "" }
    ));
    report.push(format!(
        "gateway `{}`: its kind (PSTN gateway, IP-PBX or ITSP) is not in the document; written as `pstn-gateway`",
        c.fqdn
    ));
    Ok(())
}

/// A file name for a site: its name's letters, digits, `-` and `_`, the
/// rest as `_`.
fn file_stem(site: &str) -> String {
    let stem: String = site
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if stem.is_empty() { "site".into() } else { stem }
}
