//! The session file format: pretty RON with `schema` first; parsing with located errors.

use crate::model::{SCHEMA, Session};
use serde::Deserialize;

mod locate;

/// What is wrong with a session file's text. Positions are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("{line}:{column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "the file has schema {found}, but this convene reads schema {supported} and older; \
         open it with a newer convene"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("1:1: expected a session file starting with `schema: N`: {message}")]
    NoSchema { message: String },
    #[error("{line}:{column}: the file is not valid UTF-8 (byte {offset}); is it a session file?")]
    NotUtf8 {
        line: usize,
        column: usize,
        offset: usize,
    },
    /// Readable, but not a valid session: what is wrong, and where the first problem is.
    #[error("{}", inconsistent(*.at, .problems))]
    Inconsistent {
        at: Option<(usize, usize)>,
        problems: String,
    },
}

fn inconsistent(at: Option<(usize, usize)>, problems: &str) -> String {
    match at {
        Some((line, column)) => format!("{line}:{column}: {problems}"),
        None => problems.to_string(),
    }
}

impl FormatError {
    /// True when the message starts with a `line:column` position.
    pub fn has_position(&self) -> bool {
        matches!(
            self,
            FormatError::Syntax { .. }
                | FormatError::NoSchema { .. }
                | FormatError::NotUtf8 { .. }
                | FormatError::Inconsistent { at: Some(_), .. }
        )
    }
}

/// Writes a session as the pretty, human-readable file format.
pub fn to_ron(session: &Session) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false);
    let body = ron::ser::to_string_pretty(session, config).expect("a session always serialises");
    format!(
        "// A convene workshop session (schema {SCHEMA}). Plain text: readable, but edit with care;\n\
         // convene checks every id and reference when it opens the file.\n{body}\n"
    )
}

#[derive(Deserialize)]
struct SchemaProbe {
    /// 0 when the field is missing.
    #[serde(default)]
    schema: u32,
}

/// Parses a session file's bytes: checks UTF-8, the schema version, the syntax and the
/// references inside. Older schemas are migrated in memory.
pub fn parse(bytes: &[u8]) -> Result<Session, FormatError> {
    let text = crate::utf8::decode(bytes).map_err(|e| FormatError::NotUtf8 {
        line: e.line,
        column: e.column,
        offset: e.offset,
    })?;
    // Read the schema first, ignoring everything else, so that a newer file is refused with
    // a message about versions rather than about some field this build does not know.
    let probe: Result<SchemaProbe, _> = match leading_schema(text) {
        Some(schema) => Ok(SchemaProbe { schema }),
        None => ron::Options::default().from_str(text),
    };
    if let Ok(SchemaProbe { schema: found }) = probe
        && found != SCHEMA
    {
        return refuse_or_migrate(text, found);
    }
    // A syntax error in the probe falls through, so the full parse reports it with its position.
    let session: Session = ron::from_str(text).map_err(syntax)?;
    // The probe can miss the schema of a file that opens otherwise (a struct name before the
    // first bracket): the session read says which schema it claims, and the same rule applies.
    if session.schema != SCHEMA {
        return refuse_or_migrate(text, session.schema);
    }
    check(session, text)
}

/// A file whose schema is not this build's: newer is refused naming both versions, none (0) is
/// refused, older is migrated.
fn refuse_or_migrate(text: &str, found: u32) -> Result<Session, FormatError> {
    if found > SCHEMA {
        Err(FormatError::NewerSchema {
            found,
            supported: SCHEMA,
        })
    } else if found == 0 {
        Err(FormatError::NoSchema {
            message: "there is no `schema` field".into(),
        })
    } else {
        migrate(text, found)
    }
}

/// The schema of a file that opens as convene writes it (comments, `(`, then `schema: N`),
/// read without going through the rest: for a large file, reading it all only for its
/// schema took as long as reading the session itself. `None` when the file opens otherwise.
fn leading_schema(text: &str) -> Option<u32> {
    let mut rest = text.trim_start();
    while let Some(comment) = rest.strip_prefix("//") {
        rest = comment
            .split_once('\n')
            .map_or("", |(_, after)| after)
            .trim_start();
    }
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("schema")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let after = rest[end..].trim_start();
    if !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    rest[..end].parse().ok()
}

