//! The typed model of a topology: every object of LANGUAGE.md with its
//! references resolved to ids.
//!
//! [`lower`](lower::lower) builds it from the syntax trees and reports every
//! name and value error (T01xx); it returns a model only when there are none,
//! so later stages never see a dangling reference. Objects live in
//! [`Arena`]s indexed by id newtypes, in name order (scoped objects in scope
//! order), so ids and iteration order do not depend on how a project is
//! split into files or in what order things are declared. Settings
//! keep the span of the statement that set them, for diagnostics; the serde
//! form skips spans.
//!
//! This file holds the arenas, ids and shared value types, and the
//! [`Model`]; the object types are in `topology`, `trunk_config`, `voice`,
//! `network` and `call_tests` (all re-exported here). The topology graph
//! (pools, peers, trunks, routes) is in [`graph`]; its petgraph types stay
//! there.

pub mod effective;
pub mod graph;
pub mod identity;
pub mod lower;
mod number_range;
pub mod queries;
pub mod values;

mod call_tests;
mod network;
mod topology;
mod trunk_config;
mod voice;

use std::marker::PhantomData;
use std::net::{IpAddr, Ipv4Addr};

use serde::Serialize;

use crate::diagnostics::Code;
use crate::source::Span;

pub use call_tests::*;
pub use effective::{Effective, InEffect, TrunkSettings};
pub use lower::lower;
pub use network::*;
pub use number_range::NumberRange;
pub use topology::*;
pub use trunk_config::*;
pub use voice::*;

/// A vector of objects addressed by an id newtype.
#[derive(Clone, Debug)]
pub struct Arena<I, T> {
    items: Vec<T>,
    _id: PhantomData<I>,
}

impl<I, T> Default for Arena<I, T> {
    fn default() -> Self {
        Arena {
            items: Vec::new(),
            _id: PhantomData,
        }
    }
}

/// Objects in the order of their written `priority` (lower first), those
/// without one after them, ties and the rest by id (name order): how
/// deploy.ps1 numbers routes and unassigned number ranges.
pub fn by_priority<'a, I: Ord + Copy>(
    items: impl Iterator<Item = (I, &'a Option<Setting<i32>>)>,
) -> Vec<I> {
    let mut order: Vec<(Option<i32>, I)> = items
        .map(|(id, p)| (p.as_ref().map(|p| p.value), id))
        .collect();
    order.sort_by_key(|(p, id)| (p.is_none(), *p, *id));
    order.into_iter().map(|(_, id)| id).collect()
}

/// A side table: one value per object of an arena, addressed by the
/// object's id (`table[id]`), so that no caller indexes by a raw number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    _id: PhantomData<I>,
}

impl<I, T> Default for IdVec<I, T> {
    /// No values.
    fn default() -> IdVec<I, T> {
        IdVec {
            items: Vec::new(),
            _id: PhantomData,
        }
    }
}

impl<I: Id, T> IdVec<I, T> {
    /// `len` copies of `value`.
    pub fn filled(len: usize, value: T) -> IdVec<I, T>
    where
        T: Clone,
    {
        IdVec {
            items: vec![value; len],
            _id: PhantomData,
        }
    }

    /// The values for ids 0, 1, 2, ... in order.
    pub fn from_vec(items: Vec<T>) -> IdVec<I, T> {
        IdVec {
            items,
            _id: PhantomData,
        }
    }

    /// Values with their ids, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (I, &T)> + '_ {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The values by dense index, for algorithms that order ids as numbers
    /// (the cycle search of the routing analysis).
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IdVec::from_vec(iter.into_iter().collect())
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<I: Id, T> std::ops::Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> std::ops::IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

/// Ids are dense `u32` indexes.
pub trait Id: Copy {
    /// The id of the `index`th object.
    fn from_index(index: usize) -> Self;
    /// The index of this id.
    fn index(self) -> usize;
}

impl<I: Id, T> Arena<I, T> {
    /// Adds an object and returns its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    /// The object with this id.
    pub fn get(&self, id: I) -> &T {
        &self.items[id.index()]
    }

    /// The object with this id, mutably.
    pub fn get_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }

