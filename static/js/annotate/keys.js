// The keyboard: the form's keys (claims.scheme.FORM_KEYS, sent with the page), the label keys of the
// scheme as the server sent them, and the keys inside a field (Enter, Escape, Ctrl+Enter).

import { addActor, resolvePicker } from "./pickers.js";
import { config, root, showErrors, state } from "./state.js";

const actionByKey = {};
config.keys.forEach((k) => { actionByKey[k.key.length === 1 ? k.key.toLowerCase() : k.key] = k.action; });

export function toggleHelp(open) {
  const overlay = document.getElementById("help-overlay");
  overlay.hidden = open === undefined ? !overlay.hidden : !open;
  if (!overlay.hidden) overlay.querySelector("button").focus();
  else root.focus({ preventScroll: true });
}

// actions: the form's actions by name (FORM_KEYS); setLabel(group, value) gives the current claim a label.
export function listenToKeys(actions, setLabel) {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.matches && target.matches("input, textarea, select");
    const overlay = document.getElementById("help-overlay");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typing && target.matches("[data-picker]")) resolvePicker(target);
      actions.submit();
      return;
    }
    if (!overlay.hidden) {
      if (event.key === "Escape" || event.key === "?") { event.preventDefault(); toggleHelp(false); }
      return;
    }
    if (typing) {
      if (event.key === "Escape") { event.preventDefault(); target.blur(); root.focus({ preventScroll: true }); }
      else if (event.key === "Enter" && target.matches("[data-picker]")) {
        event.preventDefault();
        if (resolvePicker(target)) root.focus({ preventScroll: true });
      } else if (event.key === "Enter" && target.closest(".new-actor") && target.tagName !== "BUTTON") {
        event.preventDefault();
        addActor(target.closest(".claim-card"));
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.tagName === "BUTTON" && (event.key === "Enter" || event.key === " ")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const action = actionByKey[key];
    if (action === "escape") { showErrors([]); return; }
    if (action && actions[action]) {
      event.preventDefault();
      actions[action]();
      return;
    }
    const label = config.scheme.keys[key];
    if (label && state.item) {
      event.preventDefault();
      setLabel(label.group, label.value);
    }
  });
}
