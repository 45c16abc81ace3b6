//! Drawing the review browser: a pure function of [`ReviewApp`]. Only the visible window of
//! each list is drawn, so a frame costs the same over 100 notes or 100,000.

use super::app::{Drawn, ReviewApp, Themes, View};
use super::keymap;
use crate::model::{Stakeholder, Table};
use crate::review::{Library, ResponseFilter, Skipped, ThemeFilter, highlight};
use crate::tui::palette::Palette;
use crate::tui::screens::{MIN_HEIGHT, MIN_WIDTH, centered, too_small};
use crate::tui::widgets::card::table_marker;
use crate::tui::widgets::{fit, width, wrap};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Gauge, Paragraph, Widget};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The mark of a note that is only in a journal (never colour alone).
pub const JOURNAL_ONLY: &str = "◌ not in snapshot";

/// Draws the whole screen.
pub fn draw(app: &ReviewApp, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    render(app, area, frame.buffer_mut())
}

/// Draws into a buffer (for tests and benchmarks without a terminal).
pub fn render(app: &ReviewApp, area: Rect, buf: &mut Buffer) -> Drawn {
    let mut drawn = Drawn::default();
    if area.is_empty() {
        return drawn;
    }
    let p = &app.palette;
    Block::new().style(p.base).render(area, buf);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(area, p, buf);
        return drawn;
    }
    let Some(library) = app.library.as_deref() else {
        loading(app, area, buf);
        return drawn;
    };
    let tabs = Rect { height: 1, ..area };
    let body = Rect {
        y: area.y + 1,
        height: area.height - 3,
        ..area
    };
    let footer = Rect {
        y: area.y + area.height - 2,
        height: 1,
        ..area
    };
    let status = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    tab_line(app, library, tabs, buf, &mut drawn);
    match app.view {
        View::Sessions => sessions(app, library, body, buf, &mut drawn),
        View::Notes => notes(app, library, body, buf, &mut drawn),
        View::Provenance => provenance(app, library, body, buf),
        View::Compare => compare(app, library, body, buf, &mut drawn),
        View::Themes => themes(app, library, body, buf, &mut drawn),
    }
    footer_line(app, footer, buf);
    status_line(app, library, status, buf);
    if let Some(scroll) = app.help {
        drawn.help_max_scroll = help(app, scroll, area, buf);
        drawn.page = area.height.saturating_sub(3) as usize;
    }
    drawn
}

/// "1,234".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How matches of the search look: reversed and underlined, so they show without colour.
pub fn match_style(row: Style) -> Style {
    row.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::BOLD)
}

fn loading(app: &ReviewApp, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let l = &app.loading;
    let boxed = centered(area, area.width.saturating_sub(4).min(80), 6);
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" convene review — reading sessions ", p.title));
    let inner = block.inner(boxed);
    block.render(boxed, buf);
    let label = if l.total == 0 {
        "looking for session files…".to_string()
    } else {
        format!(
            "{} of {} session files",
            thousands(l.done),
            thousands(l.total)
        )
    };
    let ratio = if l.total == 0 {
        0.0
    } else {
        l.done as f64 / l.total as f64
    };
    Gauge::default()
        .gauge_style(p.selected)
        .style(p.base)
        .ratio(ratio.clamp(0.0, 1.0))
        .label(Span::styled(label, p.prompt))
        .render(Rect { height: 1, ..inner }, buf);
    let lines = vec![
        Line::from(Span::styled(fit(&l.current, inner.width as usize), p.muted)),
        Line::from(Span::styled("q quits", p.key)),
    ];
    Paragraph::new(lines).style(p.base).render(
        Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        },
        buf,
    );
}

fn tab_line(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let mut spans = Vec::new();
    let mut x = area.x;
    // Names when they fit, numbers only when not.
    let full: usize = View::ALL.iter().map(|v| v.title().len() + 4).sum();
    let short = full + 20 > area.width as usize;
    for (i, v) in View::ALL.iter().enumerate() {
        let text = if short && *v != app.view {
            format!(" {} ", i + 1)
        } else {
            format!(" {} {} ", i + 1, v.title())
        };
        let w = width(&text) as u16;
        let style = if *v == app.view { p.selected } else { p.muted };
        drawn.tabs.push((Rect::new(x, area.y, w, 1), *v));
        x += w + 1;
        spans.push(Span::styled(text, style));
        spans.push(Span::styled(" ", p.base));
    }
    let used = (x - area.x) as usize;
    let count = format!(
        "{} of {} notes · read-only ",
        thousands(app.rows.len()),
        thousands(library.rows().len())
    );
    let room = (area.width as usize).saturating_sub(used);
    if width(&count) <= room {
        spans.push(Span::styled(" ".repeat(room - width(&count)), p.base));
        spans.push(Span::styled(count, p.title));
    }
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .render(area, buf);
}

