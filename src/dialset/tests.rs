//! Set operations, minimization and the metered budget, on small patterns.

use super::*;
use crate::netregex::Regex;

fn set(pattern: &str) -> Set {
    of_regex(&Regex::new(pattern).unwrap()).unwrap()
}

#[test]
fn anchored_and_unanchored_patterns() {
    let s = set(r"^\+1425\d{7}$");
    assert!(s.contains("+14255551234"));
    assert!(!s.contains("+142555512345"));
    assert!(!s.contains("1+14255551234"));
    let u = set(r"\d{3}");
    assert!(u.contains("+1234"));
    assert!(!u.contains(""));
    assert!(!u.contains("12"));
    assert_eq!(set(r"^(\d{3})$").shortest().as_deref(), Some("000"));
}

#[test]
fn the_empty_input_may_satisfy_both_anchors_in_any_order() {
    assert!(set("$^").contains(""));
    assert!(set(r"\z\A").contains(""));
    assert!(!set("$^").contains("1"));
    assert!(set("^$").contains(""));
}

#[test]
fn set_operations_and_witnesses() {
    let all = set(r"^\+1\d{10}$");
    let pbx = set(r"^\+14255550\d{3}$");
    let rest = all.minus(&pbx).unwrap();
    assert!(!rest.is_empty());
    assert!(pbx.minus(&all).unwrap().is_empty());
    assert_eq!(rest.shortest().as_deref(), Some("+10000000000"));
    assert!(!rest.contains("+14255550123"));
    assert_eq!(pbx.and(&all).unwrap(), pbx);
    assert_eq!(pbx.or(&all).unwrap(), all);
    assert_eq!(set(r"^1?$").shortest().as_deref(), Some(""));
}

#[test]
fn quotients_pad_and_wrap() {
    let s = set(r"^\+1(\d{3})$");
    assert_eq!(s.strip_prefix("+1"), set(r"^\d{3}$"));
    assert_eq!(s.strip_suffix("9").unwrap(), set(r"^\+1\d{2}$"));
    assert_eq!(
        set(r"^\d{3}$").pad(2, 1).unwrap(),
        set(r"^..\d{3}.$").and(&Set::all()).unwrap()
    );
    assert_eq!(
        set(r"^\d{3}$").wrap("+1", "#").unwrap(),
        set(r"^\+1\d{3}#$")
    );
}

#[test]
fn chains_are_the_minimal_automata_of_their_patterns() {
    let mut rng = crate::generate::Rng(5);
    for _ in 0..2_000 {
        let mut p = String::from("^");
        if rng.chance(50) {
            p.push_str("\\+");
        }
        for _ in 0..rng.below(5) {
            p.push_str(["1", "2", "[12]", "\\d", ".", "a", "(\\d{2})"][rng.below(7)]);
        }
        if rng.chance(30) {
            p.push_str(["\\d*", "1+", "[12]*", ".*", ".+"][rng.below(5)]);
        }
        p.push('$');
        let re = Regex::new(&p).unwrap();
        let general = compile::general(&re).unwrap();
        assert_eq!(of_regex(&re).unwrap(), general, "{p}");
        assert_eq!(general.clone().minimized(), general, "{p}");
    }
}

#[test]
fn hopcroft_agrees_with_moore() {
    let mut rng = crate::generate::Rng(11);
    for round in 0..3_000 {
        let n = 1 + rng.below(40);
        // Few distinct targets per state, so that many states are
        // equivalent and the refinement has work to do.
        let symbols = 1 + rng.below(3);
        let trans: Vec<u32> = (0..n * K)
            .map(|i| {
                if i % K < symbols {
                    rng.below(n) as u32
                } else {
                    (i / K) as u32
                }
            })
            .collect();
        let accept: Vec<bool> = (0..n).map(|_| rng.chance(30)).collect();
        let s = Set::new(trans, accept);
        let (h, hn) = s.equivalence_classes();
        let (m, mn) = s.moore_classes();
        assert_eq!(hn, mn, "round {round}: class counts differ");
        assert_eq!(s.collapsed(&h, hn), s.collapsed(&m, mn), "round {round}");
    }
}

#[test]
fn long_chains_minimize_quickly() {
    // Moore's refinement needed one pass per state of the chain: a
    // quadratic number of steps, minutes in a debug build.
    let s = set(r"^[0-9]{3000}[0-9]?$");
    assert!(s.contains(&"1".repeat(3_001)));
    assert!(!s.contains(&"1".repeat(3_002)));
}

