//! Calls entering Lync on a trunk (LYNC-TRUNKS 4.2–4.3, LANGUAGE.md
//! section 5): where they can leave, and whether a number can come back.
//!
//! A call enters on trunk `T` from its peer carrying a number the peer
//! sends (its `sends`, any number without one; never a number it declares
//! it owns). `T`'s `dial-plan trunk:T` normalizes it, reverse number lookup
//! may end it, and `T`'s configuration's usages choose the route. Each
//! trunk `E` of the route translates the number and hands it to its peer,
//! which terminates it if it owns it (every number, without `owns`), else
//! passes it back into Lync on any of its trunks when `sends` carries it.
//!
//! Findings: a PSTN-facing ingress peer whose calls can leave on a trunk
//! to a PSTN-facing peer is a PSTN reflection (W01); otherwise a call that
//! can leave on the trunk it came in on is a self-hairpin (W02), on another
//! trunk to the same peer a peer-hairpin (W03). A loop (W04) is a cycle of
//! such hops through peers that pass the number back, on which some number
//! comes back to the first trunk unchanged: it would circulate forever.
//! Cycles are searched as elementary cycles of the trunk graph, each once.

use std::collections::HashSet;
use std::sync::Arc;

use super::routes::Winners;

/// The route and usage of one entry of an ordered list.
#[derive(Clone, Copy)]
struct Won {
    route: RouteId,
    usage: UsageId,
}
use super::sets::{Cx, Piece};
use super::{Analysis, Hop, Witness};
use crate::diagnostics::Label;
use crate::dialset::Set;
use crate::dialset::map::Map;
use crate::model::{DialPlanScope, GatewayId, IdVec, RouteId, TrunkConfigId, TrunkId, UsageId};
use crate::simulate::{AtPeer, Call, Origin, Outcome};
use crate::source::Span;

/// What kind of hop a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HopKind {
    /// W01: from a PSTN-facing peer to a PSTN-facing peer.
    Reflection,
    /// W02: back out on the ingress trunk.
    SelfHairpin,
    /// W03: back out on another trunk to the ingress peer.
    PeerHairpin,
}

/// A hop of one of the kinds above, with a witness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterTrunk {
    /// Which kind.
    pub kind: HopKind,
    /// The hop.
    pub hop: Hop,
    /// The usage as the ingress trunk's configuration lists it.
    pub usage_span: Span,
    /// A number entering on the ingress trunk that takes the hop.
    pub witness: Witness,
}

/// A cycle some number goes round unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loop {
    /// The hops, the first starting at the lowest trunk of the cycle; each
    /// hop's egress peer passes the number back on the next hop's ingress.
    pub hops: Vec<Hop>,
    /// A number that comes back to the first trunk as it entered.
    pub witness: Witness,
}

/// What the analysis knows about a peer's numbers.
struct Peer {
    /// Numbers its calls into Lync can carry; `None` when undecided.
    sends: Option<Arc<Set>>,
    /// Numbers it passes back when Lync delivers them (empty without
    /// `owns`: it owns everything); `None` when undecided.
    passback: Option<Arc<Set>>,
}

/// An edge of the trunk graph: calls entering on `hop.ingress` that leave
/// on `hop.egress` and come back on any trunk of its peer.
struct Edge {
    hop: Hop,
    /// The route's name, where an undecided cycle through it is reported.
    span: Span,
    to: Vec<TrunkId>,
    /// `(numbers entering on the ingress trunk, the number as it comes back)`.
    pieces: Vec<(Arc<Set>, Map)>,
}

const AFFECTS: &str = "where calls entering on this trunk can go";

