//! Network regions, sites, subnets and bandwidth (LYNC-TRUNKS 2.11).

use super::*;

pub(super) fn network(s: &mut Script, m: &Model) {
    s.section("Network regions, sites, subnets and bandwidth (docs/lync.md 2.11)");
    let n = &m.network;
    if n.span.is_none() {
        s.comment("no `network` block: the network configuration is left as it is");
        return;
    }
    s.comment("The whole configuration is replaced: what the sources declare is all there is.");
    let kbps = |v: &Option<Setting<u32>>| v.as_ref().map(|s| s.value.to_string());
    let region = |id: crate::model::RegionId| n.regions.get(id).name.text.as_str();
    let profile = |id: crate::model::BandwidthProfileId| n.profiles.get(id).name.text.as_str();
    let profiles = n.profiles.iter().map(|(_, p)| {
        Command::new("New-CsNetworkBandwidthPolicyProfile")
            .str("Identity", &p.name.text)
            .opt_str("AudioBWLimit", kbps(&p.audio).as_deref())
            .opt_str("AudioBWSessionLimit", kbps(&p.audio_session).as_deref())
            .opt_str("VideoBWLimit", kbps(&p.video).as_deref())
            .opt_str("VideoBWSessionLimit", kbps(&p.video_session).as_deref())
            .description(&p.description)
    });
    let profiles = s.objects("profiles", profiles.collect());
    let regions = n.regions.iter().map(|(_, r)| {
        Command::new("New-CsNetworkRegion")
            .str("Identity", &r.name.text)
            .str("CentralSite", &m.sites.get(r.central_site.id).name.text)
            .description(&r.description)
            .bypass_id(&r.bypass_id)
    });
    let regions = s.objects("regions", regions.collect());
    let links = n.region_links.iter().map(|(_, l)| {
        Command::new("New-CsNetworkRegionLink")
            .str("Identity", &l.name.text)
            .str("NetworkRegionID1", region(l.a.id))
            .str("NetworkRegionID2", region(l.b.id))
            .str("BWPolicyProfileID", profile(l.bandwidth.id))
    });
    let links = s.objects("links", links.collect());
    let region_routes = n.region_routes.iter().map(|r| {
        let (a, b) = (region(r.a.id), region(r.b.id));
        let ids: Vec<&str> = r
            .links
            .iter()
            .map(|l| n.region_links.get(l.id).name.text.as_str())
            .collect();
        Command::new("New-CsNetworkInterRegionRoute")
            .str("Identity", &identity::pair(a, b))
            .str("NetworkRegionID1", a)
            .str("NetworkRegionID2", b)
            .str("NetworkRegionLinkIDs", &ids.join(","))
    });
    let region_routes = s.objects("regionRoutes", region_routes.collect());
    let sites = n.sites.iter().map(|(_, site)| {
        Command::new("New-CsNetworkSite")
            .str("Identity", &site.name.text)
            .str("NetworkRegionID", region(site.region))
            .opt_str("BWPolicyProfileID", site.bandwidth.map(|p| profile(p.id)))
            .description(&site.description)
            .bypass_id(&site.bypass_id)
    });
    let sites = s.objects("sites", sites.collect());
    let inter_site = n.inter_sites.iter().map(|(_, p)| {
        let (a, b) = (
            &n.sites.get(p.a.id).name.text,
            &n.sites.get(p.b.id).name.text,
        );
        Command::new("New-CsNetworkInterSitePolicy")
            .str("Identity", &identity::pair(a, b))
            .str("NetworkSiteID1", a)
            .str("NetworkSiteID2", b)
            .str("BWPolicyProfileID", profile(p.bandwidth.id))
    });
    let inter_site = s.objects("interSite", inter_site.collect());
    let mut subnets = Vec::new();
    for (_, site) in n.sites.iter() {
        let mut list: Vec<crate::model::Subnet> = site.subnets.iter().map(|s| s.value).collect();
        list.sort();
        subnets.extend(list.into_iter().map(|subnet| {
            Command::new("New-CsNetworkSubnet")
                .str("Identity", &subnet.network().to_string())
                .arg("MaskBits", Value::Int(i64::from(subnet.bits)))
                .str("NetworkSiteID", &site.name.text)
        }));
    }
    let subnets = s.objects("subnets", subnets);
    s.command(
        Command::new("Set-CsNetworkConfiguration")
            .str("Identity", "global")
            .arg("BWPolicyProfiles", profiles)
            .arg("NetworkRegions", regions)
            .arg("NetworkRegionLinks", links)
            .arg("InterNetworkRegionRoutes", region_routes)
            .arg("NetworkSites", sites)
            .arg("InterNetworkSitePolicies", inter_site)
            .arg("Subnets", subnets)
            .bool(
                "EnableBandwidthPolicyCheck",
                n.call_admission_control.as_ref().is_some_and(|s| s.value),
            ),
    );
}
