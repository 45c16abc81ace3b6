//! The room's server as devices meet it: the real `convene serve` on loopback, spoken to over
//! TCP — every bad input refused with a message and nothing changed, retries that add nothing,
//! take-back, dots, 200 devices at once, and a server killed with SIGKILL that loses no note
//! it acknowledged.
//!
//! The client is a few lines over `TcpStream` on purpose: it can send what no well-behaved
//! client library would (oversized bodies, bytes that are not UTF-8, headers that never end).

#![cfg(unix)]

use convene::model::{Change, Session};
use convene::store::{self, SessionFile, SessionStore};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

use crate::crash::convene;
use std::time::{Duration, Instant};

/// A running `convene serve`, killed when dropped.
struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    host: String,
    /// `/j/CODE`.
    base: String,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A session file with six tables (A–F), at its first step.
fn new_session(dir: &Path) -> PathBuf {
    let path = dir.join("room.ron");
    let out = convene(dir)
        .args(["new", "--title", "Room test", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// Starts `convene serve FILE --bind 127.0.0.1:0` and reads the join address from the first
/// line it prints.
fn serve(dir: &Path, file: &Path) -> Served {
    let mut child = convene(dir)
        .arg("serve")
        .arg(file)
        .args(["--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
    let url = line.trim().to_string();
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("the first line is the join address: {line:?}"));
    let (host, path) = rest.split_once('/').unwrap();
    assert!(path.starts_with("j/") && path.len() == 9, "{url}");
    Served {
        child,
        host: host.to_string(),
        base: format!("/{path}"),
        url,
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }
}

/// One HTTP/1.1 request on a fresh connection.
fn request(host: &str, method: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !content_type.is_empty() {
        req.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    // The server may answer (413) and close before reading a large body: that is fine.
    let _ = stream.write_all(&bytes);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn post_json(s: &Served, path: &str, json: &serde_json::Value) -> Reply {
    request(
        &s.host,
        "POST",
        &format!("{}{path}", s.base),
        "application/json",
        json.to_string().as_bytes(),
    )
}

/// A request as the page's plain form sends it (no JavaScript).
fn post_form(s: &Served, path: &str, body: &[u8]) -> Reply {
    request(
        &s.host,
        "POST",
        &format!("{}{path}", s.base),
        "application/x-www-form-urlencoded",
        body,
    )
}

fn note(table: &str, text: &str, client: &str, seq: u64) -> serde_json::Value {
    serde_json::json!({"table": table, "text": text, "kind": "idea", "client": client, "seq": seq})
}

/// The session as a reader sees it (snapshot + journal), without the lock.
fn load(path: &Path) -> Session {
    store::load(path).unwrap().session
}

#[test]
fn serve_prints_the_address_first_holds_the_lock_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let mut served = serve(dir.path(), &file);
    assert!(
        served.url.starts_with("http://127.0.0.1:"),
        "{}",
        served.url
    );
    let sharing = load(&file).sharing.expect("sharing is journaled");
    assert_eq!(sharing.url, served.url);

    // A second writer is refused while the server holds the lock.
    let add = convene(dir.path())
        .arg("add")
        .arg(&file)
        .args(["--table", "A", "--step", "1", "typed at the laptop"])
        .output()
        .unwrap();
    assert!(!add.status.success(), "the lock is held");

    let page = request(&served.host, "GET", &served.base, "", b"");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Room test"), "{}", page.body);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'nonce-"), "{csp}");

    unsafe { libc::kill(served.child.id() as i32, libc::SIGTERM) };
    let started = Instant::now();
    let status = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "stops on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    assert_eq!(load(&file).sharing, None, "stopping is journaled");
    // The lock is free again.
    let add = convene(dir.path())
        .arg("add")
        .arg(&file)
        .args(["--table", "A", "--step", "1", "typed at the laptop"])
        .output()
        .unwrap();
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
}

#[test]
fn a_note_is_acknowledged_once_on_disk_and_a_retry_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let first = post_json(
        &served,
        "/notes",
        &note("b", "No bus after six", "device-one", 1),
    );
    assert_eq!(first.status, 201, "{first:?}");
    let id = first.json()["id"].as_u64().unwrap();
    // Acknowledged means journaled: a reader sees it now, before any snapshot.
    let session = load(&file);
    let found = session
        .notes
        .iter()
        .find(|n| u64::from(n.id.0) == id)
        .unwrap();
    assert_eq!(found.text, "No bus after six");
    assert_eq!(
        session
            .tables
            .iter()
            .find(|t| t.id == found.table)
            .unwrap()
            .letter,
        "B"
    );
    let device = found.device.as_ref().expect("marked as sent from a device");
    assert_eq!(device.seq, 1);

    for _ in 0..3 {
        let again = post_json(
            &served,
            "/notes",
            &note("B", "No bus after six", "device-one", 1),
        );
        assert_eq!(again.status, 201);
        assert_eq!(again.json()["id"].as_u64(), Some(id), "the same answer");
    }
    let second = post_json(
        &served,
        "/notes",
        &note("B", "No bus after six", "device-one", 2),
    );
    assert_ne!(
        second.json()["id"].as_u64(),
        Some(id),
        "a new seq is a new note"
    );
    assert_eq!(load(&file).notes.len(), 2);

    // No name, no account, no address: the device's own id is not in the files.
    let journal = std::fs::read_to_string(store::journal::journal_path(&file)).unwrap();
    assert!(!journal.contains("device-one"), "{journal}");
}

#[test]
fn a_retry_is_recognised_after_the_server_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let first = post_json(
        &served,
        "/notes",
        &note("A", "Childcare costs", "device-two", 7),
    );
    drop(served);
    let served = serve(dir.path(), &file);
    let again = post_json(
        &served,
        "/notes",
        &note("A", "Childcare costs", "device-two", 7),
    );
    assert_eq!(again.status, 201);
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(load(&file).notes.len(), 1);
}

#[test]
fn bad_requests_are_refused_with_a_message_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let before = load(&file).revision;

    let wrong_code = request(
        &served.host,
        "POST",
        "/j/WRONG22/notes",
        "application/json",
        note("A", "x", "device-bad", 1).to_string().as_bytes(),
    );
    assert_eq!(wrong_code.status, 403);
    assert!(
        wrong_code.json()["error"]
            .as_str()
            .unwrap()
            .contains("code")
    );
    let page = request(&served.host, "GET", "/j/WRONG22", "", b"");
    assert_eq!(page.status, 403);
    assert!(
        page.body.contains("That code does not work"),
        "{}",
        page.body
    );

    let cases: Vec<(serde_json::Value, u16, &str)> = vec![
        (note("Z", "text", "device-bad", 1), 400, "no table"),
        (note("A", "", "device-bad", 2), 400, "empty"),
        (note("A", " \n\t ", "device-bad", 3), 400, "empty"),
        (
            note("A", &"x".repeat(1001), "device-bad", 4),
            400,
            "at most 1000",
        ),
        (
            serde_json::json!({"table": "A", "text": "t", "kind": "rant", "client": "device-bad", "seq": 5}),
            400,
            "kind is one of",
        ),
        (note("A", "t", "short", 6), 400, "client"),
        (note("A", "t", "has spaces in it", 7), 400, "client"),
        (
            serde_json::json!({"table": "A", "text": "t"}),
            400,
            "could not be read",
        ),
        (
            serde_json::json!({"table": "A", "text": "t", "client": "device-bad", "seq": -1}),
            400,
            "could not be read",
        ),
    ];
    for (body, status, says) in cases {
        let reply = post_json(&served, "/notes", &body);
        assert_eq!(reply.status, status, "{body}: {reply:?}");
        let message = reply.json()["error"].as_str().unwrap().to_string();
        assert!(message.contains(says), "{body}: {message}");
    }

    let too_big = request(
        &served.host,
        "POST",
        &format!("{}/notes", served.base),
        "application/json",
        &vec![b'x'; 5000],
    );
    assert_eq!(too_big.status, 413, "{too_big:?}");
    let mut not_utf8 = br#"{"table":"A","text":"caf"#.to_vec();
    not_utf8.extend_from_slice(&[0xff, 0xfe]);
    not_utf8.extend_from_slice(br#"","client":"device-bad","seq":9}"#);
    let reply = request(
        &served.host,
        "POST",
        &format!("{}/notes", served.base),
        "application/json",
        &not_utf8,
    );
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("UTF-8"), "{}", reply.body);
    let reply = request(
        &served.host,
        "POST",
        &format!("{}/notes", served.base),
        "text/plain",
        b"hello",
    );
    assert_eq!(reply.status, 415);
    let reply = request(&served.host, "GET", "/nowhere", "", b"");
    assert_eq!(reply.status, 404);
    assert!(reply.header("content-security-policy").is_some());
    assert_eq!(
        reply.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    // Take-back and dots refuse the same way.
    let reply = post_json(
        &served,
        "/notes/1/take-back",
        &serde_json::json!({"client": "x"}),
    );
    assert_eq!(reply.status, 400);
    let reply = post_json(
        &served,
        "/dots",
        &serde_json::json!({"client": "device-bad", "table": "A", "theme": 1, "dots": 1}),
    );
    assert_eq!(reply.status, 409, "no voting now: {reply:?}");

    assert_eq!(load(&file).revision, before, "nothing was changed");

    // Control characters are taken out; the rest of the text is kept as it was sent.
    let reply = post_json(
        &served,
        "/notes",
        &note(
            "A",
            "red\u{1b}[31m alert\u{7}\r\nline two\u{202e}",
            "device-ok",
            1,
        ),
    );
    assert_eq!(reply.status, 201);
    let session = load(&file);
    assert_eq!(session.notes[0].text, "red[31m alert\nline two\u{202e}");
}

#[test]
fn the_page_form_works_without_javascript_and_hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.ron");
    let out = convene(dir.path())
        .args(["new", "--title", "<script>alert(1)</script>", "--table"])
        .arg("A:\"><img src=x onerror=alert(1)>")
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let served = serve(dir.path(), &file);
    let page = request(
        &served.host,
        "GET",
        &format!("{}/t/A", served.base),
        "",
        b"",
    );
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(!page.body.contains("<img src=x"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let client = page
        .body
        .split("name=\"client\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let form = format!("table=A&kind=barrier&text=No+lift+at+the+station&client={client}&seq=1");
    let reply = post_form(&served, "/notes", form.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Received ✓"), "{}", reply.body);
    assert!(
        reply.body.contains("name=\"seq\" value=\"2\""),
        "the form moves on"
    );
    // The browser sends the form again (a reload): one note all the same.
    let reply = post_form(&served, "/notes", form.as_bytes());
    assert_eq!(reply.status, 200);
    let session = load(&file);
    assert_eq!(session.notes.len(), 1);
    assert_eq!(session.notes[0].text, "No lift at the station");
    assert_eq!(session.notes[0].kind, convene::model::NoteKind::Barrier);
    // A refused form keeps the draft in the box.
    let form = format!("table=Q&text=kept+draft&client={client}&seq=2");
    let reply = post_form(&served, "/notes", form.as_bytes());
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Not sent"), "{}", reply.body);
    assert!(
        reply.body.contains(">kept draft</textarea>"),
        "{}",
        reply.body
    );
}

#[test]
fn a_device_takes_back_its_own_note_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let mine = post_json(
        &served,
        "/notes",
        &note("C", "I said too much", "device-mine", 1),
    );
    let id = mine.json()["id"].as_u64().unwrap();
    let other = post_json(
        &served,
        &format!("/notes/{id}/take-back"),
        &serde_json::json!({"client": "device-other"}),
    );
    assert_eq!(other.status, 403, "{other:?}");
    assert_eq!(load(&file).notes.len(), 1);
    let back = post_json(
        &served,
        &format!("/notes/{id}/take-back"),
        &serde_json::json!({"client": "device-mine"}),
    );
    assert_eq!(back.status, 200, "{back:?}");
    assert_eq!(back.json()["taken_back"].as_u64(), Some(id));
    assert!(load(&file).notes.is_empty());
    let again = post_json(
        &served,
        &format!("/notes/{id}/take-back"),
        &serde_json::json!({"client": "device-mine"}),
    );
    assert_eq!(again.status, 404);
}

#[test]
fn dots_from_devices_count_for_their_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("voting.ron");
    let mut session = convene::store::parse(&std::fs::read("sessions/demo.ron").unwrap()).unwrap();
    let voting = session
        .framework
        .steps
        .iter()
        .find(|s| s.kind == convene::framework::StepKind::Themes)
        .unwrap()
        .id
        .clone();
    session
        .apply(Change::GoToStep {
            step: voting,
            at: jiff::Timestamp::now(),
        })
        .unwrap();
    session.apply(Change::SetDotsPerTable { dots: 3 }).unwrap();
    let theme = session.themes[0].id;
    let table = session.tables[0].clone();
    let before = session.dots(table.id, theme);
    drop(SessionFile::create(&file, session).unwrap());
    let served = serve(dir.path(), &file);

    let state = request(
        &served.host,
        "GET",
        &format!("{}/state", served.base),
        "",
        b"",
    );
    let room = &state.json()["room"];
    assert_eq!(room["voting"]["dots"], 3);
    assert!(room["voting"]["themes"].as_array().unwrap().len() >= 2);

    let dots = |client: &str, n: u32| {
        post_json(
            &served,
            "/dots",
            &serde_json::json!({"client": client, "table": table.letter, "theme": theme.0, "dots": n}),
        )
    };
    let one = dots("device-dots-1", 2);
    assert_eq!(one.status, 200, "{one:?}");
    assert_eq!(one.json()["left"], 1);
    assert_eq!(dots("device-dots-2", 3).status, 200);
    let over = dots("device-dots-1", 4);
    assert_eq!(over.status, 409, "{over:?}");
    assert!(
        over.json()["error"]
            .as_str()
            .unwrap()
            .contains("1 dot left")
    );
    let session = load(&file);
    assert_eq!(
        session.dots(table.id, theme),
        before + 5,
        "a table's dots are its devices'"
    );
    // A device moves a dot back off.
    assert_eq!(dots("device-dots-1", 1).status, 200);
    assert_eq!(load(&file).dots(table.id, theme), before + 4);
    let mine = request(
        &served.host,
        "GET",
        &format!("{}/state?client=device-dots-1", served.base),
        "",
        b"",
    );
    assert_eq!(mine.json()["dots_left"], 2);
}

#[test]
fn a_port_in_use_is_a_message_and_the_session_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let before = std::fs::read(store::journal::journal_path(&file)).unwrap_or_default();
    let out = convene(dir.path())
        .arg("serve")
        .arg(&file)
        .args(["--bind", &addr])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after = std::fs::read(store::journal::journal_path(&file)).unwrap_or_default();
    assert_eq!(before, after);
    let bad = convene(dir.path())
        .arg("serve")
        .arg(&file)
        .args(["--bind", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ADDR:PORT"));
}

#[test]
fn one_device_is_held_back_others_are_not_and_idle_connections_block_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    // Connections that never send a request take no one's place.
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&served.host).unwrap())
        .collect();
    let mut limited = None;
    for seq in 1..=60 {
        let reply = post_json(
            &served,
            "/notes",
            &note("A", "again and again", "device-loud", seq),
        );
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
        assert_eq!(reply.status, 201);
    }
    let limited = limited.expect("a flood from one device is held back");
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert!(
        limited.json()["error"]
            .as_str()
            .unwrap()
            .contains("too many"),
        "a script is answered in JSON: {}",
        limited.body
    );
    let other = post_json(&served, "/notes", &note("B", "my turn", "device-quiet", 1));
    assert_eq!(other.status, 201, "{other:?}");
    drop(idle);
}

