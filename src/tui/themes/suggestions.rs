//! Suggested themes and similar notes in the themes view: asking for the job (an effect the
//! run loop runs), taking its answers (only those of the generation waited for), stopping it,
//! and the preview where suggestions are accepted (nothing changes before that).

use super::update::{counts, list_labels, plural};
use crate::cluster::{self, Accept};
use crate::model::{Change, Origin, Session};
use crate::store::SessionStore;
use crate::terminal_text::one_line;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Overlay, Target, View};
use crate::tui::themes::{Job, JobKind, JobOutcome, Preview, Scope, ThemesOverlay};

/// What "accept all" will and will not change, in plain words; `None` when it neither
/// replaces earlier suggestions nor meets themes people made (nothing to warn about).
pub fn accept_all_warning(session: &Session, changes: &[Change]) -> Option<Vec<String>> {
    let replaced: Vec<String> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DeleteTheme { id } => session.theme(*id).map(|t| t.label.clone()),
            _ => None,
        })
        .collect();
    let kept = cluster::kept_themes(session);
    let kept_labels: Vec<String> = session
        .themes
        .iter()
        .filter(|t| kept.contains(&t.id))
        .map(|t| t.label.clone())
        .collect();
    if replaced.is_empty() && kept_labels.is_empty() {
        return None;
    }
    let (added, placed) = counts(changes);
    let by_people = session
        .notes
        .iter()
        .filter(|n| n.theme.is_some() && n.placed_by == Some(Origin::Person))
        .count();
    let mut lines = vec![format!(
        "Accepting all adds {} and places {}.",
        plural(added, "suggested theme", "suggested themes"),
        plural(placed, "note", "notes")
    )];
    if !replaced.is_empty() {
        lines.push(format!(
            "It REPLACES {} nobody has changed: {}. Their notes are grouped again.",
            plural(
                replaced.len(),
                "earlier suggested theme",
                "earlier suggested themes"
            ),
            list_labels(&replaced, 3)
        ));
    }
    if !kept_labels.is_empty() {
        lines.push(format!(
            "Not touched: {} made, shaped or voted on by people ({}), and the {} people placed.",
            plural(kept_labels.len(), "theme", "themes"),
            list_labels(&kept_labels, 3),
            plural(by_people, "note", "notes")
        ));
    }
    lines.push("One undo (u) takes all of it back. Apply? y/n".into());
    Some(lines)
}

impl<S: SessionStore> App<S> {
    // -----------------------------------------------------------------------------------------
    // Jobs: asked for as effects, answered with actions

    /// Asks for a job on a copy of the session; the job waited for before is stopped.
    fn start_job(&mut self, kind: JobKind, about: String) -> u64 {
        self.cancel_job();
        let session = self.session_ref().clone();
        let generation = self.themes.next_generation;
        self.themes.next_generation += 1;
        self.themes.job = Some(Job {
            kind,
            about,
            generation,
            revision: session.revision,
            notes: session.notes.len(),
            progress: None,
        });
        self.effects.push(Effect::StartJob {
            generation,
            kind,
            session: Box::new(session),
        });
        generation
    }

    /// Stops the job waited for, if any; true when there was one.
    pub(crate) fn cancel_job(&mut self) -> bool {
        let Some(job) = self.themes.job.take() else {
            return false;
        };
        self.effects.push(Effect::CancelJob {
            generation: job.generation,
        });
        true
    }

