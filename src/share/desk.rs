//! The writer's side of sharing: what the room's devices ask for, turned into changes on the one
//! commit path, committed together (one flush to disk), and only then answered.

use crate::framework::StepKind;
use crate::model::{Change, Device, Note, NoteId, NoteKind, Session, TableId, ThemeId};
use crate::store::SessionStore;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::HashMap;
use tokio::sync::oneshot;

/// The longest note a device may send, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;
/// How long after sending a note a device may take it back.
pub const TAKE_BACK_MINUTES: i64 = 10;
/// The most requests committed with one flush to disk.
pub const MAX_GROUP: usize = 256;

/// What a device asks the writer for. Checked for form by the server; checked against the
/// session here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Add a note. `(client, seq)` makes a retry recognisable.
    Note {
        table: String,
        text: String,
        kind: String,
        sensitive: bool,
        client: String,
        seq: u64,
    },
    /// Take back a note this device sent a few minutes ago.
    TakeBack { client: String, note: u32 },
    /// Set the dots this device places on a theme (during voting).
    Dots {
        client: String,
        table: String,
        theme: u32,
        dots: u32,
    },
}

/// The writer's answer, sent once the change is durable (or refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// The note is on disk (or was already: a retry).
    Noted { id: u32 },
    /// The note is taken back.
    TakenBack { taken_back: u32 },
    /// The device's dots on a theme, and what it has left.
    Dots { theme: u32, dots: u32, left: u32 },
    /// Refused: the HTTP status and a message for the person.
    #[serde(skip)]
    Refused { status: u16, message: String },
}

impl Answer {
    fn refused(status: u16, message: impl Into<String>) -> Answer {
        Answer::Refused {
            status,
            message: message.into(),
        }
    }

    /// The answer when the disk is refusing: the device keeps its draft and tries again.
    pub fn unavailable(why: &str) -> Answer {
        Answer::refused(
            503,
            format!("not saved yet ({why}); your note is kept and sent again"),
        )
    }
}

/// One request with the way back to the device that made it.
#[derive(Debug)]
pub struct Request {
    pub ask: Ask,
    pub reply: oneshot::Sender<Answer>,
}

/// The key stored in the session for a device's own id: one way, so that the id (which alone
/// lets a device take a note back) never appears in the file.
pub fn device_key(client: &str) -> String {
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, client.as_bytes());
    id.simple().to_string()[..16].to_string()
}

/// What the writer remembers between requests: which `(device, seq)` became which note, and
/// whether notes wait for the facilitator's review (moderation) or go straight to the board.
#[derive(Debug, Default)]
pub struct Desk {
    seen: HashMap<(String, u64), NoteId>,
    moderated: bool,
}

impl Desk {
    /// A desk for `session`, knowing every note its devices already sent (so a retry after a
    /// restart is still recognised).
    pub fn new(session: &Session) -> Desk {
        let seen = session
            .notes
            .iter()
            .chain(session.submissions.iter().map(|s| &s.note))
            .filter_map(|n| n.device.as_ref().map(|d| ((d.key.clone(), d.seq), n.id)))
            .collect();
        Desk {
            seen,
            moderated: false,
        }
    }

    /// Moderation on: notes from devices wait for review ([`Change::Submit`]); off: they go
    /// straight to the board. Devices are answered once either is durable.
    pub fn set_moderated(&mut self, on: bool) {
        self.moderated = on;
    }

    /// Answers `requests`: the changes they make are committed to `store` together, with one
    /// flush, and each device is answered only after that (or at once when refused). `now` is
    /// the time notes are stamped with.
    pub fn serve<S: SessionStore + ?Sized>(
        &mut self,
        store: &mut S,
        requests: Vec<Request>,
        now: Timestamp,
    ) {
        let mut changes = Vec::new();
        // For each change, who waits for it and what they are told once it is durable.
        let mut waiting: Vec<Waiting> = Vec::new();
        // Notes asked for in this group, by (device, seq): a retry inside the group waits too.
        let mut in_group: HashMap<(String, u64), usize> = HashMap::new();
        let mut next_note = store.session().next_ids.note;
        for request in requests {
            let session = store.session();
            match prepare(session, &request.ask, now, next_note) {
                Prepared::Answer(answer) => {
                    let _ = request.reply.send(answer);
                }
                Prepared::Note(note) => {
                    let device = note.device.clone().expect("a device's note");
                    let key = (device.key, device.seq);
                    if let Some(id) = self.seen.get(&key) {
                        let _ = request.reply.send(Answer::Noted { id: id.0 });
                    } else if let Some(&i) = in_group.get(&key) {
                        waiting[i].0.push(request.reply);
                    } else {
                        in_group.insert(key.clone(), waiting.len());
                        waiting.push((
                            vec![request.reply],
                            Answer::Noted { id: note.id.0 },
                            Some(key),
                        ));
                        next_note = note.id.0 + 1;
                        changes.push(if self.moderated {
                            Change::Submit(note)
                        } else {
                            Change::AddNote(note)
                        });
                    }
                }
                Prepared::Change(change, answer) => {
                    waiting.push((vec![request.reply], answer, None));
                    changes.push(change);
                }
            }
        }
        if changes.is_empty() {
            return;
        }
        let results = store.commit_group(changes);
        for ((replies, answer, key), result) in waiting.into_iter().zip(results) {
            let answer = match result {
                Ok(_) => {
                    if let (Some(key), Answer::Noted { id }) = (key, &answer) {
                        self.seen.insert(key, NoteId(*id));
                    }
                    answer
                }
                Err(e) if e.is_retryable() => Answer::unavailable(&e.to_string()),
                Err(e) => Answer::refused(409, e.to_string()),
            };
            for reply in replies {
                let _ = reply.send(answer.clone());
            }
        }
    }
}

