//! The export screen: format, sensitive and anonymise toggles, where the file goes, and a
//! scrollable preview of the exact text written (for HTML, the page's source).

use crate::export::plural;
use crate::store::SessionStore;
use crate::store::exports::ExportFormat;
use crate::tui::app::App;
use crate::tui::widgets::{fit, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer) {
    if app.session().is_none() {
        return;
    }
    let p = &app.palette;
    let e = &app.outcomes.export;
    let w = area.width as usize;
    let sensitive = e.sensitive;
    let tick = |on: bool| if on { "[x]" } else { "[ ]" };
    let mut lines = vec![Line::from(vec![
        Span::styled("Format: ", p.base),
        Span::styled(format!("◀ {} ▶", e.format.label()), p.selected),
        Span::styled("  (← →)", p.key),
    ])];
    let sensitive_note = if e.options.include_sensitive {
        format!(": {} INCLUDED", plural(sensitive, "note"))
    } else if sensitive > 0 {
        format!(": {} left out", plural(sensitive, "note"))
    } else {
        String::new()
    };
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                "{} sensitive notes (i){sensitive_note}",
                tick(e.options.include_sensitive)
            ),
            if e.options.include_sensitive {
                p.warning
            } else {
                p.base
            },
        ),
        Span::styled(
            format!("   {} anonymise (a)", tick(e.options.anonymise)),
            p.base,
        ),
    ]));
    let target = match &e.target {
        Some(path) => format!(
            "w writes {}{}",
            path.display(),
            if e.format == ExportFormat::CsvAll {
                "/ (notes.csv, themes.csv, recommendations.csv)"
            } else {
                ""
            }
        ),
        None => {
            "this session is only in memory: there is no session file to write next to".to_string()
        }
    };
    lines.push(Line::from(Span::styled(fit(&target, w), p.base)));
    if let Some(written) = &e.written {
        for l in wrap(&format!("✓ Written: {}", written.display()), w, 2) {
            lines.push(Line::from(Span::styled(
                l,
                p.ok.add_modifier(Modifier::BOLD),
            )));
        }
    }
    let top_h = (lines.len() as u16).min(area.height);
    let [top, preview] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(area);
    Paragraph::new(lines).render(top, buf);
    if preview.height < 3 {
        return;
    }
    let what = if e.format == ExportFormat::Html {
        "the exact text written: the page's source"
    } else {
        "the exact text written"
    };
    let block = Block::bordered()
        .border_type(BorderType::Plain)
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            fit(
                &format!(
                    " Preview — {what} · line {} of {} ",
                    (e.scroll + 1).min(e.lines.max(1)),
                    e.lines
                ),
                preview.width.saturating_sub(2) as usize,
            ),
            p.title,
        ))
        .title_bottom(
            Line::from(Span::styled(" ↑↓ PgUp PgDn Home scroll ", p.key)).right_aligned(),
        );
    let inner = block.inner(preview);
    block.render(preview, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    // Source lines from the scroll position, each wrapped to the width (indented when continued).
    let h = inner.height as usize;
    let iw = inner.width as usize;
    let mut out: Vec<Line> = Vec::with_capacity(h);
    if e.preparing() {
        let text = "Preparing the preview of this large session… the other keys work meanwhile";
        for l in wrap(text, iw, h) {
            out.push(Line::from(Span::styled(l, p.muted)));
        }
        Paragraph::new(out).render(inner, buf);
        return;
    }
    for line in e.preview_from(e.scroll) {
        for (i, part) in wrap(&line, iw.saturating_sub(2).max(1), h)
            .into_iter()
            .enumerate()
        {
            let text = if i == 0 { part } else { format!("  {part}") };
            out.push(Line::from(Span::styled(text, p.base)));
            if out.len() >= h {
                break;
            }
        }
        if out.len() >= h {
            break;
        }
    }
    Paragraph::new(out).render(inner, buf);
}
