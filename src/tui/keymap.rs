//! The one table of keys: (mode, keys, action, description). It drives dispatch, the footer
//! hints and the `?` help overlay, so the three can never disagree.

use super::action::Action;
use super::keys::{
    Binding, Bound, Chord, alt, alt_key, bind, ch, ctrl, help_in, hints_in, key, lookup,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the facilitator is; each mode has its own keys. Several modes can be active at once
/// (the board's own keys, then the keys shared by both session views).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Keys shared by every view of an open session (help, quit, views, undo…).
    Global,
    /// Step and board views, with the note input closed.
    Session,
    /// The step view (projected agenda, prompt and timer).
    Step,
    /// The step view at a follow-up's "Since last time" step: last time's promises.
    FollowUp,
    /// The board of cards.
    Board,
    /// The note input is open: typed keys go into the note.
    Input,
    /// One card opened full size.
    Card,
    /// Choosing the table to move a card to.
    PickTable,
    /// Typing a number of minutes for the timer.
    Prompt,
    /// A yes/no question.
    Confirm,
    Help,
    Pause,
    /// The start screen's list.
    Start,
    /// The new-workshop form.
    StartForm,
    /// Typing the path of a session file to open.
    StartOpen,
    // Themes and voting
    /// Notes in columns by theme.
    Themes,
    /// Carrying notes or a theme to another column.
    PickTheme,
    /// Recording dots per table and theme.
    Voting,
    /// Suggested themes shown before anything changes.
    Suggestions,
    /// Typing a theme's name or the dots per table.
    ThemePrompt,
    /// Notes similar to the selected one.
    Similar,
    // Outcomes
    /// The recommendations, grouped by audience.
    Recommendations,
    /// Choosing a draft from the top-voted themes.
    Drafts,
    /// A recommendation or response form.
    Form,
    /// In a form, a field of text.
    FormText,
    /// In a form, a field with a few choices.
    FormChoice,
    /// In a form, a checklist.
    FormList,
    /// In a form, who pledged what.
    FormPledge,
    /// "You said / We did".
    Responses,
    /// Typing an owner to filter responses by.
    OwnerFilter,
    /// The export screen.
    Export,
    /// The sharing panel: join address, QR code and code.
    Sharing,
    /// Notes from the room waiting for review (moderation).
    Review,
    /// Editing a waiting note before accepting it.
    ReviewEdit,
}

impl Mode {
    /// Heading used in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Every view of a session",
            Mode::Session => "Step and board views",
            Mode::Step => "Step view",
            Mode::FollowUp => "Since last time (a follow-up's step)",
            Mode::Board => "Board view",
            Mode::Input => "Note input (open)",
            Mode::Card => "Card opened",
            Mode::PickTable => "Moving a card to a table",
            Mode::Prompt => "Setting the timer",
            Mode::Confirm => "Questions",
            Mode::Help => "Help",
            Mode::Pause => "Pause",
            Mode::Start => "Start screen",
            Mode::StartForm => "New workshop form",
            Mode::StartOpen => "Open a file",
            Mode::Themes => "Themes view",
            Mode::PickTheme => "Moving notes or merging a theme",
            Mode::Voting => "Voting view",
            Mode::Suggestions => "Suggested themes",
            Mode::ThemePrompt => "Naming a theme / dots per table",
            Mode::Similar => "Similar notes",
            // Outcomes
            Mode::Recommendations => "Recommendations",
            Mode::Drafts => "Drafts from the top-voted themes",
            Mode::Form => "Recommendation and response forms",
            Mode::FormText => "Form: a text field",
            Mode::FormChoice => "Form: a choice (audience, timeframe, type, status)",
            Mode::FormList => "Form: a checklist (themes, principles)",
            Mode::FormPledge => "Form: commitments (who pledged what)",
            Mode::Responses => "You said / We did",
            Mode::OwnerFilter => "Filtering by owner (typing)",
            Mode::Export => "Export",
            Mode::Sharing => "Sharing with the room",
            Mode::Review => "Notes from the room waiting for review",
            Mode::ReviewEdit => "Editing a note from the room",
        }
    }
}

const DIGITS: &[Chord] = &[
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
    ch('0'),
];

const ALT_DIGITS: &[Chord] = &[
    alt('1'),
    alt('2'),
    alt('3'),
    alt('4'),
    alt('5'),
    alt('6'),
    alt('7'),
    alt('8'),
    alt('9'),
    alt('0'),
];

use Action as A;

fn prev_next_table(i: usize) -> Action {
    if i == 0 {
        Action::PrevTable
    } else {
        Action::NextTable
    }
}
use KeyCode as K;

fn set_dots(i: usize) -> Action {
    Action::SetDots(((i + 1) % 10) as u32)
}

// Outcomes
fn choice_back_forward(i: usize) -> Action {
    if i == 0 { Action::Left } else { Action::Right }
}

