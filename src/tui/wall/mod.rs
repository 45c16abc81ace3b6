//! The wall: what the room sees on the projector (`convene wall FILE`), following a session
//! file read-only while the facilitator's process writes it.
//!
//! The wall never takes the lock and never writes. Every moment it looks at the sizes and times
//! of the snapshot and the journal (metadata only) and, when they changed, reads the session
//! again with [`store::load`]. A file that cannot be read for a moment (a snapshot being
//! replaced, a line half written) leaves the last good session on the wall; only trouble that
//! lasts is mentioned on the status line. [`view`] draws the state; [`run`] drives the terminal.

pub mod run;
pub mod view;

use crate::model::{Note, Session};
use crate::store::{self, Loaded, StoreError};
use crate::tui::palette::{Palette, Preset};
use crate::tui::timer::{Reading, Timer};
use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub use run::run;

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(200);

/// Failed reads in a row before the status line mentions them (about a second): a snapshot
/// being replaced or a journal line being written is over well before that.
pub const TROUBLE_AFTER: u32 = 5;

/// What the file system says about one file, without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// A snapshot replaced by renaming is a new file even when its size and time look alike.
    pub inode: u64,
}

/// The snapshot's and the journal's stamps (`None`: not there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamps {
    pub snapshot: Option<Stamp>,
    pub journal: Option<Stamp>,
}

impl Stamps {
    /// Looks at the session file and its journal (through a link, the ones beside the file it
    /// points to), reading metadata only.
    pub fn of(path: &Path) -> Stamps {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Stamps {
            snapshot: stamp(&real),
            journal: stamp(&store::journal::journal_path(&real)),
        }
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        inode,
    })
}

/// Why the wall may be behind the session, and how many reads in a row failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trouble {
    pub message: String,
    pub attempts: u32,
}

/// What one look at the files did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Followed {
    /// Nothing changed on disk.
    Unchanged,
    /// The session was read again.
    Reloaded,
    /// The files changed but could not be read; the last good session stays.
    Failed(String),
}

/// The wall's whole state: the last session read and how it is shown.
#[derive(Debug)]
pub struct Wall {
    path: PathBuf,
    /// The last session read whole.
    pub session: Session,
    /// The stamps the session was read at.
    seen: Stamps,
    pub trouble: Option<Trouble>,
    /// The clock, for the step timer (set by the caller: drawing reads no clock).
    pub now: Timestamp,
    pub palette: Palette,
    /// The keys shown on the status line.
    pub help: bool,
    pub quit: bool,
    /// The join address was tried and nothing answers there (the writer was killed while
    /// sharing): the wall stops inviting the room to it.
    pub join_unreachable: bool,
}

impl Wall {
    /// Reads the session at `path` for the first time; a file that cannot be read is an error.
    pub fn open(path: &Path, preset: Preset, now: Timestamp) -> Result<Wall, StoreError> {
        let seen = Stamps::of(path);
        let loaded = store::load(path)?;
        Ok(Wall::new(path, loaded.session, seen, preset, now))
    }

    /// A wall showing `session`, as read at `seen`.
    pub fn new(
        path: &Path,
        session: Session,
        seen: Stamps,
        preset: Preset,
        now: Timestamp,
    ) -> Wall {
        Wall {
            path: path.to_path_buf(),
            session,
            seen,
            trouble: None,
            now,
            palette: Palette::new(preset),
            help: false,
            quit: false,
            join_unreachable: false,
        }
    }