    /// Objects with their ids, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (I, &T)> + '_ {
        self.items
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }

    /// All ids, in order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts the objects by a key, renumbering them; returns, for each old
    /// id's index, the new id, so references can be remapped.
    pub(crate) fn sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) -> Vec<I> {
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by_key(|&i| key(&self.items[i]));
        let mut new = vec![I::from_index(0); self.items.len()];
        for (rank, &old) in order.iter().enumerate() {
            new[old] = I::from_index(rank);
        }
        let mut slots: Vec<Option<T>> = self.items.drain(..).map(Some).collect();
        self.items = order
            .into_iter()
            .filter_map(|old| slots[old].take())
            .collect();
        new
    }
}

impl<I, T: Serialize> Serialize for Arena<I, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl Id for $name {
            fn from_index(index: usize) -> Self {
                $name(index as u32)
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A Topology Builder site (central or branch).
    SiteId;
    /// A Front End or stand-alone Mediation pool.
    PoolId;
    /// A PSTN peer: gateway, IP-PBX or ITSP SBC.
    GatewayId;
    /// A trunk, root or additional.
    TrunkId;
    /// A PSTN usage.
    UsageId;
    /// A trunk configuration collection.
    TrunkConfigId;
    /// A voice route.
    RouteId;
    /// A range of the unassigned number table.
    UnassignedId;
    /// A voice policy.
    VoicePolicyId;
    /// A dial plan.
    DialPlanId;
    /// A network region.
    RegionId;
    /// A network site.
    NetworkSiteId;
    /// A bandwidth policy profile.
    BandwidthProfileId;
    /// An inter-site policy.
    InterSiteId;
    /// A link between network regions.
    RegionLinkId;
    /// A golden call test.
    TestId;
}

/// A declared name and where it is declared.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Ident {
    /// The name as written (unquoted, unescaped).
    pub text: String,
    /// The name's token.
    #[serde(skip)]
    pub span: Span,
}

/// A value with the span of the statement that set it.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// The statement.
    #[serde(skip)]
    pub span: Span,
}

/// A resolved reference and where it is written.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(transparent)]
pub struct Ref<I> {
    /// The object referred to.
    pub id: I,
    /// The reference's token.
    #[serde(skip)]
    pub span: Span,
}

/// A single-quoted pattern, translation or dial string, exactly as written
/// (with `''` read as `'`).
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Pattern {
    /// The text between the quotes.
    pub text: String,
    /// The token, quotes included.
    #[serde(skip)]
    pub span: Span,
}

impl Pattern {
    /// The span of `len` bytes at byte `offset` of the text, inside the
    /// token: the quote and every doubled `''` before it accounted for.
    pub fn sub_span(&self, offset: usize, len: usize) -> Span {
        let offset = offset.min(self.text.len());
        let end = (offset + len).min(self.text.len());
        if !self.text.is_char_boundary(offset) || !self.text.is_char_boundary(end) {
            return self.span;
        }
        let quotes_before = self.text[..offset].matches('\'').count();
        let quotes_inside = self.text[offset..end].matches('\'').count();
        let start = self.span.start + 1 + (offset + quotes_before) as u32;
        Span {
            file: self.span.file,
            start,
            end: start + (end - offset + quotes_inside) as u32,
        }
    }
}

/// An accepted warning: `allow NAME "reason"`. It concerns the declaration
/// (or block) it is written in, and accepts that warning for everything
/// inside it.
#[derive(Clone, Debug, Serialize)]
pub struct Allow {
    /// The warning accepted.
    #[serde(serialize_with = "serialize_code")]
    pub code: Code,
    /// Why it is accepted.
    pub reason: String,
    /// The `allow` statement.
    #[serde(skip)]
    pub span: Span,
    /// The statement whose block holds the `allow`: what it covers.
    #[serde(skip)]
    pub scope: Span,
}

fn serialize_code<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.info().name)
}

/// An inclusive port range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PortRange {
    /// First port.
    pub first: u16,
    /// Last port (equal to `first` for one port).
    pub last: u16,
}

impl PortRange {
    /// Whether `port` lies in the range.
    pub fn contains(self, port: u16) -> bool {
        (self.first..=self.last).contains(&port)
    }

    /// Whether it holds more than one port.
    pub fn is_range(self) -> bool {
        self.last > self.first
    }

    /// Whether two ranges share a port.
    pub fn overlaps(self, other: PortRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

/// An IPv4 subnet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Subnet {
    /// The address as written (the network address for configured subnets).
    pub address: Ipv4Addr,
    /// Mask length, 1–32.
    pub bits: u8,
}

impl Subnet {
    /// The network address: `address` with the host bits cleared.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.address) & self.mask())
    }