pub(crate) fn analyse(cx: &mut Cx<'_, '_>, out: &mut Analysis, winners: &mut Winners) {
    let m = cx.model;
    let peers: IdVec<GatewayId, Peer> = m.gateways.ids().map(|g| peer(cx, g)).collect();
    let mut trunks_of: IdVec<GatewayId, Vec<TrunkId>> = IdVec::filled(m.gateways.len(), Vec::new());
    for (t, trunk) in m.trunks.iter() {
        trunks_of[trunk.gateway.id].push(t);
    }
    // Each trunk's egress rules as pieces, computed on first use (`None`
    // when they are outside the analysis).
    let egress_pieces: IdVec<TrunkId, std::cell::OnceCell<Option<Vec<Piece>>>> =
        (0..m.trunks.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
    let mut edges: IdVec<TrunkId, Vec<Edge>> = (0..m.trunks.len()).map(|_| Vec::new()).collect();
    // Reported once per (collection, usage, kind); hairpins per route too
    // until loops are known (a hairpin on a loop is reported as the loop).
    let mut reported: HashSet<(Option<TrunkConfigId>, UsageId, HopKind, Option<RouteId>)> =
        HashSet::new();
    'trunks: for (t, trunk) in m.trunks.iter() {
        let eff = cx.in_effect.trunk(t);
        if eff.usages.is_empty() {
            continue;
        }
        let config = eff.config;
        let usages = eff.usages.clone();
        let g = trunk.gateway.id;
        let Some(sends) = peers[g].sends.clone() else {
            continue;
        };
        let norm = match cx.compiled.dial_plan_at(&DialPlanScope::Trunk(t)) {
            Some(p) => match plan_pieces(cx, p) {
                Some(p) => p,
                None => continue,
            },
            None => vec![Piece {
                domain: Arc::new(Set::all()),
                map: Ok(Map::identity()),
            }],
        };
        // Normalization pieces a call from this peer can take.
        let norm: Vec<Piece> = norm
            .into_iter()
            // Undecided is "may meet": the pieces are followed, and what
            // cannot be computed on them is recorded there.
            .filter(|p| p.domain.disjoint(&sends) != Ok(true))
            .collect();
        if let Some((span, why)) = norm.iter().find_map(|p| p.map.clone().err()) {
            cx.undecided(span, why);
            continue;
        }
        let list = winners.of(cx, &usages);
        let decided = match &list.blocked {
            Some((b, blocked)) => {
                blocked.record(
                    cx,
                    &format!("where calls entering on trunk `{}` can go", trunk.name.text),
                );
                *b
            }
            None => list.entries.len(),
        };
        for i in 0..decided {
            let w = Won {
                route: list.entries[i].route,
                usage: list.entries[i].usage,
            };
            let route = m.routes.get(w.route);
            if !cx.tick(route.pattern.span) {
                // What was found stays; the rest is undecided (noted).
                break 'trunks;
            }
            let mut egress: Vec<TrunkId> = route.trunks.iter().map(|r| r.id).collect();
            egress.sort();
            egress.dedup();
            // The numbers entering on `t` that this route takes, on demand.
            let mut entry: Option<Option<Set>> = None;
            for &e in &egress {
                let hop = Hop {
                    ingress: t,
                    usage: w.usage,
                    route: w.route,
                    egress: e,
                };
                let ge = m.trunks.get(e).gateway.id;
                let kind = if m.gateways.get(g).faces_pstn() && m.gateways.get(ge).faces_pstn() {
                    Some(HopKind::Reflection)
                } else if e == t {
                    Some(HopKind::SelfHairpin)
                } else if ge == g {
                    Some(HopKind::PeerHairpin)
                } else {
                    None
                };
                if let Some(kind) = kind
                    && !reported.contains(&key(config, w, kind))
                {
                    let entry = entry.get_or_insert_with(|| {
                        let won = list.won(i).ok()?;
                        preimage(&norm, &won).and_then(|s| s.and(&sends).ok())
                    });
                    match entry.as_ref().map(|s| s.shortest()) {
                        None => cx.too_large(route.pattern.span, AFFECTS),
                        Some(None) => {}
                        Some(Some(number)) => {
                            if let Some(f) = inter_trunk(cx, out, kind, hop, number) {
                                reported.insert(key(config, w, kind));
                                out.inter_trunk.push(f);
                            }
                        }
                    }
                }
                // Edges of the loop search: the peer must pass numbers back.
                let Some(passback) = peers[ge].passback.clone() else {
                    continue;
                };
                if passback.is_empty() {
                    continue;
                }
                let pieces = egress_pieces[e].get_or_init(|| egress_of(cx, e)).clone();
                let Some(pieces) = pieces else { continue };
                let mut edge = Edge {
                    hop,
                    span: route.name.span,
                    to: trunks_of[ge].clone(),
                    pieces: Vec::new(),
                };
                let Ok(won) = list.won(i) else {
                    cx.too_large(route.pattern.span, AFFECTS);
                    continue;
                };
                for gp in &pieces {
                    let gmap = match &gp.map {
                        Ok(map) => map,
                        Err((span, why)) => {
                            if won.disjoint(&gp.domain) != Ok(true) {
                                cx.undecided(*span, why.clone());
                            }
                            continue;
                        }
                    };
                    let Ok(target) = won
                        .and(&gp.domain)
                        .and_then(|s| s.and(&gmap.preimage(&passback)?))
                    else {
                        cx.too_large(route.pattern.span, AFFECTS);
                        continue;
                    };
                    if target.is_empty() {
                        continue;
                    }
                    for np in &norm {
                        let Ok(nmap) = &np.map else { continue };
                        let Ok(domain) = nmap.preimage(&target).and_then(|s| s.and(&np.domain))
                        else {
                            cx.too_large(route.pattern.span, AFFECTS);
                            continue;
                        };
                        if domain.is_empty() {
                            continue;
                        }
                        match nmap.then(gmap) {
                            Some(map) => edge.pieces.push((Arc::new(domain), map)),
                            None => cx.undecided(
                                route.name.span,
                                format!(
                                    "topoc cannot follow numbers through route `{}`: the dial plan of trunk `{}` and the translation of trunk `{}` together change the number in a way topoc does not compute",
                                    route.name.text,
                                    trunk.name.text,
                                    m.trunks.get(e).name.text
                                ),
                            ),
                        }
                    }
                }
                if !edge.pieces.is_empty() {
                    edges[t].push(edge);
                }
            }
        }
    }
    cycles(cx, out, edges.as_slice());
    // A hairpin that is a hop of a loop is reported as the loop; then one
    // finding per (collection, usage, kind).
    let loops = &out.loops;
    let in_loop = |h: &Hop| {
        loops.iter().any(|l| {
            l.hops
                .iter()
                .any(|x| (x.ingress, x.route, x.egress) == (h.ingress, h.route, h.egress))
        })
    };
    let mut once: HashSet<(Option<TrunkConfigId>, UsageId, HopKind)> = HashSet::new();
    out.inter_trunk.retain(|f| {
        (f.kind == HopKind::Reflection || !in_loop(&f.hop))
            && once.insert((
                cx.in_effect.trunk(f.hop.ingress).config,
                f.hop.usage,
                f.kind,
            ))
    });
}

