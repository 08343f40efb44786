//! Evaluating patterns for a simulator, within budgets.
//!
//! A back-tracking matcher is exact for every .NET construct but can take
//! exponential time: `^\+(\d+)+$` on `+111…1#` tries every way of cutting
//! the ones into groups before it fails. Such a pattern would spend the
//! whole per-search budget ([`crate::netregex::STEP_BUDGET`]) on every call,
//! and a project with thousands of golden tests dialling it would run for
//! minutes. So each evaluation goes in three stages:
//!
//! 1. back-tracking with a small allowance ([`FIRST_STEPS`]), which every
//!    ordinary dial-plan rule or route needs only a fraction of;
//! 2. where that does not decide and the pattern is regular (and the
//!    number is a dial string), the pattern's automaton
//!    ([`crate::dialset`]), built once per pattern within [`DFA_WORK`],
//!    which answers `IsMatch` in one pass (and "no match" for a rule,
//!    which needs the back-tracker only to find its groups);
//! 3. back-tracking within what is left of the pattern's allowance
//!    ([`PATTERN_STEPS`]).
//!
//! Every step of every search counts against the simulator's allowance
//! ([`Evaluator::new`]; see [`Simulator::for_calls`](super::Simulator::for_calls)
//! for one sized by the number of calls), and within an enclosing
//! [`dialset::metered`] budget (the routing analysis replays its witnesses
//! inside its own) against that budget too. Once an allowance is spent,
//! later calls are undecided ([`Undecided::Spent`]) at once instead of
//! spending it again. An [`Evaluator`] belongs to one simulator, whose
//! calls run in a fixed order, so what is decided does not depend on
//! timing.

use std::cell::RefCell;
use std::sync::Arc;

use crate::dialset::{self, FastMap, Set};
use crate::netregex::{Match, Regex, Replacement, STEP_BUDGET, Undecided};

/// Steps of the first, cheap attempt at every evaluation.
pub const FIRST_STEPS: u64 = 20_000;
/// Steps one pattern may take beyond its first attempts, over all the
/// evaluations of one simulator.
pub const PATTERN_STEPS: u64 = 4 * STEP_BUDGET;
/// Work ([`dialset::metered`] units) one pattern's automaton may take.
pub const DFA_WORK: u64 = 5_000_000;
/// Work all automata of one simulator may take.
pub const TOTAL_DFA_WORK: u64 = 100_000_000;
/// [`dialset::metered`] units charged per back-tracking step where an
/// enclosing budget applies (a step costs about as much as a unit).
const UNITS_PER_STEP: u64 = 1;

/// The steps an enclosing [`dialset::metered`] budget still covers (all,
/// outside one): a search never starts beyond it.
fn within_work() -> u64 {
    dialset::work_left() / UNITS_PER_STEP
}

/// What one simulator knows and has spent per pattern.
#[derive(Default)]
struct PatternState {
    /// Steps spent on the pattern beyond its first attempts.
    spent: u64,
    /// The automaton, once tried: `None` when it cannot be built.
    dfa: Option<Option<Arc<Set>>>,
}

struct State {
    /// By the address of the parsed pattern (patterns outlive the evaluator).
    patterns: FastMap<usize, PatternState>,
    /// Steps left for every search of the simulator.
    steps_left: u64,
    /// Work left for the automata of the simulator.
    dfa_left: u64,
}

/// The pattern evaluator of one simulator.
pub struct Evaluator {
    state: RefCell<State>,
}

impl Evaluator {
    /// An evaluator whose searches may take `steps` back-tracking steps in
    /// all.
    pub fn new(steps: u64) -> Evaluator {
        Evaluator {
            state: RefCell::new(State {
                patterns: FastMap::default(),
                steps_left: steps,
                dfa_left: TOTAL_DFA_WORK,
            }),
        }
    }

    /// `Regex.IsMatch(number)`.
    pub fn is_match(&self, re: &Regex, number: &str) -> Result<bool, Undecided> {
        self.touch(number)?;
        if let Some(dfa) = self.known_automaton(re, number) {
            return Ok(dfa.contains(number));
        }
        if let Some(found) = self.first_attempt(re, |re, steps| re.find_within(number, steps))? {
            return Ok(found.is_some());
        }
        if let Some(dfa) = self.automaton(re, number) {
            return Ok(dfa.contains(number));
        }
        self.patiently(re, |re, steps| {
            re.find_within(number, steps).map(|m| m.is_some())
        })
    }

