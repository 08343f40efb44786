//! The topology as a graph: Mediation and Front End pools, peers, trunks and
//! routes as nodes; trunk–pool, trunk–peer, route→trunk edges, and usage
//! edges from a trunk to the routes its trunk configuration's usages reach
//! (inter-trunk routing, LYNC-TRUNKS 4.2).
//!
//! petgraph stays inside this module: callers ask in terms of ids and get
//! answers in id order, so every consumer's output is deterministic.

use std::fmt::Write as _;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{GatewayId, IdVec, Model, PoolId, RouteId, TrunkId, UsageId};

/// A node of the topology graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A pool (Front End or Mediation).
    Pool(PoolId),
    /// A PSTN peer.
    Peer(GatewayId),
    /// A trunk.
    Trunk(TrunkId),
    /// A voice route.
    Route(RouteId),
}

/// An edge of the topology graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// Trunk → its Mediation pool.
    TrunkPool,
    /// Trunk → its peer.
    TrunkPeer,
    /// Route → one of its trunks.
    RouteTrunk,
    /// Trunk → a route that calls entering on the trunk can take, through
    /// this usage of the trunk's configuration.
    Usage(UsageId),
}

/// The topology graph of a model.
#[derive(Clone, Debug)]
pub struct TopologyGraph {
    graph: DiGraph<Node, Edge>,
    /// Each peer's node, by gateway id.
    peers: IdVec<GatewayId, NodeIndex>,
}

impl TopologyGraph {
    /// Builds the graph of a model.
    pub fn build(model: &Model) -> TopologyGraph {
        let mut graph = DiGraph::with_capacity(
            model.pools.len() + model.gateways.len() + model.trunks.len() + model.routes.len(),
            model.trunks.len() * 2 + model.routes.len() * 2,
        );
        let pools: IdVec<PoolId, _> = model
            .pools
            .ids()
            .map(|id| graph.add_node(Node::Pool(id)))
            .collect();
        let peers: IdVec<GatewayId, _> = model
            .gateways
            .ids()
            .map(|id| graph.add_node(Node::Peer(id)))
            .collect();
        let trunks: IdVec<TrunkId, _> = model
            .trunks
            .ids()
            .map(|id| graph.add_node(Node::Trunk(id)))
            .collect();
        let routes: IdVec<RouteId, _> = model
            .routes
            .ids()
            .map(|id| graph.add_node(Node::Route(id)))
            .collect();
        for (id, trunk) in model.trunks.iter() {
            let t = trunks[id];
            graph.add_edge(t, pools[trunk.mediation.id], Edge::TrunkPool);
            graph.add_edge(t, peers[trunk.gateway.id], Edge::TrunkPeer);
        }
        // Routes by usage, to connect trunks through their usages.
        let mut routes_by_usage: IdVec<UsageId, Vec<RouteId>> =
            IdVec::filled(model.usages.len(), Vec::new());
        for (id, route) in model.routes.iter() {
            let r = routes[id];
            for trunk in &route.trunks {
                graph.add_edge(r, trunks[trunk.id], Edge::RouteTrunk);
            }
            for usage in &route.usages {
                routes_by_usage[usage.id].push(id);
            }
        }
        for (trunk, config) in model.trunks.ids().zip(model.trunk_configs_in_effect()) {
            let Some(config) = config else {
                continue;
            };
            let Some(usages) = &model.trunk_configs.get(config).settings.usages else {
                continue;
            };
            for usage in &usages.value {
                for route in &routes_by_usage[usage.id] {
                    graph.add_edge(trunks[trunk], routes[*route], Edge::Usage(usage.id));
                }
            }
        }
        TopologyGraph { graph, peers }
    }

