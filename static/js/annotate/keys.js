// The keyboard: the form's keys (claims.scheme.FORM_KEYS, sent with the page), the label keys of the
// scheme as the server sent them, and the keys inside a field (the pickers' ↑/↓/Enter/Tab/digits,
// Escape, Ctrl+Enter). A key sets a value, never toggles it: pressing it twice gives the same claim.

import { addActor, choose, chooseNumber, closeProposal, leave, moveHighlight } from "./pickers.js";
import { config, root, showErrors, state } from "./state.js";

// event.key as FORM_KEYS names it (" " is "Space"; one character in lower case).
export function keyName(event) {
  if (event.key === " ") return "Space";
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

const actionByKey = {};
config.keys.forEach((k) => { actionByKey[k.key.length === 1 ? k.key.toLowerCase() : k.key] = k.action; });

export function toggleHelp(open) {
  const overlay = document.getElementById("help-overlay");
  overlay.hidden = open === undefined ? !overlay.hidden : !open;
  if (!overlay.hidden) overlay.querySelector("button").focus();
  else root.focus({ preventScroll: true });
}

// The keys inside a picker: a combobox's.
function pickerKey(event, input) {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    moveHighlight(event.key === "ArrowDown" ? 1 : -1);
  } else if (event.key === "Enter") {
    event.preventDefault();
    if (choose(input)) root.focus({ preventScroll: true });
  } else if (event.key === "Tab" && !event.shiftKey) {
    // Tab takes the highlighted option and goes on to the next picker, as in any combobox (the
    // cards are drawn again, so the next field is found by its role, not by the page's order).
    event.preventDefault();
    const card = input.closest(".claim-card").dataset.index;
    const next = { claimant: "subject", subject: "target" }[input.dataset.picker];
    if (!choose(input)) return;
    const field = next && root.querySelector('.claim-card[data-index="' + card + '"] [data-picker="' + next + '"]');
    if (field) { field.focus(); field.select(); } else root.focus({ preventScroll: true });
  } else if (event.key === "Escape") {
    event.preventDefault();
    leave(input);
    root.focus({ preventScroll: true });
  } else if (/^[1-9]$/.test(event.key) && !input.value) {
    const taken = chooseNumber(input, Number(event.key));
    if (taken !== null) {
      event.preventDefault();
      if (taken) root.focus({ preventScroll: true });
    }
  }
}

// actions: the form's actions by name (FORM_KEYS); setLabel(group, value) gives the current claim a label.
export function listenToKeys(actions, setLabel) {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.matches && target.matches("input, textarea, select");
    const overlay = document.getElementById("help-overlay");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (typing && target.matches("[data-picker]")) leave(target);
      actions.submit();
      return;
    }
    if (!overlay.hidden) {
      if (event.key === "Escape" || event.key === "?") { event.preventDefault(); toggleHelp(false); }
      return;
    }
    if (typing) {
      const proposal = target.closest(".new-actor");
      if (target.matches("[data-picker]")) pickerKey(event, target);
      else if (proposal && event.key === "Escape") { event.preventDefault(); closeProposal(target.closest(".claim-card")); }
      else if (proposal && event.key === "Enter") { event.preventDefault(); addActor(target.closest(".claim-card")); }
      else if (event.key === "Escape") { event.preventDefault(); target.blur(); root.focus({ preventScroll: true }); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.tagName === "BUTTON" && (event.key === "Enter" || event.key === " ")) return;
    const key = keyName(event);
    const action = actionByKey[key];
    if (action === "escape") { showErrors([]); state.cursor = null; actions.redraw(); return; }
    if (action && actions[action]) {
      event.preventDefault();
      actions[action](event);
      return;
    }
    const label = config.scheme.keys[key];
    if (label && state.item) {
      event.preventDefault();
      setLabel(label.group, label.value);
    }
  });
}