    /// Suggests themes: for `scope`, or (`None`, the `g` key) for the current step's notes
    /// when it has any, else within each step.
    pub(super) fn suggest(&mut self, scope: Option<Scope>) {
        if scope.is_none()
            && let Some(ready) = self.themes.ready.take()
        {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(ready)));
            return;
        }
        if self.read_only() {
            self.warn("this session is open read-only: themes can be suggested only when it is opened for writing");
            return;
        }
        let session = self.session_ref();
        let step = session.current_step();
        let in_step = session.notes.iter().filter(|n| n.step == step.id).count();
        let scope = scope.unwrap_or(if in_step > 0 {
            Scope::Step
        } else {
            Scope::EachStep
        });
        let (n, about) = match scope {
            Scope::Step => (
                in_step,
                format!(
                    "the {} of “{}”",
                    plural(in_step, "note", "notes"),
                    one_line(&step.title)
                ),
            ),
            Scope::EachStep => {
                let n = session.notes.len();
                (
                    n,
                    format!("all {}, within each step", plural(n, "note", "notes")),
                )
            }
        };
        if n < 2 {
            self.info("too few notes to suggest themes");
            return;
        }
        let again = self.themes.suggesting();
        self.start_job(JobKind::Suggest(scope), about.clone());
        if again {
            self.info(format!(
                "suggesting stopped and started again on {about}: keep working; Esc stops it"
            ));
        } else {
            self.info(format!(
                "suggesting themes for {about} in the background: keep working; Esc stops it"
            ));
        }
    }

    pub(super) fn find_similar(&mut self) {
        let Some(id) = self.cursor_note() else {
            self.info("select a note to find notes like it");
            return;
        };
        if let Some(job) = &self.themes.job {
            let stage = job.stage();
            self.info(format!("busy: {stage}"));
            return;
        }
        self.start_job(JobKind::Similar(id), format!("notes like {id}"));
        self.info(format!("finding notes similar to {id}…"));
    }

    /// Esc while suggesting: the work is stopped, nothing changes.
    pub(super) fn stop_suggesting(&mut self) {
        if self.cancel_job() {
            self.info("suggesting stopped: nothing changed");
        }
    }

    /// True when a pop-up can appear without taking keys meant for something else.
    fn free_to_show(&self) -> bool {
        self.overlay.is_none() && !self.capture.open && self.view == View::Themes
    }

    /// How far the job of `generation` has got (ignored unless it is the one waited for).
    pub(crate) fn job_progress(&mut self, generation: u64, progress: cluster::Progress) {
        if let Some(job) = self.themes.job.as_mut()
            && job.generation == generation
        {
            job.progress = Some(progress);
        }
    }

    /// The answer of the job of `generation`: shown if it is the one waited for, else ignored
    /// (a job stopped or replaced since).
    pub(crate) fn job_done(&mut self, generation: u64, outcome: JobOutcome) {
        if self
            .themes
            .job
            .as_ref()
            .is_none_or(|j| j.generation != generation)
        {
            return;
        }
        let job = self.themes.job.take().expect("checked above");
        match (outcome, job.kind) {
            (JobOutcome::Suggested(suggestions), _) => {
                let preview = Box::new(Preview {
                    suggestions,
                    about: job.about.clone(),
                    selected: 0,
                    revision: job.revision,
                });
                if preview.rows() == 0 {
                    self.info(
                        "no themes to suggest: every note is in a theme people made or placed",
                    );
                } else if self.free_to_show() {
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
                    self.info("suggestions ready: nothing has changed yet");
                } else {
                    self.themes.ready = Some(preview);
                    self.info("suggested themes are ready: g in the themes view (F6) shows them");
                }
            }
            (JobOutcome::Similar(list), JobKind::Similar(note)) => {
                if list.is_empty() {
                    self.info("no other notes to compare with");
                } else if self.free_to_show() {
                    self.overlay = Some(Overlay::Themes(ThemesOverlay::Similar {
                        note,
                        list,
                        selected: 0,
                    }));
                }
            }
            (JobOutcome::Failed, _) => {
                self.warn("the background work stopped with an error; nothing changed")
            }
            (JobOutcome::Stopped, _) | (JobOutcome::Similar(_), JobKind::Suggest(_)) => {}
        }
    }

    // -----------------------------------------------------------------------------------------
    // The preview

    pub(super) fn update_preview(&mut self, mut preview: Box<Preview>, action: Action) {
        let rows = preview.rows();
        match action {
            Action::Up | Action::ScrollUp => preview.selected = preview.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                preview.selected = (preview.selected + 1).min(rows.saturating_sub(1))
            }
            Action::Click { column, row } => {
                if let Some(Target::ListRow(i)) = self.hit(column, row) {
                    preview.selected = i.min(rows.saturating_sub(1));
                }
            }
            Action::AcceptAll => return self.accept_all(preview),
            Action::AcceptOne if preview.on_offers() => {
                return self.accept_offers(preview);
            }
            Action::AcceptOne => return self.accept_one(preview),
            Action::AcceptOffers => return self.accept_offers(preview),
            Action::CloseOverlay => {
                self.info("suggestions discarded: nothing changed");
                return;
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
    }

    pub(super) fn update_confirm_accept(
        &mut self,
        preview: Box<Preview>,
        lines: Vec<String>,
        action: Action,
    ) {
        match action {
            Action::Yes => {
                let changes =
                    cluster::to_changes(self.session_ref(), &preview.suggestions, Accept::All);
                self.apply_all(changes);
            }
            Action::No | Action::CloseOverlay => {
                self.info("nothing applied");
                self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
            }
            _ => {
                self.overlay = Some(Overlay::Themes(ThemesOverlay::ConfirmAccept {
                    preview,
                    lines,
                }))
            }
        }
    }

    fn accept_all(&mut self, preview: Box<Preview>) {
        let session = self.session_ref();
        let changes = cluster::to_changes(session, &preview.suggestions, Accept::All);
        if changes.is_empty() {
            self.info("nothing left to accept");
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
            return;
        }
        match accept_all_warning(session, &changes) {
            Some(lines) => {
                self.overlay = Some(Overlay::Themes(ThemesOverlay::ConfirmAccept {
                    preview,
                    lines,
                }))
            }
            None => self.apply_all(changes),
        }
    }

    fn apply_all(&mut self, changes: Vec<Change>) {
        let (added, placed) = counts(&changes);
        if self.commit(Change::Batch(changes)).done() {
            self.info(format!(
                "accepted {} and placed {} — u undoes it all",
                plural(added, "suggested theme", "suggested themes"),
                plural(placed, "note", "notes")
            ));
            self.themes.cursor = (0, 0);
            self.move_theme_cursor(0, 0);
        }
    }

    fn accept_one(&mut self, mut preview: Box<Preview>) {
        let i = preview.selected;
        let session = self.session_ref();
        let changes = cluster::to_changes(session, &preview.suggestions, Accept::Theme(i));
        let Some(theme) = preview.suggestions.themes.get(i) else {
            return;
        };
        let label = theme.label.clone();
        let placed = changes
            .iter()
            .filter(|c| matches!(c, Change::PlaceNote { .. }))
            .count();
        if self.commit(Change::Batch(changes)).done() {
            self.info(format!(
                "accepted «{label}» with {} — u to undo",
                plural(placed, "note", "notes")
            ));
            preview.suggestions.themes.remove(i);
            preview.selected = i.min(preview.rows().saturating_sub(1));
        }
        if preview.rows() > 0 {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
        }
    }

    fn accept_offers(&mut self, mut preview: Box<Preview>) {
        let changes = cluster::to_changes(self.session_ref(), &preview.suggestions, Accept::Offers);
        if changes.is_empty() {
            self.info("no notes are offered to existing themes");
        } else {
            let n = changes.len();
            if self.commit(Change::Batch(changes)).done() {
                self.info(format!(
                    "placed {} in the existing themes nearest them — u to undo",
                    plural(n, "note", "notes")
                ));
                preview.suggestions.offers.clear();
                preview.selected = preview.selected.min(preview.rows().saturating_sub(1));
            }
        }
        if preview.rows() > 0 {
            self.overlay = Some(Overlay::Themes(ThemesOverlay::Preview(preview)));
        }
    }
}
