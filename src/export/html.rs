//! The workshop summary as one self-contained HTML page: screen and A4 print, inline SVG charts.
//!
//! Every piece of user text goes through [`escape`], and in the page's body is isolated in a
//! `<bdi>` element ([`user`]), so right-to-left text or a stray bidirectional control in a note
//! cannot reorder the page around it. The page loads nothing and runs no script.

use super::summary::{Summary, quotes};
use super::{Options, plural, prepare};
use crate::model::{Note, Session};
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// User text for element content: escaped and isolated (`<bdi>`), so its direction, and any
/// bidirectional control in it, stays inside it.
pub fn user(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

/// User text where no element can isolate it (the page's `<title>`, SVG labels): escaped, with
/// the bidirectional controls dropped.
fn plain(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !crate::terminal_text::is_bidi_control(*c))
        .collect();
    escape(&kept)
}

const STYLE: &str = r#"
:root { --ink: #111; --paper: #fff; --muted: #444; --rule: #999; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--paper); max-width: 60rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
h2 { border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { margin-bottom: .3rem; }
.meta, .prompt, .note-meta { color: var(--muted); }
.prompt { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .8rem; border-left: 4px solid var(--accent); }
.theme { margin: .8rem 0; }
.theme h4 { margin: .2rem 0; }
.marker { display: inline-block; min-width: 1.6em; padding: 0 .3em; border: 1px solid var(--ink);
  border-radius: .3em; text-align: center; font-weight: bold; }
figure { margin: 1rem 0; }
figcaption { font-weight: bold; margin-bottom: .3rem; }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
ul.notes { padding-left: 1.2rem; }
.withheld { padding: .5rem; border: 1px dashed var(--rule); }
footer { margin-top: 3rem; color: var(--muted); font-size: .9rem; }
@media print {
  @page { size: A4; margin: 18mm 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4, figure, tr, blockquote { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The summary of `session` as a self-contained HTML page.
pub fn html(session: &Session, options: &Options) -> String {
    let (s, withheld) = prepare(session, options);
    let sum = Summary::new(&s, withheld);
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        plain(&s.title),
        user(&s.title)
    );
    let mut line = vec![s.date.strftime("%A %-d %B %Y").to_string()];
    line.extend(
        [&s.venue, &s.place]
            .into_iter()
            .filter(|x| !x.is_empty())
            .map(|x| user(x)),
    );
    let _ = writeln!(o, "<p class=\"meta\">{}</p>", line.join(" · "));
    if !s.facilitators.is_empty() {
        let names: Vec<String> = s.facilitators.iter().map(|f| user(f)).collect();
        let _ = writeln!(
            o,
            "<p class=\"meta\">Facilitated by {}.</p>",
            names.join(", ")
        );
    }
    let _ = writeln!(
        o,
        "<p>Framework: {}. {} from {} across {}.</p>",
        user(&s.framework.name),
        plural(s.notes.len(), "note"),
        plural(s.tables.len(), "table"),
        plural(sum.principles.len(), "principle")
    );
    if withheld > 0 {
        let _ = writeln!(
            o,
            "<p class=\"withheld\">{} marked sensitive {} not included in this summary.</p>",
            plural(withheld, "note"),
            if withheld == 1 { "is" } else { "are" }
        );
    }
    o.push_str("</header>\n<main>\n");

    // Who was there.
    o.push_str("<section>\n<h2>Who was in the room</h2>\n<table>\n<thead><tr><th scope=\"col\">Table</th><th scope=\"col\">Stakeholders</th><th scope=\"col\" class=\"num\">Notes</th></tr></thead>\n<tbody>\n");
    for t in &s.tables {
        let mix: Vec<&str> = t.mix.iter().map(|m| m.label()).collect();
        let count = s.notes.iter().filter(|n| n.table == t.id).count();
        let (r, g, b) = t.colour.rgb();
        let _ = writeln!(
            o,
            "<tr><th scope=\"row\"><span class=\"marker\" style=\"background:#{r:02x}{g:02x}{b:02x};color:{}\">{}</span> {}</th><td>{}</td><td class=\"num\">{count}</td></tr>",
            ink_on((r, g, b)),
            user(&t.letter),
            user(&t.name),
            if mix.is_empty() {
                "—".to_string()
            } else {
                mix.join(", ")
            }
        );
    }
    o.push_str("</tbody>\n</table>\n");
    o.push_str(&notes_chart(&sum));
    o.push_str("</section>\n");

    if let Some(f) = &s.follow_up {
        let _ = writeln!(
            o,
            "<section>\n<h2>Since last time</h2>\n<p>What became of the promises of {} ({}).</p>",
            user(&f.previous.title),
            f.previous.date
        );
        o.push_str("<table>\n<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Promise</th><th scope=\"col\">Owner</th><th scope=\"col\">Status</th><th scope=\"col\">What was done</th></tr></thead>\n<tbody>\n");
        for (i, item) in f.items.iter().enumerate() {
            let _ = writeln!(
                o,
                "<tr><td class=\"num\">{}</td><td>{} <span class=\"note-meta\">({})</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                user(&item.text),
                item.kind.label(),
                user(&item.owner),
                escape(&super::markdown::since_status(item, s.date)),
                user(&item.done)
            );
        }
        o.push_str("</tbody>\n</table>\n</section>\n");
    }

    // What the tables said.
    o.push_str("<section>\n<h2>What the tables said</h2>\n");
    for p in &sum.principles {
        let _ = writeln!(o, "<h3>{}. {}</h3>", p.number, user(p.title));
        if !p.prompt.is_empty() {
            let _ = writeln!(o, "<p class=\"prompt\">{}</p>", user(p.prompt));
        }
        if p.notes.is_empty() {
            o.push_str("<p>No notes yet.</p>\n");
            continue;
        }
        let kinds: Vec<String> = Summary::kinds(&p.notes)
            .iter()
            .map(|(k, c)| plural(*c, k.label()))
            .collect();
        let _ = writeln!(
            o,
            "<p>{} ({}).</p>",
            plural(p.notes.len(), "note"),
            kinds.join(", ")
        );
        for (_, label, notes) in &p.themes {
            let _ = writeln!(
                o,
                "<div class=\"theme\"><h4>{} <span class=\"meta\">({})</span></h4>",
                user(label),
                plural(notes.len(), "note")
            );
            for n in quotes(notes, 3) {
                let _ = writeln!(o, "<blockquote>{}</blockquote>", quote(&sum, n));
            }
            o.push_str("</div>\n");
        }
        if !p.unthemed.is_empty() {
            if p.themes.is_empty() {
                o.push_str("<ul class=\"notes\">\n");
                for n in &p.unthemed {
                    let _ = writeln!(o, "<li>{}</li>", quote(&sum, n));
                }
                o.push_str("</ul>\n");
            } else {
                let _ = writeln!(
                    o,
                    "<p>Not yet in a theme: {}.</p>",
                    plural(p.unthemed.len(), "note")
                );
            }
        }
    }
    o.push_str("</section>\n");

    // Priorities.
    o.push_str("<section>\n<h2>Priorities</h2>\n");
    if sum.priorities.is_empty() {
        o.push_str("<p>No themes yet: the room has not grouped or voted on the notes.</p>\n");
    } else {
        o.push_str(&votes_chart(&sum));
        o.push_str("<table>\n<thead><tr><th scope=\"col\" class=\"num\">Rank</th><th scope=\"col\">Theme</th><th scope=\"col\" class=\"num\">Notes</th><th scope=\"col\" class=\"num\">Dots</th>");
        for g in &sum.groups {
            let _ = write!(o, "<th scope=\"col\" class=\"num\">{}</th>", g.label());
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for t in &sum.priorities {
            let _ = write!(
                o,
                "<tr><td class=\"num\">{}</td><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                t.rank,
                user(t.label),
                t.notes,
                t.dots
            );
            for g in &sum.groups {
                let _ = write!(
                    o,
                    "<td class=\"num\">{}</td>",
                    t.dots_by_group.get(g).copied().unwrap_or(0)
                );
            }
            o.push_str("</tr>\n");
        }
        let _ = writeln!(
            o,
            "</tbody>\n</table>\n<p class=\"meta\">{}</p>",
            sum.dots_note(user)
        );
    }
    o.push_str("</section>\n");

    // Recommendations.
    o.push_str("<section>\n<h2>Recommendations</h2>\n");
    if sum.by_audience.is_empty() {
        o.push_str("<p>No recommendations recorded yet.</p>\n");
    }
    for (audience, recs) in &sum.by_audience {
        let _ = writeln!(o, "<h3>For {}</h3>\n<ul>", user(&audience.to_lowercase()));
        for r in recs {
            let _ = write!(o, "<li><strong>{}</strong>", user(&r.text));
            let facts = sum.recommendation_facts(r, user);
            if !facts.is_empty() {
                let _ = write!(o, "<br><span class=\"meta\">{}</span>", facts.join(" · "));
            }
            if !r.commitments.is_empty() {
                o.push_str("<ul>");
                for c in &r.commitments {
                    let _ = write!(
                        o,
                        "<li>Commitment — {}: {}</li>",
                        user(&c.who),
                        user(&c.what)
                    );
                }
                o.push_str("</ul>");
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");

    // You said, we did.
    o.push_str("<section>\n<h2>You said, we did</h2>\n");
    if sum.you_said.is_empty() {
        o.push_str("<p>No responses recorded yet.</p>\n");
    } else {
        o.push_str("<table>\n<thead><tr><th scope=\"col\">You said</th><th scope=\"col\">We did</th><th scope=\"col\">Owner</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
        for (said, r) in &sum.you_said {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td><strong>{}:</strong> {}</td><td>{}</td><td>{}</td></tr>",
                user(said),
                r.kind.label(),
                user(&r.text),
                user(&r.owner),
                r.status.label()
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");

    // Appendix.
    o.push_str("<section>\n<h2>Appendix: every note</h2>\n");
    for (step, tables) in sum.appendix() {
        let _ = writeln!(o, "<h3>{}</h3>", user(&step.title));
        for (table, notes) in tables {
            let _ = writeln!(
                o,
                "<h4>{}</h4>\n<ul class=\"notes\">",
                user(&sum.table_name(table))
            );
            for n in notes {
                let _ = writeln!(
                    o,
                    "<li>{} <span class=\"note-meta\">({})</span></li>",
                    user(&n.text),
                    sum.note_marks(n, user)
                );
            }
            o.push_str("</ul>\n");
        }
    }
    let _ = write!(
        o,
        "</section>\n</main>\n<footer>Made with convene from a session saved at revision {}.</footer>\n</body>\n</html>\n",
        s.revision
    );
    o
}

fn quote(sum: &Summary, n: &Note) -> String {
    format!(
        "{} <span class=\"note-meta\">— {}, {}</span>",
        user(&n.text),
        sum.quote_source(n, user),
        n.kind.label()
    )
}

/// Horizontal bars: notes per principle, one segment per table, with a text alternative.
fn notes_chart(sum: &Summary) -> String {
    if sum.principles.iter().all(|p| p.notes.is_empty()) {
        return String::new();
    }
    let max = sum
        .principles
        .iter()
        .map(|p| p.notes.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let (label_w, bar_w, row_h) = (260.0, 380.0, 26.0);
    let height = row_h * sum.principles.len() as f64 + 40.0;
    let mut desc = Vec::new();
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"notes-title notes-desc\" viewBox=\"0 0 {} {height}\" width=\"100%\">",
        label_w + bar_w + 60.0
    );
    for (i, p) in sum.principles.iter().enumerate() {
        let y = 10.0 + i as f64 * row_h;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}. {}</text>",
            label_w - 8.0,
            y + 15.0,
            p.number,
            plain(&truncate(p.title, 38))
        );
        let mut x = label_w;
        let mut parts = Vec::new();
        for (table, count) in &p.per_table {
            if *count == 0 {
                continue;
            }
            let w = bar_w * *count as f64 / max as f64;
            let (r, g, b) = sum
                .session
                .table(*table)
                .map_or((153, 153, 153), |t| t.colour.rgb());
            let letter = plain(&sum.table_letter(*table));
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#{r:02x}{g:02x}{b:02x}\" stroke=\"#111\" stroke-width=\"0.5\"/>",
                row_h - 6.0
            );
            if w >= 14.0 {
                let _ = write!(
                    svg,
                    "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" style=\"fill:{}\">{letter}</text>",
                    x + w / 2.0,
                    y + 15.0,
                    ink_on((r, g, b))
                );
            }
            parts.push(format!("table {} {count}", user(&sum.table_letter(*table))));
            x += w;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\">{}</text>",
            x + 6.0,
            y + 15.0,
            p.notes.len()
        );
        desc.push(format!(
            "{}: {} ({})",
            user(p.title),
            p.notes.len(),
            if parts.is_empty() {
                "none".into()
            } else {
                parts.join(", ")
            }
        ));
    }
    svg.push_str("</svg>");
    format!(
        "<figure>\n<figcaption id=\"notes-title\">Notes per principle, by table</figcaption>\n{svg}\n<p id=\"notes-desc\" class=\"meta\">{}.</p>\n</figure>\n",
        desc.join("; ")
    )
}

/// Horizontal bars: dots per theme, with a text alternative.
fn votes_chart(sum: &Summary) -> String {
    let max = sum.priorities.iter().map(|t| t.dots).max().unwrap_or(0);
    if max == 0 {
        return String::new();
    }
    let (label_w, bar_w, row_h) = (300.0, 340.0, 24.0);
    let height = row_h * sum.priorities.len() as f64 + 20.0;
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"votes-title votes-desc\" viewBox=\"0 0 {} {height}\" width=\"100%\">",
        label_w + bar_w + 50.0
    );
    let mut desc = Vec::new();
    for (i, t) in sum.priorities.iter().enumerate() {
        let y = 10.0 + i as f64 * row_h;
        let w = bar_w * t.dots as f64 / max as f64;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"#0072B2\"/><text x=\"{:.1}\" y=\"{}\">{}</text>",
            label_w - 8.0,
            y + 14.0,
            plain(&truncate(t.label, 42)),
            row_h - 6.0,
            label_w + w + 6.0,
            y + 14.0,
            t.dots
        );
        desc.push(format!(
            "{}: {}",
            user(t.label),
            plural(t.dots as usize, "dot")
        ));
    }
    svg.push_str("</svg>");
    format!(
        "<figure>\n<figcaption id=\"votes-title\">Dots per theme</figcaption>\n{svg}\n<p id=\"votes-desc\" class=\"meta\">{}.</p>\n</figure>\n",
        desc.join("; ")
    )
}

/// Black or white, whichever reads better on a background of this colour (WCAG luminance).
fn ink_on((r, g, b): (u8, u8, u8)) -> &'static str {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // Contrast with black is (l + 0.05) / 0.05; with white, 1.05 / (l + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#111"
    } else {
        "#fff"
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{fffd}b");
    }

    #[test]
    fn user_text_is_isolated_and_labels_drop_bidirectional_controls() {
        assert_eq!(user("a\u{202e}<b>"), "<bdi>a\u{202e}&lt;b&gt;</bdi>");
        assert_eq!(plain("a\u{202e}b\u{2066}c\u{200f}"), "abc");
    }
}
