//! The room server's routes: the participant page, notes (JSON or the page's plain form),
//! take-back, dots and the live state; each request checked for form, then handed to the
//! writer and answered once it is durable.

use super::code;
use super::desk::{Answer, Ask, MAX_NOTE_CHARS, Request, device_key};
use super::limits::Verdict;
use super::page;
use super::server::{LONG_POLL, MAX_BODY, Shared, WRITER_WAIT, too_many, too_many_as};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::sync::mpsc::TrySendError;
use tokio::sync::oneshot;

/// Every route, and a page for any other address.
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(home))
        .route("/join", get(join_get))
        .route("/favicon.ico", get(no_icon))
        .route("/j/{code}", get(page_get))
        .route("/j/{code}/t/{table}", get(page_for_table))
        .route("/j/{code}/notes", post(notes_post))
        .route("/j/{code}/notes/{id}/take-back", post(take_back_post))
        .route("/j/{code}/dots", post(dots_post))
        .route("/j/{code}/state", get(state_get))
        .fallback(not_found)
}

async fn home() -> Response {
    page::join_form(
        StatusCode::OK,
        "Type the code shown on the projector, or open the whole address shown there.",
    )
}

#[derive(Debug, Deserialize, Default)]
struct JoinQuery {
    #[serde(default)]
    code: String,
}

/// The code typed on the front page: on to the page it opens, or the box again.
async fn join_get(State(shared): State<Shared>, Query(query): Query<JoinQuery>) -> Response {
    let code = shared.code.read().map(|c| c.clone()).unwrap_or_default();
    if code::matches(&code, &query.code) {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(to) = HeaderValue::from_str(&format!("/j/{code}")) {
            response.headers_mut().insert(header::LOCATION, to);
        }
        response
    } else {
        page::join_form(
            StatusCode::FORBIDDEN,
            "That code does not work. Type the code shown on the projector now (it may have \
             been changed).",
        )
    }
}

/// Browsers ask for an icon; there is none (and nothing to log).
async fn no_icon() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

async fn not_found() -> Response {
    page::message(
        StatusCode::NOT_FOUND,
        "Not here",
        "There is nothing at this address. Open the address on the projector, with its code.",
    )
}

/// Refuses a wrong (or old) code with a page that says what to do.
fn check_code(shared: &Shared, given: &str) -> Result<(), Box<Response>> {
    let code = shared.code.read().map(|c| c.clone()).unwrap_or_default();
    if code::matches(&code, given) {
        Ok(())
    } else {
        Err(Box::new(page::message(
            StatusCode::FORBIDDEN,
            "That code does not work",
            "The code may have been changed. Look at the projector for the current address \
             and code.",
        )))
    }
}

#[derive(Debug, Deserialize, Default)]
struct PageQuery {
    table: Option<String>,
}

async fn page_get(
    State(shared): State<Shared>,
    Path(code): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    page_response(&shared, &code, query.table, None)
}

async fn page_for_table(
    State(shared): State<Shared>,
    Path((code, table)): Path<(String, String)>,
) -> Response {
    page_response(&shared, &code, Some(table), None)
}

fn page_response(
    shared: &Shared,
    code: &str,
    table: Option<String>,
    notice: Option<page::Notice>,
) -> Response {
    if let Err(refused) = check_code(shared, code) {
        return *refused;
    }
    let published = shared.view.borrow().clone();
    page::participant(
        &published.view,
        &page::PageContext {
            code: shared.code.read().map(|c| c.clone()).unwrap_or_default(),
            table,
            client: code::new_client_id(),
            seq: 1,
            notice,
        },
    )
}

/// A note as the scripted interface sends it.
#[derive(Debug, Deserialize)]
struct NoteBody {
    table: String,
    text: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    sensitive: bool,
    client: String,
    seq: u64,
}

/// The same fields from the page's plain form (no JavaScript).
#[derive(Debug, Deserialize)]
struct NoteForm {
    #[serde(default)]
    table: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    sensitive: Option<String>,
    #[serde(default)]
    client: String,
    #[serde(default)]
    seq: u64,
}

