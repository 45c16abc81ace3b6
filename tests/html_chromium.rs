//! The HTML summary in a real browser (headless Chromium): it renders, and hostile notes stay text.
//!
//! `.ci/run` installs Chromium. Without it, these tests are skipped locally with a message,
//! and fail under CI so a missing install step cannot hide.

use convene::export::{self, Options};
use convene::model::*;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(crate) fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| {
            std::env::var_os("PATH")
                .map(|paths| {
                    std::env::split_paths(&paths)
                        .map(|d| d.join(name))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .find(|p| p.is_file())
}

pub(crate) fn browser_or_skip() -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => {
            panic!(
                "Chromium is needed for this test under CI; .ci/run installs it (apt-get install chromium)"
            )
        }
        None => {
            eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
            None
        }
    }
}

/// Runs headless Chromium with the flags that keep it off the network.
fn run(browser: &Path, profile: &Path, args: &[String]) -> std::process::Output {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("Chromium starts");
    assert!(
        output.status.success(),
        "Chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

const HOSTILE: &[&str] = &[
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "<a href=\"javascript:document.body.setAttribute('data-pwned','2')\">click me</a>",
    "</li></ul></section></main><h1 id=injected>injected</h1>",
    "<svg><script>document.body.setAttribute('data-pwned','3')</script></svg>",
    "<svg onload=\"document.body.setAttribute('data-pwned','4')\"></svg>",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','5')\">",
    "<iframe srcdoc=\"<script>parent.document.body.setAttribute('data-pwned','6')</script>\"></iframe>",
    "<body onload=\"document.body.setAttribute('data-pwned','7')\">",
    "<details open ontoggle=\"document.body.setAttribute('data-pwned','8')\">",
];

fn hostile_session() -> Session {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    let mut s = convene::store::parse(&std::fs::read(path).unwrap()).unwrap();
    for text in HOSTILE {
        let n = s.next_note(
            TableId(1),
            "person-centred",
            NoteKind::Comment,
            *text,
            s.created,
        );
        s.apply(Change::AddNote(n)).unwrap();
    }
    // Hostile text in every other kind of user field too.
    s.title = format!("Workshop {}", HOSTILE[0]);
    s.tables[0].name = HOSTILE[1].to_string();
    s.themes[0].label = HOSTILE[2].to_string();
    s.recommendations[0].text = HOSTILE[4].to_string();
    s.responses[0].text = HOSTILE[5].to_string();
    s
}

#[test]
fn hostile_notes_execute_nothing_and_show_as_text() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("summary.html");
    std::fs::write(&page, export::html(&hostile_session(), &Options::default())).unwrap();
    let out = run(
        &browser,
        &dir.path().join("profile"),
        &["--dump-dom".into(), format!("file://{}", page.display())],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<h1><bdi>Workshop &lt;script&gt;"),
        "the title shows as text"
    );
    // The payloads' own text mentions data-pwned; only an attribute would mean one ran.
    assert!(!dom.contains("data-pwned=\""), "a payload ran:\n{dom}");
    assert!(
        dom.contains("<title>Workshop &lt;script&gt;"),
        "the title was not changed"
    );
    assert!(
        !dom.contains("id=\"injected\""),
        "markup from a note became an element"
    );
    assert!(!dom.contains("<script"), "the page has no script element");
    assert!(!dom.contains("<iframe") && !dom.contains("<img") && !dom.contains("<details"));
    assert!(
        !dom.contains("<a href=\"javascript:"),
        "a note became a link"
    );
    for h in HOSTILE {
        // Chromium serialises text with <, > and & escaped (quotes stay as they are).
        let shown = h
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(dom.contains(&shown), "not shown as text: {h}");
    }
}

#[test]
fn the_summary_renders_to_a_non_blank_page() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("summary.html");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    let s = convene::store::parse(&std::fs::read(path).unwrap()).unwrap();
    std::fs::write(&page, export::html(&s, &Options::default())).unwrap();
    let shot = dir.path().join("shot.png");
    run(
        &browser,
        &dir.path().join("profile"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1000,1400".into(),
            format!("file://{}", page.display()),
        ],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1000, 1400));
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let dark = pixels
        .iter()
        .filter(|p| p[..3].iter().all(|c| *c < 80))
        .count();
    let light = pixels
        .iter()
        .filter(|p| p[..3].iter().all(|c| *c > 200))
        .count();
    let coloured = pixels
        .iter()
        .filter(|p| p[..3].iter().max().unwrap() - p[..3].iter().min().unwrap() > 60)
        .count();
    let total = pixels.len();
    assert!(
        dark > total / 200,
        "there is text on the page ({dark} dark pixels of {total})"
    );
    assert!(light > total / 2, "the page has a light background");
    assert!(
        coloured > 500,
        "the table markers and charts are in colour ({coloured})"
    );
}

