//! The one focus of the facilitator's screen: what takes a key now. It is computed once per
//! key and used both to look the key up (its keymap modes) and to route the action.

use super::app::View;
use super::keymap::Mode;
use super::start::StartFocus;

/// The part of the screen that takes keys, most specific first: an overlay, then a text being
/// typed or a form, then a view. Keys the focused part does not take go to the keys shared by
/// every view of a session ([`Mode::Global`]), handled in one place by the app shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    // Overlays
    Help,
    Pause,
    /// One card, full size.
    Card,
    PickTable,
    /// Typing the timer's minutes.
    TimerPrompt,
    /// A yes/no question.
    Confirm,
    /// Suggested themes, before anything changes.
    Suggestions,
    /// Typing a theme's name or the dots per table.
    ThemePrompt,
    /// Notes similar to the selected one.
    Similar,
    /// The sharing panel.
    Sharing,
    /// The queue of notes from the room waiting for review.
    Review,
    /// Editing a waiting note.
    ReviewEdit,
    // Typing and forms
    Start(StartFocus),
    /// The note input, in any view of a session.
    Input,
    /// A recommendation or response form; the mode of its focused field.
    Form(Mode),
    /// Choosing drafts from the top-voted themes.
    Drafts,
    /// Typing an owner to filter responses by.
    OwnerFilter,
    /// Carrying notes or a theme to another column.
    PickTheme,
    /// The step view at a follow-up's "Since last time" step.
    FollowUp,
    // Views
    View(View),
}

impl Focus {
    /// The keymap modes to look a key up in, most specific first.
    pub fn modes(self) -> Vec<Mode> {
        match self {
            Focus::Help => vec![Mode::Help],
            Focus::Pause => vec![Mode::Pause],
            Focus::Card => vec![Mode::Card],
            Focus::PickTable => vec![Mode::PickTable],
            Focus::TimerPrompt => vec![Mode::Prompt],
            Focus::Confirm => vec![Mode::Confirm],
            Focus::Suggestions => vec![Mode::Suggestions],
            Focus::ThemePrompt => vec![Mode::ThemePrompt],
            Focus::Similar => vec![Mode::Similar],
            Focus::Sharing => vec![Mode::Sharing],
            Focus::Review => vec![Mode::Review],
            Focus::ReviewEdit => vec![Mode::ReviewEdit],
            Focus::Start(StartFocus::List) => vec![Mode::Start],
            Focus::Start(StartFocus::Form) => vec![Mode::StartForm],
            Focus::Start(StartFocus::Open) => vec![Mode::StartOpen],
            Focus::Input => vec![Mode::Input],
            Focus::Form(field) => vec![field, Mode::Form],
            Focus::Drafts => vec![Mode::Drafts],
            Focus::OwnerFilter => vec![Mode::OwnerFilter],
            Focus::PickTheme => vec![Mode::PickTheme],
            Focus::FollowUp => vec![Mode::FollowUp, Mode::Step, Mode::Global],
            Focus::View(view) => match view {
                View::Start => vec![Mode::Start],
                View::Step => vec![Mode::Step, Mode::Session, Mode::Global],
                View::Board => vec![Mode::Board, Mode::Session, Mode::Global],
                View::Themes => vec![Mode::Themes, Mode::Global],
                View::Voting => vec![Mode::Voting, Mode::Global],
                View::Recommendations => vec![Mode::Recommendations, Mode::Global],
                View::Responses => vec![Mode::Responses, Mode::Global],
                View::Export => vec![Mode::Export, Mode::Global],
            },
        }
    }

    /// Every focus there is (forms once per kind of field), for tests of the key table.
    pub fn all() -> Vec<Focus> {
        let mut all = vec![
            Focus::Help,
            Focus::Pause,
            Focus::Card,
            Focus::PickTable,
            Focus::TimerPrompt,
            Focus::Confirm,
            Focus::Suggestions,
            Focus::ThemePrompt,
            Focus::Similar,
            Focus::Sharing,
            Focus::Review,
            Focus::ReviewEdit,
            Focus::Start(StartFocus::List),
            Focus::Start(StartFocus::Form),
            Focus::Start(StartFocus::Open),
            Focus::Input,
            Focus::Form(Mode::FormText),
            Focus::Form(Mode::FormChoice),
            Focus::Form(Mode::FormList),
            Focus::Form(Mode::FormPledge),
            Focus::Drafts,
            Focus::OwnerFilter,
            Focus::PickTheme,
            Focus::FollowUp,
        ];
        all.extend(View::SESSION_VIEWS.iter().map(|v| Focus::View(*v)));
        all
    }
}