    /// `Regex.Match(number).Result(translation)` where the pattern matches.
    pub fn translate(
        &self,
        re: &Regex,
        translation: &Replacement,
        number: &str,
    ) -> Result<Option<String>, Undecided> {
        self.touch(number)?;
        if self
            .known_automaton(re, number)
            .is_some_and(|d| !d.contains(number))
        {
            return Ok(None);
        }
        let find = |re: &Regex, steps: &mut u64| re.find_within(number, steps);
        if let Some(found) = self.first_attempt(re, find)? {
            return Ok(found.map(|m: Match| m.result(translation)));
        }
        if self
            .automaton(re, number)
            .is_some_and(|d| !d.contains(number))
        {
            return Ok(None);
        }
        self.patiently(re, |re, steps| {
            re.translate_within(number, translation, steps)
        })
    }

    /// `Regex.Replace(number, translation)` where the pattern matches.
    pub fn replace(
        &self,
        re: &Regex,
        translation: &Replacement,
        number: &str,
    ) -> Result<Option<String>, Undecided> {
        if !self.is_match(re, number)? {
            return Ok(None);
        }
        let replace = |re: &Regex, steps: &mut u64| re.replace_within(number, translation, steps);
        if let Some(out) = self.first_attempt(re, replace)? {
            return Ok(Some(out));
        }
        self.patiently(re, |re, steps| {
            re.replace_within(number, translation, steps).map(Some)
        })
    }

    /// Books the part of an evaluation that grows with the number, not with
    /// the pattern (converting it, walking an automaton): a step per eight
    /// characters. Golden tests can dial numbers of any length.
    fn touch(&self, number: &str) -> Result<(), Undecided> {
        let cost = number.len() as u64 / 8 + 1;
        let mut state = self.state.borrow_mut();
        if state.steps_left < cost || !dialset::charge_work(cost * UNITS_PER_STEP) {
            state.steps_left = 0;
            return Err(Undecided::Spent);
        }
        state.steps_left -= cost;
        Ok(())
    }

    /// The first, cheap search: `Some(result)` when it decides, `None`
    /// when it ran out of its few steps (or nests too deep for the
    /// matcher, which an automaton may still answer).
    fn first_attempt<T>(
        &self,
        re: &Regex,
        search: impl FnOnce(&Regex, &mut u64) -> Result<T, Undecided>,
    ) -> Result<Option<T>, Undecided> {
        let allowance = {
            let state = self.state.borrow();
            let key = re as *const Regex as usize;
            if state
                .patterns
                .get(&key)
                .is_some_and(|p| p.spent >= PATTERN_STEPS)
            {
                // Known to need more than it may have: not tried again.
                return Err(Undecided::Spent);
            }
            FIRST_STEPS.min(state.steps_left).min(within_work())
        };
        match self.search(re, allowance, false, search) {
            Ok(found) => Ok(Some(found)),
            Err(Undecided::Budget) if allowance == FIRST_STEPS => Ok(None),
            Err(Undecided::Depth) => Ok(None),
            Err(Undecided::Budget) => Err(Undecided::Spent),
            Err(other) => Err(other),
        }
    }

    /// The pattern's automaton when an earlier evaluation built it (the
    /// pattern once took more than its first attempt) and `number` is a
    /// dial string: then it answers first, and the back-tracker is not
    /// tried again on a pattern known to need it.
    fn known_automaton(&self, re: &Regex, number: &str) -> Option<Arc<Set>> {
        let state = self.state.borrow();
        let dfa = state
            .patterns
            .get(&(re as *const Regex as usize))?
            .dfa
            .clone()??;
        dialset::in_alphabet(number).then_some(dfa)
    }

    /// The pattern's automaton, when it is regular, `number` is a dial
    /// string, and the automaton can be built within the budgets.
    fn automaton(&self, re: &Regex, number: &str) -> Option<Arc<Set>> {
        if !re.is_regular() || !dialset::in_alphabet(number) {
            return None;
        }
        let mut state = self.state.borrow_mut();
        let key = re as *const Regex as usize;
        if let Some(dfa) = state.patterns.get(&key).and_then(|p| p.dfa.clone()) {
            return dfa;
        }
        let (dfa, spent) = dialset::metered(DFA_WORK.min(state.dfa_left), || {
            let before = dialset::work_left();
            let dfa = dialset::of_regex(re).ok().map(Arc::new);
            (dfa, before - dialset::work_left())
        });
        state.dfa_left -= spent.min(state.dfa_left);
        state.patterns.entry(key).or_default().dfa = Some(dfa.clone());
        dfa
    }

    /// The last stage: `search` within what is left of the pattern's and
    /// the simulator's allowances (at most one full search).
    fn patiently<T>(
        &self,
        re: &Regex,
        search: impl FnOnce(&Regex, &mut u64) -> Result<T, Undecided>,
    ) -> Result<T, Undecided> {
        let key = re as *const Regex as usize;
        let allowance = {
            let mut state = self.state.borrow_mut();
            let left = state.steps_left;
            let spent = state.patterns.entry(key).or_default().spent;
            STEP_BUDGET
                .min(PATTERN_STEPS - spent)
                .min(left)
                .min(within_work())
        };
        match self.search(re, allowance, true, search) {
            // An allowance, not the per-search budget, ran out.
            Err(Undecided::Budget) if allowance < STEP_BUDGET => Err(Undecided::Spent),
            other => other,
        }
    }