fn footer_line(app: &ReviewApp, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, hint) in keymap::hints(&app.modes()) {
        let w = width(&keys) + width(hint) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, p.key));
        spans.push(Span::styled(format!(" {hint}  "), p.base));
    }
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .render(area, buf);
}

fn status_line(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let w = area.width as usize;
    let line = if let Some(t) = &app.typing {
        let hint = "  Enter keeps · Esc cancels";
        let head = format!("{}: ", t.field.label());
        let room = w.saturating_sub(width(&head) + width(hint) + 1);
        let text = tail(&t.text, room);
        Line::from(vec![
            Span::styled(head, p.key),
            Span::styled(format!("{text}▏"), p.input),
            Span::styled(hint, p.muted),
        ])
    } else if let Some(m) = &app.message {
        Line::from(Span::styled(fit(m, w), p.base))
    } else {
        let mut parts = vec![format!(
            "{} loaded",
            plural(library.sessions().len(), "session")
        )];
        let pending = library.journal_only_count();
        if pending > 0 {
            parts.push(format!(
                "{} only in a journal ({JOURNAL_ONLY})",
                plural(pending, "note")
            ));
        }
        let mut spans = vec![Span::styled(parts.join(" · "), p.muted)];
        if !library.skipped().is_empty() {
            spans.push(Span::styled(" · ", p.muted));
            spans.push(Span::styled(
                format!(
                    "⚠ {} could not be read (Sessions view)",
                    plural(library.skipped().len(), "file")
                ),
                p.warning,
            ));
        }
        let partial = library.partial().count();
        if partial > 0 {
            spans.push(Span::styled(" · ", p.muted));
            spans.push(Span::styled(
                format!(
                    "⚠ {} read only in part (Sessions view)",
                    plural(partial, "session")
                ),
                p.warning,
            ));
        }
        Line::from(spans)
    };
    Paragraph::new(line).style(p.base).render(area, buf);
}

fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// The end of `text` that fits in `room` columns (the cursor end of a field).
fn tail(text: &str, room: usize) -> String {
    let mut w = 0;
    let mut out: Vec<&str> = Vec::new();
    for g in text.graphemes(true).rev() {
        w += width(g);
        if w > room {
            break;
        }
        out.push(g);
    }
    out.reverse();
    out.concat()
}

/// `text` padded or cut to exactly `w` columns.
fn cell(text: &str, w: usize) -> String {
    let t = fit(text, w);
    let pad = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(pad))
}

fn right(text: &str, w: usize) -> String {
    let t = fit(text, w);
    format!("{}{t}", " ".repeat(w.saturating_sub(width(&t))))
}

