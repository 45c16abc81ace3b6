//! `convene wall FILE`: the room's view of a session on the projector, following the file
//! read-only beside the facilitator's screen.

use super::open::{Screen, needs_terminal};
use super::{Failure, Outcome};
use crate::store::config;
use crate::tui::palette::Preset;
use crate::tui::wall::{self, Wall};
use std::path::Path;

/// Reads the session first (a file that is not there or not a session is reported as by the
/// other commands; reading takes no lock and writes nothing), then needs a terminal.
pub fn wall(file: &Path) -> Outcome {
    let (config, _) = config::load();
    let preset = Preset::initial(config.theme.as_deref(), Preset::no_color_env());
    let shown = Wall::open(file, preset, jiff::Timestamp::now()).map_err(|e| Failure {
        code: e.exit_code(),
        message: e.to_string(),
    })?;
    needs_terminal(Screen::Wall)?;
    wall::run(shown).map_err(|e| Failure {
        code: 1,
        message: format!("{e:#}"),
    })
}