/// The key a finding is reported once per: its collection, usage and kind,
/// and for hairpins the route.
fn key(
    config: Option<TrunkConfigId>,
    w: Won,
    kind: HopKind,
) -> (Option<TrunkConfigId>, UsageId, HopKind, Option<RouteId>) {
    let route = (kind != HopKind::Reflection).then_some(w.route);
    (config, w.usage, kind, route)
}

/// The pieces of a trunk's dial plan, its external access prefix included:
/// with `optimize-device-dialing on`, a number starting with the prefix
/// loses it before the rules run (as the simulator does).
fn plan_pieces(cx: &mut Cx<'_, '_>, plan: crate::model::DialPlanId) -> Option<Vec<Piece>> {
    let p = cx.model.dial_plans.get(plan);
    let compiled = cx.compiled.dial_plan(plan).to_vec();
    let pieces = cx.pieces(&p.rules, &compiled, AFFECTS)?;
    let optimize = p.optimize_device_dialing.as_ref().is_some_and(|o| o.value);
    let (true, Some(prefix)) = (optimize, &p.external_access_prefix) else {
        return Some(pieces);
    };
    let text = prefix.text.clone();
    let span = prefix.span;
    let strip = Map::Splice {
        front: text.len(),
        back: 0,
        prefix: String::new(),
        suffix: String::new(),
    };
    let Ok(with) = Set::all().wrap(&text, "") else {
        cx.too_large(span, AFFECTS);
        return None;
    };
    let mut out = Vec::new();
    for piece in pieces {
        let after_prefix = piece.domain.wrap(&text, "");
        let without = piece.domain.minus(&with);
        let (Ok(after_prefix), Ok(without)) = (after_prefix, without) else {
            cx.too_large(span, AFFECTS);
            return None;
        };
        let stripped = match &piece.map {
            Ok(map) => strip.then(map).ok_or((
                span,
                "topoc cannot follow numbers through the external access prefix and this dial plan's rules"
                    .to_string(),
            )),
            Err(e) => Err(e.clone()),
        };
        for (domain, map) in [(after_prefix, stripped), (without, piece.map)] {
            if !domain.is_empty() {
                out.push(Piece {
                    domain: Arc::new(domain),
                    map,
                });
            }
        }
    }
    Some(out)
}

