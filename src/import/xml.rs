//! Reading the two flavours of topology document (TOPOLOGY-XML.md 1.1,
//! 1.2) into one [`Topology`]. Elements are matched by local name: the
//! documents switch default namespaces from element to element.

use super::{Cluster, Port, Service, Site, Topology};

/// The document as text: UTF-16 (little or big endian, by its byte-order
/// mark, as PowerShell's `>` writes it) or UTF-8 (with or without one).
pub(super) fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |units: Vec<u16>| {
        String::from_utf16(&units).map_err(|_| "the document is not valid UTF-16".to_string())
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        ),
        [0xFE, 0xFF, rest @ ..] => utf16(
            rest.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect(),
        ),
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest)
            .map(str::to_string)
            .map_err(|e| format!("the document is not valid UTF-8: {e}")),
        _ => std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| format!("the document is not valid UTF-8: {e}")),
    }
}

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

fn children<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(n, name).next()
}

fn attr(n: Node<'_, '_>, name: &str) -> String {
    n.attribute(name).unwrap_or_default().to_string()
}

/// Reads either flavour.
pub(super) fn read(text: &str) -> Result<Topology, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("not an XML document: {e}"))?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "Topology" => Ok(published(root)),
        "TopologyBuilder" => {
            let partial = root
                .descendants()
                .find(|n| n.is_element() && n.tag_name().name() == "PartialTopology")
                .ok_or("a Topology Builder file without a PartialTopology")?;
            Ok(builder(partial))
        }
        other => Err(format!(
            "the root element is `{other}`, not a topology (`Topology` from Get-CsTopology -AsXml, or `TopologyBuilder` from a .tbxml file)"
        )),
    }
}

/// `SiteId`/`Number` of a `ClusterId`.
fn cluster_key(n: Node<'_, '_>) -> String {
    format!("{}/{}", attr(n, "SiteId"), attr(n, "Number"))
}

/// `SiteId`/`RoleName`/`Instance` of a `ServiceId`.
fn service_key(n: Node<'_, '_>) -> String {
    format!(
        "{}/{}/{}",
        attr(n, "SiteId"),
        attr(n, "RoleName"),
        attr(n, "Instance")
    )
}

fn ports(service: Node<'_, '_>) -> Vec<Port> {
    child(service, "Ports")
        .into_iter()
        .flat_map(|p| children(p, "Port"))
        .filter_map(|p| {
            Some(Port {
                owner: attr(p, "Owner"),
                usage: attr(p, "Usage"),
                side: attr(p, "InterfaceSide"),
                port: attr(p, "Port").parse().ok()?,
                range: attr(p, "Range").parse().unwrap_or(1),
                protocol: attr(p, "Protocol"),
            })
        })
        .collect()
}

fn gateway(service: Node<'_, '_>) -> Option<(u16, bool)> {
    let g = child(service, "PstnGatewayService")?;
    Some((
        attr(g, "MediationServerPort").parse().ok()?,
        attr(g, "Default").eq_ignore_ascii_case("true"),
    ))
}

/// The `Dependency` elements of a service.
fn dependencies<'a, 'i>(service: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    child(service, "DependsOn")
        .into_iter()
        .flat_map(|d| children(d, "Dependency"))
}

/// A service with its ports and gateway element.
fn service(
    s: Node<'_, '_>,
    key: String,
    role: String,
    cluster: String,
    depends_on: Vec<String>,
) -> Service {
    Service {
        key,
        role,
        cluster,
        depends_on,
        ports: ports(s),
        gateway: gateway(s),
    }
}

/// A cluster with its FQDN and machines.
fn cluster(c: Node<'_, '_>, key: String, site: String) -> Cluster {
    let fqdn = attr(c, "Fqdn");
    Cluster {
        key,
        site,
        machines: machines(c, &fqdn),
        fqdn,
    }
}

fn machines(cluster: Node<'_, '_>, fqdn: &str) -> Vec<String> {
    let list: Vec<String> = cluster
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "Machine")
        .filter_map(|m| m.attribute("Fqdn").map(str::to_string))
        .collect();
    if list.is_empty() {
        vec![fqdn.to_string()]
    } else {
        list
    }
}

/// A published document: sites, clusters and services side by side,
/// cross-referenced by value.
fn published(root: Node<'_, '_>) -> Topology {
    let mut t = Topology::default();
    if let Some(sites) = child(root, "Sites") {
        for s in sites.children().filter(|n| n.is_element()) {
            let central = match s.tag_name().name() {
                "CentralSite" => None,
                "BranchSite" | "RemoteSite" => child(s, "CentralSite")
                    .and_then(|c| c.attribute("SiteId"))
                    .map(str::to_string)
                    .or_else(|| s.attribute("CentralSiteId").map(str::to_string)),
                _ => continue,
            };
            t.sites.push(Site {
                key: attr(s, "SiteId"),
                name: child(s, "Name")
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .to_string(),
                central,
            });
        }
    }
    for c in child(root, "Clusters")
        .into_iter()
        .flat_map(|c| children(c, "Cluster"))
    {
        let Some(id) = child(c, "ClusterId") else {
            continue;
        };
        t.clusters
            .push(cluster(c, cluster_key(id), attr(id, "SiteId")));
    }
    for s in child(root, "Services")
        .into_iter()
        .flat_map(|s| children(s, "Service"))
    {
        let (Some(id), Some(on)) = (
            child(s, "ServiceId"),
            child(s, "InstalledOn").and_then(|i| child(i, "ClusterId")),
        ) else {
            continue;
        };
        let depends_on = dependencies(s)
            .filter_map(|d| child(d, "ServiceId"))
            .map(service_key)
            .collect();
        t.services.push(service(
            s,
            service_key(id),
            attr(id, "RoleName"),
            cluster_key(on),
            depends_on,
        ));
    }
    t
}

/// A Topology Builder file: sites hold their clusters, services name
/// clusters and each other by GUID.
fn builder(partial: Node<'_, '_>) -> Topology {
    let mut t = Topology::default();
    let sites = partial.descendants().filter(|n| {
        n.is_element()
            && matches!(
                n.tag_name().name(),
                "CentralSite" | "RemoteSite" | "BranchSite"
            )
    });
    for s in sites {
        let key = attr(s, "SiteId");
        let central = (s.tag_name().name() != "CentralSite")
            .then(|| {
                s.ancestors()
                    .find(|a| a.is_element() && a.tag_name().name() == "CentralSite")
                    .map(|a| attr(a, "SiteId"))
            })
            .flatten();
        t.sites.push(Site {
            key: key.clone(),
            name: child(s, "Name")
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_string(),
            central,
        });
        // Its own clusters (a central site's, not its branch sites').
        for c in child(s, "Clusters")
            .into_iter()
            .flat_map(|c| children(c, "Cluster"))
        {
            t.clusters
                .push(cluster(c, attr(c, "UniqueId"), key.clone()));
        }
    }
    let services = partial.descendants().filter(|n| {
        n.is_element() && n.tag_name().name() == "Service" && n.attribute("UniqueId").is_some()
    });
    for s in services {
        let depends_on = dependencies(s)
            .map(|d| attr(d, "ServiceUniqueId"))
            .collect();
        t.services.push(service(
            s,
            attr(s, "UniqueId"),
            attr(s, "RoleName"),
            attr(s, "InstalledOn"),
            depends_on,
        ));
    }
    t
}
