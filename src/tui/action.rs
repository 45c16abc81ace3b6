//! Actions: everything the facilitator's screen can be asked to do, whatever key, click or tick asked.

use jiff::Timestamp;
use std::time::Duration;

/// One thing to do. Keys are turned into actions by the keymap; the clock and the mouse send
/// actions too. [`super::App::update`] is the only place they take effect.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Time passed: `mono` is a monotonic time since the app started (timers use it),
    /// `wall` the clock time (notes are stamped with it).
    Tick {
        mono: Duration,
        wall: Timestamp,
    },

    // Application
    Help,
    CloseOverlay,
    Quit,
    Yes,
    No,
    NextView,
    PrevView,
    CyclePalette,
    Pause,

    // Agenda
    NextStep,
    PrevStep,
    GoToStep(usize),

    // Tables (for the next note)
    SelectTable(usize),
    NextTable,
    PrevTable,

    // Capture
    OpenInput,
    CloseInput,
    SaveNote,
    Newline,
    CycleKind,
    ToggleLived,
    ToggleSensitive,
    /// Text pasted from the clipboard (bracketed paste).
    Paste(String),

    // Cards
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    OpenCard,
    Edit,
    Delete,
    /// Asks which table to move the selected card to.
    MoveToTable,
    MoveToNextStep,
    MoveToPrevStep,
    Undo,
    Redo,
    ToggleGroup,
    ToggleFaceDown,
    ToggleShowSensitive,
    ToggleGuidance,

    // "Since last time" (a follow-up's step)
    /// The selected carried item's status: open → in progress → done → not going ahead.
    CycleItemStatus,

    // Timer
    TimerStartPause,
    TimerReset,
    TimerAddMinute,
    TimerSubMinute,
    /// Asks for a duration in minutes.
    TimerSet,
    ToggleBell,

    // Start screen
    StartChoose,
    StartNextField,
    StartPrevField,
    /// A new workshop following the recent session selected (the form, prefilled).
    StartFollowUp,

    // Outcomes: recommendations, "You said / We did", exports.
    ShowRecommendations,
    ShowResponses,
    ShowExport,
    /// A new recommendation, or a new response on the selected note or theme.
    NewItem,
    /// Drafts from the top-voted themes.
    OpenDrafts,
    FormSave,
    FormNextField,
    FormPrevField,
    /// Ticks or unticks the highlighted item of a checklist.
    FormToggle,
    AddCommitment,
    RemoveCommitment,
    CycleStatusFilter,
    /// Starts typing an owner to filter by.
    OwnerFilter,
    ClearFilters,
    ToggleIncludeSensitive,
    ToggleAnonymise,
    WriteExport,

    // Sharing with the room
    /// Starts sharing (and shows the panel), or stops it.
    ToggleSharing,
    /// A new join code while sharing: the old one stops working.
    NewJoinCode,
    /// Shows or hides the sharing panel (sharing goes on either way).
    ShowSharing,
    /// Moderation on or off: notes from the room wait for review, or go straight to the board.
    ToggleModeration,
    /// Shows the queue of notes from the room waiting for review.
    ShowReview,
    /// Puts the selected waiting note on the board.
    AcceptSubmission,
    /// Rejects the selected waiting note (kept, marked rejected).
    RejectSubmission,

    // Mouse
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,

    // Themes and voting
    /// Shows the themes view.
    ShowThemes,
    /// Shows the voting view.
    ShowVoting,
    /// Asks for clustering, a job the run loop runs on a worker thread (or shows suggestions
    /// that are ready); again while it runs, starts it again.
    SuggestThemes,
    /// Suggest themes within every step, each step apart.
    SuggestEachStep,
    /// Accepts every suggestion (after saying what it replaces).
    AcceptAll,
    /// Accepts the suggestion selected in the preview.
    AcceptOne,
    /// Accepts only the offers of free notes to existing themes.
    AcceptOffers,
    /// Marks or unmarks the selected note (to move or split several).
    MarkNote,
    /// Picks up the selected (or marked) notes to place them in another theme.
    PickUpNotes,
    /// Moves the selected note to the previous / next column at once.
    NoteToPrevTheme,
    NoteToNextTheme,
    NewTheme,
    RenameTheme,
    /// Merges the selected theme into another (chosen next).
    MergeTheme,
    /// Makes a new theme of the marked notes.
    SplitTheme,
    /// Removes the selected theme; its notes go back to "Unthemed".
    DissolveTheme,
    SimilarNotes,
    /// Records the dots the selected table placed on the selected theme.
    SetDots(u32),
    AddDot,
    RemoveDot,
    /// Asks for the number of dots each table gets.
    DotsPerTable,
    /// Voting: grid, ranking chart, dots by stakeholder group.
    NextVotePane,

    // Answers to effects (see [`super::app::Effect`]), sent by whoever ran them.
    /// How far the job of `generation` has got.
    JobProgress {
        generation: u64,
        progress: crate::cluster::Progress,
    },
    /// The job of `generation` ended (answers of jobs no longer waited for are ignored).
    JobDone {
        generation: u64,
        outcome: Box<super::themes::JobOutcome>,
    },
    /// What became of an export asked for with `Effect::WriteExport`.
    ExportWritten(Box<super::export::ExportWritten>),
    /// A large session's export preview, made off the screen's thread.
    PreviewMade(Box<super::export::PreviewMade>),

    /// A key with no binding in the current mode: typed into the open text field, if any.
    Type(ratatui::crossterm::event::KeyEvent),
}
