//! The review browser's one table of keys: (mode, keys, action, description, footer hint). It
//! drives dispatch, the footer and the `?` help, so the three can never disagree.

use crate::tui::keys::{Bound, bind, ch, ctrl, help_in, hints_in, key, lookup};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Which keys are live. Several are active at once: a view's own keys, then [`Mode::Browse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Keys shared by every view.
    Browse,
    Sessions,
    Notes,
    Provenance,
    Compare,
    Themes,
    Promises,
    /// Typing a search, a tag or a theme label: keys go into the text.
    Typing,
    /// The export chooser (`X`): keys go into the file name.
    Export,
    Help,
}

impl Mode {
    pub fn title(self) -> &'static str {
        match self {
            Mode::Browse => "Every view",
            Mode::Sessions => "Sessions",
            Mode::Notes => "Notes",
            Mode::Provenance => "A note's provenance",
            Mode::Compare => "Principles compared",
            Mode::Themes => "Themes across workshops",
            Mode::Promises => "Promises followed across workshops",
            Mode::Typing => "Typing a search, tag or theme",
            Mode::Export => "Exporting what the filters show",
            Mode::Help => "Help",
        }
    }

    /// The order of the help overlay.
    pub const HELP_ORDER: [Mode; 10] = [
        Mode::Browse,
        Mode::Sessions,
        Mode::Notes,
        Mode::Provenance,
        Mode::Compare,
        Mode::Themes,
        Mode::Promises,
        Mode::Typing,
        Mode::Export,
        Mode::Help,
    ];
}

/// Everything the review browser can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    /// Esc: close the help, leave a view, clear the search.
    Cancel,
    NextView,
    PrevView,
    /// The n-th view (0-based).
    ShowView(usize),
    CycleColours,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    // Sessions
    ToggleSession,
    ToggleAllSessions,
    OpenNotes,
    // Notes
    Search,
    NextPrinciple,
    PrevPrinciple,
    CycleStakeholder,
    CycleKind,
    CycleResponse,
    TypeTag,
    TypeTheme,
    ClearFilters,
    ToggleSensitive,
    OpenProvenance,
    // Themes
    FindThemes,
    // Promises
    ToggleOpenOnly,
    // Exporting and reading again
    Export,
    Reload,
    NextFormat,
    PrevFormat,
    // Typing
    Submit,
    Backspace,
    Type(char),
    // Mouse
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
}

/// One row of the review browser's key table.
pub type Binding = crate::tui::keys::Binding<Mode, Action>;

use Action as A;
use KeyCode as K;

