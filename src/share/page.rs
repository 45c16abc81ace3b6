//! The participant's page: one small self-contained HTML page (no external assets) that works
//! as a plain form without JavaScript; its script only makes it nicer. Every piece of session
//! text is escaped and isolated, and the page allows nothing but itself (a per-response nonce
//! in its Content-Security-Policy).

use super::room::RoomView;
use crate::export::html::{escape, user};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

/// What a page says above the form after a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The note is on disk.
    Received { id: u32 },
    /// A note this device sent is taken back.
    TakenBack { id: u32 },
    /// A note could not be taken back (someone else's, gone, too late).
    NotTakenBack { message: String },
    /// Not taken; the draft is put back in the box.
    Refused {
        status: u16,
        message: String,
        draft: String,
    },
}

/// Who the page is for: the code in its address, the table chosen, and the device's own id
/// and count (carried by the form, so a page sent twice adds one note).
#[derive(Debug, Clone)]
pub struct PageContext {
    pub code: String,
    pub table: Option<String>,
    pub client: String,
    pub seq: u64,
    pub notice: Option<Notice>,
}

const STYLE: &str = include_str!("../../assets/share/page.css");
const SCRIPT: &str = include_str!("../../assets/share/page.js");

/// The participant page for the room's current view.
pub fn participant(view: &RoomView, ctx: &PageContext) -> Response {
    let nonce = super::code::new_client_id();
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        participant_html(view, ctx, &nonce),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&participant_csp(&nonce)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// What the participant page may load: only its own nonce'd style and script, requests to its
/// own server, and forms sent back there.
fn participant_csp(nonce: &str) -> String {
    format!(
        "default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; \
         connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none'"
    )
}

/// The participant page's HTML, its style and script carrying `nonce`.
fn participant_html(view: &RoomView, ctx: &PageContext, nonce: &str) -> String {
    let mut body = String::with_capacity(8 * 1024);
    let code = escape(&ctx.code);
    let _ = write!(
        body,
        "<header><p class=\"workshop\" id=\"workshop\">{title}</p>\
         <h1 id=\"step-title\">{step}</h1>\
         <p class=\"label\" id=\"step-label\">{label}</p>\
         <p class=\"prompt\" id=\"step-prompt\">{prompt}</p></header>",
        title = user(&view.title),
        step = user(&view.step.title),
        label = escape(&view.step.label),
        prompt = user(&view.step.prompt),
    );
    let _ = write!(body, "<main>");
    // While the room votes, the dots come first (the script fills them in).
    body.push_str(
        "<section id=\"voting\" aria-labelledby=\"voting-title\" hidden>\
        <h2 id=\"voting-title\">Place your dots</h2><p id=\"dots-left\"></p>\
        <ul id=\"theme-list\"></ul><div id=\"dots-status\" role=\"status\" \
        aria-live=\"polite\"></div></section>",
    );
    body.push_str("<div id=\"status\" role=\"status\" aria-live=\"polite\">");
    match &ctx.notice {
        Some(Notice::Received { id }) => {
            // Without the script, the way to take it back is a button on this answer page.
            let _ = write!(
                body,
                "<p class=\"received\">Received ✓ — your note is saved (number {id}).</p>\
                 <form method=\"post\" action=\"/j/{code}/notes/{id}/take-back\" \
                 class=\"take-back\"><input type=\"hidden\" name=\"client\" value=\"{client}\">\
                 <input type=\"hidden\" name=\"table\" value=\"{table}\">\
                 <button type=\"submit\">I've changed my mind — take it back</button></form>",
                client = escape(&ctx.client),
                table = escape(ctx.table.as_deref().unwrap_or("")),
            );
        }
        Some(Notice::NotTakenBack { message }) => {
            let _ = write!(
                body,
                "<p class=\"refused\">⚠ Not taken back: {}</p>",
                user(message)
            );
        }
        Some(Notice::TakenBack { id }) => {
            let _ = write!(
                body,
                "<p class=\"received\">Taken back — note {id} is no longer on the wall.</p>"
            );
        }
        Some(Notice::Refused { message, .. }) => {
            let _ = write!(
                body,
                "<p class=\"refused\">⚠ Not sent: {}</p>",
                user(message)
            );
        }
        None => {}
    }
    body.push_str("</div>");
    let draft = match &ctx.notice {
        Some(Notice::Refused { draft, .. }) => draft.as_str(),
        _ => "",
    };
    let chosen = ctx
        .table
        .as_deref()
        .and_then(|t| {
            view.tables
                .iter()
                .find(|x| x.letter.eq_ignore_ascii_case(t.trim()))
        })
        .map(|t| t.letter.clone());
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/j/{code}/notes\" id=\"note-form\">\
         <input type=\"hidden\" name=\"client\" value=\"{client}\">\
         <input type=\"hidden\" name=\"seq\" value=\"{seq}\">",
        client = escape(&ctx.client),
        seq = ctx.seq,
    );
    body.push_str("<fieldset class=\"tables\"><legend>Your table</legend>");
    if view.tables.is_empty() {
        body.push_str("<p>No tables yet: ask the facilitator to add them.</p>");
    }
    for t in &view.tables {
        let checked = if chosen.as_deref() == Some(t.letter.as_str()) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            body,
            "<label class=\"choice\"><input type=\"radio\" name=\"table\" value=\"{v}\" \
             required{checked}><span>{label}</span></label>",
            v = escape(&t.letter),
            label = user(&t.label),
        );
    }
    body.push_str("</fieldset><p id=\"table-chosen\" class=\"chosen\" hidden></p>");
    let _ = write!(
        body,
        "<label for=\"text\" class=\"big\">Your note</label>\
         <textarea id=\"text\" name=\"text\" rows=\"4\" maxlength=\"{max}\" required \
         aria-describedby=\"text-help\">{draft}</textarea>\
         <p id=\"text-help\" class=\"help\">No names needed. Your note shows which table it \
         came from, never who wrote it.</p>",
        max = super::desk::MAX_NOTE_CHARS,
        draft = escape(draft),
    );
    body.push_str("<fieldset class=\"kinds\"><legend>What kind of note?</legend>");
    for (i, k) in view.kinds.iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        let _ = write!(
            body,
            "<label class=\"choice kind\"><input type=\"radio\" name=\"kind\" value=\"{name}\"{checked}>\
             <span><span aria-hidden=\"true\" class=\"symbol\">{symbol}</span> {label}</span></label>",
            name = escape(&k.name),
            symbol = escape(&k.symbol),
            label = escape(&k.label),
        );
    }
    body.push_str("</fieldset>");
    body.push_str(
        "<label class=\"choice check\"><input type=\"checkbox\" name=\"sensitive\" value=\"1\">\
         <span>Keep it off the projector (sensitive)</span></label>",
    );
    let disabled = if view.step.takes_notes {
        ""
    } else {
        " disabled"
    };
    let _ = write!(
        body,
        "<button type=\"submit\" class=\"send\"{disabled}>Send note</button>"
    );
    let _ = write!(
        body,
        "<p class=\"help closed\" id=\"closed\"{hidden}>Notes are not being collected in this step; you can still write yours and send it \
         when the next step opens.</p>",
        hidden = if view.step.takes_notes { " hidden" } else { "" },
    );
    body.push_str("</form>");
    body.push_str(
        "<section id=\"sent\" aria-labelledby=\"sent-title\" hidden>\
        <h2 id=\"sent-title\">Sent from this phone</h2><p class=\"help\">For ten minutes after \
        sending, you can take a note back.</p><ul id=\"sent-list\"></ul></section>",
    );
    body.push_str("</main>");
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>convene: add your note</title>\
         <style nonce=\"{nonce}\">{STYLE}</style></head>\
         <body data-code=\"{code}\" data-client=\"{client}\" data-seq=\"{seq}\">{body}\
         <script nonce=\"{nonce}\">{SCRIPT}</script></body></html>",
        client = escape(&ctx.client),
        seq = ctx.seq,
    )
}

