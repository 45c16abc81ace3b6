//! "You said / We did": the table a partnership publishes — what the room said, what was done,
//! by whom, and where it stands — for one workshop or a chain of linked ones.
//!
//! Built from the [`Lineage`] of the sessions given, so a commitment made in March and done in
//! October is one row with both workshops' words. [`YouSaid::build`] makes the document's
//! content once; [`markdown`], [`html`] and the Word writer only lay it out.

use super::html::{escape, user};
use super::markdown::inline;
use super::plural;
use crate::model::{ItemKind, ItemStatus, Session};
use crate::review::Lineage;
use jiff::civil::Date;
use std::fmt::Write;

/// How rows are grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// By the principle (step) each answers.
    #[default]
    Principle,
    /// By the theme each answers.
    Theme,
}

/// What to include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YouSaidOptions {
    /// Quote notes marked sensitive (left out by default).
    pub include_sensitive: bool,
    pub group_by: GroupBy,
}

/// The document's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YouSaid {
    /// The latest workshop's title, or the only one's.
    pub title: String,
    /// The workshops it covers, oldest first: (title, date).
    pub workshops: Vec<(String, Date)>,
    /// The date statuses are given at: the latest workshop's.
    pub as_of: Date,
    pub group_by: GroupBy,
    pub groups: Vec<Group>,
    /// Rows left out because they quote a note marked sensitive.
    pub sensitive_left_out: usize,
    /// Follow-ups whose previous workshop was not given or has changed since.
    pub broken_links: Vec<String>,
}

/// The rows under one principle or theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub heading: String,
    pub rows: Vec<Row>,
}

/// One promise: what was said and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: ItemKind,
    /// The room's words: a recommendation, a pledge, the note or theme a response answers.
    pub said: String,
    /// The workshop it was said at.
    pub said_at: (String, Date),
    /// Who to (a recommendation's audience), when it has one.
    pub audience: String,
    /// What was done, oldest first: (when recorded, words).
    pub did: Vec<(Date, String)>,
    pub by: String,
    pub status: ItemStatus,
    pub due: Option<Date>,
    pub overdue: bool,
}

impl Row {
    /// "Done", "In progress (overdue since 2026-06-14)", …
    pub fn status_text(&self) -> String {
        let mut s = capitalise(self.status.label());
        if self.overdue
            && let Some(due) = self.due
        {
            s.push_str(&format!(" — overdue since {due}"));
        }
        s
    }

