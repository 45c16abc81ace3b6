//! Suggestions as jobs the app asks for (effects) and answers it is given (actions): Esc
//! stops a running job, `g` again replaces it, answers of older generations are ignored, and
//! one run on a real worker thread.

use super::*;

/// The jobs the app asked for since the last call: (generation, session copy) of each start,
/// and the generations it cancelled.
fn jobs_asked(app: &mut App<MemoryStore>) -> (Vec<(u64, Session)>, Vec<u64>) {
    let mut started = Vec::new();
    let mut cancelled = Vec::new();
    for e in app.take_effects() {
        match e {
            Effect::StartJob {
                generation,
                kind: JobKind::Suggest(_),
                session,
            } => started.push((generation, *session)),
            Effect::CancelJob { generation } => cancelled.push(generation),
            other => panic!("unexpected {other:?}"),
        }
    }
    (started, cancelled)
}

/// The answer a suggestion job on `session` gives.
fn answer(generation: u64, session: &Session) -> Action {
    let outcome = run_job(
        JobKind::Suggest(Scope::EachStep),
        session,
        &mut |_| {},
        &|| false,
    );
    assert!(matches!(outcome, JobOutcome::Suggested(_)));
    Action::JobDone {
        generation,
        outcome: Box::new(outcome),
    }
}

#[test]
fn esc_stops_a_running_suggestion_and_its_late_result_is_ignored() {
    let mut app = app(small_session());
    keys(&mut app, &["F6", "g"]);
    let (started, cancelled) = jobs_asked(&mut app);
    let [(generation, copy)] = started.as_slice() else {
        panic!("{started:?}");
    };
    assert!(cancelled.is_empty());
    assert!(app.themes().suggesting());
    keys(&mut app, &["Esc"]);
    // The worker is told to stop, and the status line says so.
    let (started, cancelled) = jobs_asked(&mut app);
    assert!(started.is_empty());
    assert_eq!(cancelled, vec![*generation]);
    assert!(!app.themes().suggesting());
    assert!(
        message(&app).contains("suggesting stopped"),
        "{}",
        message(&app)
    );
    // A result that was already on its way arrives late: nothing shows, nothing waits.
    app.update(Action::JobProgress {
        generation: *generation,
        progress: convene::cluster::Progress::Labelling,
    });
    app.update(answer(*generation, copy));
    assert_eq!(overlay_kind(&app), "none");
    assert!(app.themes().ready.is_none());
    assert!(app.themes().job.is_none());
    assert!(committed(&app).is_empty());
}

#[test]
fn g_again_replaces_the_running_suggestion_with_a_new_generation() {
    let mut app = app(small_session());
    keys(&mut app, &["F6", "g", "g"]);
    let (started, cancelled) = jobs_asked(&mut app);
    let [(first, first_copy), (second, second_copy)] = started.as_slice() else {
        panic!("{started:?}");
    };
    assert_ne!(first, second);
    assert_eq!(cancelled, vec![*first], "the first run is told to stop");
    assert_eq!(app.themes().job.as_ref().unwrap().generation, *second);
    let n = session(&app).notes.len();
    assert!(
        message(&app).contains(&format!("started again on all {n} notes")),
        "{}",
        message(&app)
    );
    // The first run's answer is ignored: still waiting for the second.
    app.update(answer(*first, first_copy));
    assert_eq!(overlay_kind(&app), "none");
    assert!(app.themes().suggesting());
    // Progress of the second run shows; its answer opens the preview.
    app.update(Action::JobProgress {
        generation: *second,
        progress: convene::cluster::Progress::Grouping { themes: 3 },
    });
    assert_eq!(
        app.themes().job.as_ref().unwrap().stage(),
        "grouping into 3 themes"
    );
    app.update(answer(*second, second_copy));
    assert_eq!(overlay_kind(&app), "preview");
    assert!(app.themes().job.is_none());
}

