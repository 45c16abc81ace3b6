//! The workshop summary as Markdown: readable as plain text, pasteable into an email or a wiki.

use super::summary::Summary;
use super::{Options, plural, prepare};
use crate::model::{Note, Session};
use std::fmt::Write;

/// Escapes user text for inline Markdown: no markup, links or HTML can come from a note.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// A carried item's status in words, with its symbol and, when overdue, since when:
/// "◐ in progress — overdue since 2026-06-14".
pub(crate) fn since_status(item: &crate::model::CarriedItem, on: jiff::civil::Date) -> String {
    let mut s = format!("{} {}", item.status.symbol(), item.status.label());
    if item.is_overdue(on)
        && let Some(due) = item.due
    {
        s.push_str(&format!(" — ⚠ overdue since {due}"));
    }
    s
}

/// The summary of `session` as Markdown.
pub fn markdown(session: &Session, options: &Options) -> String {
    let (s, withheld) = prepare(session, options);
    let sum = Summary::new(&s, withheld);
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", inline(&s.title));
    let mut line = vec![s.date.strftime("%A %-d %B %Y").to_string()];
    line.extend(
        [&s.venue, &s.place]
            .into_iter()
            .filter(|x| !x.is_empty())
            .map(|x| inline(x)),
    );
    let _ = writeln!(o, "{}\n", line.join(" · "));
    if !s.facilitators.is_empty() {
        let names: Vec<String> = s.facilitators.iter().map(|f| inline(f)).collect();
        let _ = writeln!(o, "Facilitated by {}.\n", names.join(", "));
    }
    let _ = writeln!(
        o,
        "Framework: {}. {} from {} across {}.\n",
        inline(&s.framework.name),
        plural(s.notes.len(), "note"),
        plural(s.tables.len(), "table"),
        plural(sum.principles.len(), "principle"),
    );
    if withheld > 0 {
        let _ = writeln!(
            o,
            "_{} marked sensitive {} not included in this summary._\n",
            plural(withheld, "note"),
            if withheld == 1 { "is" } else { "are" }
        );
    }

    let _ = writeln!(o, "## Who was in the room\n");
    let _ = writeln!(o, "| Table | Stakeholders | Notes |\n|---|---|---:|");
    for t in &s.tables {
        let mix: Vec<&str> = t.mix.iter().map(|m| m.label()).collect();
        let count = s.notes.iter().filter(|n| n.table == t.id).count();
        let _ = writeln!(
            o,
            "| {} | {} | {count} |",
            inline(&sum.table_name(t.id)),
            if mix.is_empty() {
                "—".to_string()
            } else {
                mix.join(", ")
            }
        );
    }
    o.push('\n');

    if let Some(f) = &s.follow_up {
        let _ = writeln!(
            o,
            "## Since last time\n\nWhat became of the promises of “{}” ({}).\n",
            inline(&f.previous.title),
            f.previous.date
        );
        let _ = writeln!(
            o,
            "| # | Promise | Owner | Status | What was done |\n|---:|---|---|---|---|"
        );
        for (i, item) in f.items.iter().enumerate() {
            let _ = writeln!(
                o,
                "| {} | {} ({}) | {} | {} | {} |",
                i + 1,
                inline(&item.text),
                item.kind.label(),
                inline(&item.owner),
                inline(&since_status(item, s.date)),
                inline(&item.done)
            );
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## What the tables said\n");
    for p in &sum.principles {
        let _ = writeln!(o, "### {}. {}\n", p.number, inline(p.title));
        if !p.prompt.is_empty() {
            let _ = writeln!(o, "_{}_\n", inline(p.prompt));
        }
        if p.notes.is_empty() {
            let _ = writeln!(o, "No notes yet.\n");
            continue;
        }
        let tables: Vec<String> = p
            .per_table
            .iter()
            .filter(|(_, c)| *c > 0)
            .map(|(t, c)| format!("{} {c}", inline(&sum.table_letter(*t))))
            .collect();
        let kinds: Vec<String> = Summary::kinds(&p.notes)
            .iter()
            .map(|(k, c)| plural(*c, k.label()))
            .collect();
        let _ = writeln!(
            o,
            "{} ({}) — by table: {}.\n",
            plural(p.notes.len(), "note"),
            kinds.join(", "),
            tables.join(", ")
        );
        for (_, label, notes) in &p.themes {
            let _ = writeln!(
                o,
                "**{}** ({})\n",
                inline(label),
                plural(notes.len(), "note")
            );
            for n in super::summary::quotes(notes, 3) {
                let _ = writeln!(o, "> {}\n", quote(&sum, n));
            }
        }
        if !p.unthemed.is_empty() {
            if p.themes.is_empty() {
                for n in &p.unthemed {
                    let _ = writeln!(o, "- {}", quote(&sum, n));
                }
                o.push('\n');
            } else {
                let _ = writeln!(
                    o,
                    "Not yet in a theme: {}.\n",
                    plural(p.unthemed.len(), "note")
                );
            }
        }
    }

    let _ = writeln!(o, "## Priorities\n");
    if sum.priorities.is_empty() {
        let _ = writeln!(
            o,
            "No themes yet: the room has not grouped or voted on the notes.\n"
        );
    } else {
        let groups: Vec<&str> = sum.groups.iter().map(|g| g.label()).collect();
        let _ = write!(o, "| Rank | Theme | Notes | Dots |");
        for g in &groups {
            let _ = write!(o, " {g} |");
        }
        let _ = write!(o, "\n|---:|---|---:|---:|");
        for _ in &groups {
            o.push_str("---:|");
        }
        o.push('\n');
        for t in &sum.priorities {
            let _ = write!(
                o,
                "| {} | {} | {} | {} |",
                t.rank,
                inline(t.label),
                t.notes,
                t.dots
            );
            for g in &sum.groups {
                let _ = write!(o, " {} |", t.dots_by_group.get(g).copied().unwrap_or(0));
            }
            o.push('\n');
        }
        let _ = writeln!(o, "\n{}\n", sum.dots_note(inline));
    }

    let _ = writeln!(o, "## Recommendations\n");
    if sum.by_audience.is_empty() {
        let _ = writeln!(o, "No recommendations recorded yet.\n");
    }
    for (audience, recs) in &sum.by_audience {
        let _ = writeln!(o, "### For {}\n", inline(&audience.to_lowercase()));
        for r in recs {
            let _ = writeln!(o, "- **{}**", inline(&r.text));
            let facts = sum.recommendation_facts(r, inline);
            if !facts.is_empty() {
                let _ = writeln!(o, "  {}", facts.join(" · "));
            }
            for c in &r.commitments {
                let _ = writeln!(
                    o,
                    "  - Commitment — {}: {}",
                    inline(&c.who),
                    inline(&c.what)
                );
            }
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## You said, we did\n");
    if sum.you_said.is_empty() {
        let _ = writeln!(o, "No responses recorded yet.\n");
    } else {
        let _ = writeln!(
            o,
            "| You said | We did | Owner | Status |\n|---|---|---|---|"
        );
        for (said, r) in &sum.you_said {
            let _ = writeln!(
                o,
                "| {} | {}: {} | {} | {} |",
                inline(said),
                r.kind.label(),
                inline(&r.text),
                inline(&r.owner),
                r.status.label()
            );
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Appendix: every note\n");
    for (step, tables) in sum.appendix() {
        let _ = writeln!(o, "### {}\n", inline(&step.title));
        for (table, notes) in tables {
            let _ = writeln!(o, "{}\n", inline(&sum.table_name(table)));
            for n in notes {
                let _ = writeln!(o, "- {} _({})_", inline(&n.text), sum.note_marks(n, inline));
            }
            o.push('\n');
        }
    }
    let _ = writeln!(
        o,
        "---\n\nMade with convene from a session saved at revision {}.",
        s.revision
    );
    o
}

/// A note as a quote: its text, then the table and kind.
fn quote(sum: &Summary, n: &Note) -> String {
    format!(
        "{} — _{}, {}_",
        inline(&n.text),
        sum.quote_source(n, inline),
        n.kind.label()
    )
}
