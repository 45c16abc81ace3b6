//! Sharing with the room from the facilitator's screen: starting and stopping the server,
//! a new join code, and serving the devices' requests on the app's one commit path (notes
//! from phones are journaled before they are acknowledged, like everything else).

use super::app::{App, Effect, Level};
use crate::model::{Change, Sharing};
use crate::share::{Answer, Desk, RoomView, Server, ShareError};
use crate::store::SessionStore;
use jiff::Timestamp;
use std::net::SocketAddr;

/// The room's server while it runs, and what the writer keeps for it.
pub struct Live {
    pub server: Server,
    desk: Desk,
    /// The session revision last shown to devices.
    published: u64,
    /// Notes received from devices since sharing started.
    pub received: usize,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("url", &self.server.url())
            .field("received", &self.received)
            .finish()
    }
}

impl<S: SessionStore> App<S> {
    /// True while the room's devices can join.
    pub fn sharing(&self) -> Option<&Live> {
        self.sharing.as_ref()
    }

    /// Starts sharing (on `bind`, or the LAN address), or stops it when it runs.
    pub fn toggle_sharing(&mut self, bind: Option<SocketAddr>) {
        if self.sharing.is_some() {
            self.stop_sharing();
            return;
        }
        let Some(open) = &self.open else {
            return;
        };
        if open.read_only() {
            self.message = Some((
                "the session is open read-only: the room's notes could not be saved".into(),
                Level::Warning,
            ));
            return;
        }
        self.effects.push(Effect::StartSharing(bind));
    }

    /// The run loop's answer to [`Effect::StartSharing`]: the server, or why it did not start.
    pub fn sharing_started(&mut self, started: Result<Server, ShareError>) {
        let server = match started {
            Ok(server) => server,
            Err(e) => {
                self.message = Some((format!("sharing did not start: {e}"), Level::Warning));
                return;
            }
        };
        let Some(open) = &mut self.open else {
            return;
        };
        let sharing = Sharing {
            url: server.url(),
            code: server.code(),
        };
        if let Err(why) = open.commit_now(Change::SetSharing(Some(sharing))) {
            self.message = Some((format!("sharing did not start: {why}"), Level::Warning));
            return;
        }
        let desk = Desk::new(open.session());
        self.message = Some((
            format!("the room can join at {} (W stops sharing)", server.url()),
            Level::Info,
        ));
        self.sharing = Some(Live {
            server,
            desk,
            published: 0,
            received: 0,
        });
        self.serve_room(self.wall);
    }

    /// Stops the server and records that sharing stopped.
    pub fn stop_sharing(&mut self) {
        let Some(live) = self.sharing.take() else {
            return;
        };
        live.server.stop();
        if let Some(open) = &mut self.open
            && open.session().sharing.is_some()
            && let Err(why) = open.commit_now(Change::SetSharing(None))
        {
            self.message = Some((
                format!("sharing stopped, but that was not recorded: {why}"),
                Level::Warning,
            ));
            return;
        }
        self.message = Some((
            "sharing stopped: the join code no longer works".into(),
            Level::Info,
        ));
    }

    /// A session left while sharing (convene was killed) still says where to join; nothing
    /// listens there now, so the wall must not show it.
    pub(crate) fn clear_stale_sharing(&mut self) {
        if self.sharing.is_none()
            && let Some(open) = &mut self.open
            && open.session().sharing.is_some()
        {
            let _ = open.commit_now(Change::SetSharing(None));
        }
    }

    /// A new join code: the old one stops working at once.
    pub fn new_join_code(&mut self) {
        let Some(live) = &self.sharing else {
            return;
        };
        live.server.new_code();
        let sharing = Sharing {
            url: live.server.url(),
            code: live.server.code(),
        };
        if let Some(open) = &mut self.open {
            let _ = open.commit_now(Change::SetSharing(Some(sharing)));
        }
        self.message = Some((
            "a new join code: the old one no longer works".into(),
            Level::Info,
        ));
    }

    /// Answers the devices' waiting requests (their changes committed together, with one
    /// flush), and shows them the session as it is now. Called by the run loop often; true
    /// when there were requests (the screen may have changed).
    pub fn serve_room(&mut self, now: Timestamp) -> bool {
        let (Some(live), Some(open)) = (&mut self.sharing, &mut self.open) else {
            return false;
        };
        let batch = live.server.take(std::time::Duration::ZERO);
        let served = !batch.is_empty();
        if !served && open.not_writable().is_none() {
            // Quiet: a good moment to compact the journal the room's notes grew.
            open.store_mut().compact_if_due();
        }
        if served {
            if let Some(why) = open.not_writable() {
                // Changes wait for the disk: devices keep their notes and send them again.
                for request in batch {
                    let _ = request.reply.send(Answer::unavailable(&why));
                }
            } else {
                let dots = |s: &crate::model::Session| -> u32 {
                    s.device_votes.iter().map(|v| v.dots).sum()
                };
                let (notes_before, dots_before) =
                    (open.session().notes.len(), dots(open.session()));
                live.desk.serve(open.store_mut(), batch, now);
                let (notes_after, dots_after) = (open.session().notes.len(), dots(open.session()));
                if notes_after > notes_before {
                    live.received += notes_after - notes_before;
                    self.message = Some((
                        format!(
                            "{} from the room",
                            crate::model::plural(notes_after - notes_before, "note")
                        ),
                        Level::Info,
                    ));
                } else if dots_after != dots_before {
                    self.message = Some((
                        format!(
                            "dots from the room: {} placed from devices in all",
                            dots_after
                        ),
                        Level::Info,
                    ));
                }
                self.after_change();
            }
        }
        let (Some(live), Some(open)) = (&mut self.sharing, &self.open) else {
            return served;
        };
        let revision = open.session().revision;
        if revision != live.published {
            live.server.publish(RoomView::of(open.session()));
            live.published = revision;
        }
        served
    }
}