/// Every key of the review browser. Earlier rows win when two active modes bind the same key.
pub static BINDINGS: &[Binding] = &[
    // Typing: every printable key goes into the text.
    bind!(
        Typing,
        [key(K::Enter)],
        A::Submit,
        "keep what was typed",
        "keep"
    ),
    bind!(
        Typing,
        [key(K::Esc)],
        A::Cancel,
        "cancel: back to what was there before",
        "cancel"
    ),
    bind!(
        Typing,
        [key(K::Backspace)],
        A::Backspace,
        "delete a character"
    ),
    bind!(Typing, [ctrl('c')], A::Quit, "quit"),
    // The export chooser: every printable key goes into the name.
    bind!(
        Export,
        [key(K::Enter)],
        A::Submit,
        "write it (a second Enter replaces a file of that name; never a session)",
        "write"
    ),
    bind!(
        Export,
        [key(K::Tab), key(K::Down)],
        A::NextFormat,
        "next format",
        "format"
    ),
    bind!(
        Export,
        [key(K::BackTab), key(K::Up)],
        A::PrevFormat,
        "previous format"
    ),
    bind!(
        Export,
        [key(K::Backspace)],
        A::Backspace,
        "delete a character of the name"
    ),
    bind!(
        Export,
        [key(K::Esc)],
        A::Cancel,
        "close without writing",
        "cancel"
    ),
    bind!(Export, [ctrl('c')], A::Quit, "quit"),
    // Help.
    bind!(
        Help,
        [key(K::Esc), ch('?'), ch('q'), key(K::F(1))],
        A::Cancel,
        "close the help",
        "close"
    ),
    bind!(Help, [key(K::Up), ch('k')], A::Up, "scroll up"),
    bind!(Help, [key(K::Down), ch('j')], A::Down, "scroll down"),
    bind!(Help, [key(K::PageUp)], A::PageUp, "page up"),
    bind!(Help, [key(K::PageDown), ch(' ')], A::PageDown, "page down"),
    // Sessions.
    bind!(
        Sessions,
        [ch(' ')],
        A::ToggleSession,
        "select / leave out the session under the cursor",
        "select"
    ),
    bind!(
        Sessions,
        [ch('a')],
        A::ToggleAllSessions,
        "select every session / none",
        "all"
    ),
    bind!(
        Sessions,
        [key(K::Enter)],
        A::OpenNotes,
        "browse the notes of the selected sessions",
        "notes"
    ),
    // Notes.
    bind!(
        Notes,
        [ch('/')],
        A::Search,
        "search the text: every word must occur, case ignored; matches are highlighted",
        "search"
    ),
    bind!(
        Notes,
        [key(K::Enter)],
        A::OpenProvenance,
        "where the note came from: session, table, step, time, theme, response",
        "provenance"
    ),
    bind!(
        Notes,
        [ch('p')],
        A::NextPrinciple,
        "filter by principle: next (then all again)",
        "principle"
    ),
    bind!(
        Notes,
        [ch('P')],
        A::PrevPrinciple,
        "filter by principle: previous"
    ),
    bind!(
        Notes,
        [ch('s')],
        A::CycleStakeholder,
        "filter by a stakeholder group sitting at the note's table",
        "group"
    ),
    bind!(
        Notes,
        [ch('c')],
        A::CycleKind,
        "filter by kind: comment, question, idea, barrier, commitment",
        "kind"
    ),
    bind!(
        Notes,
        [ch('r')],
        A::CycleResponse,
        "filter by response: none yet, any, open, in progress, done",
        "response"
    ),
    bind!(
        Notes,
        [ch('#')],
        A::TypeTag,
        "filter by a tag (type it)",
        "tag"
    ),
    bind!(
        Notes,
        [ch('T')],
        A::TypeTheme,
        "filter by the label of a session's theme (type it; \"none\" for notes in no theme)",
        "theme"
    ),
    bind!(
        Notes,
        [ch('v')],
        A::ToggleSensitive,
        "show / leave out notes marked sensitive (left out at first)"
    ),
    bind!(
        Notes,
        [ch('x')],
        A::ClearFilters,
        "clear every filter and the search",
        "clear"
    ),
    // Provenance.
    bind!(
        Provenance,
        [key(K::Esc), key(K::Backspace)],
        A::Cancel,
        "back to the notes",
        "back"
    ),
    // Themes.
    bind!(
        Themes,
        [ch('r')],
        A::FindThemes,
        "find themes again over the notes the filters select",
        "find again"
    ),
    // Promises.
    bind!(
        Promises,
        [ch('o')],
        A::ToggleOpenOnly,
        "show only promises not done or dropped / every one",
        "open only"
    ),
    // Every view.
    bind!(
        Browse,
        [key(K::Tab), key(K::Right), ch('l')],
        A::NextView,
        "next view",
        "view"
    ),
    bind!(
        Browse,
        [key(K::BackTab), key(K::Left), ch('h')],
        A::PrevView,
        "previous view"
    ),
    Binding {
        mode: Mode::Browse,
        keys: &[ch('1'), ch('2'), ch('3'), ch('4'), ch('5'), ch('6')],
        label: Some("1…6"),
        action: Bound::Nth(A::ShowView),
        description: "sessions, notes, provenance, compare, themes, promises",
        hint: None,
    },
    bind!(Browse, [key(K::Up), ch('k')], A::Up, "move up"),
    bind!(Browse, [key(K::Down), ch('j')], A::Down, "move down"),
    bind!(Browse, [key(K::PageUp)], A::PageUp, "a page up"),
    bind!(Browse, [key(K::PageDown)], A::PageDown, "a page down"),
    bind!(Browse, [key(K::Home), ch('g')], A::First, "to the first"),
    bind!(Browse, [key(K::End), ch('G')], A::Last, "to the last"),
    bind!(
        Browse,
        [key(K::Esc)],
        A::Cancel,
        "cancel: clear the search, or go back"
    ),
    bind!(
        Browse,
        [ch('t')],
        A::CycleColours,
        "colour theme: light high-contrast, dark, high-contrast, monochrome"
    ),
    bind!(
        Browse,
        [ch('?'), key(K::F(1))],
        A::Help,
        "help: every key",
        "help"
    ),
    bind!(
        Browse,
        [ch('q'), ctrl('c')],
        A::Quit,
        "quit (no session is ever written)",
        "quit"
    ),
    bind!(
        Browse,
        [ch('X')],
        A::Export,
        "export what the filters show: the research dataset (CSV, Parquet, SQLite, Excel), the notes (CSV, JSON Lines) or a REFI-QDA project",
        "export"
    ),
    bind!(
        Browse,
        [ch('R')],
        A::Reload,
        "read the sessions again: notes a live session has added since, new files",
        "reload"
    ),
];