/// The numbers, before normalization, whose normalized form is in `set`.
fn preimage(norm: &[Piece], set: &Set) -> Option<Set> {
    let mut out = Set::empty();
    for p in norm {
        let Ok(map) = &p.map else { continue };
        let pre = map.preimage(set).ok()?.and(&p.domain).ok()?;
        out = out.or(&pre).ok()?;
    }
    Some(out)
}

fn peer(cx: &mut Cx<'_, '_>, g: GatewayId) -> Peer {
    let m = cx.model;
    let gw = m.gateways.get(g);
    let union = |cx: &mut Cx<'_, '_>, list: &[crate::model::Pattern], compiled: Vec<_>| {
        let mut out = Set::empty();
        for (p, re) in list.iter().zip(compiled) {
            let re: Option<Arc<crate::netregex::Regex>> = re;
            let Some(re) = re else { continue };
            let s = cx.set(
                &re,
                p,
                "which numbers this peer sends into Lync or passes back",
            )?;
            out = match out.or(&s) {
                Ok(u) => u,
                Err(_) => {
                    cx.too_large(
                        p.span,
                        "which numbers this peer sends into Lync or passes back",
                    );
                    return None;
                }
            };
        }
        Some(out)
    };
    let sends = if gw.sends.is_empty() {
        Some(Set::all())
    } else {
        union(cx, &gw.sends, cx.compiled.sends(g).to_vec())
    };
    let owns = if gw.owns.is_empty() {
        None
    } else {
        match union(cx, &gw.owns, cx.compiled.owns(g).to_vec()) {
            Some(o) => Some(o),
            None => {
                return Peer {
                    sends: None,
                    passback: None,
                };
            }
        }
    };
    let sends_not_owned = match (&sends, &owns) {
        (Some(s), Some(o)) => {
            let d = s.minus(o).ok();
            if d.is_none() {
                cx.too_large(
                    gw.name.span,
                    "which numbers this peer sends into Lync or passes back",
                );
            }
            d
        }
        (s, None) => s.clone(),
        (None, Some(_)) => None,
    };
    Peer {
        passback: match owns {
            Some(_) => sends_not_owned.clone().map(Arc::new),
            None => Some(Arc::new(Set::empty())),
        },
        sends: sends_not_owned.map(Arc::new),
    }
}

