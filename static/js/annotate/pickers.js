// The claimant, subject and target pickers: a small combobox of our own (an input and a listbox).
// Typing ranks the project's actors by name and alias (exact, prefix, word prefix, inside, letters in
// order), the actors the sentence names first; ↑/↓ move, Enter or Tab takes the highlighted one, a
// digit in an empty picker takes that option. An unknown name is never dropped: the field keeps it,
// says it is not an actor and offers to propose it (POST actors/: an annotator's actor is "proposed",
// usable at once, and an editor confirms, merges or rejects it later).

import { actorsByName, rememberActor } from "./actors.js";
import { changed, saveDraft } from "./outbox.js";
import { pickerValue, renderSentence } from "./render.js";
import { api, config, el, messagesOf, request, root, sentence, setStatus, showErrors, state } from "./state.js";

const SHOWN = 8;
const open = { input: null, options: [], index: 0 };

function claimOf(input) {
  return state.claims[Number(input.closest(".claim-card").dataset.index)];
}

// How well a name matches what was typed (lower is better), or -1: exact, prefix, a word's prefix,
// anywhere inside, its letters in order ("rcb" → "Riverlands Cooperation Bloc").
export function matchRank(name, query) {
  const form = name.toLowerCase();
  if (form === query) return 0;
  if (form.startsWith(query)) return 1;
  if (form.split(/[\s\-–'’.]+/).some((word) => word.startsWith(query))) return 2;
  if (form.includes(query)) return 3;
  let at = 0;
  for (const ch of form) { if (ch === query[at]) at++; if (at === query.length) return 4; }
  return -1;
}

// The actors the sentence names, in reading order.
function mentioned() {
  const ids = [];
  (sentence().mentions || []).forEach((m) => { if (!ids.includes(m.actor)) ids.push(m.actor); });
  return ids;
}

// The options of a picker for what is typed: actors ranked (the other role's actor left out, so a
// subject is never its own target), then the outlet, a named person (claimant) or a proposal.
export function optionsFor(role, text, claim) {
  const query = text.trim().toLowerCase();
  const named = mentioned();
  const other = role === "subject" ? claim.target : role === "target" ? claim.subject : null;
  const ranked = [];
  config.actors.forEach((actor) => {
    if (actor.id === other) return;
    let best = -1, via = "";
    [actor.name].concat(actor.aliases || []).forEach((name, n) => {
      const rank = query ? matchRank(name, query) : (named.includes(actor.id) ? 0 : 5);
      if (rank >= 0 && (best < 0 || rank < best)) { best = rank; via = n ? name : ""; }
    });
    if (best < 0) return;
    const place = named.indexOf(actor.id);
    ranked.push({ kind: "actor", actor: actor, via: via, key: [best, place < 0 ? 99 : place, actor.name.length, actor.name] });
  });
  ranked.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
    return 0;
  });
  const options = ranked.slice(0, SHOWN);
  const exact = query && actorsByName.get(query);
  if (role === "claimant") {
    if (!query || matchRank(config.outlet_option, query) >= 0 || matchRank("outlet", query) >= 0) options.push({ kind: "outlet" });
    if (query && !exact) options.push({ kind: "person", name: text.trim() });
  } else if (query && !exact) {
    options.push({ kind: "propose", name: text.trim() });
  }
  return options;
}

function optionText(option) {
  if (option.kind === "actor") {
    const a = option.actor;
    return a.name + (option.via ? " (“" + option.via + "”)" : "") + " · " + a.kind.replace("_", " ") +
      (a.status === "proposed" ? ", proposed" : "");
  }
  if (option.kind === "outlet") return config.outlet_option;
  if (option.kind === "person") return "“" + option.name + "”: a person, not an actor";
  return "Propose “" + option.name + "” as a new actor…";
}

function listOf(input) { return input.parentElement.querySelector("[data-options]"); }

function drawList() {
  const input = open.input;
  const list = listOf(input);
  list.replaceChildren();
  open.options.forEach((option, n) => {
    const item = el("li", "picker-option option-" + option.kind, optionText(option));
    item.id = input.id + "-option-" + n;
    item.setAttribute("role", "option");
    item.dataset.option = String(n);
    item.dataset.kind = option.kind;
    if (option.kind === "actor") item.dataset.actor = String(option.actor.id);
    if (n < 9) item.prepend(el("kbd", "", String(n + 1)), " ");
    if (n === open.index) { item.classList.add("highlighted"); item.setAttribute("aria-selected", "true"); }
    list.append(item);
  });
  list.hidden = open.options.length === 0;
  input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
  if (!list.hidden) input.setAttribute("aria-activedescendant", input.id + "-option-" + open.index);
  else input.removeAttribute("aria-activedescendant");
}

export function showOptions(input) {
  if (open.input && open.input !== input) closeList();
  open.input = input;
  open.options = optionsFor(input.dataset.picker, input.value, claimOf(input));
  open.index = 0;
  drawList();
}

export function closeList() {
  if (!open.input) return;
  const list = listOf(open.input);
  if (list) list.hidden = true;
  open.input.setAttribute("aria-expanded", "false");
  open.input = null;
  open.options = [];
}

export function moveHighlight(step) {
  if (!open.input || !open.options.length) return;
  open.index = (open.index + step + open.options.length) % open.options.length;
  drawList();
}

// Takes an option into the claim; false when it opened the proposal box (the focus goes there).
function take(input, option) {
  input.dataset.read = "1";
  const claim = claimOf(input);
  const role = input.dataset.picker;
  closeList();
  delete claim.typed[role];
  if (option.kind === "propose") {
    claim.typed[role] = option.name;
    claim[role] = null;
    saveDraft();
    openProposal(input.closest(".claim-card"), role, option.name);
    return false;
  }
  if (role === "claimant") {
    claim.claimant_is_outlet = option.kind === "outlet";
    claim.claimant = option.kind === "actor" ? option.actor.id : null;
    claim.claimant_name = option.kind === "person" ? option.name : "";
  } else {
    claim[role] = option.actor.id;
  }
  changed();
  return true;
}

// Enter or Tab in a picker: the highlighted option, or what was typed as it reads. True when done.
// An empty picker takes the highlighted option only while its role is empty: emptying a filled one clears it.
export function choose(input) {
  const claim = claimOf(input);
  const role = input.dataset.picker;
  const empty = role === "claimant" ? !claim.claimant && !claim.claimant_name && !claim.claimant_is_outlet : !claim[role];
  if (open.input === input && open.options.length && (input.value.trim() || empty)) {
    return take(input, open.options[open.index]);
  }
  return leave(input);
}

// A digit in an empty picker takes that option ("1" the first actor the sentence names).
export function chooseNumber(input, digit) {
  const option = open.input === input ? open.options[digit - 1] : null;
  return option ? take(input, option) : null;
}

// Leaving a picker without choosing (Escape, a click elsewhere): what is typed is read as it is, and
// an unknown name is kept, with a warning, never emptied. True when the field holds something valid.
export function leave(input) {
  input.dataset.read = "1";
  if (open.input === input) closeList();
  const claim = claimOf(input);
  if (!claim) return true;
  const role = input.dataset.picker;
  const text = input.value.trim();
  const actor = text ? actorsByName.get(text.toLowerCase()) : null;
  delete claim.typed[role];
  if (role === "claimant") {
    claim.claimant_is_outlet = text === config.outlet_option;
    claim.claimant = actor && !claim.claimant_is_outlet ? actor.id : null;
    claim.claimant_name = !actor && !claim.claimant_is_outlet ? text : "";
  } else if (!text || actor) {
    claim[role] = actor ? actor.id : null;
  } else {
    claim[role] = null;
    claim.typed[role] = text;
  }
  changed();
  return !claim.typed[role];
}

function openProposal(card, role, name) {
  const box = card.querySelector(".new-actor");
  box.hidden = false;
  box.dataset.role = role;
  box.querySelector('[data-new-actor="name"]').textContent = name;
  box.querySelector('[data-new-actor="kind"]').focus();
}

export function closeProposal(card) {
  card.querySelector(".new-actor").hidden = true;
  root.focus({ preventScroll: true });
}

export function addActor(card) {
  const box = card.querySelector(".new-actor");
  const role = box.dataset.role;
  const name = box.querySelector('[data-new-actor="name"]').textContent;
  const aliases = box.querySelector('[data-new-actor="aliases"]').value.split(",").map((a) => a.trim()).filter(Boolean);
  const kind = box.querySelector('[data-new-actor="kind"]').value;
  const claim = state.claims[Number(card.dataset.index)];
  request("POST", api + "actors/", { name: name, kind: kind, aliases: aliases }).then((response) =>
    response.json().catch(() => ({})).then((body) => {
      if (!response.ok) { showErrors(messagesOf(body)); return; }
      rememberActor(body);
      delete claim.typed[role];
      claim[role] = body.id;
      changed();
      setStatus(body.status === "proposed"
        ? "Proposed the actor " + body.name + ": use it now; an editor will confirm it."
        : "Added the actor " + body.name + ".", "ok");
      root.focus({ preventScroll: true });
    })
  ).catch(() => setStatus("Could not add the actor: cannot reach the server.", "error"));
}

export function listenToPickers() {
  root.addEventListener("input", (event) => {
    if (event.target.matches("[data-picker]")) showOptions(event.target);
  });

  root.addEventListener("focusin", (event) => {
    if (event.target.matches("[data-picker]")) showOptions(event.target);
    // Working in a claim's field makes it the current claim.
    const card = event.target.closest(".claim-card");
    if (card && Number(card.dataset.index) !== state.current) {
      state.current = Number(card.dataset.index);
      card.parentElement.querySelectorAll(".claim-card").forEach((c) => c.classList.toggle("current", c === card));
      renderSentence();
    }
  });

  // A click elsewhere reads the field as it is (the list's own clicks are taken on mousedown).
  root.addEventListener("focusout", (event) => {
    const input = event.target;
    // A picker already read (taken, left), or drawn away as the cards are drawn again after each change,
    // has nothing left to say: its stale text must not undo what was just taken.
    if (!input.matches("[data-picker]") || input.dataset.read || !input.isConnected || !claimOf(input)) return;
    if (open.input === input || input.value.trim() !== pickerValue(claimOf(input), input.dataset.picker)) leave(input);
  });

  root.addEventListener("mousedown", (event) => {
    const item = event.target.closest("[data-option]");
    if (!item || !open.input) return;
    event.preventDefault();
    const input = open.input;
    if (take(input, open.options[Number(item.dataset.option)])) root.focus({ preventScroll: true });
  });
}
