//! Network regions, sites, subnets and bandwidth (LYNC-TRUNKS 2.11),
//! object by object.
//!
//! Each declared object is created when missing, then set; nothing the
//! project does not declare is touched (an A/V Edge /32 subnet, a site's
//! location policy, a site the project does not list stay as they are),
//! and nothing is removed. Bypass IDs stay stable: Lync assigns a region's
//! or site's ID when it is created (the documents strongly discourage
//! setting them by hand, and an unconstrained site must share its region's
//! ID), and a rerun never makes it assign one again. `Set-CsNetworkSite`
//! with `-NetworkRegionID` and no `-BypassID` replaces the site's ID with a
//! new one, so an existing site gets those parameters only when it moves to
//! another region or its bandwidth profile changes, when a new ID is what
//! Lync's own rules (LYNC-TRUNKS 5.2) call for. A `bypass-id` written in
//! the sources is passed as written.

use super::*;
use crate::model::{BandwidthProfileId, NetworkSite, RegionId};

pub(super) fn network(s: &mut Script, m: &Model) {
    s.section(
        "Network regions, sites, subnets and bandwidth (docs/lync.md 2.11): object by object",
    );
    let n = &m.network;
    if n.span.is_none() {
        s.comment("no `network` block: the network configuration is left as it is");
        return;
    }
    s.comment("Each object is created when missing, then set; objects the sources do not declare are left alone.");
    let kbps = |v: &Option<Setting<u32>>| v.as_ref().map(|s| s.value.to_string());
    let region = |id: RegionId| n.regions.get(id).name.text.as_str();
    let profile = |id: BandwidthProfileId| n.profiles.get(id).name.text.as_str();
    for (_, p) in n.profiles.iter() {
        let limits = |c: Command| {
            c.str("Identity", &p.name.text)
                .opt_str("AudioBWLimit", kbps(&p.audio).as_deref())
                .opt_str("AudioBWSessionLimit", kbps(&p.audio_session).as_deref())
                .opt_str("VideoBWLimit", kbps(&p.video).as_deref())
                .opt_str("VideoBWSessionLimit", kbps(&p.video_session).as_deref())
                .declared_description(&p.description)
        };
        s.upsert(
            Command::new("Get-CsNetworkBandwidthPolicyProfile").str("Identity", &p.name.text),
            limits(Command::new("New-CsNetworkBandwidthPolicyProfile")),
            limits(Command::new("Set-CsNetworkBandwidthPolicyProfile")),
        );
    }
    for (_, r) in n.regions.iter() {
        let central = &m.sites.get(r.central_site.id).name.text;
        s.upsert(
            Command::new("Get-CsNetworkRegion").str("Identity", &r.name.text),
            Command::new("New-CsNetworkRegion")
                .str("Identity", &r.name.text)
                .str("CentralSite", central)
                .declared_description(&r.description)
                .bypass_id(&r.bypass_id),
            Command::new("Set-CsNetworkRegion")
                .str("Identity", &r.name.text)
                .str("CentralSite", central)
                .declared_description(&r.description)
                .bypass_id(&r.bypass_id),
        );
    }
    for (_, site) in n.sites.iter() {
        network_site(
            s,
            site,
            region(site.region),
            site.bandwidth.map(|p| profile(p.id)),
        );
    }
    for (_, site) in n.sites.iter() {
        let mut list: Vec<crate::model::Subnet> = site.subnets.iter().map(|s| s.value).collect();
        list.sort();
        for subnet in list {
            let id = subnet.network().to_string();
            let fields = |c: Command| {
                c.str("Identity", &id)
                    .arg("MaskBits", Value::Int(i64::from(subnet.bits)))
                    .str("NetworkSiteID", &site.name.text)
            };
            s.upsert(
                Command::new("Get-CsNetworkSubnet").str("Identity", &id),
                fields(Command::new("New-CsNetworkSubnet")),
                fields(Command::new("Set-CsNetworkSubnet")),
            );
        }
    }
    for (_, l) in n.region_links.iter() {
        let fields = |c: Command| {
            c.str("Identity", &l.name.text)
                .str("NetworkRegionID1", region(l.a.id))
                .str("NetworkRegionID2", region(l.b.id))
                .str("BWPolicyProfileID", profile(l.bandwidth.id))
        };
        s.upsert(
            Command::new("Get-CsNetworkRegionLink").str("Identity", &l.name.text),
            fields(Command::new("New-CsNetworkRegionLink")),
            fields(Command::new("Set-CsNetworkRegionLink")),
        );
    }
    for r in &n.region_routes {
        let (a, b) = (region(r.a.id), region(r.b.id));
        let id = identity::pair(a, b);
        let links: Vec<&str> = r
            .links
            .iter()
            .map(|l| n.region_links.get(l.id).name.text.as_str())
            .collect();
        let fields = |c: Command| {
            c.str("Identity", &id)
                .str("NetworkRegionID1", a)
                .str("NetworkRegionID2", b)
                .str("NetworkRegionLinkIDs", &links.join(","))
        };
        s.upsert(
            Command::new("Get-CsNetworkInterRegionRoute").str("Identity", &id),
            fields(Command::new("New-CsNetworkInterRegionRoute")),
            fields(Command::new("Set-CsNetworkInterRegionRoute")),
        );
    }
    for (_, p) in n.inter_sites.iter() {
        let (a, b) = (
            &n.sites.get(p.a.id).name.text,
            &n.sites.get(p.b.id).name.text,
        );
        let id = identity::pair(a, b);
        let fields = |c: Command| {
            c.str("Identity", &id)
                .str("NetworkSiteID1", a)
                .str("NetworkSiteID2", b)
                .str("BWPolicyProfileID", profile(p.bandwidth.id))
        };
        s.upsert(
            Command::new("Get-CsNetworkInterSitePolicy").str("Identity", &id),
            fields(Command::new("New-CsNetworkInterSitePolicy")),
            fields(Command::new("Set-CsNetworkInterSitePolicy")),
        );
    }
    if let Some(cac) = &n.call_admission_control {
        s.command(
            Command::new("Set-CsNetworkConfiguration")
                .str("Identity", "global")
                .bool("EnableBandwidthPolicyCheck", cac.value),
        );
    }
}