    fn neighbours(&self, node: NodeIndex, dir: Direction, want: Edge) -> Vec<Node> {
        let mut out: Vec<Node> = self
            .graph
            .edges_directed(node, dir)
            .filter(|e| *e.weight() == want)
            .map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                self.graph[other]
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The trunks to a peer, in id order.
    pub fn trunks_of_peer(&self, peer: GatewayId) -> Vec<TrunkId> {
        trunk_ids(self.neighbours(self.peers[peer], Direction::Incoming, Edge::TrunkPeer))
    }

    /// Nodes and (deduplicated) edges, in id order.
    fn sorted(&self) -> (Vec<Node>, Vec<(Node, Node, Edge)>) {
        let mut nodes: Vec<Node> = self.graph.node_weights().copied().collect();
        nodes.sort_unstable();
        let mut edges: Vec<(Node, Node, Edge)> = self
            .graph
            .edge_references()
            .map(|e| (self.graph[e.source()], self.graph[e.target()], *e.weight()))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        (nodes, edges)
    }

    /// The graph in Graphviz DOT, nodes and edges in id order.
    pub fn to_dot(&self, model: &Model) -> String {
        let (nodes, edges) = self.sorted();
        let mut out = String::from("digraph topology {\n  rankdir=LR;\n");
        for n in &nodes {
            let shape = match n {
                Node::Pool(_) => "box",
                Node::Peer(_) => "ellipse",
                Node::Trunk(_) => "hexagon",
                Node::Route(_) => "note",
            };
            let _ = writeln!(
                out,
                "  {} [shape={shape}, label={}];",
                node_id(*n),
                dot_quote(&node_name(model, *n))
            );
        }
        for (a, b, e) in edges {
            let attrs = match e {
                Edge::TrunkPool => "[label=\"mediation\"]".to_string(),
                Edge::TrunkPeer => "[label=\"peer\"]".to_string(),
                Edge::RouteTrunk => "[label=\"trunk\"]".to_string(),
                Edge::Usage(u) => format!(
                    "[style=dashed, label={}]",
                    dot_quote(&model.usages.get(u).name.text)
                ),
            };
            let _ = writeln!(out, "  {} -> {} {attrs};", node_id(a), node_id(b));
        }
        out.push_str("}\n");
        out
    }

    /// The graph as a Mermaid flowchart (it renders in pull-request
    /// descriptions): pools as boxes, peers as stadiums, trunks as
    /// hexagons, routes as flags; inter-trunk routing edges dotted and
    /// labelled with their usage. Nodes and edges in id order.
    pub fn to_mermaid(&self, model: &Model) -> String {
        let (nodes, edges) = self.sorted();
        let mut out = String::from("flowchart LR\n");
        for n in &nodes {
            let label = mermaid_quote(&node_name(model, *n));
            let shape = match n {
                Node::Pool(_) => format!("[{label}]"),
                Node::Peer(_) => format!("([{label}])"),
                Node::Trunk(_) => format!("{{{{{label}}}}}"),
                Node::Route(_) => format!(">{label}]"),
            };
            let _ = writeln!(out, "  {}{shape}", node_id(*n));
        }
        for (a, b, e) in edges {
            let arrow = match e {
                Edge::TrunkPool => "-- mediation -->".to_string(),
                Edge::TrunkPeer => "-- peer -->".to_string(),
                Edge::RouteTrunk => "-- trunk -->".to_string(),
                Edge::Usage(u) => {
                    format!("-. {} .->", mermaid_quote(&model.usages.get(u).name.text))
                }
            };
            let _ = writeln!(out, "  {} {arrow} {}", node_id(a), node_id(b));
        }
        out
    }
}

fn trunk_ids(nodes: Vec<Node>) -> Vec<TrunkId> {
    nodes
        .into_iter()
        .filter_map(|n| match n {
            Node::Trunk(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// A node's identifier in DOT and Mermaid.
fn node_id(n: Node) -> String {
    match n {
        Node::Pool(id) => format!("pool{}", id.0),
        Node::Peer(id) => format!("peer{}", id.0),
        Node::Trunk(id) => format!("trunk{}", id.0),
        Node::Route(id) => format!("route{}", id.0),
    }
}

/// A node's name in the model.
fn node_name(model: &Model, n: Node) -> String {
    match n {
        Node::Pool(id) => model.pools.get(id).name.text.clone(),
        Node::Peer(id) => model.gateways.get(id).name.text.clone(),
        Node::Trunk(id) => model.trunks.get(id).name.text.clone(),
        Node::Route(id) => model.routes.get(id).name.text.clone(),
    }
}

/// A Mermaid quoted label: quotes and markup as entity codes, line breaks
/// as spaces.
fn mermaid_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