/// The pieces of what trunk `e` does to a called number: its called-number
/// rules, then `remove-plus`.
fn egress_of(cx: &mut Cx<'_, '_>, e: TrunkId) -> Option<Vec<Piece>> {
    let eff = cx.in_effect.trunk(e);
    let rules = eff.called_number.clone();
    let remove_plus = eff.remove_plus;
    let pieces = match eff.config {
        Some(c) => {
            let compiled = cx.compiled.called(c).to_vec();
            cx.pieces(&rules, &compiled, AFFECTS)?
        }
        None => vec![Piece {
            domain: Arc::new(Set::all()),
            map: Ok(Map::identity()),
        }],
    };
    if !remove_plus {
        return Some(pieces);
    }
    let plus = Set::all().wrap("+", "").ok()?;
    let strip = Map::Splice {
        front: 1,
        back: 0,
        prefix: String::new(),
        suffix: String::new(),
    };
    let mut out = Vec::new();
    for p in pieces {
        let Ok(map) = &p.map else {
            out.push(p);
            continue;
        };
        for (dom, then) in [
            (plus.clone(), strip.clone()),
            (plus.complement(), Map::identity()),
        ] {
            let Ok(domain) = map.preimage(&dom).and_then(|d| d.and(&p.domain)) else {
                cx.too_large(cx.model.trunks.get(e).name.span, AFFECTS);
                return None;
            };
            if domain.is_empty() {
                continue;
            }
            out.push(Piece {
                domain: Arc::new(domain),
                map: map.then(&then).ok_or((
                    cx.model.trunks.get(e).name.span,
                    "topoc cannot follow numbers through remove-plus after this trunk's rules"
                        .to_string(),
                )),
            });
        }
    }
    Some(out)
}

/// Replays a W01–W03 witness and builds its finding.
fn inter_trunk(
    cx: &mut Cx<'_, '_>,
    out: &mut Analysis,
    kind: HopKind,
    hop: Hop,
    number: String,
) -> Option<InterTrunk> {
    let m = cx.model;
    let g = m.trunks.get(hop.ingress).gateway.id;
    let replayed = replay_hop(cx, out, hop, &number)?;
    let sends = peer_answer(cx, g, &number, cx.sim.peer_sends(g, &number))?;
    if !sends {
        out.disagree(
            m.trunks.get(hop.ingress).name.span,
            format!(
                "`{}` can send '{number}' by the analysis, but the simulator disagrees",
                m.gateways.get(g).name.text
            ),
        );
        return None;
    }
    let (normalized, sent) = replayed;
    let usage_span = usage_span(cx, hop);
    let mut path = vec![enters(cx, hop.ingress, &number)];
    path.extend(leaves(cx, hop, &normalized, &sent, usage_span));
    Some(InterTrunk {
        kind,
        hop,
        usage_span,
        witness: Witness { number, path },
    })
}

/// Simulates a call for `number` entering on the hop's ingress trunk; when
/// the simulator takes the hop's route and egress trunk (as the analysis
/// says it must), the normalized number and the number as sent. A pattern
/// the simulator cannot evaluate on the way makes the finding undecided.
fn replay_hop(
    cx: &mut Cx<'_, '_>,
    out: &mut Analysis,
    hop: Hop,
    number: &str,
) -> Option<(String, String)> {
    let m = cx.model;
    let trace = cx.sim.simulate(&Call {
        origin: Origin::Trunk(hop.ingress),
        dialled: number.to_string(),
        calling: None,
    });
    let sent = trace
        .egress
        .iter()
        .find(|e| e.id == hop.egress)
        .map(|e| e.called.clone());
    let route = m.routes.get(hop.route);
    if let Some(why) = trace.undecided {
        cx.undecided(
            route.name.span,
            format!(
                "topoc cannot replay '{number}' entering on trunk `{}` through the call simulator ({why}), so it does not report what it found there",
                m.trunks.get(hop.ingress).name.text
            ),
        );
        return None;
    }
    match (trace.outcome, trace.route.as_ref().map(|r| r.id), sent) {
        (Outcome::Routed, Some(r), Some(sent)) if r == hop.route => Some((trace.normalized, sent)),
        _ => {
            out.disagree(
                route.name.span,
                format!(
                    "'{number}' entering on trunk `{}` leaves by route `{}` on trunk `{}` by the analysis, but the simulator disagrees",
                    m.trunks.get(hop.ingress).name.text,
                    route.name.text,
                    m.trunks.get(hop.egress).name.text
                ),
            );
            None
        }
    }
}

/// What the simulator says about a peer and a number, or `None` after
/// recording that its `owns` or `sends` cannot be evaluated on it.
fn peer_answer<T>(
    cx: &mut Cx<'_, '_>,
    g: GatewayId,
    number: &str,
    answer: Result<T, crate::netregex::Undecided>,
) -> Option<T> {
    answer
        .map_err(|u| {
            let gw = cx.model.gateways.get(g);
            cx.undecided(
                gw.name.span,
                format!(
                    "topoc cannot evaluate the `owns` and `sends` of `{}` on '{number}': {}",
                    gw.name.text,
                    u.reason()
                ),
            );
        })
        .ok()
}

