//! Tables of participants: name, letter, colour and stakeholder mix.

use super::ids::TableId;
use serde::{Deserialize, Serialize};

/// A group of participants working together. Identified on screen by its letter *and* colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: TableId,
    /// One or two characters shown on every card ("A", "B", … or "1", "2", …).
    pub letter: String,
    pub name: String,
    pub colour: TableColour,
    /// Who sits at the table.
    #[serde(default)]
    pub mix: Vec<Stakeholder>,
}

/// The kinds of stakeholder a table can mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stakeholder {
    PublicSector,
    Employer,
    VoluntaryCommunity,
    LivedExperience,
    TradeUnion,
    EducationSkills,
    EmploymentSupport,
    Other,
}

impl Stakeholder {
    pub const ALL: [Stakeholder; 8] = [
        Stakeholder::PublicSector,
        Stakeholder::Employer,
        Stakeholder::VoluntaryCommunity,
        Stakeholder::LivedExperience,
        Stakeholder::TradeUnion,
        Stakeholder::EducationSkills,
        Stakeholder::EmploymentSupport,
        Stakeholder::Other,
    ];

    /// Human label, as in exports.
    pub fn label(self) -> &'static str {
        match self {
            Stakeholder::PublicSector => "public sector",
            Stakeholder::Employer => "employer",
            Stakeholder::VoluntaryCommunity => "voluntary and community",
            Stakeholder::LivedExperience => "lived experience",
            Stakeholder::TradeUnion => "trade union",
            Stakeholder::EducationSkills => "education and skills",
            Stakeholder::EmploymentSupport => "employment support",
            Stakeholder::Other => "other",
        }
    }

    /// Short name used on the command line (`--table "A:Civic:public,employer"`).
    pub fn key(self) -> &'static str {
        match self {
            Stakeholder::PublicSector => "public",
            Stakeholder::Employer => "employer",
            Stakeholder::VoluntaryCommunity => "voluntary",
            Stakeholder::LivedExperience => "lived",
            Stakeholder::TradeUnion => "union",
            Stakeholder::EducationSkills => "education",
            Stakeholder::EmploymentSupport => "support",
            Stakeholder::Other => "other",
        }
    }

    /// Parses a short key or a label, case-insensitively ("lived", "lived experience", "LivedExperience").
    pub fn parse(text: &str) -> Option<Stakeholder> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Stakeholder::ALL.into_iter().find(|s| {
            let label: String = s.label().chars().filter(|c| c.is_alphanumeric()).collect();
            let debug = format!("{s:?}").to_lowercase();
            t == s.key() || t == label || t == debug
        })
    }
}

/// Table colours from the Okabe–Ito palette, which stays distinguishable with colour-blindness.
/// A table is never identified by colour alone: its letter is always shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TableColour {
    Orange,
    SkyBlue,
    BluishGreen,
    Yellow,
    Blue,
    Vermillion,
    ReddishPurple,
    Grey,
}

impl TableColour {
    pub const ALL: [TableColour; 8] = [
        TableColour::Orange,
        TableColour::SkyBlue,
        TableColour::BluishGreen,
        TableColour::Yellow,
        TableColour::Blue,
        TableColour::Vermillion,
        TableColour::ReddishPurple,
        TableColour::Grey,
    ];

    /// The colour given to the n-th table (0-based), cycling through the palette.
    pub fn nth(n: usize) -> TableColour {
        TableColour::ALL[n % TableColour::ALL.len()]
    }

    /// sRGB value of the colour.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            TableColour::Orange => (0xE6, 0x9F, 0x00),
            TableColour::SkyBlue => (0x56, 0xB4, 0xE9),
            TableColour::BluishGreen => (0x00, 0x9E, 0x73),
            TableColour::Yellow => (0xF0, 0xE4, 0x42),
            TableColour::Blue => (0x00, 0x72, 0xB2),
            TableColour::Vermillion => (0xD5, 0x5E, 0x00),
            TableColour::ReddishPurple => (0xCC, 0x79, 0xA7),
            TableColour::Grey => (0x99, 0x99, 0x99),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TableColour::Orange => "orange",
            TableColour::SkyBlue => "sky blue",
            TableColour::BluishGreen => "bluish green",
            TableColour::Yellow => "yellow",
            TableColour::Blue => "blue",
            TableColour::Vermillion => "vermillion",
            TableColour::ReddishPurple => "reddish purple",
            TableColour::Grey => "grey",
        }
    }
}

/// The letter given to the n-th table (0-based): A…Z, then A1, B1, …
pub fn default_letter(n: usize) -> String {
    let letter = (b'A' + (n % 26) as u8) as char;
    if n < 26 {
        letter.to_string()
    } else {
        format!("{letter}{}", n / 26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stakeholder_parses_keys_labels_and_variants() {
        for s in Stakeholder::ALL {
            assert_eq!(Stakeholder::parse(s.key()), Some(s));
            assert_eq!(Stakeholder::parse(s.label()), Some(s));
            assert_eq!(Stakeholder::parse(&format!("{s:?}")), Some(s));
        }
        assert_eq!(
            Stakeholder::parse("Lived Experience"),
            Some(Stakeholder::LivedExperience)
        );
        assert_eq!(Stakeholder::parse("astronaut"), None);
    }

    #[test]
    fn letters_are_unique_for_many_tables() {
        let letters: std::collections::HashSet<_> = (0..100).map(default_letter).collect();
        assert_eq!(letters.len(), 100);
        assert_eq!(default_letter(0), "A");
        assert_eq!(default_letter(26), "A1");
    }
}
