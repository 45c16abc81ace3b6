//! The voting view: the dots each table placed on each theme (a grid the facilitator fills in
//! from the wall), totals and ranking as a bar chart, and the votes of each stakeholder group in
//! columns, page by page. Bars always carry their number and their theme's name.

use crate::model::Session;
use crate::store::SessionStore;
use crate::tui::app::{App, Target};
use crate::tui::screens::Drawn;
use crate::tui::themes::{VotePane, group_entries};
use crate::tui::widgets::card::table_marker;
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::{fit, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Width of a table's cell in the grid.
const CELL: u16 = 4;

/// At least this wide, the grid and the chart are shown side by side.
pub const SIDE_BY_SIDE: u16 = 120;

fn line(area: Rect, spans: Vec<Span<'_>>, style: Style, buf: &mut Buffer) {
    Paragraph::new(Line::from(spans))
        .style(style)
        .render(area, buf);
}

fn row(area: Rect, y: u16) -> Rect {
    Rect {
        y,
        height: 1,
        ..area
    }
}

/// `dots` of `max` as a bar at most `w` cells long (at least one cell for any dot).
fn bar(dots: u32, max: u32, w: usize) -> String {
    if dots == 0 || max == 0 || w == 0 {
        return String::new();
    }
    let n = ((dots as usize * w) / max as usize).max(1);
    "█".repeat(n.min(w))
}

pub fn render<S: SessionStore>(app: &App<S>, area: Rect, buf: &mut Buffer, drawn: &mut Drawn) {
    let Some(session) = app.session() else {
        return;
    };
    let p = &app.palette;
    if area.height < 2 {
        return;
    }
    let t = &app.themes;
    let per = session.dots_per_table;
    let placed: u32 = t.votes.placed.iter().map(|(_, d)| d).sum();
    let head = format!(
        " Voting · {per} dots a table · {placed} of {} placed ",
        per as usize * session.tables.len()
    );
    let mut spans = vec![Span::styled(head, p.title)];
    for (name, pane) in [
        ("Record", VotePane::Grid),
        ("Ranking", VotePane::Ranking),
        ("By group", VotePane::Groups),
    ] {
        spans.push(Span::styled(
            format!(" {name} "),
            if t.pane == pane { p.selected } else { p.muted },
        ));
    }
    spans.push(Span::styled(" g switches", p.muted));
    line(row(area, area.y), spans, p.base, buf);
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    if session.themes.is_empty() {
        line(
            row(body, body.y),
            vec![Span::styled(
                fit(
                    " No themes yet: make them in the themes view (F6), then record the dots here.",
                    body.width as usize,
                ),
                p.muted,
            )],
            p.base,
            buf,
        );
        return;
    }
    if body.width >= SIDE_BY_SIDE {
        let grid_w = body.width * 11 / 20;
        let left = Rect {
            width: grid_w,
            ..body
        };
        let right = Rect {
            x: body.x + grid_w + 1,
            width: body.width - grid_w - 1,
            ..body
        };
        grid(app, session, left, buf, drawn);
        match t.pane {
            VotePane::Groups => groups(app, session, right, buf, drawn),
            _ => ranking(app, session, right, buf),
        }
    } else {
        match t.pane {
            VotePane::Grid => grid(app, session, body, buf, drawn),
            VotePane::Ranking => ranking(app, session, body, buf),
            VotePane::Groups => groups(app, session, body, buf, drawn),
        }
    }
}

/// Themes × tables: the dots each table placed, what each table has left, totals and rank.
fn grid<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    let t = &app.themes;
    if area.height < 3 || area.width < 20 {
        return;
    }
    let (cur_row, cur_table) = t.vote_cursor;
    let tail_w: u16 = 12; // " total  rank"
    let label_w = (area.width / 3).clamp(12, 40);
    let fit_tables = ((area.width.saturating_sub(label_w + tail_w)) / CELL).max(1) as usize;
    let n_tables = session.tables.len().min(fit_tables);
    let first_table = Cursor::new(cur_table, 0).visible_top(n_tables.max(1));
    let tables = &session.tables[first_table..(first_table + n_tables).min(session.tables.len())];
    let label_w = area
        .width
        .saturating_sub(tail_w + CELL * tables.len() as u16)
        .min(48);

    // Heading: each table's marker, then what it has left.
    let mut head = vec![Span::styled(
        fit(
            &format!(
                "{}Theme",
                if first_table > 0 {
                    format!("◀{first_table} ")
                } else {
                    String::new()
                }
            ),
            label_w as usize,
        ),
        p.base.add_modifier(Modifier::BOLD),
    )];
    head.push(Span::raw(" ".repeat(
        (label_w as usize).saturating_sub(width(&head[0].content)),
    )));
    let mut left = vec![Span::styled(
        format!("{:<w$}", "dots left", w = label_w as usize),
        p.muted,
    )];
    for (k, table) in tables.iter().enumerate() {
        let ti = first_table + k;
        head.push(Span::raw(" "));
        head.push(table_marker(Some(table), p));
        let used = t
            .votes
            .placed
            .iter()
            .find(|(id, _)| *id == table.id)
            .map_or(0, |(_, d)| *d);
        let per = session.dots_per_table;
        let (text, style) = if used > per {
            (format!("+{}!", used - per), p.warning)
        } else {
            (
                format!("{}", per - used),
                if ti == cur_table { p.key } else { p.muted },
            )
        };
        left.push(Span::styled(format!("{text:>4}"), style));
    }
    head.push(Span::styled(
        "  total rank",
        p.base.add_modifier(Modifier::BOLD),
    ));
    line(row(area, area.y), head, p.base, buf);
    line(row(area, area.y + 1), left, p.base, buf);

    let rows_h = area.height.saturating_sub(2) as usize;
    let first = Cursor::new(cur_row, 0).visible_top(rows_h.max(1));
    for (k, (ri, theme)) in session
        .themes
        .iter()
        .enumerate()
        .skip(first)
        .take(rows_h)
        .enumerate()
    {
        let y = area.y + 2 + k as u16;
        let is_row = ri == cur_row;
        let mut spans = vec![Span::styled(
            format!(
                "{:<w$}",
                fit(
                    &format!("{}{}", if is_row { "▶ " } else { "  " }, theme.label),
                    label_w as usize
                ),
                w = label_w as usize
            ),
            if is_row {
                p.base.add_modifier(Modifier::BOLD)
            } else {
                p.base
            },
        )];
        for (k, table) in tables.iter().enumerate() {
            let ti = first_table + k;
            let dots = session.dots(table.id, theme.id);
            let selected = is_row && ti == cur_table;
            let text = match (selected, dots) {
                (true, d) => format!("[{d}]"),
                (false, 0) => "·".into(),
                (false, d) => d.to_string(),
            };
            let cell = Rect {
                x: area.x + label_w + (k as u16) * CELL,
                y,
                width: CELL,
                height: 1,
            };
            drawn
                .hits
                .push((cell, Target::VoteCell { row: ri, table: ti }));
            spans.push(Span::styled(
                format!("{text:>4}"),
                if selected {
                    p.selected
                } else if dots > 0 {
                    p.base.add_modifier(Modifier::BOLD)
                } else {
                    p.muted
                },
            ));
        }
        let rank = t.votes.rank_of(theme.id);
        spans.push(Span::styled(
            format!(
                "{:>7}{:>5}",
                session.theme_dots(theme.id),
                rank.map_or(String::new(), |r| format!("#{}", r.rank))
            ),
            p.base.add_modifier(Modifier::BOLD),
        ));
        line(row(area, y), spans, p.base, buf);
    }
}

