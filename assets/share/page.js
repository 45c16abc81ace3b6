// The participant page works as a plain form; this script only makes it nicer: it remembers
// the table, sends notes with fetch (kept on the phone and sent again, with the same id, until
// the laptop says they are saved), follows the facilitator's steps, lists the notes sent from
// this phone (each can be taken back for ten minutes) and places dots while the room votes.
// Session text only ever reaches the page as textContent.
"use strict";
(() => {
  const body = document.body;
  const code = body.dataset.code;
  const base = "/j/" + encodeURIComponent(code);
  const form = document.getElementById("note-form");
  if (!code || !form || !window.fetch || !window.JSON) return;

  const $ = (id) => document.getElementById(id);
  const mainStatus = $("status");
  const text = $("text");
  const send = form.querySelector(".send");
  const closed = $("closed");
  const TAKE_BACK_MS = 10 * 60 * 1000;

  // ---- What this phone remembers (localStorage; a private window may refuse it) ----
  const store = {
    get(key, fallback) {
      try {
        const v = localStorage.getItem("convene." + key);
        return v === null ? fallback : JSON.parse(v);
      } catch (e) {
        return fallback;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem("convene." + key, JSON.stringify(value));
      } catch (e) {
        /* not remembered: the page still works for this visit */
      }
    },
  };

  const validClient = (c) => typeof c === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(c);
  function newClient() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  let client = store.get("client", null);
  if (!validClient(client)) {
    client = window.crypto && crypto.getRandomValues ? newClient() : body.dataset.client;
    store.set("client", client);
  }
  // The next number to give a note; a note keeps its number however often it is sent.
  let seq = Math.max(Number(store.get("seq", 1)) || 1, 1);
  function takeSeq() {
    // Another tab on this phone may have taken numbers too: never give one out twice.
    seq = Math.max(seq, Number(store.get("seq", 1)) || 1);
    const n = seq;
    seq += 1;
    store.set("seq", seq);
    return n;
  }
  // Answers appear under the button just pressed, not at the top out of sight.
  send.after(mainStatus);
  form.elements.client.value = client;
  form.elements.seq.value = String(seq);

  // ---- Saying what happened (one live region) ----
  function say(message, kind, where) {
    const status = where || mainStatus;
    status.textContent = "";
    const p = document.createElement("p");
    p.className = kind || "";
    if (kind === "received") p.textContent = "Received ✓ — " + message;
    else if (kind === "refused") p.textContent = "⚠ " + message;
    else p.textContent = message;
    status.appendChild(p);
    if (kind === "received" || kind === "refused") status.scrollIntoView({ block: "nearest" });
  }

  // ---- The table: chosen once, remembered, shown as one line with a way to change it ----
  const tablesBox = form.querySelector("fieldset.tables");
  const chosenLine = $("table-chosen");
  const tableInputs = () => Array.from(form.querySelectorAll("input[name=table]"));
  function currentTable() {
    const on = tableInputs().find((i) => i.checked);
    return on ? on.value : "";
  }
  function showTable(collapse) {
    const on = tableInputs().find((i) => i.checked);
    if (!on || !collapse) {
      tablesBox.hidden = false;
      chosenLine.hidden = true;
      return;
    }
    chosenLine.textContent = "";
    const words = document.createElement("span");
    words.textContent = "Your table: " + on.parentElement.textContent.trim();
    const change = document.createElement("button");
    change.type = "button";
    change.className = "quiet";
    change.textContent = "Change table";
    change.addEventListener("click", () => {
      showTable(false);
      on.focus();
    });
    chosenLine.append(words, " ", change);
    chosenLine.hidden = false;
    tablesBox.hidden = true;
  }
  function chooseStoredTable() {
    const given = currentTable(); // a per-table link preselects one
    if (given) {
      store.set("table", given);
    } else {
      const remembered = store.get("table", "");
      const input = tableInputs().find((i) => i.value === remembered);
      if (input) input.checked = true;
    }
    showTable(true);
  }
  form.addEventListener("change", (e) => {
    if (e.target.name === "table") {
      store.set("table", e.target.value);
      showTable(true);
      renderVoting();
    }
  });

  // ---- The draft: kept on the phone while it is written ----
  if (!text.value) text.value = store.get("draft", "");
  text.addEventListener("input", () => store.set("draft", text.value));

  // ---- Sending: a queue on the phone, emptied in order, each note with its own seq ----
  let queue = store.get("queue", []);
  if (!Array.isArray(queue)) queue = [];
  // Notes queued for another join code cannot be sent here: back into the box.
  const elsewhere = queue.filter((q) => q.code !== code);
  if (elsewhere.length) {
    queue = queue.filter((q) => q.code === code);
    text.value = [text.value, ...elsewhere.map((q) => q.text)].filter(Boolean).join("\n\n");
    store.set("draft", text.value);
    store.set("queue", queue);
  }
  // The list of notes sent is kept for a day at most: a shared phone forgets it.
  const DAY_MS = 24 * 60 * 60 * 1000;
  let sent = store.get("sent." + code, []);
  if (!Array.isArray(sent)) sent = [];
  sent = sent.filter((n) => Date.now() - n.at < DAY_MS);
  store.set("sent." + code, sent);
  let sending = false;
  let attempt = 0;
  let retryTimer = null;

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    if (send.disabled) return;
    const kind = form.querySelector("input[name=kind]:checked");
    queue.push({
      code,
      seq: takeSeq(),
      table: currentTable(),
      text: text.value,
      kind: kind ? kind.value : "",
      sensitive: form.elements.sensitive.checked,
    });
    store.set("queue", queue);
    text.value = "";
    store.set("draft", "");
    form.elements.sensitive.checked = false;
    form.elements.seq.value = String(seq);
    say("Sending your note…");
    renderSent();
    attempt = 0;
    pump();
  });

  function retryAfter(res) {
    const s = Number(res && res.headers.get("Retry-After"));
    return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
  }

  async function readJson(res) {
    try {
      return await res.json();
    } catch (e) {
      return {};
    }
  }

  function later(waitMs, why) {
    attempt += 1;
    const backoff = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);
    const wait = Math.max(waitMs, backoff);
    const n = queue.length;
    say(
      "Not sent yet (" + why + "). " + (n === 1 ? "Your note is" : "Your " + n + " notes are") +
        " kept on this phone and sent again in " + Math.ceil(wait / 1000) + " s.",
      "waiting"
    );
    clearTimeout(retryTimer);
    retryTimer = setTimeout(pump, wait);
  }

  async function pump() {
    if (sending || !queue.length) return;
    sending = true;
    clearTimeout(retryTimer);
    const note = queue[0];
    let res = null;
    try {
      res = await fetch(base + "/notes", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          table: note.table,
          text: note.text,
          kind: note.kind,
          client,
          seq: note.seq,
          sensitive: note.sensitive,
        }),
      });
    } catch (e) {
      sending = false;
      later(0, "no connection to the facilitator's laptop");
      return;
    }
    const answer = await readJson(res);
    sending = false;
    if (res.status === 201 && typeof answer.id === "number") {
      queue.shift();
      store.set("queue", queue);
      sent.unshift({ id: answer.id, text: note.text, kind: note.kind, table: note.table, at: Date.now() });
      sent = sent.slice(0, 50);
      store.set("sent." + code, sent);
      attempt = 0;
      say("your note is saved.", "received");
      renderSent();
      pump();
    } else if (res.status === 503 || res.status === 429 || res.status >= 500) {
      later(retryAfter(res), res.status === 429 ? "too many at once" : "the laptop is busy");
    } else {
      // Refused for good (the step closed, the code changed, too long…): back into the box.
      queue.shift();
      store.set("queue", queue);
      text.value = [note.text, text.value].filter(Boolean).join("\n\n");
      store.set("draft", text.value);
      say("Not sent: " + (answer.error || "the laptop refused it") + ". Your note is back in the box.", "refused");
      renderSent();
      pump();
    }
  }
  // Another tab on this phone sent or queued something: show the same lists.
  window.addEventListener("storage", (e) => {
    if (e.key === "convene.queue" || e.key === "convene.sent." + code) {
      const q = store.get("queue", []);
      const s = store.get("sent." + code, []);
      if (Array.isArray(q)) queue = q.filter((n) => n.code === code);
      if (Array.isArray(s)) sent = s;
      renderSent();
    }
  });
  window.addEventListener("online", () => {
    attempt = 0;
    pump();
  });

  // ---- Notes sent from this phone, each with ten minutes to take it back ----
  const sentBox = $("sent");
  const sentList = $("sent-list");
  const kindWords = {};
  form.querySelectorAll("input[name=kind]").forEach((i) => {
    kindWords[i.value] = i.parentElement.textContent.trim();
  });
  function renderSent() {
    sentList.textContent = "";
    const now = Date.now();
    const rows = queue.map((q) => ({ ...q, waiting: true })).concat(sent);
    rows.forEach((n, i) => {
      const li = document.createElement("li");
      const words = document.createElement("p");
      words.className = "note-text";
      words.id = "sent-" + i;
      words.textContent = n.text;
      const meta = document.createElement("p");
      meta.className = "help";
      const when = n.at ? new Date(n.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
      meta.textContent = (kindWords[n.kind] || n.kind) + " · table " + n.table + " · " +
        (n.waiting ? "waiting to be sent…" : n.takenBack ? "taken back" : "received ✓ " + when);
      li.append(words, meta);
      if (n.takenBack) li.className = "taken";
      if (!n.waiting && !n.takenBack && !n.tooLate && now - n.at < TAKE_BACK_MS) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "quiet";
        button.textContent = "I've changed my mind — take it back";
        button.setAttribute("aria-describedby", words.id);
        button.addEventListener("click", () => takeBack(n, button));
        li.append(button);
      }
      sentList.append(li);
    });
    sentBox.hidden = rows.length === 0;
  }
  async function takeBack(note, button) {
    button.disabled = true;
    try {
      const res = await fetch(base + "/notes/" + note.id + "/take-back", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client }),
      });
      const answer = await readJson(res);
      if (res.ok || res.status === 404) {
        note.takenBack = true;
        say("Taken back. It is no longer in the workshop's notes.");
      } else if (res.status === 410) {
        note.tooLate = true;
        say("It can no longer be taken back (more than ten minutes). Tell the facilitator if it matters.", "refused");
      } else {
        say("Not taken back: " + (answer.error || "please try again") + ".", "refused");
      }
    } catch (e) {
      say("Not taken back: no connection to the facilitator's laptop. Please try again.", "refused");
    }
    store.set("sent." + code, sent);
    renderSent();
  }
  setInterval(renderSent, 30000);

  // ---- The room: the step, the tables and voting, followed as the facilitator moves on ----
  let room = null;
  let myDots = {};
  let dotsLeft = 0;
  function setText(id, value) {
    const el = $(id);
    if (el && el.textContent !== value) el.textContent = value;
  }
  function renderTables(tables) {
    const shown = tableInputs().map((i) => i.value + "\u0000" + i.parentElement.textContent).join("\n");
    const want = tables.map((t) => t.letter + "\u0000" + t.label).join("\n");
    if (shown === want) return;
    const chosen = currentTable() || store.get("table", "");
    tablesBox.querySelectorAll("label, p").forEach((el) => el.remove());
    tables.forEach((t) => {
      const label = document.createElement("label");
      label.className = "choice";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "table";
      input.value = t.letter;
      input.required = true;
      input.checked = t.letter === chosen;
      const words = document.createElement("span");
      const name = document.createElement("bdi");
      name.textContent = t.label;
      words.append(name);
      label.append(input, words);
      tablesBox.append(label);
    });
    showTable(!chosenLine.hidden || !tablesBox.hidden);
  }
  function renderRoom() {
    setText("workshop", room.title);
    setText("step-title", room.step.title);
    setText("step-label", room.step.label);
    setText("step-prompt", room.step.prompt);
    send.disabled = !room.step.takes_notes;
    closed.hidden = room.step.takes_notes;
    renderTables(room.tables);
    renderVoting();
  }

  // The themes are drawn once (and again only when they change); counts and buttons are
  // updated in place, so the button just pressed keeps the focus.
  const votingBox = $("voting");
  const themeList = $("theme-list");
  const dotsStatus = $("dots-status");
  let drawnThemes = "";
  const themeRows = {};
  let busy = false;
  function drawThemes(themes) {
    const key = JSON.stringify(themes);
    if (key === drawnThemes) return;
    drawnThemes = key;
    themeList.textContent = "";
    themes.forEach((t) => {
      const li = document.createElement("li");
      li.className = "theme";
      const label = document.createElement("span");
      label.className = "theme-label";
      label.textContent = t.label;
      const count = document.createElement("span");
      count.className = "count";
      const less = document.createElement("button");
      less.type = "button";
      less.textContent = "−";
      less.setAttribute("aria-label", "One dot fewer on: " + t.label);
      less.addEventListener("click", () => {
        if (less.getAttribute("aria-disabled") !== "true") placeDots(t, (myDots[t.id] || 0) - 1);
      });
      const more = document.createElement("button");
      more.type = "button";
      more.textContent = "+";
      more.setAttribute("aria-label", "One more dot on: " + t.label);
      more.addEventListener("click", () => {
        if (more.getAttribute("aria-disabled") !== "true") placeDots(t, (myDots[t.id] || 0) + 1);
      });
      li.append(label, less, count, more);
      themeList.append(li);
      themeRows[t.id] = { count, less, more };
    });
  }
  function renderVoting() {
    const voting = room && room.voting;
    votingBox.hidden = !voting;
    if (!voting) return;
    const noTable = !currentTable();
    setText(
      "dots-left",
      noTable ? "Choose your table above first." : "Dots left: " + dotsLeft + " of " + voting.dots + "."
    );
    drawThemes(voting.themes);
    voting.themes.forEach((t) => {
      const row = themeRows[t.id];
      const mine = myDots[t.id] || 0;
      const words = mine + (mine === 1 ? " dot" : " dots");
      if (row.count.textContent !== words) row.count.textContent = words;
      // aria-disabled rather than disabled: a button that runs out keeps the focus.
      row.less.setAttribute("aria-disabled", String(noTable || mine === 0));
      row.more.setAttribute("aria-disabled", String(noTable || dotsLeft === 0));
    });
  }
  async function placeDots(theme, dots) {
    if (busy) return;
    busy = true;
    try {
      const res = await fetch(base + "/dots", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client, table: currentTable(), theme: theme.id, dots }),
      });
      const answer = await readJson(res);
      if (res.ok) {
        myDots[answer.theme] = answer.dots;
        dotsLeft = answer.left;
        say(answer.dots + (answer.dots === 1 ? " dot" : " dots") + " on “" + theme.label + "”; " + answer.left + " left.", "", dotsStatus);
      } else {
        say("Dots not placed: " + (answer.error || "please try again") + ".", "refused", dotsStatus);
      }
    } catch (e) {
      say("Dots not placed: no connection to the facilitator's laptop. Please try again.", "refused", dotsStatus);
    }
    busy = false;
    renderVoting();
  }

  let version = 0;
  let pollFailures = 0;
  async function follow() {
    for (;;) {
      try {
        const query = "?client=" + encodeURIComponent(client) + (version ? "&since=" + version : "");
        const res = await fetch(base + "/state" + query, { cache: "no-store" });
        if (res.status === 403) {
          say("This address no longer works: the code has changed. Look at the projector for the new address.", "refused");
          send.disabled = true;
          return;
        }
        if (!res.ok) throw new Error("status " + res.status);
        const state = await res.json();
        pollFailures = 0;
        version = state.version;
        room = state.room;
        myDots = {};
        (state.my_dots || []).forEach((d) => (myDots[d.theme] = d.dots));
        dotsLeft = state.dots_left || 0;
        renderRoom();
      } catch (e) {
        pollFailures += 1;
        await new Promise((r) => setTimeout(r, Math.min(30000, 1000 * 2 ** Math.min(pollFailures, 5))));
      }
    }
  }

  chooseStoredTable();
  renderSent();
  pump();
  follow();
})();
