//! Numbers the project itself produces outside E.164: a normalization rule
//! whose output some route matches (W19 and W20 stand down for both).
//!
//! Emergency and service numbers are routed as dialled: a rule
//! `'^(911)$' -> '$1'` deliberately keeps `911`, and a route
//! `'^(000|911|112)$'` takes it. Neither is a mistake when the project
//! pairs them: the rule's output reaches a route, and the route is
//! reachable. A pair is found over every number (the rule's map, and the
//! preimage of the route's set), and its witness is replayed through the
//! rule and the route before it counts.

use std::collections::HashSet;

use super::Analysis;
use super::sets::Cx;
use crate::dialset::map;
use crate::model::RouteId;
use crate::source::Span;

/// Rules and routes paired by a number outside E.164.
#[derive(Clone, Debug, Default)]
pub struct Produced {
    /// Routes matching some output of a normalization rule.
    pub routes: HashSet<RouteId>,
    /// Normalization rules (by their pattern's span) some output of which
    /// a route matches.
    pub rules: HashSet<Span>,
}

/// Whether a route may match a number that does not start with `+`.
fn takes_unplussed(re: &crate::netregex::Regex) -> bool {
    !re.anchoring().0
        || re.matches_every_input()
        || ('0'..='9').chain(['*', '#']).any(|c| re.can_start_with(c))
}

/// Finds the pairs.
pub(crate) fn analyse(cx: &mut Cx<'_, '_>, out: &mut Analysis) {
    let m = cx.model;
    let mut routes = Vec::new();
    for (r, route) in m.routes.iter() {
        let Some(re) = cx.compiled.route_arc(r) else {
            continue;
        };
        if !takes_unplussed(&re) {
            continue;
        }
        let Ok(keyed) = cx.keyed_quiet(&re) else {
            continue;
        };
        routes.push((r, route.pattern.span, re, keyed.set));
    }
    if routes.is_empty() {
        return;
    }
    for (plan, p) in m.dial_plans.iter() {
        let compiled = cx.compiled.dial_plan(plan).to_vec();
        for (rule, c) in p.rules.iter().zip(compiled) {
            // A translation that writes `+` first produces E.164.
            if rule.translation.text.starts_with('+') {
                continue;
            }
            let (Some(re), Some(tr)) = (c.regex, c.translation) else {
                continue;
            };
            let (Ok(keyed), Ok(map)) = (cx.keyed_quiet(&re), map::of_rule(&re, &tr)) else {
                continue;
            };
            for (r, span, route_re, set) in &routes {
                if !cx.tick(*span) {
                    return;
                }
                let Ok(Some(input)) = map
                    .preimage(set)
                    .and_then(|pre| pre.and(&keyed.set))
                    .map(|both| both.shortest())
                else {
                    continue;
                };
                // The witness, replayed: the rule's output, and the route
                // matching it.
                let output = cx.sim.rule_output(&re, &tr, &input);
                let replayed =
                    matches!(&output, Ok(Some(o)) if cx.sim.is_match(route_re, o) == Ok(true));
                if !replayed {
                    out.disagree(
                        rule.pattern.span,
                        format!(
                            "rule `{}` turns '{input}' into a number route `{}` matches by the analysis, but not when replayed",
                            rule.name.text,
                            m.routes.get(*r).name.text
                        ),
                    );
                    continue;
                }
                out.produced.routes.insert(*r);
                out.produced.rules.insert(rule.pattern.span);
            }
        }
    }
}
