//! Bypass IDs (LYNC-TRUNKS 5.2): the ID of every network site (always
//! mode's single ID, a manual ID, a constrained site's own ID, else its
//! region's), of unmapped subnets, and which IDs rest on assumption A09.

use super::*;

/// The bypass ID of every network site in `mode`.
pub(super) fn site_ids(model: &Model, mode: BypassMode) -> IdVec<NetworkSiteId, BypassId> {
    let net = &model.network;
    let constrained: IdVec<NetworkSiteId, bool> = net
        .sites
        .iter()
        .map(|(id, s)| {
            s.bandwidth.is_some()
                || net
                    .inter_sites
                    .iter()
                    .any(|(_, i)| i.a.id == id || i.b.id == id)
        })
        .collect();
    net.sites
        .iter()
        .map(|(id, s)| {
            if mode == BypassMode::Always {
                return BypassId::Always;
            }
            if let Some(manual) = &s.bypass_id {
                return BypassId::Manual(manual.value.to_lowercase());
            }
            if constrained[id] {
                return BypassId::Site(id);
            }
            match &net.regions.get(s.region).bypass_id {
                Some(manual) => BypassId::Manual(manual.value.to_lowercase()),
                None => BypassId::Region(s.region),
            }
        })
        .collect()
}

impl Bypass<'_> {
    /// The bypass ID of a network site.
    pub fn site_id(&self, site: NetworkSiteId) -> &BypassId {
        &self.site_ids[site]
    }

    /// The ID of subnets mapped to no site, if they get one.
    pub fn unmapped_id(&self) -> Option<BypassId> {
        match self.mode {
            BypassMode::Always => Some(BypassId::Always),
            _ if self
                .model
                .network
                .default_bypass_for_unmapped
                .as_ref()
                .is_some_and(|s| s.value) =>
            {
                Some(BypassId::Default)
            }
            _ => None,
        }
    }

    pub(super) fn id_name(&self, id: &BypassId) -> String {
        let net = &self.model.network;
        match id {
            BypassId::Always => "the single ID of always mode".into(),
            BypassId::Default => "the default ID for unmapped subnets".into(),
            BypassId::Region(r) => format!("region `{}`'s ID", net.regions.get(*r).name.text),
            BypassId::Site(s) => format!(
                "the own ID of constrained site `{}`",
                net.sites.get(*s).name.text
            ),
            BypassId::Manual(v) => format!("the manual ID `{v}`"),
        }
    }

    /// Whether a network site's own bypass ID rests only on its being an
    /// end of an inter-site policy (no bandwidth profile, no manual ID):
    /// assumption A09.
    pub fn id_from_policy_only(&self, site: NetworkSiteId) -> bool {
        let s = self.model.network.sites.get(site);
        self.site_id(site) == &BypassId::Site(site) && s.bandwidth.is_none()
    }

    /// Whether the decision for `client` and `trunk` compares a bypass ID
    /// that rests on assumption A09.
    pub fn rests_on_policy_ids(&self, client: Client, trunk: TrunkId) -> bool {
        if self.mode != BypassMode::SitesAndRegions {
            return false;
        }
        let peer = match self.place(self.model.trunks.get(trunk).gateway.id) {
            PeerPlace::Mapped { site, .. } => Some(*site),
            _ => None,
        };
        let client = match client {
            Client::Site(s) => Some(s),
            Client::Unmapped(_) => None,
        };
        [client, peer]
            .into_iter()
            .flatten()
            .any(|s| self.id_from_policy_only(s))
    }
}
