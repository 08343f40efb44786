//! Network regions, sites, subnets and bandwidth (LYNC-TRUNKS 2.11),
//! object by object.
//!
//! Each declared object is created when missing, then set; nothing the
//! project does not declare is touched (an A/V Edge /32 subnet, a site's
//! location policy, a site the project does not list stay as they are),
//! and nothing is removed. Bypass IDs stay stable: a new region or
//! constrained site is created with an ID derived from its name (an
//! unconstrained site takes its region's, as Lync's rules say), an existing
//! object keeps the one it has, and a rerun never makes Lync assign one
//! again. The documents strongly discourage setting IDs by hand without
//! saying why; the derived IDs keep Lync's sharing rules, and only their
//! values are chosen (assumption A15, docs/assumptions.md). `Set-CsNetworkSite`
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
    profiles(s, n);
    for (_, r) in n.regions.iter() {
        let central = &m.sites.get(r.central_site.id).name.text;
        let name = &r.name.text;
        let fields = |c: Command| {
            c.str("Identity", name)
                .str("CentralSite", central)
                .declared_description(&r.description)
        };
        s.upsert(
            Command::new(REGION.0).str("Identity", name),
            with_new_bypass_id(fields(Command::new(REGION.1)), &r.bypass_id, "region", name),
            fields(Command::new(REGION.2)).bypass_id(&r.bypass_id),
        );
    }
    for (_, site) in n.sites.iter() {
        let profile = site
            .bandwidth
            .map(|p| n.profiles.get(p.id).name.text.as_str());
        network_site(s, site, &n.regions.get(site.region).name.text, profile);
    }
    subnets(s, n);
    links(s, n);
    if let Some(cac) = &n.call_admission_control {
        s.command(
            Command::new("Set-CsNetworkConfiguration")
                .str("Identity", "global")
                .bool("EnableBandwidthPolicyCheck", cac.value),
        );
    }
}

/// The `Get-`, `New-` and `Set-` cmdlets of one kind of network object.
type Cmdlets = (&'static str, &'static str, &'static str);

const PROFILE: Cmdlets = (
    "Get-CsNetworkBandwidthPolicyProfile",
    "New-CsNetworkBandwidthPolicyProfile",
    "Set-CsNetworkBandwidthPolicyProfile",
);
const REGION: Cmdlets = (
    "Get-CsNetworkRegion",
    "New-CsNetworkRegion",
    "Set-CsNetworkRegion",
);
const SUBNET: Cmdlets = (
    "Get-CsNetworkSubnet",
    "New-CsNetworkSubnet",
    "Set-CsNetworkSubnet",
);
const LINK: Cmdlets = (
    "Get-CsNetworkRegionLink",
    "New-CsNetworkRegionLink",
    "Set-CsNetworkRegionLink",
);
const REGION_ROUTE: Cmdlets = (
    "Get-CsNetworkInterRegionRoute",
    "New-CsNetworkInterRegionRoute",
    "Set-CsNetworkInterRegionRoute",
);
const INTER_SITE: Cmdlets = (
    "Get-CsNetworkInterSitePolicy",
    "New-CsNetworkInterSitePolicy",
    "Set-CsNetworkInterSitePolicy",
);

/// A `New-` command given the bypass ID its object is created with: the
/// one the sources write, else one derived from the object's name
/// ([`crate::emit::stable_guid`]), so that a deployment built again gets
/// the same IDs and a plan can say them in advance. Lync's own rules
/// decide which objects get an ID of their own (docs/lync.md 5.2: a
/// region, a constrained site; an unconstrained site takes its region's),
/// and the derived IDs follow them; only the values are topoc's. An
/// existing object keeps the ID it has: `Set-` never writes a derived one.
fn with_new_bypass_id(
    new: Command,
    declared: &Option<Setting<String>>,
    kind: &str,
    name: &str,
) -> Command {
    match declared {
        Some(_) => new.bypass_id(declared),
        None => new
            .str(
                "BypassID",
                &crate::emit::stable_guid(&format!("bypass-{kind}"), name),
            )
            .arg("Force", Value::Switch),
    }
}

/// The object `identity` created with `fields` when missing, then set to them.
fn upsert(
    s: &mut Script,
    (get, new, set): Cmdlets,
    identity: &str,
    fields: impl Fn(Command) -> Command,
) {
    s.upsert(
        Command::new(get).str("Identity", identity),
        fields(Command::new(new).str("Identity", identity)),
        fields(Command::new(set).str("Identity", identity)),
    );
}

fn profiles(s: &mut Script, n: &crate::model::Network) {
    let kbps = |v: &Option<Setting<u32>>| v.as_ref().map(|s| s.value.to_string());
    for (_, p) in n.profiles.iter() {
        upsert(s, PROFILE, &p.name.text, |c| {
            c.opt_str("AudioBWLimit", kbps(&p.audio).as_deref())
                .opt_str("AudioBWSessionLimit", kbps(&p.audio_session).as_deref())
                .opt_str("VideoBWLimit", kbps(&p.video).as_deref())
                .opt_str("VideoBWSessionLimit", kbps(&p.video_session).as_deref())
                .declared_description(&p.description)
        });
    }
}

fn subnets(s: &mut Script, n: &crate::model::Network) {
    for (_, site) in n.sites.iter() {
        let mut list: Vec<crate::model::Subnet> = site.subnets.iter().map(|s| s.value).collect();
        list.sort();
        for subnet in list {
            upsert(s, SUBNET, &subnet.network().to_string(), |c| {
                c.arg("MaskBits", Value::Int(i64::from(subnet.bits)))
                    .str("NetworkSiteID", &site.name.text)
            });
        }
    }
}

/// Region links, the routes between regions over them, and inter-site
/// policies.
fn links(s: &mut Script, n: &crate::model::Network) {
    let region = |id: RegionId| n.regions.get(id).name.text.as_str();
    let profile = |id: BandwidthProfileId| n.profiles.get(id).name.text.as_str();
    for (_, l) in n.region_links.iter() {
        upsert(s, LINK, &l.name.text, |c| {
            c.str("NetworkRegionID1", region(l.a.id))
                .str("NetworkRegionID2", region(l.b.id))
                .str("BWPolicyProfileID", profile(l.bandwidth.id))
        });
    }
    for r in &n.region_routes {
        let (a, b) = (region(r.a.id), region(r.b.id));
        let links: Vec<&str> = r
            .links
            .iter()
            .map(|l| n.region_links.get(l.id).name.text.as_str())
            .collect();
        upsert(s, REGION_ROUTE, &identity::pair(a, b), |c| {
            c.str("NetworkRegionID1", a)
                .str("NetworkRegionID2", b)
                .str("NetworkRegionLinkIDs", &links.join(","))
        });
    }
    for (_, p) in n.inter_sites.iter() {
        let (a, b) = (
            &n.sites.get(p.a.id).name.text,
            &n.sites.get(p.b.id).name.text,
        );
        upsert(s, INTER_SITE, &identity::pair(a, b), |c| {
            c.str("NetworkSiteID1", a)
                .str("NetworkSiteID2", b)
                .str("BWPolicyProfileID", profile(p.bandwidth.id))
        });
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
        .declared_description(&site.description);
    // An unconstrained site takes its region's ID (docs/lync.md 5.2).
    let new = match (&site.bypass_id, profile) {
        (None, None) => new,
        _ => with_new_bypass_id(new, &site.bypass_id, "site", name),
    };
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
