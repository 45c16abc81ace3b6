//! Snapshots of every screen at 80×24, 120×40 and 200×60 with the demo session, and the
//! colours of table markers checked cell by cell (snapshots hold text only).

use crate::common;

use common::*;
use convene::model::TableColour;
use convene::store::MemoryStore;
use convene::tui::App;
use convene::tui::palette::{Palette, Preset};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn draw(app: &App<MemoryStore>, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            convene::tui::screens::draw(app, f);
        })
        .unwrap();
    terminal
}

#[test]
fn every_screen_at_three_sizes() {
    for (name, make) in screens() {
        let app = make();
        for (w, h) in SIZES {
            let terminal = draw(&app, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn too_small_asks_to_enlarge() {
    let app = demo_at("invested-commitment");
    for (w, h) in [(39, 12), (60, 11), (20, 5)] {
        let terminal = draw(&app, w, h);
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), terminal.backend());
    }
    let text = format!("{:?}", draw(&app, 39, 12).backend());
    assert!(text.contains("Enlarge the window"));
}

fn rgb(c: TableColour) -> Color {
    let (r, g, b) = c.rgb();
    Color::Rgb(r, g, b)
}

/// Every cell showing `letter` with the background `bg`.
fn marker_cells(buf: &Buffer, letter: &str, bg: Color) -> Vec<(u16, u16)> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buf[(x, y)];
            if cell.symbol() == letter && cell.bg == bg {
                out.push((x, y));
            }
        }
    }
    out
}

#[test]
fn table_markers_carry_letter_and_colour_on_the_board_and_tables_bar() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["Tab"]);
    let (w, h) = (200, 60);
    let terminal = draw(&app, w, h);
    let buf = terminal.backend().buffer();
    let session = app.session().unwrap();
    let palette = Palette::new(Preset::Light);
    for table in &session.tables {
        let cells = marker_cells(buf, &table.letter, rgb(table.colour));
        // On the tables bar (third line from the bottom)…
        assert!(
            cells.iter().any(|&(_, y)| y == h - 3),
            "table {} has no coloured marker on the tables bar",
            table.letter
        );
        // …in its column heading and on each of its cards.
        let cards = app
            .board()
            .index
            .columns
            .iter()
            .find(|c| c.table == Some(table.id))
            .unwrap()
            .notes
            .len();
        assert!(
            cells.iter().filter(|&&(_, y)| y < h - 3).count() > cards,
            "table {}: {} markers for {cards} cards",
            table.letter,
            cells.len()
        );
        // The letter is readable on its colour.
        let (x, y) = cells[0];
        assert_eq!(
            buf[(x, y)].fg,
            palette.table_marker(table.colour).fg.unwrap()
        );
        assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    }
}

#[test]
fn light_theme_is_the_default_and_monochrome_uses_no_colour() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["Tab"]);
    let terminal = draw(&app, 120, 40);
    let buf = terminal.backend().buffer();
    // A light background for the projector.
    assert_eq!(buf[(60, 20)].bg, Color::Rgb(0xff, 0xff, 0xff));
    // Three presses of t: light → dark → high-contrast → monochrome.
    keys(&mut app, &["t", "t", "t"]);
    assert_eq!(app.palette().preset, Preset::Monochrome);
    let terminal = draw(&app, 120, 40);
    let buf = terminal.backend().buffer();
    for y in 0..40 {
        for x in 0..120 {
            let cell = &buf[(x, y)];
            assert!(
                matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
                "colour at {x},{y} in monochrome: {:?}/{:?}",
                cell.fg,
                cell.bg
            );
        }
    }
    // Table letters stay marked, by reverse video.
    let a = (0..40)
        .flat_map(|y| (0..120).map(move |x| (x, y)))
        .find(|&(x, y)| {
            buf[(x, y)].symbol() == "A" && buf[(x, y)].modifier.contains(Modifier::REVERSED)
        });
    assert!(a.is_some(), "no reversed table marker in monochrome");
}

#[test]
fn the_selected_card_is_marked_by_a_symbol_not_only_by_colour() {
    let mut app = demo_at("invested-commitment");
    keys(&mut app, &["Tab"]);
    let text = format!("{:?}", draw(&app, 120, 40).backend());
    assert!(text.contains("┏▶"), "{text}");
}

