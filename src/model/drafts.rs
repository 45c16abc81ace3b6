//! Draft recommendations from the room's top-voted themes, for the facilitator to edit.
//!
//! A draft only restates what the room produced (the theme's label and its notes' own words);
//! it never invents an action, an owner or a date.

use super::{Note, Origin, Recommendation, RecommendationId, Session, ThemeId};

/// One draft per theme that received dots and has no recommendation yet, most dots first.
/// Ids are allocated from the session's next id, in order.
pub fn draft_recommendations(session: &Session, max: usize) -> Vec<Recommendation> {
    // In the order of the room's priorities, as every view ranks them.
    let themes: Vec<(ThemeId, u32)> = super::ranking(session)
        .into_iter()
        .filter(|r| {
            r.dots > 0
                && !session
                    .recommendations
                    .iter()
                    .any(|rec| rec.themes.contains(&r.theme))
        })
        .map(|r| (r.theme, r.dots))
        .collect();
    let audience = session
        .framework
        .audiences
        .iter()
        .find(|a| a.to_lowercase().contains("all"))
        .or_else(|| session.framework.audiences.first())
        .cloned()
        .unwrap_or_default();
    themes
        .into_iter()
        .take(max)
        .enumerate()
        .map(|(i, (id, dots))| {
            let theme = session.theme(id).expect("listed from the session");
            let members: Vec<&Note> = session
                .notes
                .iter()
                .filter(|n| n.theme == Some(id) && !n.sensitive)
                .collect();
            let quotes: Vec<String> = representative(&members, 2)
                .iter()
                .map(|n| format!("“{}”", n.text.trim()))
                .collect();
            let mut text = format!(
                "{} ({}).",
                theme.label.trim(),
                super::plural(dots as usize, "dot")
            );
            if !quotes.is_empty() {
                text.push_str(&format!(" The room said: {}", quotes.join(" ")));
            }
            let mut steps: Vec<String> = Vec::new();
            for n in &members {
                if !steps.contains(&n.step) {
                    steps.push(n.step.clone());
                }
            }
            Recommendation {
                id: RecommendationId(session.next_ids.recommendation + i as u32),
                text,
                audience: audience.clone(),
                owner: String::new(),
                timeframe: None,
                themes: vec![id],
                steps,
                commitments: Vec::new(),
            }
        })
        .collect()
}

/// Notes that stand for a group: placed by a person first, then shorter ones, in id order.
fn representative<'a>(notes: &[&'a Note], n: usize) -> Vec<&'a Note> {
    let mut sorted = notes.to_vec();
    sorted.sort_by_key(|note| {
        (
            note.placed_by != Some(Origin::Person),
            note.text.chars().count().max(40),
            note.id,
        )
    });
    sorted.truncate(n);
    sorted
}
