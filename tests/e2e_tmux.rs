//! End to end in a real terminal (tmux): start a new workshop from the start screen, switch
//! tables, type 20 notes (emoji, accents, CJK), SIGKILL the process, relaunch: the 20 notes
//! are there, in order, on the right tables. The wall, zoomed to 64×18, shows notes added by
//! another process (`convene add`, a device through `convene serve`) within a second.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("convene-e2e-{name}-{}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `command` in a new 120×40 window, with the data and config folders set.
    fn launch(&self, command: &str, data: &Path, config: &Path) {
        self.launch_sized(command, data, config, (120, 40));
    }

    /// Starts `command` in a new window of `size` (columns, rows).
    fn launch_sized(&self, command: &str, data: &Path, config: &Path, size: (u16, u16)) {
        let (columns, rows) = (size.0.to_string(), size.1.to_string());
        let data_env = format!("CONVENE_DATA={}", data.display());
        let config_env = format!("CONVENE_CONFIG={}", config.display());
        self.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &columns,
            "-y",
            &rows,
            "-e",
            &data_env,
            "-e",
            &config_env,
            "-e",
            "TERM=xterm-256color",
            command,
        ]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn literal(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    fn wait_for(&self, what: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!("waited {timeout:?} for “{what}”; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn pane_pid(&self) -> i32 {
        self.run(&["list-panes", "-t", "e2e", "-F", "#{pane_pid}"])
            .trim()
            .parse()
            .expect("a pane pid")
    }

    fn kill_session(&self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-session", "-t", "e2e"])
            .output();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn note_text(i: usize) -> String {
    let extras = [
        "café crème 🚌",
        "naïve façade 日本語",
        "Zoë’s 🧑🏽‍🦯 idea",
        "北京 bus ☕",
        "Ærø élan",
    ];
    format!("note {i:02} {}", extras[i % extras.len()])
}

fn session_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one session file in {}: {files:?}",
        dir.display()
    );
    files[0].clone()
}

#[test]
fn twenty_notes_survive_sigkill() {
    if !Tmux::available() {
        eprintln!(
            "SKIPPED: tmux is not installed; the end-to-end test needs it (.ci/run installs it)"
        );
        return;
    }
    let bin = env!("CARGO_BIN_EXE_convene");
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&data).unwrap();
    let tmux = Tmux::new("notes");

    // A new workshop: Enter on "New workshop", Enter to start it with the defaults.
    tmux.launch(&format!("exec {bin}"), &data, &config);
    tmux.wait_for("New workshop", Duration::from_secs(10));
    tmux.keys(&["Enter"]);
    tmux.wait_for("Stakeholder mix", Duration::from_secs(5));
    tmux.keys(&["Enter"]);
    tmux.wait_for("Notes for this step", Duration::from_secs(5));

    // Twenty notes on tables A, B and C: digits with the input closed, Alt-digits while open.
    let table_of = |i: usize| i % 3;
    tmux.keys(&["2", "a"]);
    tmux.wait_for("New note →", Duration::from_secs(5));
    for i in 0..20 {
        if i == 10 {
            // Half-way, close the input and switch with a plain digit, then reopen.
            tmux.keys(&["Escape"]);
            tmux.wait_for("a add", Duration::from_secs(5));
            tmux.keys(&[&(table_of(i) + 1).to_string(), "a"]);
            tmux.wait_for("New note →", Duration::from_secs(5));
        } else {
            tmux.keys(&[&format!("M-{}", table_of(i) + 1)]);
        }
        tmux.literal(&note_text(i));
        tmux.keys(&["Enter"]);
        tmux.wait_for(
            &format!("saved note #{} for table", i + 1),
            Duration::from_secs(5),
        );
    }
    let screen = tmux.wait_for("note 19", Duration::from_secs(5));
    assert!(screen.contains("✓ saved"), "{screen}");

    // No goodbye: SIGKILL, as a dying battery would.
    let pid = tmux.pane_pid();
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(200));
    tmux.kill_session();

    // On disk (snapshot + journal replayed), in order, on the right tables.
    let path = session_file(&data);
    let loaded = convene::store::load(&path).unwrap();
    let s = &loaded.session;
    let got: Vec<(String, String)> = s
        .notes
        .iter()
        .map(|n| (n.text.clone(), s.table(n.table).unwrap().letter.clone()))
        .collect();
    let want: Vec<(String, String)> = (0..20)
        .map(|i| (note_text(i), ["A", "B", "C"][table_of(i)].to_string()))
        .collect();
    assert_eq!(got, want);

    // And on screen, relaunched with `convene open FILE`, at the step it was left on.
    tmux.launch(
        &format!("exec {bin} open '{}'", path.display()),
        &data,
        &config,
    );
    let screen = tmux.wait_for("Notes for this step: 20", Duration::from_secs(10));
    assert!(screen.contains(&note_text(19)), "{screen}");
    tmux.keys(&["a"]);
    tmux.wait_for("New note →", Duration::from_secs(5));
    tmux.literal("after the crash");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved note #21", Duration::from_secs(5));
    tmux.keys(&["Escape", "q"]);
    std::thread::sleep(Duration::from_millis(300));
    let s = convene::store::load(&path).unwrap().session;
    assert_eq!(s.notes.len(), 21);
    assert_eq!(s.notes[20].text, "after the crash");
}

