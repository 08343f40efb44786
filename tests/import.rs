//! `topoc import --topology`: every real topology document imports into a
//! project that checks without errors; the one with a gateway gives back
//! its gateway, ports and Mediation pool; topoc's own topology.xml imports
//! back to the pools, gateways and root trunks it was built from; hostile
//! or foreign documents are refused, and nothing is ever overwritten.

#![allow(clippy::disallowed_methods)] // reads test data, writes scratch projects

mod common;

use std::path::{Path, PathBuf};

use common::*;
use topoc::model::{Model, Transport};

/// Imports `document` into a new scratch directory `name` and returns it.
fn import(name: &str, document: &Path) -> PathBuf {
    let out = scratch_root().join(format!("import-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let run = topoc(&[
        "import",
        "--topology",
        document.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}: {}", document.display(), run.stderr);
    out
}

/// The model of a project that must check without errors.
fn model(dir: &Path) -> Model {
    let sources = load(&topo_files(dir));
    let checked = topoc::check(&sources);
    assert!(
        !checked.has_errors(),
        "{}:\n{}",
        dir.display(),
        render(&sources, &checked.diagnostics)
    );
    checked.model.unwrap()
}

/// Root trunks as (gateway, port, transport, Mediation pool, Mediation port).
fn root_trunks(m: &Model) -> Vec<(String, u16, String, String, u16)> {
    let mut out: Vec<_> = m
        .trunks
        .iter()
        .filter(|(_, t)| t.root)
        .map(|(_, t)| {
            (
                m.gateways.get(t.gateway.id).name.text.to_lowercase(),
                t.peer_port.value,
                format!("{:?}", t.transport),
                m.pools.get(t.mediation.id).name.text.to_lowercase(),
                t.mediation_port.value,
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_real_topology_document_imports() {
    let dir = root().join("tests/data/topology");
    let mut documents: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    documents.sort();
    assert_eq!(documents.len(), 7);
    for (i, document) in documents.iter().enumerate() {
        let project = import(&format!("corpus-{i}"), document);
        let m = model(&project);
        assert!(!m.pools.is_empty(), "{}: no pool", document.display());
        assert!(project.join("import-report.md").is_file());
    }
}

#[test]
fn the_gateway_export_gives_back_its_gateway_and_trunk() {
    let project = import(
        "gateway",
        &root().join("tests/data/topology/DefaultTopology_Skype@66522ef.xml"),
    );
    let m = model(&project);
    assert_eq!(
        root_trunks(&m),
        [(
            "sbc1.contoso.com".to_string(),
            5066,
            format!("{:?}", Transport::Tcp),
            "skypefe.contoso.com".to_string(),
            5068
        )]
    );
    let report = std::fs::read_to_string(project.join("import-report.md")).unwrap();
    assert!(
        report.contains("gateway `sbc1.contoso.com`: its kind"),
        "{report}"
    );
    assert!(
        report.contains("Edge.contoso.com"),
        "the Edge pool is reported: {report}"
    );
}

/// topoc's own topology.xml, imported, gives back the gateways and root
/// trunks the project declared (those the document holds: branch sites
/// and additional trunks are left to topology-steps.md). The document
/// holds no Registrar service (topoc writes the PSTN part only), so a Front
/// End pool with collocated Mediation comes back as a Mediation pool, and
/// the report says so.
#[test]
fn built_topologies_import_back() {
    let mut compared = 0;
    for example in ["contoso", "enterprise", "small-business"] {
        let dir = root().join("examples").join(example);
        let original = model(&dir);
        let out = scratch_root().join(format!("import-built-{example}"));
        let _ = std::fs::remove_dir_all(&out);
        let run = topoc(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let project = import(&format!("back-{example}"), &out.join("topology.xml"));
        let sources = load(&topo_files(&project));
        let imported = topoc::check(&sources)
            .model
            .unwrap_or_else(|| panic!("{example}: the import does not lower"));
        let in_xml = |m: &Model| -> Vec<_> {
            let branch: Vec<String> = m
                .sites
                .iter()
                .filter(|(_, s)| !matches!(s.kind, topoc::model::SiteKind::Central))
                .flat_map(|(id, _)| {
                    m.gateways
                        .iter()
                        .filter(move |(_, g)| g.site == id)
                        .map(|(_, g)| g.name.text.to_lowercase())
                })
                .collect();
            root_trunks(m)
                .into_iter()
                .filter(|t| !branch.contains(&t.0))
                .collect()
        };
        assert_eq!(in_xml(&imported), in_xml(&original), "{example}");
        let report = std::fs::read_to_string(project.join("import-report.md")).unwrap();
        assert!(report.contains("no Registrar"), "{example}: {report}");
        compared += 1;
    }
    assert_eq!(compared, 3);
}

#[test]
fn import_refuses_what_it_cannot_read_and_never_overwrites() {
    let dir = scratch(
        "import-refusals",
        &[
            ("not-xml.xml", b"site X {}"),
            ("other.xml", b"<Configuration/>"),
            (
                "hostile.xml",
                b"<Topology><Sites><CentralSite SiteId=\"1\"><Name>A&#x202E;B</Name></CentralSite></Sites></Topology>",
            ),
        ],
    );
    for (file, says) in [
        ("not-xml.xml", "not an XML document"),
        ("other.xml", "the root element is `Configuration`"),
        ("hostile.xml", "control or formatting character"),
    ] {
        let out = dir.join(format!("out-{file}"));
        let run = topoc(&[
            "import",
            "--topology",
            dir.join(file).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.status, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{file}: {}", run.stderr);
        assert!(!out.exists(), "{file}: nothing is written");
        assert!(
            !run.stderr.contains('\u{1b}'),
            "no raw escape reaches the terminal"
        );
    }
    // An existing directory is never written into.
    let taken = dir.join("taken");
    std::fs::create_dir_all(&taken).unwrap();
    let run = topoc(&[
        "import",
        "--topology",
        root()
            .join("tests/data/topology/DefaultTopology_Skype@66522ef.xml")
            .to_str()
            .unwrap(),
        "-o",
        taken.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&taken).unwrap().count(), 0);
}

/// Cut anywhere, or with bytes flipped, a document never makes the
/// importer panic: it imports or says why not.
#[test]
fn damaged_documents_are_refused_not_panicked_on() {
    let bytes = std::fs::read(root().join("tests/data/topology/DefaultTopology_Skype@66522ef.xml"))
        .unwrap();
    let mut outcomes = [0, 0];
    for cut in (0..bytes.len()).step_by(97) {
        let ok = topoc::import::topology(&bytes[..cut]).is_ok();
        outcomes[usize::from(ok)] += 1;
        let mut flipped = bytes.clone();
        flipped[cut] ^= 0x5a;
        let _ = topoc::import::topology(&flipped);
    }
    assert!(outcomes[0] > 0, "truncated documents are refused");
    assert!(topoc::import::topology(&bytes).is_ok());
}

/// A generated document: many sites of one name (file names stay unique
/// and the import stays fast), Mediation ports that are not one range
/// (the rest is reported, not merged), and a server name with a line
/// break (shown escaped, never raw, in the report).
#[test]
fn odd_documents_import_honestly() {
    let mut xml = String::from("<Topology><Sites>");
    for i in 1..=2000 {
        xml.push_str(&format!(
            "<CentralSite SiteId=\"{i}\"><Name>a</Name></CentralSite>"
        ));
    }
    xml.push_str(
        "</Sites><Clusters>\
         <Cluster Fqdn=\"fe.contoso.com\"><ClusterId SiteId=\"1\" Number=\"1\"/><Machine Fqdn=\"fe.contoso.com\"/></Cluster>\
         <Cluster Fqdn=\"sql&#10;- forged line\"><ClusterId SiteId=\"1\" Number=\"2\"/></Cluster>\
         </Clusters><Services>\
         <Service><ServiceId SiteId=\"1\" RoleName=\"Registrar\" Instance=\"1\"/><InstalledOn><ClusterId SiteId=\"1\" Number=\"1\"/></InstalledOn></Service>\
         <Service><ServiceId SiteId=\"1\" RoleName=\"MediationServer\" Instance=\"1\"/><InstalledOn><ClusterId SiteId=\"1\" Number=\"1\"/></InstalledOn>\
         <Ports><Port Owner=\"urn:component:Mediation\" Usage=\"SipClient\" InterfaceSide=\"Pstn\" Port=\"5067\" Protocol=\"Tls\"/>\
         <Port Owner=\"urn:component:Mediation\" Usage=\"SipClient\" InterfaceSide=\"Pstn\" Port=\"6000\" Protocol=\"Tls\"/></Ports></Service>\
         <Service><ServiceId SiteId=\"1\" RoleName=\"FileStore\" Instance=\"1\"/><InstalledOn><ClusterId SiteId=\"1\" Number=\"2\"/></InstalledOn></Service>\
         </Services></Topology>",
    );
    let imported = topoc::import::topology(xml.as_bytes()).unwrap();
    assert_eq!(imported.files.len(), 2000);
    let names: std::collections::HashSet<&str> =
        imported.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 2000, "file names are unique");
    let (_, first) = &imported.files[0];
    assert!(first.contains("tls-ports 5067 }"), "{first}");
    assert!(
        imported
            .report
            .iter()
            .any(|l| l.contains("ports 6000 do not join the range 5067..5067")),
        "{:?}",
        imported.report
    );
    let dir = scratch("import-odd", &[("odd.xml", xml.as_bytes())]);
    let out = dir.join("out");
    let run = topoc(&[
        "import",
        "--topology",
        dir.join("odd.xml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let report = std::fs::read_to_string(out.join("import-report.md")).unwrap();
    assert!(report.contains("sql\\u{a}- forged line"), "{report}");
    assert!(!report.contains("\n- forged line"), "no forged report line");
}
