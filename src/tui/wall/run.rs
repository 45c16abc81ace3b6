//! The wall's terminal loop: draw, wait for a key or the next look at the files, repeat.

use super::{POLL, Wall};
use ratatui::crossterm::event::{self, Event};
use std::time::Instant;

/// Shows `wall` until q (or Esc) is pressed, following its file. The terminal is put back as
/// it was on the way out, after a panic too.
pub fn run(mut wall: Wall) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = (|| -> anyhow::Result<()> {
        let mut last_look = Instant::now();
        loop {
            wall.now = jiff::Timestamp::now();
            terminal.draw(|frame| frame.render_widget(&wall, frame.area()))?;
            let timeout = POLL.saturating_sub(last_look.elapsed());
            // Layout is computed on every draw: a resize needs only the redraw.
            if event::poll(timeout)?
                && let Event::Key(key) = event::read()?
            {
                wall.key(key);
            }
            if wall.quit {
                return Ok(());
            }
            if last_look.elapsed() >= POLL {
                wall.follow();
                last_look = Instant::now();
            }
        }
    })();
    ratatui::restore();
    result
}