/// Themes ranked by dots, as labelled bars.
fn ranking<S: SessionStore>(app: &App<S>, session: &Session, area: Rect, buf: &mut Buffer) {
    let p = &app.palette;
    if area.height < 2 || area.width < 20 {
        return;
    }
    line(
        row(area, area.y),
        vec![Span::styled(
            fit("Ranking: all dots per theme", area.width as usize),
            p.title,
        )],
        p.base,
        buf,
    );
    let ranking = &app.themes.votes.ranking;
    let max = ranking.iter().map(|r| r.dots).max().unwrap_or(0);
    let w = area.width as usize;
    let label_w = (w * 2 / 5).clamp(10, 40);
    let bar_w = w.saturating_sub(label_w + 10);
    for (k, r) in ranking.iter().take(area.height as usize - 1).enumerate() {
        let label = session.theme(r.theme).map_or("", |t| t.label.as_str());
        let head = format!("{:>3}. {:<label_w$} ", r.rank, fit(label, label_w));
        let b = bar(r.dots, max, bar_w);
        line(
            row(area, area.y + 1 + k as u16),
            vec![
                Span::styled(head, p.base),
                Span::styled(b, p.key),
                Span::styled(format!(" {}", r.dots), p.base.add_modifier(Modifier::BOLD)),
            ],
            p.base,
            buf,
        );
    }
}

/// Narrowest column of the votes by stakeholder group.
const GROUP_COLUMN: u16 = 40;

