//! JSON: the whole session in the same shape as the session file (see docs/json.md).

use super::{Options, prepare};
use crate::model::Session;

/// The session as pretty JSON, after the export options are applied. Control and
/// bidirectional characters in strings are written as `\uXXXX` escapes (the same strings), so
/// the file is safe to show on a terminal.
pub fn json(session: &Session, options: &Options) -> String {
    let (s, _) = prepare(session, options);
    let text = serde_json::to_string_pretty(&s).expect("a session always serialises");
    let mut text = crate::terminal_text::escape_json(&text).into_owned();
    text.push('\n');
    text
}
