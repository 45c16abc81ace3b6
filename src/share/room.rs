//! What the room's devices see of the session: the step, the tables, the kinds of note and,
//! while voting, the themes. Built by the writer after each change and handed to the server.

use super::desk::{step_takes_dots, step_takes_notes};
use crate::model::{NoteKind, Session};
use serde::Serialize;
use std::collections::HashMap;

/// The room's view of the session. Never holds notes' text, guidance or drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RoomView {
    pub title: String,
    pub step: StepView,
    pub tables: Vec<TableView>,
    pub kinds: Vec<KindView>,
    /// While the room votes: the themes and each device's dots.
    pub voting: Option<VotingView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct StepView {
    pub id: String,
    /// "Principle 1 (step 2)".
    pub label: String,
    pub title: String,
    pub prompt: String,
    /// Notes can be sent now.
    pub takes_notes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableView {
    pub letter: String,
    pub name: String,
    /// How people read it: "Table B · Riverside", or "Table B" when that is its name.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindView {
    /// What the interface takes: "idea".
    pub name: String,
    /// What people read: "Idea".
    pub label: String,
    pub symbol: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct VotingView {
    /// Dots each device has to place.
    pub dots: u32,
    pub themes: Vec<ThemeView>,
    /// Each device's dots by theme, by device key (looked up for the device asking; never
    /// sent whole).
    #[serde(skip)]
    pub by_device: HashMap<String, Vec<(u32, u32)>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeView {
    pub id: u32,
    pub label: String,
}

impl RoomView {
    pub fn of(session: &Session) -> RoomView {
        let step = session.current_step();
        let label = session
            .framework
            .step_label(&step.id)
            .map(|l| capitalise(&l))
            .unwrap_or_default();
        let voting = (step_takes_dots(step.kind) && !session.themes.is_empty()).then(|| {
            let mut by_device: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
            for v in &session.device_votes {
                by_device
                    .entry(v.device.clone())
                    .or_default()
                    .push((v.theme.0, v.dots));
            }
            VotingView {
                dots: session.dots_per_table,
                themes: session
                    .themes
                    .iter()
                    .map(|t| ThemeView {
                        id: t.id.0,
                        label: t.label.clone(),
                    })
                    .collect(),
                by_device,
            }
        });
        RoomView {
            title: session.title.clone(),
            step: StepView {
                id: step.id.clone(),
                label,
                title: step.title.clone(),
                prompt: step.prompt.clone(),
                takes_notes: step_takes_notes(step.kind),
            },
            tables: session
                .tables
                .iter()
                .map(|t| {
                    let plain = format!("Table {}", t.letter);
                    TableView {
                        letter: t.letter.clone(),
                        name: t.name.clone(),
                        label: if t.name == plain {
                            plain
                        } else {
                            format!("{plain} · {}", t.name)
                        },
                    }
                })
                .collect(),
            kinds: NoteKind::ALL
                .iter()
                .map(|k| KindView {
                    name: k.label().to_string(),
                    label: capitalise(k.label()),
                    symbol: k.symbol().to_string(),
                })
                .collect(),
            voting,
        }
    }

    /// True when devices see no difference between the two views except their own dots.
    pub fn same_for_everyone(&self, other: &RoomView) -> bool {
        self.title == other.title
            && self.step == other.step
            && self.tables == other.tables
            && self.voting.as_ref().map(|v| (v.dots, &v.themes))
                == other.voting.as_ref().map(|v| (v.dots, &v.themes))
    }

    /// A device's own dots on each theme, `(theme, dots)`, and how many it has left.
    pub fn dots_of(&self, device_key: &str) -> (Vec<(u32, u32)>, u32) {
        let Some(voting) = &self.voting else {
            return (Vec::new(), 0);
        };
        let mine = voting
            .by_device
            .get(device_key)
            .cloned()
            .unwrap_or_default();
        let placed: u32 = mine
            .iter()
            .filter(|(theme, _)| voting.themes.iter().any(|t| t.id == *theme))
            .map(|(_, d)| d)
            .sum();
        (mine, voting.dots.saturating_sub(placed))
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