    /// Where the room joins, while it can: the session says sharing is on and the address
    /// was not found dead.
    pub fn join(&self) -> Option<&crate::model::Sharing> {
        self.session
            .sharing
            .as_ref()
            .filter(|_| !self.join_unreachable)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Looks at the files and reads the session again if they changed (or the last read
    /// failed).
    pub fn follow(&mut self) -> Followed {
        let stamps = Stamps::of(&self.path);
        if stamps == self.seen && self.trouble.is_none() {
            return Followed::Unchanged;
        }
        let path = self.path.clone();
        self.absorb(stamps, || store::load(&path))
    }

    /// One step of following: given the stamps just seen and a way to read the session, keeps
    /// the new session or, when it cannot be read, the last good one with a note on why.
    /// Warnings (a torn last journal line while the writer appends) are not shown: the next
    /// read, once the line is whole, has it.
    pub fn absorb(
        &mut self,
        stamps: Stamps,
        load: impl FnOnce() -> Result<Loaded, StoreError>,
    ) -> Followed {
        if stamps.snapshot.is_none() {
            return self.failed(format!(
                "{} is not there (moved or deleted?)",
                self.file_name()
            ));
        }
        match load() {
            Ok(loaded) => {
                self.session = loaded.session;
                self.seen = stamps;
                self.trouble = None;
                Followed::Reloaded
            }
            Err(e) => self.failed(format!(
                "{} cannot be read now: {}",
                self.file_name(),
                crate::terminal_text::one_line(&e.to_string())
            )),
        }
    }

    fn failed(&mut self, message: String) -> Followed {
        let attempts = self.trouble.as_ref().map_or(0, |t| t.attempts) + 1;
        self.trouble = Some(Trouble {
            message: message.clone(),
            attempts,
        });
        Followed::Failed(message)
    }

    /// The trouble worth telling the room's facilitator about: only once it has lasted.
    pub fn lasting_trouble(&self) -> Option<&str> {
        self.trouble
            .as_ref()
            .filter(|t| t.attempts >= TROUBLE_AFTER)
            .map(|t| t.message.as_str())
    }

    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Keys: q or Esc (or Ctrl-c) quits, c changes the colours, ? shows the keys.
    pub fn key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        match key.code {
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => self.quit = true,
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Char('c') => self.palette = Palette::new(self.palette.preset.next()),
            KeyCode::Char('?') => self.help = !self.help,
            _ => {}
        }
    }

    /// The notes of the step the facilitator is on, oldest first.
    pub fn step_notes(&self) -> Vec<&Note> {
        let step = &self.session.current_step().id;
        self.session
            .notes
            .iter()
            .filter(|n| &n.step == step)
            .collect()
    }

    /// The step timer as it reads now, if it belongs to the current step; and whether it runs.
    pub fn timer(&self) -> Option<(Reading, bool)> {
        let state = self.session.timer.as_ref()?;
        if state.step != self.session.current_step().id {
            return None;
        }
        let timer = Timer::from_state(state, Duration::ZERO, self.now);
        Some((timer.reading(Duration::ZERO), state.running_since.is_some()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;

    fn session(title: &str) -> Session {
        Session::new(
            title,
            jiff::civil::date(2026, 9, 24),
            Framework::default_framework(),
            Timestamp::UNIX_EPOCH,
        )
    }

    fn stamps(len: u64) -> Stamps {
        let stamp = Stamp {
            len,
            modified: None,
            inode: 1,
        };
        Stamps {
            snapshot: Some(stamp),
            journal: Some(stamp),
        }
    }

    fn loaded(title: &str) -> Result<Loaded, StoreError> {
        Ok(Loaded {
            session: session(title),
            warnings: vec!["x.ron.journal:3: the last entry was cut off".into()],
            replayed: 0,
            snapshot_revision: 0,
        })
    }

    #[test]
    fn a_failed_read_keeps_the_last_session_and_is_mentioned_only_once_it_lasts() {
        let path = Path::new("x.ron");
        let mut wall = Wall::new(
            path,
            session("first"),
            stamps(1),
            Preset::Light,
            Timestamp::UNIX_EPOCH,
        );
        assert_eq!(
            wall.absorb(stamps(2), || loaded("second")),
            Followed::Reloaded
        );
        assert_eq!(wall.session.title, "second");
        assert_eq!(wall.trouble, None, "a torn last line is not trouble");
        let gap = || {
            Err(StoreError::io(
                path,
                "read",
                std::io::Error::other("entries are missing"),
            ))
        };
        for attempt in 1..=TROUBLE_AFTER {
            assert!(matches!(wall.absorb(stamps(3), gap), Followed::Failed(_)));
            assert_eq!(wall.session.title, "second");
            assert_eq!(wall.lasting_trouble().is_some(), attempt == TROUBLE_AFTER);
        }
        let gone = Stamps::default();
        assert!(
            matches!(wall.absorb(gone, || loaded("never read")), Followed::Failed(m) if m.contains("not there"))
        );
        assert_eq!(wall.session.title, "second");
        assert_eq!(
            wall.absorb(stamps(4), || loaded("third")),
            Followed::Reloaded
        );
        assert_eq!(
            (wall.session.title.as_str(), wall.trouble.is_none()),
            ("third", true)
        );
    }

    #[test]
    fn keys_quit_change_colours_and_show_the_keys() {
        use ratatui::crossterm::event::KeyEvent;
        let mut wall = Wall::new(
            Path::new("x.ron"),
            session("s"),
            Stamps::default(),
            Preset::Light,
            Timestamp::UNIX_EPOCH,
        );
        wall.key(KeyEvent::from(KeyCode::Char('c')));
        assert_eq!(wall.palette.preset, Preset::Dark);
        wall.key(KeyEvent::from(KeyCode::Char('?')));
        assert!(wall.help);
        assert!(!wall.quit);
        wall.key(KeyEvent::from(KeyCode::Esc));
        assert!(wall.quit);
    }
}