#[test]
fn a_right_to_left_override_in_a_note_does_not_reorder_the_page_around_it() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    // A note and a theme label with U+202E (right-to-left override) left open. Unisolated, the
    // override runs on to the end of the line and draws the details after the text ("— table
    // A, comment", "(5 notes)") before it.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/demo.ron");
    let mut s = convene::store::parse(&std::fs::read(path).unwrap()).unwrap();
    let n = s.next_note(
        TableId(1),
        "person-centred",
        NoteKind::Comment,
        "MARKER evil \u{202e}txet desrever",
        s.created,
    );
    s.apply(Change::AddNote(n)).unwrap();
    s.themes[0].label = "MARKER theme \u{202e}lebal".into();
    let page = export::html(&s, &Options::default());
    // The page runs no script; this copy gets one that measures the layout and reports it in
    // the title.
    let csp = page
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp + page[csp..].find('>').unwrap() + 1;
    let probe = r#"<script>
const out = [];
// True when `node` is drawn after everything before it in its parent: to its right on the
// same line, or on a later line.
const after = (before, node) => {
  const r = document.createRange();
  r.setStart(before.parentNode, 0);
  r.setEndBefore(node);
  const text = [...r.getClientRects()].filter(b => b.width > 0);
  const last = text[text.length - 1];
  const first = node.getClientRects()[0];
  const sameLine = text.filter(b => Math.abs(b.top - first.top) < 1);
  return first.top > last.top + 1 || sameLine.every(b => first.left >= b.right - 0.5);
};
for (const el of document.querySelectorAll('li, h4')) {
  if (!el.textContent.includes('MARKER')) continue;
  const meta = el.querySelector('.note-meta, .meta');
  out.push(after(el.firstChild, meta) ? 'kept' : 'reordered');
}
document.title = 'layout: ' + out.join(' ');
</script>"#;
    let page = format!("{}{}", &page[..csp], &page[csp_end..])
        .replace("</body>", &format!("{probe}</body>"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.html");
    std::fs::write(&file, page).unwrap();
    let out = run(
        &browser,
        &dir.path().join("profile"),
        &["--dump-dom".into(), format!("file://{}", file.display())],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let title = &dom[dom.find("<title>").unwrap() + 7..dom.find("</title>").unwrap()];
    assert!(title.starts_with("layout: kept"), "{title}");
    assert!(!title.contains("reordered"), "{title}");
}

#[test]
fn you_said_we_did_across_a_chain_executes_nothing_and_shows_hostile_text_as_text() {
    use convene::export::yousaid::{self, YouSaid, YouSaidOptions};
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let march = hostile_session();
    let mut june = Session::follow_up(
        &march,
        "march.ron",
        HOSTILE[3],
        jiff::civil::date(2026, 12, 7),
        march.framework.clone(),
        "2026-12-07T09:00:00Z".parse().unwrap(),
    );
    let item = june.follow_up.as_ref().unwrap().items[0].id;
    june.apply(Change::UpdateItem {
        id: item,
        status: ItemStatus::InProgress,
        done: HOSTILE[6].to_string(),
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let options = YouSaidOptions {
        include_sensitive: true,
        ..Default::default()
    };
    let pages = [
        (
            "yousaid.html",
            yousaid::html(&YouSaid::build(&[&march, &june], &options)),
        ),
        ("summary.html", export::html(&june, &Options::default())),
    ];
    for (name, html) in pages {
        let page = dir.path().join(name);
        std::fs::write(&page, html).unwrap();
        let out = run(
            &browser,
            &dir.path().join(format!("profile-{name}")),
            &["--dump-dom".into(), format!("file://{}", page.display())],
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(
            !dom.contains("data-pwned=\""),
            "{name}: a payload ran:\n{dom}"
        );
        assert!(
            !dom.contains("<script") && !dom.contains("<iframe"),
            "{name}"
        );
        assert!(
            !dom.contains("id=\"injected\""),
            "{name}: markup became an element"
        );
        // The recommendation (a payload), and what was done about it (another).
        for h in [HOSTILE[4], HOSTILE[6]] {
            let shown = h
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert!(dom.contains(&shown), "{name}: not shown as text: {h}");
        }
    }
}