fn syntax(e: ron::error::SpannedError) -> FormatError {
    FormatError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Problems shown in full; the rest are counted.
const SHOWN: usize = 10;

/// Refuses a session that is not valid, saying where in `text` its first problems are.
/// Votes are then put in the order every change keeps them in (by table, then theme).
fn check(mut session: Session, text: &str) -> Result<Session, FormatError> {
    if session.uuid.is_nil() {
        session.uuid = session.derived_uuid();
    }
    let problems = session.problems();
    if problems.is_empty() {
        session.votes.sort_by_key(|v| (v.table, v.theme));
        return Ok(session);
    }
    let shown = &problems[..problems.len().min(SHOWN)];
    let places: Vec<_> = shown.iter().map(|p| p.place).collect();
    let at = locate::positions(text, &places);
    let mut out = String::new();
    for (i, (problem, position)) in shown.iter().zip(&at).enumerate() {
        if i > 0 {
            out.push_str("; ");
            // The first position leads the message (`path:line:column:`); the others follow.
            if let Some((line, column)) = position {
                out.push_str(&format!("{line}:{column}: "));
            }
        }
        out.push_str(&problem.to_string());
    }
    let more = problems.len() - shown.len();
    if more > 0 {
        out.push_str(&format!("; and {more} more"));
    }
    Err(FormatError::Inconsistent {
        at: at.first().copied().flatten(),
        problems: out,
    })
}

/// Brings a file written with an older schema up to [`SCHEMA`], in memory only; the next
/// save writes it in the new schema. Each schema adds one step here.
///
/// Schema 1 → 2: the session gets its [`Session::uuid`], derived from its content so that every
/// reader (and every copy of the file) gives it the same one until it is saved.
/// Schema 2 → 3: nothing to do; schema 3 only added what a follow-up workshop holds.
fn migrate(text: &str, found: u32) -> Result<Session, FormatError> {
    if !(1..=2).contains(&found) {
        return Err(FormatError::NoSchema {
            message: format!("schema {found} was never a convene format (the first is 1)"),
        });
    }
    // Schema 1 is schema 2 without `uuid`, which reads as nil and is filled in by `check`;
    // schema 2 is schema 3 without a follow-up.
    let mut session: Session = ron::from_str(text).map_err(syntax)?;
    session.schema = SCHEMA;
    check(session, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{Change, NoteKind};

    fn sample() -> Session {
        let mut s = Session::new(
            "Inclusive work — Café “Noir”\nsecond line",
            jiff::civil::date(2026, 11, 23),
            Framework::default_framework(),
            "2026-11-23T09:00:00Z".parse().unwrap(),
        );
        s.uuid = uuid::Uuid::from_u128(0x5e55_1011);
        let t = s.next_table(None, vec![crate::model::Stakeholder::Employer]);
        s.apply(Change::AddTable(t.clone())).unwrap();
        let n = s.next_note(
            t.id,
            "person-centred",
            NoteKind::Idea,
            "Bus pass 🚌 ´ 日本",
            s.created,
        );
        s.apply(Change::AddNote(n)).unwrap();
        s
    }

    #[test]
    fn round_trip_keeps_everything() {
        let s = sample();
        let text = to_ron(&s);
        assert!(text.lines().nth(2).unwrap().trim_start().starts_with('('));
        assert!(text.contains("schema: 3"));
        assert!(text.contains(&format!("uuid: \"{}\"", s.uuid)), "{text}");
        assert!(text.contains("日本"), "unicode is written as is:\n{text}");
        assert_eq!(parse(text.as_bytes()).unwrap(), s);
    }

    #[test]
    fn a_schema_2_file_reads_as_schema_3() {
        let s = sample();
        let text = to_ron(&s).replace("schema: 3,", "schema: 2,");
        assert_eq!(parse(text.as_bytes()).unwrap(), s);
    }

    #[test]
    fn newer_schema_is_refused_naming_both_versions() {
        let text = to_ron(&sample()).replace("schema: 3", "schema: 7");
        let e = parse(text.as_bytes()).unwrap_err();
        assert_eq!(
            e,
            FormatError::NewerSchema {
                found: 7,
                supported: 3
            }
        );
        assert!(e.to_string().contains("schema 7") && e.to_string().contains("schema 3"));
    }

    #[test]
    fn the_schema_is_read_from_the_start_of_the_file() {
        assert_eq!(leading_schema(&to_ron(&sample())), Some(SCHEMA));
        assert_eq!(leading_schema("  (schema:7)"), Some(7));
        assert_eq!(leading_schema("// a\n// b\n(\n schema : 12 ,"), Some(12));
        // Anything else is left to the full reading.
        for text in [
            "(title: \"x\", schema: 1)",
            "/* c */ (schema: 1,",
            "(schema: 1_0,",
            "(schemas: 1,",
            "Session(schema: 1,",
            "(schema: 99999999999,",
        ] {
            assert_eq!(leading_schema(text), None, "{text}");
        }
    }

    #[test]
    fn a_struct_name_before_the_first_bracket_does_not_hide_the_schema() {
        let text = to_ron(&sample());
        for (schema, refused) in [("schema: 0", "no `schema`"), ("schema: 7", "schema 7")] {
            let named = text
                .replacen("\n(", "\nSession(", 1)
                .replace("schema: 3", schema);
            let e = parse(named.as_bytes()).expect_err(schema);
            assert!(e.to_string().contains(refused), "{schema}: {e}");
        }
        let named = text.replacen("\n(", "\nSession(", 1);
        assert_eq!(parse(named.as_bytes()).unwrap(), sample());
    }

    #[test]
    fn a_schema_1_file_gets_the_same_uuid_from_its_content_every_time_it_is_read() {
        let s = sample();
        let old: String = to_ron(&s)
            .replace("schema: 2", "schema: 1")
            .lines()
            .filter(|l| !l.trim_start().starts_with("uuid:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let a = parse(old.as_bytes()).unwrap();
        let b = parse(old.as_bytes()).unwrap();
        assert_eq!(a.schema, SCHEMA, "migrated in memory");
        assert_eq!(a.uuid, s.derived_uuid());
        assert_eq!(a.uuid, b.uuid, "every reader derives the same one");
        assert!(!a.uuid.is_nil());
        assert_ne!(a.uuid, s.uuid, "a new session's own is random");
        // Saved again, the file keeps it.
        assert_eq!(parse(to_ron(&a).as_bytes()).unwrap().uuid, a.uuid);
        // Another workshop derives another.
        let other = old.replace(&format!("title: \"{}\"", s.title), "title: \"Another\"");
        assert_ne!(parse(other.as_bytes()).unwrap().uuid, a.uuid);
    }

    #[test]
    fn syntax_error_has_a_position() {
        let text = to_ron(&sample()).replace("revision: ", "revision: \"");
        match parse(text.as_bytes()).unwrap_err() {
            FormatError::Syntax { line, .. } => assert!(line > 1),
            other => panic!("{other:?}"),
        }
    }
}
