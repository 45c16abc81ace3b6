//! What the review shows about notes: provenance, principles compared across sessions, the
//! summary, and the hook for cross-workshop themes found by clustering.

use super::library::{Library, NONE};
use crate::export::plural;
use crate::model::{NoteKind, ResponseTarget, Stakeholder};
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Where a note came from and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub session_title: String,
    pub session_date: Date,
    pub session_path: PathBuf,
    pub note_id: u32,
    pub table_letter: String,
    pub table_name: String,
    pub table_mix: Vec<Stakeholder>,
    /// 1-based position of the step in the agenda, and its title.
    pub step_number: usize,
    pub step_title: String,
    /// 1-based principle number, when the step is a principle.
    pub principle: Option<usize>,
    pub kind: NoteKind,
    pub created: Timestamp,
    pub theme: Option<String>,
    /// Every response to the note, oldest first: kind, text, owner, status (labels).
    pub responses: Vec<ResponseLine>,
    /// Only in the journal, not yet in the snapshot file.
    pub journal_only: bool,
    /// Set when only part of the session could be read: what is shown and where its journal
    /// is damaged.
    pub partial: Option<String>,
    pub sensitive: bool,
    pub lived_experience: bool,
}

/// A response as people read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseLine {
    pub kind: String,
    pub text: String,
    pub owner: String,
    pub status: String,
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} ({})", self.session_title, self.session_date)?;
        writeln!(f, "  file: {}", self.session_path.display())?;
        let mix: Vec<&str> = self.table_mix.iter().map(|m| m.label()).collect();
        writeln!(
            f,
            "  table {} {}{}",
            self.table_letter,
            self.table_name,
            if mix.is_empty() {
                String::new()
            } else {
                format!(" ({})", mix.join(", "))
            }
        )?;
        writeln!(
            f,
            "  step {}: {} · {} · note #{} · {}",
            self.step_number,
            self.step_title,
            self.kind.label(),
            self.note_id,
            self.created
        )?;
        if let Some(theme) = &self.theme {
            writeln!(f, "  theme: {theme}")?;
        }
        for r in &self.responses {
            writeln!(
                f,
                "  response: {} ({}, {}): {}",
                r.kind, r.status, r.owner, r.text
            )?;
        }
        if self.journal_only {
            writeln!(f, "  only in the journal: not yet in the snapshot file")?;
        }
        if let Some(partial) = &self.partial {
            writeln!(f, "  {partial}")?;
        }
        Ok(())
    }
}

/// One principle across the sessions that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipleComparison {
    pub step_id: String,
    pub title: String,
    /// Position among the principles of the first framework that has it, from 1.
    pub number: usize,
    pub sessions: Vec<SessionPrinciple>,
}

impl PrincipleComparison {
    pub fn notes(&self) -> usize {
        self.sessions.iter().map(|s| s.notes).sum()
    }

    /// Notes by stakeholder group over all sessions (indexed like `Stakeholder::ALL`).
    pub fn by_stakeholder(&self) -> [usize; 8] {
        let mut out = [0; 8];
        for s in &self.sessions {
            for (o, n) in out.iter_mut().zip(s.by_stakeholder) {
                *o += n;
            }
        }
        out
    }
}

/// One principle in one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPrinciple {
    /// Index into [`Library::sessions`].
    pub session: usize,
    pub notes: usize,
    /// Notes from tables where each group sat (indexed like `Stakeholder::ALL`). A note from a
    /// mixed table counts once for every group at that table.
    pub by_stakeholder: [usize; 8],
    /// The session's largest themes for this principle, by notes, then dots.
    pub top_themes: Vec<ThemeCount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeCount {
    pub label: String,
    pub notes: usize,
    pub dots: u32,
}

/// How many sessions' top themes the summary lists under each principle.
const SUMMARY_SESSIONS: usize = 12;

/// How many themes per session [`Library::compare`] keeps.
pub const TOP_THEMES: usize = 3;

/// A note offered to a theme finder.
#[derive(Debug, Clone, Copy)]
pub struct CrossNote<'a> {
    /// Index into [`Library::rows`].
    pub row: usize,
    pub text: &'a str,
    pub step: &'a str,
    /// The label of the theme it is in within its own session, if any.
    pub theme: Option<&'a str>,
    /// Index into [`Library::sessions`].
    pub session: usize,
}