/// Sends one device's `notes` notes from its own thread, some of them twice (a retry after a
/// lost answer), and records each acknowledged `(client, seq) → id`.
fn device(
    host: String,
    base: String,
    i: usize,
    notes: u64,
    acked: Arc<Mutex<HashMap<(String, u64), u64>>>,
) {
    let client = format!("device-{i:04}");
    let table = ["A", "B", "C", "D", "E", "F"][i % 6];
    for seq in 1..=notes {
        let body = note(table, &format!("{client} note {seq}"), &client, seq).to_string();
        let tries = if (i + seq as usize).is_multiple_of(7) {
            2
        } else {
            1
        };
        for _ in 0..tries {
            loop {
                let reply = match std::panic::catch_unwind(|| {
                    request(
                        &host,
                        "POST",
                        &format!("{base}/notes"),
                        "application/json",
                        body.as_bytes(),
                    )
                }) {
                    Ok(r) => r,
                    Err(_) => return, // the server went away (killed)
                };
                match reply.status {
                    201 => {
                        let id = reply.json()["id"].as_u64().unwrap();
                        let mut acked = acked.lock().unwrap();
                        let first = *acked.entry((client.clone(), seq)).or_insert(id);
                        assert_eq!(first, id, "a retry gets the first answer");
                        break;
                    }
                    429 | 503 => std::thread::sleep(Duration::from_millis(200)),
                    other => panic!("{other}: {}", reply.body),
                }
            }
        }
    }
}

