//! Sharing with the room from the facilitator's screen, with a real server on loopback: `W`
//! starts and stops it (journaled), `C` makes a new join code (the old one is refused), a note
//! posted by a device reaches the session through the app's commit path, and the panel and the
//! status line show how to join.

use crate::common::{self, ch, press};
use convene::model::{Change, Review};
use convene::store::MemoryStore;
use convene::tui::App;
use convene::tui::app::Overlay;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The demo session at a step for notes, sharing on loopback after `W`.
pub fn sharing_app() -> App<MemoryStore> {
    let mut app = common::demo_at("invested-commitment");
    app.set_share_bind(Some("127.0.0.1:0".parse().unwrap()));
    ch(&mut app, 'W');
    convene::tui::run_effects_now(&mut app);
    assert!(app.sharing().is_some(), "{:?}", app.message());
    app
}

/// The demo session with one note from the room waiting for review (no server).
pub fn with_a_submission() -> App<MemoryStore> {
    use convene::store::SessionStore;
    let mut app = common::demo_at("invested-commitment");
    app.set_moderated(true);
    let session = app.session().unwrap();
    let mut note = session.next_note(
        session.tables[0].id,
        &session.current_step().id,
        convene::model::NoteKind::Idea,
        "Buses after the late shift",
        common::wall(),
    );
    note.device = Some(convene::model::Device {
        key: "0123456789abcdef".into(),
        seq: 1,
    });
    app.store_mut()
        .unwrap()
        .commit(Change::Submit(note))
        .unwrap();
    app
}

/// A request over a plain TCP stream: (status, body).
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    request.push_str("\r\n");
    request.push_str(body.unwrap_or(""));
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn text_of(app: &App<MemoryStore>, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            convene::tui::screens::draw(app, f);
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn w_starts_sharing_with_the_panel_shown_and_journaled_and_w_stops_it() {
    let mut app = sharing_app();
    let live = app.sharing().unwrap();
    let (url, code, addr) = (live.server.url(), live.server.code(), live.server.addr());
    assert!(addr.ip().is_loopback());
    assert_eq!(url, format!("http://{addr}/j/{code}"));
    assert!(matches!(app.overlay(), Some(Overlay::Sharing)));
    let recorded = app.session().unwrap().sharing.clone().unwrap();
    assert_eq!(
        (recorded.url.as_str(), recorded.code.as_str()),
        (url.as_str(), code.as_str())
    );
    assert_eq!(http(addr, "GET", &format!("/j/{code}"), None).0, 200);
    // The panel shows the address whole and the code; the status line, the code.
    let screen = text_of(&app, 120, 40);
    assert!(screen.contains(&url), "{screen}");
    assert!(screen.contains(&format!("sharing: {code}")), "{screen}");
    // Esc closes the panel; sharing goes on, and the status line still says so.
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert!(app.sharing().is_some());
    assert!(text_of(&app, 80, 24).contains(&format!("sharing: {code}")));
    // J shows it again, and hides it.
    ch(&mut app, 'J');
    assert!(matches!(app.overlay(), Some(Overlay::Sharing)));
    ch(&mut app, 'J');
    assert!(app.overlay().is_none());
    // W stops: the code no longer works and the session records that sharing stopped.
    ch(&mut app, 'W');
    assert!(app.sharing().is_none());
    assert!(app.session().unwrap().sharing.is_none());
    assert!(TcpStream::connect(addr).is_err());
    assert!(!text_of(&app, 80, 24).contains("sharing:"));
}

#[test]
fn w_from_the_panel_stops_sharing_and_closes_it() {
    let mut app = sharing_app();
    ch(&mut app, 'W');
    assert!(app.sharing().is_none());
    assert!(app.overlay().is_none());
    assert!(app.session().unwrap().sharing.is_none());
}

#[test]
fn a_new_code_replaces_the_old_one_which_is_refused() {
    let mut app = sharing_app();
    let live = app.sharing().unwrap();
    let (old, addr) = (live.server.code(), live.server.addr());
    ch(&mut app, 'C');
    let new = app.sharing().unwrap().server.code();
    assert_ne!(old, new);
    assert_eq!(app.session().unwrap().sharing.as_ref().unwrap().code, new);
    assert_eq!(http(addr, "GET", &format!("/j/{old}"), None).0, 403);
    assert_eq!(http(addr, "GET", &format!("/j/{new}"), None).0, 200);
    // The panel stays open, showing the new code; C works with it closed too.
    assert!(matches!(app.overlay(), Some(Overlay::Sharing)));
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'C');
    assert_ne!(app.sharing().unwrap().server.code(), new);
}

