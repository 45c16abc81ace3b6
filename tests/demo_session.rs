//! Checks that the shipped demo workshop, `sessions/demo.ron`, loads and is complete.

use convene::framework::{Framework, StepKind};
use convene::model::{Origin, Session, Stakeholder, TableColour};
use std::collections::HashSet;

fn path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/demo.ron")
}

fn text() -> String {
    std::fs::read_to_string(path()).expect("sessions/demo.ron is readable")
}

fn demo() -> Session {
    convene::store::parse(text().as_bytes()).expect("sessions/demo.ron parses")
}

#[test]
fn demo_loads_without_problems() {
    let s = demo();
    assert!(s.problems().is_empty(), "{:?}", s.problems());
    assert_eq!(s.framework, Framework::default_framework());
    assert_eq!(s.facilitators.len(), 2);
    assert!(!s.venue.is_empty() && !s.place.is_empty());
}

#[test]
fn demo_is_written_in_canonical_format() {
    let text = text();
    assert_eq!(convene::store::to_ron(&demo()), text);
}

#[test]
fn demo_has_six_mixed_tables_covering_every_stakeholder() {
    let s = demo();
    assert_eq!(s.tables.len(), 6);
    for (i, t) in s.tables.iter().enumerate() {
        assert_eq!(t.id.0, i as u32 + 1);
        assert_eq!(t.letter, ["A", "B", "C", "D", "E", "F"][i]);
        assert_eq!(t.colour, TableColour::nth(i));
        assert!(t.mix.len() >= 2, "table {} is not mixed", t.letter);
    }
    let kinds: HashSet<Stakeholder> = s.tables.iter().flat_map(|t| t.mix.clone()).collect();
    for k in Stakeholder::ALL {
        assert!(kinds.contains(&k), "no table has {}", k.label());
    }
}

#[test]
fn demo_notes_cover_every_principle_and_table() {
    let s = demo();
    assert!((115..=125).contains(&s.notes.len()), "{}", s.notes.len());
    for step in s.framework.principles() {
        let n = s.notes.iter().filter(|n| n.step == step.id).count();
        assert!(n >= 15, "step {} has only {n} notes", step.id);
    }
    for t in &s.tables {
        assert!(
            s.notes.iter().any(|n| n.table == t.id),
            "{} has no notes",
            t.letter
        );
    }
    assert!(s.notes.iter().any(|n| n.sensitive));
    assert!(s.notes.iter().any(|n| n.lived_experience));
    // Notes are only written under principle steps, in the order of the day.
    for n in &s.notes {
        assert_eq!(
            s.framework.step(&n.step).map(|st| st.kind),
            Some(StepKind::Principle)
        );
    }
    assert!(s.notes.windows(2).all(|w| w[0].created < w[1].created));
}

#[test]
fn demo_notes_are_written_while_their_step_is_on_screen() {
    let s = demo();
    let visits = &s.step_log;
    assert_eq!(visits.last().unwrap().step, "recommendations");
    assert!(visits.windows(2).all(|w| w[0].at < w[1].at));
    for n in &s.notes {
        let i = visits.iter().position(|v| v.step == n.step).unwrap();
        assert!(visits[i].at <= n.created, "note {} before its step", n.id);
        assert!(
            visits.get(i + 1).is_none_or(|next| n.created < next.at),
            "note {} after its step",
            n.id
        );
    }
}

#[test]
fn demo_themes_votes_and_outcomes_are_complete() {
    let s = demo();
    assert!(s.themes.len() >= 8);
    assert!(s.themes.iter().any(|t| t.origin == Origin::Suggested));
    assert!(s.themes.iter().any(|t| t.origin == Origin::Person));
    for n in &s.notes {
        assert_eq!(n.theme.is_some(), n.placed_by.is_some(), "{}", n.id);
    }
    let placed = s.notes.iter().filter(|n| n.theme.is_some()).count();
    assert!(placed * 2 > s.notes.len() && placed < s.notes.len());
    for t in &s.tables {
        let dots: u32 = s
            .votes
            .iter()
            .filter(|v| v.table == t.id)
            .map(|v| v.dots)
            .sum();
        assert_eq!(dots, s.dots_per_table, "table {}", t.letter);
    }
    assert!(s.votes.iter().all(|v| v.dots > 0));
    assert!(s.recommendations.len() >= 4);
    for r in &s.recommendations {
        assert!(s.framework.audiences.contains(&r.audience), "{}", r.id);
        assert!(!r.owner.is_empty() && r.timeframe.is_some());
        assert!(!r.themes.is_empty() && !r.steps.is_empty());
    }
    assert!(s.responses.len() >= 8);
    assert!(s.responses.iter().all(|r| !r.owner.is_empty()));
}