/// A short name for a session: its file name without `.ron`.
pub fn short_name(library: &Library, session: usize) -> String {
    let path = &library.sessions()[session].path;
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A skipped file as `path:line:col: message`, with the path shown short.
pub fn skipped_line(app: &ReviewApp, s: &Skipped) -> String {
    let full = s.to_string();
    let long = s.path.display().to_string();
    match full.strip_prefix(&long) {
        Some(rest) => format!("{}{rest}", app.short_path(&s.path)),
        None => full,
    }
}

fn sessions(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let skipped = library.skipped();
    let (list_area, panel) = if skipped.is_empty() {
        (area, None)
    } else if area.width >= 100 {
        let pw = (area.width / 3).min(56);
        (
            Rect {
                width: area.width - pw,
                ..area
            },
            Some(Rect {
                x: area.x + area.width - pw,
                width: pw,
                ..area
            }),
        )
    } else {
        let ph = (skipped.len() as u16 * 2 + 2).min(area.height / 3).max(3);
        (
            Rect {
                height: area.height - ph,
                ..area
            },
            Some(Rect {
                y: area.y + area.height - ph,
                height: ph,
                ..area
            }),
        )
    };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            format!(
                " Sessions: {} of {} selected ",
                thousands(app.selected.iter().filter(|s| **s).count()),
                thousands(library.sessions().len())
            ),
            p.title,
        ));
    let inner = block.inner(list_area);
    block.render(list_area, buf);
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let w = inner.width as usize;
    // Columns: mark, title, date, place, tables, notes, themes, recommendations, journal.
    // A column for notes only in a journal (and read warnings), when any session has them.
    let journal_w = if library.partial().next().is_some() {
        10 // room for "⚠ partial"
    } else if library.journal_only_count() > 0
        || library.sessions().iter().any(|l| !l.warnings.is_empty())
    {
        9
    } else {
        0
    };
    let fixed = 4 + 11 + 7 + 7 + 7 + 6 + 1 + journal_w;
    let show_place = w >= fixed + 14 + 20;
    let place_w = if show_place { 14 } else { 0 };
    let title_w = w.saturating_sub(fixed + place_w).max(6);
    let header = format!(
        "    {}{}{}{}{}{}{}{}",
        cell("title", title_w),
        cell(" date", 11),
        if show_place {
            cell(" place", place_w)
        } else {
            String::new()
        },
        right("tables", 7),
        right("notes", 7),
        right("themes", 7),
        right("recs", 6),
        if journal_w > 0 {
            right("journal", journal_w)
        } else {
            String::new()
        },
    );
    Paragraph::new(Line::from(Span::styled(fit(&header, w), p.muted)))
        .style(p.base)
        .render(Rect { height: 1, ..inner }, buf);
    let rows = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let page = rows.height as usize;
    let mut c = app.sessions;
    c.clamp(library.sessions().len(), page);
    drawn.list = Some((rows, c.offset));
    drawn.page = page;
    for (line, si) in (c.offset..library.sessions().len()).take(page).enumerate() {
        let loaded = &library.sessions()[si];
        let s = &loaded.session;
        let here = si == c.at;
        let style = if here { p.selected } else { p.base };
        let mark = match (here, app.selected[si]) {
            (true, true) => "▶[x]",
            (true, false) => "▶[ ]",
            (false, true) => " [x]",
            (false, false) => " [ ]",
        };
        let mut spans = vec![
            Span::styled(mark, style),
            Span::styled(cell(&s.title, title_w), style),
            Span::styled(format!(" {}", cell(&s.date.to_string(), 10)), style),
        ];
        if show_place {
            spans.push(Span::styled(
                format!(" {}", cell(&s.place, place_w - 1)),
                style,
            ));
        }
        spans.push(Span::styled(
            format!(
                "{}{}{}{}",
                right(&thousands(s.tables.len()), 7),
                right(&thousands(s.notes.len()), 7),
                right(&thousands(s.themes.len()), 7),
                right(&thousands(s.recommendations.len()), 6),
            ),
            style,
        ));
        if journal_w > 0 {
            let mut mark = String::new();
            if !loaded.journal_only.is_empty() {
                mark.push_str(&format!("◌ {}", thousands(loaded.journal_only.len())));
            }
            if loaded.is_partial() {
                // Read only up to the damage in its journal.
                mark = "⚠ partial".to_string();
            } else if !loaded.warnings.is_empty() {
                mark.push_str(" ⚠");
            }
            let pad = journal_w.saturating_sub(width(&mark));
            spans.push(Span::styled(" ".repeat(pad), style));
            if !mark.is_empty() {
                spans.push(Span::styled(mark, p.warning));
            }
        }
        Paragraph::new(Line::from(spans)).style(p.base).render(
            Rect {
                y: rows.y + line as u16,
                height: 1,
                ..rows
            },
            buf,
        );
    }
    if library.sessions().is_empty() {
        Paragraph::new(Span::styled("No session could be read.", p.warning)).render(rows, buf);
    } else if let Some(loaded) = library.sessions().get(c.at)
        && rows.height as usize > library.sessions().len() - c.offset + 2
    {
        // The file of the session under the cursor, under the list.
        let y = rows.y + (library.sessions().len() - c.offset) as u16 + 1;
        let mut text = format!("file: {}", app.short_path(&loaded.path));
        if let Some(damage) = &loaded.damage {
            let journal = app.short_path(&damage.journal);
            text.push_str(&format!(" · {}", damage.what_is_shown_with(&journal)));
        }
        for warning in &loaded.warnings {
            text.push_str(&format!(" · warning: {warning}"));
        }
        Paragraph::new(Line::from(Span::styled(fit(&text, w), p.muted))).render(
            Rect {
                y,
                height: 1,
                ..rows
            },
            buf,
        );
    }
    if let Some(panel) = panel {
        bad_files(app, skipped, panel, buf);
    }
}