#[test]
fn the_new_code_and_panel_keys_say_so_when_not_sharing() {
    let mut app = common::demo_at("invested-commitment");
    ch(&mut app, 'C');
    assert!(app.message().unwrap().0.contains("not sharing"));
    app.clear_message();
    ch(&mut app, 'J');
    assert!(app.overlay().is_none());
    assert!(app.message().unwrap().0.contains("W shares"));
}

/// Posts a note as a device would, serving the room until it is answered: (status, body).
fn post_note(app: &mut App<MemoryStore>, text: &str, seq: u64) -> (u16, String) {
    let body = format!(
        r#"{{"table":"A","text":"{text}","kind":"idea","client":"testclient1","seq":{seq}}}"#
    );
    post(app, "notes", body)
}

/// Posts `body` to `<url>/<path>` on a thread, serving the room until it is answered.
fn post(app: &mut App<MemoryStore>, path: &str, body: String) -> (u16, String) {
    let live = app.sharing().unwrap();
    let (addr, code) = (live.server.addr(), live.server.code());
    let path = format!("/j/{code}/{path}");
    let post = std::thread::spawn(move || http(addr, "POST", &path, Some(&body)));
    for _ in 0..400 {
        if post.is_finished() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
        app.serve_room(common::wall());
    }
    post.join().unwrap()
}

#[test]
fn moderated_notes_wait_for_review_and_are_accepted_edited_or_rejected_and_kept() {
    let mut app = sharing_app();
    // M in the sharing panel turns moderation on.
    ch(&mut app, 'M');
    assert!(app.moderated());
    press(&mut app, KeyCode::Esc);
    let notes = app.session().unwrap().notes.len();
    let (status, body) = post_note(&mut app, "Buses after the late shift", 1);
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        app.session().unwrap().notes.len(),
        notes,
        "not on the board yet"
    );
    assert_eq!(app.waiting().len(), 1);
    assert!(text_of(&app, 80, 24).contains("1 waiting"));
    // A retry of the same note adds nothing.
    assert_eq!(post_note(&mut app, "Buses after the late shift", 1).0, 201);
    assert_eq!(app.session().unwrap().submissions.len(), 1);
    // Q shows the queue; e edits; Enter accepts as edited.
    ch(&mut app, 'Q');
    assert!(matches!(app.overlay(), Some(Overlay::Review { .. })));
    assert!(text_of(&app, 80, 24).contains("Buses after the late shift"));
    ch(&mut app, 'e');
    common::type_text(&mut app, " ends");
    press(&mut app, KeyCode::Enter);
    let session = app.session().unwrap();
    let note = session.notes.last().unwrap();
    assert_eq!(note.text, "Buses after the late shift ends");
    assert_eq!(session.notes.len(), notes + 1);
    assert!(app.waiting().is_empty());
    // Another note, rejected: kept in the session, marked, never on the board.
    assert_eq!(post_note(&mut app, "Spam spam spam", 2).0, 201);
    let id = app.waiting()[0];
    ch(&mut app, 'x');
    let session = app.session().unwrap();
    assert!(session.note(id).is_none());
    assert_eq!(session.submission(id).unwrap().review, Review::Rejected);
    assert!(
        app.store()
            .unwrap()
            .committed
            .contains(&Change::Reject { id })
    );
    // u undoes the rejection: it waits again; Enter accepts it as sent.
    ch(&mut app, 'u');
    assert_eq!(app.waiting(), vec![id]);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.session().unwrap().note(id).unwrap().text,
        "Spam spam spam"
    );
    // A device takes back its own note while it waits: out of the queue, journaled.
    assert_eq!(post_note(&mut app, "Oops, wrong table", 4).0, 201);
    let id = app.waiting()[0];
    let (status, body) = post(
        &mut app,
        &format!("notes/{}/take-back", id.0),
        r#"{"client":"testclient1"}"#.into(),
    );
    assert_eq!(status, 200, "{body}");
    assert!(app.waiting().is_empty());
    assert!(app.session().unwrap().submission(id).is_none());
    // Esc closes the queue; M from the panel turns moderation off: notes go to the board.
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'J');
    ch(&mut app, 'M');
    assert!(!app.moderated());
    press(&mut app, KeyCode::Esc);
    let notes = app.session().unwrap().notes.len();
    assert_eq!(post_note(&mut app, "Straight to the board", 3).0, 201);
    assert_eq!(app.session().unwrap().notes.len(), notes + 1);
}

