//! Notes: one sticky-note contribution from one table under one step.

use super::ids::{NoteId, TableId, ThemeId};
use super::theme::Origin;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: NoteId,
    pub table: TableId,
    /// The id of the framework step it was written under.
    pub step: String,
    pub kind: NoteKind,
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Marked as the voice of someone with lived experience of barriers to work.
    #[serde(default)]
    pub lived_experience: bool,
    /// Hidden on the projector and left out of exports unless asked for.
    #[serde(default)]
    pub sensitive: bool,
    pub created: Timestamp,
    /// The theme it is placed in, if any.
    #[serde(default)]
    pub theme: Option<ThemeId>,
    /// Who placed it in that theme: a clustering suggestion or a person.
    #[serde(default)]
    pub placed_by: Option<Origin>,
    /// Sent from a device in the room (a phone or a table's laptop), not typed by the
    /// facilitator. No name, account or address: a key that cannot be turned back into the
    /// device's own id, and the device's count, so that a retry is recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    /// The carried item (a recommendation, commitment or response from an earlier workshop)
    /// the note is about: its global id (see [`super::FollowUp`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<uuid::Uuid>,
}

/// Which device in the room sent a note, without saying whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Derived from the id the device's page chose at random (one way: the id itself, the
    /// only thing that lets a device take a note back, is never stored).
    pub key: String,
    /// The device's own count of what it sent, so that a note sent twice is added once.
    pub seq: u64,
}

/// What a note is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum NoteKind {
    #[default]
    Comment,
    Question,
    Idea,
    Barrier,
    Commitment,
}

impl NoteKind {
    pub const ALL: [NoteKind; 5] = [
        NoteKind::Comment,
        NoteKind::Question,
        NoteKind::Idea,
        NoteKind::Barrier,
        NoteKind::Commitment,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Comment => "comment",
            NoteKind::Question => "question",
            NoteKind::Idea => "idea",
            NoteKind::Barrier => "barrier",
            NoteKind::Commitment => "commitment",
        }
    }

    /// A symbol shown on cards beside the kind's colour, so kind never depends on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            NoteKind::Comment => "•",
            NoteKind::Question => "?",
            NoteKind::Idea => "+",
            NoteKind::Barrier => "!",
            NoteKind::Commitment => "✓",
        }
    }

    /// An ASCII symbol for terminals and exports without Unicode.
    pub fn ascii(self) -> char {
        match self {
            NoteKind::Comment => '*',
            NoteKind::Question => '?',
            NoteKind::Idea => '+',
            NoteKind::Barrier => '!',
            NoteKind::Commitment => 'v',
        }
    }

    /// Parses a kind's name, an unambiguous start of it ("quest", "barr"), or its short code:
    /// `q` question, `i` idea, `b` barrier, `co` comment, `cm` commitment. "c" and "com" are
    /// refused: they could be a comment or a commitment.
    pub fn parse(text: &str) -> Option<NoteKind> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        if let Some((_, kind)) = SHORT_CODES.iter().find(|(code, _)| *code == t) {
            return Some(*kind);
        }
        let mut found = NoteKind::ALL
            .into_iter()
            .filter(|k| k.label().starts_with(&t));
        match (found.next(), found.next()) {
            (Some(kind), None) => Some(kind),
            _ => None,
        }
    }

    /// The short code typed before a note's text to give its kind ("q:").
    pub fn code(self) -> &'static str {
        SHORT_CODES
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(code, _)| code)
    }

    /// Splits a typed prefix such as `q: why not?` or `!: no buses after 6` into a kind and
    /// the rest. Recognised before a `:` — a short code (`q` `i` `b` `co` `cm`), a kind's name
    /// or unambiguous start, or its symbol (`?` `+` `!` `✓` `•`, or `v` `*`). Anything else
    /// (`c:`, `Note: …`) is text.
    pub fn split_prefix(text: &str) -> (Option<NoteKind>, &str) {
        if let Some((head, rest)) = text.split_once(':') {
            let head = head.trim();
            if !head.is_empty() && head.chars().count() <= 10 && !head.contains(' ') {
                let kind = NoteKind::parse(head).or_else(|| {
                    NoteKind::ALL
                        .into_iter()
                        .find(|k| k.symbol() == head || k.ascii().to_string() == head)
                });
                if let Some(kind) = kind {
                    return (Some(kind), rest.trim_start());
                }
            }
        }
        (None, text)
    }
}

/// Short codes for the kinds, which never collide: comment and commitment both start with c.
const SHORT_CODES: [(&str, NoteKind); 5] = [
    ("co", NoteKind::Comment),
    ("q", NoteKind::Question),
    ("i", NoteKind::Idea),
    ("b", NoteKind::Barrier),
    ("cm", NoteKind::Commitment),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_prefixes() {
        assert_eq!(NoteKind::parse("q"), Some(NoteKind::Question));
        assert_eq!(NoteKind::parse("Barrier"), Some(NoteKind::Barrier));
        assert_eq!(NoteKind::parse("com"), None, "comment or commitment?");
        assert_eq!(NoteKind::parse("c"), None, "comment or commitment?");
        assert_eq!(NoteKind::parse("co"), Some(NoteKind::Comment));
        assert_eq!(NoteKind::parse("cm"), Some(NoteKind::Commitment));
        assert_eq!(NoteKind::parse("commit"), Some(NoteKind::Commitment));
        assert_eq!(NoteKind::parse("comme"), Some(NoteKind::Comment));
        assert_eq!(
            NoteKind::split_prefix("c: commitment needs the full word"),
            (None, "c: commitment needs the full word")
        );
        assert_eq!(
            NoteKind::split_prefix("cm: fund the peer group"),
            (Some(NoteKind::Commitment), "fund the peer group")
        );
        assert_eq!(NoteKind::parse("x"), None);
        assert_eq!(NoteKind::parse(""), None);
    }

    #[test]
    fn typed_prefix_sets_the_kind() {
        assert_eq!(
            NoteKind::split_prefix("q: why not?"),
            (Some(NoteKind::Question), "why not?")
        );
        assert_eq!(
            NoteKind::split_prefix("idea:share a bus pass"),
            (Some(NoteKind::Idea), "share a bus pass")
        );
        assert_eq!(
            NoteKind::split_prefix("!: no lifts"),
            (Some(NoteKind::Barrier), "no lifts")
        );
        // A colon later in a sentence is not a prefix.
        assert_eq!(
            NoteKind::split_prefix("the problem is: buses"),
            (None, "the problem is: buses")
        );
        assert_eq!(NoteKind::split_prefix("08:30 start"), (None, "08:30 start"));
    }
}
