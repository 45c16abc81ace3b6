//! The facilitator's screen (ratatui): the run loop, the terminal's life cycle, and the entry
//! points `run_start` (the start screen) and `run_session` (`convene open FILE`).
//!
//! Flow: terminal event → keymap → [`Action`] → [`App::update`] → `Change` committed through the
//! store (durable first) → [`screens::draw`], a pure function of the app. What the app asks for
//! beyond that (a bell, a file, a job on a worker thread) it records as an [`Effect`]; the run
//! loop runs it and answers with an action. [`run_effects_now`] runs them inline (tests).

pub mod action;
pub mod app;
pub mod focus;
pub mod keymap;
pub mod keys;
pub mod overlays;
pub mod palette;
pub mod review;
pub mod screens;
pub mod session;
pub mod timer;
pub mod widgets;
// The rooms: each feature's state, keys and update.
pub mod board;
pub mod capture;
pub mod export;
pub mod follow_up;
pub mod form;
pub mod outcomes;
pub mod recommendations;
pub mod responses;
pub mod share;
pub mod start;
pub mod step;
pub mod themes;
pub mod voting;
// The projector's view of a session, read-only.
pub mod wall;

pub use action::Action;
pub use app::App;

use crate::store::config::{self, Config};
use crate::store::{self, SessionStore};
pub use app::Effect;
use palette::Preset;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use start::FileOpener;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How often the screen is redrawn when nothing happens (timers, retries).
const TICK: Duration = Duration::from_millis(250);
/// How long the loop waits for a key while sharing, before answering the room's devices.
const SHARING_POLL: Duration = Duration::from_millis(5);

/// Opens the start screen on the sessions in `data_dir`.
pub fn run_start(data_dir: PathBuf) -> anyhow::Result<()> {
    let (config, warning) = config::load();
    let opener = FileOpener {
        data_dir,
        config_dir: store::config_dir(),
        notices: Vec::new(),
    };
    let preset = Preset::initial(config.theme.as_deref(), Preset::no_color_env());
    let mut app: App<Box<dyn SessionStore>> = App::new(Box::new(opener), config, preset);
    if let Some(w) = warning {
        app.message = Some((w, app::Level::Warning));
    }
    run(app)
}

/// `convene open --share [ADDR:PORT] [--moderate]`: sharing from the start.
#[derive(Debug, Clone, Copy)]
pub struct Sharing {
    /// Where to listen (`None`: the LAN address).
    pub bind: Option<std::net::SocketAddr>,
    /// Notes from the room wait for review before they reach the board.
    pub moderate: bool,
}

/// Opens `store` directly, at the step where the session was left. `notices` (from opening the
/// file: a torn journal line skipped…) are shown on the status line.
pub fn run_session(
    store: Box<dyn SessionStore>,
    data_dir: PathBuf,
    notices: Vec<String>,
    share: Option<Sharing>,
) -> anyhow::Result<()> {
    let (config, warning) = config::load();
    let opener = FileOpener {
        data_dir,
        config_dir: store::config_dir(),
        notices: Vec::new(),
    };
    let preset = Preset::initial(config.theme.as_deref(), Preset::no_color_env());
    let read_only = store.read_only();
    // A follow-up whose previous session is no longer beside it unchanged: said once.
    let link = store
        .path()
        .and_then(|path| follow_up::link_notice(path, store.session()));
    let mut app = App::with_store(store, Box::new(opener), config, preset);
    let mut warnings: Vec<String> = warning.into_iter().chain(notices).chain(link).collect();
    if read_only && let Some((m, _)) = app.message.take() {
        warnings.insert(0, m);
    }
    if !warnings.is_empty() {
        app.message = Some((warnings.join("; "), app::Level::Warning));
    }
    if let Some(Sharing { bind, moderate }) = share {
        // `W` restarts on the same address after a stop.
        app.set_share_bind(bind);
        app.set_moderated(moderate);
        app.toggle_sharing(bind);
    }
    run(app)
}

/// Sets up the terminal (raw mode, alternate screen, mouse, bracketed paste) and a panic hook
/// that undoes all of it before the panic message is printed.
pub fn init_terminal() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui_hook(info);
    }));
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    Ok(terminal)
}

/// Puts the terminal back as it was: mouse, bracketed paste, raw mode, alternate screen.
pub fn restore_terminal() {
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste
    );
    ratatui::restore();
}

