use super::*;

fn object(pairs: &[(&str, Value)]) -> Props {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn t(text: &str) -> Value {
    Value::text(text)
}

#[test]
fn a_route_and_its_unknown_property_are_written_and_reported() {
    let mut s = Snapshot::empty();
    s.objects.entry("VoiceRoutes").or_default().push(object(&[
        ("Identity", t("Long Distance")),
        ("NumberPattern", t(r"^\+1(\d{10})$")),
        ("PstnUsages", Value::List(vec![t("LD")])),
        (
            "PstnGatewayList",
            Value::List(vec![t("PstnGateway:gw.contoso.com")]),
        ),
        ("Priority", t("3")),
        ("SuppressCallerId", t("False")),
        ("Description", t("it's \"quoted\"\nand long")),
        ("Frobnicate", t("yes")),
    ]));
    let i = snapshot(&s, None).unwrap();
    let (_, voice) = i
        .files
        .iter()
        .find(|(f, _)| f == "voice-routing.topo")
        .unwrap();
    assert!(voice.contains("route \"Long Distance\" {"), "{voice}");
    assert!(voice.contains(r"pattern '^\+1(\d{10})$'"), "{voice}");
    assert!(voice.contains("trunks [gw.contoso.com]"), "{voice}");
    assert!(
        voice.contains(r#"description "it's \"quoted\"\nand long""#),
        "{voice}"
    );
    assert!(
        voice.contains("# not expressible: Frobnicate = 'yes'"),
        "{voice}"
    );
    assert!(i.report.iter().any(|l| l.contains("Frobnicate")));
    assert!(i.report.iter().any(|l| l.contains("no topology document")));
}

#[test]
fn unsafe_names_and_patterns_are_refused() {
    for (k, v) in [
        ("Identity", "R\u{1b}[2J"),
        ("Identity", "R\nroute X {"),
        ("NumberPattern", "^1$\n}"),
        ("Description", "bidi \u{202e}"),
    ] {
        let mut s = Snapshot::empty();
        let mut route = object(&[("Identity", t("R")), ("NumberPattern", t("^1$"))]);
        route.insert(k.into(), t(v));
        s.objects.entry("VoiceRoutes").or_default().push(route);
        let e = snapshot(&s, None).unwrap_err();
        assert!(!e.chars().any(|c| c.is_control()), "{e:?}");
    }
}

#[test]
fn values_of_wrong_types_are_kept_as_comments() {
    let mut s = Snapshot::empty();
    s.objects.entry("TrunkConfigurations").or_default()[0] = object(&[
        ("Identity", t("Global")),
        ("EnableBypass", Value::List(vec![t("x"); 3])),
        ("MaxEarlyDialogs", t("-4")),
        ("SRTPMode", t("Sometimes")),
        (
            "SipResponseCodeTranslationRulesList",
            Value::List(vec![Value::Object(object(&[("Name", t("r"))]))]),
        ),
    ]);
    let i = snapshot(&s, None).unwrap();
    let (_, voice) = i
        .files
        .iter()
        .find(|(f, _)| f == "voice-routing.topo")
        .unwrap();
    for p in [
        "EnableBypass",
        "MaxEarlyDialogs",
        "SRTPMode",
        "SipResponseCodeTranslationRulesList",
    ] {
        assert!(
            voice.contains(&format!("# not expressible: {p}")),
            "{voice}"
        );
        assert!(i.report.iter().any(|l| l.contains(p)), "{p}");
    }
}

#[test]
fn a_rule_without_a_text_translation_is_kept_as_comments() {
    let mut s = Snapshot::empty();
    s.objects.entry("DialPlans").or_default().push(object(&[
        ("Identity", t("Site:Redmond")),
        (
            "NormalizationRules",
            Value::List(vec![
                Value::Object(object(&[
                    ("Name", t("Ok")),
                    ("Pattern", t("^1$")),
                    ("Translation", t("+1")),
                ])),
                Value::Object(object(&[
                    ("Name", t("Odd")),
                    ("Pattern", t("^2$")),
                    ("Translation", Value::List(vec![t("x")])),
                ])),
            ]),
        ),
    ]));
    let i = snapshot(&s, None).unwrap();
    let (_, voice) = i
        .files
        .iter()
        .find(|(f, _)| f == "voice-routing.topo")
        .unwrap();
    assert!(voice.contains("dial-plan site:Redmond {"), "{voice}");
    assert!(voice.contains("rule Ok '^1$' -> '+1'"), "{voice}");
    assert!(!voice.contains("rule Odd"), "{voice}");
    assert!(
        voice.contains("# not expressible: Translation = ['x']"),
        "{voice}"
    );
    assert!(i.report.iter().any(|l| l.contains("rule `Odd`")));
}

#[test]
fn a_sites_location_policy_is_kept_at_the_site_and_reported() {
    let mut s = Snapshot::empty();
    s.objects
        .entry("NetworkRegions")
        .or_default()
        .push(object(&[
            ("Identity", t("NA")),
            ("CentralSite", t("Site:Redmond")),
        ]));
    s.objects.entry("NetworkSites").or_default().push(object(&[
        ("Identity", t("HQ")),
        ("NetworkRegionID", t("NA")),
        ("LocationPolicy", t("Tag:Redmond-E911")),
    ]));
    s.objects
        .entry("NetworkSubnets")
        .or_default()
        .push(object(&[
            ("Identity", t("10.1.0.0")),
            ("MaskBits", t("16")),
            ("NetworkSiteID", t("HQ")),
            ("Description", t("wired")),
        ]));
    let i = snapshot(&s, None).unwrap();
    let (_, net) = i.files.iter().find(|(f, _)| f == "network.topo").unwrap();
    let site = &net[net.find("network-site HQ {").expect(net)..];
    assert!(site.contains("subnets [10.1.0.0/16]"), "{net}");
    assert!(net.contains("central-site Redmond"), "{net}");
    assert!(
        site.contains("# not expressible: LocationPolicy = 'Tag:Redmond-E911'"),
        "{net}"
    );
    assert!(
        site.contains("# not expressible: Description = 'wired'"),
        "{net}"
    );
    assert!(i.report.iter().any(|l| l.contains("LocationPolicy")));
    assert!(
        i.report
            .iter()
            .any(|l| l.contains("network subnet `10.1.0.0`"))
    );
}

#[test]
fn limits_held_as_bandwidth_policies_are_written_as_the_profile_holds_them() {
    let json = r#"{"format": "topoc-snapshot", "version": "1",
        "NetworkConfiguration": [{"Identity": "Global"}],
        "BandwidthPolicyProfiles": [{"Identity": "Wan", "BWPolicyProfileID": "Wan", "BWPolicy": [
            {"BWLimit": "2000", "BWSessionLimit": "200", "BWPolicyModality": "Audio"}]}]}"#;
    let s = crate::snapshot::Snapshot::read(json.as_bytes()).unwrap();
    let imported = snapshot(&s, None).unwrap();
    let network = &imported
        .files
        .iter()
        .find(|(n, _)| n == "network.topo")
        .unwrap()
        .1;
    assert!(network.contains("audio 2000"), "{network}");
    assert!(!network.contains("BWPolicy ="), "{network}");
    assert!(
        !imported.report.iter().any(|l| l.contains("BWPolicy =")),
        "{:?}",
        imported.report
    );
}