#[test]
fn work_is_metered_and_charged_to_the_enclosing_budget() {
    let re = Regex::new(r"^\+(\d{1,100}){1,100}$").unwrap();
    let (inner, left) = metered(50_000_000, || {
        let r = metered(1_000_000, || of_regex(&re));
        (r, work_left())
    });
    assert_eq!(inner, Err(Unsupported::TooLarge(TooLarge::Work)));
    assert_eq!(left, 49_000_000, "the inner budget is charged to the outer");
    assert_eq!(work_left(), u64::MAX, "unlimited outside, and it stays so");
    let cheap = metered(1_000_000, || of_regex(&Regex::new(r"^\+1\d{10}$").unwrap()));
    assert!(cheap.is_ok());
}

#[test]
fn equal_sets_are_equal_values() {
    assert_eq!(set(r"^(1|1)\d$"), set(r"^1[0-9]$"));
    assert_eq!(set(r"^1\d*$").or(&set(r"^1$")).unwrap(), set(r"^1\d*$"));
}

/// Patterns of the usual shapes and a few unusual ones, for tests that
/// compare operations on every pair.
const PATTERNS: &[&str] = &[
    r"^\+1425555\d{4}$",
    r"^\+14255550\d{3}$",
    r"^\+1425\d{7}$",
    r"^\+1\d{10}$",
    r"^(\d{4})$",
    r"^1\d{3}$",
    r"^\d{3,5}$",
    r"^\+?1?\d{4}$",
    r"^(911|112)$",
    r"^9(\d*)$",
    r"^\+1425555(0|1)\d{3}$",
    r"^[^0]\d*",
    r"^$",
    r"^\*\d{2}#$",
];

#[test]
fn the_shortest_member_outside_others_is_the_first_of_the_difference() {
    let sets: Vec<Set> = PATTERNS.iter().map(|p| set(p)).collect();
    for a in &sets {
        // One other (its own search), two others and none.
        for b in &sets {
            let want = a.minus(b).unwrap().shortest();
            assert_eq!(Set::shortest_outside(a, &[b]).unwrap(), want);
            for c in &sets {
                let want = a.minus(b).unwrap().minus(c).unwrap().shortest();
                assert_eq!(Set::shortest_outside(a, &[b, c]).unwrap(), want);
            }
        }
        assert_eq!(Set::shortest_outside(a, &[]).unwrap(), a.shortest());
    }
}

#[test]
fn prefix_keys_class_the_symbols_that_lead_to_one_state() {
    let keys = |p| {
        set(p)
            .prefix_keys()
            .iter()
            .map(|k| format!("{k:?}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(r"^\+1425[0-9]{3}0042$"), ["+1425[0-9][0-9][0-9]0042"]);
    assert_eq!(
        keys(r"^\+1(206|425)\d{2}$"),
        ["+1206[0-9][0-9]", "+1425[0-9][0-9]"]
    );
    // A member shorter than the others is a key of its own.
    assert_eq!(keys(r"^9(\d{2})?$"), ["9", "9[0-9][0-9]"]);
    // More than eight classes at a depth: the keys stop before it.
    assert_eq!(keys(r"^(10|21|32|43|54|65|76|87|98)$"), [""]);
}

/// Two sets can meet only if keys of theirs meet, and the index finds
/// exactly the items whose keys meet a query's: on every pair of a list
/// of patterns, against the sets themselves.
#[test]
fn sets_that_meet_have_keys_that_meet_and_the_index_finds_them() {
    // Told apart only by their last digits, then the shared list, then
    // an extension, nine keys at one depth (more than a set may have), a
    // suffix and everything.
    let patterns: Vec<&str> = [
        r"^\+1425[0-9]{3}0042$",
        r"^\+1425[0-9]{3}0043$",
        r"^\+1(206|425)\d{7}$",
    ]
    .into_iter()
    .chain(PATTERNS.iter().copied())
    .chain([
        r"^\+1425\d{7};ext=\d+$",
        r"^(10|21|32|43|54|65|76|87|98)$",
        r"5$",
        r".*",
    ])
    .collect();
    let sets: Vec<Set> = patterns.iter().map(|p| set(p)).collect();
    let keys: Vec<Vec<Key>> = sets.iter().map(Set::prefix_keys).collect();
    let mut index = KeyIndex::default();
    for (i, k) in keys.iter().enumerate() {
        index.add(k, i as u32);
    }
    for (i, a) in sets.iter().enumerate() {
        let meets = |j: usize| keys[i].iter().any(|x| keys[j].iter().any(|y| x.meets(y)));
        for (j, b) in sets.iter().enumerate() {
            if !a.disjoint(b).unwrap() {
                assert!(meets(j), "{} and {}", patterns[i], patterns[j]);
            }
        }
        let want: Vec<u32> = (0..i).filter(|&j| meets(j)).map(|j| j as u32).collect();
        assert_eq!(index.meeting(&keys[i], i as u32), want, "{}", patterns[i]);
    }
    // Keys that tell the sets apart keep them apart.
    assert_eq!(index.meeting(&keys[1], 1), [] as [u32; 0]);
}