/// Each stakeholder group's priorities: a table's dots count for each group sitting at it (the
/// rule of the exported summary). Every theme a group gave dots to is listed, in columns; what
/// does not fit goes on the next pages (`g` turns them), said by "↓ n more".
fn groups<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    area: Rect,
    buf: &mut Buffer,
    drawn: &mut Drawn,
) {
    let p = &app.palette;
    if area.height < 3 || area.width < 20 {
        return;
    }
    line(
        row(area, area.y),
        vec![Span::styled(
            fit(
                "Votes by stakeholder group: a table's dots count for each group at it",
                area.width as usize,
            ),
            p.title,
        )],
        p.base,
        buf,
    );
    let by_group = &app.themes.votes.by_group;
    if by_group.is_empty() {
        line(
            row(area, area.y + 1),
            vec![Span::styled(
                fit(
                    "No table has a stakeholder mix recorded.",
                    area.width as usize,
                ),
                p.muted,
            )],
            p.base,
            buf,
        );
        return;
    }
    let entries = group_entries(by_group);
    let top = if app.themes.groups_top < entries.len() {
        app.themes.groups_top
    } else {
        0
    };
    // The last row says what is on other pages.
    let col_h = area.height.saturating_sub(2) as usize;
    let n_cols = (area.width / GROUP_COLUMN).max(1);
    let col_w = area.width / n_cols;
    let mut k = top;
    for c in 0..n_cols {
        let x = area.x + c * col_w;
        let w = if c + 1 == n_cols {
            area.x + area.width - x
        } else {
            col_w - 1
        };
        let column = Rect {
            x,
            y: area.y + 1,
            width: w,
            height: col_h as u16,
        };
        let mut y = 0usize;
        let mut group = None;
        while let Some(&(g, theme)) = entries.get(k) {
            let starts = group != Some(g);
            // A heading (after a blank line between groups) never ends a column alone, and a
            // group that fits in a column is not split: it starts the next column instead.
            let need = if starts {
                let size = 1 + app.themes.votes.by_group[g].1.len().max(1);
                let whole = if theme.is_none_or(|t| t == 0) && size <= col_h {
                    size
                } else {
                    2
                };
                whole + usize::from(y > 0)
            } else {
                1
            };
            if y + need > col_h {
                break;
            }
            if starts {
                y += usize::from(y > 0);
                let again = theme.is_some_and(|t| t > 0);
                group_heading(
                    app,
                    session,
                    g,
                    again,
                    row(column, column.y + y as u16),
                    buf,
                );
                y += 1;
                group = Some(g);
            }
            group_row(
                app,
                session,
                g,
                theme,
                row(column, column.y + y as u16),
                buf,
            );
            y += 1;
            k += 1;
        }
    }
    drawn.rows_visible = (k - top).max(1);
    let below = entries.len() - k;
    let mut more = Vec::new();
    if top > 0 {
        more.push(format!("↑ {top} more before"));
    }
    if below > 0 {
        more.push(format!("↓ {below} more · g shows them"));
    } else if top > 0 {
        more.push("g goes back to the grid".into());
    }
    if !more.is_empty() {
        line(
            row(area, area.y + area.height - 1),
            vec![Span::styled(
                fit(&more.join(" · "), area.width as usize),
                p.key,
            )],
            p.base,
            buf,
        );
    }
}

/// "lived experience · tables A B D F · 12 dots" (or "… (continued)" at the top of a column).
fn group_heading<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    g: usize,
    again: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let (group, themes) = &app.themes.votes.by_group[g];
    let text = if again {
        format!("{} (continued)", group.label())
    } else {
        let letters: Vec<&str> = session
            .tables
            .iter()
            .filter(|t| t.mix.contains(group))
            .map(|t| t.letter.as_str())
            .collect();
        let total: u32 = themes.iter().map(|(_, d)| d).sum();
        format!(
            "{} · tables {} · {}",
            group.label(),
            letters.join(" "),
            crate::export::plural(total as usize, "dot")
        )
    };
    line(
        area,
        vec![Span::styled(
            fit(&text, area.width as usize),
            p.base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )],
        p.base,
        buf,
    );
}

/// " 3 ██████ Benefits rules and the fear of trying work": one theme's dots from a group.
fn group_row<S: SessionStore>(
    app: &App<S>,
    session: &Session,
    g: usize,
    theme: Option<usize>,
    area: Rect,
    buf: &mut Buffer,
) {
    let p = &app.palette;
    let themes = &app.themes.votes.by_group[g].1;
    let Some((theme, dots)) = theme.and_then(|t| themes.get(t)) else {
        line(
            area,
            vec![Span::styled(" no dots yet", p.muted)],
            p.base,
            buf,
        );
        return;
    };
    let max = themes.first().map_or(0, |(_, d)| *d);
    let w = area.width as usize;
    let bar_w = (w / 8).clamp(3, 10);
    let label = session.theme(*theme).map_or("", |t| t.label.as_str());
    let b = bar(*dots, max, bar_w);
    let head = format!("{dots:>2} ");
    let room = w.saturating_sub(width(&head) + bar_w + 1);
    line(
        area,
        vec![
            Span::styled(head, p.base.add_modifier(Modifier::BOLD)),
            Span::styled(format!("{b:<bar_w$} "), p.key),
            Span::styled(fit(label, room), p.base),
        ],
        p.base,
        buf,
    );
}