/// How the device sent its request: JSON (answered in JSON) or the page's form (answered
/// with the page).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// The body as UTF-8 text, or the answer that refuses it.
fn body_text(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<String, Refusal> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::new(
                413,
                format!("a request holds at most {MAX_BODY} bytes; shorten the note"),
            )
        } else {
            Refusal::new(400, format!("the request could not be read: {e}"))
        }
    })?;
    String::from_utf8(bytes.to_vec())
        .map_err(|_| Refusal::new(400, "the request is not UTF-8 text"))
}

/// A request refused before it reached the writer.
#[derive(Debug)]
struct Refusal {
    status: u16,
    message: String,
}

impl Refusal {
    fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

/// A device's own id: 8 to 64 letters, digits, `-` or `_`.
fn check_client(client: &str) -> Result<(), Refusal> {
    let ok = (8..=64).contains(&client.len())
        && client
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Refusal::new(
            400,
            "`client` is the device's own id: 8 to 64 letters, digits, - or _",
        ))
    }
}

async fn notes_post(
    State(shared): State<Shared>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let json = is_json(&headers);
    if let Err(refused) = check_code(&shared, &code) {
        return if json {
            json_error(
                403,
                "wrong or old join code: look at the projector for the current one",
            )
        } else {
            *refused
        };
    }
    if json {
        let note = body_text(body).and_then(|text| {
            let note: NoteBody = serde_json::from_str(&text)
                .map_err(|e| Refusal::new(400, format!("the note could not be read: {e}")))?;
            check_client(&note.client)?;
            pre_check_text(&note.text)?;
            Ok(note)
        });
        let note = match note {
            Ok(note) => note,
            Err(r) => return json_error(r.status, &r.message),
        };
        if let Verdict::Wait(s) = shared.limiter.check_client(&note.client) {
            return too_many_as(true, s);
        }
        let ask = Ask::Note {
            table: note.table,
            text: note.text,
            kind: note.kind,
            sensitive: note.sensitive,
            client: note.client,
            seq: note.seq,
        };
        match ask_writer(&shared, ask).await {
            Answer::Refused { status, message } => json_error(status, &message),
            answer => json_answer(201, &answer),
        }
    } else if is_form(&headers) {
        let form = body_text(body)
            .and_then(|text| serde_urlencoded_form(&text).map_err(|e| Refusal::new(400, e)));
        let form = match form {
            Ok(f) => f,
            Err(r) => return form_refusal(&shared, &code, None, String::new(), r),
        };
        let table = Some(form.table.clone()).filter(|t| !t.is_empty());
        if let Err(r) = check_client(&form.client).and_then(|()| pre_check_text(&form.text)) {
            return form_refusal(&shared, &code, table, form.text.clone(), r);
        }
        if let Verdict::Wait(s) = shared.limiter.check_client(&form.client) {
            return too_many(s);
        }
        let ask = Ask::Note {
            table: form.table.clone(),
            text: form.text.clone(),
            kind: form.kind.clone(),
            sensitive: form.sensitive.is_some(),
            client: form.client.clone(),
            seq: form.seq,
        };
        let notice = match ask_writer(&shared, ask).await {
            Answer::Noted { id } => page::Notice::Received { id },
            Answer::Refused { status, message } => page::Notice::Refused {
                status,
                message,
                draft: form.text.clone(),
            },
            _ => page::Notice::Refused {
                status: 500,
                message: "unexpected answer".into(),
                draft: form.text.clone(),
            },
        };
        let published = shared.view.borrow().clone();
        let status = match &notice {
            page::Notice::Refused { status, .. } => *status,
            _ => 200,
        };
        let mut response = page::participant(
            &published.view,
            &page::PageContext {
                code: code.clone(),
                table,
                client: form.client,
                // A note received moves the form on; a refused one is sent again as it was.
                seq: if status == 200 {
                    form.seq + 1
                } else {
                    form.seq
                },
                notice: Some(notice),
            },
        );
        *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        response
    } else {
        json_error(
            415,
            "send the note as JSON (Content-Type: application/json) or from the page's form",
        )
    }
}