/// A network site: created with its region and profile when missing;
/// otherwise given them only when they differ from the live ones (which
/// makes Lync assign its bypass ID anew, as its rules require), and its
/// description when written.
fn network_site(s: &mut Script, site: &NetworkSite, region: &str, profile: Option<&str>) {
    let name = &site.name.text;
    let placed = |c: Command| {
        c.str("Identity", name)
            .str("NetworkRegionID", region)
            .arg(
                "BWPolicyProfileID",
                profile.map_or(Value::Null, |p| Value::Str(p.into())),
            )
            .declared_description(&site.description)
            .bypass_id(&site.bypass_id)
    };
    let get = Command::new("Get-CsNetworkSite")
        .str("Identity", name)
        .arg("ErrorAction", Value::Str("SilentlyContinue".into()));
    let get = s.call(&get, "");
    s.line(&format!("$site = {get}"));
    s.line("if (-not $site) {");
    let new = Command::new("New-CsNetworkSite")
        .str("Identity", name)
        .str("NetworkRegionID", region)
        .opt_str("BWPolicyProfileID", profile)
        .declared_description(&site.description)
        .bypass_id(&site.bypass_id);
    let new = s.call(&new, "    ");
    s.line(&new);
    if site.bypass_id.is_some() {
        // A written ID is passed as written, with the region it needs.
        s.line("} else {");
        let placed = s.call(&placed(Command::new("Set-CsNetworkSite")), "    ");
        s.line(&placed);
    } else {
        s.line(&format!(
            "}} elseif ([string]$site.NetworkRegionID -ne {} -or [string]$site.BWPolicyProfileID -ne {}) {{",
            quote(region),
            quote(profile.unwrap_or(""))
        ));
        let moved = s.call(&placed(Command::new("Set-CsNetworkSite")), "    ");
        s.line(&moved);
        if site.description.is_some() {
            s.line("} else {");
            let described = Command::new("Set-CsNetworkSite")
                .str("Identity", name)
                .declared_description(&site.description);
            let described = s.call(&described, "    ");
            s.line(&described);
        }
    }
    s.line("}");
}
