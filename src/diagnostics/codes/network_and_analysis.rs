//! The registry rows: The network and media bypass (T06), the routing analysis (T07), call tests and emission (T08), internal errors (T09).
//!
//! A link of the chain `codes.rs` builds the registry with: the macro adds
//! these rows to those it is given and hands them all to the next macro
//! named (the last is `codes!`).

macro_rules! registry_network_and_analysis {
    ($next:ident $(, $rest:ident)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
    // ----------------------------------------------------------- network ---
    InterSiteToItself = "T0601" "inter-site-to-itself" Error ["E46"]
    summary "an inter-site policy from a site to itself"
    what "Finds `inter-site A A`."
    why "An inter-site policy describes a direct link between two network sites."
    example "network { ...; inter-site Redmond-HQ Redmond-HQ { bandwidth Wan5M } }"
    fix "Name the other site.";

    DuplicateInterSite = "T0602" "duplicate-inter-site" Error ["E46"]
    summary "two inter-site policies for one pair of sites"
    what "Finds a second inter-site policy between the same two network sites, in either order."
    why "A pair of sites has one link policy; two would give the link two bandwidth limits."
    example "inter-site HQ Branch { bandwidth Wan5M }\ninter-site Branch HQ { bandwidth Wan10M }"
    fix "Keep one policy per pair.";

    MissingRegionRoute = "T0603" "missing-region-route" Error ["E47"]
    summary "call admission control on without a route between two regions"
    what "With `call-admission-control on`, finds each pair of network regions without a `region-route` between them."
    why "Enabling the bandwidth policy check validates that every pair of regions has a route; Set-CsNetworkConfiguration fails otherwise."
    example "network {\n  call-admission-control on\n  region NorthAmerica { central-site Redmond }\n  region Europe { central-site London }\n}"
    fix "Add `region-link NAME A B { bandwidth PROFILE }` and `region-route A B { links [NAME] }`.";

    BypassWithoutCentralizedMedia = "T0604" "bypass-without-centralized-media" Error ["E20"]
    summary "media bypass with centralized media off"
    what "Finds trunk configurations whose settings have `media-bypass on` and `centralized-media off`."
    why "EnableBypass can be true only when ConcentratedTopology is true (interaction I1); New-CsTrunkConfiguration refuses the pair."
    example "trunk-config global { media-bypass on; centralized-media off }"
    fix "Turn `centralized-media on` (the peer has a known media termination point), or bypass off.";

    BypassReferRtcp = "T0605" "bypass-refer-rtcp" Error ["E21"]
    summary "media bypass with REFER off but an RTCP check on"
    what "Finds trunk configurations with `media-bypass on`, `refer off`, and `rtcp-active-calls` or `rtcp-calls-on-hold` on."
    why "Bypass with REFER off is allowed only when both RTCP checks are off (interactions I2, I4); the cmdlet refuses anything else."
    example "trunk-config global { media-bypass on; refer off }"
    fix "Add `rtcp-active-calls off` and `rtcp-calls-on-hold off`, or turn REFER back on.";

    AlwaysBypassWithCac = "T0606" "always-bypass-with-cac" Error ["E43"]
    summary "always-bypass mode with call admission control"
    what "Finds `bypass-mode always` together with `call-admission-control on`."
    why "AlwaysBypass is valid only with CAC off; with CAC, bypass uses sites and regions and the two options exclude each other."
    example "network { bypass-mode always; call-admission-control on }"
    fix "Use `bypass-mode sites-and-regions`, or turn CAC off.";

    BypassWithoutNetworkSites = "T0607" "bypass-without-network-sites" Error ["E44"]
    summary "bypass by sites and regions with no network sites"
    what "Finds `bypass-mode sites-and-regions` in a network with no network site."
    why "Site-and-region bypass needs the regions, sites and subnets before the global bypass settings; without them no client gets a bypass ID."
    example "network { bypass-mode sites-and-regions }"
    fix "Declare the regions, their network sites and subnets.";

    BypassSettingsDisagree = "T0608" "bypass-settings-disagree" Warning ["W35"]
    summary "trunk and global bypass settings that cancel each other"
    what "Finds trunk configurations (used by trunks) that turn `media-bypass on` while bypass is off globally, and a global bypass mode with no trunk allowing bypass."
    why "Trunk bypass has no effect unless bypass is on globally, and global bypass does nothing for trunks whose configuration keeps it off (interaction I11)."
    example "network { bypass-mode off }\ntrunk-config global { media-bypass on }"
    fix "Turn bypass on in both places, or off in both.";

    BypassToItsp = "T0609" "bypass-to-itsp" Warning ["W36"]
    summary "media bypass to an ITSP's SBC"
    what "Finds trunks to `itsp` peers whose settings have bypass on."
    why "Bypass sends media from clients straight to the provider's SBC: many SBCs accept media only from the Mediation Server, and the enterprise's internal addresses are revealed to the provider."
    example "gateway sbc.itsp.example.net { kind itsp; ... }\ntrunk-config global { media-bypass on }"
    fix "Confirm with the provider, declare `accepts-client-media on` and acknowledge with `allow bypass-to-itsp \"reason\"`; otherwise turn bypass off for the trunk.";

    BypassToPeerRefusingClientMedia = "T0610" "bypass-to-peer-refusing-client-media" Error []
    summary "media bypass to a peer that takes media only from the Mediation Server"
    what "Finds trunks with bypass on to peers declared `accepts-client-media off` (condition B8)."
    why "Bypassed media goes from the client to the peer; a peer that accepts media only from the Mediation Server drops it, and bypass must not be enabled on that trunk."
    example "gateway sbc.itsp.example.net { kind itsp; accepts-client-media off; ... }\ntrunk-config global { media-bypass on }"
    fix "Give the trunk a configuration with `media-bypass off`.";

    BypassPeerNotQualified = "T0611" "bypass-peer-not-qualified" Warning ["W37"]
    summary "media bypass to a peer not declared able to take it"
    what "Finds peers with a bypass trunk that do not declare `early-dialogs on` (handling forked responses, a requirement of qualified bypass peers)."
    why "Bypass is supported only with peers on the interoperability list that handle multiple early dialogs; others fail calls in ways that are hard to trace."
    example "gateway gw1.contoso.com { kind pstn-gateway; root-trunk { ... } }   # bypass on, early-dialogs not declared"
    fix "Check the peer is qualified for bypass and declare `early-dialogs on` (with its `max-early-dialogs`).";

    SrtpEncryptionMismatch = "T0612" "srtp-encryption-mismatch" Warning ["W38"]
    summary "a bypass trunk whose SRTP the encryption level excludes"
    what "For trunks with bypass on, compares SRTP (not supported on TCP trunks) with the deployment's `media-encryption`: SRTP required with encryption not supported, or no SRTP with encryption required, cannot bypass."
    why "Bypassed media runs between client and peer, so the client's encryption level meets the peer's SRTP (interaction I6); when they exclude each other the call keeps the Mediation Server."
    example "deployment { media-encryption required }\ntrunk-config global { media-bypass on; srtp not-supported }"
    fix "Make SRTP and the encryption level compatible, or turn bypass off for the trunk.";

    PeerMediaUnmapped = "T0613" "peer-media-unmapped" Warning ["W39"]
    summary "a bypass peer's media address is in no mapped subnet"
    what "In sites-and-regions mode without bypass for unmapped subnets, finds bypass peers whose media address (`media-ip`, else `address`, else an IP name) is in no network site's subnets."
    why "A peer address in no mapped subnet has no bypass ID, so no call to it ever bypasses."
    example "gateway gw1.contoso.com { media-ip 192.168.7.5; ... }   # no network site holds 192.168.7.0"
    fix "Map the peer's subnet to its network site.";

    PeerLocationUnknown = "T0614" "peer-location-unknown" Info ["W39", "W44"]
    summary "a bypass peer's media address is unknown"
    what "In sites-and-regions mode, finds bypass peers given by FQDN only (no `media-ip`, no `address`)."
    why "Bypass is decided on the peer's media termination address (RepresentativeMediaIP, else its signalling address); without it topoc cannot place the peer and does not guess."
    example "gateway gw1.contoso.com { root-trunk { ... } }"
    fix "Give `media-ip` (where its media terminates) or `address`.";

    SupernetSubnet = "T0615" "supernet-subnet" Warning ["W40"]
    summary "a configured subnet that contains other configured subnets"
    what "Finds network-site subnets that strictly contain another configured subnet."
    why "For bypass, a client's address masked with its own mask must equal a configured subnet exactly; a supernet matches no client of the smaller subnets (CAC tolerates it, bypass does not)."
    example "network-site HQ { subnets [172.29.0.0/16] }\nnetwork-site Lab { subnets [172.29.81.0/24] }"
    fix "List the real client subnets instead of the supernet.";

    BypassWithoutBandwidthPolicies = "T0616" "bypass-without-bandwidth-policies" Warning ["W41"]
    summary "site-and-region bypass without CAC and without bandwidth policies"
    what "Finds sites-and-regions mode with call admission control off and no bandwidth profile on any site or inter-site link, in a network of two or more sites."
    why "Without CAC, bandwidth policies are what give constrained sites their own bypass IDs; with none, every site inherits its region's ID and bypass is tried across constrained WAN links."
    example "network { bypass-mode sites-and-regions; region NA { ...; network-site HQ { ... }; network-site Branch { ... } } }"
    fix "Give each constrained site a `bandwidth` profile (values do not matter without CAC) and each constrained link an `inter-site` policy.";

    DefaultBypassWithCac = "T0617" "default-bypass-with-cac" Warning ["W42"]
    summary "bypass for unmapped subnets with call admission control"
    what "Finds `default-bypass-for-unmapped on` with `call-admission-control on`."
    why "The option lets an unmapped core bypass without defining its subnets; with CAC every subnet should be mapped, and the combination is not recommended."
    example "network { call-admission-control on; default-bypass-for-unmapped on; ... }"
    fix "Map every subnet and turn the option off.";

    AlwaysBypassOverConstrainedLinks = "T0618" "always-bypass-over-constrained-links" Warning ["W43"]
    summary "always-bypass mode with constrained sites or links"
    what "Finds `bypass-mode always` in a network that declares bandwidth profiles on sites or inter-site policies."
    why "Always mode gives every subnet one bypass ID, so media bypasses across constrained WAN links too."
    example "network { bypass-mode always; ...; network-site Branch { bandwidth Wan5M } }"
    fix "Use `bypass-mode sites-and-regions`.";

    ManualBypassId = "T0619" "manual-bypass-id" Warning ["W45"]
    summary "a bypass ID set by hand"
    what "Finds `bypass-id` on regions and network sites."
    why "Lync generates bypass IDs per region and constrained site; overriding them is strongly discouraged, and two objects given one ID bypass between each other."
    example "region NA { central-site Redmond; bypass-id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 }"
    fix "Remove `bypass-id`.";

    InvalidBypassId = "T0620" "invalid-bypass-id" Error ["E25"]
    summary "a bypass ID that is not a GUID"
    what "Checks `bypass-id` values are GUIDs (8-4-4-4-12 hexadecimal digits)."
    why "BypassID is a GUID; the cmdlets refuse anything else."
    example "network-site HQ { bypass-id hq-1 }"
    fix "Remove it (Lync generates one), or write a GUID.";

    ExpectedBypassFails = "T0621" "expected-bypass-fails" Warning ["W46"]
    summary "a network site does not bypass through a trunk it expects to"
    what "For each trunk a network site lists in `expect-bypass [..]`, decides bypass for the site's clients and reports the pairs that do not bypass, with every failing condition."
    why "Bypass fails silently: media simply goes through the Mediation Server. Stating the intent turns a silent fallback into a finding."
    example "network-site Branch { subnets [10.20.0.0/24]; bandwidth Wan5M; expect-bypass [gw1.redmond.contoso.com] }"
    fix "Fix the conditions `topoc bypass` lists for the pair, or drop the trunk from `expect-bypass`.";

    BranchGatewayUnused = "T0622" "branch-gateway-unused" Warning ["W47"]
    summary "a branch site's gateways are on no voice policy's routes"
    what "Finds branch sites with trunks that no route carrying a voice policy usage lists."
    why "A branch defined with only a gateway needs a voice policy that sends its users' PSTN calls through that gateway; otherwise the gateway, and bypass at the branch, go unused."
    example "branch-site Bellevue { central-site Redmond; gateway gw.bellevue.contoso.com { ... } }\n# no route through gw.bellevue is on any policy"
    fix "Give the branch users a `tag:` policy whose first usage routes through the branch gateway.";

    BypassOnWireless = "T0623" "bypass-on-wireless" Warning ["W48"]
    summary "media bypass for a wireless site"
    what "Finds network sites declared `wireless on` whose clients bypass through some trunk."
    why "Non-bypass calls can use RTAudio, which copes better with loss; the guidance is to evaluate the Wi-Fi quality before enabling bypass for wireless subnets."
    example "network-site Campus-WiFi { subnets [10.50.0.0/22]; wireless on }"
    fix "Evaluate the Wi-Fi; to keep its clients off bypass, give the site a bandwidth policy of its own so it gets its own bypass ID.";

    EdgeIpNotMapped = "T0624" "edge-ip-not-mapped" Warning ["W49"]
    summary "an A/V Edge public address not mapped as a /32 subnet"
    what "Finds `av-public-ip` addresses of Edge pools that no network site lists as a /32 subnet."
    why "The public addresses of A/V Edge servers must be added as /32 subnets of their site, for bypass and CAC to place external media."
    example "site Redmond { edge-pool edge.contoso.com { av-public-ip 131.107.1.5 } }"
    fix "Add `131.107.1.5/32` to the subnets of the Edge pool's network site.";

    // ------------------------------------------- whole-space routing analysis ---
    PstnReflection = "T0701" "pstn-reflection" Warning ["W01"]
    summary "a call from the PSTN can be switched back out to the PSTN"
    what "Follows every number a PSTN-facing peer (`pstn-gateway`, `itsp`, `pstn-access on`) can send through the ingress trunk's dial plan and its configuration's usages, and reports a usage under which some number leaves on a trunk to a PSTN-facing peer (what a peer sends is its `sends`, assumption A08 in docs/assumptions.md). The witness is such a number, replayed through the call simulator."
    why "Anyone on the PSTN can then use Lync to place calls back out (toll fraud); Microsoft's guidance is not to give a PSTN gateway's trunk configuration usages that route to the PSTN (docs/lync.md 4.2)."
    example "trunk-config trunk:gw1.contoso.com { usages [Local] }   # Local routes +1425... to an ITSP"
    fix "Remove the usage from the gateway's trunk configuration or narrow the route it reaches; if the flow is intended, say why with `allow pstn-reflection \"reason\"` in that trunk configuration.";

    SelfHairpin = "T0702" "self-hairpin" Warning ["W02"]
    summary "a call can be routed back out on the trunk it came in on"
    what "Reports an ingress trunk's usage under which some number the peer sends is routed to a route that lists that same trunk; the witness is such a number. A hairpin that is a step of a routing loop is reported with the loop (T0704), not apart."
    why "The peer gets its own call back: at best a wasted channel pair, at worst a loop if the peer routes it to Lync again."
    example "trunk-config trunk:pbx.contoso.com { usages [Pbx] }\nroute Back { pattern '^\\+1\\d{10}$'; usages [Pbx]; trunks [pbx.contoso.com] }"
    fix "Narrow the route to numbers the peer does not send, or remove the usage from the trunk's configuration.";

    PeerHairpin = "T0703" "peer-hairpin" Warning ["W03"]
    summary "a call can be routed back to its peer on another trunk"
    what "Reports an ingress trunk's usage under which some number the peer sends is routed to another trunk to the same peer (another port or Mediation pool); the witness is such a number. A hairpin that is a step of a routing loop is reported with the loop (T0704), not apart."
    why "The peer gets its own call back through Lync, costing two Mediation Server legs for nothing and inviting loops."
    example "trunk-config trunk:pbx.contoso.com { usages [Pbx] }   # Pbx reaches a route to trunk pbx-2 of the same PBX"
    fix "Narrow the route to numbers the peer does not send, or remove the usage from the trunk's configuration.";

    RoutingLoop = "T0704" "routing-loop" Warning ["W04"]
    summary "a number can circulate forever between Lync and a peer"
    what "Builds the graph of trunks in which a call entering on one trunk leaves on another whose peer passes the number back (it does not `owns` it and its `sends` carries it: assumption A08 in docs/assumptions.md), follows the number through every dial plan and translation rule, and reports each cycle on which some number comes back to the first trunk unchanged. The witness is the shortest such number with the hop list. The cycles one route makes through one peer (one per way round its trunks) are one diagnostic that lists them all."
    why "Such a call loops until it times out, holding a channel on every pass; the classic case is a migration in which Lync and a PBX each route numbers they do not own to the other."
    example "gateway pbx.contoso.com { kind ip-pbx; owns '^\\+14255550\\d{3}$' }   # its other numbers come back to Lync\nroute ToPbx { pattern '^\\+1425\\d{7}$'; usages [PbxInbound]; trunks [pbx.contoso.com] }"
    fix "Make the route toward the peer match only the numbers it owns, or declare the peer's `owns` and `sends` as it is really configured and make its default route end somewhere else.";

    AmbiguousRouteOrder = "T0705" "ambiguous-route-order" Warning []
    summary "two routes of one usage can match the same number, in an order Lync 2013 does not keep"
    what "For each usage, finds two routes that can both match a number that is not a Lync user's, whatever their priorities; the witness is such a number. One finding per route, with the first earlier route of the usage it meets."
    why "Lync 2013 does not reliably try the routes of one usage in priority order: a Microsoft support case confirmed as by design that it tried a catch-all route of a usage before a more specific one with a better priority (it prefers the least complex pattern; assumption A06 in docs/assumptions.md). A design that needs one route before the other breaks in production although every test of its priorities passes; topoc simulates the priority order and marks such outcomes as assumed."
    example "route Pbx { pattern '^\\+14255550\\d{3}$'; usages [Local]; priority 0; trunks [pbx.contoso.com] }\nroute Local { pattern '^\\+1425\\d{7}$'; usages [Local]; priority 1; trunks [gw1.contoso.com] }"
    fix "Give the preferred route a usage of its own and put that usage before the fallback's in every voice policy and trunk configuration that carries both (Microsoft's failover pattern), or make the patterns disjoint; where either order is fine, acknowledge it with `allow ambiguous-route-order \"reason\"`.";

    ShadowedRoute = "T0706" "shadowed-route" Warning ["W08"]
    summary "a route that is never a candidate"
    what "Reports a route that some voice policy, call-forwarding list or trunk configuration carries but that no call can reach: every number it matches is a Lync user's (`lync-numbers`), and reverse number lookup ends routing before any route is looked at. The witness is such a number. A route that only ever follows others is a failover route (tried when the earlier ones fail) and is not reported."
    why "The route is configuration that does nothing; usually `lync-numbers` is wider than the numbers Lync users hold, or the route's pattern is not the one meant."
    example "lync-numbers '^\\+1425555\\d{4}$'\nroute Office { pattern '^\\+14255551\\d{3}$'; usages [Local]; trunks [gw1.contoso.com] }"
    fix "Narrow `lync-numbers` to the numbers Lync users hold, fix the route's pattern, or remove the route.";

    ShadowedRule = "T0707" "shadowed-rule" Warning ["W16"]
    summary "a normalization or translation rule that can never fire"
    what "For each dial plan and each trunk configuration's called- and calling-number rules, reports a rule every number of which an earlier rule of the same list matches (the first match wins). The witness is a number the rule matches and the rule that takes it."
    why "The rule is dead: whatever it was written for is done by the earlier rule, probably not as intended."
    example "rule All '^(\\d+)$' -> '+$1'\nrule Ext '^(\\d{4})$' -> '+14255550$1'   # All takes every extension"
    fix "Move the rule above the rule that takes its numbers, narrow that rule, or remove the dead one.";

    AnalysisIndeterminate = "T0708" "analysis-indeterminate" Info []
    summary "a routing finding topoc cannot decide"
    what "Names a pattern or rule the whole-space analysis cannot use — a construct outside the regular subset (look-around, back-reference, atomic group, conditional, word boundary), a translation that copies text whose place varies, an automaton past topoc's size limit — and says which findings it leaves undecided."
    why "topoc never guesses: a claim such as \"no number can loop\" holds only where every pattern on the way is analysed."
    example "route R { pattern '^\\+1(?!900)\\d{10}$'; ... }   # look-ahead"
    fix "Where you can, write the pattern without the construct (an explicit class or alternative); otherwise check those routes with golden `test` blocks.";

    // ------------------------------------------------------- call tests ---
    CallTestFailed = "T0801" "call-test-failed" Error []
    summary "a golden call test whose expectation does not hold"
    what "Simulates every `test` block (docs/language.md section 18) and compares each expectation with what happens: the normalized number, the winning route, its trunks, the failover routes, the numbers as sent, media bypass."
    why "Golden tests pin down what a change must not break; a failure names the expected and the actual value and shows the simulated call."
    example "test \"PBX extension\" { from user { home-pool fe01.contoso.com }; dial '123'; expect { route To-Pbx } }"
    fix "Read the trace: either the topology changed what the call does (fix the topology) or the expectation is out of date (fix the test).";

    CallTestUndecided = "T0802" "call-test-undecided" Error []
    summary "a golden call test topoc cannot evaluate"
    what "Reports tests whose call meets a pattern topoc cannot evaluate (a conditional, a lazy loop over an empty-matching group, or a pattern needing more back-tracking than topoc allows), or whose bypass expectation has no caller location."
    why "A test that cannot run proves nothing; saying so is better than passing it."
    example "test \"T\" { from user { }; dial '123'; expect { bypass on } }   # no network site"
    fix "Simplify the pattern the message names, or give the caller a `network-site` or `ip`.";

    ManualTopologyStep = "T0803" "manual-topology-step" Warning []
    summary "a trunk `topoc build` leaves to a Topology Builder step"
    what "Reported by `topoc build` for every trunk it does not write into topology.xml: additional (M:N) trunks, whose XML form no public document shows, and trunks whose gateway or Mediation pool is in a branch site, whose XML element is unknown: no public topology document shows either. More than three are reported as one warning; topology-steps.md lists every one."
    why "topoc writes only what a real topology document shows, rather than guess a layout Topology Builder might reject or misread; the trunk still has to exist before deploy.ps1 routes calls to it."
    example "trunk pbx-2 { gateway pbx.contoso.com port 5060 tcp; mediation med.contoso.com port 5069 }"
    fix "Add the trunk in Topology Builder with the fields listed in topology-steps.md, or build with `--experimental-additional-trunks` to write additional trunks in the inferred layout and check them before publishing. Once a step is done, `allow manual-topology-step \"REASON\"` in the trunk's declaration (or its gateway's, for a root trunk) accepts it; only `topoc build` judges such an `allow`.";

    // ---------------------------------------------------------- internal ---
    InternalError = "T0901" "internal-error" Error []
    summary "topoc reached a state it should never reach"
    what "Reports an internal inconsistency instead of crashing."
    why "This is a bug in topoc, not in your topology; the rest of the output may be incomplete."
    example "# any input that triggers it"
    fix "Please report it with the input that triggers it.";
        }
    };
}
