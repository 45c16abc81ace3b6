//! `convene show`: a readable summary of one session, or the whole of it as JSON.

use super::{Failure, Outcome, say};
use crate::export::plural;
use crate::model::Session;
use crate::store;
use crate::terminal_text::{escape_json, one_line};
use std::io::Write;
use std::path::Path;

/// `convene show`.
pub fn show(path: &Path, json: bool, out: &mut dyn Write) -> Outcome {
    let loaded = store::load(path)?;
    for w in &loaded.warnings {
        say(&format!("warning: {w}"));
    }
    let s = &loaded.session;
    if json {
        let text = serde_json::to_string_pretty(s).map_err(|e| Failure::usage(e.to_string()))?;
        writeln!(out, "{}", escape_json(&text))?;
        return Ok(());
    }
    write!(out, "{}", summary(s))?;
    Ok(())
}

/// A readable plain-text summary of a session. Every text from the file is on one line, with
/// control and bidirectional characters made visible.
pub fn summary(s: &Session) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "{}", one_line(&s.title));
    let mut where_ = vec![s.date.to_string()];
    where_.extend(
        [&s.venue, &s.place]
            .into_iter()
            .filter(|x| !x.is_empty())
            .map(|x| one_line(x).into_owned()),
    );
    let _ = writeln!(o, "{}", where_.join(" · "));
    if !s.facilitators.is_empty() {
        let names: Vec<_> = s.facilitators.iter().map(|f| one_line(f)).collect();
        let _ = writeln!(o, "Facilitators: {}", names.join(", "));
    }
    let f = &s.framework;
    let _ = writeln!(
        o,
        "Framework: {} ({} steps, {})",
        one_line(&f.name),
        f.steps.len(),
        plural(f.principles().count(), "principle")
    );
    let step = s.current_step();
    let n = f.step_number(&step.id).unwrap_or(1);
    let at = match f.principle_number(&step.id) {
        Some(p) => format!("principle {p} (step {n} of {})", f.steps.len()),
        None => format!("step {n} of {}", f.steps.len()),
    };
    let _ = writeln!(o, "Now at: {at}, {}", one_line(&step.title));
    if let Some(fu) = &s.follow_up {
        let count =
            |st: crate::model::ItemStatus| fu.items.iter().filter(|i| i.status == st).count();
        let overdue = fu.items.iter().filter(|i| i.is_overdue(s.date)).count();
        let mut line = format!(
            "Follows: “{}” ({}), {} carried in: {} done, {} in progress, {} open, {} not going ahead",
            one_line(&fu.previous.title),
            fu.previous.date,
            plural(fu.items.len(), "item"),
            count(crate::model::ItemStatus::Done),
            count(crate::model::ItemStatus::InProgress),
            count(crate::model::ItemStatus::Open),
            count(crate::model::ItemStatus::Dropped),
        );
        if overdue > 0 {
            line.push_str(&format!(" (⚠ {overdue} overdue)"));
        }
        let _ = writeln!(o, "{line}; `convene progress FILE` lists them");
    }
    let _ = writeln!(o, "\nTables ({}):", s.tables.len());
    for t in &s.tables {
        let count = s.notes.iter().filter(|n| n.table == t.id).count();
        let mix: Vec<&str> = t.mix.iter().map(|m| m.label()).collect();
        let mix = if mix.is_empty() {
            String::new()
        } else {
            format!(" — {}", mix.join(", "))
        };
        let _ = writeln!(
            o,
            "  [{}] {} ({}){mix}: {}",
            one_line(&t.letter),
            one_line(&t.name),
            t.colour.label(),
            plural(count, "note")
        );
    }
    let _ = writeln!(o, "\nNotes by step ({} in all):", s.notes.len());
    // Each step with notes, and every principle: "principle 1 (step 2)  Person-centred: 3".
    let rows: Vec<(String, &str, Vec<&crate::model::Note>)> = f
        .steps
        .iter()
        .filter_map(|step| {
            let notes: Vec<_> = s.notes.iter().filter(|n| n.step == step.id).collect();
            let shown = !notes.is_empty() || step.kind == crate::framework::StepKind::Principle;
            let label = f.step_label(&step.id).unwrap_or_default();
            shown.then_some((label, step.title.as_str(), notes))
        })
        .collect();
    let width = rows
        .iter()
        .map(|(label, ..)| label.len())
        .max()
        .unwrap_or(0);
    for (label, title, notes) in &rows {
        let sensitive = notes.iter().filter(|n| n.sensitive).count();
        let extra = if sensitive > 0 {
            format!(" ({sensitive} sensitive)")
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {label:<width$}  {}: {}{extra}",
            one_line(title),
            notes.len()
        );
    }
    if !s.themes.is_empty() {
        let _ = writeln!(o, "\nThemes ({}):", s.themes.len());
        let mut themes: Vec<_> = s.themes.iter().collect();
        themes.sort_by_key(|t| std::cmp::Reverse(s.theme_dots(t.id)));
        for t in themes {
            let count = s.notes.iter().filter(|n| n.theme == Some(t.id)).count();
            let _ = writeln!(
                o,
                "  {} — {}, {}",
                one_line(&t.label),
                plural(count, "note"),
                plural(s.theme_dots(t.id) as usize, "dot")
            );
        }
    }
    let _ = writeln!(
        o,
        "\nRecommendations: {}   Responses: {}",
        s.recommendations.len(),
        s.responses.len()
    );
    o
}