fn run(mut app: App<Box<dyn SessionStore>>) -> anyhow::Result<()> {
    let mut terminal = init_terminal()?;
    let result = event_loop(&mut terminal, &mut app);
    restore_terminal();
    // A final snapshot, so the journal starts afresh next time (the journal is enough if this fails).
    if let Some(mut store) = app.into_store()
        && !store.read_only()
        && let Err(e) = store.save()
    {
        eprintln!(
            "convene: the final snapshot was not written ({}); every change is in the journal and will be replayed next time",
            crate::terminal_text::one_line(&e.to_string())
        );
    }
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App<Box<dyn SessionStore>>,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let tick = |app: &mut App<Box<dyn SessionStore>>| {
        app.update(Action::Tick {
            mono: started.elapsed(),
            wall: jiff::Timestamp::now(),
        })
    };
    tick(app);
    app.set_clock(
        started.elapsed(),
        jiff::Timestamp::now(),
        jiff::tz::TimeZone::system(),
    );
    let mut last_tick = Instant::now();
    let mut workers = themes::Workers::default();
    // Notes are read for their meaning as they arrive, so themes are ready when asked for.
    let mut warmer = crate::cluster::meaning::Warmer::default();
    let mut warmed_revision = None;
    // Drawn again only when something may have changed: a key, a tick, an answer.
    let mut dirty = true;
    loop {
        if dirty {
            let mut drawn = screens::Drawn::default();
            terminal.draw(|frame| drawn = screens::draw(app, frame))?;
            app.set_drawn(drawn);
            dirty = false;
        }
        // While the room shares, devices' requests are answered within a few milliseconds.
        let wait = if app.sharing().is_some() {
            SHARING_POLL
        } else {
            TICK
        };
        let timeout = wait.min(TICK.saturating_sub(last_tick.elapsed()));
        if event::poll(timeout)? {
            dirty = true;
            match event::read()? {
                Event::Key(key) => {
                    tick(app);
                    app.handle_key(key);
                }
                Event::Mouse(mouse) => app.handle_mouse(mouse),
                Event::Paste(text) => {
                    tick(app);
                    app.update(Action::Paste(text));
                }
                // Layout is computed on every draw; a resize only needs the redraw below.
                Event::Resize(_, _) => {}
                _ => {}
            }
        }
        if last_tick.elapsed() >= TICK {
            tick(app);
            last_tick = Instant::now();
            dirty = true;
        }
        for answer in workers.drain() {
            app.update(answer);
            dirty = true;
        }
        if app.serve_room(jiff::Timestamp::now()) {
            dirty = true;
        }
        if let Some(session) = app.session()
            && warmed_revision != Some((session.created, session.revision))
        {
            warmed_revision = Some((session.created, session.revision));
            warmer.notes(session.notes.iter().map(|n| n.text.as_str()));
        }
        let effects = app.take_effects();
        dirty |= !effects.is_empty();
        for effect in effects {
            match effect {
                Effect::Bell => {
                    let mut out = std::io::stdout();
                    let _ = out.write_all(b"\x07");
                    let _ = out.flush();
                }
                Effect::SaveConfig(config) => save_config(app, &config),
                Effect::StartJob {
                    generation,
                    kind,
                    session,
                } => workers.start(generation, kind, *session),
                Effect::CancelJob { generation } => workers.cancel(generation),
                Effect::WriteExport(request) => {
                    app.update(Action::ExportWritten(Box::new(export::write(&request))))
                }
                Effect::MakePreview(request) => {
                    let failed = Action::PreviewMade(Box::new(request.failed()));
                    workers.run(move || Action::PreviewMade(Box::new(request.run())), failed);
                }
                Effect::StartSharing(bind) => start_sharing(app, bind),
            }
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}

/// Starts the room's server on `bind` with the session as devices should see it.
fn start_sharing<S: SessionStore>(app: &mut App<S>, bind: Option<std::net::SocketAddr>) {
    let Some(session) = app.session() else {
        return;
    };
    let started = crate::share::Server::start(bind, crate::share::RoomView::of(session));
    app.sharing_started(started);
}

fn save_config(app: &mut App<Box<dyn SessionStore>>, config: &Config) {
    if let Err(e) = config::save(config) {
        app.message = Some((
            format!("the setting works now but was not remembered: {e}"),
            app::Level::Warning,
        ));
    }
}

/// Runs the app's pending jobs and exports where it is called, giving their progress and
/// answers back to the app at once, until none are left (tests use it instead of threads).
/// The bell and saving the settings are left in the queue, for [`App::take_effects`].
pub fn run_effects_now<S: SessionStore>(app: &mut App<S>) {
    let mut kept = Vec::new();
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            break;
        }
        for effect in effects {
            match effect {
                Effect::Bell | Effect::SaveConfig(_) => kept.push(effect),
                Effect::StartJob {
                    generation,
                    kind,
                    session,
                } => {
                    let mut progress = Vec::new();
                    let outcome =
                        themes::run_job(kind, &session, &mut |p| progress.push(p), &|| false);
                    for p in progress {
                        app.update(Action::JobProgress {
                            generation,
                            progress: p,
                        });
                    }
                    app.update(Action::JobDone {
                        generation,
                        outcome: Box::new(outcome),
                    });
                }
                // The job has already answered: nothing left to stop.
                Effect::CancelJob { .. } => {}
                Effect::WriteExport(request) => {
                    app.update(Action::ExportWritten(Box::new(export::write(&request))))
                }
                Effect::MakePreview(request) => {
                    app.update(Action::PreviewMade(Box::new(request.run())))
                }
                Effect::StartSharing(bind) => start_sharing(app, bind),
            }
        }
    }
    app.effects.extend(kept);
}