/// Where the ingress trunk's configuration lists the hop's usage.
fn usage_span(cx: &Cx<'_, '_>, hop: Hop) -> Span {
    let m = cx.model;
    cx.in_effect
        .trunk(hop.ingress)
        .config
        .and_then(|c| m.trunk_configs.get(c).settings.usages.as_ref())
        .and_then(|u| u.value.iter().find(|r| r.id == hop.usage).map(|r| r.span))
        .unwrap_or(m.trunks.get(hop.ingress).name.span)
}

fn enters(cx: &Cx<'_, '_>, t: TrunkId, number: &str) -> Label {
    let m = cx.model;
    let trunk = m.trunks.get(t);
    Label {
        span: trunk.name.span,
        text: format!(
            "'{number}' enters on trunk `{}` from `{}`",
            trunk.name.text,
            m.gateways.get(trunk.gateway.id).name.text
        ),
    }
}

fn leaves(cx: &Cx<'_, '_>, hop: Hop, normalized: &str, sent: &str, usage_span: Span) -> Vec<Label> {
    let m = cx.model;
    let route = m.routes.get(hop.route);
    let egress = m.trunks.get(hop.egress);
    vec![
        Label {
            span: usage_span,
            text: format!(
                "its trunk configuration's usage `{}` routes '{normalized}'",
                m.usages.get(hop.usage).name.text
            ),
        },
        Label {
            span: route.name.span,
            text: format!("by route `{}`", route.name.text),
        },
        Label {
            span: egress.name.span,
            text: format!(
                "out on trunk `{}` to `{}` as '{sent}'",
                egress.name.text,
                m.gateways.get(egress.gateway.id).name.text
            ),
        },
    ]
}

/// The elementary cycles of the trunk graph on which some number comes
/// back unchanged, each reported once with its shortest such number.
fn cycles(cx: &mut Cx<'_, '_>, out: &mut Analysis, edges: &[Vec<Edge>]) {
    let mut search = Search {
        edges,
        budget: SEARCH_BUDGET,
        path: Vec::new(),
        on_path: vec![false; edges.len()],
        found: HashSet::new(),
        loops: Vec::new(),
        undecided: Vec::new(),
        exhausted: false,
    };
    for (s, out_edges) in edges.iter().enumerate() {
        if out_edges.is_empty() {
            continue;
        }
        search.on_path[s] = true;
        search.walk(s, s, &Set::all(), &Map::identity());
        search.on_path[s] = false;
        if search.exhausted {
            let t = TrunkId(s as u32);
            cx.undecided(
                cx.model.trunks.get(t).name.span,
                format!(
                    "topoc stopped looking for routing loops after {SEARCH_BUDGET} steps, at trunk `{}`: loops through it and through the trunks after it (in name order) are undecided",
                    cx.model.trunks.get(t).name.text
                ),
            );
            break;
        }
    }
    for (span, why) in std::mem::take(&mut search.undecided) {
        cx.undecided(span, why);
    }
    for (hops, number) in std::mem::take(&mut search.loops) {
        if let Some(l) = replay_loop(cx, out, hops, number) {
            out.loops.push(l);
        }
    }
}

/// Steps the loop search may take before it gives up (issue 8's limits).
const SEARCH_BUDGET: usize = 1_000_000;

struct Search<'e> {
    edges: &'e [Vec<Edge>],
    budget: usize,
    path: Vec<Hop>,
    on_path: Vec<bool>,
    found: HashSet<Vec<TrunkId>>,
    loops: Vec<(Vec<Hop>, String)>,
    undecided: Vec<(Span, String)>,
    exhausted: bool,
}

