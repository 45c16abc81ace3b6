//! Theme suggestions: deterministic, explainable, and never overriding what people decided.

use convene::cluster::{self, Accept, Options, ThemeCount};
use convene::framework::Framework;
use convene::model::*;

/// The hand-made workshop notes in `tests/fixtures/workshop_notes.csv` (text, theme).
fn fixture() -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_path("tests/fixtures/workshop_notes.csv").unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect()
}

fn session_with(texts: &[&str]) -> Session {
    let mut s = Session::new(
        "Themes test",
        jiff::civil::date(2026, 9, 24),
        Framework::default_framework(),
        "2026-09-24T09:00:00Z".parse().unwrap(),
    );
    let t = s.next_table(None, vec![Stakeholder::LivedExperience]);
    s.apply(Change::AddTable(t)).unwrap();
    let step = s.framework.principles().next().unwrap().id.clone();
    for text in texts {
        let n = s.next_note(TableId(1), &step, NoteKind::Comment, *text, s.created);
        s.apply(Change::AddNote(n)).unwrap();
    }
    s
}

fn fixture_session() -> Session {
    let notes = fixture();
    let texts: Vec<&str> = notes.iter().map(|(t, _)| t.as_str()).collect();
    session_with(&texts)
}

fn fixed(k: usize) -> Options {
    Options {
        themes: ThemeCount::Fixed(k),
        ..Options::default()
    }
}

fn apply_all(s: &mut Session, changes: Vec<Change>) {
    s.apply(Change::Batch(changes)).unwrap();
}

#[test]
fn the_same_notes_give_the_same_themes() {
    let s = fixture_session();
    for options in [fixed(8), Options::default()] {
        let a = cluster::suggest(&s, &options, &mut |_| {});
        let b = cluster::suggest(&s, &options, &mut |_| {});
        assert_eq!(a, b);
        assert!(a.themes.len() >= 2);
        let placed: usize = a.themes.iter().map(|t| t.notes.len()).sum();
        assert_eq!(placed, s.notes.len(), "every free note is in one theme");
    }
}

#[test]
fn childcare_and_school_runs_end_up_together() {
    let s = fixture_session();
    let sug = cluster::suggest(&s, &fixed(8), &mut |_| {});
    let theme_of = |needle: &str| {
        let id = s.notes.iter().find(|n| n.text.contains(needle)).unwrap().id;
        sug.themes
            .iter()
            .position(|t| t.notes.iter().any(|f| f.note == id))
            .unwrap()
    };
    let school_run = theme_of("school run");
    assert_eq!(theme_of("Nursery places"), school_run);
    assert_eq!(theme_of("after-school clubs"), school_run);
    assert_eq!(theme_of("childcare costs"), school_run);
    let label = sug.themes[school_run].label.to_lowercase();
    assert!(
        label.contains("childcare"),
        "label names the lexicon concept: {label}"
    );
    // The explanation shows the lexicon at work and how close each note is.
    let why = &sug.themes[school_run].why;
    assert!(why.concepts.iter().any(|c| c.text == "childcare"));
    assert!(why.summary().contains("childcare"));
    for fit in &sug.themes[school_run].notes {
        assert!(fit.similarity > 0.0 && fit.similarity <= 1.0001);
    }
    // Closest first, and the representative is the closest.
    let notes = &sug.themes[school_run].notes;
    assert!(notes.windows(2).all(|w| w[0].similarity >= w[1].similarity));
    assert_eq!(sug.themes[school_run].representative, notes[0].note);
}

#[test]
fn transport_notes_are_grouped_without_shared_words() {
    let s = fixture_session();
    let sug = cluster::suggest(&s, &fixed(8), &mut |_| {});
    let theme_of = |needle: &str| {
        let id = s.notes.iter().find(|n| n.text.contains(needle)).unwrap().id;
        sug.themes
            .iter()
            .position(|t| t.notes.iter().any(|f| f.note == id))
            .unwrap()
    };
    assert_eq!(theme_of("last bus"), theme_of("two buses"));
    assert_eq!(theme_of("Bus fares"), theme_of("last bus"));
}

#[test]
fn accepting_all_records_suggestions_and_undoes_in_one_step() {
    let mut s = fixture_session();
    let before = s.clone();
    let sug = cluster::suggest(&s, &fixed(6), &mut |_| {});
    let changes = cluster::to_changes(&s, &sug, Accept::All);
    let inverse = s.apply(Change::Batch(changes)).unwrap().unwrap();
    assert_eq!(s.themes.len(), 6);
    assert!(s.themes.iter().all(|t| t.origin == Origin::Suggested));
    assert!(
        s.notes
            .iter()
            .all(|n| n.theme.is_some() && n.placed_by == Some(Origin::Suggested))
    );
    s.apply(inverse).unwrap();
    assert_eq!(s.themes, before.themes);
    assert_eq!(s.notes, before.notes);
}

