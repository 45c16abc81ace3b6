//! Writing an export is an effect the run loop runs: nothing is written until it runs, and
//! "✓ Written" belongs to the format and options it was written with.

use super::*;

#[test]
fn writing_an_export_is_an_effect_and_its_answer_shows_written() {
    use convene::tui::app::Effect;
    use ratatui::crossterm::event::KeyCode::Char;
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    press_all(&mut app, &[Char('X'), Char('w')]);
    // The app only asked: the request names the format, the options and the exact text.
    let effects = app.take_effects();
    let [Effect::WriteExport(request)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        request.format,
        convene::store::exports::ExportFormat::Markdown
    );
    assert_eq!(request.texts, app.outcomes().export.texts);
    assert!(!request.replace);
    let file = dir.path().join("riverside-summary.md");
    assert!(!file.exists(), "nothing written yet");
    assert!(!screen_text(&app, 200, 60).contains("✓ Written"));
    // Whoever runs the effect answers; the app shows it.
    let answer = convene::tui::export::write(request);
    app.update(convene::tui::Action::ExportWritten(Box::new(answer)));
    assert!(file.is_file());
    let screen = screen_text(&app, 200, 60);
    assert!(screen.contains("✓ Written"), "{screen}");
    assert!(screen.contains("riverside-summary.md"), "{screen}");
}

#[test]
fn written_is_cleared_when_the_format_or_an_option_changes() {
    // "✓ Written: …summary.md" stayed on screen after switching to HTML, as if the HTML had
    // been written.
    use ratatui::crossterm::event::KeyCode::{Char, Left, Right};
    let dir = tempfile::tempdir().unwrap();
    let mut app = file_app(dir.path());
    press_all(&mut app, &[Char('X'), Char('w')]);
    run_effects_now(&mut app);
    assert!(screen_text(&app, 200, 60).contains("✓ Written"));
    press_all(&mut app, &[Right]);
    assert!(app.outcomes().export.written.is_none());
    let screen = screen_text(&app, 200, 60);
    assert!(!screen.contains("✓ Written"), "{screen}");
    assert!(!screen.contains("summary.md"), "{screen}");
    // Back to Markdown, written again, then an option: cleared too.
    press_all(&mut app, &[Left, Char('w')]);
    run_effects_now(&mut app);
    if app.overlay().is_some() {
        press_all(&mut app, &[Char('y')]);
        run_effects_now(&mut app);
    }
    assert!(app.outcomes().export.written.is_some());
    press_all(&mut app, &[Char('a')]);
    assert!(app.outcomes().export.written.is_none());
    // An answer for a format no longer on screen does not claim the screen's export.
    press_all(&mut app, &[Char('a'), Char('w')]);
    press_all(&mut app, &[Right]);
    run_effects_now(&mut app);
    assert!(app.outcomes().export.written.is_none());
}
