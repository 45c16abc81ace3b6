//! JSON: the whole session in the same shape as the session file (see docs/json.md).

use super::{Options, prepare};
use crate::model::Session;

/// The session as pretty JSON, after the export options are applied.
pub fn json(session: &Session, options: &Options) -> String {
    let (s, _) = prepare(session, options);
    let mut text = serde_json::to_string_pretty(&s).expect("a session always serialises");
    text.push('\n');
    text
}