/// A change's waiting devices, what they are told once it is durable, and the note's
/// `(device, seq)` when it adds one.
type Waiting = (Vec<oneshot::Sender<Answer>>, Answer, Option<(String, u64)>);

/// What one request comes to.
enum Prepared {
    Answer(Answer),
    Note(Note),
    Change(Change, Answer),
}

fn prepare(session: &Session, ask: &Ask, now: Timestamp, next_note: u32) -> Prepared {
    match prepare_inner(session, ask, now, next_note) {
        Ok(prepared) => prepared,
        Err(answer) => Prepared::Answer(answer),
    }
}

fn prepare_inner(
    session: &Session,
    ask: &Ask,
    now: Timestamp,
    next_note: u32,
) -> Result<Prepared, Answer> {
    match ask {
        Ask::Note {
            table,
            text,
            kind,
            sensitive,
            client,
            seq,
        } => {
            let table = find_table(session, table)?;
            let kind = parse_kind(kind)?;
            let text = clean_text(text)?;
            let step = session.current_step();
            if !step_takes_notes(step.kind) {
                return Err(Answer::refused(
                    409,
                    format!(
                        "“{}” is not a step for notes; wait for the facilitator to move on",
                        step.title
                    ),
                ));
            }
            Ok(Prepared::Note(Note {
                id: NoteId(next_note),
                table,
                step: step.id.clone(),
                kind,
                text,
                tags: Vec::new(),
                lived_experience: false,
                sensitive: *sensitive,
                created: now,
                theme: None,
                placed_by: None,
                device: Some(Device {
                    key: device_key(client),
                    seq: *seq,
                }),
                about: None,
            }))
        }
        Ask::TakeBack { client, note } => {
            // A note still waiting for review is taken out of the queue (journaled all the same).
            if let Some(sub) = session.submission(NoteId(*note))
                && sub.review == crate::model::Review::Waiting
            {
                if sub.note.device.as_ref().map(|d| &d.key) != Some(&device_key(client)) {
                    return Err(Answer::refused(
                        403,
                        "only the device that sent a note can take it back",
                    ));
                }
                return Ok(Prepared::Change(
                    Change::Unsubmit { id: sub.note.id },
                    Answer::TakenBack { taken_back: *note },
                ));
            }
            let Some(found) = session.note(NoteId(*note)) else {
                return Err(Answer::refused(
                    404,
                    format!("note {note} is not on the wall (already taken back?)"),
                ));
            };
            let key = device_key(client);
            if found.device.as_ref().map(|d| &d.key) != Some(&key) {
                return Err(Answer::refused(
                    403,
                    "only the device that sent a note can take it back",
                ));
            }
            let age = now.duration_since(found.created);
            if age > jiff::SignedDuration::from_mins(TAKE_BACK_MINUTES) {
                return Err(Answer::refused(
                    410,
                    format!(
                        "a note can be taken back for {TAKE_BACK_MINUTES} minutes; ask the \
                         facilitator to remove it"
                    ),
                ));
            }
            Ok(Prepared::Change(
                Change::DeleteNote { id: found.id },
                Answer::TakenBack { taken_back: *note },
            ))
        }
        Ask::Dots {
            client,
            table,
            theme,
            dots,
        } => {
            let table = find_table(session, table)?;
            if !step_takes_dots(session.current_step().kind) {
                return Err(Answer::refused(
                    409,
                    "dots are placed during the voting step; wait for the facilitator",
                ));
            }
            if session.theme(ThemeId(*theme)).is_none() {
                return Err(Answer::refused(400, format!("there is no theme {theme}")));
            }
            let device = device_key(client);
            let old = session
                .device_votes
                .iter()
                .find(|v| v.device == device && v.table == table && v.theme.0 == *theme)
                .map_or(0, |v| v.dots);
            let left = session.device_dots_left(&device);
            if *dots > old && dots - old > left {
                return Err(Answer::refused(
                    409,
                    format!(
                        "you have {} left to place",
                        crate::model::plural(left as usize, "dot")
                    ),
                ));
            }
            let after = left + old - dots;
            Ok(Prepared::Change(
                Change::SetDeviceDots {
                    device,
                    table,
                    theme: ThemeId(*theme),
                    dots: *dots,
                },
                Answer::Dots {
                    theme: *theme,
                    dots: *dots,
                    left: after,
                },
            ))
        }
    }
}

