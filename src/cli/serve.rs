//! `convene serve FILE`: the room's server without a terminal (a small always-on box, scripts,
//! tests). It holds the session's lock, is the one writer, prints the join address first, and
//! stops cleanly on Ctrl-c or SIGTERM.

use super::{Failure, Outcome};
use crate::model::{Change, Sharing};
use crate::share::{Desk, RoomView, Server, addr};
use crate::store::{SessionFile, SessionStore};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to listen: ADDR:PORT, ADDR, or :PORT (default: this machine's address on the
    /// local network, port 7070 or any free one). 127.0.0.1:0 keeps it to this machine.
    #[arg(long, value_name = "ADDR:PORT")]
    pub bind: Option<String>,
}

/// Set by Ctrl-c or SIGTERM.
static STOP: AtomicBool = AtomicBool::new(false);

/// `convene serve`.
pub fn serve(args: &ServeArgs, out: &mut dyn Write) -> Outcome {
    let bind = args
        .bind
        .as_deref()
        .map(addr::parse_bind)
        .transpose()
        .map_err(Failure::usage)?;
    let mut store = SessionFile::open(&args.file)?;
    let server = Server::start(bind, RoomView::of(store.session())).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    let url = server.url();
    let sharing = Sharing {
        url: url.clone(),
        code: server.code(),
    };
    store
        .commit(Change::SetSharing(Some(sharing)))
        .map_err(|e| Failure {
            code: 1,
            message: e.to_string(),
        })?;
    watch_signals();
    writeln!(out, "{url}")?;
    out.flush()?;
    // What the person at the terminal needs next, on standard error (standard output holds the
    // address alone, for scripts).
    let session = store.session();
    let mut guide = format!(
        "convene: sharing {} with the room; Ctrl-c stops.\n",
        crate::terminal_text::one_line(&args.file.display().to_string())
    );
    if session.tables.is_empty() {
        guide.push_str("  it has no tables yet: notes need one (convene new --table …)\n");
    } else {
        guide.push_str("  a link for each table (it chooses the table for the phone):\n");
        for t in &session.tables {
            guide.push_str(&format!(
                "  table {}: {url}/t/{}\n",
                crate::terminal_text::one_line(&t.letter),
                crate::terminal_text::one_line(&t.letter)
            ));
        }
    }
    eprint!("{guide}");
    let mut desk = Desk::new(store.session());
    while !STOP.load(Ordering::SeqCst) {
        let batch = server.take(Duration::from_millis(100));
        if batch.is_empty() {
            // Quiet: a good moment to compact the journal into a snapshot.
            SessionStore::compact_if_due(&mut store);
            continue;
        }
        desk.serve(&mut store, batch, jiff::Timestamp::now());
        server.publish(RoomView::of(store.session()));
    }
    server.stop();
    if let Err(e) = store.commit(Change::SetSharing(None)) {
        eprintln!("convene: could not record that sharing stopped: {e}");
    }
    eprintln!("convene: stopped sharing {}", args.file.display());
    Ok(())
}

#[cfg(unix)]
fn watch_signals() {
    extern "C" fn stop(_: libc::c_int) {
        STOP.store(true, Ordering::SeqCst);
    }
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, stop as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, stop as *const () as libc::sighandler_t);
    }
}

#[cfg(not(unix))]
fn watch_signals() {}
