//! Generated workshop sessions of any size, for benchmarks and for trying the review on many
//! files ([`crate::store::sample::write_sessions`] writes them into a folder).

use crate::framework::Framework;
use crate::model::{
    Change, NoteKind, Origin, Response, ResponseId, ResponseKind, ResponseStatus, ResponseTarget,
    Session, Stakeholder, Theme, ThemeId,
};

const SUBJECTS: &[&str] = &[
    "the last bus",
    "childcare after school",
    "the interview panel",
    "a named job coach",
    "the benefits form",
    "our peer group",
    "the council's apprenticeships",
    "a café run by volunteers",
    "night shifts at the depot",
    "the food bank advice desk",
    "a disabled carer",
    "an older refugee",
    "the Jobcentre",
    "employers on the estate",
    "funding for one more year",
];
const VERBS: &[&str] = &[
    "leaves people out when",
    "would help if",
    "stops working because",
    "could change once",
    "feels unsafe whenever",
    "works well where",
    "needs paying properly so",
];
const ENDS: &[&str] = &[
    "shifts end after 10pm",
    "nobody explains the rules",
    "people with lived experience lead it",
    "the money stops after a pilot",
    "interviews feel like an assessment",
    "translators are there — même en français",
    "someone rings back within a week",
    "the room is quiet and step-free",
    "employers commit real jobs, not goodwill",
    "日本語 speakers are offered an interpreter",
];
const THEMES: &[&str] = &[
    "Travel to work after 6pm",
    "Childcare and the school run",
    "Benefits rules and the fear of trying work",
    "Lived experience in charge, and paid for it",
    "Funding that lasts longer than a pilot",
    "Recruitment that doesn't re-open harm",
];

/// A small deterministic pseudo-random sequence (no dependency, same sessions every time).
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Session number `n` with `notes` notes over six tables, themes and a few responses.
pub fn session(n: usize, notes: usize) -> Session {
    let mut seq = Sequence(n as u64 * 7919 + 17);
    let date = jiff::civil::date(2026, 1, 1)
        .checked_add(jiff::Span::new().days((n % 700) as i64))
        .expect("a date in range");
    let created: jiff::Timestamp = date
        .at(9, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("a valid time")
        .timestamp();
    let mut s = Session::new(
        format!("Workshop {n}: inclusive employment"),
        date,
        Framework::default_framework(),
        created,
    );
    s.place = ["Brackenford", "Riverside", "Eastfield", "Northgate"][n % 4].into();
    for t in 0..6 {
        let mix: Vec<Stakeholder> = (0..3)
            .map(|_| Stakeholder::ALL[seq.next(Stakeholder::ALL.len())])
            .fold(Vec::new(), |mut m, x| {
                if !m.contains(&x) {
                    m.push(x);
                }
                m
            });
        let table = s.next_table(Some(format!("Table {t}")), mix);
        s.apply(Change::AddTable(table))
            .expect("a new table applies");
    }
    let principles: Vec<String> = s.framework.principles().map(|p| p.id.clone()).collect();
    let mut themes = Vec::new();
    for (i, label) in THEMES.iter().enumerate() {
        let theme = Theme {
            id: ThemeId(s.next_ids.theme),
            label: label.to_string(),
            origin: Origin::Person,
            step: Some(principles[i % principles.len()].clone()),
            description: String::new(),
        };
        themes.push(theme.id);
        s.apply(Change::AddTheme(theme))
            .expect("a new theme applies");
    }
    for i in 0..notes {
        let table = s.tables[seq.next(s.tables.len())].id;
        let step = principles[seq.next(principles.len())].clone();
        let kind = NoteKind::ALL[seq.next(NoteKind::ALL.len())];
        let text = format!(
            "{} {} {} (note {i})",
            SUBJECTS[seq.next(SUBJECTS.len())],
            VERBS[seq.next(VERBS.len())],
            ENDS[seq.next(ENDS.len())]
        );
        let at = created + jiff::SignedDuration::from_secs(60 * i as i64);
        let mut note = s.next_note(table, &step, kind, text, at);
        if seq.next(4) == 0 {
            note.tags = vec![["transport", "care", "money", "trust"][seq.next(4)].into()];
        }
        note.sensitive = seq.next(40) == 0;
        note.lived_experience = seq.next(5) == 0;
        let id = note.id;
        s.apply(Change::AddNote(note)).expect("a new note applies");
        if seq.next(2) == 0 {
            s.apply(Change::PlaceNote {
                note: id,
                theme: Some(themes[seq.next(themes.len())]),
                by: Some(Origin::Person),
            })
            .expect("placing applies");
        }
        if seq.next(10) == 0 {
            let response = Response {
                id: ResponseId(s.next_ids.response),
                target: ResponseTarget::Note(id),
                kind: ResponseKind::Noted,
                text: "Taken to the partnership board".into(),
                owner: "Coordinator".into(),
                status: [
                    ResponseStatus::Open,
                    ResponseStatus::InProgress,
                    ResponseStatus::Done,
                ][seq.next(3)],
            };
            s.apply(Change::AddResponse(response))
                .expect("a response applies");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_sessions_are_consistent_and_round_trip() {
        let s = super::session(3, 100);
        assert_eq!(s.notes.len(), 100);
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        let text = crate::store::to_ron(&s);
        assert_eq!(crate::store::parse(text.as_bytes()).unwrap(), s);
        assert_ne!(super::session(4, 100).notes[0].text, s.notes[0].text);
    }
}
