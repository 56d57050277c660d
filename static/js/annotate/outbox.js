// Nothing typed is lost: every change is kept as a draft in localStorage, and a submission goes to
// an outbox there first, so a network error (or a reload) retries it instead of dropping it.

import { refreshProgress, render, showProgress } from "./render.js";
import { api, config, field, messagesOf, request, seconds, sentence, setStatus, showErrors, state } from "./state.js";

const DRAFT = "annotate-draft:" + config.project + ":";
const OUTBOX = "annotate-outbox:" + config.project;
const RETRY_MAX_MS = 30000;

function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch (error) {
    // A full or disabled storage must not stop the form; the work is still on screen.
    setStatus("This browser cannot keep a draft (storage unavailable).", "warn");
  }
}

function load(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch (error) {
    return null;
  }
}

function draftKey() { return DRAFT + sentence().id; }

export function saveDraft() {
  if (!state.item) return;
  store(draftKey(), {
    claims: state.claims, comment: field("comment").value, seconds: seconds(), suggestion: state.suggestion,
    annotation: state.annotationId, version: state.version,
  });
}

// The draft left for the item now shown, or null.
export function loadDraft() { return load(draftKey()); }

// Every change to the state: kept as a draft first, then drawn.
export function changed() {
  saveDraft();
  render();
}

export function hasOutbox() { return load(OUTBOX) !== null; }

export function retryLater(what, action) {
  clearTimeout(state.retryTimer);
  const wait = state.retryDelay;
  state.retryDelay = Math.min(state.retryDelay * 2, RETRY_MAX_MS);
  setStatus("Not saved yet: cannot reach the server. Your work is kept in this browser; retrying " + what +
    " in " + Math.round(wait / 1000) + " s.", "error");
  state.retryTimer = setTimeout(action, wait);
}

// Sends what the outbox holds; true once it is saved (or no longer needed), false when refused.
// afterSave runs when a retry, later, gets it through.
export function flushOutbox(afterSave) {
  const pending = load(OUTBOX);
  if (!pending) return Promise.resolve(true);
  state.busy = true;
  setStatus("Saving…", "busy");
  return request(pending.method, pending.url, pending.body).then((response) => {
    if (response.ok) {
      return response.json().catch(() => ({})).then((saved) => {
        store(OUTBOX, null);
        store(DRAFT + pending.sentence, null);
        state.retryDelay = 2000;
        state.lastSaved = saved.id || state.lastSaved;
        if (pending.kind === "save" && pending.method === "POST") {
          state.progress.mine += 1;
          state.progress.annotations += 1;
          if (state.progress.mine % 10 === 0) refreshProgress();
        }
        showProgress();
        setStatus(pending.kind === "skip" ? "Skipped." : "Saved.", "ok");
        return true;
      });
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new Error("HTTP " + response.status);
    }
    return response.json().catch(() => ({})).then((body) => conflictOrError(pending, response.status, body, afterSave));
  }).catch(() => {
    retryLater("the save", () => flushOutbox(afterSave).then((done) => { if (done) afterSave(); }));
    return false;
  }).finally(() => { state.busy = false; });
}

// A refused save leaves the outbox; the work stays on screen (and in the draft) with the reasons.
function conflictOrError(pending, status, body, afterSave) {
  store(OUTBOX, null);
  if (status === 409 && pending.method === "POST" && pending.kind !== "skip") {
    // Either an earlier try of this very request got through (its answer was lost), or the
    // sentence's slots filled up meanwhile. Look for my annotation: if it is there, send the
    // latest content as a change; if not, the sentence no longer needs me.
    const url = api + "annotations/?sentence=" + pending.sentence + "&annotator=me";
    return request("GET", url).then((r) => (r.ok ? r.json() : null)).then((list) => {
      const rows = list ? (Array.isArray(list) ? list : list.results || []) : [];
      const mine = rows.find((row) => String(row.annotator) === String(config.user));
      if (mine) {
        const body = Object.assign({}, pending.body);
        delete body.sentence;
        store(OUTBOX, { method: "PATCH", url: api + "annotations/" + mine.id + "/", body: body, sentence: pending.sentence });
        return flushOutbox(afterSave);
      }
      store(DRAFT + pending.sentence, null);
      setStatus(messagesOf(body).join(" ") || "Other annotators completed this sentence meanwhile; moving on.", "warn");
      return true;
    });
  }
  showErrors(messagesOf(body).length ? messagesOf(body) : ["The server refused this (" + status + ")."]);
  setStatus("Not saved: see the message below the form.", "error");
  return false;
}

// A save or a skip: into the outbox (and the draft kept), then sent; afterSave once it got through.
export function send(kind, method, url, body, afterSave) {
  if (state.busy || !state.item) return;
  saveDraft();
  store(OUTBOX, { kind: kind, method: method, url: url, body: body, sentence: sentence().id });
  flushOutbox(afterSave).then((done) => { if (done) afterSave(); });
}
