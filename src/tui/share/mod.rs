//! Sharing with the room from the facilitator's screen: starting and stopping the server,
//! a new join code, and serving the devices' requests on the app's one commit path (notes
//! from phones are journaled before they are acknowledged, like everything else), and the
//! panel that shows the room how to join (`view.rs`).

pub mod review;
pub mod review_view;
pub mod view;

use super::action::Action;
use super::app::{App, Effect, Level, Overlay};
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

    /// The join code while sharing, for the status line (shown with the panel closed too),
    /// with the notes waiting for review when moderating.
    pub fn sharing_status(&self) -> Option<String> {
        let live = self.sharing.as_ref()?;
        let waiting = self
            .session()
            .map_or(0, |s| s.waiting_submissions().count());
        Some(if self.moderated || waiting > 0 {
            format!("{} · {waiting} waiting (Q)", live.server.code())
        } else {
            live.server.code()
        })
    }

    /// Where `W` starts the room's server: `None` (the default) for the LAN address; tests
    /// and `convene open --share ADDR:PORT` choose one.
    pub fn set_share_bind(&mut self, bind: Option<SocketAddr>) {
        self.share_bind = bind;
    }

    /// The address `W` starts the room's server on (`None`: the LAN address).
    pub fn share_bind(&self) -> Option<SocketAddr> {
        self.share_bind
    }

    /// Shows the sharing panel, or hides it; while not sharing, says how to start.
    pub(crate) fn show_sharing_panel(&mut self) {
        if self.sharing.is_none() {
            self.message = Some((
                "not sharing: W shares the session with the room".into(),
                Level::Info,
            ));
            return;
        }
        self.overlay = Some(Overlay::Sharing);
    }

    /// Keys while the sharing panel is open: stop, a new code, or close it.
    pub(crate) fn update_sharing_panel(&mut self, action: Action) {
        match action {
            Action::CloseOverlay | Action::ShowSharing => {
                if let Some(live) = &self.sharing {
                    self.message = Some((
                        format!(
                            "still sharing: code {} (J shows the panel, W stops)",
                            live.server.code()
                        ),
                        Level::Info,
                    ));
                }
                return;
            }
            // Stopping closes the panel.
            Action::ToggleSharing => return self.stop_sharing(),
            Action::NewJoinCode => self.new_join_code(),
            Action::ToggleModeration => self.toggle_moderation(),
            Action::ShowReview => return self.show_review(),
            _ => {}
        }
        if self.sharing.is_some() {
            self.overlay = Some(Overlay::Sharing);
        }
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
        // The room needs the address at once: the panel opens (unless another pop-up is up).
        if self.overlay.is_none() {
            self.overlay = Some(Overlay::Sharing);
        }
        self.serve_room(self.wall);
    }

    /// Stops the server and records that sharing stopped.
    pub fn stop_sharing(&mut self) {
        let Some(live) = self.sharing.take() else {
            return;
        };
        live.server.stop();
        if matches!(self.overlay, Some(Overlay::Sharing)) {
            self.overlay = None;
        }
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
            self.message = Some((
                "not sharing: there is no join code (W shares the session)".into(),
                Level::Info,
            ));
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
            format!(
                "new join code {}: the old one no longer works",
                live.server.code()
            ),
            Level::Info,
        ));
    }

    /// Answers the devices' waiting requests (their changes committed together, with one
    /// flush), and shows them the session as it is now. Called by the run loop often; true
    /// when there were requests (the screen may have changed).
    pub fn serve_room(&mut self, now: Timestamp) -> bool {
        let moderated = self.moderated;
        let (Some(live), Some(open)) = (&mut self.sharing, &mut self.open) else {
            return false;
        };
        live.desk.set_moderated(moderated);
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
                let count = |s: &crate::model::Session| -> (usize, usize, u32) {
                    let dots = s.device_votes.iter().map(|v| v.dots).sum();
                    (s.notes.len(), s.submissions.len(), dots)
                };
                let before = count(open.session());
                live.desk.serve(open.store_mut(), batch, now);
                let after = count(open.session());
                let added = after.0.saturating_sub(before.0);
                let submitted = after.1.saturating_sub(before.1);
                live.received += added + submitted;
                if submitted > 0 {
                    self.message = Some((
                        format!(
                            "{} from the room waiting for review (Q shows them)",
                            crate::model::plural(submitted, "note")
                        ),
                        Level::Info,
                    ));
                } else if added > 0 {
                    self.message = Some((
                        format!("{} from the room", crate::model::plural(added, "note")),
                        Level::Info,
                    ));
                } else if after.2 != before.2 {
                    self.message = Some((
                        format!("dots from the room: {} placed from devices in all", after.2),
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