impl Search<'_> {
    fn walk(&mut self, start: usize, at: usize, domain: &Set, map: &Map) {
        for edge in &self.edges[at] {
            for &to in &edge.to {
                let to_i = to.0 as usize;
                if to_i < start || (to_i != start && self.on_path[to_i]) {
                    continue;
                }
                for (pd, pm) in &edge.pieces {
                    if self.budget == 0 {
                        self.exhausted = true;
                        return;
                    }
                    self.budget -= 1;
                    let Ok(Ok(dom)) = map.preimage(pd).map(|p| p.and(domain)) else {
                        self.undecided.push((
                            edge.span,
                            format!(
                                "topoc cannot follow numbers round the routing cycles through this route: {}",
                                super::sets::budget_reason()
                            ),
                        ));
                        continue;
                    };
                    if dom.is_empty() {
                        continue;
                    }
                    let Some(next) = map.then(pm) else {
                        self.undecided.push((
                            edge.span,
                            "topoc cannot follow numbers round the routing cycles through this route: the translations on the way change the number in a way topoc does not compute".into(),
                        ));
                        continue;
                    };
                    self.path.push(edge.hop);
                    if to_i == start {
                        let key: Vec<TrunkId> = self.path.iter().map(|h| h.ingress).collect();
                        if !self.found.contains(&key) {
                            match next.fixed_points() {
                                Some(fixed) => {
                                    if let Some(n) = fixed.and(&dom).ok().and_then(|s| s.shortest())
                                    {
                                        self.found.insert(key);
                                        self.loops.push((self.path.clone(), n));
                                    }
                                }
                                None => self.undecided.push((
                                    edge.span,
                                    "topoc cannot decide whether numbers come back unchanged on this routing cycle: its translations shift digits within the number".into(),
                                )),
                            }
                        }
                    } else {
                        self.on_path[to_i] = true;
                        self.walk(start, to_i, &dom, &next);
                        self.on_path[to_i] = false;
                    }
                    self.path.pop();
                    if self.exhausted {
                        return;
                    }
                }
            }
        }
    }
}

/// Replays a loop hop by hop through the simulator and builds its finding.
fn replay_loop(
    cx: &mut Cx<'_, '_>,
    out: &mut Analysis,
    hops: Vec<Hop>,
    number: String,
) -> Option<Loop> {
    let m = cx.model;
    let mut path = Vec::new();
    let mut n = number.clone();
    for (i, hop) in hops.iter().enumerate() {
        let next = hops[(i + 1) % hops.len()].ingress;
        let (normalized, sent) = replay_hop(cx, out, *hop, &n)?;
        let ge = m.trunks.get(hop.egress).gateway.id;
        if m.trunks.get(next).gateway.id != ge {
            out.disagree(
                m.trunks.get(next).name.span,
                format!(
                    "trunk `{}` is not a trunk to `{}`",
                    m.trunks.get(next).name.text,
                    m.gateways.get(ge).name.text
                ),
            );
            return None;
        }
        let at_peer = peer_answer(cx, ge, &sent, cx.sim.at_peer(ge, &sent))?;
        if at_peer != AtPeer::PassesBack {
            out.disagree(
                m.gateways.get(ge).name.span,
                format!(
                    "peer `{}` passes '{sent}' back by the analysis, but the simulator disagrees",
                    m.gateways.get(ge).name.text
                ),
            );
            return None;
        }
        let usage_span = usage_span(cx, *hop);
        path.push(enters(cx, hop.ingress, &n));
        path.extend(leaves(cx, *hop, &normalized, &sent, usage_span));
        let gw = m.gateways.get(ge);
        path.push(Label {
            span: gw.sends.first().map_or(gw.name.span, |p| p.span),
            text: format!(
                "`{}` does not own '{sent}' and sends it back on trunk `{}`",
                gw.name.text,
                m.trunks.get(next).name.text
            ),
        });
        n = sent;
    }
    if n != number {
        out.disagree(m.routes.get(hops[0].route).name.span, format!(
            "'{number}' comes back unchanged by the analysis, but the simulator brings back '{n}'"
        ));
        return None;
    }
    path.push(enters(cx, hops[0].ingress, &n));
    Some(Loop {
        hops,
        witness: Witness { number, path },
    })
}
