//! `topoc check --cache` (issue 20): a run over unchanged files answers
//! from the cache, byte for byte; any edit — to any kind of object, a
//! comment, a file name — is a miss whose answer equals a run without the
//! cache; damaged or planted entries are never believed.
#![allow(clippy::disallowed_methods)]

mod common;

use std::path::Path;

use common::{Run, scratch_root, starter, topoc};

fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("check-"))
            .count()
    })
}

fn cached(project: &Path, cache: &Path, format: &str) -> Run {
    topoc(&[
        "check",
        "--format",
        format,
        "--cache",
        "--cache-dir",
        cache.to_str().unwrap(),
        project.to_str().unwrap(),
    ])
}

fn uncached(project: &Path, format: &str) -> Run {
    topoc(&["check", "--format", format, project.to_str().unwrap()])
}

fn same(a: &Run, b: &Run) -> bool {
    a.status == b.status && a.stdout == b.stdout && a.stderr == b.stderr
}

/// Replaces `from` by `to` in a file of the project (once; it must occur).
fn edit(project: &Path, file: &str, from: &str, to: &str) {
    let path = project.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "`{from}` in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_edit_misses_and_answers_as_a_run_without_the_cache() {
    let project = starter("cache-edits");
    let cache = scratch_root().join("cache-edits-entries");
    let _ = std::fs::remove_dir_all(&cache);
    for format in ["human", "json"] {
        let first = cached(&project, &cache, format);
        assert!(same(&first, &uncached(&project, format)), "{first:?}");
        let before = entries(&cache);
        let again = cached(&project, &cache, format);
        assert!(same(&first, &again), "a hit replays the run: {again:?}");
        assert_eq!(entries(&cache), before, "a hit writes nothing");
    }
    // One edit per kind of object (and a comment, and a new file), each
    // kept for the next: every one is a miss, answered exactly as without
    // the cache.
    let edits: &[(&str, &str, &str)] = &[
        ("topology.topo", "product lync-2013", "product sfb-2015"),
        (
            "topology.topo",
            "servers [fe01.example.com]",
            "servers [fe01.example.com, fe02.example.com]",
        ),
        ("topology.topo", "port 5061 tls", "port 5066 tls"),
        ("topology.topo", "kind pstn-gateway", "kind ip-pbx"),
        (
            "voice-routing.topo",
            "fast-failover off",
            "fast-failover on",
        ),
        (
            "voice-routing.topo",
            "pstn-usage Local",
            "pstn-usage Local\npstn-usage Spare",
        ),
        (
            "voice-routing.topo",
            "'^\\+1425[0-9]{7}$'",
            "'^\\+1425\\d{7}$'",
        ),
        ("voice-routing.topo", "priority 0", "priority 1"),
        (
            "voice-routing.topo",
            "usages [Local] # tried",
            "usages [Local, Spare] # tried",
        ),
        ("voice-routing.topo", "-> '+1425$1'", "-> '+1206$1'"),
        ("tests.topo", "dial '12065550100'", "dial '14255550100'"),
        (
            "tests.topo",
            "# Golden call tests",
            "# Golden call tests (edited comment)",
        ),
    ];
    for (file, from, to) in edits {
        edit(&project, file, from, to);
        assert_miss(&project, &cache, &format!("after `{to}`"));
    }
    std::fs::write(project.join("more.topo"), "pstn-usage Extra\n").unwrap();
    assert_miss(&project, &cache, "a new file");
    // Renaming a file changes the names in the report: a miss too.
    std::fs::rename(project.join("more.topo"), project.join("other.topo")).unwrap();
    assert_miss(&project, &cache, "a renamed file");
}

/// A cached run of the project as it is now: a miss (one entry more),
/// answered exactly as a run without the cache.
fn assert_miss(project: &Path, cache: &Path, what: &str) {
    let before = entries(cache);
    let run = cached(project, cache, "json");
    let plain = uncached(project, "json");
    assert!(same(&run, &plain), "{what}: {run:?} vs {plain:?}");
    assert_eq!(entries(cache), before + 1, "{what}: a miss");
}

#[test]
fn damaged_or_planted_entries_are_misses() {
    let project = starter("cache-damaged");
    let cache = scratch_root().join("cache-damaged-entries");
    let _ = std::fs::remove_dir_all(&cache);
    let truth = cached(&project, &cache, "json");
    let entry = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("check-"))
        .unwrap()
        .path();
    // A lie in the right format is believed only because the key is the
    // content's hash: the test shows the entry is what answers...
    let lie = r#"{"stdout":"planted\n","stderr":"","status":0}"#;
    std::fs::write(&entry, lie).unwrap();
    assert_eq!(cached(&project, &cache, "json").stdout, "planted\n");
    // ...and that anything malformed is a miss, rewritten with the truth.
    for damaged in ["", "{", "not json", r#"{"stdout": 1}"#] {
        std::fs::write(&entry, damaged).unwrap();
        let run = cached(&project, &cache, "json");
        assert!(same(&run, &truth), "{damaged:?}: {run:?}");
        assert!(same(&cached(&project, &cache, "json"), &truth));
    }
    // A link in the entry's place is not followed.
    std::fs::remove_file(&entry).unwrap();
    let elsewhere = scratch_root().join("cache-damaged-planted.json");
    std::fs::write(&elsewhere, lie).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &entry).unwrap();
    let run = cached(&project, &cache, "json");
    assert!(same(&run, &truth), "{run:?}");
}