/// Every key of the app. Earlier rows win when two active modes bind the same key.
pub static BINDINGS: &[Binding<Mode, Action>] = &[
    // Every screen of an open session: the fallback when the focused part does not bind a key.
    bind!(
        Global,
        [key(K::Tab)],
        A::NextView,
        "next view: step, board, themes, voting, recommendations, you said / we did, export",
        "view"
    ),
    bind!(Global, [key(K::BackTab)], A::PrevView, "previous view"),
    bind!(
        Global,
        [key(K::F(6))],
        A::ShowThemes,
        "themes view: notes grouped by theme"
    ),
    bind!(
        Global,
        [key(K::F(7))],
        A::ShowVoting,
        "voting view: dots per table, ranking, votes by stakeholder group"
    ),
    bind!(
        Global,
        [ch('R')],
        A::ShowRecommendations,
        "recommendations: write them, or start from drafts of the top-voted themes"
    ),
    bind!(
        Global,
        [ch('Y')],
        A::ShowResponses,
        "You said / We did: responses to notes and themes (the selected card first)"
    ),
    bind!(
        Global,
        [ch('X')],
        A::ShowExport,
        "export now, at any step: summary, CSV or JSON, with a preview"
    ),
    bind!(
        Global,
        [ch('J')],
        A::ShowSharing,
        "show / hide the sharing panel (join address, QR code, code) while sharing"
    ),
    bind!(
        Global,
        [ch('C')],
        A::NewJoinCode,
        "a new join code while sharing: the old one stops working at once"
    ),
    bind!(
        Global,
        [ch('Q')],
        A::ShowReview,
        "the review queue: notes from the room waiting (when moderating)"
    ),
    bind!(
        Global,
        [ch('u'), ctrl('z')],
        A::Undo,
        "undo the last change",
        "undo"
    ),
    bind!(Global, [ctrl('r'), ch('U')], A::Redo, "redo"),
    bind!(
        Global,
        [ch('P'), key(K::F(5))],
        A::Pause,
        "pause: a calm screen with a break timer, all notes hidden",
        "pause"
    ),
    bind!(
        Global,
        [ch('t')],
        A::CyclePalette,
        "colours: light high-contrast, dark, high-contrast, monochrome",
        "colours"
    ),
    bind!(
        Global,
        [ch('?'), key(K::F(1))],
        A::Help,
        "help: every key",
        "help"
    ),
    bind!(
        Global,
        [ch('q'), ctrl('c')],
        A::Quit,
        "quit (asks first: Enter or y quits)",
        "quit"
    ),
    // Last of the shared keys in the footer: undo, pause and quit matter more mid-workshop;
    // the status line shows the code while sharing, and help lists every key.
    bind!(
        Global,
        [ch('W')],
        A::ToggleSharing,
        "share with the room: start (shows the join address, QR code and code) / stop",
        "share"
    ),
    // Note input open: typed text goes into the note, so only modified keys and F-keys act.
    bind!(
        Input,
        [key(K::Enter)],
        A::SaveNote,
        "save the note under the current table and step; the input stays open",
        "save"
    ),
    bind!(
        Input,
        [key(K::Esc)],
        A::CloseInput,
        "close the input (an unsaved draft is kept for next time)",
        "close"
    ),
    Binding {
        mode: Mode::Input,
        keys: ALT_DIGITS,
        label: Some("Alt-1…9 0"),
        action: Bound::Nth(A::SelectTable),
        description: "switch table (1 to 10) without closing the input",
        hint: Some("table"),
    },
    Binding {
        mode: Mode::Input,
        keys: &[alt('['), alt(']')],
        label: None,
        action: Bound::Nth(prev_next_table),
        description: "previous table (Alt-[) / next table (Alt-])",
        hint: None,
    },
    bind!(
        Input,
        [key(K::F(2)), alt('k')],
        A::CycleKind,
        "kind of the next note only: comment • question ? idea + barrier ! commitment ✓ (or type q: i: b: co: cm: before the text)",
        "kind"
    ),
    bind!(
        Input,
        [key(K::F(3)), alt('l')],
        A::ToggleLived,
        "mark the next note only as a lived-experience voice (cleared once it is saved)",
        "lived"
    ),
    bind!(
        Input,
        [key(K::F(4)), alt('s')],
        A::ToggleSensitive,
        "mark the next note only sensitive (hidden on the projector until revealed)",
        "sensitive"
    ),
    bind!(
        Input,
        [alt_key(K::Enter)],
        A::Newline,
        "new line inside the note"
    ),
    bind!(Input, [ctrl('z')], A::Undo, "undo the last saved change"),
    bind!(Input, [ctrl('r')], A::Redo, "redo"),
    bind!(Input, [key(K::F(1))], A::Help, "help", "help"),
    bind!(
        Input,
        [key(K::F(5))],
        A::Pause,
        "pause: calm screen, all notes hidden"
    ),
    bind!(
        Input,
        [ctrl('c')],
        A::Quit,
        "quit (asks first, since the draft would be lost)"
    ),
    // Views of a session.
    bind!(
        Step,
        [ch('f')],
        A::ToggleGuidance,
        "show / hide the facilitator's guidance (keep it off when projecting)",
        "guidance"
    ),
    bind!(
        Board,
        [ch('g')],
        A::ToggleGroup,
        "group cards by table (this step) or by step (all steps)",
        "group"
    ),
    bind!(
        Board,
        [ch('v')],
        A::ToggleFaceDown,
        "hide until reveal: cards face down with counts / reveal them",
        "reveal"
    ),
    bind!(
        Step,
        [ch('v')],
        A::ToggleFaceDown,
        "hide until reveal: notes face down, counts per table only / reveal them"
    ),
    bind!(Board, [key(K::Left), ch('h')], A::Left, "previous column"),
    bind!(Board, [key(K::Right), ch('l')], A::Right, "next column"),
    bind!(Board, [key(K::PageUp)], A::PageUp, "scroll up a page"),
    bind!(Board, [key(K::PageDown)], A::PageDown, "scroll down a page"),
    bind!(Board, [key(K::Home)], A::First, "first card of the column"),
    bind!(Board, [key(K::End)], A::Last, "last card of the column"),
    bind!(
        Session,
        [ch('a')],
        A::OpenInput,
        "add notes: opens the input (Enter saves each note, Esc closes)",
        "add"
    ),
    Binding {
        mode: Mode::Session,
        keys: DIGITS,
        label: Some("1…9 0"),
        action: Bound::Nth(A::SelectTable),
        description: "switch table (1 to 10)",
        hint: Some("table"),
    },
    Binding {
        mode: Mode::Session,
        keys: &[ch('['), ch(']')],
        label: None,
        action: Bound::Nth(prev_next_table),
        description: "previous table ([) / next table (]), for any number of tables",
        hint: None,
    },
    bind!(
        Session,
        [ch('K')],
        A::CycleKind,
        "kind of the selected card: comment, question, idea, barrier, commitment (for the next note: a, then F2)",
        "kind"
    ),
    bind!(
        Session,
        [ch('n')],
        A::NextStep,
        "next step of the agenda",
        "next"
    ),
    bind!(Session, [ch('p')], A::PrevStep, "previous step"),
    bind!(
        Session,
        [key(K::Up), ch('k')],
        A::Up,
        "select the card above"
    ),
    bind!(
        Session,
        [key(K::Down), ch('j')],
        A::Down,
        "select the card below"
    ),
    bind!(
        Session,
        [key(K::Enter)],
        A::OpenCard,
        "open the selected card full size",
        "open"
    ),
    bind!(Session, [ch('e')], A::Edit, "edit the selected card"),
    bind!(
        Session,
        [ch('d'), key(K::Delete)],
        A::Delete,
        "delete the selected card (u undoes)"
    ),
    bind!(
        Session,
        [ch('m')],
        A::MoveToTable,
        "move the selected card to another table (then the table's key)"
    ),
    bind!(
        Session,
        [ch('<')],
        A::MoveToPrevStep,
        "move the selected card to the previous step"
    ),
    bind!(
        Session,
        [ch('>')],
        A::MoveToNextStep,
        "move the selected card to the next step"
    ),
    bind!(
        Session,
        [ch('L')],
        A::ToggleLived,
        "mark the selected card as a lived-experience voice (for the next note: a, then F3)"
    ),
    bind!(
        Session,
        [ch('S')],
        A::ToggleSensitive,
        "mark the selected card sensitive (for the next note: a, then F4)"
    ),
    bind!(
        Session,
        [ch('s')],
        A::ToggleShowSensitive,
        "show / hide the text of sensitive notes"
    ),
    bind!(
        Session,
        [ch(' ')],
        A::TimerStartPause,
        "start / pause the timer",
        "timer"
    ),
    bind!(
        Session,
        [ch('r')],
        A::TimerReset,
        "reset the timer to the step's duration"
    ),
    bind!(
        Session,
        [ch('+'), ch('=')],
        A::TimerAddMinute,
        "add a minute to the timer"
    ),
    bind!(
        Session,
        [ch('-')],
        A::TimerSubMinute,
        "take a minute off the timer"
    ),
    bind!(
        Session,
        [ch('T')],
        A::TimerSet,
        "set the timer's duration (minutes)"
    ),
    bind!(
        Session,
        [ch('b')],
        A::ToggleBell,
        "sound the terminal bell at zero (off by default)"
    ),
    // The "Since last time" step: the step view's keys for cards give way to keys for last
    // time's promises; the agenda, tables and timer keys are those of the step view.
    bind!(
        FollowUp,
        [ch('c')],
        A::CycleItemStatus,
        "status of the selected item: open → in progress → done → not going ahead (u undoes)",
        "status"
    ),
    bind!(
        FollowUp,
        [key(K::Enter), ch('e')],
        A::Edit,
        "write what was done about the selected item (and its status)",
        "record"
    ),
    bind!(
        FollowUp,
        [ch('a')],
        A::OpenInput,
        "add notes about the selected item (Enter saves each, Esc closes)",
        "note"
    ),
    bind!(FollowUp, [key(K::Up), ch('k')], A::Up, "previous item"),
    bind!(FollowUp, [key(K::Down), ch('j')], A::Down, "next item"),
    bind!(FollowUp, [key(K::PageUp)], A::PageUp, "a page of items up"),
    bind!(
        FollowUp,
        [key(K::PageDown)],
        A::PageDown,
        "a page of items down"
    ),
    bind!(
        FollowUp,
        [ch('n')],
        A::NextStep,
        "next step of the agenda",
        "next"
    ),
    bind!(FollowUp, [ch('p')], A::PrevStep, "previous step"),
    Binding {
        mode: Mode::FollowUp,
        keys: DIGITS,
        label: Some("1…9 0"),
        action: Bound::Nth(A::SelectTable),
        description: "switch table (1 to 10): whose notes a adds",
        hint: None,
    },
    Binding {
        mode: Mode::FollowUp,
        keys: &[ch('['), ch(']')],
        label: None,
        action: Bound::Nth(prev_next_table),
        description: "previous table ([) / next table (])",
        hint: None,
    },
    bind!(
        FollowUp,
        [ch('s')],
        A::ToggleShowSensitive,
        "show / hide the text of sensitive items and notes"
    ),
    bind!(
        FollowUp,
        [ch(' ')],
        A::TimerStartPause,
        "start / pause the timer",
        "timer"
    ),
    bind!(
        FollowUp,
        [ch('r')],
        A::TimerReset,
        "reset the timer to the step's duration"
    ),
    bind!(
        FollowUp,
        [ch('+'), ch('=')],
        A::TimerAddMinute,
        "add a minute to the timer"
    ),
    bind!(
        FollowUp,
        [ch('-')],
        A::TimerSubMinute,
        "take a minute off the timer"
    ),
    bind!(
        FollowUp,
        [ch('T')],
        A::TimerSet,
        "set the timer's duration (minutes)"
    ),
    bind!(
        FollowUp,
        [ch('b')],
        A::ToggleBell,
        "sound the terminal bell at zero (off by default)"
    ),
    // Overlays.
    bind!(
        Card,
        [key(K::Esc), key(K::Enter), ch('q')],
        A::CloseOverlay,
        "close the card",
        "close"
    ),
    bind!(Card, [ch('e')], A::Edit, "edit", "edit"),
    bind!(
        Card,
        [ch('d'), key(K::Delete)],
        A::Delete,
        "delete (u undoes)",
        "delete"
    ),
    bind!(
        Card,
        [ch('m')],
        A::MoveToTable,
        "move to another table",
        "move"
    ),
    bind!(
        Card,
        [ch('<')],
        A::MoveToPrevStep,
        "move to the previous step"
    ),
    bind!(Card, [ch('>')], A::MoveToNextStep, "move to the next step"),
    bind!(
        Card,
        [ch('L')],
        A::ToggleLived,
        "mark lived-experience voice"
    ),
    bind!(Card, [ch('S')], A::ToggleSensitive, "mark sensitive"),
    bind!(
        Card,
        [ch('s')],
        A::ToggleShowSensitive,
        "show / hide sensitive text"
    ),
    Binding {
        mode: Mode::PickTable,
        keys: DIGITS,
        label: Some("1…9 0"),
        action: Bound::Nth(A::SelectTable),
        description: "move the card to that table (or type the table's letter)",
        hint: Some("table"),
    },
    Binding {
        mode: Mode::PickTable,
        keys: &[ch('['), ch(']')],
        label: None,
        action: Bound::Nth(prev_next_table),
        description: "previous table ([) / next table (])",
        hint: None,
    },
    bind!(
        PickTable,
        [key(K::Enter)],
        A::Yes,
        "move to the table shown",
        "move"
    ),
    bind!(
        PickTable,
        [key(K::Esc)],
        A::CloseOverlay,
        "cancel",
        "cancel"
    ),
    bind!(
        Prompt,
        [key(K::Enter)],
        A::Yes,
        "set the timer to the minutes typed",
        "set"
    ),
    bind!(Prompt, [key(K::Esc)], A::No, "cancel", "cancel"),
    bind!(
        Confirm,
        [key(K::Enter), ch('y'), ch('Y')],
        A::Yes,
        "yes",
        "yes"
    ),
    bind!(Confirm, [ch('n'), ch('N'), key(K::Esc)], A::No, "no", "no"),
    bind!(
        Help,
        [key(K::Esc), ch('?'), ch('q'), key(K::F(1))],
        A::CloseOverlay,
        "close the help",
        "close"
    ),
    bind!(Help, [key(K::Up), ch('k')], A::Up, "scroll up"),
    bind!(Help, [key(K::Down), ch('j')], A::Down, "scroll down"),
    bind!(Help, [key(K::PageUp)], A::PageUp, "page up"),
    bind!(Help, [key(K::PageDown), ch(' ')], A::PageDown, "page down"),
    bind!(
        Pause,
        [key(K::Esc), ch('P'), key(K::F(5))],
        A::Pause,
        "end the pause",
        "resume"
    ),
    bind!(
        Pause,
        [ch(' ')],
        A::TimerStartPause,
        "start / stop the break timer",
        "timer"
    ),
    bind!(
        Pause,
        [ch('+'), ch('=')],
        A::TimerAddMinute,
        "a minute more of break",
        "+1 min"
    ),
    bind!(
        Pause,
        [ch('-')],
        A::TimerSubMinute,
        "a minute less of break"
    ),
    bind!(Pause, [ch('r')], A::TimerReset, "restart the break timer"),
    // Start screen.
    bind!(Start, [key(K::Up), ch('k')], A::Up, "previous choice"),
    bind!(Start, [key(K::Down), ch('j')], A::Down, "next choice"),
    bind!(
        Start,
        [key(K::Enter)],
        A::StartChoose,
        "choose: new workshop, open a file, or a recent session",
        "choose"
    ),
    bind!(
        Start,
        [ch('f')],
        A::StartFollowUp,
        "follow up the recent session selected: a new workshop that opens with its promises",
        "follow up"
    ),
    bind!(Start, [ch('t')], A::CyclePalette, "colour theme", "theme"),
    bind!(Start, [ch('?'), key(K::F(1))], A::Help, "help", "help"),
    bind!(
        Start,
        [ch('q'), key(K::Esc), ctrl('c')],
        A::Quit,
        "quit",
        "quit"
    ),
    bind!(
        StartForm,
        [key(K::Enter)],
        A::StartChoose,
        "start the workshop",
        "start"
    ),
    bind!(
        StartForm,
        [key(K::Esc)],
        A::CloseOverlay,
        "back to the list",
        "back"
    ),
    bind!(
        StartForm,
        [key(K::Tab), key(K::Down)],
        A::StartNextField,
        "next field",
        "field"
    ),
    bind!(
        StartForm,
        [key(K::BackTab), key(K::Up)],
        A::StartPrevField,
        "previous field"
    ),
    bind!(
        StartForm,
        [key(K::Left)],
        A::Left,
        "previous framework / one table fewer"
    ),
    bind!(
        StartForm,
        [key(K::Right)],
        A::Right,
        "next framework / one table more",
        "change"
    ),
    // Typed into the field like any key; bound only so that help and footer show it.
    bind!(
        StartForm,
        [ctrl('u')],
        A::Type(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        "clear the text field (typing over a suggested title or date replaces it)",
        "clear"
    ),
    bind!(StartForm, [key(K::F(1))], A::Help, "help"),
    bind!(StartForm, [ctrl('c')], A::Quit, "quit"),
    bind!(
        StartOpen,
        [key(K::Enter)],
        A::StartChoose,
        "open the file typed",
        "open"
    ),
    bind!(
        StartOpen,
        [key(K::Esc)],
        A::CloseOverlay,
        "back to the list",
        "back"
    ),
    bind!(StartOpen, [key(K::F(1))], A::Help, "help"),
    bind!(StartOpen, [ctrl('c')], A::Quit, "quit"),
    // Themes and voting.
    bind!(
        Themes,
        [ch('g')],
        A::SuggestThemes,
        "suggest themes for this step's notes (all steps when this one has none); runs in the background, nothing changes until you accept",
        "suggest"
    ),
    bind!(
        Themes,
        [ch('G')],
        A::SuggestEachStep,
        "suggest themes within each step (every principle's notes apart)",
        "each step"
    ),
    bind!(
        Themes,
        [key(K::Left), ch('h')],
        A::Left,
        "previous theme (column)"
    ),
    bind!(
        Themes,
        [key(K::Right), ch('l')],
        A::Right,
        "next theme (column)"
    ),
    bind!(Themes, [key(K::Up), ch('k')], A::Up, "note above"),
    bind!(Themes, [key(K::Down), ch('j')], A::Down, "note below"),
    bind!(Themes, [key(K::PageUp)], A::PageUp, "scroll up a page"),
    bind!(
        Themes,
        [key(K::PageDown)],
        A::PageDown,
        "scroll down a page"
    ),
    bind!(Themes, [key(K::Home)], A::First, "first note of the theme"),
    bind!(Themes, [key(K::End)], A::Last, "last note of the theme"),
    bind!(
        Themes,
        [ch('m')],
        A::PickUpNotes,
        "move the selected note (or the marked notes) to another theme: ←/→ then Enter, or click a column",
        "move"
    ),
    bind!(
        Themes,
        [ch('<'), ch(',')],
        A::NoteToPrevTheme,
        "move the selected note to the theme on the left"
    ),
    bind!(
        Themes,
        [ch('>'), ch('.')],
        A::NoteToNextTheme,
        "move the selected note to the theme on the right"
    ),
    bind!(
        Themes,
        [ch(' ')],
        A::MarkNote,
        "mark / unmark the selected note (to move or split several)",
        "mark"
    ),
    bind!(
        Themes,
        [ch('c')],
        A::NewTheme,
        "create a theme (type its name)",
        "new"
    ),
    bind!(
        Themes,
        [ch('r')],
        A::RenameTheme,
        "rename the selected theme",
        "rename"
    ),
    bind!(
        Themes,
        [ch('M')],
        A::MergeTheme,
        "merge the selected theme into another (its notes, dots and links move)",
        "merge"
    ),
    bind!(
        Themes,
        [ch('S')],
        A::SplitTheme,
        "split: the marked notes (or the selected one) become a new theme",
        "split"
    ),
    bind!(
        Themes,
        [ch('x'), key(K::Delete)],
        A::DissolveTheme,
        "dissolve the selected theme: its notes go back to Unthemed (u undoes)",
        "dissolve"
    ),
    bind!(
        Themes,
        [ch('s')],
        A::SimilarNotes,
        "show the notes most similar to the selected one",
        "similar"
    ),
    bind!(
        Themes,
        [key(K::Enter)],
        A::OpenCard,
        "open the selected card full size"
    ),
    bind!(
        Themes,
        [key(K::Esc)],
        A::CloseOverlay,
        "clear the marks; stop waiting for suggestions"
    ),
    bind!(
        PickTheme,
        [key(K::Left), ch('h')],
        A::Left,
        "the theme on the left",
        "←"
    ),
    bind!(
        PickTheme,
        [key(K::Right), ch('l')],
        A::Right,
        "the theme on the right",
        "→"
    ),
    bind!(
        PickTheme,
        [key(K::Enter), ch('m')],
        A::Yes,
        "put it here (mouse: click the column)",
        "put here"
    ),
    bind!(
        PickTheme,
        [key(K::Esc)],
        A::CloseOverlay,
        "cancel",
        "cancel"
    ),
    bind!(Voting, [key(K::Up), ch('k')], A::Up, "previous theme"),
    bind!(Voting, [key(K::Down), ch('j')], A::Down, "next theme"),
    bind!(
        Voting,
        [key(K::Left), ch('h'), ch('[')],
        A::Left,
        "previous table",
        "table"
    ),
    bind!(
        Voting,
        [key(K::Right), ch('l'), ch(']')],
        A::Right,
        "next table"
    ),
    Binding {
        mode: Mode::Voting,
        keys: DIGITS,
        label: Some("0…9"),
        action: Bound::Nth(set_dots),
        description: "the dots the selected table placed on the selected theme",
        hint: Some("dots"),
    },
    bind!(
        Voting,
        [ch('+'), ch('=')],
        A::AddDot,
        "one more dot from the selected table",
        "+1"
    ),
    bind!(Voting, [ch('-')], A::RemoveDot, "one dot fewer", "-1"),
    bind!(
        Voting,
        [ch('D')],
        A::DotsPerTable,
        "how many dots each table gets (default 3)",
        "dots/table"
    ),
    bind!(
        Voting,
        [ch('g')],
        A::NextVotePane,
        "show: recording grid, ranking chart, votes by stakeholder group",
        "chart/groups"
    ),
    bind!(
        Suggestions,
        [key(K::Up), ch('k')],
        A::Up,
        "previous suggestion"
    ),
    bind!(
        Suggestions,
        [key(K::Down), ch('j')],
        A::Down,
        "next suggestion"
    ),
    bind!(
        Suggestions,
        [ch('a')],
        A::AcceptAll,
        "accept all (says first what it replaces; themes people made are never touched)",
        "accept all"
    ),
    bind!(
        Suggestions,
        [key(K::Enter)],
        A::AcceptOne,
        "accept the selected theme (or the offers) only",
        "accept this"
    ),
    bind!(
        Suggestions,
        [ch('o')],
        A::AcceptOffers,
        "accept only the offers of new notes to existing themes",
        "offers"
    ),
    bind!(
        Suggestions,
        [key(K::Esc), ch('d')],
        A::CloseOverlay,
        "discard the suggestions: nothing changes",
        "discard"
    ),
    bind!(
        ThemePrompt,
        [key(K::Enter)],
        A::Yes,
        "save what was typed",
        "save"
    ),
    bind!(ThemePrompt, [key(K::Esc)], A::No, "cancel", "cancel"),
    bind!(Similar, [key(K::Up), ch('k')], A::Up, "previous note"),
    bind!(Similar, [key(K::Down), ch('j')], A::Down, "next note"),
    bind!(
        Similar,
        [key(K::Enter)],
        A::Yes,
        "go to the note in its theme",
        "go to"
    ),
    bind!(
        Similar,
        [key(K::Esc), ch('q')],
        A::CloseOverlay,
        "close",
        "close"
    ),
    // Outcomes: recommendations, "You said / We did" and exports.
    bind!(
        Recommendations,
        [key(K::Up), ch('k')],
        A::Up,
        "previous recommendation"
    ),
    bind!(
        Recommendations,
        [key(K::Down), ch('j')],
        A::Down,
        "next recommendation"
    ),
    bind!(
        Recommendations,
        [ch('a')],
        A::NewItem,
        "write a new recommendation",
        "new"
    ),
    bind!(
        Recommendations,
        [key(K::Enter), ch('e')],
        A::Edit,
        "edit the selected recommendation",
        "edit"
    ),
    bind!(
        Recommendations,
        [ch('d'), key(K::Delete)],
        A::Delete,
        "delete the selected recommendation (u undoes)",
        "delete"
    ),
    bind!(
        Recommendations,
        [ch('D')],
        A::OpenDrafts,
        "drafts from the top-voted themes (their label and the room's words), to accept and edit",
        "drafts"
    ),
    bind!(Drafts, [key(K::Up), ch('k')], A::Up, "previous draft"),
    bind!(Drafts, [key(K::Down), ch('j')], A::Down, "next draft"),
    bind!(
        Drafts,
        [key(K::Enter)],
        A::Yes,
        "accept the draft into the editor (nothing is saved until you save it)",
        "accept"
    ),
    bind!(
        Drafts,
        [key(K::Esc)],
        A::CloseOverlay,
        "close the drafts",
        "close"
    ),
    bind!(Drafts, [key(K::F(1))], A::Help, "help", "help"),
    bind!(Form, [ctrl('s')], A::FormSave, "save", "save"),
    bind!(
        Form,
        [key(K::Esc)],
        A::CloseOverlay,
        "cancel: close the form, nothing saved",
        "cancel"
    ),
    bind!(Form, [key(K::Tab)], A::FormNextField, "next field", "field"),
    bind!(Form, [key(K::BackTab)], A::FormPrevField, "previous field"),
    bind!(Form, [key(K::F(1))], A::Help, "help", "help"),
    bind!(FormText, [key(K::Enter)], A::FormSave, "save", "save"),
    bind!(
        FormText,
        [alt_key(K::Enter)],
        A::Newline,
        "new line inside the text"
    ),
    Binding {
        mode: Mode::FormChoice,
        keys: &[key(K::Left), key(K::Right), ch(' ')],
        label: None,
        action: Bound::Nth(choice_back_forward),
        description: "change the choice (← back, → or Space forward)",
        hint: Some("change"),
    },
    bind!(FormChoice, [key(K::Enter)], A::FormSave, "save", "save"),
    bind!(FormList, [key(K::Up)], A::Up, "previous item"),
    bind!(FormList, [key(K::Down)], A::Down, "next item"),
    bind!(
        FormList,
        [ch(' ')],
        A::FormToggle,
        "tick / untick the item",
        "tick"
    ),
    bind!(FormList, [key(K::Enter)], A::FormSave, "save", "save"),
    bind!(
        FormPledge,
        [key(K::Enter)],
        A::AddCommitment,
        "add the commitment (who pledged what)",
        "add pledge"
    ),
    bind!(
        FormPledge,
        [ctrl('d')],
        A::RemoveCommitment,
        "remove the last commitment"
    ),
    bind!(Responses, [key(K::Up), ch('k')], A::Up, "previous row"),
    bind!(Responses, [key(K::Down), ch('j')], A::Down, "next row"),
    bind!(Responses, [key(K::PageUp)], A::PageUp, "page up"),
    bind!(Responses, [key(K::PageDown)], A::PageDown, "page down"),
    bind!(
        Responses,
        [key(K::Enter), ch('e')],
        A::Edit,
        "respond: edit the response on the selected row, or write one",
        "respond"
    ),
    bind!(
        Responses,
        [ch('a')],
        A::NewItem,
        "add another response to the selected note or theme"
    ),
    bind!(
        Responses,
        [ch('d'), key(K::Delete)],
        A::Delete,
        "delete the selected response (u undoes)"
    ),
    bind!(
        Responses,
        [ch('f')],
        A::CycleStatusFilter,
        "filter by status: all, open, in progress, done, no response yet",
        "status"
    ),
    bind!(
        Responses,
        [ch('o')],
        A::OwnerFilter,
        "filter by owner: type part of the name",
        "owner"
    ),
    bind!(Responses, [ch('c')], A::ClearFilters, "clear both filters"),
    bind!(
        Responses,
        [ch('s')],
        A::ToggleShowSensitive,
        "show / hide the text of sensitive notes (and responses to them)"
    ),
    bind!(
        OwnerFilter,
        [key(K::Enter)],
        A::Yes,
        "keep the owner filter",
        "keep"
    ),
    bind!(
        OwnerFilter,
        [key(K::Esc)],
        A::CloseOverlay,
        "drop the owner filter",
        "drop"
    ),
    bind!(Export, [key(K::Left), ch('h')], A::Left, "previous format"),
    bind!(
        Export,
        [key(K::Right), ch('l')],
        A::Right,
        "next format: summary (md, html), CSV (notes, themes, recommendations, all), JSON",
        "format"
    ),
    bind!(
        Export,
        [ch('i')],
        A::ToggleIncludeSensitive,
        "include sensitive notes (left out by default)",
        "sensitive"
    ),
    bind!(
        Export,
        [ch('a')],
        A::ToggleAnonymise,
        "anonymise: no facilitators' names, tables by letter only",
        "anonymise"
    ),
    bind!(
        Export,
        [ch('w'), key(K::Enter)],
        A::WriteExport,
        "write the file next to the session file (its full path is shown)",
        "write"
    ),
    bind!(
        Export,
        [key(K::Up), ch('k')],
        A::Up,
        "scroll the preview up"
    ),
    bind!(
        Export,
        [key(K::Down), ch('j')],
        A::Down,
        "scroll the preview down"
    ),
    bind!(Export, [key(K::PageUp)], A::PageUp, "preview: page up"),
    bind!(
        Export,
        [key(K::PageDown)],
        A::PageDown,
        "preview: page down"
    ),
    bind!(Export, [key(K::Home)], A::First, "preview: back to the top"),
    bind!(
        Sharing,
        [key(K::Esc), ch('J')],
        A::CloseOverlay,
        "close the panel (sharing goes on; the status line shows the code)",
        "close"
    ),
    bind!(
        Sharing,
        [ch('C')],
        A::NewJoinCode,
        "a new join code: the old one stops working at once",
        "new code"
    ),
    bind!(
        Sharing,
        [ch('W')],
        A::ToggleSharing,
        "stop sharing: the join code stops working",
        "stop sharing"
    ),
    bind!(
        Sharing,
        [ch('M')],
        A::ToggleModeration,
        "moderate: notes from the room wait for review (Q) / go straight to the board",
        "moderate"
    ),
    bind!(
        Sharing,
        [ch('Q')],
        A::ShowReview,
        "the review queue of notes from the room",
        "review"
    ),
    bind!(Review, [key(K::Up), ch('k')], A::Up, "previous note"),
    bind!(Review, [key(K::Down), ch('j')], A::Down, "next note"),
    bind!(
        Review,
        [key(K::Enter), ch('a')],
        A::AcceptSubmission,
        "accept: the note goes on the board",
        "accept"
    ),
    bind!(
        Review,
        [ch('e')],
        A::Edit,
        "edit the note, then Enter accepts it as edited",
        "edit"
    ),
    bind!(
        Review,
        [ch('x'), key(K::Delete)],
        A::RejectSubmission,
        "reject: not shown, kept in the session marked rejected (u undoes)",
        "reject"
    ),
    bind!(
        Review,
        [ch('u'), ctrl('z')],
        A::Undo,
        "undo the last accept or reject"
    ),
    bind!(
        Review,
        [ch('M')],
        A::ToggleModeration,
        "moderation off: new notes go straight to the board (those waiting stay here)"
    ),
    bind!(
        Review,
        [key(K::Esc), ch('Q')],
        A::CloseOverlay,
        "close the queue (notes keep waiting)",
        "close"
    ),
    bind!(
        ReviewEdit,
        [key(K::Enter)],
        A::Yes,
        "accept the note as edited",
        "accept"
    ),
    bind!(
        ReviewEdit,
        [key(K::Esc)],
        A::No,
        "stop editing (the note keeps waiting)",
        "cancel"
    ),
];

/// The action bound to `event` in the first of `modes` that binds it.
pub fn action_for(modes: &[Mode], event: &KeyEvent) -> Option<Action> {
    lookup(BINDINGS, modes, event)
}

/// Footer hints for the active modes, in order: (keys, word).
pub fn hints(modes: &[Mode]) -> Vec<(String, &'static str)> {
    hints_in(BINDINGS, modes)
}

/// The first key of each binding the footer shows for `modes`, with its hint word (tests
/// press each one to check that it reaches the part of the screen that has the focus).
pub fn footer_keys(modes: &[Mode]) -> Vec<(Chord, &'static str)> {
    modes
        .iter()
        .flat_map(|mode| BINDINGS.iter().filter(move |b| b.mode == *mode))
        .filter_map(|b| Some((*b.keys.first()?, b.hint?)))
        .collect()
}

/// The help overlay's content: for each mode in `order`, its (keys, description) rows.
pub fn help_sections(order: &[Mode]) -> Vec<(Mode, Vec<(String, &'static str)>)> {
    help_in(BINDINGS, order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::focus::Focus;

    #[test]
    fn no_key_is_bound_twice_in_modes_active_together() {
        for focus in Focus::all() {
            let stack = focus.modes();
            let mut seen: Vec<(Chord, &str)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| stack.contains(&b.mode)) {
                for k in b.keys {
                    if let Some((_, other)) = seen.iter().find(|(c, _)| c == k) {
                        panic!(
                            "{} is bound to both “{other}” and “{}” in {stack:?}",
                            k.label(),
                            b.description
                        );
                    }
                    seen.push((*k, b.description));
                }
            }
        }
    }

    #[test]
    fn every_mode_has_a_way_out_in_the_footer() {
        for focus in Focus::all() {
            let stack = focus.modes();
            assert!(!hints(&stack).is_empty(), "{stack:?} has no footer hints");
        }
    }

    #[test]
    fn shifted_letters_match_with_or_without_shift_reported() {
        let plain = KeyEvent::new(KeyCode::Char('M'), KeyModifiers::NONE);
        let shifted = KeyEvent::new(KeyCode::Char('M'), KeyModifiers::SHIFT);
        assert_eq!(Chord::from_event(&plain), Chord::from_event(&shifted));
        let ctrl_z = KeyEvent::new(
            KeyCode::Char('Z'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Chord::from_event(&ctrl_z), ctrl('z'));
    }

    #[test]
    fn digits_switch_tables_by_position() {
        let modes = [Mode::Board, Mode::Session];
        let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(&modes, &k('1')), Some(Action::SelectTable(0)));
        assert_eq!(action_for(&modes, &k('0')), Some(Action::SelectTable(9)));
        let alt3 = KeyEvent::new(KeyCode::Char('3'), KeyModifiers::ALT);
        assert_eq!(
            action_for(&[Mode::Input], &alt3),
            Some(Action::SelectTable(2))
        );
        // In the input, a plain digit is text.
        assert_eq!(action_for(&[Mode::Input], &k('3')), None);
    }
}
