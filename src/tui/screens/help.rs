//! The `?` overlay, generated from the key table, plus a legend of the marks on cards.

use super::centered;
use crate::model::NoteKind;
use crate::store::SessionStore;
use crate::tui::app::{App, View};
use crate::tui::keymap::{self, Mode};
use crate::tui::widgets::{width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

/// The modes listed, in order, for each kind of screen.
pub fn sections_for(view: View) -> &'static [Mode] {
    match view {
        View::Start => &[Mode::Start, Mode::StartForm, Mode::StartOpen, Mode::Help],
        View::Themes | View::Voting => &[
            Mode::Global,
            Mode::Sharing,
            Mode::Review,
            Mode::ReviewEdit,
            Mode::Themes,
            Mode::PickTheme,
            Mode::Suggestions,
            Mode::Similar,
            Mode::Voting,
            Mode::ThemePrompt,
            Mode::Card,
            Mode::Confirm,
            Mode::Pause,
            Mode::Help,
        ],
        _ => &[
            Mode::Global,
            Mode::Sharing,
            Mode::Review,
            Mode::ReviewEdit,
            Mode::Session,
            Mode::Step,
            Mode::FollowUp,
            Mode::Board,
            Mode::Input,
            Mode::Card,
            Mode::PickTable,
            Mode::Prompt,
            Mode::Confirm,
            Mode::Pause,
            Mode::Recommendations,
            Mode::Drafts,
            Mode::Form,
            Mode::FormText,
            Mode::FormChoice,
            Mode::FormList,
            Mode::FormPledge,
            Mode::Responses,
            Mode::OwnerFilter,
            Mode::Export,
            Mode::Help,
        ],
    }
}

/// The help text, as lines for a given width.
pub fn lines<S: SessionStore>(app: &App<S>, w: usize) -> Vec<Line<'static>> {
    let p = &app.palette;
    let sections = keymap::help_sections(sections_for(app.view));
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| width(k)))
        .max()
        .unwrap_or(8)
        .min(20);
    let desc_w = w.saturating_sub(key_w + 3).max(10);
    let mut out = Vec::new();
    if app.view != View::Start {
        let kinds: Vec<String> = NoteKind::ALL
            .iter()
            .map(|k| format!("{} {}", k.symbol(), k.label()))
            .collect();
        out.push(Line::from(Span::styled("On cards", p.title)));
        for text in [
            "▶ selected · A, B, … the table's letter on its colour".to_string(),
            format!("kinds: {}", kinds.join(" · ")),
            "◆LE lived-experience voice · ⊘sens sensitive (hidden until s shows it)".to_string(),
            "Typed prefixes set the kind: c: q: i: b: (or the symbol, e.g. !: ) before the text"
                .to_string(),
            "Mouse: click a card, a table or a step to choose it; the wheel scrolls".to_string(),
        ] {
            for l in wrap(&text, w.saturating_sub(2), 4) {
                out.push(Line::from(Span::styled(format!("  {l}"), p.base)));
            }
        }
        out.push(Line::from(""));
    }
    for (mode, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        out.push(Line::from(Span::styled(mode.title(), p.title)));
        for (keys, desc) in rows {
            let wrapped = wrap(desc, desc_w, 4);
            for (i, d) in wrapped.into_iter().enumerate() {
                let k = if i == 0 { keys.clone() } else { String::new() };
                let pad = " ".repeat(key_w.saturating_sub(width(&k)));
                out.push(Line::from(vec![
                    Span::styled(format!("  {k}{pad} "), p.key),
                    Span::styled(d, p.base),
                ]));
            }
        }
        out.push(Line::from(""));
    }
    out
}

/// Draws the help; returns how far it can scroll.
pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) -> u16 {
    let p = &app.palette;
    // The help covers the whole screen: nothing half-hidden behind it.
    Clear.render(area, buf);
    ratatui::widgets::Block::new()
        .style(p.base)
        .render(area, buf);
    let w = area.width.min(110);
    let popup = centered(area, w, area.height);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(" Help — every key ", p.title))
        .title_bottom(
            Line::from(Span::styled(" Esc closes · ↑↓ PgUp PgDn scroll ", p.key)).right_aligned(),
        );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let text = lines(app, inner.width as usize);
    let max_scroll = text.len().saturating_sub(inner.height as usize) as u16;
    let scroll = app.help_scroll.min(max_scroll);
    Paragraph::new(text).scroll((scroll, 0)).render(inner, buf);
    max_scroll
}