#[test]
fn a_note_from_a_device_reaches_the_session_once_served() {
    let mut app = sharing_app();
    let url = app.sharing().unwrap().server.url();
    let addr = app.sharing().unwrap().server.addr();
    let path = url.split_once(&addr.to_string()).unwrap().1.to_string();
    let before = app.session().unwrap().notes.len();
    let post = std::thread::spawn(move || {
        http(
            addr,
            "POST",
            &format!("{path}/notes"),
            Some(
                r#"{"table":"A","text":"Buses after the late shift","kind":"idea","client":"testclient1","seq":1}"#,
            ),
        )
    });
    // The request waits for the writer: serve until it has arrived.
    let mut waited = 0;
    while app.session().unwrap().notes.len() == before {
        assert!(waited < 200, "the note never arrived");
        std::thread::sleep(Duration::from_millis(25));
        app.serve_room(common::wall());
        waited += 1;
    }
    let (status, body) = post.join().unwrap();
    assert_eq!(status, 201, "{body}");
    let session = app.session().unwrap();
    let note = session.notes.last().unwrap();
    assert_eq!(note.text, "Buses after the late shift");
    assert_eq!(session.table(note.table).unwrap().letter, "A");
    assert_eq!(app.sharing().unwrap().received, 1);
    assert!(text_of(&app, 120, 40).contains("1 note from the room"));
}

#[test]
fn the_panel_fits_80x24_and_asks_for_more_room_for_the_qr_code_below_that() {
    let app = sharing_app();
    let url = app.sharing().unwrap().server.url();
    let screen = text_of(&app, 80, 24);
    assert!(screen.contains(&url), "{screen}");
    assert!(
        !screen.contains("enlarge"),
        "the QR code fits 80×24:\n{screen}"
    );
    let screen = text_of(&app, 60, 20);
    assert!(
        screen.contains("enlarge the window for the QR code"),
        "{screen}"
    );
    assert!(screen.contains(&url), "{screen}");
}

#[test]
fn a_card_from_the_room_says_it_came_from_a_device_and_nothing_more() {
    let mut app = common::app(common::empty_session(2));
    app.set_share_bind(Some("127.0.0.1:0".parse().unwrap()));
    ch(&mut app, 'W');
    convene::tui::run_effects_now(&mut app);
    let addr = app.sharing().unwrap().server.addr();
    let url = app.sharing().unwrap().server.url();
    let path = url.split_once(&addr.to_string()).unwrap().1.to_string();
    let post = std::thread::spawn(move || {
        http(
            addr,
            "POST",
            &format!("{path}/notes"),
            Some(r#"{"table":"B","text":"Childcare costs","client":"testclient9","seq":1}"#),
        )
    });
    let mut waited = 0;
    while app.session().unwrap().notes.is_empty() {
        assert!(waited < 200, "the note never arrived");
        std::thread::sleep(Duration::from_millis(25));
        app.serve_room(common::wall());
        waited += 1;
    }
    assert_eq!(post.join().unwrap().0, 201);
    assert!(app.session().unwrap().notes[0].device.is_some());
    press(&mut app, KeyCode::Esc);
    common::keys(&mut app, &["Tab", "→", "Enter"]);
    let screen = text_of(&app, 120, 40);
    assert!(screen.contains("Childcare costs"), "{screen}");
    assert!(
        screen.contains("sent from a device at the table"),
        "{screen}"
    );
    assert!(!screen.contains("testclient9"), "{screen}");
}