#[test]
fn the_terminal_is_restored_after_quitting() {
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_convene");
    let tmp = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("restore");
    // The shell prints a marker after convene exits, on the normal screen.
    tmux.launch(
        &format!("{bin}; echo CONVENE-EXITED-$?; sleep 30"),
        &tmp.path().join("data"),
        &tmp.path().join("config"),
    );
    tmux.wait_for("New workshop", Duration::from_secs(10));
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("CONVENE-EXITED-0", Duration::from_secs(5));
    assert!(
        !screen.contains("New workshop"),
        "the alternate screen was left:\n{screen}"
    );
    // Mouse reporting off again: the pane no longer asks for mouse events.
    let mouse = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        "e2e",
        "#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}",
    ]);
    assert_eq!(mouse.trim(), "000", "mouse capture was left on");
}

#[test]
fn a_panic_restores_the_terminal() {
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    // Built by `cargo test` next to the binary: target/<profile>/examples/panic_restore.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_convene"));
    let example = bin.parent().unwrap().join("examples").join("panic_restore");
    if !example.exists() {
        let built = Command::new(env!("CARGO"))
            .args(["build", "--example", "panic_restore"])
            .status()
            .unwrap();
        assert!(built.success());
    }
    let tmp = tempfile::tempdir().unwrap();
    let tmux = Tmux::new("panic");
    tmux.launch(
        &format!("{}; echo PANIC-EXITED-$?; sleep 30", example.display()),
        &tmp.path().join("data"),
        &tmp.path().join("config"),
    );
    let screen = tmux.wait_for("PANIC-EXITED-101", Duration::from_secs(20));
    assert!(
        screen.contains("deliberate panic"),
        "the panic message is readable:\n{screen}"
    );
    assert!(
        !screen.contains("about to panic"),
        "the alternate screen was left:\n{screen}"
    );
    let flags = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        "e2e",
        "#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{alternate_on}",
    ]);
    assert_eq!(
        flags.trim(),
        "0000",
        "mouse reporting or the alternate screen was left on"
    );
}

/// A new session in `dir` (six tables, on its first step), made by `convene new`.
fn new_session(dir: &Path, title: &str) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["new", "--title", title, "--dir"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Sends one note as a device does (JSON to the join address) and returns the raw answer.
fn post_note(host: &str, code: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /j/{code}/notes HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

/// Starts `convene wall FILE` at the projector's 64×18 and waits for its first frame.
fn start_wall(tmux: &Tmux, file: &Path, tmp: &Path) {
    let bin = env!("CARGO_BIN_EXE_convene");
    tmux.launch_sized(
        &format!(
            "{bin} wall '{}'; echo WALL-EXITED-$?; sleep 30",
            file.display()
        ),
        &tmp.join("data"),
        &tmp.join("config"),
        (64, 18),
    );
    tmux.wait_for("WELCOME", Duration::from_secs(10));
}

#[test]
fn the_wall_shows_a_note_added_by_another_process_within_a_second() {
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = new_session(tmp.path(), "Wall test");
    let tmux = Tmux::new("wall");
    start_wall(&tmux, &file, tmp.path());
    let add = |text: &str, sensitive: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_convene"));
        cmd.args(["add", "--table", "B", "--step", "1", "--kind", "question"])
            .arg(&file)
            .arg(text);
        if sensitive {
            cmd.arg("--sensitive");
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // The wall holds no lock: `convene add` (which takes it) works beside it.
    add("Buses after the late shift", false);
    let screen = tmux.wait_for("Buses after the late shift", Duration::from_secs(1));
    assert!(
        screen.contains(" B  ? Buses"),
        "table letter and kind:\n{screen}"
    );
    add("my manager shouted at me", true);
    let screen = tmux.wait_for("sensitive — hidden", Duration::from_secs(1));
    assert!(!screen.contains("shouted"), "{screen}");
    // A few more looks at the file: the text never shows.
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(100));
        assert!(!tmux.screen().contains("shouted"));
    }
    tmux.keys(&["q"]);
    tmux.wait_for("WALL-EXITED-0", Duration::from_secs(5));
}

#[test]
fn the_wall_shows_a_note_sent_from_a_device_through_serve_within_a_second() {
    use std::io::{BufRead, BufReader};
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = new_session(tmp.path(), "Wall and devices");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut first = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let mut serve = Stop(serve);
    let url = first.trim().to_string();
    let code = url.rsplit('/').next().unwrap().to_string();
    let host = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("a join address first, got {first:?}"))
        .to_string();
    let tmux = Tmux::new("wall-serve");
    start_wall(&tmux, &file, tmp.path());
    // While sharing, the wall shows the code the room joins with.
    tmux.wait_for(&code, Duration::from_secs(2));

    let body =
        r#"{"table":"A","text":"Lift share rota","kind":"idea","client":"testclient1","seq":1}"#;
    let reply = post_note(&host, &code, body);
    assert!(reply.starts_with("HTTP/1.1 201"), "{reply}");
    let screen = tmux.wait_for("Lift share rota", Duration::from_secs(1));
    assert!(
        screen.contains(" A  + Lift"),
        "table letter and kind:\n{screen}"
    );
    // The server is killed (SIGKILL: it cannot say that sharing stopped). The session still
    // says where to join, but nothing answers there: the wall stops inviting the room.
    serve.0.kill().unwrap();
    serve.0.wait().unwrap();
    let started = Instant::now();
    while tmux.screen().contains(&code) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the dead join address is still shown:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(tmux.screen().contains("Lift share rota"));
    tmux.keys(&["q"]);
    tmux.wait_for("WALL-EXITED-0", Duration::from_secs(5));
}