    /// Runs one search with `allowance` steps and books what it took: to
    /// the simulator, to the pattern (`patient`), and to an enclosing
    /// [`dialset::metered`] budget.
    fn search<T>(
        &self,
        re: &Regex,
        allowance: u64,
        patient: bool,
        search: impl FnOnce(&Regex, &mut u64) -> Result<T, Undecided>,
    ) -> Result<T, Undecided> {
        if allowance == 0 {
            return Err(Undecided::Spent);
        }
        let mut steps = allowance;
        let result = search(re, &mut steps);
        let used = allowance - steps;
        let mut state = self.state.borrow_mut();
        state.steps_left -= used.min(state.steps_left);
        if patient {
            state
                .patterns
                .entry(re as *const Regex as usize)
                .or_default()
                .spent += used;
        }
        if !dialset::charge_work(used * UNITS_PER_STEP + 1) {
            return Err(Undecided::Spent);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps_left(e: &Evaluator) -> u64 {
        e.state.borrow().steps_left
    }

    #[test]
    fn a_regular_pattern_that_backtracks_is_decided_by_its_automaton() {
        let re = Regex::new(r"^\+(\d+)+$").unwrap();
        let number = format!("+{}#", "1".repeat(40));
        let e = Evaluator::new(u64::MAX);
        assert_eq!(e.is_match(&re, &number), Ok(false));
        let after_first = steps_left(&e);
        // One search of the first allowance, and the number's own cost.
        let touch = number.len() as u64 / 8 + 1;
        assert!(u64::MAX - after_first <= FIRST_STEPS + touch);
        // Later calls go to the automaton at once: the number's cost only.
        for _ in 0..100 {
            assert_eq!(e.is_match(&re, &number), Ok(false));
        }
        assert_eq!(after_first - steps_left(&e), 100 * touch);
        assert_eq!(e.is_match(&re, "+123"), Ok(true));
        let tr = Replacement::parse("$1", &re).unwrap();
        assert_eq!(e.translate(&re, &tr, &number), Ok(None));
        assert_eq!(e.translate(&re, &tr, "+123"), Ok(Some("123".into())));
    }

    #[test]
    fn a_pattern_that_spent_its_allowance_is_undecided_at_once() {
        // A look-ahead makes the pattern non-regular: no automaton.
        let re = Regex::new(r"^\+(?=\d)(\d+)+$").unwrap();
        let number = format!("+{}#", "1".repeat(40));
        let e = Evaluator::new(u64::MAX);
        let mut results = Vec::new();
        for _ in 0..10 {
            results.push(e.is_match(&re, &number));
        }
        assert_eq!(results[0], Err(Undecided::Budget), "one full search");
        assert!(results[4..].iter().all(|r| *r == Err(Undecided::Spent)));
        let spent = u64::MAX - steps_left(&e);
        assert!(spent <= PATTERN_STEPS + 5 * FIRST_STEPS, "{spent}");
        // Once spent, a call costs only reading the number.
        assert_eq!(e.is_match(&re, &number), Err(Undecided::Spent));
        assert_eq!(
            u64::MAX - steps_left(&e),
            spent + number.len() as u64 / 8 + 1
        );
        // Other patterns are not affected.
        assert_eq!(e.is_match(&Regex::new(r"^\+1").unwrap(), "+1"), Ok(true));
    }

    #[test]
    fn a_pattern_too_deep_for_the_matcher_is_answered_by_its_automaton() {
        // 3,000 nested iterations of a group: deeper than the matcher's
        // recursion allows, one loop for the automaton.
        let re = Regex::new(r"^\+(\d|#)*$").unwrap();
        let number = format!("+{}", "1#".repeat(3_000));
        assert_eq!(re.is_match(&number), Err(Undecided::Depth), "the premise");
        let e = Evaluator::new(u64::MAX);
        assert_eq!(e.is_match(&re, &number), Ok(true));
    }

    #[test]
    fn a_simulator_allowance_bounds_every_search() {
        let re = Regex::new(r"^\+(?=\d)(\d+)+$").unwrap();
        let e = Evaluator::new(3 * FIRST_STEPS);
        let number = format!("+{}#", "1".repeat(40));
        assert_eq!(e.is_match(&re, &number), Err(Undecided::Spent));
        assert_eq!(
            e.is_match(&Regex::new("1").unwrap(), "1"),
            Err(Undecided::Spent)
        );
    }
}