/// Refuses an empty or oversized note before it reaches the writer (the writer checks again).
fn pre_check_text(text: &str) -> Result<(), Refusal> {
    super::desk::clean_text(text)
        .map(|_| ())
        .map_err(|a| match a {
            Answer::Refused { status, message } => Refusal::new(status, message),
            _ => Refusal::new(
                400,
                format!("a note holds 1 to {MAX_NOTE_CHARS} characters"),
            ),
        })
}

fn serde_urlencoded_form(text: &str) -> Result<NoteForm, String> {
    let pairs = url_form_pairs(text);
    let mut form = NoteForm {
        table: String::new(),
        text: String::new(),
        kind: String::new(),
        sensitive: None,
        client: String::new(),
        seq: 0,
    };
    for (k, v) in pairs {
        match k.as_str() {
            "table" => form.table = v,
            "text" => form.text = v,
            "kind" => form.kind = v,
            "sensitive" => form.sensitive = Some(v),
            "client" => form.client = v,
            "seq" => {
                form.seq = v
                    .parse()
                    .map_err(|_| "the form's `seq` is not a number".to_string())?
            }
            _ => {}
        }
    }
    Ok(form)
}

/// `a=1&b=x+y` → pairs, with `+` and `%XX` decoded (invalid UTF-8 replaced).
fn url_form_pairs(text: &str) -> Vec<(String, String)> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
        &format!("/?{text}")
            .parse()
            .unwrap_or_else(|_| "/".parse().expect("a uri")),
    )
    .map(|q| q.0)
    .unwrap_or_default()
}

fn form_refusal(
    shared: &Shared,
    code: &str,
    table: Option<String>,
    draft: String,
    r: Refusal,
) -> Response {
    let mut response = page_response(
        shared,
        code,
        table,
        Some(page::Notice::Refused {
            status: r.status,
            message: r.message,
            draft,
        }),
    );
    *response.status_mut() = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST);
    response
}

/// Hands `ask` to the writer and waits for its answer: 503 (send again) when the writer is
/// too busy or does not answer in time. A request dropped here may still be committed; the
/// retry with the same `(client, seq)` then gets the same answer.
async fn ask_writer(shared: &Shared, ask: Ask) -> Answer {
    let (tx, rx) = oneshot::channel();
    match shared.requests.try_send(Request { ask, reply: tx }) {
        Ok(()) => {}
        Err(TrySendError::Full(_)) => {
            return Answer::unavailable("the facilitator's laptop is busy");
        }
        Err(TrySendError::Disconnected(_)) => return Answer::unavailable("sharing has stopped"),
    }
    match tokio::time::timeout(WRITER_WAIT, rx).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(_)) => Answer::unavailable("sharing has stopped"),
        Err(_) => Answer::unavailable("the facilitator's laptop is slow to answer"),
    }
}

#[derive(Debug, Deserialize)]
struct TakeBackBody {
    client: String,
}

