//! Global ids: everything in a session named by a UUID, the same in every format and session.
//!
//! A session's own UUID ([`Session::uuid`](crate::model::Session::uuid)) is the namespace of
//! version-5 UUIDs of everything in it, named by kind and local id (`note/7`). So the same
//! note has the same id in CSV, JSON, Parquet, SQLite, Excel and REFI-QDA, in every export,
//! on every machine, and no two sessions' ids can meet.

use super::{NoteId, RecommendationId, ResponseId, TableId, ThemeId};
use uuid::Uuid;

/// The id of a thing of `kind` called `local` within the session `session`.
pub fn global_id(session: Uuid, kind: &str, local: &str) -> Uuid {
    Uuid::new_v5(&session, format!("{kind}/{local}").as_bytes())
}

pub fn table_id(session: Uuid, id: TableId) -> Uuid {
    global_id(session, "table", &id.0.to_string())
}

pub fn note_id(session: Uuid, id: NoteId) -> Uuid {
    global_id(session, "note", &id.0.to_string())
}

pub fn theme_id(session: Uuid, id: ThemeId) -> Uuid {
    global_id(session, "theme", &id.0.to_string())
}

/// A step of the session's agenda, by the framework's key for it (`trauma-awareness`).
pub fn step_id(session: Uuid, key: &str) -> Uuid {
    global_id(session, "step", key)
}

pub fn recommendation_id(session: Uuid, id: RecommendationId) -> Uuid {
    global_id(session, "recommendation", &id.0.to_string())
}

/// The `position`th commitment (from 1) made to a recommendation.
pub fn commitment_id(session: Uuid, recommendation: RecommendationId, position: usize) -> Uuid {
    global_id(
        session,
        "commitment",
        &format!("{}/{position}", recommendation.0),
    )
}

pub fn response_id(session: Uuid, id: ResponseId) -> Uuid {
    global_id(session, "response", &id.0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct_by_kind_and_session() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        assert_eq!(note_id(a, NoteId(7)), note_id(a, NoteId(7)));
        assert_ne!(note_id(a, NoteId(7)), note_id(b, NoteId(7)));
        assert_ne!(note_id(a, NoteId(7)), theme_id(a, ThemeId(7)));
        assert_ne!(
            commitment_id(a, RecommendationId(1), 12),
            commitment_id(a, RecommendationId(11), 2)
        );
        assert_eq!(note_id(a, NoteId(7)).get_version_num(), 5);
        // Pinned: an id once published must never change.
        assert_eq!(
            note_id(Uuid::nil(), NoteId(1)).to_string(),
            Uuid::new_v5(&Uuid::nil(), b"note/1").to_string()
        );
    }
}