    /// What was done as one text: "2026-06-20: Ordered. 2026-10-10: 200 passes given." or
    /// "Nothing recorded yet".
    pub fn did_text(&self) -> String {
        if self.did.is_empty() {
            return "Nothing recorded yet".into();
        }
        if self.did.len() == 1 {
            return self.did[0].1.clone();
        }
        self.did
            .iter()
            .map(|(d, t)| format!("{d}: {t}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The kind in the table's words: "Recommendation to employers", "Pledge", …
    pub fn kind_text(&self) -> String {
        match self.kind {
            ItemKind::Recommendation if !self.audience.is_empty() => {
                format!("Recommendation to {}", self.audience.to_lowercase())
            }
            ItemKind::Recommendation => "Recommendation".into(),
            ItemKind::Commitment => "Pledge".into(),
            ItemKind::Response => "Said in the room".into(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The heading of rows that answer no principle or no theme.
const ACROSS: &str = "Across the workshop";

impl YouSaid {
    /// The document for `sessions` (one, or a chain in any order; at least one).
    pub fn build(sessions: &[&Session], options: &YouSaidOptions) -> YouSaid {
        let lineage = Lineage::build(sessions.iter().copied());
        let mut ordered: Vec<&Session> = sessions.to_vec();
        ordered.sort_by_key(|s| (s.date, s.created));
        let latest = ordered.last().copied();
        let as_of = latest.map_or(jiff::civil::date(1970, 1, 1), |s| s.date);
        let mut groups: Vec<Group> = Vec::new();
        let mut sensitive_left_out = 0;
        for t in &lineage.threads {
            let item = &t.item;
            if item.sensitive && !options.include_sensitive {
                sensitive_left_out += 1;
                continue;
            }
            let said = match item.kind {
                ItemKind::Commitment if !item.owner.is_empty() => {
                    format!("{}: {}", item.owner, item.text)
                }
                _ => item.text.clone(),
            };
            let did: Vec<(Date, String)> = t
                .done()
                .into_iter()
                .map(|(d, w)| (d, w.to_string()))
                .collect();
            let row = Row {
                kind: item.kind,
                said,
                said_at: (item.made_title.clone(), item.made_on),
                audience: item.audience.clone(),
                did,
                by: item.owner.clone(),
                status: t.status(),
                due: item.due,
                overdue: t.is_overdue(as_of),
            };
            let heading = match options.group_by {
                GroupBy::Principle => item.principles.first(),
                GroupBy::Theme => item.themes.first(),
            }
            .cloned()
            .unwrap_or_else(|| ACROSS.to_string());
            match groups.iter_mut().find(|g| g.heading == heading) {
                Some(g) => g.rows.push(row),
                None => groups.push(Group {
                    heading,
                    rows: vec![row],
                }),
            }
        }
        // Principles in the agenda's order (the latest framework's), themes by name; rows
        // that answer none last.
        let order: Vec<String> = latest
            .map(|s| s.framework.steps.iter().map(|x| x.title.clone()).collect())
            .unwrap_or_default();
        groups.sort_by_key(|g| {
            let across = g.heading == ACROSS;
            let at = match options.group_by {
                GroupBy::Principle => order.iter().position(|t| *t == g.heading),
                GroupBy::Theme => None,
            };
            (across, at.unwrap_or(usize::MAX), g.heading.to_lowercase())
        });
        YouSaid {
            title: latest.map(|s| s.title.clone()).unwrap_or_default(),
            workshops: ordered.iter().map(|s| (s.title.clone(), s.date)).collect(),
            as_of,
            group_by: options.group_by,
            groups,
            sensitive_left_out,
            broken_links: crate::review::broken_links(ordered.iter().copied())
                .iter()
                .map(|b| b.describe())
                .collect(),
        }
    }

    /// Every row.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.groups.iter().flat_map(|g| g.rows.iter())
    }

    /// "You said, we did: Employment partnership": the document's heading.
    pub fn heading(&self) -> String {
        format!("You said, we did: {}", self.title)
    }

    /// One line on what the document covers and when statuses are from.
    pub fn covers(&self) -> String {
        match self.workshops.as_slice() {
            [(t, d)] => format!("The workshop “{t}” on {d}; where things stood on {d}."),
            many => format!(
                "{} from {} to {}; where things stood on {}.",
                plural(many.len(), "workshop"),
                many.first().map(|w| w.1.to_string()).unwrap_or_default(),
                many.last().map(|w| w.1.to_string()).unwrap_or_default(),
                self.as_of
            ),
        }
    }

    /// Counts by status: "12 promises: 5 done, 4 in progress, 2 open (1 overdue), 1 not going
    /// ahead".
    pub fn tally(&self) -> String {
        let rows: Vec<&Row> = self.rows().collect();
        let count = |s: ItemStatus| rows.iter().filter(|r| r.status == s).count();
        let overdue = rows.iter().filter(|r| r.overdue).count();
        let mut parts = Vec::new();
        for s in ItemStatus::ALL {
            let n = count(s);
            if n > 0 {
                parts.push(format!("{n} {}", s.label()));
            }
        }
        let mut line = plural(rows.len(), "promise");
        if !parts.is_empty() {
            line.push_str(": ");
            line.push_str(&parts.join(", "));
        }
        if overdue > 0 {
            line.push_str(&format!(" ({overdue} overdue)"));
        }
        line
    }

    /// A note on what was left out, when something was.
    pub fn left_out(&self) -> Option<String> {
        (self.sensitive_left_out > 0).then(|| {
            format!(
                "{} quoting notes marked sensitive {} left out.",
                plural(self.sensitive_left_out, "item"),
                if self.sensitive_left_out == 1 {
                    "is"
                } else {
                    "are"
                }
            )
        })
    }
}

/// The column headings, shared by every layout.
pub const COLUMNS: [&str; 4] = ["You said", "We did", "By whom", "Status"];

/// "You said / We did" as Markdown: a heading per group and a table.
pub fn markdown(doc: &YouSaid) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", inline(&doc.heading()));
    let _ = writeln!(o, "{}\n", inline(&doc.covers()));
    let _ = writeln!(o, "{}.\n", inline(&doc.tally()));
    if let Some(l) = doc.left_out() {
        let _ = writeln!(o, "_{}_\n", inline(&l));
    }
    for b in &doc.broken_links {
        let _ = writeln!(o, "> Note: {}\n", inline(b));
    }
    if doc.groups.is_empty() {
        let _ = writeln!(o, "No recommendations, pledges or responses were recorded.");
    }
    for g in &doc.groups {
        let _ = writeln!(o, "## {}\n", inline(&g.heading));
        let _ = writeln!(o, "| {} |", COLUMNS.join(" | "));
        let _ = writeln!(o, "|---|---|---|---|");
        for r in &g.rows {
            let said = format!(
                "“{}” ({}, {} {})",
                inline(&r.said),
                inline(&r.kind_text()),
                inline(&r.said_at.0),
                r.said_at.1
            );
            let did: Vec<String> = r.did_text().lines().map(inline).collect();
            let status = format!("{} {}", r.status.symbol(), inline(&r.status_text()));
            let _ = writeln!(
                o,
                "| {said} | {} | {} | {status} |",
                did.join("<br>"),
                inline(&r.by)
            );
        }
        let _ = writeln!(o);
    }
    o
}

/// "You said / We did" as one self-contained HTML page (no script, nothing loaded).
pub fn html(doc: &YouSaid) -> String {
    let mut o = String::new();
    let title: String = doc
        .heading()
        .chars()
        .filter(|c| !crate::terminal_text::is_bidi_control(*c))
        .collect();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>You said, we did: {}</h1>\n",
        escape(&title),
        user(&doc.title)
    );
    let _ = writeln!(o, "<p class=\"meta\">{}</p>", escape(&doc.covers()));
    let _ = writeln!(o, "<p>{}.</p>", escape(&doc.tally()));
    if let Some(l) = doc.left_out() {
        let _ = writeln!(o, "<p class=\"withheld\">{}</p>", escape(&l));
    }
    for b in &doc.broken_links {
        let _ = writeln!(o, "<p class=\"withheld\">Note: {}</p>", escape(b));
    }
    if doc.groups.is_empty() {
        let _ = writeln!(
            o,
            "<p>No recommendations, pledges or responses were recorded.</p>"
        );
    }
    for g in &doc.groups {
        let _ = writeln!(o, "<h2>{}</h2>", user(&g.heading));
        let _ = writeln!(o, "<table>\n<thead><tr>");
        for c in COLUMNS {
            let _ = write!(o, "<th scope=\"col\">{c}</th>");
        }
        let _ = writeln!(o, "</tr></thead>\n<tbody>");
        for r in &g.rows {
            let did: Vec<String> = r.did_text().lines().map(user).collect();
            let _ = writeln!(
                o,
                "<tr><td><q>{}</q><br><span class=\"meta\">{}, {} {}</span></td><td>{}</td>\
                 <td>{}</td><td class=\"status\"><span aria-hidden=\"true\">{}</span> {}</td></tr>",
                user(&r.said),
                user(&r.kind_text()),
                user(&r.said_at.0),
                r.said_at.1,
                did.join("<br>"),
                user(&r.by),
                r.status.symbol(),
                escape(&r.status_text())
            );
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }
    let _ = writeln!(o, "</body>\n</html>");
    o
}

const STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
  background: #fff; max-width: 60rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
h2 { border-bottom: 2px solid #111; padding-bottom: .2rem; margin-top: 2rem; }
.meta { color: #444; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.status { white-space: nowrap; font-weight: bold; }
.withheld { padding: .5rem; border: 1px dashed #999; }
@media print { @page { size: A4; margin: 18mm 15mm; } body { max-width: none; padding: 0; }
  tr { break-inside: avoid; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;
    use crate::model::{
        Change, NoteKind, Response, ResponseId, ResponseKind, ResponseStatus, ResponseTarget,
    };

    fn session() -> Session {
        let mut s = Session::new(
            "March <b>",
            jiff::civil::date(2026, 3, 14),
            Framework::default_framework(),
            "2026-03-14T09:00:00Z".parse().unwrap(),
        );
        let t = s.next_table(None, Vec::new());
        s.apply(Change::AddTable(t.clone())).unwrap();
        for (text, sensitive) in [("Buses <script>| stop at 6", false), ("Private", true)] {
            let mut n = s.next_note(t.id, "person-centred", NoteKind::Barrier, text, s.created);
            n.sensitive = sensitive;
            let id = n.id;
            s.apply(Change::AddNote(n)).unwrap();
            s.apply(Change::AddResponse(Response {
                id: ResponseId(id.0),
                target: ResponseTarget::Note(id),
                kind: ResponseKind::Action,
                text: "Asked the operator".into(),
                owner: "Transport lead".into(),
                status: ResponseStatus::InProgress,
            }))
            .unwrap();
        }
        s
    }

    #[test]
    fn sensitive_notes_are_left_out_unless_asked_and_text_stays_text() {
        let s = session();
        let doc = YouSaid::build(&[&s], &YouSaidOptions::default());
        assert_eq!(doc.rows().count(), 1);
        assert_eq!(doc.sensitive_left_out, 1);
        assert_eq!(doc.groups[0].heading, "Person-centred, place-based");
        let md = markdown(&doc);
        assert!(md.contains("\\<script\\>\\| stop at 6"), "{md}");
        assert!(!md.contains("Private"));
        let page = html(&doc);
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script"));
        assert!(page.contains("March &lt;b&gt;"));
        let all = YouSaid::build(
            &[&s],
            &YouSaidOptions {
                include_sensitive: true,
                ..Default::default()
            },
        );
        assert_eq!(all.rows().count(), 2);
        assert!(markdown(&all).contains("Private"));
    }
}
