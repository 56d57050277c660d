// The annotation form. It asks the REST API for the next sentence, lets the annotator mark claims
// with the mouse or the keyboard, and saves through the API. One state object (state.js) holds
// everything the form shows; each module changes it and asks for a render:
//   state.js      the state, the page's configuration, shared helpers (text, status, requests, time)
//   render.js     drawing the sentence, the claim cards and the progress from the state
//   outbox.js     drafts and the outbox: nothing typed is lost to a reload or a network error
//   suggestion.js the server's pre-fill and the banner
//   score.js      the model's stance for a span the annotator marks (POST suggestions/score/)
//   pickers.js    claimant, subject and target pickers (type-ahead), proposing an actor
//   selection.js  marking a claim: the keyboard's word cursor, the mouse (snapped to words)
//   keys.js       the keyboard and its help overlay
// This module puts them together: showing an item, the form's actions, saving.

import { changed, flushOutbox, hasOutbox, loadDraft, retryLater, saveDraft, send } from "./outbox.js";
import { listenToKeys, toggleHelp } from "./keys.js";
import { addActor, closeProposal, listenToPickers } from "./pickers.js";
import { render, renderContext, showProgress } from "./render.js";
import { cursorSpan, listenToSelection, moveCursor } from "./selection.js";
import {
  api, config, copyClaims, field, keyOf, messagesOf, newClaim, request, root, seconds, sentence, setStatus,
  showErrors, startClock, state,
} from "./state.js";
import { prefillOf, showSuggestionBanner } from "./suggestion.js";

function show(item, saved) {
  state.item = item;
  state.annotationId = config.annotation;
  const s = item.sentence;
  const source = item.source || {};
  const title = field("source-title");
  title.textContent = source.title || "(untitled source)";
  title.href = config.urls.source.replace("{id}", String(source.id || s.source)) + "#s" + s.id;
  field("source-outlet").textContent = source.outlet || "";
  field("source-published").textContent = source.published ? " · " + source.published : "";
  showReservation(item);
  renderContext(field("before"), item.before || []);
  renderContext(field("after"), item.after || []);
  const draft = loadDraft();
  state.suggestion = null;
  if (draft && (draft.annotation || null) === (state.annotationId || null)) {
    state.claims = draft.claims || [];
    state.suggestion = draft.suggestion || null;
    field("comment").value = draft.comment || "";
    state.version = draft.version || null;
    startClock(draft.seconds || 0);
    setStatus("Restored the work you had not sent yet.", "warn");
  } else if (saved) {
    state.claims = (saved.claims || []).map((c) => Object.assign(newClaim(c.start, c.end), {
      claimant: c.claimant, claimant_name: c.claimant_name || "", claimant_is_outlet: Boolean(c.claimant_is_outlet),
      subject: c.subject, target: c.target, stance: c.stance || "", certainty: c.certainty,
    }));
    field("comment").value = saved.comment || "";
    state.version = saved.version || null;
    startClock(saved.seconds_spent || 0);
  } else {
    state.suggestion = prefillOf(item.suggestion);
    state.claims = state.suggestion ? copyClaims(state.suggestion.claims) : [];
    field("comment").value = "";
    startClock(0);
  }
  state.claims.forEach((c) => { c.typed = c.typed || {}; });
  state.current = state.claims.length ? 0 : -1;
  state.cursor = null;
  showSuggestionBanner();
  showErrors([]);
  root.dataset.state = "ready";
  root.dataset.sentence = String(s.id);
  field("done").hidden = true;
  root.querySelector(".annotate-layout").hidden = false;
  render();
  root.focus({ preventScroll: true });
}

function showDone() {
  state.item = null;
  root.dataset.state = "done";
  root.querySelector(".annotate-layout").hidden = true;
  field("done").hidden = false;
  setStatus("", "");
}

// ---- talking to the server ----------------------------------------------------------------
function loadNext() {
  if (config.mode === "edit") return loadEdit();
  root.dataset.state = "loading";
  state.peeking = Boolean(config.peek);
  return request("GET", api + "next/" + (state.peeking ? "?reserve=0" : "")).then((response) => {
    if (response.status === 204) return showDone();
    if (!response.ok) {
      if (response.status >= 500) throw new Error("HTTP " + response.status);
      return response.json().catch(() => ({})).then((body) => {
        setStatus(messagesOf(body).join(" ") || "The queue answered " + response.status + ".", "error");
      });
    }
    return response.json().then((item) => {
      state.retryDelay = 2000;
      show(item, null);
    });
  }).catch(() => retryLater("the next sentence", loadNext));
}