/// Steps where the room places dots on themes: voting, and the themes step where a framework
/// (like the six principles) votes on the themes it has just made.
pub fn step_takes_dots(kind: StepKind) -> bool {
    matches!(kind, StepKind::Voting | StepKind::Themes)
}

/// Steps where tables write notes.
pub fn step_takes_notes(kind: StepKind) -> bool {
    !matches!(kind, StepKind::Voting | StepKind::Themes)
}

/// A table by its letter (any case) or its name.
fn find_table(session: &Session, table: &str) -> Result<TableId, Answer> {
    let wanted = table.trim();
    session
        .tables
        .iter()
        .find(|t| {
            t.letter.eq_ignore_ascii_case(wanted) || t.name.to_lowercase() == wanted.to_lowercase()
        })
        .map(|t| t.id)
        .ok_or_else(|| {
            let letters: Vec<String> = session
                .tables
                .iter()
                .map(|t| format!("{} ({})", t.letter, t.name))
                .collect();
            Answer::refused(
                400,
                if letters.is_empty() {
                    "this workshop has no tables yet; ask the facilitator to add them".to_string()
                } else {
                    format!(
                        "there is no table “{}”: the tables are {}",
                        wanted
                            .chars()
                            .filter(|c| !crate::terminal_text::is_hidden(*c))
                            .take(24)
                            .collect::<String>(),
                        letters.join(", ")
                    )
                },
            )
        })
}

fn parse_kind(kind: &str) -> Result<NoteKind, Answer> {
    if kind.trim().is_empty() {
        return Ok(NoteKind::Comment);
    }
    NoteKind::ALL
        .into_iter()
        .find(|k| k.label() == kind.trim().to_lowercase())
        .ok_or_else(|| {
            let kinds: Vec<&str> = NoteKind::ALL.iter().map(|k| k.label()).collect();
            Answer::refused(
                400,
                format!("a note's kind is one of: {}", kinds.join(", ")),
            )
        })
}

/// The note's text as stored: control characters removed (a line break and a tab are kept as
/// a line break and a space), trimmed; refused when empty or longer than [`MAX_NOTE_CHARS`].
pub fn clean_text(text: &str) -> Result<String, Answer> {
    let text = text.replace("\r\n", "\n");
    let cleaned: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        return Err(Answer::refused(400, "the note is empty"));
    }
    let chars = cleaned.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(Answer::refused(
            400,
            format!("the note is {chars} characters; a note holds at most {MAX_NOTE_CHARS}"),
        ));
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::store::MemoryStore;

    fn store() -> MemoryStore {
        let mut s = Session::new(
            "Desk",
            jiff::civil::date(2026, 11, 26),
            Framework::default_framework(),
            Timestamp::UNIX_EPOCH,
        );
        for _ in 0..2 {
            let t = s.next_table(None, Vec::new());
            s.apply(Change::AddTable(t)).unwrap();
        }
        MemoryStore::new(s)
    }

    fn ask(client: &str, seq: u64, text: &str) -> (Request, oneshot::Receiver<Answer>) {
        let (reply, rx) = oneshot::channel();
        let ask = Ask::Note {
            table: "a".into(),
            text: text.into(),
            kind: "question".into(),
            sensitive: false,
            client: client.into(),
            seq,
        };
        (Request { ask, reply }, rx)
    }

    #[test]
    fn a_note_sent_twice_in_one_group_is_added_once_and_both_get_its_id() {
        let mut store = store();
        let mut desk = Desk::new(store.session());
        let (a, mut ra) = ask("device-one", 1, "Why so few buses?");
        let (b, mut rb) = ask("device-one", 1, "Why so few buses?");
        let (c, mut rc) = ask("device-two", 1, "   ");
        desk.serve(&mut store, vec![a, b, c], Timestamp::UNIX_EPOCH);
        assert_eq!(store.session().notes.len(), 1);
        let id = store.session().notes[0].id.0;
        assert_eq!(ra.try_recv().unwrap(), Answer::Noted { id });
        assert_eq!(rb.try_recv().unwrap(), Answer::Noted { id });
        assert!(matches!(
            rc.try_recv().unwrap(),
            Answer::Refused { status: 400, .. }
        ));
        assert_eq!(store.session().notes[0].kind, NoteKind::Question);
    }

    #[test]
    fn the_stored_key_is_stable_and_does_not_hold_the_device_id() {
        let key = device_key("device-secret-1234");
        assert_eq!(key, device_key("device-secret-1234"));
        assert_ne!(key, device_key("device-secret-1235"));
        assert_eq!(key.len(), 16);
        assert!(!key.contains("secret"));
    }

    #[test]
    fn text_is_cleaned_and_limited() {
        assert_eq!(clean_text(" a\tb\u{1b}c\r\nd ").unwrap(), "a bc\nd");
        assert!(clean_text("\u{7}\u{0}").is_err());
        assert!(clean_text(&"é".repeat(MAX_NOTE_CHARS)).is_ok());
        assert!(clean_text(&"é".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