/// A group of notes found across workshops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossTheme {
    pub label: String,
    /// Indices into [`Library::rows`].
    pub rows: Vec<usize>,
    /// How many sessions the notes come from.
    pub sessions: usize,
}

/// Finds themes across the notes of many workshops. The clustering library implements this;
/// [`SameLabel`] is a simple stand-in that needs no clustering.
pub trait ThemeFinder {
    /// Groups `notes`: each group is a label and indices into `notes`.
    fn find(&self, notes: &[CrossNote<'_>]) -> Vec<(String, Vec<usize>)>;
}

/// Groups notes by the label of the theme the room gave them, ignoring case: the same theme
/// named in several workshops becomes one cross-workshop theme.
#[derive(Debug, Clone, Copy, Default)]
pub struct SameLabel;

impl ThemeFinder for SameLabel {
    fn find(&self, notes: &[CrossNote<'_>]) -> Vec<(String, Vec<usize>)> {
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, n) in notes.iter().enumerate() {
            let Some(label) = n.theme else { continue };
            let key = label.trim().to_lowercase();
            let g = *by_key.entry(key).or_insert_with(|| {
                groups.push((label.trim().to_string(), Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(i);
        }
        groups
    }
}

impl Library {
    /// Where a row's note came from: session, table, step, time, theme and response.
    pub fn provenance(&self, row: usize) -> Provenance {
        let r = self.rows[row];
        let loaded = &self.sessions[r.session as usize];
        let s = &loaded.session;
        let note = &s.notes[r.note as usize];
        let table = s.table(note.table);
        let responses = s
            .responses
            .iter()
            .filter(|x| x.target == ResponseTarget::Note(note.id))
            .map(|x| ResponseLine {
                kind: x.kind.label().to_string(),
                text: x.text.clone(),
                owner: x.owner.clone(),
                status: x.status.label().to_string(),
            })
            .collect();
        Provenance {
            session_title: s.title.clone(),
            session_date: s.date,
            session_path: loaded.path.clone(),
            note_id: note.id.0,
            table_letter: table.map(|t| t.letter.clone()).unwrap_or_default(),
            table_name: table.map(|t| t.name.clone()).unwrap_or_default(),
            table_mix: table.map(|t| t.mix.clone()).unwrap_or_default(),
            step_number: s.framework.step_index(&note.step).map_or(0, |i| i + 1),
            step_title: s
                .framework
                .step(&note.step)
                .map(|st| st.title.clone())
                .unwrap_or_else(|| note.step.clone()),
            principle: (r.principle > 0).then_some(r.principle as usize),
            kind: note.kind,
            created: note.created,
            theme: note.theme.and_then(|t| s.theme(t)).map(|t| t.label.clone()),
            responses,
            journal_only: r.journal_only,
            partial: loaded.damage.as_ref().map(|d| d.what_is_shown()),
            sensitive: note.sensitive,
            lived_experience: note.lived_experience,
        }
    }

    /// Each principle compared across sessions, counting only `rows` (a filter's result):
    /// notes by stakeholder group and the top themes of each session. Principles are matched
    /// by step id, in the order the frameworks list them.
    pub fn compare(&self, rows: &[usize]) -> Vec<PrincipleComparison> {
        let mut out: Vec<PrincipleComparison> = Vec::new();
        let mut slot: HashMap<String, usize> = HashMap::new();
        // (principle slot, session) -> position in that principle's `sessions`
        let mut cell: HashMap<(usize, usize), usize> = HashMap::new();
        for (si, loaded) in self.sessions.iter().enumerate() {
            for (pi, step) in loaded.session.framework.principles().enumerate() {
                let p = *slot.entry(step.id.clone()).or_insert_with(|| {
                    out.push(PrincipleComparison {
                        step_id: step.id.clone(),
                        title: step.title.clone(),
                        number: pi + 1,
                        sessions: Vec::new(),
                    });
                    out.len() - 1
                });
                cell.insert((p, si), out[p].sessions.len());
                out[p].sessions.push(SessionPrinciple {
                    session: si,
                    notes: 0,
                    by_stakeholder: [0; 8],
                    top_themes: Vec::new(),
                });
            }
        }
        let step_slot: HashMap<u32, usize> = slot
            .iter()
            .filter_map(|(id, p)| self.steps.get(id).map(|s| (s, *p)))
            .collect();
        // (slot, session, theme key) -> notes
        let mut theme_notes: HashMap<(usize, usize, u32), usize> = HashMap::new();
        for &i in rows {
            let r = &self.rows[i];
            let Some(&p) = step_slot.get(&r.step) else {
                continue;
            };
            let si = r.session as usize;
            let Some(&c) = cell.get(&(p, si)) else {
                continue;
            };
            let sp = &mut out[p].sessions[c];
            sp.notes += 1;
            for (b, n) in sp.by_stakeholder.iter_mut().enumerate() {
                if r.stakeholders & (1 << b) != 0 {
                    *n += 1;
                }
            }
            if r.theme != NONE {
                *theme_notes.entry((p, si, r.theme)).or_insert(0) += 1;
            }
        }
        let mut per_cell: HashMap<(usize, usize), Vec<(u32, usize)>> = HashMap::new();
        for ((p, si, theme), n) in theme_notes {
            per_cell.entry((p, si)).or_default().push((theme, n));
        }
        for ((p, si), themes) in per_cell {
            let s = &self.sessions[si].session;
            let mut counts: Vec<ThemeCount> = themes
                .into_iter()
                .map(|(key, notes)| {
                    let key = self.themes.name(key);
                    let theme = s
                        .themes
                        .iter()
                        .find(|t| t.label.trim().to_lowercase() == key);
                    ThemeCount {
                        label: theme.map_or_else(|| key.to_string(), |t| t.label.clone()),
                        notes,
                        dots: s
                            .themes
                            .iter()
                            .filter(|t| t.label.trim().to_lowercase() == key)
                            .map(|t| s.theme_dots(t.id))
                            .sum(),
                    }
                })
                .collect();
            counts.sort_by(|a, b| {
                (b.notes, b.dots)
                    .cmp(&(a.notes, a.dots))
                    .then_with(|| a.label.cmp(&b.label))
            });
            counts.truncate(TOP_THEMES);
            let c = cell[&(p, si)];
            out[p].sessions[c].top_themes = counts;
        }
        out
    }

    /// Themes across workshops among `rows`, found by `finder`; largest first.
    pub fn cross_themes(&self, rows: &[usize], finder: &dyn ThemeFinder) -> Vec<CrossTheme> {
        let notes: Vec<CrossNote<'_>> = rows
            .iter()
            .map(|&i| {
                let r = &self.rows[i];
                let s = &self.sessions[r.session as usize].session;
                let note = &s.notes[r.note as usize];
                CrossNote {
                    row: i,
                    text: &note.text,
                    step: &note.step,
                    theme: note
                        .theme
                        .and_then(|t| s.theme(t))
                        .map(|t| t.label.as_str()),
                    session: r.session as usize,
                }
            })
            .collect();
        let mut out: Vec<CrossTheme> = finder
            .find(&notes)
            .into_iter()
            .map(|(label, members)| {
                let rows: Vec<usize> = members.iter().map(|&m| notes[m].row).collect();
                let mut sessions: Vec<usize> = members.iter().map(|&m| notes[m].session).collect();
                sessions.sort_unstable();
                sessions.dedup();
                CrossTheme {
                    label,
                    rows,
                    sessions: sessions.len(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (b.sessions, b.rows.len())
                .cmp(&(a.sessions, a.rows.len()))
                .then_with(|| a.label.cmp(&b.label))
        });
        out
    }

    /// A plain-text overview of the sessions and of `rows` (a filter's result): what was
    /// loaded, each principle compared across sessions, and themes shared between workshops.
    pub fn summary(&self, rows: &[usize]) -> String {
        let mut o = String::new();
        let total = self.rows.len();
        let sensitive = self.rows.iter().filter(|r| r.sensitive).count();
        let _ = writeln!(
            o,
            "{}, {} ({} shown here){}",
            plural(self.sessions.len(), "session"),
            plural(total, "note"),
            rows.len(),
            if sensitive > 0 {
                format!(", {sensitive} marked sensitive")
            } else {
                String::new()
            }
        );
        let pending = self.journal_only_count();
        if pending > 0 {
            let _ = writeln!(
                o,
                "{} only in a journal, not yet in the snapshot file (a session still open?)",
                plural(pending, "note")
            );
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(
                o,
                "{} could not be read (listed on standard error)",
                plural(self.skipped.len(), "file")
            );
        }
        let partial = self.partial().count();
        if partial > 0 {
            let _ = writeln!(
                o,
                "{} read only in part: a journal is damaged part-way (marked partial below)",
                plural(partial, "session")
            );
        }
        let _ = writeln!(o, "\nSessions:");
        let mut order: Vec<usize> = (0..self.sessions.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.sessions[a], &self.sessions[b]);
            (a.session.date, &a.path).cmp(&(b.session.date, &b.path))
        });
        for si in order {
            let l = &self.sessions[si];
            let s = &l.session;
            let mut line = format!(
                "  {}  {} — {}, {}, {}",
                s.date,
                s.title,
                plural(s.tables.len(), "table"),
                plural(s.notes.len(), "note"),
                plural(s.themes.len(), "theme")
            );
            if !s.place.is_empty() {
                line.push_str(&format!(" · {}", s.place));
            }
            if !l.journal_only.is_empty() {
                line.push_str(&format!(" · {} only in the journal", l.journal_only.len()));
            }
            let _ = writeln!(
                o,
                "{line}\n      {}\n      session id {}",
                l.path.display(),
                s.uuid
            );
            for w in &l.warnings {
                let _ = writeln!(o, "      warning: {w}");
            }
            if let Some(d) = &l.damage {
                let _ = writeln!(o, "      {}", d.what_is_shown());
                let _ = writeln!(o, "      damage: {}", d.message);
            }
        }
        let comparison = self.compare(rows);
        if !comparison.is_empty() {
            let _ = writeln!(
                o,
                "\nPrinciples compared (notes by stakeholder group at the table; a mixed table counts for each group):"
            );
        }
        for p in &comparison {
            let in_sessions = p.sessions.iter().filter(|s| s.notes > 0).count();
            let _ = writeln!(
                o,
                "\n  {}. {} — {} in {}",
                p.number,
                p.title,
                plural(p.notes(), "note"),
                plural(in_sessions, "session")
            );
            let groups: Vec<String> = Stakeholder::ALL
                .iter()
                .zip(p.by_stakeholder())
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{} {n}", s.label()))
                .collect();
            if !groups.is_empty() {
                let _ = writeln!(o, "     {}", groups.join(" · "));
            }
            let with_themes: Vec<&SessionPrinciple> = p
                .sessions
                .iter()
                .filter(|s| !s.top_themes.is_empty())
                .collect();
            if with_themes.len() > SUMMARY_SESSIONS {
                let _ = writeln!(
                    o,
                    "     top themes in the first {SUMMARY_SESSIONS} of {} sessions:",
                    with_themes.len()
                );
            }
            for sp in with_themes.into_iter().take(SUMMARY_SESSIONS) {
                let themes: Vec<String> = sp
                    .top_themes
                    .iter()
                    .map(|t| format!("{} ({})", t.label, t.notes))
                    .collect();
                let _ = writeln!(
                    o,
                    "     {}: {}",
                    self.sessions[sp.session].session.title,
                    themes.join("; ")
                );
            }
        }
        let shared: Vec<CrossTheme> = self
            .cross_themes(rows, &SameLabel)
            .into_iter()
            .filter(|t| t.sessions > 1)
            .collect();
        if !shared.is_empty() {
            let _ = writeln!(o, "\nThemes named in more than one session:");
            for t in shared.iter().take(20) {
                let _ = writeln!(
                    o,
                    "  {} — {} in {}",
                    t.label,
                    plural(t.rows.len(), "note"),
                    plural(t.sessions, "session")
                );
            }
        }
        o
    }
}