// A manager or editor looking at the form holds no reservation; the first key or click on the form
// starts labelling: the sentence is reserved then, or, taken meanwhile, the next one is shown instead.
function startLabelling() {
  if (!state.peeking || !state.item) return;
  state.peeking = false;
  const looked = sentence().id;
  request("GET", api + "next/").then((response) => {
    if (response.status === 204) return showDone();
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json().then((item) => {
      if (item.sentence.id === looked) {
        state.item.reserved_until = item.reserved_until;
        showReservation(item);
      } else {
        show(item, null);
        setStatus("The sentence you were looking at was taken meanwhile: this one is reserved for you now.", "warn");
      }
    });
  }).catch(() => { state.peeking = true; setStatus("Could not reserve the sentence: cannot reach the server.", "error"); });
}

function showReservation(item) {
  field("reserved").textContent = item.reserved_until
    ? " · reserved for you until " + new Date(item.reserved_until).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : (state.peeking ? " · not reserved: your first key or click starts" : "");
}

function loadEdit() {
  return request("GET", api + "annotations/" + config.annotation + "/").then((response) => {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }).then((annotation) => show(config.item, annotation))
    .catch(() => retryLater("your annotation", loadEdit));
}

function afterSave() {
  if (config.mode === "edit") {
    window.location.assign(config.urls.after_save);
    return;
  }
  loadNext();
}

function bodyOf(claims) {
  const body = {
    claims: claims.map((c) => ({
      start: c.start, end: c.end, claimant: c.claimant, claimant_name: c.claimant_name,
      claimant_is_outlet: c.claimant_is_outlet, subject: c.subject, target: c.target, stance: c.stance,
      certainty: c.certainty,
    })),
    comment: field("comment").value,
    seconds_spent: seconds(),
  };
  if (config.mode === "edit") {
    if (state.version) body.version = state.version;
    return body;
  }
  body.sentence = sentence().id;
  // The suggestion the page was given, pre-filled or only shown as a guess: the server judges the
  // outcome (accepted, edited, rejected, guess shown, none shown) by the same rule that drew it.
  body.suggestion = state.item.suggestion ? state.item.suggestion.id : null;
  return body;
}

// What the server would refuse, said before sending (the server checks the same: claims.annotation.saving),
// and what it cannot see: a name typed in a picker that is no actor is never dropped on the way.
function problems(claims) {
  const found = [];
  claims.forEach((c, index) => {
    const at = "Claim " + (index + 1) + ": ";
    Object.keys(c.typed || {}).forEach((role) => {
      found.push(at + "“" + c.typed[role] + "” (" + role + ") is not an actor of this project: pick one, propose it, or clear the field.");
    });
    if (c.stance && !c.subject && !(c.typed || {}).subject) found.push(at + "a stance needs a subject (" + keyOf.subject + ").");
    if (c.stance && !c.target && !(c.typed || {}).target) found.push(at + "a stance needs a target (" + keyOf.target + ").");
    if (c.subject && c.subject === c.target) found.push(at + "the target must be another actor than the subject.");
  });
  return found;
}

function submit(claims) {
  if (!state.item) return;
  claims = claims || state.claims;
  const wrong = problems(claims);
  showErrors(wrong);
  if (wrong.length) return;
  if (config.mode === "edit") {
    send("save", "PATCH", api + "annotations/" + state.annotationId + "/", bodyOf(claims), afterSave);
  } else {
    send("save", "POST", api + "annotations/", bodyOf(claims), afterSave);
  }
}

// ---- actions ------------------------------------------------------------------------------
function addClaim(start, end) {
  state.claims.push(newClaim(start, end));
  state.current = state.claims.length - 1;
  changed();
}

function currentClaim(create) {
  if (state.current < 0 && create && state.item) addClaim(sentence().start, sentence().end);
  return state.claims[state.current] || null;
}

function focusPicker(role) {
  if (!currentClaim(true)) return;
  const input = root.querySelector('.claim-card[data-index="' + state.current + '"] [data-picker="' + role + '"]');
  if (input) { input.focus(); input.select(); }
}

function moveWordCursor(where, event) {
  if (!state.item) return;
  moveCursor(where, Boolean(event && event.shiftKey));
  render();
}