#[test]
fn suggestions_run_on_a_real_worker_thread_end_to_end() {
    let mut app = app(big_session(3, 300));
    let mut workers = Workers::default();
    keys(&mut app, &["F6", "g"]);
    let started = Instant::now();
    let mut progressed = false;
    while app.themes().job.is_some() {
        assert!(started.elapsed() < Duration::from_secs(300), "no answer");
        for effect in app.take_effects() {
            match effect {
                Effect::StartJob {
                    generation,
                    kind,
                    session,
                } => workers.start(generation, kind, *session),
                Effect::CancelJob { generation } => workers.cancel(generation),
                other => panic!("unexpected {other:?}"),
            }
        }
        std::thread::sleep(Duration::from_millis(5));
        for action in workers.drain() {
            progressed |= matches!(action, Action::JobProgress { .. });
            app.update(action);
        }
    }
    assert!(progressed, "progress arrived while suggesting");
    assert_eq!(overlay_kind(&app), "preview");
    assert!(!workers.busy());
    assert!(committed(&app).is_empty());
}

fn message(app: &App<MemoryStore>) -> String {
    app.message().map(|(m, _)| m.clone()).unwrap_or_default()
}

/// The scopes of the suggestion jobs the app asked for since the last call.
fn scopes_asked(app: &mut App<MemoryStore>) -> Vec<(Scope, Session)> {
    app.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::StartJob {
                kind: JobKind::Suggest(scope),
                session,
                ..
            } => Some((scope, *session)),
            _ => None,
        })
        .collect()
}

#[test]
fn g_suggests_for_the_step_in_view_and_shift_g_within_each_step() {
    // At a principle with notes, `g` groups that step's notes; the themes belong to it.
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["F6", "g"]);
    let asked = scopes_asked(&mut app);
    let [(Scope::Step, copy)] = asked.as_slice() else {
        panic!("{asked:?}");
    };
    let step = copy.current_step().id.clone();
    let in_step = copy.notes.iter().filter(|n| n.step == step).count();
    assert!(
        message(&app).contains(&format!("the {in_step} notes of “Invested commitment")),
        "{}",
        message(&app)
    );
    let JobOutcome::Suggested(s) =
        run_job(JobKind::Suggest(Scope::Step), copy, &mut |_| {}, &|| false)
    else {
        panic!("no suggestions");
    };
    for t in &s.themes {
        assert_eq!(t.step.as_deref(), Some(step.as_str()), "{}", t.label);
        for fit in &t.notes {
            assert_eq!(copy.note(fit.note).unwrap().step, step);
        }
    }
    // `G`: every step's notes, each step apart (themes within each principle).
    keys(&mut app, &["Esc", "G"]);
    let asked = scopes_asked(&mut app);
    let [(Scope::EachStep, copy)] = asked.as_slice() else {
        panic!("{asked:?}");
    };
    assert!(
        message(&app).contains("within each step"),
        "{}",
        message(&app)
    );
    let JobOutcome::Suggested(s) = run_job(
        JobKind::Suggest(Scope::EachStep),
        copy,
        &mut |_| {},
        &|| false,
    ) else {
        panic!("no suggestions");
    };
    let steps: std::collections::BTreeSet<&str> =
        s.themes.iter().filter_map(|t| t.step.as_deref()).collect();
    assert!(steps.len() >= 2, "themes from several steps: {steps:?}");
    for t in &s.themes {
        let own = t.step.as_deref().expect("each theme belongs to its step");
        assert!(
            t.notes
                .iter()
                .all(|f| copy.note(f.note).unwrap().step == own)
        );
    }
    // At a step where nobody writes notes, `g` groups each step apart.
    let mut app = demo_at("themes-and-votes");
    keys(&mut app, &["F6", "g"]);
    let asked = scopes_asked(&mut app);
    assert!(
        matches!(asked.as_slice(), [(Scope::EachStep, _)]),
        "{asked:?}"
    );
}