fn bad_files(app: &ReviewApp, skipped: &[Skipped], area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(
            format!(" ⚠ {} could not be read ", plural(skipped.len(), "file")),
            p.warning,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for s in skipped {
        for (i, l) in wrap(&skipped_line(app, s), w.saturating_sub(2), 4)
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { "✗ " } else { "  " };
            lines.push(Line::from(Span::styled(format!("{lead}{l}"), p.base)));
        }
        if lines.len() > inner.height as usize {
            break;
        }
    }
    if lines.len() > inner.height as usize && inner.height > 0 {
        lines.truncate(inner.height as usize - 1);
        lines.push(Line::from(Span::styled("… (all listed on quit)", p.muted)));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
}

/// The filter bar's parts, as words.
fn filter_words(app: &ReviewApp) -> Vec<String> {
    let f = &app.filter;
    let mut out = Vec::new();
    let chosen = app.selected.iter().filter(|s| **s).count();
    if chosen < app.selected.len() {
        out.push(format!("sessions {chosen} of {}", app.selected.len()));
    }
    if let Some(wanted) = &f.principle {
        out.push(format!("principle {}", app.principle_label(wanted)));
    }
    if let Some(s) = f.step.as_deref() {
        out.push(format!("step {s}"));
    }
    if let Some(s) = f.stakeholder {
        out.push(format!("group: {}", s.label()));
    }
    if let Some(k) = f.kind {
        out.push(format!("kind: {} {}", k.symbol(), k.label()));
    }
    if let Some(r) = f.response {
        out.push(match r {
            ResponseFilter::None => "response: none yet".to_string(),
            ResponseFilter::Any => "response: any".to_string(),
            ResponseFilter::Status(s) => format!("response: {}", s.label()),
        });
    }
    if let Some(t) = &f.tag {
        out.push(format!("tag #{t}"));
    }
    match &f.theme {
        Some(ThemeFilter::Label(l)) => out.push(format!("theme “{l}”")),
        Some(ThemeFilter::Unthemed) => out.push("in no theme".into()),
        None => {}
    }
    if !f.search.trim().is_empty() {
        out.push(format!("search “{}”", f.search.trim()));
    }
    if f.include_sensitive {
        out.push("sensitive shown".into());
    }
    out
}

fn notes(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let w = area.width as usize;
    let words = filter_words(app);
    let count = format!(
        "{} of {} notes",
        thousands(app.rows.len()),
        thousands(library.rows().len())
    );
    let mut spans = vec![Span::styled(format!("{count} "), p.title)];
    if words.is_empty() {
        spans.push(Span::styled(
            "· no filters: / search · p principle · s group · c kind · r response · # tag · T theme",
            p.muted,
        ));
    } else {
        spans.push(Span::styled("· ", p.muted));
        spans.push(Span::styled(words.join(" · "), p.prompt));
        spans.push(Span::styled("  (x clears)", p.muted));
    }
    let bar_text: String = spans.iter().map(|s| s.content.as_ref()).collect();
    let bar_h: u16 = if width(&bar_text) > w { 2 } else { 1 };
    Paragraph::new(Line::from(spans))
        .style(p.base)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(
            Rect {
                height: bar_h,
                ..area
            },
            buf,
        );
    let list = Rect {
        y: area.y + bar_h,
        height: area.height.saturating_sub(bar_h),
        ..area
    };
    let page = list.height as usize;
    let mut c = app.notes;
    c.clamp(app.rows.len(), page);
    drawn.list = Some((list, c.offset));
    drawn.page = page;
    if app.rows.is_empty() {
        let text = if library.rows().is_empty() {
            "These sessions have no notes."
        } else {
            "No note matches. x clears the filters; Esc clears the search."
        };
        Paragraph::new(Span::styled(text, p.muted)).render(list, buf);
        return;
    }
    let session_w = (w / 6).clamp(4, 18);
    let query = app.filter.search.as_str();
    for (line, pos) in (c.offset..app.rows.len()).take(page).enumerate() {
        let row = app.rows[pos];
        let r = library.rows()[row];
        let loaded = library.session_of(row);
        let note = library.note(row);
        let table: Option<&Table> = loaded.session.table(note.table);
        let here = pos == c.at;
        let style = if here { p.selected } else { p.base };
        let mut spans = vec![
            Span::styled(if here { "▶" } else { " " }, style),
            table_marker(table, p),
            Span::styled(format!(" {} ", note.kind.symbol()), style),
            Span::styled(
                cell(&short_name(library, r.session as usize), session_w),
                if here { style } else { p.muted },
            ),
            Span::styled(" ", style),
        ];
        if r.journal_only {
            spans.push(Span::styled(format!("{JOURNAL_ONLY} "), p.warning));
        }
        if note.sensitive {
            spans.push(Span::styled("⊘sens ", style.add_modifier(Modifier::BOLD)));
        }
        if note.lived_experience {
            spans.push(Span::styled("◆LE ", style.add_modifier(Modifier::BOLD)));
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let ranges = if query.trim().is_empty() {
            Vec::new()
        } else {
            highlight(&note.text, query)
        };
        spans.extend(marked(
            &note.text,
            &ranges,
            w.saturating_sub(used),
            style,
            match_style(style),
        ));
        let filled: usize = spans.iter().map(|s| width(&s.content)).sum();
        spans.push(Span::styled(" ".repeat(w.saturating_sub(filled)), style));
        Line::from(spans).render(
            Rect {
                y: list.y + line as u16,
                height: 1,
                ..list
            },
            buf,
        );
    }
}

/// How one grapheme of a note is drawn on one line: a line break or tab as a space; other
/// control and bidirectional characters written out (`\u{1b}`, `\u{202e}`), so a researcher
/// sees they are there and none can reorder the row or reach the terminal.
fn on_one_line(g: &str) -> std::borrow::Cow<'_, str> {
    if g.chars().any(|c| matches!(c, '\n' | '\r' | '\t')) {
        " ".into()
    } else {
        crate::terminal_text::one_line(g)
    }
}

/// `text` on one line of at most `room` columns, the byte `ranges` in `hit` style. Line breaks
/// show as spaces, other control and bidirectional characters as escapes ([`on_one_line`]);
/// "…" ends a line that was cut.
pub fn marked(
    text: &str,
    ranges: &[Range<usize>],
    room: usize,
    plain: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_hit = false;
    let mut used = 0;
    let mut next_range = 0;
    let total: usize = text.graphemes(true).map(|g| width(&on_one_line(g))).sum();
    let fits = total <= room;
    let limit = if fits { room } else { room.saturating_sub(1) };
    for (at, g) in text.grapheme_indices(true) {
        while next_range < ranges.len() && ranges[next_range].end <= at {
            next_range += 1;
        }
        let is_hit = ranges.get(next_range).is_some_and(|r| r.start <= at);
        let shown = on_one_line(g);
        let gw = width(&shown);
        if used + gw > limit {
            current_push(&mut out, &mut current, current_hit, plain, hit);
            if room > 0 {
                out.push(Span::styled("…", plain));
            }
            return out;
        }
        if is_hit != current_hit {
            current_push(&mut out, &mut current, current_hit, plain, hit);
            current_hit = is_hit;
        }
        current.push_str(&shown);
        used += gw;
    }
    current_push(&mut out, &mut current, current_hit, plain, hit);
    out
}

fn current_push(
    out: &mut Vec<Span<'static>>,
    current: &mut String,
    is_hit: bool,
    plain: Style,
    hit: Style,
) {
    if !current.is_empty() {
        out.push(Span::styled(
            std::mem::take(current),
            if is_hit { hit } else { plain },
        ));
    }
}

fn provenance(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" Where this note came from ", p.title))
        .title_bottom(
            Line::from(Span::styled(" ↑↓ previous / next note · Esc back ", p.key)).right_aligned(),
        );
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(row) = app.provenance.filter(|r| *r < library.rows().len()) else {
        Paragraph::new(Span::styled(
            "No note chosen: pick one in the Notes view (2) and press Enter.",
            p.muted,
        ))
        .render(inner, buf);
        return;
    };
    let w = inner.width as usize;
    let pr = library.provenance(row);
    let note = library.note(row);
    let loaded = library.session_of(row);
    let table = loaded.session.table(note.table);
    let mut lines: Vec<Line> = Vec::new();
    let shown = !note.sensitive || app.filter.include_sensitive;
    let text = if shown {
        note.text.as_str()
    } else {
        "sensitive — hidden (v shows sensitive notes)"
    };
    let query = app.filter.search.as_str();
    for l in wrap(text, w.saturating_sub(2), 8) {
        let ranges = if shown && !query.trim().is_empty() {
            highlight(&l, query)
        } else {
            Vec::new()
        };
        let mut spans = vec![Span::styled("  ", p.prompt)];
        spans.extend(marked(&l, &ranges, w, p.prompt, match_style(p.prompt)));
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    let field = |name: &str, value: String| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!("{name:>10}  "), p.muted),
            Span::styled(value, p.base),
        ])
    };
    let place = if loaded.session.place.is_empty() {
        String::new()
    } else {
        format!(" · {}", loaded.session.place)
    };
    lines.push(field(
        "session",
        format!("{} ({}){place}", pr.session_title, pr.session_date),
    ));
    lines.push(field("file", app.short_path(&pr.session_path)));
    let mix: Vec<&str> = pr
        .table_mix
        .iter()
        .map(|m: &Stakeholder| m.label())
        .collect();
    lines.push(Line::from(vec![
        Span::styled(format!("{:>10}  ", "table"), p.muted),
        table_marker(table, p),
        Span::styled(
            format!(
                " {}{}",
                pr.table_name,
                if mix.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", mix.join(", "))
                }
            ),
            p.base,
        ),
    ]));
    lines.push(field(
        "step",
        format!(
            "{}. {}{}",
            pr.step_number,
            pr.step_title,
            pr.principle
                .map(|n| format!(" (principle {n})"))
                .unwrap_or_default()
        ),
    ));
    lines.push(field(
        "kind",
        format!(
            "{} {} · note #{}",
            pr.kind.symbol(),
            pr.kind.label(),
            pr.note_id
        ),
    ));
    lines.push(field(
        "time",
        pr.created.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    ));
    lines.push(field(
        "theme",
        pr.theme.clone().unwrap_or_else(|| "— in no theme".into()),
    ));
    if pr.responses.is_empty() {
        lines.push(field("response", "— none yet".into()));
    }
    for r in &pr.responses {
        lines.push(field(
            "response",
            format!("{} ({}, {}): {}", r.kind, r.status, r.owner, r.text),
        ));
    }
    if !note.tags.is_empty() {
        lines.push(field("tags", note.tags.join(", ")));
    }
    let mut marks = Vec::new();
    if pr.lived_experience {
        marks.push("◆LE lived-experience voice");
    }
    if pr.sensitive {
        marks.push("⊘ sensitive");
    }
    if !marks.is_empty() {
        lines.push(field("marks", marks.join(" · ")));
    }
    if pr.journal_only {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", "saved"), p.muted),
            Span::styled(
                format!("{JOURNAL_ONLY}: only in the journal, the session may still be open"),
                p.warning,
            ),
        ]));
    }
    if let Some(damage) = &loaded.damage {
        let journal = app.short_path(&damage.journal);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>10}  ", "read"), p.muted),
            Span::styled(
                format!("⚠ {}", damage.what_is_shown_with(&journal)),
                p.warning,
            ),
        ]));
    }
    Paragraph::new(lines)
        .style(p.base)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(inner, buf);
}

