//! The note input as drawn under the view: the text being typed (hidden while cards are face
//! down), with its table, kind and marks.

use crate::store::SessionStore;
use crate::tui::app::App;
use crate::tui::widgets::{card, fit};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    let table = match app.capture.editing {
        Some(id) => session.note(id).and_then(|n| session.table(n.table)),
        None => session.tables.get(app.table),
    };
    let kind = app.input_kind();
    let mut title = vec![Span::styled(" ", p.input)];
    match app.capture.editing {
        Some(id) => title.push(Span::styled(
            format!("Editing #{} → ", id.0),
            p.input.add_modifier(Modifier::BOLD),
        )),
        None => {
            let about = app
                .note_about()
                .and_then(|id| session.follow_up.as_ref()?.number(id));
            title.push(Span::styled(
                match about {
                    Some(n) => format!("New note about item {n} → "),
                    None => "New note → ".into(),
                },
                p.input.add_modifier(Modifier::BOLD),
            ))
        }
    }
    title.push(card::table_marker(table, p));
    if let Some(t) = table {
        title.push(Span::styled(format!(" {} ", fit(&t.name, 16)), p.input));
    }
    title.push(Span::styled(
        format!("· {} {} ", kind.symbol(), kind.label()),
        p.input.add_modifier(Modifier::BOLD),
    ));
    let marks = app.input_marks();
    if marks.lived {
        title.push(Span::styled("· ◆LE ", p.input));
    }
    if marks.sensitive {
        title.push(Span::styled("· ⊘sensitive ", p.input));
    }
    let hint = if app.capture.editing.is_some() {
        " Enter saves · Esc cancels "
    } else {
        " Enter saves, stays open · Esc closes "
    };
    let block = Block::bordered()
        .border_style(p.input.add_modifier(Modifier::BOLD))
        .style(p.input)
        .title(Line::from(title))
        .title_bottom(Line::from(Span::styled(hint, p.input)).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if app.face_down() {
        // Hidden until reveal: the room sees that something is being typed, not what.
        let typed: usize = app
            .capture
            .text
            .lines()
            .iter()
            .map(|l| l.graphemes(true).count())
            .sum();
        let text = format!(
            "typing… (hidden until reveal) {}",
            crate::export::plural(typed, "character")
        );
        Paragraph::new(Line::from(Span::styled(
            fit(&text, inner.width as usize),
            p.input.add_modifier(Modifier::ITALIC),
        )))
        .render(inner, buf);
        return;
    }
    (&app.capture.text).render(inner, buf);
}
