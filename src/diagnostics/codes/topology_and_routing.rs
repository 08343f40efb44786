//! The registry rows: Pools, peers and trunks (T02), trunk configuration (T03), usages, routes and policies (T04).
//!
//! A link of the chain `codes.rs` builds the registry with: the macro adds
//! these rows to those it is given and hands them all to the next macro
//! named (the last is `codes!`).

macro_rules! registry_topology_and_routing {
    ($next:ident $(, $rest:ident)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
    // ------------------------------------------------ pools, peers, trunks ---
    DuplicateTrunkTuple = "T0201" "duplicate-trunk-tuple" Error ["E01", "E03"]
    summary "two trunks with the same pool, ports and peer"
    what "Finds trunks that share the tuple Topology Builder identifies a trunk by: Mediation pool, Mediation port, peer, and peer port."
    why "Topology Builder refuses a second trunk with the same pair of ports between the same pool and peer; the two would be indistinguishable on the wire."
    example "gateway pbx.contoso.com {\n  root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }\n}\ntrunk pbx-2 {\n  gateway pbx.contoso.com port 5060 tcp\n  mediation med.contoso.com port 5068   # same as the root trunk\n}"
    fix "Give one trunk another Mediation port or peer port (each M:N trunk needs its own pair), or remove it.";

    GatewayWithoutRootTrunk = "T0202" "gateway-without-root-trunk" Error ["E04", "E05"]
    summary "a gateway without its root trunk"
    what "Finds gateways declared without a `root-trunk` block."
    why "Topology Builder defines a gateway together with its root trunk and cannot remove the root trunk while the gateway exists; additional trunks to the gateway presuppose it."
    example "gateway gw1.contoso.com {\n  kind pstn-gateway\n}"
    fix "Add `root-trunk { port 5067 tls; mediation POOL port 5067 }` to the gateway.";

    PortOutsideListeningRange = "T0203" "port-outside-listening-range" Error ["E06"]
    summary "a trunk's Mediation port is not a listening port of its pool"
    what "Checks each trunk's Mediation port against its pool's range for the trunk's transport: `tls-ports` (5067 when not given) for TLS, `tcp-ports` for TCP."
    why "The Mediation Server listens only on the ports of its ranges; a trunk on another port never receives the peer's traffic, and Topology Builder refuses it."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; tls-ports 5067 }\ngateway gw1.contoso.com {\n  root-trunk { port 5067 tls; mediation med.contoso.com port 5071 }\n}"
    fix "Use a port inside the pool's range for the transport, or widen the range.";

    TcpListenerOff = "T0204" "tcp-listener-off" Error ["E07"]
    summary "a TCP trunk on a pool whose TCP listener is off"
    what "Finds TCP trunks whose Mediation pool declares no `tcp-ports`."
    why "A Mediation Server's TCP listener is disabled until a TCP port range is given; the trunk could not connect."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com] }\ngateway pbx.contoso.com {\n  root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }\n}"
    fix "Add `tcp-ports` with the trunk's port to the pool, or use TLS.";

    TlsPeerByIp = "T0205" "tls-peer-by-ip" Error ["E08"]
    summary "a TLS trunk to a peer named by IP address"
    what "Finds TLS trunks whose gateway is named by an IP address rather than an FQDN."
    why "TLS checks the peer's certificate against its FQDN; Topology Builder requires the FQDN for TLS peers."
    example "gateway 10.1.20.5 {\n  root-trunk { port 5067 tls; mediation med.contoso.com port 5067 }\n}"
    fix "Name the gateway by the FQDN on its certificate, or use TCP (and secure the network).";

    CollocatedPoolTooLarge = "T0206" "collocated-pool-too-large" Error ["E11"]
    summary "a Front End pool with a collocated Mediation Server has more than 12 servers"
    what "Counts the servers of Front End pools that have `mediation collocated`."
    why "A Registrar pool has at most 12 servers, and a collocated Mediation Server runs on each of them."
    example "frontend-pool fe01.contoso.com {\n  servers [fe01a.contoso.com, ..., fe01m.contoso.com]   # 13\n  mediation collocated { tls-ports 5067 }\n}"
    fix "Split the pool, or move the Mediation Servers to a stand-alone pool.";

    PoolNeedsDnsLoadBalancing = "T0207" "pool-needs-dns-load-balancing" Error ["E12"]
    summary "a multi-server stand-alone Mediation pool without DNS load balancing"
    what "Finds stand-alone Mediation pools with more than one server that do not declare `dns-load-balancing on`."
    why "Peers reach a multi-server pool through its FQDN, which must resolve to every member; both SIP and media are balanced that way."
    example "mediation-pool med.contoso.com {\n  servers [med01.contoso.com, med02.contoso.com]\n  next-hop fe01.contoso.com\n}"
    fix "Publish a DNS A record per member for the pool FQDN and declare `dns-load-balancing on`.";

    PeerNeedsSingleServerPool = "T0208" "peer-needs-single-server-pool" Error ["E13"]
    summary "a peer that can neither load-balance nor take any server is on a shared pool"
    what "For gateways declaring `pool-load-balancing off` and `accepts-any-server off`, checks that each of their trunks uses a stand-alone Mediation pool of one server."
    why "Every member of a pool may send the peer calls; a peer that accepts traffic from one server only, and cannot spread its own over several, fails on every other member."
    example "gateway pbx.contoso.com {\n  pool-load-balancing off\n  accepts-any-server off\n  root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }   # two servers\n}"
    fix "Give the peer a stand-alone Mediation pool with a single server.";

    SeveralDefaultTrunks = "T0209" "several-default-trunks" Error ["E14"]
    summary "more than one default trunk on a Mediation pool"
    what "Finds Mediation pools with more than one trunk marked `default`."
    why "Each Mediation Server has a single default gateway, which takes calls from Office Communications Server 2007 R2; Set-CsPstnGateway allows one."
    example "root-trunk { port 5067 tls; mediation med.contoso.com port 5067; default }\n...\nroot-trunk { port 5067 tls; mediation med.contoso.com port 5068; default }"
    fix "Keep `default` on one trunk per Mediation pool.";

    MediationPoolWithoutNextHop = "T0210" "mediation-pool-without-next-hop" Error ["E15"]
    summary "a stand-alone Mediation pool without a next hop"
    what "Finds stand-alone Mediation pools without `next-hop`."
    why "Topology Builder requires the next-hop Front End pool (a Registrar) for a stand-alone Mediation pool; calls reach Lync users through it."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com] }"
    fix "Add `next-hop FE-POOL` naming a Front End pool (declare one if the topology has none).";

    ItspAwayFromMediation = "T0211" "itsp-away-from-mediation" Error ["E16"]
    summary "an ITSP SIP trunk whose Mediation pool is in another site"
    what "For trunks to `itsp` gateways, checks that the trunk's Mediation pool is in the site the trunk is defined in."
    why "A Mediation Server must be deployed at the site where each SIP trunk terminates."
    example "branch-site Bellevue {\n  central-site Redmond\n  gateway sip.itsp.example.net {\n    kind itsp\n    root-trunk { port 5061 tls; mediation med.redmond.contoso.com port 5067 }\n  }\n}"
    fix "Terminate the SIP trunk on a Mediation pool of its own site, or define the trunk in the pool's site.";

    OverlappingPortRanges = "T0212" "overlapping-port-ranges" Error []
    summary "a pool's TLS and TCP listening ranges share a port"
    what "Compares each Mediation role's TLS range (5067 when not given) with its TCP range."
    why "A port listens for one transport; Topology Builder refuses overlapping ranges."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; tls-ports 5067..5068; tcp-ports 5068..5069 }"
    fix "Give TLS and TCP separate ranges.";

    Port5070ForPeers = "T0213" "port-5070-for-peers" Error []
    summary "a peer-facing listening range includes 5070"
    what "Finds `tls-ports` or `tcp-ports` ranges that include port 5070."
    why "A Mediation Server listens on 5070 for traffic from Lync servers; the peer-facing ranges must leave it alone."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; tls-ports 5067..5070 }"
    fix "End the range below 5070 or start it above.";

    SinglePstnGateway = "T0214" "single-pstn-gateway" Warning ["W14"]
    summary "the deployment has only one PSTN gateway"
    what "Counts the PSTN-facing peers (`pstn-gateway`, `itsp`, or `pstn-access on`) and reports a deployment with exactly one."
    why "The guidance is at least two gateways for availability; with one, its failure cuts every PSTN call."
    example "gateway sbc.itsp.example.net { kind itsp; root-trunk { port 5061 tls; mediation med.contoso.com port 5067 } }\n# and no other PSTN gateway"
    fix "Add a second gateway or SIP trunk, or acknowledge the risk with `allow single-pstn-gateway \"reason\"` in the gateway.";

    ItspOnCollocatedMediation = "T0215" "itsp-on-collocated-mediation" Warning ["W50"]
    summary "an ITSP SIP trunk on a collocated Mediation Server"
    what "Finds trunks to `itsp` gateways whose Mediation pool is a Front End pool."
    why "Stand-alone Mediation pools are strongly recommended for SIP trunking (one page even requires them); a collocated one shares the Front End's capacity."
    example "gateway sip.itsp.example.net {\n  kind itsp\n  root-trunk { port 5061 tls; mediation fe01.contoso.com port 5067 }\n}"
    fix "Use a stand-alone Mediation pool for the ITSP trunk.";

    MediationPoolOverloaded = "T0216" "mediation-pool-overloaded" Warning ["W51"]
    summary "declared calls exceed about 1,000 per Mediation Server"
    what "Compares a pool's `expected-calls` with 1,000 concurrent non-bypass calls per server."
    why "A stand-alone Mediation Server on hardware above the minimum carries about 1,000 concurrent non-bypass calls; beyond that calls fail or degrade."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; expected-calls 1500 }"
    fix "Add servers, or enable media bypass so fewer calls need the Mediation Server.";

    PbxSingleConnection = "T0217" "pbx-single-connection" Warning ["W52"]
    summary "an IP-PBX has fewer trunks to a pool than the pool has servers"
    what "For `ip-pbx` peers (without `pool-load-balancing on`), counts their trunks to each multi-server Mediation pool."
    why "Most IP-PBXs cannot DNS-load-balance; the guidance is one Direct SIP connection from the PBX to each pool member."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com, med02.contoso.com] ... }\ngateway pbx.contoso.com { kind ip-pbx; root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 } }"
    fix "Add a trunk per Mediation Server (`trunk pbx-2 { ... }`), or declare `pool-load-balancing on` if the PBX does DNS load balancing.";

    ItspGatewayNotConnected = "T0218" "itsp-gateway-not-connected" Warning ["W53"]
    summary "an ITSP gateway is not connected to every Mediation pool of its provider"
    what "Groups `itsp` gateways by their `provider` and reports each gateway without a trunk to a Mediation pool the provider's other gateways use."
    why "When a provider exposes several gateways, each gateway is to be connected to each Mediation Server, so the loss of one gateway or server leaves a path."
    example "gateway sbc1.itsp.example.net { kind itsp; provider Northwind; root-trunk { ...; mediation med1.contoso.com port 5067 } }\ngateway sbc2.itsp.example.net { kind itsp; provider Northwind; root-trunk { ...; mediation med2.contoso.com port 5067 } }"
    fix "Add the missing trunks between each provider gateway and each Mediation pool.";

    TdmPbxAsPeer = "T0219" "tdm-pbx-as-peer" Warning ["W54"]
    summary "a TDM PBX attached directly to a Mediation Server"
    what "Finds gateways declared `kind tdm-pbx`."
    why "A TDM PBX does not speak SIP; it always needs a PSTN gateway between it and the Mediation Server."
    example "gateway pbx.contoso.com { kind tdm-pbx; root-trunk { ... } }"
    fix "Put a PSTN gateway between the TDM PBX and Lync and declare the gateway as the peer.";

    UndersizedGateway = "T0220" "undersized-gateway" Warning ["W11"]
    summary "a site's gateways have fewer channels than its users need"
    what "For sites declaring `users` (and `usage-profile`, moderate when not given) whose PSTN gateways all declare `channels`, compares the channels with one per 15, 10 or 5 users for light, moderate or heavy use."
    why "A full gateway rejects calls, which then take the next, usually dearer, route."
    example "branch-site Bellevue {\n  users 300\n  usage-profile heavy\n  gateway gw.bellevue.contoso.com { channels 23; ... }   # 60 needed\n}"
    fix "Add channels or a gateway at the site.";

    TcpTransport = "T0221" "tcp-transport" Warning ["W30"]
    summary "a trunk uses TCP"
    what "Reports every trunk whose transport is TCP."
    why "TLS is strongly recommended (all qualified gateways support it); over TCP, signalling and numbers cross the network in clear, so the path must be secured by other means."
    example "root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }"
    fix "Use TLS if the peer supports it; otherwise secure the network path and acknowledge with `allow tcp-transport \"reason\"` in the gateway or trunk.";

    PortTakenByFrontEnd = "T0222" "port-taken-by-front-end" Error []
    summary "a collocated Mediation Server listening for peers on a Front End port"
    what "For Front End pools with a collocated Mediation Server, finds `tls-ports` or `tcp-ports` ranges that include a port the Front End Server listens on: 5061 to 5066, 5071 to 5073, 5075, 5076, 5080, 5086 and 5087 (\"Ports and protocols for internal servers in Lync Server 2013\")."
    why "The collocated Mediation Server runs on the Front End Servers: a peer-facing listener on a Front End service's port collides with that service (SIP, conferencing, Response Group, Call Park, mobility...), so one of them cannot listen."
    example "frontend-pool fe01.contoso.com { servers [fe01a.contoso.com]; mediation collocated { tls-ports 5061..5067 } }"
    fix "Use ports the Front End does not: Topology Builder's defaults are 5067 for TLS and 5068 for TCP.";

    // ------------------------------------------------ trunk configuration ---
    SettingNotInProduct = "T0301" "setting-not-in-product" Info ["E23"]
    summary "location-based routing settings need the February 2013 update of Lync Server 2013"
    what "With `product lync-2013` (the default), finds `location-restriction` and `network-site` written in trunk configurations, once per project."
    why "EnableLocationRestriction and NetworkSiteID came with location-based routing in the Lync Server 2013 cumulative update of February 2013 (docs/lync.md 3, D7: the cmdlet pages' \"Applicable\" lists name only Skype for Business Server 2015 and later, their text and the planning pages say February 2013). Servers without that update refuse the parameters, and deploy.ps1 stops there."
    example "deployment { product lync-2013 }\ntrunk-config global { location-restriction on; network-site Redmond-HQ }"
    fix "Make sure every Front End and Mediation Server runs the February 2013 update or later (Get-CsServerVersion, or the version of the RTC services), or target `product sfb-2015`; `allow setting-not-in-product` once confirmed.";

    TransferDropsBypass = "T0302" "transfer-drops-bypass" Warning ["W26"]
    summary "media bypass with REFER off: transferred calls lose bypass"
    what "Finds trunk configurations with `media-bypass on`, `refer off` and `refer-3pcc off`."
    why "Without REFER the Mediation Server stays in the call when it is transferred, and the media of the transferred call no longer bypasses it."
    example "trunk-config global { media-bypass on; refer off; rtcp-active-calls off; rtcp-calls-on-hold off }"
    fix "Turn on `refer-3pcc` when the peer cannot take REFER, so transferred calls keep bypass.";

    ReferModesBothOn = "T0303" "refer-modes-both-on" Warning ["W27"]
    summary "both REFER modes on"
    what "Finds trunk configurations with `refer` and `refer-3pcc` both on."
    why "The Control Panel offers REFER to the gateway and REFER through third-party call control as alternatives; with both on, which one is used is unclear."
    example "trunk-config global { refer on; refer-3pcc on }"
    fix "Keep `refer on` for peers that take REFER; otherwise `refer off` and `refer-3pcc on`.";

    RtcpChecksOff = "T0304" "rtcp-checks-off" Warning ["W28"]
    summary "RTCP checks off without the bypass-without-REFER reason"
    what "Finds `rtcp-active-calls off` or `rtcp-calls-on-hold off` in trunk configurations that do not combine media bypass with REFER off."
    why "RTCP is how a dropped peer is noticed (a call is ended after 30 s without it); turning it off is required only for bypass without REFER."
    example "trunk-config global { rtcp-active-calls off }"
    fix "Turn the check back on, unless the collection has media bypass on and REFER off.";

    SrtpIgnoredOnTcp = "T0305" "srtp-ignored-on-tcp" Warning ["W29"]
    summary "SRTP written for a TCP trunk, where Lync ignores it"
    what "Finds TCP trunks whose applying trunk configuration writes `srtp required` or `srtp optional` (Lync's unwritten default is not reported)."
    why "SRTP is honoured only on TLS trunks; on TCP it is silently treated as not supported, so the configuration does not say what happens."
    example "trunk-config trunk:pbx.contoso.com { srtp required }   # a TCP trunk"
    fix "Use TLS, or write `srtp not-supported` for the TCP trunk.";

    LocationRestrictionWithoutSite = "T0306" "location-restriction-without-site" Warning ["W31"]
    summary "location restriction on without a network site"
    what "Finds trunk configurations with `location-restriction on` and no `network-site`."
    why "Location-based routing on a trunk needs the network site whose rules govern it."
    example "trunk-config global { location-restriction on }"
    fix "Add `network-site NAME`.";

    MaxEarlyDialogsChanged = "T0307" "max-early-dialogs-changed" Warning ["W32"]
    summary "max early dialogs changed without the vendor's value"
    what "Finds trunk configurations that set `max-early-dialogs` other than 20 for a trunk whose gateway does not state that value with its own `max-early-dialogs`."
    why "The value is how many forked responses the peer can take; the guidance is to change it only to what the vendor states."
    example "trunk-config global { max-early-dialogs 40 }"
    fix "Record the vendor's value on the gateway (`max-early-dialogs 40`), or keep 20.";

    SiteConfigMixedPeers = "T0308" "site-config-mixed-peers" Warning ["W33"]
    summary "a site trunk configuration shared by different kinds of peer"
    what "Finds site-scope trunk configurations that apply to trunks to more than one kind of peer (PSTN gateway, IP-PBX, ITSP)."
    why "Bypass, SRTP, REFER and usages usually differ between a gateway, a PBX and an ITSP SBC; one collection rarely suits them all."
    example "trunk-config site:Redmond { media-bypass on }   # applies to gw1 and to the ITSP SBC"
    fix "Give the trunks whose peers differ their own `trunk-config trunk:NAME`.";

    PidfLoOffForE911 = "T0309" "pidf-lo-off-for-e911" Warning ["W34"]
    summary "a trunk to an E9-1-1 provider does not send location"
    what "Finds trunks to gateways declared `e911-provider on` whose settings in effect have `pidf-lo off`."
    why "The outbound routing application sends a caller's location (PIDF-LO) to the trunk only when EnablePIDFLOSupport is on; without it emergency calls carry no location."
    example "gateway e911.provider.example.net { e911-provider on; root-trunk { ... } }\n# no trunk configuration turns pidf-lo on"
    fix "Add `pidf-lo on` to the trunk configuration that applies.";

    FastFailoverOnHighLatency = "T0310" "fast-failover-on-high-latency" Warning ["W10"]
    summary "fast failover to a high-latency peer"
    what "Finds trunks to gateways declared `high-latency on` whose settings in effect keep `fast-failover on` (Lync's default)."
    why "With the timer on, a peer that shows no progress within 10 seconds loses the call to the next trunk, or the call is dropped; over a slow link that fails calls that would have connected."
    example "gateway gw.remote.contoso.com { high-latency on; root-trunk { ... } }"
    fix "Add `fast-failover off` to the trunk configuration that applies.";

    InterTrunkWithoutDialPlan = "T0311" "inter-trunk-without-dial-plan" Warning ["W13"]
    summary "calls entering on a trunk are routed but no dial plan normalizes them"
    what "Finds trunks whose settings in effect have usages (inter-trunk routing) but no `dial-plan trunk:NAME`."
    why "A service-scope dial plan normalizes calls arriving from a gateway; without one, which plan (if any) applies is undocumented, so numbers the peer sends in its own format may match no route."
    example "trunk-config trunk:pbx.contoso.com { usages [PbxInbound] }\n# and no dial-plan trunk:pbx.contoso.com"
    fix "Add `dial-plan trunk:NAME { ... }` with rules that turn the peer's numbers into E.164, or acknowledge if the peer sends E.164 only.";

    PeerTrunksDiffer = "T0312" "peer-trunks-differ" Warning []
    summary "trunks to the same peer with different settings"
    what "Compares the settings in effect of the trunks to each peer (descriptions aside) and reports a trunk that differs from the peer's first."
    why "After adding an M:N trunk, the new trunk falls back to its site's or the global configuration unless it gets the peer's own: bypass, REFER, usages or translation then change with the trunk a call happens to take."
    example "trunk-config trunk:pbx.contoso.com { media-bypass off; usages [PbxInbound] }\ntrunk pbx-2 { gateway pbx.contoso.com port 5060 tcp; ... }   # uses global"
    fix "Give the new trunk the peer's collection: `trunk-config trunk:pbx-2 from trunk:pbx.contoso.com`.";

    PeerWithoutSrtp = "T0313" "peer-without-srtp" Error []
    summary "a TLS trunk that requires SRTP of a peer that does not do it"
    what "For each TLS trunk whose peer declares `srtp off`, finds the trunk configuration in effect requiring SRTP (`srtp required`, written or Lync's default)."
    why "With SRTPMode Required Lync offers only encrypted media on the trunk; a peer without SRTP cannot accept it, so every call through the trunk fails (peers are commonly seen to answer 488 Not Acceptable Here, a code the documents do not give). Required is the default, so a new trunk to such a peer fails until someone changes it."
    example "gateway pbx.contoso.com { kind ip-pbx; srtp off; root-trunk { port 5067 tls; ... } }   # no srtp in the trunk configuration"
    fix "Write `srtp optional` (or `not-supported`) in the trunk configuration that applies to the trunk, or turn SRTP on at the peer and say `srtp on`.";

    // ------------------------------------------- usages, routes, policies ---
    DuplicateListEntry = "T0401" "duplicate-list-entry" Error ["E27"]
    summary "a usage or trunk listed twice"
    what "Finds repeated entries in voice policy usages, custom call-forwarding usages, trunk configuration usages, and a route's usages and trunks."
    why "The cmdlets refuse a usage twice in a voice policy; in the other lists a second entry means nothing and usually hides a typo."
    example "voice-policy global { usages [Local, \"Long Distance\", Local] }"
    fix "Remove the second entry.";

    InvalidAlternateCallerId = "T0402" "invalid-alternate-caller-id" Error ["E30"]
    summary "a route's replacement caller ID Lync does not accept"
    what "Checks `caller-id suppress 'N'` against New-CsVoiceRoute's rule `(\\+)?[1-9]\\d*(;ext=[1-9]\\d*)?`."
    why "The cmdlet refuses any other AlternateCallerId, and the route would not be created."
    example "route R { pattern '^\\+1\\d{10}$'; caller-id suppress '+1 425 555 0100' }"
    fix "Write a number such as '+14255550100', optionally with ';ext=100'.";

    PolicyWithoutUsages = "T0403" "policy-without-usages" Warning ["E31"]
    summary "a voice policy with no PSTN usages"
    what "Finds voice policies without usages."
    why "Usages link a policy's users to routes; with none, its users reach no route, so they can call only inside Lync. The cmdlets accept such a policy (New-CsVoicePolicy warns, the Control Panel says a policy must have a usage), and internal-only Enterprise Voice policies, for lobby phones for example, are a real design; a policy that lost its usages by mistake looks the same."
    example "voice-policy tag:Lobby { allow-simul-ring off }"
    fix "Add `usages [..]`, in the order routes should be tried; for a policy meant to call only inside Lync, `allow policy-without-usages`.";

    CustomForwardingWithoutUsages = "T0404" "custom-forwarding-without-usages" Error ["E32"]
    summary "custom call-forwarding usages that are empty"
    what "Finds `call-forwarding-usages []`."
    why "CustomUsage needs at least one usage in CustomCallForwardingSimulRingUsages."
    example "voice-policy global { usages [Local]; call-forwarding-usages [] }"
    fix "List the usages, or use `voice-policy` (the policy's own) or `internal-only`.";

    DescriptionTooLong = "T0405" "description-too-long" Error ["E32", "E36", "E39"]
    summary "a description longer than its cmdlet allows"
    what "Checks descriptions: at most 1,040 characters for a voice policy, 512 for a dial plan and for a normalization rule (UTF-16 code units, as .NET counts)."
    why "The cmdlet refuses a longer description."
    example "dial-plan global { description \"... 600 characters ...\"; rule R '^(\\d{11})$' -> '+$1' }"
    fix "Shorten the description.";

    UnreachableRoute = "T0406" "unreachable-route" Warning ["W05"]
    summary "a route no caller can reach"
    what "Finds routes whose usages are on no voice policy (nor its custom call-forwarding usages) and no trunk configuration."
    why "A usage is only a label: a route is chosen only for callers that carry one of its usages, so this route carries no call."
    example "pstn-usage Old\nroute R { pattern '^\\+1\\d{10}$'; usages [Old]; trunks [gw1.contoso.com] }   # no policy has Old"
    fix "Add one of the route's usages to a voice policy or trunk configuration, or remove the route.";

    DeadUsage = "T0407" "dead-usage" Warning ["W06"]
    summary "a PSTN usage with no caller or no route"
    what "Finds usages that are not carried both by an originator (voice policy or trunk configuration) and by a route."
    why "A usage does something only when it links callers to routes; half a link is configuration that does nothing."
    example "pstn-usage International   # on a policy, but no route carries it"
    fix "Add the missing side, or remove the usage.";

    EmptyRoute = "T0408" "empty-route" Warning ["W07"]
    summary "a route with no trunks or no usages"
    what "Finds routes with an empty trunk list or usage list."
    why "New-CsVoiceRoute warns on creating such a route, and it carries no calls."
    example "route R { pattern '^\\+1\\d{10}$'; usages [Local] }"
    fix "Add the missing trunks or usages, or remove the route.";

    NoFallback = "T0409" "no-fallback" Warning ["W09"]
    summary "a caller's only route has a single trunk with fast failover on"
    what "Finds voice policies and trunk configurations with exactly one usage, carried by exactly one route, which has exactly one trunk whose settings keep the fast failover timer on."
    why "With the timer on, a peer that shows no progress within 10 seconds loses the call to the next trunk; with no next trunk the call is dropped."
    example "voice-policy global { usages [Local] }\nroute Local { pattern '^\\+1425\\d{7}$'; usages [Local]; trunks [gw1.contoso.com] }"
    fix "Add a second trunk to the route or a backup usage to the caller, or turn `fast-failover off` for the trunk.";

    CallerIdOnReroute = "T0410" "caller-id-on-reroute" Warning ["W12"]
    summary "caller-ID replacement on a route used for PSTN rerouting"
    what "Finds routes with `caller-id suppress` that carry a usage of a voice policy with `allow-pstn-rerouting` on (Lync's default)."
    why "Calls between Lync users rerouted over the PSTN (WAN or pool down) present the replacement number, which can defeat the callee's Do-Not-Disturb and privacy settings."
    example "route LD { pattern '^\\+1\\d{10}$'; usages [\"Long Distance\"]; trunks [...]; caller-id suppress '+14255550100' }\nvoice-policy global { usages [\"Long Distance\"] }"
    fix "Keep caller-ID replacement off routes used for rerouting, or turn `allow-pstn-rerouting off` in those policies.";

    RouteSpansSites = "T0411" "route-spans-sites" Warning []
    summary "a route whose trunks are in different sites"
    what "Finds routes listing trunks defined in more than one Topology Builder site."
    why "Lync spreads a route's calls over all its trunks; mixing a branch gateway into a central route sends calls across the WAN by chance."
    example "route Local { ...; trunks [gw1.redmond.contoso.com, gw.bellevue.contoso.com] }"
    fix "Make one route per site and order them with usages.";

    SiteWithoutRegistrar = "T0412" "site-without-registrar" Warning []
    summary "a site voice policy or dial plan for a site with no Registrar"
    what "Finds `site:` voice policies and dial plans for sites without a Front End pool."
    why "Site scope applies to users homed on the site's Registrar; a branch site with only a gateway has none, so the policy reaches no user."
    example "branch-site Bellevue { central-site Redmond; gateway gw.bellevue.contoso.com { ... } }\nvoice-policy site:Bellevue { usages [BellevueLocal] }"
    fix "Give the branch users a `tag:` policy or dial plan instead.";

    ForwardingThroughItsp = "T0413" "forwarding-through-itsp" Warning []
    summary "forwarded calls through an ITSP trunk that does not say who forwards them"
    what "Finds trunks to `itsp` peers on routes that carry forwarded or simultaneous-ring calls (a voice policy with `allow-call-forwarding` or `allow-simul-ring` on, through its usages or its custom forwarding usages) whose trunk configuration has neither `forward-call-history` nor `forward-pai` on. Routes that replace the caller ID (`caller-id`) present the company's number and are left alone."
    why "A call forwarded or simultaneously rung out to the PSTN keeps the original caller's number, which lies outside the DID range the provider gave the company; many providers refuse such calls unless History-Info or P-Asserted-Identity names the forwarding user (field knowledge; Microsoft documents only what ForwardCallHistory and ForwardPAI forward)."
    example "gateway sip.itsp.example.net { kind itsp; ... }\ntrunk-config trunk:sip.itsp.example.net { media-bypass off }   # forwarding allowed by the global policy"
    fix "Turn `forward-call-history on` (or `forward-pai on`, as the provider asks) in the ITSP trunk's configuration, or keep forwarded calls off the ITSP with `call-forwarding-usages`.";

    LyncNumbersWithoutUnassigned = "T0414" "lync-numbers-without-unassigned" Warning []
    summary "a `lync-numbers` range with no unassigned number treatment"
    what "Finds `lync-numbers` patterns that no `unassigned-numbers` range meets."
    why "Reverse number lookup finds the numbers Lync users and other objects hold, not the ranges they come from: a number of the range that nobody holds goes on to the routes, often out to the PSTN and back, instead of to an announcement or an Exchange UM Auto Attendant. The unassigned number table is where Lync ends such calls (\"Configure the unassigned number table in Lync Server 2013\")."
    example "lync-numbers '^\\+14255551\\d{3}$'   # and no unassigned-numbers range"
    fix "Declare `unassigned-numbers NAME { range '+14255551000' '+14255551999'; announcement POOL \"NAME\" }` (or `exchange-um '+N'`); `allow lync-numbers-without-unassigned` in a `{ }` block after the pattern where calls to free numbers are meant to be routed.";

        }
    };
}