/// The facilitator shares from the screen (`open --share`) and starts typing a note; a device
/// sends one through that screen's server. The wall shows the device's note within a second and
/// never the facilitator's draft.
#[test]
fn the_wall_follows_notes_from_the_facilitators_screen_and_never_shows_the_draft() {
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = new_session(tmp.path(), "Shared from the screen");
    let bin = env!("CARGO_BIN_EXE_convene");
    let facilitator = Tmux::new("share-screen");
    facilitator.launch(
        &format!("{bin} open '{}' --share 127.0.0.1:0", file.display()),
        &tmp.path().join("data"),
        &tmp.path().join("config"),
    );
    // Sharing is journaled: the address is read from the session, as the wall reads it.
    let started = Instant::now();
    let url = loop {
        let out = Command::new(bin)
            .args(["show", "--json"])
            .arg(&file)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        if let Some(url) = json["sharing"]["url"].as_str() {
            break url.to_string();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "sharing started:\n{}",
            facilitator.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let code = url.rsplit('/').next().unwrap().to_string();
    let host = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    facilitator.wait_for(&code, Duration::from_secs(5));
    // Close the sharing panel and start typing a note, without saving it.
    facilitator.keys(&["Escape"]);
    // Apart, or the terminal reads Escape and "a" arriving together as Alt-a.
    std::thread::sleep(Duration::from_millis(300));
    facilitator.keys(&["a"]);
    facilitator.literal("DRAFT NOT FOR THE WALL");
    facilitator.wait_for("DRAFT NOT FOR THE WALL", Duration::from_secs(2));

    let wall = Tmux::new("share-wall");
    start_wall(&wall, &file, tmp.path());
    wall.wait_for(&code, Duration::from_secs(2));

    let body =
        r#"{"table":"C","text":"Mentors nearby","kind":"idea","client":"testclient2","seq":1}"#;
    let reply = post_note(&host, &code, body);
    assert!(reply.starts_with("HTTP/1.1 201"), "{reply}");
    let screen = wall.wait_for("Mentors nearby", Duration::from_secs(1));
    assert!(!screen.contains("DRAFT"), "{screen}");
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(100));
        assert!(!wall.screen().contains("DRAFT"));
    }
    // The draft is still there, untouched, on the facilitator's screen.
    assert!(facilitator.screen().contains("DRAFT NOT FOR THE WALL"));
}

#[test]
fn a_follow_up_made_on_the_command_line_keeps_a_status_changed_by_keys_at_since_last_time() {
    if !Tmux::available() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_convene");
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let demo = data.join("demo.ron");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron"),
        &demo,
    )
    .unwrap();
    let file = data.join("december.ron");
    let out = Command::new(bin)
        .args(["new", "--follow-up"])
        .arg(&demo)
        .arg("-o")
        .arg(&file)
        .args(["--date", "2026-12-07", "--tables", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tmux = Tmux::new("follow-up");
    tmux.launch_sized(
        &format!(
            "{bin} open {}; echo CONVENE-EXITED-$?; sleep 30",
            file.display()
        ),
        &data,
        &tmp.path().join("config"),
        (80, 24),
    );
    tmux.wait_for("Step 1 of", Duration::from_secs(10));
    tmux.keys(&["n"]);
    // The step's title can be drawn a frame before its list: wait for the list itself.
    tmux.wait_for("Since last time", Duration::from_secs(5));
    tmux.wait_for("▶ 1. ○ open", Duration::from_secs(5));
    tmux.keys(&["Down"]);
    tmux.wait_for("▶ 2. ○ open", Duration::from_secs(5));
    tmux.keys(&["c"]);
    tmux.wait_for("▶ 2. ◐ in progress", Duration::from_secs(5));
    tmux.keys(&["c"]);
    tmux.wait_for("▶ 2. ✓ done", Duration::from_secs(5));
    tmux.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["Enter"]);
    tmux.wait_for("CONVENE-EXITED-0", Duration::from_secs(10));
    let session = convene::store::load(&file).unwrap().session;
    let items = &session.follow_up.as_ref().unwrap().items;
    assert_eq!(items[1].status, convene::model::ItemStatus::Done);
    assert_eq!(items[0].status, convene::model::ItemStatus::Open);
    // The command line reads it the same way.
    let check = Command::new(bin).arg("check").arg(&file).output().unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
