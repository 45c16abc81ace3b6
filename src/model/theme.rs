//! Themes (named groups of notes) and the dots tables place on them.

use super::ids::{TableId, ThemeId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: ThemeId,
    pub label: String,
    /// Proposed by clustering, or made (or accepted and edited) by a person.
    pub origin: Origin,
    /// The step it belongs to, when themes are made per principle.
    #[serde(default)]
    pub step: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// Whether a theme or a placement came from a clustering suggestion or from a person.
/// Placements made by a person are never moved by a later clustering run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    Suggested,
    Person,
}

/// The dots one table placed on one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub table: TableId,
    pub theme: ThemeId,
    pub dots: u32,
}
