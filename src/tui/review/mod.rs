//! The review browser (`convene review PATH…` on a terminal): many sessions, read-only. Sessions
//! load on a worker thread behind a progress gauge; cross-workshop themes are found on another.
//!
//! Flow: terminal event → [`keymap`] → [`keymap::Action`] → [`ReviewApp::update`] → [`screens::draw`],
//! a pure function of the app. Nothing here can write: the app holds a [`Library`], never a store.

pub mod app;
pub mod keymap;
pub mod screens;

pub use app::ReviewApp;

use crate::review::{CrossTheme, Filter, Library, Progress};
use crate::tui::palette::Preset;
use crate::tui::{init_terminal, restore_terminal};
use app::{Effect, Loading};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// What the worker threads send to the screen.
enum Message {
    Progress(Progress),
    Loaded(Box<Library>),
    ThemesProgress(u64, String),
    Themes(u64, Vec<CrossTheme>),
    Exported(Result<String, String>),
    Reloaded(Box<Library>),
}

/// How the browsing ended: the library's sessions and skipped files, for the exit code.
pub struct Ended {
    /// `None` when the user quit before loading finished.
    pub library: Option<Arc<Library>>,
}

/// Browses the sessions among `paths` until the user quits. `filter` is the starting filter
/// (from the command line's options); copies of a session are left out unless `keep_copies`.
pub fn run(paths: &[PathBuf], filter: Filter, keep_copies: bool) -> anyhow::Result<Ended> {
    let root = crate::store::review::common_root(paths);
    let preset = Preset::initial(
        crate::store::config::load().0.theme.as_deref(),
        Preset::no_color_env(),
    );
    let mut app = ReviewApp::loading(root, filter, preset);
    let (tx, rx) = channel();
    let load_tx = tx.clone();
    let owned = paths.to_vec();
    std::thread::spawn(move || {
        let library = Library::open_keeping(&owned, keep_copies, &mut |p| {
            let _ = load_tx.send(Message::Progress(p));
        });
        let _ = load_tx.send(Message::Loaded(Box::new(library)));
    });
    let mut terminal = init_terminal()?;
    let result = event_loop(&mut terminal, &mut app, paths, keep_copies, &tx, &rx);
    restore_terminal();
    result?;
    Ok(Ended {
        library: app.library.clone(),
    })
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut ReviewApp,
    paths: &[PathBuf],
    keep_copies: bool,
    tx: &Sender<Message>,
    rx: &Receiver<Message>,
) -> anyhow::Result<()> {
    loop {
        let mut drawn = app::Drawn::default();
        terminal.draw(|frame| drawn = screens::draw(app, frame))?;
        app.set_drawn(drawn);
        if event::poll(Duration::from_millis(50))? {
            // Drain what is waiting, so a held key or a fast wheel does not lag behind.
            loop {
                match event::read()? {
                    Event::Key(key) => app.handle_key(key),
                    Event::Mouse(mouse) => app.handle_mouse(mouse),
                    _ => {}
                }
                if app.should_quit() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        while let Ok(message) = rx.try_recv() {
            match message {
                Message::Progress(p) => app.progress(Loading {
                    done: p.done,
                    total: p.total,
                    current: app.short_path(&p.path),
                }),
                Message::Loaded(library) => app.loaded(*library),
                Message::ThemesProgress(g, text) => app.themes_progress(g, text),
                Message::Themes(g, themes) => app.themes_found(g, themes),
                Message::Exported(result) => app.exported(result),
                Message::Reloaded(library) => app.reloaded(*library),
            }
        }
        for effect in app.take_effects() {
            match effect {
                Effect::FindThemes { generation, rows } => {
                    let Some(library) = app.library.clone() else {
                        continue;
                    };
                    let tx = tx.clone();
                    std::thread::spawn(move || {
                        let mut last = String::new();
                        let themes = app::find_themes(&library, &rows, &mut |p| {
                            let text = app::describe(p);
                            if text != last {
                                last.clone_from(&text);
                                let _ = tx.send(Message::ThemesProgress(generation, text));
                            }
                        });
                        let _ = tx.send(Message::Themes(generation, themes));
                    });
                }
                Effect::Export(job) => {
                    let Some(library) = app.library.clone() else {
                        continue;
                    };
                    let tx = tx.clone();
                    std::thread::spawn(move || {
                        let result = app::write_export(&library, &job);
                        let _ = tx.send(Message::Exported(result));
                    });
                }
                Effect::Reload => {
                    let tx = tx.clone();
                    let owned = paths.to_vec();
                    std::thread::spawn(move || {
                        let library = Library::open_keeping(&owned, keep_copies, &mut |_| {});
                        let _ = tx.send(Message::Reloaded(Box::new(library)));
                    });
                }
            }
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}
