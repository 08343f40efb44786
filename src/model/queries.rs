//! Questions about a model that Lync itself cannot answer in one place:
//! everything that refers to a PSTN usage (the reverse index behind
//! `topoc show usage`).

use std::collections::HashSet;

use super::{CallForwarding, Model, RouteId, TrunkConfigId, TrunkId, UsageId, VoicePolicyId};

/// Where a usage appears in a voice policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyList {
    /// Its ordered `usages`.
    Usages,
    /// Its custom call-forwarding and simultaneous-ring usages.
    CallForwarding,
}

/// A usage's place in an ordered list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based position.
    pub index: usize,
    /// Length of the list.
    pub of: usize,
}

/// Everything that refers to one PSTN usage.
#[derive(Clone, Debug, Default)]
pub struct UsageReferences {
    /// Voice policies, with the list and the position.
    pub policies: Vec<(VoicePolicyId, PolicyList, Position)>,
    /// Trunk configurations (their usages after `from` copies), with the
    /// position and the trunks each applies to.
    pub trunk_configs: Vec<(TrunkConfigId, Position, Vec<TrunkId>)>,
    /// Routes that carry it.
    pub routes: Vec<RouteId>,
}

impl Model {
    /// The usages some originator (voice policy, its custom call-forwarding
    /// list, or a trunk configuration) carries.
    pub fn originated_usages(&self) -> HashSet<UsageId> {
        let mut set = HashSet::new();
        for (_, p) in self.voice_policies.iter() {
            set.extend(p.usages.iter().map(|u| u.id));
            if let Some(cf) = &p.call_forwarding
                && let CallForwarding::Custom(list) = &cf.value
            {
                set.extend(list.iter().map(|u| u.id));
            }
        }
        for (_, c) in self.trunk_configs.iter() {
            if let Some(u) = &c.settings.usages {
                set.extend(u.value.iter().map(|u| u.id));
            }
        }
        set
    }

    /// Every voice policy, trunk configuration and route that refers to `usage`.
    pub fn usage_references(&self, usage: UsageId) -> UsageReferences {
        let position = |list: &[super::Ref<UsageId>]| {
            list.iter().position(|u| u.id == usage).map(|i| Position {
                index: i + 1,
                of: list.len(),
            })
        };
        let mut refs = UsageReferences::default();
        for (id, p) in self.voice_policies.iter() {
            if let Some(pos) = position(&p.usages) {
                refs.policies.push((id, PolicyList::Usages, pos));
            }
            if let Some(cf) = &p.call_forwarding
                && let CallForwarding::Custom(list) = &cf.value
                && let Some(pos) = position(list)
            {
                refs.policies.push((id, PolicyList::CallForwarding, pos));
            }
        }
        let configs = self.trunk_configs_in_effect();
        for (id, c) in self.trunk_configs.iter() {
            let Some(u) = &c.settings.usages else {
                continue;
            };
            if let Some(pos) = position(&u.value) {
                let trunks = self
                    .trunks
                    .ids()
                    .filter(|t| configs[*t] == Some(id))
                    .collect();
                refs.trunk_configs.push((id, pos, trunks));
            }
        }
        refs.routes = self
            .routes
            .iter()
            .filter(|(_, r)| r.usages.iter().any(|u| u.id == usage))
            .map(|(id, _)| id)
            .collect();
        refs
    }
}
