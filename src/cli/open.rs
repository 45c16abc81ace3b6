//! `convene open FILE` and plain `convene`: the screens that need a terminal, refused clearly
//! (before anything is read or locked) when there is none.

use super::{Failure, Outcome};
use std::io::IsTerminal;

/// Which screen was asked for: `convene open FILE` or the start screen of plain `convene`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Session,
    Start,
    /// `convene wall FILE`: the room's view on the projector.
    Wall,
}

/// Refuses (bad usage, exit code 2) unless standard input and standard output are both
/// terminals, saying what to use instead. Touches nothing: no file is read, no lock taken.
pub fn needs_terminal(screen: Screen) -> Outcome {
    needs_terminal_given(
        screen,
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    )
}

/// [`needs_terminal`] for given answers to "is standard input / output a terminal?".
pub fn needs_terminal_given(screen: Screen, stdin: bool, stdout: bool) -> Outcome {
    let which = match (stdin, stdout) {
        (true, true) => return Ok(()),
        (false, false) => "standard input and output are not terminals",
        (false, true) => "standard input is not a terminal",
        (true, false) => "standard output is not a terminal",
    };
    let (what, instead) = match screen {
        Screen::Session => (
            "the facilitator's screen",
            "`convene show FILE` prints a summary of the session, `convene export FILE --format md` \
             (or html, csv, json) writes out all of it, and `convene add FILE …` adds a note",
        ),
        Screen::Start => (
            "the start screen",
            "`convene new --title TITLE` creates a session, `convene show FILE` prints a summary \
             of one, `convene export FILE --format md` writes out all of it, and `convene --help` \
             lists every command",
        ),
        Screen::Wall => (
            "the wall",
            "`convene show FILE` prints a summary of the session",
        ),
    };
    Err(Failure::usage(format!(
        "{what} needs a terminal, and {which} (piped, redirected, or run from cron or a \
         service). Without a terminal, {instead}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_terminal_on_both_sides_is_let_through() {
        for screen in [Screen::Session, Screen::Start] {
            assert!(needs_terminal_given(screen, true, true).is_ok());
            for (stdin, stdout) in [(false, true), (true, false), (false, false)] {
                let failure = needs_terminal_given(screen, stdin, stdout).unwrap_err();
                assert_eq!(failure.code, 2, "bad usage, not a runtime refusal");
                assert!(
                    failure.message.contains("needs a terminal"),
                    "{}",
                    failure.message
                );
                assert!(
                    failure.message.contains("convene show FILE"),
                    "{}",
                    failure.message
                );
            }
        }
        let msg = |stdin, stdout| {
            needs_terminal_given(Screen::Session, stdin, stdout)
                .unwrap_err()
                .message
        };
        assert!(msg(false, true).contains("standard input is not a terminal"));
        assert!(msg(true, false).contains("standard output is not a terminal"));
        assert!(msg(false, false).contains("standard input and output are not terminals"));
        assert!(msg(false, false).starts_with("the facilitator's screen needs a terminal"));
    }
}
