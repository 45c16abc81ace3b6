//! Stable identifiers that link notes, tables, themes and outcomes (never vector positions).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A table of participants.
    TableId,
    "table #"
);
id_type!(
    /// One sticky note.
    NoteId,
    "note #"
);
id_type!(
    /// A named group of notes.
    ThemeId,
    "theme #"
);
id_type!(
    /// An actionable recommendation.
    RecommendationId,
    "recommendation #"
);
id_type!(
    /// A "You said / We did" response.
    ResponseId,
    "response #"
);

/// The next free id of each kind. Ids are never reused, even after a delete, so that
/// exports and journals that name an id keep meaning the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextIds {
    pub table: u32,
    pub note: u32,
    pub theme: u32,
    pub recommendation: u32,
    pub response: u32,
}

impl Default for NextIds {
    /// Ids start at 1, as people count.
    fn default() -> Self {
        NextIds {
            table: 1,
            note: 1,
            theme: 1,
            recommendation: 1,
            response: 1,
        }
    }
}
