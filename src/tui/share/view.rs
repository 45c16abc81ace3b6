//! The sharing panel: how the room joins (the address in full, its QR code where it fits whole,
//! the code in big letters), how many notes came from the room, and the panel's keys. Drawn
//! from plain values, so that a snapshot can use fixed ones.

use crate::model::plural;
use crate::tui::palette::Palette;
use crate::tui::screens::centered;
use crate::tui::widgets::{big, drawable, qr, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

/// What the panel shows.
#[derive(Debug, Clone, Copy)]
pub struct Panel<'a> {
    /// The join address, `http://ADDR:PORT/j/CODE`.
    pub url: &'a str,
    pub code: &'a str,
    /// Notes received from the room since sharing started.
    pub received: usize,
    /// While moderating: how many notes wait for review.
    pub moderation: Option<usize>,
}

/// The narrowest the text beside the QR code may be.
const TEXT_MIN: u16 = 30;
/// The widest the panel grows.
const MAX_W: u16 = 110;
/// Rows of the code in big letters.
const BIG_ROWS: u16 = 4;

/// The panel's keys: (key, what it does).
const KEYS: [(&str, &str); 5] = [
    ("W", "stop sharing"),
    ("C", "new code: the old one stops working"),
    ("M", "moderating on / off"),
    ("Q", "the review queue"),
    ("Esc", "close the panel (sharing goes on)"),
];

/// One row (or a few) of the text beside the QR code.
enum Item {
    Line(Line<'static>),
    Gap,
    /// The code in big letters.
    Code(String),
}

impl Item {
    fn height(&self) -> u16 {
        match self {
            Item::Line(_) | Item::Gap => 1,
            Item::Code(_) => BIG_ROWS,
        }
    }
}

/// Draws the panel over `area` (the whole screen), leaving the header and the two bottom lines
/// (the panel's keys and the status line) in sight.
pub fn render(panel: &Panel<'_>, p: &Palette, area: Rect, buf: &mut Buffer) {
    let room = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    };
    // Borders and a column of margin on each side.
    if room.width < 5 || room.height < 3 {
        return;
    }
    let url = drawable(panel.url).into_owned();
    let width = room.width.min(MAX_W);
    let inner_w = width - 4;
    let qr =
        qr::size(&url).filter(|&(qw, qh)| inner_w >= qw + 2 + TEXT_MIN && room.height >= qh + 2);
    let text_w = match qr {
        Some((qw, _)) => inner_w - qw - 2,
        None => inner_w,
    };
    let full = items(panel, &url, qr.is_none(), text_w, p, false);
    let needed: u16 = full.iter().map(Item::height).sum();
    let inner_h = needed.max(qr.map_or(0, |(_, qh)| qh));
    let items = if inner_h + 2 > room.height {
        items(panel, &url, qr.is_none(), text_w, p, true)
    } else {
        full
    };
    let popup = centered(room, width, inner_h + 2);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(p.title)
        .style(p.base)
        .title(Line::from(Span::styled(" Sharing with the room ", p.title)));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let content = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let text_area = match qr {
        Some((qw, qh)) => {
            qr::Qr { text: &url }.render(
                Rect {
                    width: qw,
                    height: qh,
                    ..content
                },
                buf,
            );
            Rect {
                x: content.x + qw + 2,
                width: text_w,
                ..content
            }
        }
        None => content,
    };
    draw(&items, p, text_area, buf);
}

/// What the text says, top to bottom; `compact` leaves out the labels, gaps and keys (the
/// footer shows the keys) so that the address and the code fit a small window.
fn items(
    panel: &Panel<'_>,
    url: &str,
    no_qr: bool,
    width: u16,
    p: &Palette,
    compact: bool,
) -> Vec<Item> {
    let w = width as usize;
    let mut out = Vec::new();
    if !compact {
        out.push(Item::Line(Line::styled("The room joins at", p.muted)));
    }
    // The address whole, wrapped where needed: a cut address cannot be typed.
    for part in crate::tui::widgets::wrap_url(url, w) {
        out.push(Item::Line(Line::styled(
            part,
            p.base.add_modifier(Modifier::BOLD),
        )));
    }
    if !compact {
        out.push(Item::Gap);
        out.push(Item::Line(Line::styled("or with the code", p.muted)));
    }
    out.push(Item::Code(drawable(panel.code).into_owned()));
    if no_qr {
        if !compact {
            out.push(Item::Gap);
        }
        for part in wrap("enlarge the window for the QR code", w, 2) {
            out.push(Item::Line(Line::styled(part, p.warning)));
        }
    }
    if !compact {
        out.push(Item::Gap);
    }
    let received = match panel.received {
        0 => "no notes from the room yet".to_string(),
        n => format!("{} from the room", plural(n, "note")),
    };
    for part in wrap(&received, w, 2) {
        out.push(Item::Line(Line::styled(part, p.base)));
    }
    let moderation = match panel.moderation {
        Some(waiting) => format!("moderating: {waiting} waiting for review"),
        None => "not moderating: notes go straight to the board".to_string(),
    };
    for part in wrap(&moderation, w, 2) {
        out.push(Item::Line(Line::styled(part, p.base)));
    }
    if !compact {
        out.push(Item::Gap);
        for (key, what) in KEYS {
            let pad = format!("{key:<4}");
            for (i, part) in wrap(what, w.saturating_sub(4), 2).into_iter().enumerate() {
                let key = if i == 0 { pad.clone() } else { " ".repeat(4) };
                out.push(Item::Line(Line::from(vec![
                    Span::styled(key, p.key),
                    Span::styled(part, p.base),
                ])));
            }
        }
    }
    out
}

/// Draws the items one under the other while there is room; the code in big letters takes
/// what is left after the lines under it (bold, when big letters do not fit).
fn draw(items: &[Item], p: &Palette, area: Rect, buf: &mut Buffer) {
    let bottom = area.y + area.height;
    let mut y = area.y;
    for (i, item) in items.iter().enumerate() {
        if y >= bottom {
            return;
        }
        match item {
            Item::Gap => y += 1,
            Item::Line(line) => {
                Paragraph::new(line.clone()).render(
                    Rect {
                        y,
                        height: 1,
                        ..area
                    },
                    buf,
                );
                y += 1;
            }
            Item::Code(code) => {
                let after: u16 = items[i + 1..].iter().map(Item::height).sum();
                let rows = (bottom - y).saturating_sub(after).clamp(1, BIG_ROWS);
                let at = Rect {
                    y,
                    height: rows.min(bottom - y),
                    ..area
                };
                y += big::render(code, p.title, Alignment::Left, at, buf).max(1);
            }
        }
    }
}