/// The action bound to `event` in the first of `modes` that binds it.
pub fn action_for(modes: &[Mode], event: &KeyEvent) -> Option<Action> {
    lookup(BINDINGS, modes, event)
}

/// Footer hints for the active modes, in order: (keys, word).
pub fn hints(modes: &[Mode]) -> Vec<(String, &'static str)> {
    let mut out = hints_in(BINDINGS, modes);
    // The way to the help first, so it shows at any width.
    out.sort_by_key(|(_, h)| *h != "help");
    out
}

/// The help overlay's rows: for each mode, its (keys, description) pairs.
pub fn help_sections() -> Vec<(Mode, Vec<(String, &'static str)>)> {
    help_in(BINDINGS, &Mode::HELP_ORDER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::Chord;
    use ratatui::crossterm::event::KeyModifiers;

    const STACKS: &[&[Mode]] = &[
        &[Mode::Sessions, Mode::Browse],
        &[Mode::Notes, Mode::Browse],
        &[Mode::Provenance, Mode::Browse],
        &[Mode::Compare, Mode::Browse],
        &[Mode::Themes, Mode::Browse],
        &[Mode::Promises, Mode::Browse],
        &[Mode::Typing],
        &[Mode::Help],
    ];

    #[test]
    fn no_key_is_bound_twice_in_a_view_except_esc_going_back() {
        for stack in STACKS {
            let mut seen: Vec<(Chord, Mode)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| stack.contains(&b.mode)) {
                for k in b.keys {
                    if let Some((_, m)) = seen.iter().find(|(c, _)| c == k) {
                        // A view may take over Esc from the shared "cancel" on purpose.
                        let esc_override = k.code == KeyCode::Esc && b.mode == Mode::Browse;
                        assert!(
                            esc_override,
                            "{} bound in {m:?} and {:?}",
                            k.label(),
                            b.mode
                        );
                    }
                    seen.push((*k, b.mode));
                }
            }
        }
    }

    #[test]
    fn every_mode_has_footer_hints_and_help_first() {
        for stack in STACKS {
            let h = hints(stack);
            assert!(!h.is_empty(), "{stack:?}");
            if stack.contains(&Mode::Browse) {
                assert_eq!(h[0].1, "help");
            }
        }
    }

    #[test]
    fn digits_choose_views() {
        let e = KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE);
        assert_eq!(
            action_for(&[Mode::Notes, Mode::Browse], &e),
            Some(Action::ShowView(3))
        );
        assert_eq!(action_for(&[Mode::Typing], &e), None);
    }
}