#[test]
fn two_hundred_devices_send_ten_notes_each_none_lost_none_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let acked = Arc::new(Mutex::new(HashMap::new()));
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let (host, base, acked) = (served.host.clone(), served.base.clone(), acked.clone());
            std::thread::spawn(move || device(host, base, i, 10, acked))
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let acked = acked.lock().unwrap();
    assert_eq!(acked.len(), 2000);
    // Once the room is quiet the server compacts the journal into a fresh snapshot.
    let journal = store::journal::journal_path(&file);
    let started = Instant::now();
    let lines =
        |p: &Path| std::fs::read(p).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
    while lines(&journal) >= store::SNAPSHOT_EVERY {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "compacted when quiet"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let session = load(&file);
    assert_eq!(
        session.notes.len(),
        2000,
        "exactly one note per (device, seq)"
    );
    let ids: HashSet<u32> = session.notes.iter().map(|n| n.id.0).collect();
    assert_eq!(ids.len(), 2000);
    for n in &session.notes {
        let (client, seq) = n.text.split_once(" note ").unwrap();
        let i: usize = client.trim_start_matches("device-").parse().unwrap();
        let letter = &session
            .tables
            .iter()
            .find(|t| t.id == n.table)
            .unwrap()
            .letter;
        assert_eq!(
            letter,
            ["A", "B", "C", "D", "E", "F"][i % 6],
            "on its device's table"
        );
        let seq: u64 = seq.parse().unwrap();
        assert_eq!(acked[&(client.to_string(), seq)], u64::from(n.id.0));
    }
}