#[test]
fn accepting_one_theme_adds_only_that_theme() {
    let mut s = fixture_session();
    let sug = cluster::suggest(&s, &fixed(6), &mut |_| {});
    let changes = cluster::to_changes(&s, &sug, Accept::Theme(1));
    apply_all(&mut s, changes);
    assert_eq!(s.themes.len(), 1);
    assert_eq!(s.themes[0].label, sug.themes[1].label);
    let placed = s.notes.iter().filter(|n| n.theme.is_some()).count();
    assert_eq!(placed, sug.themes[1].notes.len());
}

#[test]
fn themes_and_placements_made_by_people_survive_reclustering() {
    let mut s = fixture_session();
    // A person makes a theme and places two notes in it, one of them odd for the theme.
    let person = Theme {
        id: ThemeId(s.next_ids.theme),
        label: "Our own theme".into(),
        origin: Origin::Person,
        step: None,
        description: String::new(),
    };
    let pid = person.id;
    s.apply(Change::AddTheme(person)).unwrap();
    let a = s.notes[0].id; // school run
    let b = s.notes[20].id; // salary on every advert
    for note in [a, b] {
        s.apply(Change::PlaceNote {
            note,
            theme: Some(pid),
            by: Some(Origin::Person),
        })
        .unwrap();
    }
    // Accept a first run, then a person drags one suggested placement elsewhere.
    let first = cluster::suggest(&s, &fixed(6), &mut |_| {});
    assert!(first.kept.contains(&pid));
    assert!(
        first
            .themes
            .iter()
            .all(|t| t.notes.iter().all(|f| f.note != a && f.note != b)),
        "notes placed by a person are not proposed elsewhere"
    );
    let changes = cluster::to_changes(&s, &first, Accept::All);
    apply_all(&mut s, changes);
    let dragged = s.notes[30].id;
    let target = s.themes.iter().find(|t| t.id != pid).unwrap().id;
    s.apply(Change::PlaceNote {
        note: dragged,
        theme: Some(target),
        by: Some(Origin::Person),
    })
    .unwrap();
    // Re-cluster with a different number of themes and accept everything again.
    let person_theme_before = s.theme(pid).cloned();
    let target_before = s.theme(target).cloned();
    let second = cluster::suggest(&s, &fixed(4), &mut |_| {});
    assert!(
        second.kept.contains(&target),
        "a theme a person placed a note in is kept"
    );
    let changes = cluster::to_changes(&s, &second, Accept::All);
    apply_all(&mut s, changes);
    assert_eq!(s.theme(pid).cloned(), person_theme_before);
    assert_eq!(s.theme(target).cloned(), target_before);
    for (note, theme) in [(a, pid), (b, pid), (dragged, target)] {
        let n = s.note(note).unwrap();
        assert_eq!(n.theme, Some(theme));
        assert_eq!(n.placed_by, Some(Origin::Person));
    }
}

#[test]
fn new_notes_are_offered_to_the_nearest_existing_theme() {
    let mut s = fixture_session();
    let sug = cluster::suggest(&s, &fixed(8), &mut |_| {});
    let changes = cluster::to_changes(&s, &sug, Accept::All);
    apply_all(&mut s, changes);
    // The room adopts every theme (edits make them a person's).
    for t in s.themes.clone() {
        s.apply(Change::UpdateTheme(Theme {
            origin: Origin::Person,
            ..t
        }))
        .unwrap();
    }
    let step = s.notes[0].step.clone();
    let n = s.next_note(
        TableId(1),
        &step,
        NoteKind::Barrier,
        "Childcare costs and the school run make early shifts impossible",
        s.created,
    );
    let new_id = n.id;
    s.apply(Change::AddNote(n)).unwrap();
    let school_run_theme = s.notes[0].theme.unwrap();
    let (nearest, similarity) = cluster::nearest_theme(&s, new_id, &Options::default()).unwrap();
    assert_eq!(nearest, school_run_theme);
    assert!(similarity > 0.2);
    let again = cluster::suggest(&s, &Options::default(), &mut |_| {});
    assert!(again.replaces.is_empty(), "adopted themes are not replaced");
    assert_eq!(again.offers.len(), 1);
    assert_eq!(again.offers[0].note, new_id);
    assert_eq!(again.offers[0].theme, school_run_theme);
    let changes = cluster::to_changes(&s, &again, Accept::Offers);
    apply_all(&mut s, changes);
    assert_eq!(s.note(new_id).unwrap().theme, Some(school_run_theme));
    assert_eq!(s.note(new_id).unwrap().placed_by, Some(Origin::Suggested));
}

#[test]
fn plain_texts_cluster_with_a_chosen_number_of_themes() {
    let notes = fixture();
    let texts: Vec<&str> = notes.iter().map(|(t, _)| t.as_str()).collect();
    let result = cluster::cluster_texts(&texts, &Options::default(), &mut |_| {});
    let choice = result.choice.as_ref().unwrap();
    assert!((2..=16).contains(&choice.k), "{choice:?}");
    assert_eq!(result.assignment.len(), texts.len());
    assert!(result.assignment.iter().all(|&g| g < result.groups.len()));
    // Names are short phrases of the notes (or a one-note theme's opening words).
    for g in &result.groups {
        let words = g.label.split_whitespace().count();
        assert!((1..=5).contains(&words), "label {:?}", g.label);
    }
    // Agreement with the hand-made themes is well above chance.
    let labels: Vec<&str> = notes.iter().map(|(_, l)| l.as_str()).collect();
    let ari = cluster::metrics::adjusted_rand_index(&result.assignment, &labels);
    assert!(ari > 0.3, "ARI {ari}");
}

