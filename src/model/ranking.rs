//! The room's priorities: themes ranked by the dots they received, one rule for every view.
//!
//! Themes with the same number of dots share a rank and the next rank is skipped (standard
//! competition ranking: 1, 2, 2, 4). Within a shared rank, themes are listed by notes (most
//! first), then by id, so the order never depends on anything but the session.

use super::{Session, ThemeId};
use std::collections::HashMap;

/// A theme's place in the vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub theme: ThemeId,
    /// 1 for the most dots; themes with the same dots share a rank (1, 2, 2, 4).
    pub rank: usize,
    pub dots: u32,
    /// Notes placed in the theme.
    pub notes: usize,
    /// Another theme has the same rank.
    pub tied: bool,
}

impl Ranked {
    /// The rank as shown: "2" alone, "2=" when shared with another theme.
    pub fn label(&self) -> String {
        if self.tied {
            format!("{}=", self.rank)
        } else {
            self.rank.to_string()
        }
    }
}

/// Every theme of `session`, most dots first, with its rank.
pub fn ranking(session: &Session) -> Vec<Ranked> {
    let mut notes: HashMap<ThemeId, usize> = HashMap::new();
    for theme in session.notes.iter().filter_map(|n| n.theme) {
        *notes.entry(theme).or_default() += 1;
    }
    let mut dots: HashMap<ThemeId, u32> = HashMap::new();
    for v in &session.votes {
        let d = dots.entry(v.theme).or_default();
        *d = d.saturating_add(v.dots);
    }
    let mut out: Vec<Ranked> = session
        .themes
        .iter()
        .map(|t| Ranked {
            theme: t.id,
            rank: 0,
            dots: dots.get(&t.id).copied().unwrap_or(0),
            notes: notes.get(&t.id).copied().unwrap_or(0),
            tied: false,
        })
        .collect();
    out.sort_by(|a, b| {
        b.dots
            .cmp(&a.dots)
            .then(b.notes.cmp(&a.notes))
            .then(a.theme.cmp(&b.theme))
    });
    for i in 0..out.len() {
        let same_as_before = i > 0 && out[i - 1].dots == out[i].dots;
        out[i].rank = if same_as_before {
            out[i - 1].rank
        } else {
            i + 1
        };
        out[i].tied = same_as_before || out.get(i + 1).is_some_and(|n| n.dots == out[i].dots);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, NoteKind, Origin, TableId, Theme};

    /// A session with one table and `dots` themes, theme n getting `dots[n - 1]` dots and
    /// `notes[n - 1]` notes.
    fn session(dots: &[u32], notes: &[usize]) -> Session {
        let mut s = Session::new(
            "Ranks",
            jiff::civil::date(2026, 3, 14),
            Framework::default_framework(),
            "2026-03-14T09:00:00Z".parse().unwrap(),
        );
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
        s.dots_per_table = 99;
        for (i, (&d, &n)) in dots.iter().zip(notes).enumerate() {
            let id = ThemeId(s.next_ids.theme);
            s.apply(Change::AddTheme(Theme {
                id,
                label: format!("Theme {}", i + 1),
                origin: Origin::Person,
                step: None,
                description: String::new(),
            }))
            .unwrap();
            for _ in 0..n {
                let mut note = s.next_note(
                    TableId(1),
                    "person-centred",
                    NoteKind::Idea,
                    "a note",
                    s.created,
                );
                note.theme = Some(id);
                s.apply(Change::AddNote(note)).unwrap();
            }
            if d > 0 {
                s.apply(Change::SetVotes {
                    table: TableId(1),
                    theme: id,
                    dots: d,
                })
                .unwrap();
            }
        }
        s
    }

    fn shown(s: &Session) -> Vec<(u32, String)> {
        ranking(s).iter().map(|r| (r.theme.0, r.label())).collect()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_is_skipped() {
        let s = session(&[2, 5, 2, 1, 2, 0], &[0, 0, 3, 0, 1, 0]);
        let shown = shown(&s);
        let want: Vec<(u32, String)> = [
            (2, "1"),
            (3, "2="),
            (5, "2="),
            (1, "2="),
            (4, "5"),
            (6, "6"),
        ]
        .iter()
        .map(|(id, l)| (*id, l.to_string()))
        .collect();
        assert_eq!(shown, want);
        let r = ranking(&s);
        assert_eq!(
            r.iter().map(|r| r.rank).collect::<Vec<_>>(),
            vec![1, 2, 2, 2, 5, 6]
        );
        assert_eq!(r[1].notes, 3);
        assert_eq!(r[1].dots, 2);
    }

    #[test]
    fn themes_without_dots_share_the_last_rank() {
        let s = session(&[0, 3, 0], &[1, 0, 2]);
        assert_eq!(
            shown(&s),
            vec![(2, "1".into()), (3, "2=".into()), (1, "2=".into())]
        );
        assert!(ranking(&session(&[], &[])).is_empty());
    }
}