    /// The mask as a 32-bit value.
    pub fn mask(self) -> u32 {
        if self.bits == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.bits))
        }
    }

    /// Whether `ip` lies in the subnet.
    pub fn contains(self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & self.mask() == u32::from(self.network())
    }
}

impl std::fmt::Display for Subnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.bits)
    }
}

// ----------------------------------------------------------------- model ---

/// A whole topology with every reference resolved.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    /// `deployment`.
    pub deployment: Deployment,
    /// Topology Builder sites.
    pub sites: Arena<SiteId, Site>,
    /// Front End and Mediation pools.
    pub pools: Arena<PoolId, Pool>,
    /// Edge pools.
    pub edge_pools: Vec<EdgePool>,
    /// PSTN peers.
    pub gateways: Arena<GatewayId, Gateway>,
    /// Trunks.
    pub trunks: Arena<TrunkId, Trunk>,
    /// PSTN usages, in declaration order.
    pub usages: Arena<UsageId, Usage>,
    /// Patterns of Lync users' numbers.
    pub lync_numbers: Vec<Pattern>,
    /// Trunk configuration collections.
    pub trunk_configs: Arena<TrunkConfigId, TrunkConfig>,
    /// Voice routes.
    pub routes: Arena<RouteId, Route>,
    /// Ranges of the unassigned number table.
    pub unassigned: Arena<UnassignedId, UnassignedRange>,
    /// Voice policies.
    pub voice_policies: Arena<VoicePolicyId, VoicePolicy>,
    /// Dial plans.
    pub dial_plans: Arena<DialPlanId, DialPlan>,
    /// Network configuration.
    pub network: Network,
    /// Golden call tests.
    pub tests: Arena<TestId, CallTest>,
    /// Every `allow`, in source order.
    pub allows: Vec<Allow>,
}

impl Model {
    /// A trunk configuration's scope as Lync spells it: `global`,
    /// `site:Redmond`, `trunk:pbx-2`.
    pub fn config_scope_text(&self, config: TrunkConfigId) -> String {
        match self.trunk_configs.get(config).scope {
            ConfigScope::Global => "global".to_string(),
            ConfigScope::Site(s) => format!("site:{}", self.sites.get(s).name.text),
            ConfigScope::Trunk(t) => format!("trunk:{}", self.trunks.get(t).name.text),
        }
    }

    /// The ranges of the unassigned number table in the order Lync applies
    /// them to a number in several: by `priority` (lower first), ranges
    /// without one after, by name. deploy.ps1 states every range's
    /// priority, so this is also the deployed order.
    pub fn unassigned_in_order(&self) -> Vec<UnassignedId> {
        by_priority(self.unassigned.iter().map(|(id, u)| (id, &u.priority)))
    }

    /// The trunk configuration that applies to a trunk: its own, else its
    /// site's, else global (LANGUAGE.md section 4). `None` means no
    /// collection is declared for it at all, so every setting has Lync's
    /// default (the global collection always exists in Lync).
    pub fn trunk_config_of(&self, trunk: TrunkId) -> Option<TrunkConfigId> {
        let site = self.trunks.get(trunk).site;
        let find = |scope: ConfigScope| {
            self.trunk_configs
                .iter()
                .find(|(_, c)| c.scope == scope)
                .map(|(id, _)| id)
        };
        find(ConfigScope::Trunk(trunk))
            .or_else(|| find(ConfigScope::Site(site)))
            .or_else(|| find(ConfigScope::Global))
    }

    /// [`trunk_config_of`](Model::trunk_config_of) for every trunk, by
    /// trunk id, indexing the collections by scope once.
    pub fn trunk_configs_in_effect(&self) -> IdVec<TrunkId, Option<TrunkConfigId>> {
        let mut global = None;
        let mut by_site = IdVec::<SiteId, _>::filled(self.sites.len(), None);
        let mut by_trunk = IdVec::<TrunkId, _>::filled(self.trunks.len(), None);
        for (id, c) in self.trunk_configs.iter() {
            match c.scope {
                ConfigScope::Global => global = Some(id),
                ConfigScope::Site(s) => by_site[s] = Some(id),
                ConfigScope::Trunk(t) => by_trunk[t] = Some(id),
            }
        }
        self.trunks
            .iter()
            .map(|(id, t)| by_trunk[id].or(by_site[t.site]).or(global))
            .collect()
    }
}
