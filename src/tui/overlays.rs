//! The shell's pop-ups, drawn over any view: help, the pause screen, yes/no questions (quit,
//! paste several lines, replace an export), and routing keys to the pop-up that is open.

use super::action::Action;
use super::app::App;
use super::capture::text_of;
use crate::model::NoteId;
use crate::store::SessionStore;
use ratatui_textarea::TextArea;
use std::time::Duration;

/// Something drawn over the view.
#[derive(Debug)]
pub enum Overlay {
    Help,
    /// The calm screen: break timer, no notes.
    Pause,
    /// One card, full size.
    Card(NoteId),
    /// Choosing the table to move `note` to; `table` is the one highlighted.
    PickTable {
        note: NoteId,
        table: usize,
    },
    /// Typing the timer's minutes.
    Prompt(Box<TextArea<'static>>),
    Confirm(Question),
    // Themes and voting
    Themes(super::themes::ThemesOverlay),
    /// The sharing panel: join address, QR code and code (over any view).
    Sharing,
    /// Notes from the room waiting for review: the selected one, and its text being edited.
    Review {
        selected: usize,
        edit: Option<Box<TextArea<'static>>>,
    },
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Quit although something would be lost (the reason says what).
    Quit(String),
    /// Add one note per pasted line.
    PasteLines(Vec<String>),
    /// Replace the files an earlier export left (listed) with the export on screen.
    ReplaceExport(Vec<std::path::PathBuf>),
}

impl Question {
    pub fn text(&self) -> String {
        match self {
            Question::Quit(reason) => format!("{reason} Quit convene? Enter or y quits · n stays"),
            Question::PasteLines(lines) => {
                format!("Add {} notes, one per line? y/n", lines.len())
            }
            Question::ReplaceExport(paths) => {
                let names: Vec<String> = paths
                    .iter()
                    .map(|p| {
                        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                        crate::terminal_text::one_line(&name.unwrap_or_default()).into_owned()
                    })
                    .collect();
                match names.as_slice() {
                    [one] => format!("{one} is already there. Replace it? y/n"),
                    several => format!(
                        "{} are already there. Replace them? y/n",
                        several.join(", ")
                    ),
                }
            }
        }
    }
}

impl<S: SessionStore> App<S> {
    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match overlay {
            Overlay::Help => self.update_help(action),
            Overlay::Pause => self.update_pause(action),
            Overlay::Card(id) => self.update_card(id, action),
            Overlay::PickTable { note, table } => self.update_pick_table(note, table, action),
            Overlay::Prompt(text) => self.update_timer_prompt(text, action),
            Overlay::Confirm(question) => self.update_confirm(question, action),
            Overlay::Themes(o) => self.update_themes_overlay(o, action),
            Overlay::Sharing => self.update_sharing_panel(action),
            Overlay::Review { selected, edit } => self.update_review(selected, edit, action),
        }
    }

    fn update_help(&mut self, action: Action) {
        let scroll = &mut self.help_scroll;
        match action {
            Action::CloseOverlay | Action::Help => {
                *scroll = 0;
                return;
            }
            Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            _ => {}
        }
        self.overlay = Some(Overlay::Help);
    }

    fn update_pause(&mut self, action: Action) {
        match action {
            Action::Pause => {
                self.break_timer.pause(self.now);
                self.info("welcome back");
                return;
            }
            Action::TimerStartPause => self.break_timer.toggle(self.now),
            Action::TimerAddMinute => self.break_timer.add(Duration::from_secs(60)),
            Action::TimerSubMinute => self.break_timer.sub(Duration::from_secs(60)),
            Action::TimerReset => {
                self.break_timer.reset();
                self.break_timer.start(self.now);
            }
            _ => {}
        }
        self.overlay = Some(Overlay::Pause);
    }

    fn update_confirm(&mut self, question: Question, action: Action) {
        match (action, question) {
            (Action::Yes, Question::Quit(_)) => self.quit = true,
            (Action::No, Question::Quit(_)) => self.info("not quitting"),
            (Action::Yes, Question::PasteLines(lines)) => {
                let count = lines.len();
                let mut saved = 0;
                for line in lines {
                    if self.add_note_text(&line) {
                        saved += 1;
                    }
                }
                self.info(format!("added {saved} of {count} notes"));
            }
            (Action::No, Question::PasteLines(lines)) => {
                self.capture.open = true;
                self.capture.text.insert_str(lines.join("\n"));
                self.info("pasted as one note; Enter saves it");
            }
            (Action::Yes, Question::ReplaceExport(_)) => self.write_export_replacing(),
            (Action::No, Question::ReplaceExport(_)) => {
                self.info("not written: the earlier export is kept")
            }
            (_, question) => self.overlay = Some(Overlay::Confirm(question)),
        }
    }

    /// Quitting asks first whenever a session is open: one stray key must not end a projected
    /// workshop. The question says what would be lost, if anything.
    pub(super) fn ask_quit(&mut self) {
        let draft = !text_of(&self.capture.text).trim().is_empty();
        let waiting = self.pending().count();
        let reason = if waiting > 0 {
            format!("{waiting} change(s) are not saved: the disk refused them.")
        } else if draft {
            "The note being typed is not saved.".into()
        } else {
            "Everything is saved.".into()
        };
        self.overlay = Some(Overlay::Confirm(Question::Quit(reason)));
    }
}
