//! The snapshot a deployment of the project would leave: a live snapshot
//! with every change of `deploy.ps1` applied (docs/snapshot.md). Topology
//! is not changed by the script: a project's own trunks and gateways are
//! what its `topology.xml` publishes ([`published`]).

use super::{Input, powershell, topology};
use crate::model::identity;
use crate::snapshot::apply::Applier;
use crate::snapshot::{Props, Snapshot, Value};

/// What publishing the project's `topology.xml` gives an empty deployment:
/// Lync's global objects, the topology document, and one site, trunk and
/// gateway object per site, trunk and gateway of the project.
pub fn published(input: &Input<'_>) -> Snapshot {
    let m = input.model;
    let layout = topology::Layout::new(m, input.options);
    let mut s = Snapshot::empty();
    s.topology = topology::emit(input, &layout, super::HASH_PLACEHOLDER);
    for (_, site) in m.sites.iter() {
        s.objects.entry("Sites").or_default().push(Props::from([(
            "Identity".into(),
            Value::text(format!("Site:{}", site.name.text)),
        )]));
    }
    let mut gateways = std::collections::HashSet::new();
    for (id, t) in m.trunks.iter() {
        let trunk = identity::trunk(m, id);
        s.objects.entry("Trunks").or_default().push(Props::from([
            ("Identity".into(), Value::text(&trunk)),
            (
                "PoolFqdn".into(),
                Value::text(&m.pools.get(t.mediation.id).name.text),
            ),
        ]));
        let gateway = format!("PstnGateway:{}", m.gateways.get(t.gateway.id).name.text);
        // Found as `Snapshot::find` would find it, without a scan per trunk.
        if gateways.insert(crate::snapshot::key("PstnGateways", &gateway)) {
            s.objects
                .entry("PstnGateways")
                .or_default()
                .push(Props::from([("Identity".into(), Value::text(gateway))]));
        }
    }
    s
}

/// `base` with every change `deploy.ps1` makes applied, and every change
/// that could not be (an object it names is missing), in order.
pub fn deployed(input: &Input<'_>, base: &Snapshot) -> (Snapshot, Vec<String>) {
    let mut s = base.clone();
    let mut problems = Vec::new();
    let mut applier = Applier::default();
    for call in powershell::calls(input) {
        if let Err(e) = applier.apply(&mut s, &call) {
            problems.push(e);
        }
    }
    (s, problems)
}