#[test]
fn empty_and_tiny_inputs_do_not_panic() {
    let r = cluster::cluster_texts(&[], &Options::default(), &mut |_| {});
    assert!(r.groups.is_empty());
    let r = cluster::cluster_texts(&["only one note"], &Options::default(), &mut |_| {});
    assert_eq!(r.groups.len(), 1);
    let r = cluster::cluster_texts(&["", "!!!", "bus"], &fixed(5), &mut |_| {});
    assert_eq!(r.assignment.len(), 3);
}

#[test]
fn auto_picks_a_usable_number_of_themes_for_the_hand_made_notes() {
    // 48 notes written under 8 themes: a wall has many small themes, but not 2 or 20.
    let notes = fixture();
    let texts: Vec<&str> = notes.iter().map(|(t, _)| t.as_str()).collect();
    let result = cluster::cluster_texts(&texts, &Options::default(), &mut |_| {});
    let k = result.choice.as_ref().unwrap().k;
    assert!((5..=14).contains(&k), "{k} themes");
    let largest = result.groups.iter().map(|g| g.members.len()).max().unwrap();
    assert!(largest * 100 <= texts.len() * 35, "largest theme {largest}");
}

#[test]
fn sensitive_notes_give_no_words_to_theme_names_or_explanations() {
    let mut s = session_with(&[
        "The last bus leaves before the late shift ends",
        "No evening buses back from the industrial estate",
        "Bus fares cost more than an hour's pay",
        "Nursery places run out before the school run",
        "Childcare closes at six so evening work is impossible",
        "After-school clubs are full until spring",
        "My husband Darren controls the money and hit me",
        "Darren takes my wages, I am scared to go home",
    ]);
    for id in [NoteId(7), NoteId(8)] {
        s.apply(Change::SetNoteFlags {
            id,
            lived_experience: true,
            sensitive: true,
        })
        .unwrap();
    }
    for k in [2, 3, 4] {
        let sug = cluster::suggest(&s, &fixed(k), &mut |_| {});
        for t in &sug.themes {
            let shown = format!(
                "{} {} {:?}",
                t.label,
                t.why.summary(),
                t.notes.iter().map(|n| n.shared.clone()).collect::<Vec<_>>()
            )
            .to_lowercase();
            for private in ["darren", "husband", "scared", "wages", "money"] {
                assert!(!shown.contains(private), "k={k}: {private} in {shown}");
            }
            let rep = s.note(t.representative).unwrap();
            let any_public = t.notes.iter().any(|n| !s.note(n.note).unwrap().sensitive);
            assert!(
                !rep.sensitive || !any_public,
                "k={k}: representative {rep:?}"
            );
        }
    }
}

#[test]
fn a_run_for_one_step_leaves_earlier_suggestions_reaching_other_steps_whole() {
    // The hand-made notes over two principles, grouped all together first.
    let notes = fixture();
    let mut s = session_with(&[]);
    let steps: Vec<String> = s
        .framework
        .principles()
        .map(|p| p.id.clone())
        .take(2)
        .collect();
    for (i, (text, _)) in notes.iter().enumerate() {
        let n = s.next_note(
            TableId(1),
            &steps[i % 2],
            NoteKind::Comment,
            text.as_str(),
            s.created,
        );
        s.apply(Change::AddNote(n)).unwrap();
    }
    let all = cluster::suggest(&s, &Options::default(), &mut |_| {});
    let changes = cluster::to_changes(&s, &all, Accept::All);
    apply_all(&mut s, changes);
    let before = s.clone();
    assert!(
        before.themes.iter().any(|t| t.step.is_none()),
        "some themes span both steps"
    );
    // Names are never shared by two themes.
    let mut labels: Vec<&str> = s.themes.iter().map(|t| t.label.as_str()).collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), s.themes.len(), "{labels:?}");
    // Then for the first step alone: themes spanning both steps are left as they are.
    let one = Options {
        step: Some(steps[0].clone()),
        ..Options::default()
    };
    let again = cluster::suggest(&s, &one, &mut |_| {});
    let changes = cluster::to_changes(&s, &again, Accept::All);
    apply_all(&mut s, changes);
    for t in before.themes.iter().filter(|t| t.step.is_none()) {
        assert_eq!(s.theme(t.id), Some(t), "a theme across steps is kept whole");
        let was: Vec<NoteId> = before
            .notes
            .iter()
            .filter(|n| n.theme == Some(t.id))
            .map(|n| n.id)
            .collect();
        let now: Vec<NoteId> = s
            .notes
            .iter()
            .filter(|n| n.theme == Some(t.id))
            .map(|n| n.id)
            .collect();
        assert_eq!(was, now, "{}", t.label);
    }
    assert!(s.problems().is_empty());
}