#[test]
fn every_acknowledged_note_survives_the_server_killed_mid_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let mut served = serve(dir.path(), &file);
    let acked = Arc::new(Mutex::new(HashMap::new()));
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let (host, base, acked) = (served.host.clone(), served.base.clone(), acked.clone());
            std::thread::spawn(move || device(host, base, i, 10, acked))
        })
        .collect();
    // Kill it with SIGKILL once about half the notes are acknowledged.
    let started = Instant::now();
    while acked.lock().unwrap().len() < 1000 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(2));
    }
    served.child.kill().unwrap();
    served.child.wait().unwrap();
    for t in threads {
        let _ = t.join();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 1000, "{}", acked.len());
    // Reopened as the facilitator would: every acknowledged note is there, once.
    let reopened = SessionFile::open(&file).unwrap();
    let session = reopened.session();
    let by_id: HashMap<u32, &str> = session
        .notes
        .iter()
        .map(|n| (n.id.0, n.text.as_str()))
        .collect();
    for ((client, seq), id) in &acked {
        let text = by_id
            .get(&(*id as u32))
            .unwrap_or_else(|| panic!("acknowledged note {id} ({client} {seq}) was lost"));
        assert_eq!(*text, format!("{client} note {seq}"));
    }
    let texts: HashSet<&str> = session.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts.len(), session.notes.len(), "no note twice");
    eprintln!(
        "killed after {} acknowledged; {} in the session on reopening",
        acked.len(),
        session.notes.len()
    );
}