/// Short column names for the stakeholder groups (indexed like `Stakeholder::ALL`).
const GROUP_COLUMNS: [&str; 8] = [
    "public", "employer", "volunt.", "lived", "union", "educ.", "support", "other",
];

/// The same, in at most five columns.
const GROUP_SHORT: [&str; 8] = [
    "publ", "empl", "vol", "lived", "union", "educ", "supp", "other",
];

fn compare(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let w = area.width as usize;
    let Some(comparison) = &app.compare else {
        Paragraph::new(Span::styled("Comparing…", p.muted)).render(area, buf);
        return;
    };
    let height = area.height as usize;
    drawn.page = height;
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    let mut skip = app.compare_scroll;
    let mut push = |line: Line<'static>, lines: &mut Vec<Line>| {
        if skip > 0 {
            skip -= 1;
            true
        } else {
            lines.push(line);
            lines.len() < height
        }
    };
    let head = Line::from(Span::styled(
        fit(
            "Each principle across sessions: notes by stakeholder group at the table (a mixed table counts for each group), top themes",
            w,
        ),
        p.muted,
    ));
    if !push(head, &mut lines) {
        return finish(lines, area, p, buf);
    }
    if comparison.is_empty() {
        push(
            Line::from(Span::styled("No principles in these sessions.", p.muted)),
            &mut lines,
        );
    }
    'principles: for pc in comparison {
        let with: Vec<_> = pc.sessions.iter().filter(|s| s.notes > 0).collect();
        let blank = Line::from("");
        if !push(blank, &mut lines) {
            break;
        }
        let title = format!(
            "{}. {} — {} in {}",
            pc.number,
            pc.title,
            plural(pc.notes(), "note"),
            plural(with.len(), "session")
        );
        if !push(
            Line::from(Span::styled(fit(&title, w), p.title)),
            &mut lines,
        ) {
            break;
        }
        let totals = pc.by_stakeholder();
        let groups: Vec<usize> = (0..8).filter(|g| totals[*g] > 0).collect();
        let all: Vec<String> = groups
            .iter()
            .map(|g| format!("{} {}", Stakeholder::ALL[*g].label(), thousands(totals[*g])))
            .collect();
        if !all.is_empty() {
            let line = Line::from(Span::styled(
                fit(&format!("  {}", all.join(" · ")), w),
                p.base,
            ));
            if !push(line, &mut lines) {
                break;
            }
        }
        if with.is_empty() {
            continue;
        }
        // Narrow screens get short group names, so the top themes still show.
        let wide = w >= 2 + 16 + 6 + 9 * groups.len() + 30;
        let (name_w, col_w, names) = if wide {
            (16.min(w / 4), 9, &GROUP_COLUMNS)
        } else {
            (12.min(w / 4), 6, &GROUP_SHORT)
        };
        let mut header = format!("  {}{}", cell("session", name_w), right("notes", 6));
        for g in &groups {
            header.push_str(&right(names[*g], col_w));
        }
        header.push_str("  top themes");
        if !push(
            Line::from(Span::styled(fit(&header, w), p.muted)),
            &mut lines,
        ) {
            break;
        }
        for sp in with {
            let mut text = format!(
                "  {}{}",
                cell(&short_name(library, sp.session), name_w),
                right(&thousands(sp.notes), 6)
            );
            for g in &groups {
                text.push_str(&right(&thousands(sp.by_stakeholder[*g]), col_w));
            }
            let themes: Vec<String> = sp
                .top_themes
                .iter()
                .map(|t| format!("{} ({})", t.label, t.notes))
                .collect();
            text.push_str("  ");
            text.push_str(&if themes.is_empty() {
                "—".to_string()
            } else {
                themes.join("; ")
            });
            if !push(Line::from(Span::styled(fit(&text, w), p.base)), &mut lines) {
                break 'principles;
            }
        }
    }
    finish(lines, area, p, buf)
}