#[test]
fn no_screen_draws_zero_width_characters() {
    // Joiners, zero-width spaces, variation selectors and piles of combining marks: terminals
    // count them differently, and a terminal that does shifts the rest of the line, leaving
    // stray pieces of border behind.
    let mut session = demo_session();
    let step = "person-centred";
    let table = session.tables[0].id;
    for text in [
        format!("x{}y and the bus", "\u{200D}".repeat(9)),
        "zero\u{200B}width\u{200B}spaces\u{2060}here\u{FEFF}".to_string(),
        format!("e{} combining", "\u{301}".repeat(12)),
        "\u{2714}\u{FE0F}\u{2714}\u{FE0F} ticks".to_string(),
    ] {
        let note = session.next_note(
            table,
            step,
            convene::model::NoteKind::Idea,
            text,
            session.created,
        );
        session
            .apply(convene::model::Change::AddNote(note))
            .unwrap();
    }
    let mut app = app(session);
    let n = app.session().unwrap().framework.step_index(step).unwrap();
    app.update(convene::tui::Action::GoToStep(n));
    let hidden = |c: char| matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}');
    for view in ["step", "board", "themes"] {
        let terminal = draw(&app, 160, 60);
        let buf = terminal.backend().buffer();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let cell = buf[(x, y)].symbol();
                assert!(
                    !cell.chars().any(hidden),
                    "{view}: ({x}, {y}) holds {cell:?}"
                );
                let marks = cell
                    .chars()
                    .filter(|c| ('\u{300}'..='\u{36F}').contains(c))
                    .count();
                assert!(marks <= 2, "{view}: ({x}, {y}) holds {cell:?}");
            }
        }
        keys(&mut app, &["Tab"]);
    }
}

#[test]
fn start_form_scrolled_in_a_low_window_and_a_bad_date() {
    let mut app = start_app(vec![]);
    keys(&mut app, &["Enter", "BackTab"]);
    insta::assert_snapshot!(
        "start_form_facilitators_40x12",
        draw(&app, 40, 12).backend()
    );
    keys(
        &mut app,
        &["BackTab", "BackTab", "BackTab", "soon", "Enter"],
    );
    insta::assert_snapshot!("start_form_bad_date_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn a_suggested_title_is_drawn_selected_until_touched() {
    let mut app = start_app(vec![]);
    keys(&mut app, &["Enter"]);
    let selected = Palette::new(Preset::Light).selected;
    let title_cell_bg = |app: &App<MemoryStore>| {
        let terminal = draw(app, 80, 24);
        let buf = terminal.backend().buffer().clone();
        let y = (0..buf.area.height)
            .find(|&y| buf[(2, y)].symbol() == "▶")
            .expect("the focused field");
        let x = (20..buf.area.width)
            .find(|&x| buf[(x, y)].symbol() == "W")
            .expect("the title");
        buf[(x, y)].bg
    };
    assert_eq!(title_cell_bg(&app), selected.bg.unwrap());
    keys(&mut app, &["←"]);
    assert_ne!(title_cell_bg(&app), selected.bg.unwrap());
}

/// The screen's text, row by row.
fn rows(app: &App<MemoryStore>, w: u16, h: u16) -> Vec<String> {
    let terminal = draw(app, w, h);
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

#[test]
fn hidden_until_reveal_hides_the_note_being_typed_too() {
    for view in [&[][..], &["Tab"][..]] {
        let mut app = demo_at("person-centred");
        keys(&mut app, view);
        keys(&mut app, &["v", "a", "nobody should read this"]);
        assert!(app.face_down());
        for (w, h) in SIZES {
            let text = rows(&app, w, h).join("\n");
            assert!(
                !text.contains("nobody"),
                "{w}×{h}: typed text shows:\n{text}"
            );
            assert!(
                text.contains("typing… (hidden until reveal) 23 characters"),
                "{w}×{h}:\n{text}"
            );
            // The kind of the note still shows.
            assert!(text.contains("• comment"), "{w}×{h}:\n{text}");
        }
        // Revealed (v is a letter while typing: Esc closes the input first), it shows again.
        keys(&mut app, &["Esc", "v", "a"]);
        assert!(!app.face_down());
        let text = rows(&app, 120, 40).join("\n");
        assert!(text.contains("nobody should read this"), "{text}");
    }
}

/// The sharing panel over the step view, drawn from fixed values (a real server's address and
/// code change every run): a LAN address at 80×24 and 120×40, and narrower, where the QR code
/// gives way and the address wraps whole.
#[test]
fn the_sharing_panel_at_two_sizes_and_narrow() {
    use convene::tui::share::view::{Panel, render};
    let app = demo_at("invested-commitment");
    let panel = Panel {
        url: "http://192.168.100.200:54321/j/ABCDEFG",
        code: "ABCDEFG",
        received: 3,
        moderation: None,
    };
    for (w, h) in [(80, 24), (120, 40), (40, 14)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| {
                convene::tui::screens::draw(&app, f);
                let area = f.area();
                render(&panel, app.palette(), area, f.buffer_mut());
            })
            .unwrap();
        insta::assert_snapshot!(format!("sharing_panel_{w}x{h}"), terminal.backend());
    }
}

/// The review queue with one note from the room waiting, and the same note being edited.
#[test]
fn the_review_queue_at_two_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = crate::tui_share::with_a_submission();
        keys(&mut app, &["Q"]);
        let terminal = draw(&app, w, h);
        insta::assert_snapshot!(format!("review_queue_{w}x{h}"), terminal.backend());
        keys(&mut app, &["e"]);
        let terminal = draw(&app, w, h);
        insta::assert_snapshot!(format!("review_queue_editing_{w}x{h}"), terminal.backend());
    }
}
