//! The review browser's Promises view over a chain of three follow-up workshops, driven by
//! keys without a terminal: every promise with where it stands, the history of the one under
//! the cursor, only the open ones with `o`, and a snapshot at 80×24.

use crate::review_tui_common as common;

use common::*;

fn promises_app() -> (tempfile::TempDir, convene::tui::review::ReviewApp) {
    let root = tempfile::tempdir().unwrap();
    let Chain { dir, .. } = chain(root.path());
    let mut app = app(&dir);
    app.today = jiff::civil::date(2026, 11, 1);
    (root, app)
}

#[test]
fn the_promises_view_follows_each_promise_through_the_follow_ups() {
    let (_root, mut app) = promises_app();
    keys(&mut app, &["6"]);
    let text = screen(&draw(&mut app, 80, 24));
    assert!(
        text.contains("6 promises (3 open, 2 overdue on 2026-11-01)"),
        "{text}"
    );
    // Where each stands now, with the overdue mark in words and symbol.
    assert!(
        text.contains("◐ in progress     ⚠ overdue recommendation"),
        "{text}"
    );
    assert!(
        text.contains("✓ done                      commitment     Council"),
        "{text}"
    );
    assert!(
        text.contains("✗ not going ahead           commitment"),
        "{text}"
    );
    // The first one's history: made in March, in progress in June and October.
    assert!(text.contains("due 2026-06-14, ⚠ overdue"), "{text}");
    assert!(text.contains("2026-06-20 June"), "{text}");
    assert!(text.contains("Two employers pay"), "{text}");
    // Down to the Council's commitment: its three stages.
    keys(&mut app, &["↓"]);
    let text = screen(&draw(&mut app, 80, 24));
    assert!(text.contains("towards: Pay travel to interviews"), "{text}");
    assert!(
        text.contains("2026-03-14 March              ○ open"),
        "{text}"
    );
    // Overdue at June's workshop (due 2026-06-14), in words.
    assert!(
        text.contains("◐ in progress     ⚠ overdue · Passes ordered"),
        "{text}"
    );
    assert!(
        text.contains("✓ done            200 passes given"),
        "{text}"
    );
    insta::assert_snapshot!("review_promises_80x24", draw(&mut app, 80, 24).backend());
    // Only the open ones: the done and dropped are gone.
    keys(&mut app, &["o"]);
    let text = screen(&draw(&mut app, 80, 24));
    assert!(text.contains("showing open ones"), "{text}");
    assert!(!text.contains("Fund bus passes"), "{text}");
    assert!(!text.contains("✓ done"), "{text}");
    assert!(text.contains("No bus after 6pm"), "{text}");
    // The footer lists the view's own key, and the help lists the view.
    assert!(text.contains("open only"), "{text}");
    keys(&mut app, &["?"]);
    let help = (0..6)
        .map(|_| {
            let t = screen(&draw(&mut app, 80, 24));
            keys(&mut app, &["PgDn"]);
            t
        })
        .collect::<String>();
    assert!(
        help.contains("Promises followed across workshops"),
        "{help}"
    );
}

#[test]
fn leaving_out_a_session_shows_the_broken_link() {
    let (_root, mut app) = promises_app();
    // Leave June out of the selection.
    let june = app
        .library
        .as_ref()
        .unwrap()
        .sessions()
        .iter()
        .position(|s| s.session.title == "June")
        .unwrap();
    keys(&mut app, &["1"]);
    for _ in 0..june {
        keys(&mut app, &["↓"]);
    }
    keys(&mut app, &["Space", "6"]);
    let text = screen(&draw(&mut app, 80, 24));
    assert!(text.contains("⚠ 1 broken link"), "{text}");
    // Without June, the room that June dropped looks open: only October's copy is read, and
    // October never carried it.
    let room = text.lines().find(|l| l.contains("Find a room")).unwrap();
    assert!(room.contains("○ open"), "{text}");
}