#[test]
fn without_javascript_a_note_is_taken_back_from_the_answer_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let form = "table=D&kind=comment&text=I+would+rather+not+say&client=plainform01&seq=1";
    let sent = post_form(&served, "/notes", form.as_bytes());
    assert_eq!(sent.status, 200);
    assert!(sent.body.contains("Received ✓"), "{}", sent.body);
    let id = load(&file).notes[0].id.0;
    let action = format!("action=\"{}/notes/{id}/take-back\"", served.base);
    assert!(
        sent.body.contains(&action),
        "a take-back button: {}",
        sent.body
    );
    // Someone else's form cannot take it back.
    let other = post_form(
        &served,
        &format!("/notes/{id}/take-back"),
        b"client=plainform02&table=D",
    );
    assert_eq!(other.status, 403);
    assert!(other.body.contains("Not taken back"), "{}", other.body);
    assert_eq!(load(&file).notes.len(), 1);
    let back = post_form(
        &served,
        &format!("/notes/{id}/take-back"),
        b"client=plainform01&table=D",
    );
    assert_eq!(back.status, 200, "{}", back.body);
    assert!(back.body.contains("Taken back"), "{}", back.body);
    assert!(load(&file).notes.is_empty());
}

#[test]
fn the_front_page_takes_the_code_alone_and_names_match_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let file = new_session(dir.path());
    let served = serve(dir.path(), &file);
    let front = request(&served.host, "GET", "/", "", b"");
    assert_eq!(front.status, 200);
    assert!(front.body.contains("action=\"/join\""), "{}", front.body);
    let code = served.base.trim_start_matches("/j/").to_lowercase();
    let join = request(&served.host, "GET", &format!("/join?code={code}"), "", b"");
    assert_eq!(join.status, 303, "{join:?}");
    assert_eq!(join.header("location"), Some(served.base.clone()));
    let wrong = request(&served.host, "GET", "/join?code=NOTIT22", "", b"");
    assert_eq!(wrong.status, 403);
    assert!(
        wrong.body.contains("That code does not work"),
        "{}",
        wrong.body
    );
    assert_eq!(
        request(&served.host, "GET", "/favicon.ico", "", b"").status,
        204
    );
    // A table by its name, in any case.
    let reply = post_json(
        &served,
        "/notes",
        &note("table c", "by name", "device-name1", 1),
    );
    assert_eq!(reply.status, 201, "{reply:?}");
    let session = load(&file);
    let letter = &session.table(session.notes[0].table).unwrap().letter;
    assert_eq!(letter, "C");
    // A refused form keeps what was typed, even when refused before the writer sees it.
    let long = "x".repeat(1001);
    let form = format!("table=A&text={long}&client=plainform03&seq=1");
    let reply = post_form(&served, "/notes", form.as_bytes());
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains(&format!(">{long}</textarea>")),
        "the draft is kept"
    );
}