fn finish(lines: Vec<Line>, area: Rect, p: &Palette, buf: &mut Buffer) {
    Paragraph::new(lines).style(p.base).render(area, buf);
}

fn themes(app: &ReviewApp, library: &Library, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let p = &app.palette;
    let w = area.width as usize;
    let head = match &app.themes {
        Themes::NotRun => Line::from(Span::styled(
            "Themes across workshops: r finds them among the notes the filters select.",
            p.muted,
        )),
        Themes::Running {
            notes, progress, ..
        } => Line::from(Span::styled(
            fit(
                &format!(
                    "Finding themes among {}… {progress}",
                    plural(*notes, "note")
                ),
                w,
            ),
            p.prompt,
        )),
        Themes::Found {
            generation,
            notes,
            of,
            themes,
        } => {
            let mut spans = vec![Span::styled(
                format!(
                    "{} among {}{} (clustering library) ",
                    plural(themes.len(), "theme"),
                    plural(*notes, "note"),
                    if notes < of {
                        format!(", an even sample of {}", thousands(*of))
                    } else {
                        String::new()
                    }
                ),
                p.title,
            )];
            if *generation != app.generation {
                spans.push(Span::styled(
                    "⚠ the filters changed since: r finds again",
                    p.warning,
                ));
            }
            Line::from(spans)
        }
    };
    Paragraph::new(head)
        .style(p.base)
        .render(Rect { height: 1, ..area }, buf);
    let Themes::Found { themes, .. } = &app.themes else {
        return;
    };
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    if themes.is_empty() {
        Paragraph::new(Span::styled("No notes to group.", p.muted)).render(body, buf);
        return;
    }
    let (list, samples) = if body.width >= 100 {
        let lw = body.width * 9 / 20;
        (
            Rect { width: lw, ..body },
            Rect {
                x: body.x + lw,
                width: body.width - lw,
                ..body
            },
        )
    } else {
        let lh = body.height / 2;
        (
            Rect { height: lh, ..body },
            Rect {
                y: body.y + lh,
                height: body.height - lh,
                ..body
            },
        )
    };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(" label · notes · sessions ", p.title));
    let inner = block.inner(list);
    block.render(list, buf);
    let page = inner.height as usize;
    let mut c = app.themes_cursor;
    c.clamp(themes.len(), page);
    drawn.list = Some((inner, c.offset));
    drawn.page = page;
    let lw = inner.width as usize;
    for (line, i) in (c.offset..themes.len()).take(page).enumerate() {
        let t = &themes[i];
        let here = i == c.at;
        let style = if here { p.selected } else { p.base };
        let counts = format!(
            " {} · {}",
            plural(t.rows.len(), "note"),
            plural(t.sessions, "session")
        );
        let label_w = lw.saturating_sub(width(&counts) + 1);
        let text = format!(
            "{}{}{counts}",
            if here { "▶" } else { " " },
            cell(&t.label, label_w)
        );
        Paragraph::new(Span::styled(cell(&text, lw), style)).render(
            Rect {
                y: inner.y + line as u16,
                height: 1,
                ..inner
            },
            buf,
        );
    }
    let Some(t) = themes.get(c.at) else { return };
    let block = Block::bordered()
        .border_style(p.border)
        .style(p.base)
        .title(Span::styled(
            fit(
                &format!(" “{}”: sample notes ", t.label),
                samples.width as usize,
            ),
            p.title,
        ));
    let inner = block.inner(samples);
    block.render(samples, buf);
    let sw = inner.width as usize;
    let mut lines = Vec::new();
    for &row in t.rows.iter().take(inner.height as usize) {
        let note = library.note(row);
        let r = library.rows()[row];
        let table = library.session_of(row).session.table(note.table);
        let mut spans = vec![
            table_marker(table, p),
            Span::styled(format!(" {} ", note.kind.symbol()), p.base),
            Span::styled(
                format!(
                    "{} ",
                    cell(&short_name(library, r.session as usize), 12.min(sw / 4))
                ),
                p.muted,
            ),
        ];
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        spans.extend(marked(
            &note.text,
            &[],
            sw.saturating_sub(used),
            p.base,
            p.base,
        ));
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).style(p.base).render(inner, buf);
}