/// A short page that says one thing (an error, or where to go), with its status.
pub fn message(status: StatusCode, title: &str, text: &str) -> Response {
    message_with(status, title, text, "")
}

/// The server's front page: a box for the code on the projector, for people who typed only
/// the address (`http://ADDR:PORT`). Works without JavaScript.
pub fn join_form(status: StatusCode, text: &str) -> Response {
    message_with(
        status,
        "Join the workshop",
        text,
        "<form method=\"get\" action=\"/join\" class=\"join\">\
         <label for=\"code\" class=\"big\">The code on the projector</label>\
         <input id=\"code\" name=\"code\" autocomplete=\"off\" autocapitalize=\"characters\" \
         spellcheck=\"false\" required maxlength=\"20\">\
         <button type=\"submit\" class=\"send\">Join</button></form>",
    )
}

/// A short page: a title, a sentence, and `extra` HTML of the server's own (never user text).
fn message_with(status: StatusCode, title: &str, text: &str, extra: &str) -> Response {
    let nonce = super::code::new_client_id();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><style nonce=\"{nonce}\">{STYLE}</style></head>\
         <body><main><h1>{t}</h1><p>{x}</p>{extra}</main></body></html>",
        t = escape(title),
        x = escape(text),
    );
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none'"
    )) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::room::{KindView, StepView, TableView};

    fn room(takes_notes: bool) -> RoomView {
        RoomView {
            title: "Jobs <b>fair</b>".into(),
            step: StepView {
                id: "welcome".into(),
                label: "Step 1".into(),
                title: "Welcome".into(),
                prompt: "Who is here?".into(),
                takes_notes,
            },
            tables: vec![
                TableView {
                    letter: "A".into(),
                    name: "\"><img src=x onerror=alert(1)>".into(),
                    label: "Table A · \"><img src=x onerror=alert(1)>".into(),
                },
                TableView {
                    letter: "B".into(),
                    name: "Garden".into(),
                    label: "Table B · Garden".into(),
                },
            ],
            kinds: vec![KindView {
                name: "idea".into(),
                label: "Idea".into(),
                symbol: "+".into(),
            }],
            voting: None,
        }
    }

    fn context(table: Option<&str>, notice: Option<Notice>) -> PageContext {
        PageContext {
            code: "AB2CD3E".into(),
            table: table.map(str::to_string),
            client: "0123456789abcdef".into(),
            seq: 7,
            notice,
        }
    }

    #[test]
    fn the_plain_form_posts_the_note_with_the_device_id_and_number() {
        let html = participant_html(&room(true), &context(Some("b"), None), "N0NCE");
        assert!(html.contains("<form method=\"post\" action=\"/j/AB2CD3E/notes\""));
        assert!(html.contains("name=\"client\" value=\"0123456789abcdef\""));
        assert!(html.contains("name=\"seq\" value=\"7\""));
        assert!(
            html.contains("value=\"B\" required checked"),
            "table B chosen"
        );
        assert!(html.contains("<style nonce=\"N0NCE\">"));
        assert!(html.contains("<script nonce=\"N0NCE\">"));
        assert!(html.contains("id=\"closed\" hidden"), "notes are open");
        assert!(!html.contains("class=\"send\" disabled"));
    }

    #[test]
    fn session_text_is_escaped() {
        let html = participant_html(&room(true), &context(None, None), "n");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>fair"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        let refused = Notice::Refused {
            status: 400,
            message: "<script>x</script>".into(),
            draft: "</textarea><script>y</script>".into(),
        };
        let html = participant_html(&room(true), &context(None, Some(refused)), "n");
        assert_eq!(html.matches("<script").count(), 1, "only the page's own");
        assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;y"));
    }

    #[test]
    fn a_step_without_notes_disables_sending_and_says_why() {
        let html = participant_html(&room(false), &context(None, None), "n");
        assert!(html.contains("class=\"send\" disabled"));
        assert!(html.contains("id=\"closed\">"));
        assert!(html.contains("Notes are not being collected in this step"));
    }

    #[test]
    fn the_policy_allows_only_the_page_itself() {
        let csp = participant_csp("N0NCE");
        assert!(csp.starts_with("default-src 'none';"));
        assert!(csp.contains("script-src 'nonce-N0NCE';"));
        assert!(csp.contains("style-src 'nonce-N0NCE';"));
        assert!(csp.contains("connect-src 'self';"));
        assert!(csp.contains("form-action 'self';"));
        assert!(!csp.contains("unsafe"));
    }
}
