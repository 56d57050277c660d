// The claimant, subject and target pickers: a typed name or alias becomes an actor, the outlet, or
// (claimant only) a named person; curators may add an unknown name as a new actor from here.

import { actorsByName, rememberActor } from "./actors.js";
import { changed, saveDraft } from "./outbox.js";
import { renderSentence } from "./render.js";
import { api, config, messagesOf, request, root, setStatus, showErrors, state } from "./state.js";

// Reads the picker into its claim; false when the name is unknown (the field keeps the focus).
export function resolvePicker(input) {
  const card = input.closest(".claim-card");
  const claim = state.claims[Number(card.dataset.index)];
  const role = input.dataset.picker;
  const text = input.value.trim();
  const actor = actorsByName.get(text.toLowerCase());
  card.querySelector(".new-actor").hidden = true;
  if (role === "claimant") {
    claim.claimant_is_outlet = text === config.outlet_option;
    claim.claimant = actor && !claim.claimant_is_outlet ? actor.id : null;
    claim.claimant_name = !actor && !claim.claimant_is_outlet ? text : "";
    changed();
    return true;
  }
  if (!text || actor) {
    claim[role] = actor ? actor.id : null;
    changed();
    return true;
  }
  // An unknown name for a subject or target: curators may add the actor here.
  claim[role] = null;
  saveDraft();
  const hint = card.querySelector('[data-hint="' + role + '"]');
  if (config.can_add_actor) {
    const box = card.querySelector(".new-actor");
    box.hidden = false;
    box.dataset.role = role;
    box.querySelector('[data-new-actor="name"]').textContent = text;
    box.querySelector('[data-new-actor="kind"]').focus();
  } else {
    hint.textContent = "not an actor of this project";
    hint.className = "picker-hint hint-warn";
  }
  return false;
}

export function addActor(card) {
  const box = card.querySelector(".new-actor");
  const role = box.dataset.role;
  const name = box.querySelector('[data-new-actor="name"]').textContent;
  const aliases = box.querySelector('[data-new-actor="aliases"]').value.split(",").map((a) => a.trim()).filter(Boolean);
  const kind = box.querySelector('[data-new-actor="kind"]').value;
  request("POST", api + "actors/", { name: name, kind: kind, aliases: aliases }).then((response) =>
    response.json().catch(() => ({})).then((body) => {
      if (!response.ok) { showErrors(messagesOf(body)); return; }
      rememberActor(body);
      const list = document.getElementById("actor-options");
      const option = document.createElement("option");
      option.value = body.name;
      list.append(option);
      const claim = state.claims[Number(card.dataset.index)];
      claim[role] = body.id;
      changed();
      setStatus("Added the actor " + body.name + ".", "ok");
      root.focus({ preventScroll: true });
    })
  ).catch(() => setStatus("Could not add the actor: cannot reach the server.", "error"));
}

export function listenToPickers() {
  root.addEventListener("change", (event) => {
    if (event.target.matches("[data-picker]")) resolvePicker(event.target);
  });

  root.addEventListener("focusin", (event) => {
    // Working in a claim's field makes it the current claim.
    const card = event.target.closest(".claim-card");
    if (card && Number(card.dataset.index) !== state.current) {
      state.current = Number(card.dataset.index);
      card.parentElement.querySelectorAll(".claim-card").forEach((c) => c.classList.toggle("current", c === card));
      renderSentence();
    }
  });
}