async fn take_back_post(
    State(shared): State<Shared>,
    Path((code, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    if let Err(refused) = check_code(&shared, &code) {
        if !is_json(&headers) {
            return *refused;
        }
        return json_error(
            403,
            "wrong or old join code: look at the projector for the current one",
        );
    }
    let Ok(note) = id.parse::<u32>() else {
        return json_error(400, "a note's id is a number");
    };
    // From the script: JSON in and out. From the page's button (no script): a form, answered
    // with the page.
    let form = !is_json(&headers);
    let mut table = None;
    let client = body_text(body).and_then(|text| {
        let client = if form {
            let pairs = url_form_pairs(&text);
            let field = |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            table = field("table").filter(|t| !t.is_empty());
            field("client").unwrap_or_default()
        } else {
            serde_json::from_str::<TakeBackBody>(&text)
                .map_err(|e| Refusal::new(400, format!("the request could not be read: {e}")))?
                .client
        };
        check_client(&client)?;
        Ok(client)
    });
    let client = match client {
        Ok(c) => c,
        Err(r) if form => return form_refusal(&shared, &code, table, String::new(), r),
        Err(r) => return json_error(r.status, &r.message),
    };
    if let Verdict::Wait(s) = shared.limiter.check_client(&client) {
        return too_many_as(!form, s);
    }
    let answer = ask_writer(
        &shared,
        Ask::TakeBack {
            client: client.clone(),
            note,
        },
    )
    .await;
    if !form {
        return match answer {
            Answer::Refused { status, message } => json_error(status, &message),
            answer => json_answer(200, &answer),
        };
    }
    match answer {
        Answer::Refused { status, message } => {
            let mut response = page_response(
                &shared,
                &code,
                table,
                Some(page::Notice::NotTakenBack { message }),
            );
            *response.status_mut() =
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            response
        }
        _ => page_response(
            &shared,
            &code,
            table,
            Some(page::Notice::TakenBack { id: note }),
        ),
    }
}

#[derive(Debug, Deserialize)]
struct DotsBody {
    client: String,
    table: String,
    theme: u32,
    dots: u32,
}

async fn dots_post(
    State(shared): State<Shared>,
    Path(code): Path<String>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    if check_code(&shared, &code).is_err() {
        return json_error(
            403,
            "wrong or old join code: look at the projector for the current one",
        );
    }
    let dots = body_text(body).and_then(|text| {
        let dots: DotsBody = serde_json::from_str(&text)
            .map_err(|e| Refusal::new(400, format!("the request could not be read: {e}")))?;
        check_client(&dots.client)?;
        Ok(dots)
    });
    let dots = match dots {
        Ok(d) => d,
        Err(r) => return json_error(r.status, &r.message),
    };
    if let Verdict::Wait(s) = shared.limiter.check_client(&dots.client) {
        return too_many_as(true, s);
    }
    let ask = Ask::Dots {
        client: dots.client,
        table: dots.table,
        theme: dots.theme,
        dots: dots.dots,
    };
    match ask_writer(&shared, ask).await {
        Answer::Refused { status, message } => json_error(status, &message),
        answer => json_answer(200, &answer),
    }
}

#[derive(Debug, Deserialize, Default)]
struct StateQuery {
    /// The version the page has: the answer waits (up to [`LONG_POLL`]) for a newer one.
    since: Option<u64>,
    client: Option<String>,
}

/// The room's view as JSON, for the page's script: waits for a change when the page already
/// has the current version.
async fn state_get(
    State(shared): State<Shared>,
    Path(code): Path<String>,
    Query(query): Query<StateQuery>,
) -> Response {
    if check_code(&shared, &code).is_err() {
        return json_error(
            403,
            "wrong or old join code: look at the projector for the current one",
        );
    }
    let mut view = shared.view.clone();
    // A clone has seen only what the original saw (the first view): mark the current one seen,
    // so that `changed` waits for the next rather than answering at once.
    if let Some(since) = query.since
        && view.borrow_and_update().version == since
    {
        let _ = tokio::time::timeout(LONG_POLL, view.changed()).await;
    }
    let published = view.borrow().clone();
    let (mine, left) = query
        .client
        .as_deref()
        .filter(|c| check_client(c).is_ok())
        .map(|c| published.view.dots_of(&device_key(c)))
        .unwrap_or_default();
    let body = serde_json::json!({
        "version": published.version,
        "room": &*published.view,
        "my_dots": mine.iter().map(|(t, d)| serde_json::json!({"theme": t, "dots": d})).collect::<Vec<_>>(),
        "dots_left": left,
    });
    json_response(200, body.to_string())
}

fn json_answer(status: u16, answer: &Answer) -> Response {
    json_response(
        status,
        serde_json::to_string(answer).unwrap_or_else(|_| "{}".into()),
    )
}

fn json_error(status: u16, message: &str) -> Response {
    let mut response = json_response(status, serde_json::json!({ "error": message }).to_string());
    if status == 503 {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

fn json_response(status: u16, body: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}
