//! Notes similar to one note, by meaning and shared words: the signals themes use, without the
//! smoothing over neighbours that helps grouping but blurs one note's own answer.

use super::{Options, embed, features, text};
use crate::model::{NoteId, Session};

/// The `n` notes of `session` closest to `note`, most similar first, with their cosine
/// similarity (−1 … 1). Empty when the note is not in the session. Ties are broken by note id,
/// so the answer is the same every time.
pub fn similar_notes(
    session: &Session,
    note: NoteId,
    n: usize,
    options: &Options,
) -> Vec<(NoteId, f32)> {
    let Some(target) = session.notes.iter().position(|x| x.id == note) else {
        return Vec::new();
    };
    let texts: Vec<&str> = session.notes.iter().map(|x| x.text.as_str()).collect();
    let analyzer = text::Analyzer::new(&options.lexicon);
    let mix = features::Mix {
        smooth: 0,
        propagate: 0.0,
        ..options.mix_for(texts.len())
    };
    let f = features::Features::build(&texts, &analyzer, mix, &mut |_| {});
    let mut centre = vec![0f32; f.width()];
    f.add_to(target, &mut centre);
    embed::normalise(&mut centre);
    let mut out: Vec<(NoteId, f32)> = (0..session.notes.len())
        .filter(|&i| i != target)
        .map(|i| (session.notes[i].id, f.dot(i, &centre)))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, NoteKind, TableId};

    fn session(texts: &[&str]) -> Session {
        let mut s = Session::new(
            "Similar",
            jiff::civil::date(2026, 9, 24),
            Framework::default_framework(),
            "2026-09-24T09:00:00Z".parse().unwrap(),
        );
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t)).unwrap();
        for text in texts {
            let n = s.next_note(TableId(1), "welcome", NoteKind::Comment, *text, s.created);
            s.apply(Change::AddNote(n)).unwrap();
        }
        s
    }

    #[test]
    fn the_closest_note_shares_the_meaning() {
        let s = session(&[
            "The last bus leaves the estate before the late shift ends",
            "Childcare closes at six so evening work is impossible",
            "No evening buses back from the industrial park",
            "Interview panels should include someone with lived experience",
        ]);
        let similar = similar_notes(&s, NoteId(1), 3, &Options::default());
        assert_eq!(similar.len(), 3);
        assert_eq!(similar[0].0, NoteId(3), "{similar:?}");
        assert!(similar.windows(2).all(|w| w[0].1 >= w[1].1));
        assert!(similar.iter().all(|(id, _)| *id != NoteId(1)));
        assert_eq!(
            similar,
            similar_notes(&s, NoteId(1), 3, &Options::default())
        );
    }

    #[test]
    fn unknown_or_lonely_notes_have_no_neighbours() {
        let s = session(&["only one note"]);
        assert!(similar_notes(&s, NoteId(1), 5, &Options::default()).is_empty());
        assert!(similar_notes(&s, NoteId(9), 5, &Options::default()).is_empty());
    }
}