// The form's actions by name: claims.scheme.FORM_KEYS gives each its key.
const actions = {
  help: () => toggleHelp(),
  guidelines: () => { const g = document.getElementById("guidelines"); g.hidden = !g.hidden; },
  whole: () => { if (state.item) addClaim(sentence().start, sentence().end); },
  word_next: (event) => moveWordCursor(1, event),
  word_previous: (event) => moveWordCursor(-1, event),
  word_first: (event) => moveWordCursor("first", event),
  word_last: (event) => moveWordCursor("last", event),
  mark: () => {
    const span = cursorSpan();
    if (!span) { setStatus("Move the word cursor with " + keyOf.word_next + " first (Shift to extend it).", "warn"); return; }
    state.cursor = null;
    addClaim(span.start, span.end);
  },
  redraw: () => { if (state.item) render(); },
  none: () => { if (state.item) { state.claims = []; state.current = -1; render(); submit([]); } },
  submit: () => {
    if (state.item && !state.claims.length) {
      showErrors(["Mark a claim (select words, or " + keyOf.whole + " for the whole sentence), or press " + keyOf.none + " if there is none."]);
      return;
    }
    submit();
  },
  skip: () => {
    if (config.mode !== "edit" && state.item) send("skip", "POST", api + "skip/", { sentence: sentence().id }, afterSave);
  },
  back: () => {
    const previous = state.lastSaved ? config.urls.edit.replace("{id}", String(state.lastSaved)) : config.urls.previous;
    if (!previous) { setStatus("You have no earlier annotation in this project.", "warn"); return; }
    saveDraft();
    window.location.assign(previous);
  },
  next_claim: () => { if (state.claims.length) { state.current = (state.current + 1) % state.claims.length; render(); } },
  previous_claim: () => {
    if (state.claims.length) { state.current = (state.current - 1 + state.claims.length) % state.claims.length; render(); }
  },
  delete_claim: () => {
    if (state.current < 0) return;
    state.claims.splice(state.current, 1);
    state.current = Math.min(state.current, state.claims.length - 1);
    changed();
  },
  claimant: () => focusPicker("claimant"),
  subject: () => focusPicker("subject"),
  target: () => focusPicker("target"),
  outlet: () => {
    // Sets, never toggles: pressed twice, the outlet is still the claimant.
    const claim = currentClaim(true);
    if (!claim) return;
    claim.claimant_is_outlet = true;
    claim.claimant = null;
    claim.claimant_name = "";
    delete claim.typed.claimant;
    changed();
  },
  clear_stance: () => {
    const claim = currentClaim(false);
    if (claim && claim.stance) { claim.stance = ""; changed(); }
  },
  comment: () => field("comment").focus(),
  accept: () => {
    const s = state.suggestion;
    if (!s) { setStatus("There is no suggestion for this sentence.", "warn"); return; }
    state.claims = copyClaims(s.claims);
    state.current = state.claims.length ? 0 : -1;
    render();
    submit(state.claims);
  },
};

// A label key sets the label, never toggles it: a key pressed to confirm a pre-filled stance keeps it
// (clear_stance clears one; a click on the pressed button too, a visible act).
function setLabel(group, value) {
  const claim = currentClaim(true);
  if (!claim) return;
  claim[group] = value; // keys set, never toggle (pressing the model's pre-selected stance confirms it)
  if (group === "stance") claim.scoredStance = null; // the annotator's choice now: score.js never replaces it
  changed();
}

root.addEventListener("click", (event) => {
  const action = event.target.closest("[data-action]");
  if (action && actions[action.dataset.action]) { actions[action.dataset.action](); return; }
  const card = event.target.closest(".claim-card");
  if (!card) return;
  state.current = Number(card.dataset.index);
  const stance = event.target.closest("[data-stance]");
  const certainty = event.target.closest("[data-certainty]");
  const claimAction = event.target.closest("[data-claim-action]");
  if (stance && stance.getAttribute("aria-pressed") === "true") actions.clear_stance();
  else if (stance) setLabel("stance", stance.dataset.stance);
  else if (certainty) setLabel("certainty", certainty.dataset.certainty);
  else if (claimAction && claimAction.dataset.claimAction === "delete") actions.delete_claim();
  else if (claimAction && claimAction.dataset.claimAction === "add-actor") addActor(card);
  else if (claimAction && claimAction.dataset.claimAction === "cancel-actor") closeProposal(card);
});

// Capture: the key or click that starts labelling also does what it says.
root.addEventListener("mousedown", startLabelling, true);
document.addEventListener("keydown", (event) => {
  if (!["Shift", "Control", "Alt", "Meta", "?", "g", "Escape"].includes(event.key)) startLabelling();
}, true);
listenToPickers();
listenToSelection(addClaim, render);
listenToKeys(actions, setLabel);
field("comment").addEventListener("input", saveDraft);
window.addEventListener("beforeunload", saveDraft);
setInterval(() => {
  if (state.item) field("timer").textContent = seconds() + " s";
}, 1000);

// ---- start: send what a previous visit left in the outbox, then ask for work ----------------
showProgress();
if (hasOutbox()) {
  setStatus("Sending the work you submitted before the page was closed…", "busy");
  flushOutbox(afterSave).then((done) => { if (done) loadNext(); });
} else {
  loadNext();
}