/// The `?` overlay, generated from the key table; returns how far it can scroll.
fn help(app: &ReviewApp, scroll: u16, area: Rect, buf: &mut Buffer) -> u16 {
    let p = &app.palette;
    Clear.render(area, buf);
    Block::new().style(p.base).render(area, buf);
    let popup = centered(area, area.width.min(110), area.height);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(p.border.add_modifier(Modifier::BOLD))
        .style(p.base)
        .title(Span::styled(" Review — every key ", p.title))
        .title_bottom(
            Line::from(Span::styled(" Esc closes · ↑↓ PgUp PgDn scroll ", p.key)).right_aligned(),
        );
    let inner = block.inner(popup);
    block.render(popup, buf);
    let w = inner.width as usize;
    let sections = keymap::help_sections();
    let key_w = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| width(k)))
        .max()
        .unwrap_or(8)
        .min(24);
    let mut lines: Vec<Line> = vec![Line::from(Span::styled("On the screen", p.title))];
    for text in [
        format!("Read-only: nothing is written, locked or replayed into; a facilitator can keep a session open. {JOURNAL_ONLY}: a note only in the journal so far."),
        "Notes: ▶ cursor · A, B… the table's letter on its colour · kind • comment ? question + idea ! barrier ✓ commitment · ◆LE lived experience · ⊘sens sensitive".into(),
        "Search matches are shown reversed and underlined. Mouse: click a tab or a row (twice opens a note); the wheel scrolls.".into(),
    ] {
        for l in wrap(&text, w.saturating_sub(2), 6) {
            lines.push(Line::from(Span::styled(format!("  {l}"), p.base)));
        }
    }
    lines.push(Line::from(""));
    for (mode, rows) in sections {
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(mode.title(), p.title)));
        for (keys, desc) in rows {
            for (i, d) in wrap(desc, w.saturating_sub(key_w + 3).max(10), 4)
                .into_iter()
                .enumerate()
            {
                let k = if i == 0 { keys.clone() } else { String::new() };
                let pad = " ".repeat(key_w.saturating_sub(width(&k)));
                lines.push(Line::from(vec![
                    Span::styled(format!("  {k}{pad} "), p.key),
                    Span::styled(d, p.base),
                ]));
            }
        }
        lines.push(Line::from(""));
    }
    let max = lines.len().saturating_sub(inner.height as usize) as u16;
    Paragraph::new(lines)
        .style(p.base)
        .scroll((scroll.min(max), 0))
        .render(inner, buf);
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(100000), "100,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn marked_text_fits_and_keeps_matches() {
        let text = "The last BUS leaves\nat 6pm";
        let ranges = highlight(text, "bus");
        let plain = Style::new();
        let hit = match_style(plain);
        let spans = marked(text, &ranges, 40, plain, hit);
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, "The last BUS leaves at 6pm");
        assert!(spans.iter().any(|s| s.content == "BUS" && s.style == hit));
        let cut = marked(text, &ranges, 10, plain, hit);
        let joined: String = cut.iter().map(|s| s.content.as_ref()).collect();
        assert!(width(&joined) <= 10, "{joined}");
        assert!(joined.ends_with('…'));
        assert!(
            marked("日本語", &[], 1, plain, hit)
                .iter()
                .all(|s| width(&s.content) <= 1)
        );
    }

    #[test]
    fn control_and_bidirectional_characters_in_a_note_are_written_out() {
        let text = "bus \u{202e}emit\u{1b}[2J\r\n\u{2066}x";
        let plain = Style::new();
        let hit = match_style(plain);
        let spans = marked(text, &highlight(text, "emit"), 60, plain, hit);
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(joined, "bus \\u{202e}emit\\u{1b}[2J \\u{2066}x");
        assert!(spans.iter().any(|s| s.content == "emit" && s.style == hit));
        let cut: String = marked(text, &[], 8, plain, hit)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(cut, "bus …", "an escape is never cut in half");
    }
}
