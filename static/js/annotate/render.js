// Drawing the form from `state`: the sentence cut at mentions and claims, the claim cards, progress.
// Article text, actor names and comments are untrusted: they only ever reach the page through
// textContent or attribute values, never innerHTML.

import { actorsById } from "./actors.js";
import { askScores, scoreBadge } from "./score.js";
import { cursorSpan } from "./selection.js";
import { api, config, cps, el, field, labelOf, request, sentence, sliceCp, state } from "./state.js";

export function renderContext(container, sentences) {
  container.replaceChildren();
  sentences.forEach((s) => container.append(el("span", "context-sentence kind-" + s.kind, s.text), " "));
}

// The sentence, cut at every mention and claim boundary; each piece knows its first offset so a
// mouse selection maps back to code points.
export function renderSentence() {
  const s = sentence();
  const text = cps(s.text);
  const node = field("sentence");
  const bounds = new Set([0, text.length]);
  const mentions = (s.mentions || []).filter((m) => m.start >= s.start && m.end <= s.end);
  mentions.forEach((m) => { bounds.add(m.start - s.start); bounds.add(m.end - s.start); });
  state.claims.forEach((c) => {
    bounds.add(Math.max(0, c.start - s.start));
    bounds.add(Math.min(text.length, c.end - s.start));
  });
  const cursor = cursorSpan();
  if (cursor) { bounds.add(cursor.start - s.start); bounds.add(cursor.end - s.start); }
  const cuts = Array.from(bounds).sort((a, b) => a - b);
  node.replaceChildren();
  for (let i = 0; i < cuts.length - 1; i++) {
    const from = cuts[i], to = cuts[i + 1];
    if (from === to) continue;
    const piece = el("span", "seg", text.slice(from, to).join(""));
    piece.dataset.from = String(s.start + from);
    const mention = mentions.find((m) => m.start - s.start <= from && m.end - s.start >= to);
    if (mention) {
      const actor = actorsById.get(mention.actor);
      piece.classList.add("actor", "actor-" + (actor ? actor.kind : "other"));
      piece.title = mention.actor_name || (actor ? actor.name : "");
    }
    if (cursor && cursor.start - s.start <= from && cursor.end - s.start >= to) piece.classList.add("word-cursor");
    const covering = [];
    state.claims.forEach((c, index) => {
      if (c.start - s.start <= from && c.end - s.start >= to) covering.push(index);
    });
    if (covering.length) {
      piece.classList.add("in-claim");
      if (covering.indexOf(state.current) !== -1) piece.classList.add("current-claim");
      const claim = state.claims[covering[covering.length - 1]];
      const label = labelOf("stance", claim.stance);
      if (label && label.color) piece.style.textDecorationColor = label.color;
    }
    node.append(piece);
  }
}

function renderClaims() {
  const list = field("claims");
  const template = document.getElementById("claim-template");
  list.replaceChildren();
  state.claims.forEach((claim, index) => {
    const card = template.content.firstElementChild.cloneNode(true);
    card.dataset.index = String(index);
    if (index === state.current) card.classList.add("current");
    card.querySelector(".claim-number").textContent = String(index + 1);
    card.querySelector(".claim-text").textContent = sliceCp(sentence().text, claim.start - sentence().start, claim.end - sentence().start);
    const badge = card.querySelector(".suggested-badge");
    if (claim.suggested !== null && claim.suggested !== undefined) {
      badge.hidden = false;
      badge.textContent = "suggested · " + Math.round(claim.suggested * 100) + "%";
    } else if (scoreBadge(claim)) {
      badge.hidden = false;
      badge.textContent = scoreBadge(claim);
    }
    ["claimant", "subject", "target"].forEach((role) => {
      const input = card.querySelector('[data-picker="' + role + '"]');
      const label = card.querySelector('[data-role="' + role + '"] label');
      input.id = "claim-" + index + "-" + role;
      label.htmlFor = input.id;
      const options = card.querySelector('[data-role="' + role + '"] [data-options]');
      options.id = input.id + "-options";
      input.setAttribute("aria-controls", options.id);
      input.value = pickerValue(claim, role);
      showHint(card, role, claim);
    });
    card.querySelectorAll("[data-stance]").forEach((button) => {
      const on = button.dataset.stance === claim.stance;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) button.hidden = false; // a retired label still shows on the claim that has it
    });
    card.querySelectorAll("[data-certainty]").forEach((button) => {
      const on = button.dataset.certainty === claim.certainty;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) button.hidden = false;
    });
    list.append(card);
  });
  field("claims-empty").hidden = state.claims.length > 0;
}

// What a picker shows for its claim: the text typed that names no actor, the outlet, a person, an actor.
export function pickerValue(claim, role) {
  if (claim.typed && claim.typed[role]) return claim.typed[role];
  if (role === "claimant" && claim.claimant_is_outlet) return config.outlet_option;
  if (role === "claimant" && !claim.claimant && claim.claimant_name) return claim.claimant_name;
  const actor = actorsById.get(claim[role]);
  return actor ? actor.name : "";
}

function showHint(card, role, claim) {
  const hint = card.querySelector('[data-hint="' + role + '"]');
  hint.className = "picker-hint";
  if (claim.typed && claim.typed[role]) {
    // Never emptied silently: the name stays in the field, and saving waits until it is resolved.
    hint.textContent = "not an actor of this project: Enter on “Propose…” to propose it, or pick another";
    hint.classList.add("hint-warn");
  } else if (role === "claimant" && claim.claimant_is_outlet) {
    hint.textContent = "the outlet" + (state.item.source.outlet ? " (" + state.item.source.outlet + ")" : "");
  } else if (role === "claimant" && !claim.claimant && claim.claimant_name) {
    hint.textContent = "a person, not an actor";
  } else if (claim[role]) {
    const actor = actorsById.get(claim[role]);
    hint.textContent = actor ? actor.kind.replace("_", " ") : "";
  } else if ((role === "target" || role === "subject") && claim.stance) {
    hint.textContent = "a stance needs a " + role;
    hint.classList.add("hint-warn");
  } else {
    hint.textContent = "";
  }
}

export function render() {
  renderSentence();
  renderClaims();
  askScores(render); // the model's stance for a newly marked span or pair (score.js)
}

// ---- progress -----------------------------------------------------------------------------
export function showProgress() {
  const p = state.progress;
  const mine = document.getElementById("progress-mine");
  mine.max = Math.max(p.sentences, 1);
  mine.value = p.mine;
  field("progress-mine").textContent = p.mine + " of " + p.sentences + " sentences";
  const all = document.getElementById("progress-project");
  all.max = Math.max(p.slots, 1);
  all.value = Math.min(p.annotations, p.slots);
  const percent = p.slots ? Math.floor((100 * p.annotations) / p.slots) : 0;
  field("progress-project").textContent = percent + "% · " + p.annotations + " of " + p.slots + " annotations";
}

export function refreshProgress() {
  request("GET", api + "progress/").then((r) => (r.ok ? r.json() : null)).then((p) => {
    if (p) { state.progress = p; showProgress(); }
  }).catch(() => {});
}

