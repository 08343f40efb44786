//! The `network` block (docs/language.md 16) from the network
//! configuration and objects of a snapshot.

use std::collections::HashMap;

use super::{Kind, Obj, PROFILE_SETTINGS, Writer, comment, is_empty, name, strip, switch};
use crate::lexical::escape_unsafe;
use crate::snapshot::{Props, Snapshot, Value};

/// Properties of the global network configuration that list the network
/// objects again: the collections of the snapshot say the same.
const LISTS: &[&str] = &[
    "BWPolicyProfiles",
    "NetworkRegionLinks",
    "NetworkRegions",
    "InterRegionRoutes",
    "NetworkSites",
    "Subnets",
    "InterSitePolicies",
];

/// The identity of an object (its `Identity` text).
fn id(o: &Props) -> &str {
    o.get("Identity")
        .and_then(Value::as_text)
        .unwrap_or_default()
}

/// Whether `v` is a GUID, as a `bypass-id` must be.
fn is_guid(v: &str) -> bool {
    let groups: Vec<&str> = v.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

impl Writer {
    /// The `network` block, when the snapshot holds network settings or
    /// objects.
    pub(super) fn network(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        let mut body = String::new();
        for c in s.list("NetworkConfiguration") {
            self.configuration(c, &mut body)?;
        }
        for p in s.list("BandwidthPolicyProfiles") {
            let mut o = Obj::new(format!("bandwidth profile `{}`", escape_unsafe(id(p))), p);
            let mut block = String::new();
            for &setting in PROFILE_SETTINGS {
                self.setting(&mut o, setting, &mut block)?;
            }
            self.leftovers(&o, &mut block);
            body.push_str(&format!(
                "bandwidth-profile {} {{\n{block}}}\n",
                name(id(p))?
            ));
        }
        self.regions(s, &mut body)?;
        self.links(s, &mut body)?;
        if !body.is_empty() {
            out.push_str(&format!("network {{\n{body}}}\n"));
        }
        Ok(())
    }

    /// The global configuration: bypass settings and call admission
    /// control.
    fn configuration(&mut self, c: &Props, out: &mut String) -> Result<(), String> {
        let mut o = Obj::new(
            format!("network configuration `{}`", escape_unsafe(id(c))),
            c,
        );
        if !id(c).eq_ignore_ascii_case("global") {
            o.used.clear();
            self.leftovers(&o, out);
            return Ok(());
        }
        for list in LISTS {
            o.take(list);
        }
        if let Some(v) = o.take("EnableBandwidthPolicyCheck") {
            match switch(v) {
                Some(b) => out.push_str(&format!("call-admission-control {}\n", super::on_off(b))),
                None => o.keep("EnableBandwidthPolicyCheck"),
            }
        }
        match o.take("MediaBypassSettings") {
            Some(Value::Object(b)) => self.bypass(b, out),
            Some(_) => o.keep("MediaBypassSettings"),
            None => {}
        }
        self.leftovers(&o, out);
        Ok(())
    }

    /// `bypass-mode` and `default-bypass-for-unmapped` from the media
    /// bypass settings; the rest of the object (its bypass ID, external
    /// bypass) is kept by `deploy.ps1` as it is, and reported.
    fn bypass(&mut self, b: &Props, out: &mut String) {
        let mut o = Obj::new("the media bypass settings".into(), b);
        let enabled = o.take("Enabled").and_then(switch);
        let always = o.take("AlwaysBypass").and_then(switch);
        let internal = o.text("InternalBypassMode").map(str::to_ascii_lowercase);
        let mode = match (enabled, always) {
            (Some(false), _) => Some(("off", "off")),
            (Some(true), Some(true)) => Some(("always", "any")),
            (Some(true), Some(false)) => Some(("sites-and-regions", "any")),
            _ => None,
        };
        match mode {
            Some((mode, internal_mode)) => {
                out.push_str(&format!("bypass-mode {mode}\n"));
                if internal.as_deref().is_some_and(|i| i != internal_mode) {
                    o.keep("InternalBypassMode");
                }
            }
            None => {
                o.keep("Enabled");
                o.keep("AlwaysBypass");
                o.keep("InternalBypassMode");
            }
        }
        if let Some(v) = o.take("EnableDefaultBypassID") {
            match switch(v) {
                Some(true) => out.push_str("default-bypass-for-unmapped on\n"),
                Some(false) => {}
                None => o.keep("EnableDefaultBypassID"),
            }
        }
        self.leftovers(&o, out);
    }

    /// The end of a region's or network site's block: its description,
    /// its `bypass-id`, and what is left as comments.
    fn described_with_bypass_id(
        &mut self,
        o: &mut Obj<'_>,
        block: &mut String,
    ) -> Result<(), String> {
        self.setting(o, ("Description", "description", Kind::Text), block)?;
        Self::bypass_id(o, block)?;
        self.leftovers(o, block);
        Ok(())
    }

    /// `bypass-id` when the object has one.
    fn bypass_id(o: &mut Obj<'_>, out: &mut String) -> Result<(), String> {
        if let Some(g) = o.text("BypassID") {
            if is_guid(g) {
                out.push_str(&format!("bypass-id {}\n", name(g)?));
            } else {
                o.keep("BypassID");
            }
        }
        Ok(())
    }

    /// Regions with their network sites and the sites' subnets; a site or
    /// subnet with no region or site is reported.
    fn regions(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        let mut sites_of: HashMap<String, Vec<&Props>> = HashMap::new();
        for site in s.list("NetworkSites") {
            let region = site
                .get("NetworkRegionID")
                .and_then(Value::as_text)
                .unwrap_or_default()
                .to_lowercase();
            sites_of.entry(region).or_default().push(site);
        }
        let mut subnets_of: HashMap<String, Vec<&Props>> = HashMap::new();
        for n in s.list("NetworkSubnets") {
            let site = n
                .get("NetworkSiteID")
                .and_then(Value::as_text)
                .unwrap_or_default();
            let site = strip(site, "site:").unwrap_or(site).to_lowercase();
            subnets_of.entry(site).or_default().push(n);
        }
        for r in s.list("NetworkRegions") {
            let mut o = Obj::new(format!("network region `{}`", escape_unsafe(id(r))), r);
            let mut block = String::new();
            if let Some(c) = o.text("CentralSite") {
                let c = strip(c, "site:").unwrap_or(c);
                block.push_str(&format!("central-site {}\n", name(c)?));
            }
            self.described_with_bypass_id(&mut o, &mut block)?;
            for site in sites_of.remove(&id(r).to_lowercase()).unwrap_or_default() {
                self.site(site, &mut subnets_of, &mut block)?;
            }
            out.push_str(&format!("region {} {{\n{block}}}\n", name(id(r))?));
        }
        for site in sites_of.into_values().flatten() {
            let line = format!(
                "network site `{}`: its region is not in the snapshot; left out",
                id(site)
            );
            out.push_str(&comment(&line));
            self.report.push(escape_unsafe(&line).into_owned());
        }
        for n in subnets_of.into_values().flatten() {
            let line = format!(
                "network subnet `{}`: its network site is not in the snapshot; left out",
                id(n)
            );
            out.push_str(&comment(&line));
            self.report.push(escape_unsafe(&line).into_owned());
        }
        Ok(())
    }

    /// One `network-site` with its subnets.
    fn site(
        &mut self,
        site: &Props,
        subnets_of: &mut HashMap<String, Vec<&Props>>,
        out: &mut String,
    ) -> Result<(), String> {
        let mut o = Obj::new(format!("network site `{}`", escape_unsafe(id(site))), site);
        o.take("NetworkRegionID");
        let mut block = String::new();
        let mut subnets = Vec::new();
        for n in subnets_of
            .remove(&id(site).to_lowercase())
            .unwrap_or_default()
        {
            subnets.push(self.subnet(n, &mut block)?);
        }
        let subnets: Vec<String> = subnets.into_iter().flatten().collect();
        if !subnets.is_empty() {
            block.push_str(&format!("subnets [{}]\n", subnets.join(", ")));
        }
        if let Some(p) = o.text("BWPolicyProfileID") {
            block.push_str(&format!("bandwidth {}\n", name(p)?));
        }
        self.described_with_bypass_id(&mut o, &mut block)?;
        out.push_str(&format!("network-site {} {{\n{block}}}\n", name(id(site))?));
        Ok(())
    }

    /// A subnet as `ADDRESS/BITS`, or `None` (its properties kept as
    /// comments) when it is not an IPv4 subnet.
    fn subnet(&mut self, n: &Props, out: &mut String) -> Result<Option<String>, String> {
        let mut o = Obj::new(format!("network subnet `{}`", escape_unsafe(id(n))), n);
        o.take("NetworkSiteID");
        let address = o.text("SubnetID").unwrap_or(id(n));
        let bits = o.text("MaskBits").and_then(|b| b.trim().parse::<u8>().ok());
        let written = match (address.parse::<std::net::Ipv4Addr>(), bits) {
            (Ok(a), Some(b)) if (1..=32).contains(&b) => Some(format!("{a}/{b}")),
            _ => {
                o.used.clear();
                None
            }
        };
        self.leftovers(&o, out);
        Ok(written)
    }

    /// Region links, routes between regions and inter-site policies.
    fn links(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for l in s.list("RegionLinks") {
            let mut o = Obj::new(format!("region link `{}`", escape_unsafe(id(l))), l);
            let ends = (o.text("NetworkRegionID1"), o.text("NetworkRegionID2"));
            let profile = o.text("BWPolicyProfileID");
            let (Some(a), Some(b), Some(p)) = (ends.0, ends.1, profile) else {
                self.incomplete(&mut o, out);
                continue;
            };
            let mut block = format!("bandwidth {}\n", name(p)?);
            self.leftovers(&o, &mut block);
            out.push_str(&format!(
                "region-link {} {} {} {{\n{block}}}\n",
                name(id(l))?,
                name(a)?,
                name(b)?
            ));
        }
        for r in s.list("InterRegionRoutes") {
            let mut o = Obj::new(format!("inter-region route `{}`", escape_unsafe(id(r))), r);
            let ends = (o.text("NetworkRegionID1"), o.text("NetworkRegionID2"));
            let links = o.take("NetworkRegionLinkIDs").map(link_names);
            let (Some(a), Some(b), Some(Some(links))) = (ends.0, ends.1, links) else {
                self.incomplete(&mut o, out);
                continue;
            };
            let mut block = format!("links {}\n", super::names(&links)?);
            self.pair_identity(&o, a, b, &mut block);
            self.leftovers(&o, &mut block);
            out.push_str(&format!(
                "region-route {} {} {{\n{block}}}\n",
                name(a)?,
                name(b)?
            ));
        }
        for p in s.list("InterSitePolicies") {
            let mut o = Obj::new(format!("inter-site policy `{}`", escape_unsafe(id(p))), p);
            let ends = (o.text("NetworkSiteID1"), o.text("NetworkSiteID2"));
            let profile = o.text("BWPolicyProfileID");
            let (Some(a), Some(b), Some(bw)) = (ends.0, ends.1, profile) else {
                self.incomplete(&mut o, out);
                continue;
            };
            let mut block = format!("bandwidth {}\n", name(bw)?);
            self.pair_identity(&o, a, b, &mut block);
            self.leftovers(&o, &mut block);
            out.push_str(&format!(
                "inter-site {} {} {{\n{block}}}\n",
                name(a)?,
                name(b)?
            ));
        }
        Ok(())
    }

    /// An object lacking what its statement needs: every property kept
    /// as a comment, and reported.
    fn incomplete(&mut self, o: &mut Obj<'_>, out: &mut String) {
        let line = format!(
            "{}: incomplete (an end or its bandwidth is missing); left out",
            o.what
        );
        out.push_str(&comment(&line));
        self.report.push(line);
        o.used.clear();
        o.take("Identity");
        self.leftovers(o, out);
    }

    /// Reports an identity other than the `A_B` the language gives a pair.
    fn pair_identity(&mut self, o: &Obj<'_>, a: &str, b: &str, out: &mut String) {
        let identity = id(o.props);
        if !identity.eq_ignore_ascii_case(&format!("{a}_{b}")) {
            let line = format!(
                "{}: its identity is not `{a}_{b}`, the one `deploy.ps1` gives it; a deployment would create `{a}_{b}` beside it",
                o.what
            );
            out.push_str(&comment(&line));
            self.report.push(escape_unsafe(&line).into_owned());
        }
    }
}

/// The links of an inter-region route: a list, or text joined by commas.
fn link_names(v: &Value) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for item in v.items() {
        let t = item.as_text()?;
        out.extend(t.split(',').map(str::trim).filter(|t| !t.is_empty()));
    }
    (!out.is_empty() || is_empty(v)).then_some(out)
}
