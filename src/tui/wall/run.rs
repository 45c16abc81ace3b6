//! The wall's terminal loop: draw, wait for a key or the next look at the files, repeat.

use super::{POLL, Wall};
use ratatui::crossterm::event::{self, Event};
use std::time::{Duration, Instant};

/// How often the wall checks that something still answers at the join address.
const PROBE: Duration = Duration::from_secs(2);

/// True when a connection to the join address's host and port is taken (the server is up).
/// Only a connection is made; nothing is sent.
fn answers(url: &str) -> bool {
    use std::net::{TcpStream, ToSocketAddrs};
    let Some(host) = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
    else {
        return false;
    };
    let Ok(mut addrs) = host.to_socket_addrs() else {
        return false;
    };
    addrs
        .next()
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_millis(300)).is_ok())
}

/// Shows `wall` until q (or Esc) is pressed, following its file. The terminal is put back as
/// it was on the way out, after a panic too.
pub fn run(mut wall: Wall) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = (|| -> anyhow::Result<()> {
        let mut last_look = Instant::now();
        // At once, so a join address left by a killed writer is never shown.
        let mut last_probe = Instant::now() - PROBE;
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
            if last_probe.elapsed() >= PROBE {
                wall.join_unreachable = wall
                    .session
                    .sharing
                    .as_ref()
                    .is_some_and(|s| !answers(&s.url));
                last_probe = Instant::now();
            }
        }
    })();
    ratatui::restore();
    result
}
