//! Random small topologies over a reduced alphabet, for tests that
//! compare topoc's whole-space answers with brute force: patterns use only
//! the characters `1`, `2`, `+`, the classes `[12]` and `\d`, and bounded
//! repetition, so every route matches numbers of at most four characters
//! and `0` stands for every other digit.

use topoc::generate::Rng;

/// A bounded pattern body over the reduced alphabet (without anchors).
pub fn atoms(rng: &mut Rng, max: usize) -> String {
    let n = 1 + rng.below(max);
    (0..n)
        .map(|_| {
            let atom = ["1", "2", "[12]", "\\d"][rng.below(4)];
            if rng.chance(25) {
                format!("{atom}?")
            } else {
                atom.to_string()
            }
        })
        .collect()
}

pub fn pattern(rng: &mut Rng) -> String {
    let plus = if rng.chance(50) { "\\+" } else { "" };
    format!("^{plus}{}$", atoms(rng, 3))
}

/// A rule of a supported shape: a literal to drop (or text of varying
/// length, which .NET matches one way or another), a group, a literal to
/// add.
pub fn rule(rng: &mut Rng, name: &str) -> String {
    let drop = ["", "1", "2", "\\+", "1?", "(?:2|\\+)?"][rng.below(6)];
    let add = ["", "1", "+", "2", "+1"][rng.below(5)];
    format!("rule {name} '^{drop}({})$' -> '{add}$1'", atoms(rng, 2))
}

pub fn topology(rng: &mut Rng) -> String {
    let gateways = 2 + rng.below(3);
    let mut t = String::from(
        "site S {\n  frontend-pool fe.s.example.com { servers [fe1.s.example.com]; mediation collocated { tls-ports 5067 } }\n",
    );
    let mut names = Vec::new();
    for g in 0..gateways {
        let name = format!("g{g}.example.com");
        let kind = ["pstn-gateway", "ip-pbx", "itsp", "ip-pbx"][rng.below(4)];
        t.push_str(&format!("  gateway {name} {{\n    kind {kind}\n"));
        if kind == "ip-pbx" && rng.chance(70) {
            t.push_str(&format!("    owns '{}'\n", pattern(rng)));
        }
        if rng.chance(60) {
            t.push_str(&format!("    sends '{}'\n", pattern(rng)));
        }
        t.push_str(&format!(
            "    root-trunk {{ port {} tls; mediation fe.s.example.com port 5067 }}\n  }}\n",
            5061 + g
        ));
        names.push(name);
    }
    t.push_str("}\npstn-usage U0\npstn-usage U1\npstn-usage U2\n");
    let usage_list = |rng: &mut Rng| -> String {
        let mut us: Vec<&str> = ["U0", "U1", "U2"]
            .into_iter()
            .filter(|_| rng.chance(50))
            .collect();
        if us.is_empty() {
            us.push(["U0", "U1", "U2"][rng.below(3)]);
        }
        if rng.chance(50) {
            us.reverse();
        }
        us.join(", ")
    };
    if rng.chance(30) {
        t.push_str(&format!("lync-numbers '{}'\n", pattern(rng)));
    }
    for name in &names {
        if rng.chance(70) {
            t.push_str(&format!(
                "trunk-config trunk:{name} {{\n  usages [{}]\n",
                usage_list(rng)
            ));
            if rng.chance(30) {
                t.push_str(&format!("  called-number {{ {} }}\n", rule(rng, "C")));
            }
            if rng.chance(20) {
                t.push_str("  remove-plus on\n");
            }
            t.push_str("}\n");
        }
        if rng.chance(30) {
            // Sometimes with an external access prefix, which the
            // simulator strips before the rules when optimizing.
            let prefix = if rng.chance(30) {
                "external-access-prefix '2'; optimize-device-dialing on; "
            } else {
                ""
            };
            t.push_str(&format!(
                "dial-plan trunk:{name} {{ {prefix}{}; {} }}\n",
                rule(rng, "A"),
                rule(rng, "B")
            ));
        }
    }
    for r in 0..2 + rng.below(5) {
        let trunks: Vec<&str> = names
            .iter()
            .filter(|_| rng.chance(40))
            .map(String::as_str)
            .collect();
        let trunks = if trunks.is_empty() {
            names[rng.below(names.len())].clone()
        } else {
            trunks.join(", ")
        };
        t.push_str(&format!(
            "route R{r} {{ pattern '{}'; usages [{}]; trunks [{trunks}]; priority {r} }}\n",
            pattern(rng),
            usage_list(rng)
        ));
    }
    t.push_str(&format!(
        "voice-policy global {{ usages [{}] }}\n",
        usage_list(rng)
    ));
    t
}

/// Every string of at most five of `0`, `1`, `2`, `+`.
pub fn numbers() -> Vec<String> {
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..5 {
        last = last
            .iter()
            .flat_map(|p| ["0", "1", "2", "+"].map(|c| format!("{p}{c}")))
            .collect();
        out.extend(last.iter().cloned());
    }
    out
}
